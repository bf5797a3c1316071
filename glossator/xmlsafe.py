"""Parse untrusted XML (TBX, TMX) with entity expansion and network access off.

lxml is configured so that no entity is ever expanded and no DTD or external
resource is loaded; on top of that a document that *declares* entities is
refused outright, so a billion-laughs or XXE file gets a clear error instead
of a silently mangled import. lxml rather than defusedxml because imports
report the line of a bad element (``sourceline``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

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


def _refused(exc: etree.XMLSyntaxError, path: str | Path) -> ImportFormatError:
    line = exc.lineno if exc.lineno else None
    if "entit" in exc.msg.lower() and "amplification" in exc.msg.lower():
        return UnsafeXMLError(
            f"the file declares XML entities that expand without bound ({exc.msg}); refused",
            path=str(path), line=line, hint=_ENTITY_HINT,
        )
    return ImportFormatError(
        f"not well-formed XML: {exc.msg}", path=str(path), line=line,
        hint="the file may be truncated or not XML at all; check it in an XML editor",
    )


def _check_entities(tree: etree._ElementTree, path: str | Path) -> None:
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


def parse(path: str | Path) -> etree._ElementTree:
    try:
        tree = etree.parse(str(path), _parser())
    except etree.XMLSyntaxError as exc:
        raise _refused(exc, path) from exc
    except OSError as exc:
        raise ImportFormatError(f"cannot read: {exc}", path=str(path)) from exc
    _check_entities(tree, path)
    return tree


def iterparse(path: str | Path, track: Callable[[str | Path, BinaryIO], object] | None = None,
              ) -> Iterator[tuple[str, etree._Element]]:
    """``("start" | "end", element)`` for every element, as the file is read,
    with :func:`parse`'s protections: a file that declares entities is refused
    at the root's start tag, before any element reaches the caller. The
    caller clears what it has used (see :func:`release`), so memory stays flat.
    ``track(path, file)`` is given the binary file being read (for progress)."""
    try:
        with open(path, "rb") as raw:
            if track:
                track(path, raw)
            events = etree.iterparse(raw, events=("start", "end"), resolve_entities=False, no_network=True,
                                     load_dtd=False, dtd_validation=False, huge_tree=False, remove_blank_text=True)
            first = True
            for event, element in events:
                if first:
                    _check_entities(element.getroottree(), path)
                    first = False
                yield event, element
    except etree.XMLSyntaxError as exc:
        raise _refused(exc, path) from exc
    except OSError as exc:
        raise ImportFormatError(f"cannot read: {exc.strerror or exc}", path=str(path)) from exc


def release(element: etree._Element) -> None:
    """Free an element read by :func:`iterparse`, and its siblings before it, once they are used."""
    element.clear(keep_tail=True)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]
