"""The terminology model: concepts that own terms, as in TBX.

Pure data and validation; no I/O. A :class:`Concept` is valid when
:meth:`Concept.validate` passes, and the database enforces the same rules
again with constraints, so neither a bug here nor a hand edit of the SQLite
file can break them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

from glossator.errors import GlossaryIntegrityError

from . import langtags


class Status(StrEnum):
    PREFERRED = "preferred"
    ADMITTED = "admitted"
    DEPRECATED = "deprecated"
    FORBIDDEN = "forbidden"


class Kind(StrEnum):
    FULL = "full"
    ABBREVIATION = "abbreviation"
    SHORT = "short"
    VARIANT = "variant"


# Value -> member: a dict lookup instead of the enum's constructor (a large import's hot loop).
_STATUS: dict[object, Status] = {s.value: s for s in Status}
_KIND: dict[object, Kind] = {k.value: k for k in Kind}

POS = ("noun", "proper-noun", "verb", "adjective", "adverb", "other")
GENDERS = ("masculine", "feminine", "neuter")
NUMBERS = ("singular", "plural")

_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_NOT_WORD = re.compile(r"[^\w]+")

# Characters no field may hold: C0 controls, DEL, C1 controls and the
# noncharacters U+FFFE/U+FFFF. A NUL truncates a translation downstream and
# none of them is allowed in XML (TBX). Free-text fields (definitions, notes,
# sources) may hold tabs and line breaks; a term, a domain or an id may not.
_CONTROL_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ufffe\uffff]")
_CONTROL_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def check_characters(value: str | None, what: str, *, multiline: bool = False) -> None:
    """Refuse control characters in ``value`` (``what`` names the field in the error)."""
    if not value or value.isprintable():  # every character either pattern refuses is unprintable (Cc, Cn)
        return
    bad = (_CONTROL_TEXT if multiline else _CONTROL_LINE).search(value)
    if bad:
        char = bad.group()
        name = "a NUL character" if char == "\0" else "a control character"
        if char in "\ufffe\uffff":
            name = "a Unicode noncharacter"
        raise GlossaryIntegrityError(
            f"{what} {value!r} contains {name} (U+{ord(char):04X}) at position {bad.start() + 1}",
            hint="remove it (the file may be damaged or binary); control characters break matching, "
                 "PO catalogs and TBX",
        )


def slugify(text: str, max_len: int = 60) -> str:
    """A concept id from a term: ``Belt and Road Initiative`` -> ``belt-and-road-initiative``.

    Non-Latin text keeps its letters (``中拉论坛`` stays as it is) because an id
    must stay readable for the terminologist who types it.
    """
    if not text.isascii():  # ASCII has nothing to decompose (the common case, and a large import's)
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    slug = _NOT_WORD.sub("-", text.lower()).strip("-_")
    slug = slug[:max_len].rstrip("-_")
    return slug or "concept"


def check_choice(value: str | None, allowed: tuple[str, ...], what: str) -> str | None:
    if value in (None, ""):
        return None
    if value not in allowed:
        raise GlossaryIntegrityError(
            f"{what} {value!r} is not one of {', '.join(allowed)}",
            hint=f"use one of: {', '.join(allowed)}",
        )
    return value


@dataclass
class Term:
    lang: str
    text: str
    status: Status = Status.PREFERRED
    kind: Kind = Kind.FULL
    case_sensitive: bool = False
    pos: str | None = None
    gender: str | None = None
    number: str | None = None
    same_as_source: bool = False
    note: str | None = None
    source: str | None = None
    id: int | None = None

    def normalized(self) -> Term:
        """Canonical language tag, enums, and None for empty optional fields.

        The result is marked as normalized, so that normalizing it again (an
        import normalizes a term when it reads it and when it validates its
        concept) costs nothing. Terms are not changed in place anywhere;
        :func:`dataclasses.replace` makes an unmarked copy.
        """
        if self.__dict__.get("_normal"):
            return self
        return normalized_term(self.lang, self.text, self.status, self.kind, case_sensitive=self.case_sensitive,
                               pos=self.pos, gender=self.gender, number=self.number,
                               same_as_source=self.same_as_source, note=self.note, source=self.source, id=self.id)


@dataclass
class Concept:
    id: str
    terms: list[Term] = field(default_factory=list)
    domain: str | None = None
    definition: str | None = None
    source: str | None = None
    do_not_translate: bool = False
    created: str | None = None
    updated: str | None = None

    def languages(self) -> list[str]:
        return sorted({t.lang for t in self.terms})

    def terms_in(self, lang: str) -> list[Term]:
        return [t for t in self.terms if t.lang == lang]

    def preferred(self, lang: str, chain: list[str] | None = None) -> Term | None:
        """The preferred term in ``lang``, following the tag's fallback chain (or ``chain``, the
        tags a run's variant policy allows, see ``variants``)."""
        for tag in chain or langtags.fallback_chain(lang):
            for t in self.terms:
                if t.lang == tag and t.status == Status.PREFERRED:
                    return t
        return None

    def validate(self) -> Concept:
        """Return a normalized copy, or raise :class:`GlossaryIntegrityError`."""
        self.check_fields()
        terms = [t.normalized() for t in self.terms]
        seen: set[tuple[str, str]] = set()
        preferred: dict[str, str] = {}
        for t in terms:
            if (t.lang, t.text) in seen:
                raise GlossaryIntegrityError(f"concept {self.id!r} lists {t.lang} term {t.text!r} twice")
            seen.add((t.lang, t.text))
            if t.status == Status.PREFERRED:
                if t.lang in preferred:
                    raise GlossaryIntegrityError(
                        f"concept {self.id!r} has two preferred {t.lang} terms: "
                        f"{preferred[t.lang]!r} and {t.text!r}",
                        hint="mark one of them admitted",
                    )
                preferred[t.lang] = t.text
        for t in terms:
            if t.same_as_source and not any(o.text == t.text and o.lang != t.lang for o in terms):
                raise GlossaryIntegrityError(
                    f"{t.lang} term {t.text!r} of {self.id!r} is marked same-as-source, "
                    "but no term in another language has that text"
                )
        # Built directly, as dataclasses.replace() would (it cost 5 % of a large import).
        return Concept(self.id, terms, self.domain or None, self.definition or None, self.source or None,
                       self.do_not_translate, self.created, self.updated)

    def check_fields(self) -> None:
        """The checks :meth:`validate` makes before it looks at the terms, in its order
        (a reader that builds normalized terms itself makes them first, so the first error is the same)."""
        if not isinstance(self.id, str) or not _ID.match(self.id):
            raise GlossaryIntegrityError(
                f"concept id {self.id!r} is not valid",
                hint="ids are lower-case letters, digits, '.', '_' and '-', e.g. belt-and-road-initiative",
            )
        if not self.terms:
            raise GlossaryIntegrityError(f"concept {self.id!r} has no terms")
        for what, value in (("domain", self.domain), ("definition", self.definition), ("source", self.source)):
            if value and not value.isprintable():  # the message is built only when it may be needed
                check_characters(value, f"the {what} of {self.id!r}", multiline=what != "domain")


