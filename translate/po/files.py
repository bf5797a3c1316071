"""Reading catalogs safely and writing them the way GNU gettext does.

Reading refuses a malformed catalog with its file and line, before
anything is written: a syntax error, an unterminated string (a truncated
file), a charset other than UTF-8, a missing Content-Type header, a
duplicate message. polib parses leniently (it accepts a truncated last
string), so these checks come on top, and ``msgfmt`` checks the syntax too
when GNU gettext is installed.

Writing renders with polib and then passes the text through GNU
``msgcat``, the reference implementation of PO formatting: polib wraps
long strings differently (it moves the breaking space to the next line and
counts a Chinese character as one column, where gettext counts two), and
a catalog must come out of ``msgcat`` byte-identical so that Poedit,
Weblate and Lokalize round trips do not churn the diffs. Without gettext
installed, polib's text is written as it is. Files are written by
:mod:`glossator.safefile` (atomic, mode and symlinks kept), and only when
their content changed.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import polib

from glossator.errors import GlossatorError


class CatalogError(GlossatorError):
    """A PO/POT file is malformed; nothing was written."""


class ReadCatalog(polib.POFile):
    """A catalog as read from its file, with the digest of the bytes read, to tell a
    translator's later save from it (see ``swap``)."""

    read_digest: str | None = None


_STRING_LINE = re.compile(r'^\s*(?:#~\s*)?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?\s*"')
_CLOSED = re.compile(r'(?<!\\)(?:\\\\)*"\s*$')


def _unterminated(text: str) -> int | None:
    for n, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("#") and not line.lstrip().startswith(("#~", "#|")):
            continue
        if _STRING_LINE.match(line):
            body = line.split('"', 1)[1]
            if not _CLOSED.search(body) or body.strip() == "":
                return n
    return None


def read_existing(path: str | Path) -> ReadCatalog | None:
    """The catalog at ``path``, or None when there is none or it is an empty (0-byte) file.

    An empty file holds no translator's work (a crashed editor's save, a
    ``touch``), so treating it as absent lets the run write a valid catalog
    in its place instead of stopping every later run.
    """
    path = Path(path)
    try:
        if path.stat().st_size == 0 and path.is_file():
            return None
    except FileNotFoundError:
        if path.is_symlink():
            raise CatalogError("is a symlink to nothing (dangling)", path=str(path),
                               hint="point the link at the catalog, or remove it") from None
        return None
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror}", path=str(path)) from None
    return read_catalog(path)


def read_catalog(path: str | Path) -> ReadCatalog:
    path = Path(path)
    hint = "fix it in a PO editor, or move it away to start it afresh"
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror}", path=str(path)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogError("not UTF-8", path=str(path), line=data.count(b"\n", 0, exc.start) + 1,
                           hint="convert it with: msgconv --to-code=UTF-8") from None
    line = _unterminated(text)
    if line:
        raise CatalogError("unterminated string: the file may be truncated", path=str(path), line=line, hint=hint)
    try:
        po = polib.pofile(text, wrapwidth=79, klass=ReadCatalog)
    except (OSError, ValueError) as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise CatalogError("PO syntax error", path=str(path), line=int(m[1]) if m else None, hint=hint) from None
    content_type = po.metadata.get("Content-Type", "")
    charset = re.search(r"charset=([\w.-]+)", content_type)
    if not charset:
        raise CatalogError("the header has no Content-Type charset", path=str(path), line=1,
                           hint='add "Content-Type: text/plain; charset=UTF-8\\n" to the header')
    if charset[1].lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise CatalogError(f"charset {charset[1]} in the header; Glossator reads and writes UTF-8 only",
                           path=str(path), line=1, hint="convert it with: msgconv --to-code=UTF-8")
    seen: dict[tuple[str | None, str], int | None] = {}
    for e in po:
        key = (e.msgctxt, e.msgid)
        if key in seen:
            raise CatalogError(f"duplicate message {e.msgid[:50]!r} (first on line {seen[key]})",
                               path=str(path), line=e.linenum, hint="merge the two entries or give one a msgctxt")
        seen[key] = e.linenum
    _msgfmt_check(path)
    po.read_digest = digest(data)
    return po


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def current_digest(path: Path) -> str | None:
    """The digest of what ``path`` holds now; None when it does not exist."""
    try:
        return digest(Path(path).read_bytes())
    except FileNotFoundError:
        return None


def _msgfmt_check(path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    if not msgfmt:
        return
    # "--": a relative path may start with "-" and must not be read as an option.
    proc = subprocess.run([msgfmt, "-o", os.devnull, "--", str(path)], capture_output=True, text=True,
                          env={**os.environ, "LC_ALL": "C.UTF-8"})
    if proc.returncode != 0:
        first = next((ln for ln in proc.stderr.splitlines() if ln.startswith(str(path))), proc.stderr.strip())
        m = re.match(rf"{re.escape(str(path))}:(\d+):(?:\d+:)?\s*(.*)", first)
        raise CatalogError(m[2] if m else first, path=str(path), line=int(m[1]) if m else None,
                           hint="fix it in a PO editor, or move it away to start it afresh")


def render(po: polib.POFile) -> str:
    """The catalog's text, formatted by GNU msgcat when it is installed."""
    text = str(po) + "\n"
    msgcat = shutil.which("msgcat")
    if not msgcat:
        return text
    # --force-po: without it msgcat prints nothing for a header-only catalog.
    proc = subprocess.run([msgcat, "--force-po", "--to-code=UTF-8", "-"], input=text.encode("utf-8"),
                          capture_output=True,
                          env={**os.environ, "LC_ALL": "C.UTF-8"})
    if proc.returncode != 0:
        raise CatalogError(f"msgcat refused the catalog Glossator made: {proc.stderr.decode()[:300]}")
    return proc.stdout.decode("utf-8")
