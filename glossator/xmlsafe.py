"""Parse untrusted XML (TBX, TMX) with entity expansion and network access off.

lxml is configured so that no entity is ever expanded and no DTD or external
resource is loaded; on top of that a document that *declares* entities is
refused outright, so a billion-laughs or XXE file gets a clear error instead
of a silently mangled import. lxml rather than defusedxml because imports
report the line of a bad element (``sourceline``).
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from glossator.errors import ImportFormatError, UnsafeXMLError


_ENTITY_HINT = "remove the <!DOCTYPE …> entity declarations and replace each &entity; by its text"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=True,
    )


def parse(path: str | Path) -> etree._ElementTree:
    try:
        tree = etree.parse(str(path), _parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        if "entit" in exc.msg.lower() and "amplification" in exc.msg.lower():
            raise UnsafeXMLError(
                f"the file declares XML entities that expand without bound ({exc.msg}); refused",
                path=str(path), line=line, hint=_ENTITY_HINT,
            ) from exc
        raise ImportFormatError(
            f"not well-formed XML: {exc.msg}", path=str(path), line=line,
            hint="the file may be truncated or not XML at all; check it in an XML editor",
        ) from exc
    except OSError as exc:
        raise ImportFormatError(f"cannot read: {exc}", path=str(path)) from exc
    dtd = tree.docinfo.internalDTD
    if dtd is not None:
        names = [e.name for e in dtd.iterentities()]
        if names:
            raise UnsafeXMLError(
                f"the file declares XML entities ({', '.join(names[:5])}); they are refused "
                "because they can expand without bound or read local files",
                path=str(path), line=1,
                hint=_ENTITY_HINT,
            )
    return tree
