"""Replacing a catalog only while it still holds what the run read: compare and swap.

Editors (Poedit, Lokalize, Weblate's add-ons) save by writing a new file and
renaming it over the catalog, and take no lock. Checking the file and then
renaming over it leaves a window (the write and its fsync: about 8 ms on
ext4) in which a translator's save would be destroyed. On Linux,
``renameat2(RENAME_EXCHANGE)`` swaps two names atomically: the new catalog
goes in and the file that was there comes out under the temporary name,
where it is checked; if it is not what the run read, it is swapped back, so
the translator's file is never destroyed. Python has no binding for
renameat2, hence ctypes. Where it is missing (or the file system refuses the
flag) the check is made just before the rename, and the window remains.
"""

from __future__ import annotations

import ctypes
import errno
import os
from pathlib import Path

from glossator.safefile import keep_metadata, write_if_changed

from .files import current_digest, digest

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _load_renameat2():
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return fn


_renameat2 = _load_renameat2()


def _exchange(a: Path, b: Path) -> bool:
    """Swap the files named ``a`` and ``b`` atomically; False when this system cannot."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def replace_if_unchanged(path: str | Path, text: str, expected: str | None) -> bool | None:
    """Write ``text`` to ``path`` if it still holds the bytes whose digest is ``expected``
    (None: if it still does not exist). True when written, False when it already held
    ``text``, None when someone else changed it meanwhile (then it is left as they saved it)."""
    path = Path(os.path.realpath(path))  # a symlinked catalog is written through
    data = text.encode("utf-8")
    now = current_digest(path)
    if expected is None and now == digest(b""):
        expected = now  # a 0-byte file counts as no catalog (files.read_existing): replace it
    if now != expected:
        return None
    if now == digest(data):
        return False
    tmp = path.with_name(f".{path.name}.swap")  # one name per catalog: a killed run's leftover is reused
    write_if_changed(tmp, text)  # the project's one writer: temp file, fsync, rename
    if expected is None:
        try:
            os.link(tmp, path)  # creates path only if it still does not exist
        except FileExistsError:
            return None
        finally:
            tmp.unlink(missing_ok=True)
        return True
    keep_metadata(tmp, os.stat(path))  # the catalog's mode, owner and group stay as they were
    if not _exchange(tmp, path):
        if current_digest(path) != expected:
            tmp.unlink(missing_ok=True)
            return None
        os.replace(tmp, path)
        return True
    if current_digest(tmp) == expected:
        tmp.unlink()
        return True
    _exchange(tmp, path)  # a translator saved in between: theirs goes back
    if current_digest(tmp) != digest(data):
        os.replace(tmp, path)  # and they saved again meanwhile: that newest save wins
    else:
        tmp.unlink()
    return None
