"""CSV reading and writing shared by the CSV exchange formats.

Reading is strict, so that a bad file fails with a line number instead of
importing garbage: a UTF-8 BOM is accepted, any other encoding is refused
with a suggestion, an unterminated quote (a truncated file) is an error, and
so is a row with the wrong number of cells.

Layouts that a spreadsheet reads (``csv-long``) escape spreadsheet formula
injection (OWASP "CSV injection"): a cell that starts with ``=``, ``+``,
``-``, ``@``, tab or carriage return gets a leading apostrophe, which
spreadsheets show as text, and reading removes exactly that apostrophe
again, so every string survives export and import unchanged. Layouts meant
for an MT service pass ``guard=False``: there the apostrophe would become
part of the term.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from typing import Any
from pathlib import Path

from glossator.errors import ImportFormatError

from .position import opened

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _needs_prefix(value: str) -> bool:
    # Apostrophes already in front count too, so that unescaping is exact:
    # "'=x" is written "''=x" and read back as "'=x".
    return value.lstrip("'").startswith(FORMULA_START)


def escape_cell(value: str) -> str:
    return "'" + value if _needs_prefix(value) else value


def unescape_cell(value: str) -> str:
    return value[1:] if value.startswith("'") and _needs_prefix(value[1:]) else value


def _codec(encoding: str) -> str:
    return "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding


def open_text(path: str | Path, encoding: str = "utf-8") -> io.TextIOWrapper:
    """The file as a text stream, read as it is consumed (never whole).

    A UTF-8 BOM is dropped; a UTF-16 file is named as such before anything
    is decoded; a decoding error met later is turned into a located error by
    :func:`decode_error`.
    """
    path = Path(path)
    codec = _codec(encoding)
    try:
        import codecs

        codecs.lookup(codec)
    except LookupError:
        raise ImportFormatError(f"unknown encoding {encoding!r}", hint="e.g. --encoding cp1252") from None
    try:
        raw = opened(path, open(path, "rb"))
    except OSError as exc:
        raise ImportFormatError(f"cannot read: {exc.strerror}", path=str(path)) from exc
    if not codec.lower().replace("_", "-").startswith("utf-16"):
        utf16 = _utf16(raw.read(4096))
        if utf16:
            raw.close()
            raise ImportFormatError(
                f"the file is {utf16}, not {encoding}", path=str(path), line=1,
                hint=f"convert it with: iconv -f {utf16.split()[0]} -t UTF-8 {path} > {path.stem}-utf8{path.suffix}"
                     + (" (or pass --encoding utf-16)" if "with a BOM" in utf16 else ""),
            )
        raw.seek(0)
    return io.TextIOWrapper(raw, encoding=codec, newline="")


def _utf16(head: bytes) -> str | None:
    """``UTF-16LE with a BOM`` / ``UTF-16BE without a BOM`` … or None.

    Without a BOM, UTF-16 text in a Latin or CJK script has a NUL in most of
    its even or odd bytes; UTF-8 text has none (a NUL in a term is refused
    anyway).
    """
    if head.startswith(b"\xff\xfe"):
        return "UTF-16LE with a BOM"
    if head.startswith(b"\xfe\xff"):
        return "UTF-16BE with a BOM"
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
        return "UTF-16LE without a BOM"
    if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "UTF-16BE without a BOM"
    return None


def decode_error(path: str | Path, encoding: str) -> ImportFormatError:
    """Locate the first byte that is not valid ``encoding``, reading in chunks."""
    import codecs

    decoder = codecs.getincrementaldecoder(_codec(encoding))()
    offset, lines = 0, 1
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                # the decoder may hold back up to 3 bytes of the chunk before
                pos = max(0, exc.start - len(exc.object) + len(chunk))
                bad = offset + pos
                lines += chunk.count(b"\n", 0, pos)
                f.seek(max(0, bad - (1 << 19)))
                sample = f.read(1 << 20)
                guess = _guess_encoding(sample)
                return ImportFormatError(
                    f"not valid {encoding} (byte 0x{chunk[pos]:02x} at offset {bad})", path=str(path), line=lines,
                    hint=f"the file looks like {guess}: pass --encoding {guess}",
                )
            lines += chunk.count(b"\n")
            offset += len(chunk)
    return ImportFormatError(f"not valid {encoding}", path=str(path))


def read_text(path: str | Path, encoding: str = "utf-8", *, first_line_only: bool = False) -> str:
    """The whole file's text (for small files such as a DeepL glossary), or its first line;
    a BOM is dropped, a byte that is not ``encoding`` located."""
    with open_text(path, encoding) as f:
        try:
            return f.readline() if first_line_only else f.read()
        except UnicodeDecodeError:
            raise decode_error(path, encoding) from None


def first_line(path: str | Path, encoding: str = "utf-8") -> str:
    return read_text(path, encoding, first_line_only=True)


def _guess_encoding(data: bytes) -> str:
    """Which encoding to suggest for a file that is not UTF-8.

    Statistical detectors (charset-normalizer) misjudge short Spanish and
    Portuguese text, reading "Año" as Big5, so one cheap structural test comes
    first: in a single-byte Western file the non-ASCII bytes stand alone
    between ASCII letters (ñ, ã, é), while in GB18030 or Big5 they come in
    runs of two or more. Mostly lone bytes that decode as cp1252 mean cp1252.
    """
    runs = re.findall(rb"[\x80-\xff]+", data)
    if runs and sum(len(r) == 1 for r in runs) / len(runs) > 0.5:
        try:
            data.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            return "latin-1"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return best.encoding.replace("_", "-") if best else "cp1252"


def read_rows(
    path: str | Path, required: Sequence[str] = (), encoding: str = "utf-8", guard: bool = True,
    cells: bool = False,
) -> tuple[list[str], Iterator[tuple[int, Any]]]:
    """The header and an iterator of (line number, row), cells unescaped if ``guard``.

    A row is a dict by column name, or with ``cells`` the list of cells in
    the header's order (a large import's readers index it: no dict per row).
    Blank lines are passed over. ``required`` columns must be in the header.
    """
    stream = open_text(path, encoding)
    reader = csv.reader(stream, strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        stream.close()
        raise ImportFormatError("the file is empty", path=str(path), line=1) from None
    except csv.Error as exc:
        stream.close()
        raise ImportFormatError(f"bad CSV header: {exc}", path=str(path), line=1) from None
    except UnicodeDecodeError:
        stream.close()
        raise decode_error(path, encoding) from None
    missing = [c for c in required if c not in header]
    if missing:
        stream.close()
        raise ImportFormatError(
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} in the header",
            path=str(path), line=1, hint=f"the header must name: {', '.join(required)}",
        )
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        stream.close()
        raise ImportFormatError(f"column {dupes[0]!r} appears twice in the header", path=str(path), line=1)

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        with stream:
            yield from _rows(reader, header, str(path), encoding, guard, cells)

    return header, rows()


def _rows(reader, header: list[str], path: str, encoding: str,
          guard: bool, as_cells: bool) -> Iterator[tuple[int, Any]]:
    line = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError:
            raise decode_error(path, encoding) from None
        except csv.Error as exc:
            raise ImportFormatError(
                f"broken CSV ({exc}); the file may be truncated", path=str(path), line=line + 1,
                hint="close the open quote or restore the file's end",
            ) from None
        start, line = line + 1, reader.line_num
        joined = "".join(cells)  # one string to test, not a generator per row (a large import's hot loop)
        if not joined.strip():
            continue
        if len(cells) != len(header):
            raise ImportFormatError(
                f"row has {len(cells)} cells but the header has {len(header)}",
                path=str(path), line=start,
                hint="the file may be truncated, or a cell holds an unquoted comma",
            )
        if guard and "'" in joined and any(c[:1] == "'" for c in cells):  # rare: only such cells can be escaped
            cells = [unescape_cell(c) for c in cells]
        yield start, cells if as_cells else dict(zip(header, cells))


def write_rows(out: io.TextIOBase, header: Sequence[str], rows, guard: bool = True) -> None:
    writer = csv.writer(out, lineterminator="\n")
    # With "\n" line ends the csv module leaves a lone "\r" unquoted, and a
    # reader then sees a line break; rows holding one are fully quoted.
    quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    for row in rows:
        cells = [escape_cell(c or "") if guard else c or "" for c in row]
        (quoted if any("\r" in c for c in cells) else writer).writerow(cells)
