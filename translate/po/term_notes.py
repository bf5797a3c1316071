"""Glossary notes for translators, carried in the template so that they survive msgmerge.

``msgmerge`` (and so Poedit's "Update from POT", Weblate and Lokalize) takes
an entry's extracted comments (``#.``) from the POT, not from the PO. A note
that lived only in the PO would be erased by the first merge. So each
sentence's note is written into the template, and the catalogs carry the
very same lines: merging a catalog with its template keeps them as they are.

One line per glossary concept the sentence mentions, with the approved
rendering in every language the glossary has for it (the template is shared
by every language, so it cannot pick one)::

    #. term: SASS → es: Academia de Ciencias Sociales de Shanghai | pt: … | zh: 上海社会科学院

The lines are made from the glossary on every run, so a term the glossary no
longer has loses its note, and a changed rendering shows in the note (which
is also how a re-run tells that a catalog's glossary changed: see ``sync``).
Machine-translation provenance (engine, terms applied, failures) stays in the
PO only: it belongs to one language, and a merge with the POT drops it.
"""

from __future__ import annotations

from glossator.glossary import langtags

from .. import constraints as cons

PREFIX = "term: "
ARROW = " → "
SEPARATOR = " | "


def note(surface: str, renderings: dict[str, str]) -> str:
    return PREFIX + surface + ARROW + SEPARATOR.join(f"{lang}: {text}" for lang, text in sorted(renderings.items()))


def renderings(concept, match, source: str = "en") -> dict[str, str]:
    """The approved rendering of a concept's mention in every target language the concept has
    (the abbreviation where the source used one, as enforcement asks for it)."""
    out = {}
    langs = {t.lang for t in concept.terms if t.status in cons.APPROVED}
    for lang in sorted(langs):
        if langtags.base_language(lang) == source:
            continue
        term = cons.required_term(concept, match, lang)
        if term is not None and term.lang == lang:
            out[lang] = term.text
    return out


# The other ``#.`` lines Glossator writes; any other line after a note continues it.
_OTHER_STARTS = ("machine translation", "reused from translation memory", "glossary", "check: ")


def _items(comment: str | None) -> list[tuple[bool, str]]:
    """The comment's lines as (is a note, text), a note's wrapped lines joined again.

    polib (and so any script that saves with it) wraps long ``#.`` lines at 78
    columns as xgettext does, at spaces and after hyphens; msgcat and msgmerge
    leave them whole. Either way a note reads back as one line.
    """
    out: list[tuple[bool, str]] = []
    for line in (comment or "").splitlines():
        if line.startswith(PREFIX):
            out.append((True, line))
        elif out and out[-1][0] and not line.startswith(_OTHER_STARTS):
            prev = out[-1][1]
            out[-1] = (True, prev + ("" if prev.endswith("-") else " ") + line)
        else:
            out.append((False, line))
    return out


def parse(comment: str | None) -> dict[str, dict[str, str]]:
    """The notes in an entry's extracted comments: mention -> {language: rendering}."""
    out: dict[str, dict[str, str]] = {}
    for is_note, line in _items(comment):
        if not is_note or ARROW not in line:
            continue
        surface, _, rest = line[len(PREFIX):].partition(ARROW)
        pairs = (part.partition(": ") for part in rest.split(SEPARATOR))
        out.setdefault(surface, {}).update((lang, text) for lang, _, text in pairs if text)
    return out


def with_notes(comment: str | None, notes: list[str]) -> str:
    """``comment`` with its note lines replaced by ``notes`` (first, as the template has them).

    A comment that already holds these notes is returned as it is, however it was
    wrapped (compared without whitespace), so that a re-run writes nothing.
    """
    items = _items(comment)
    old = [text for is_note, text in items if is_note]
    if "".join("".join(old).split()) == "".join("".join(notes).split()) and items[:len(old)] == [
            (True, text) for text in old]:
        return comment or ""
    return "\n".join(notes + [text for is_note, text in items if not is_note])


def previous_rendering(comment: str | None, msgstr: str, c: cons.Constraint) -> str | None:
    """The rendering of a constraint's concept that ``msgstr`` uses instead of the approved one:
    the one the entry's note recorded, else another term of the concept in that language."""
    recorded = parse(comment).get(c.match.surface, {}).get(c.required.lang)
    others = sorted({t.text for t in c.concept.terms if t.lang == c.required.lang}, key=len, reverse=True)
    for text in [recorded] + others:
        if text and text not in c.forms and cons.occurrences(msgstr, text, c.required.lang):
            return text
    return None


def annotate(po, notes: dict[tuple, list[str]]) -> None:
    """Put each entry's notes into its extracted comments (a template, or a catalog being built)."""
    for e in po:
        if not e.obsolete:
            e.comment = with_notes(e.comment, notes.get((e.msgctxt, e.msgid), []))
