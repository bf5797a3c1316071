"""Validate TBX files against the official TBX-Basic schemas in tests/data/tbx-schemas.

* v2 (``<martif>``): TBXBasicRNGV02.rng, RELAX NG, checked with lxml.
* v3 (``<tbx>``, DCA style): the TBX core RNG and the TBX-Basic integrated RNG
  (lxml), plus the TBX-Basic DCA Schematron. That Schematron declares
  ``queryBinding="xslt2"`` and uses XPath 2 (``matches()``), which lxml's
  XSLT 1 engine cannot run, so it is compiled with the ISO Schematron
  reference skeleton for XSLT 2 and run with Saxon (the ``saxonche`` package).

Run as a script to print the problems of one file:
``python -P tests/tbx_validate.py export.tbx``.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).resolve().parent / "data" / "tbx-schemas"
SVRL = "{http://purl.oclc.org/dsdl/svrl}"


@lru_cache
def _rng(name: str) -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMAS / name)))


def _rng_errors(name: str, doc) -> list[str]:
    schema = _rng(name)
    if schema.validate(doc):
        return []
    return [f"{name}:{e.line}: {e.message}" for e in schema.error_log]


@lru_cache
def _schematron():
    """The DCA Schematron compiled to XSLT once: (processor, executable)."""
    from saxonche import PySaxonProcessor

    proc = PySaxonProcessor(license=False)
    xslt = proc.new_xslt30_processor()
    # The wrapper makes rules visit attributes too (see its comment).
    compiler = xslt.compile_stylesheet(stylesheet_file=str(SCHEMAS / "iso_svrl_for_xslt2_with_attributes.xsl"))
    compiled = compiler.transform_to_string(source_file=str(SCHEMAS / "TBX-Basic_DCA.sch"))
    return proc, xslt.compile_stylesheet(stylesheet_text=compiled)


def _schematron_failures(path: Path) -> list[str]:
    _, executable = _schematron()
    svrl = etree.fromstring(executable.transform_to_string(source_file=str(path)).encode("utf-8"))
    return [
        f"TBX-Basic_DCA.sch: {f.get('location')}: {' '.join(f.findtext(SVRL + 'text', '').split())}"
        for f in svrl.iter(SVRL + "failed-assert", SVRL + "successful-report")
    ]


def problems(path: str | Path) -> list[str]:
    """Every schema error in the file; empty when it is valid TBX-Basic."""
    path = Path(path)
    doc = etree.parse(str(path))
    if etree.QName(doc.getroot()).localname == "martif":
        return _rng_errors("TBXBasicRNGV02.rng", doc)
    return (
        _rng_errors("TBXcoreStructV03.rng", doc)
        + _rng_errors("TBXcoreStructV03_TBX-Basic_integrated.rng", doc)
        + _schematron_failures(path)
    )


if __name__ == "__main__":
    found = problems(sys.argv[1])
    print("\n".join(found) or "valid")
    sys.exit(1 if found else 0)