def normalized_term(lang: str, text_in: str, status_in: Status | str = Status.PREFERRED, kind_in: Kind | str = Kind.FULL,
                    *, case_sensitive: bool = False, pos: str | None = None, gender: str | None = None,
                    number: str | None = None, same_as_source: bool = False, note: str | None = None,
                    source: str | None = None, id: int | None = None) -> Term:
    """A valid term from raw values (a file's strings for status and kind, say): canonical language
    tag, enums, None for empty optional fields; raises :class:`GlossaryIntegrityError` otherwise."""
    text = text_in.strip() if isinstance(text_in, str) else ""
    if not text:
        raise GlossaryIntegrityError(
            f"empty {lang or '?'} term", hint="every term needs its text; remove the row instead"
        )
    # check_characters passes printable text at once; testing that here first
    # spares building three messages (a repr each) per term of a large import.
    if not text.isprintable():
        check_characters(text, f"the {lang} term")
    if note and not note.isprintable():
        check_characters(note, f"the note of {text!r}", multiline=True)
    if source and not source.isprintable():
        check_characters(source, f"the source of {text!r}", multiline=True)
    try:
        status = status_in if type(status_in) is Status else _STATUS.get(status_in) or Status(status_in)
    except ValueError:
        raise GlossaryIntegrityError(
            f"status {status_in!r} of {text!r} is not one of "
            + ", ".join(s.value for s in Status)
        ) from None
    try:
        kind = kind_in if type(kind_in) is Kind else _KIND.get(kind_in) or Kind(kind_in)
    except ValueError:
        raise GlossaryIntegrityError(
            f"kind {kind_in!r} of {text!r} is not one of " + ", ".join(k.value for k in Kind)
        ) from None
    # Built directly: dataclasses.replace() cost a third of a large import's time.
    # Arguments by position, in Term's field order: a dataclass __init__ takes
    # keywords about 40 % slower (1.5 us a term, 1.3 s of 877k terms).
    term = Term(
        langtags.normalize(lang), text, status, kind, case_sensitive,
        check_choice(pos, POS, "part of speech") if pos else None,
        check_choice(gender, GENDERS, "gender") if gender else None,
        check_choice(number, NUMBERS, "number") if number else None,
        same_as_source, note or None, source or None, id,
    )
    term.__dict__["_normal"] = True  # not a field: equality and repr ignore it
    return term
