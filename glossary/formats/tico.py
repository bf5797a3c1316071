"""Import of the TICO-19 COVID-19 terminologies (Facebook's ``f_`` and
Google's ``g_`` CSV layouts), real-world data with real-world quirks:

* ``f_en-es_XX.csv`` pads its end with rows that hold only the target
  language (``,,es_XX,,``): rows with neither string are passed over;
* ``es_XX``/``pt_XX`` use ``XX`` for "no region" and ``zh_CN`` an underscore;
* a Google target may list alternatives as ``A : B`` (the first is taken as
  preferred, the rest as admitted variants) and carry bracketed usage
  remarks (``冠状病毒 [when referring the generic virus group]``), which go
  to the term's note.

Concept ids are ``tico-f-<id>`` / ``tico-g-<stringID>``: the ids line up
across the three language files, so importing them one after the other with
``--on-conflict merge`` builds one multilingual concept per entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from glossator.errors import GlossatorError, ImportFormatError

from ..model import Concept, Kind, Status, Term
from .csvio import read_rows

F_COLUMNS = ("id", "sourceLang", "targetLang", "sourceString", "targetString")
G_COLUMNS = ("stringID", "sourceLang", "targetLang", "pos", "description", "sourceString", "targetString")
_REMARK = re.compile(r"\s*\[([^\]]*)\]\s*")


def layout(header: list[str]) -> str | None:
    if all(c in header for c in G_COLUMNS):
        return "g"
    if all(c in header for c in F_COLUMNS):
        return "f"
    return None


def _tag(code: str) -> str:
    lang, _, region = code.strip().replace("_", "-").partition("-")
    return lang if region.upper() in ("", "XX") else f"{lang}-{region}"


def _alternatives(text: str) -> list[tuple[str, str | None]]:
    out = []
    for alt in text.split(" : "):
        remarks = _REMARK.findall(alt)
        clean = _REMARK.sub(" ", alt).strip()
        if clean:
            out.append((clean, "; ".join(remarks) or None))
    return out


def _acronym(text: str) -> dict:
    """An all-capitals term (WHO, CDC, COVID-19) is an abbreviation, matched case-sensitively:
    the lists carry no such column, and "who" is not WHO. A term with an all-capitals word in
    it ("covid-19 WHO") is case-sensitive too: "COVID-19 who need care" is not about the WHO."""
    words = [[c for c in w if c.isalpha()] for w in re.findall(r"[\w-]+", text)]
    caps = [len(w) >= 2 and all(c.isupper() for c in w) for w in words]
    if caps and all(caps):
        return {"kind": Kind.ABBREVIATION, "case_sensitive": True}
    if any(caps):
        return {"case_sensitive": True}
    return {}


def read(path: str | Path, encoding: str = "utf-8") -> Iterator[tuple[int, Concept]]:
    path = str(path)
    header, rows = read_rows(path, encoding=encoding)
    kind = layout(header)
    if kind is None:
        raise ImportFormatError("not a TICO-19 terminology header", path=path, line=1,
                                hint=f"expected {','.join(F_COLUMNS)} or {','.join(G_COLUMNS)}")
    id_col = "stringID" if kind == "g" else "id"
    for line, row in rows:
        source, target = row["sourceString"].strip(), row["targetString"].strip()
        if not source and not target:
            continue  # padding rows
        if not row[id_col].strip():
            raise ImportFormatError(f"empty {id_col}", path=path, line=line)
        pos = (row.get("pos") or "").strip().replace(" ", "-") or None
        try:
            terms = [Term(lang=_tag(row["sourceLang"]), text=source, pos=pos, source="TICO-19",
                          **_acronym(source))]
            alts = _alternatives(target) or [("", None)]
            for i, (text, remark) in enumerate(alts):
                terms.append(Term(
                    lang=_tag(row["targetLang"]), text=text, pos=pos, note=remark, source="TICO-19",
                    status=Status.PREFERRED if i == 0 else Status.ADMITTED,
                    **({"kind": Kind.FULL if i == 0 else Kind.VARIANT} | _acronym(text)),
                ).normalized())
            terms[0] = terms[0].normalized()
        except GlossatorError as exc:
            raise exc.at(path, line)
        yield line, Concept(
            id=f"tico-{kind}-{row[id_col].strip()}", terms=terms,
            domain="COVID-19", definition=(row.get("description") or "").strip() or None,
            source=f"TICO-19 {'Google' if kind == 'g' else 'Facebook'} terminology",
        )
