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
from pathlib import Path

from glossator.errors import ImportFormatError

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _needs_prefix(value: str) -> bool:
    # Apostrophes already in front count too, so that unescaping is exact:
    # "'=x" is written "''=x" and read back as "'=x".
    return value.lstrip("'").startswith(FORMULA_START)


def escape_cell(value: str) -> str:
    return "'" + value if _needs_prefix(value) else value


def unescape_cell(value: str) -> str:
    return value[1:] if value.startswith("'") and _needs_prefix(value[1:]) else value


def read_text(path: str | Path, encoding: str = "utf-8") -> str:
    """The file's text; a BOM is dropped, a wrong encoding named."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFormatError(f"cannot read: {exc.strerror}", path=str(path)) from exc
    enc = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        return data.decode(enc)
    except LookupError:
        raise ImportFormatError(f"unknown encoding {encoding!r}", hint="e.g. --encoding cp1252") from None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ImportFormatError(
            f"not valid {encoding} (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            path=str(path), line=line,
            hint=f"the file looks like {_guess_encoding(data)}: pass --encoding {_guess_encoding(data)}",
        ) from None


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
    path: str | Path, required: Sequence[str] = (), encoding: str = "utf-8", guard: bool = True
) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header and an iterator of (line number, row), cells unescaped if ``guard``.

    Blank lines are passed over. ``required`` columns must be in the header.
    """
    text = read_text(path, encoding)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise ImportFormatError("the file is empty", path=str(path), line=1) from None
    except csv.Error as exc:
        raise ImportFormatError(f"bad CSV header: {exc}", path=str(path), line=1) from None
    missing = [c for c in required if c not in header]
    if missing:
        raise ImportFormatError(
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} in the header",
            path=str(path), line=1, hint=f"the header must name: {', '.join(required)}",
        )
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        raise ImportFormatError(f"column {dupes[0]!r} appears twice in the header", path=str(path), line=1)

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        line = reader.line_num
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise ImportFormatError(
                    f"broken CSV ({exc}); the file may be truncated", path=str(path), line=line + 1,
                    hint="close the open quote or restore the file's end",
                ) from None
            start, line = line + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                raise ImportFormatError(
                    f"row has {len(cells)} cells but the header has {len(header)}",
                    path=str(path), line=start,
                    hint="the file may be truncated, or a cell holds an unquoted comma",
                )
            yield start, {h: unescape_cell(c) if guard else c for h, c in zip(header, cells)}

    return header, rows()


def write_rows(out: io.TextIOBase, header: Sequence[str], rows, guard: bool = True) -> None:
    writer = csv.writer(out, lineterminator="\n")
    # With "\n" line ends the csv module leaves a lone "\r" unquoted, and a
    # reader then sees a line break; rows holding one are fully quoted.
    quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    for row in rows:
        cells = [escape_cell(c or "") if guard else c or "" for c in row]
        (quoted if any("\r" in c for c in cells) else writer).writerow(cells)
