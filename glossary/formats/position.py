"""How far the readers have read each import file, in bytes, for a progress bar.

Readers open their file through :func:`opened`, which remembers the binary
file object by path (weakly: a closed, dropped file is forgotten);
:func:`bytes_read` is its position. Byte positions, not lines, because the
size of a file is known without reading it, so a bar needs no counting pass.
"""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import BinaryIO

_OPEN: weakref.WeakValueDictionary[str, BinaryIO] = weakref.WeakValueDictionary()


def opened(path: str | Path, raw: BinaryIO) -> BinaryIO:
    _OPEN[str(path)] = raw
    return raw


def bytes_read(path: str | Path) -> int:
    """Bytes of ``path`` consumed so far by its reader (0 if none has it open)."""
    raw = _OPEN.get(str(path))
    try:
        return raw.tell() if raw is not None and not raw.closed else 0
    except (OSError, ValueError):
        return 0
