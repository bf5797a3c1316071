"""Writing files so that nothing a user had is lost or damaged: the one writer Glossator uses.

Every file goes through a temporary file in the target's own folder, is
fsynced, and is renamed over the target (then the folder is fsynced), so a
crash or a kill leaves either the old file or the new one, never half of
one. A rewritten file keeps its mode (and group, and owner when run as
root); a new file gets the user's umask, as ``open()`` would give it. A
symlink is written through to its final target, never replaced. Targets that
are not regular files (a folder, a FIFO, a device, a dangling symlink) are
refused before anything is written. Temporary names carry the writer's pid,
``.NAME.<pid>.<random>.tmp``, so the leftovers of a killed writer are
recognised and removed by the next write to the same target.

The standard library's ``tempfile.mkstemp`` creates files 0600 and Python
has no atomic-replace helper that keeps modes or follows symlinks, and the
libraries that do (atomicwrites: unmaintained; safer: no mode or symlink
handling) do not meet this contract, hence this small module.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterator

from glossator.errors import GlossatorError


class FileWriteError(GlossatorError):
    """A file could not be written; the old one (if any) is untouched."""


_HINTS = {
    errno.ENOSPC: "free some disk space and run again",
    errno.EDQUOT: "the disk quota is full: free some space and run again",
    errno.EFBIG: "the file is larger than this system or its limits allow",
    errno.EROFS: "the file system is read-only: write somewhere else",
    errno.EACCES: "check the folder's permissions, or write somewhere else",
    errno.EPERM: "check the folder's permissions and attributes (chattr), or write somewhere else",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "name a file, not a folder",
    errno.ENOENT: "create the folder first, or write somewhere else",
}


def os_error(exc: OSError, path: str | os.PathLike, doing: str = "cannot write") -> FileWriteError:
    """An OSError as a one-line error naming the path and what to do."""
    return FileWriteError(f"{doing}: {exc.strerror or exc}", path=str(path),
                          hint=_HINTS.get(exc.errno or 0, "check the path and its folder"))


def resolve_target(path: str | os.PathLike) -> Path:
    """The regular file a write to ``path`` must replace: symlinks followed to their end.

    Refuses a dangling or looping symlink, a folder, a FIFO, a device or a
    socket, so that a write never replaces or blocks on something that is
    not a plain file.
    """
    path = Path(path)
    real = Path(os.path.realpath(path))
    try:
        st = os.stat(real)
    except FileNotFoundError:
        if path.is_symlink():
            raise FileWriteError("is a symlink to nothing (dangling), refusing to write through it",
                                 path=str(path), hint="point the link at a file, or remove it") from None
        return real
    except OSError as exc:
        if path.is_symlink() and exc.errno == errno.ELOOP:
            raise FileWriteError("is a symlink loop, refusing to write through it", path=str(path),
                                 hint="remove the link") from None
        raise os_error(exc, path, "cannot inspect") from None
    if stat.S_ISREG(st.st_mode):
        return real
    kind = ("a folder" if stat.S_ISDIR(st.st_mode) else "a FIFO" if stat.S_ISFIFO(st.st_mode) else
            "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else "not a regular file")
    shown = f"{path} (-> {real})" if real != path.absolute() else str(path)
    raise FileWriteError(f"is {kind}, refusing to write over it", path=shown,
                         hint="name a regular file" + (", or - for standard output" if kind != "a folder" else ""))


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def _remove_leftovers(target: Path) -> None:
    """Remove ``.NAME.<pid>.*.tmp`` files of ``target`` whose writer is no longer running."""
    for tmp in target.parent.glob(f".{target.name}.*.tmp"):
        parts = tmp.name[len(target.name) + 2:].split(".")
        if len(parts) == 3 and parts[0].isdigit() and int(parts[0]) != os.getpid() and not _pid_alive(int(parts[0])):
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass  # another user's, in a sticky folder: not ours to remove


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return  # some file systems cannot open folders; the rename is done either way
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _make_folder(folder: Path, path: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise FileWriteError(f"cannot create the folder {folder}: a file of that name is in the way",
                             path=str(path), hint="move that file away, or write somewhere else") from None
    except OSError as exc:
        raise os_error(exc, folder, "cannot create the folder") from None


@contextmanager
def atomic_write(path: str | os.PathLike, *, text: bool = True, make_folders: bool = False) -> Iterator[IO]:
    """Yield a file to write; on leaving the block it replaces ``path`` atomically.

    Any exception (KeyboardInterrupt too) leaves the old file untouched and
    no temporary file behind. OSErrors become :class:`FileWriteError`.
    """
    path = Path(path)
    target = resolve_target(path)
    folder = target.parent
    if make_folders:
        _make_folder(folder, path)
    elif not folder.is_dir():
        raise FileWriteError("no such folder" if not folder.exists() else f"{folder} is not a folder",
                             path=str(path), hint="create the folder first, or write somewhere else")
    _remove_leftovers(target)
    tmp = folder / f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        # 0666 through the kernel's umask (and default ACLs), as open() gives a new file.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError as exc:
        raise os_error(exc, path) from None
    try:
        f: IO[Any] = os.fdopen(fd, "w", encoding="utf-8", newline="") if text else os.fdopen(fd, "wb")
        with f:
            yield f
            f.flush()
            try:
                old = os.stat(target)
            except FileNotFoundError:
                old = None
            if old is not None:
                keep_metadata(f.fileno(), old)
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise os_error(exc, path) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_folder(folder)


def keep_metadata(file: int | str | os.PathLike, old: os.stat_result) -> None:
    """Give ``file`` (a descriptor or a path) the owner, group and mode of the file it replaces."""
    try:  # chown first: it may clear set-id bits that chmod then restores
        os.chown(file, old.st_uid if os.geteuid() == 0 else -1, old.st_gid)
    except PermissionError:
        pass  # not a member of the file's group: the mode is still kept
    os.chmod(file, stat.S_IMODE(old.st_mode))


def write_bytes(path: str | os.PathLike, data: bytes, *, make_folders: bool = False) -> None:
    with atomic_write(path, text=False, make_folders=make_folders) as f:
        f.write(data)


def write_if_changed(path: str | os.PathLike, data: bytes | str, *, make_folders: bool = True) -> bool:
    """Write ``data`` (str as UTF-8) to ``path`` unless it already holds exactly that."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    target = resolve_target(path)  # before reading: never block on a FIFO
    try:
        if target.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise os_error(exc, path, "cannot read") from None
    write_bytes(path, data, make_folders=make_folders)
    return True


@contextmanager
def folder_lock(folder: str | os.PathLike, timeout: float) -> Iterator[None]:
    """Hold ``folder/.glossator.lock`` (creating the folder), waiting up to ``timeout`` seconds.

    A lock file that is a symlink is refused: following it could truncate or
    lock some other file.
    """
    from filelock import FileLock, Timeout

    folder = Path(folder)
    _make_folder(folder, folder)
    path = folder / ".glossator.lock"
    if path.is_symlink():
        raise FileWriteError("the lock file is a symlink; refusing to follow it", path=str(path),
                             hint="remove it (rm, not the file it points to) and run again")
    if path.exists() and not path.is_file():
        raise FileWriteError("the lock file is not a regular file", path=str(path), hint="move it away and run again")
    lock = FileLock(str(path))
    try:
        lock.acquire(timeout=timeout)
    except Timeout:
        raise FileWriteError(f"another glossator run is writing {folder}/", path=str(path),
                             hint="wait for it to finish") from None
    except OSError as exc:
        raise os_error(exc, path, "cannot take the lock") from None
    try:
        yield
    finally:
        lock.release()
