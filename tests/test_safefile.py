"""The one file writer: atomic, umask for new files, kept modes, symlinks written through,
non-files refused, no temporary file left behind (real files, FIFOs, devices, processes)."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from contextlib import contextmanager

import pytest

from glossator.safefile import FileWriteError, atomic_write, write_bytes, write_if_changed

ROOT = os.geteuid() == 0


def temps(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@contextmanager
def umask(value):
    old = os.umask(value)
    try:
        yield
    finally:
        os.umask(old)


@contextmanager
def no_hang(seconds=10):
    """Fail instead of blocking forever (opening a FIFO for reading or writing blocks)."""
    def fail(*_):
        raise AssertionError("the write blocked")

    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize("mask", [0o022, 0o002, 0o077, 0o027])
def test_new_file_gets_the_users_umask(tmp_path, mask):
    with umask(mask):
        write_bytes(tmp_path / "new.csv", b"a\n")
        write_if_changed(tmp_path / "sub" / "new.po", "b\n")
    assert stat.S_IMODE((tmp_path / "new.csv").stat().st_mode) == 0o666 & ~mask
    assert stat.S_IMODE((tmp_path / "sub" / "new.po").stat().st_mode) == 0o666 & ~mask


def test_rewritten_file_keeps_its_mode_and_group(tmp_path):
    path = tmp_path / "story.po"
    path.write_text("old\n")
    others = [g for g in os.getgroups() if g != os.getegid()]
    group = 100 if ROOT else (others[0] if others else None)
    if group is None:
        pytest.skip("this user belongs to one group only, so a group cannot be set to check that it is kept")
    os.chown(path, -1, group)
    os.chmod(path, 0o664)
    with umask(0o077):
        assert write_if_changed(path, "new\n")
    st = path.stat()
    assert path.read_text() == "new\n"
    assert stat.S_IMODE(st.st_mode) == 0o664 and st.st_gid == group


def test_unchanged_content_is_not_rewritten(tmp_path):
    path = tmp_path / "x.po"
    write_if_changed(path, "same\n")
    inode = path.stat().st_ino
    assert write_if_changed(path, "same\n") is False and path.stat().st_ino == inode


def test_symlink_is_written_through_to_its_final_target(tmp_path):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "desk.tbx"
    target.write_text("old")
    os.chmod(target, 0o640)
    hop = tmp_path / "hop.tbx"
    hop.symlink_to(target)
    link = tmp_path / "out" / "link.tbx"
    link.parent.mkdir()
    link.symlink_to("../hop.tbx")  # relative, and through a second link
    with atomic_write(link) as f:
        f.write("new")
    assert link.is_symlink() and hop.is_symlink() and os.readlink(link) == "../hop.tbx"
    assert target.read_text() == "new" and stat.S_IMODE(target.stat().st_mode) == 0o640
    assert temps(tmp_path / "real") == [] and temps(tmp_path / "out") == []


def test_dangling_symlink_is_refused_and_left_alone(tmp_path):
    link = tmp_path / "export.csv"
    link.symlink_to(tmp_path / "nowhere" / "x.csv")
    with pytest.raises(FileWriteError, match="dangling") as exc:
        write_bytes(link, b"x")
    assert exc.value.path == str(link) and exc.value.hint
    assert link.is_symlink() and not (tmp_path / "nowhere").exists()


def test_symlink_loop_is_refused(tmp_path):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(FileWriteError, match="symlink"):
        write_bytes(tmp_path / "a", b"x")


def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with no_hang():
        with pytest.raises(FileWriteError, match="is a FIFO") as exc:
            write_if_changed(fifo, "x")
        with pytest.raises(FileWriteError, match="is a FIFO"):
            with atomic_write(fifo) as f:
                f.write("x")
    assert stat.S_ISFIFO(fifo.stat().st_mode) and "standard output" in exc.value.hint
    assert temps(tmp_path) == []


@pytest.mark.skipif(not ROOT, reason="creating a device node (mknod) needs root")
def test_character_device_is_refused_and_kept(tmp_path):
    dev = tmp_path / "full"
    os.mknod(dev, 0o600 | stat.S_IFCHR, os.makedev(1, 7))  # /dev/full's numbers, in a temporary folder
    link = tmp_path / "out.csv"
    link.symlink_to(dev)
    for target in (dev, link):
        with pytest.raises(FileWriteError, match="is a device"):
            write_bytes(target, b"x")
    assert stat.S_ISCHR(dev.stat().st_mode) and link.is_symlink()


def test_folder_is_refused(tmp_path):
    with pytest.raises(FileWriteError, match="is a folder"):
        write_bytes(tmp_path, b"x")


def test_missing_folder_is_refused_unless_asked_to_create_it(tmp_path):
    with pytest.raises(FileWriteError, match="no such folder") as exc:
        write_bytes(tmp_path / "missing" / "x.csv", b"x")
    assert exc.value.hint and not (tmp_path / "missing").exists()
    write_bytes(tmp_path / "made" / "x.csv", b"x", make_folders=True)
    assert (tmp_path / "made" / "x.csv").read_bytes() == b"x"


def test_interrupt_keeps_the_old_file_and_leaves_no_temp(tmp_path):
    path = tmp_path / "glossary.csv"
    path.write_text("old")
    with pytest.raises(KeyboardInterrupt):
        with atomic_write(path) as f:
            f.write("half of the new")
            raise KeyboardInterrupt
    assert path.read_text() == "old" and temps(tmp_path) == []


def test_temp_name_carries_the_pid(tmp_path):
    with atomic_write(tmp_path / "x.tmx") as f:
        names = temps(tmp_path)
        f.write("x")
    assert len(names) == 1 and names[0].startswith(f".x.tmx.{os.getpid()}.")


KILLED_WRITER = """
import sys, time
from glossator.safefile import atomic_write
with atomic_write(sys.argv[1]) as f:
    f.write("x" * 1_000_000)
    f.flush()
    print("writing", flush=True)
    time.sleep(120)
"""


def test_leftover_of_a_killed_writer_is_removed_by_the_next_write(tmp_path):
    path = tmp_path / "all.csv"
    proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline() == "writing\n"
    live = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    assert live.stdout.readline() == "writing\n"
    proc.kill()
    proc.wait()
    assert len(temps(tmp_path)) == 2  # kill -9 runs no clean-up
    try:
        (tmp_path / ".other.csv.1.abcd.tmp").write_text("another target's")
        write_bytes(path, b"done")
        left = temps(tmp_path)
        assert path.read_bytes() == b"done" and len(left) == 2
        assert left[0].startswith(f".all.csv.{live.pid}.")  # a running writer's is kept, the dead one's gone
        assert left[1] == ".other.csv.1.abcd.tmp"  # another target's is not this write's business
    finally:
        live.kill()
        live.wait()


@pytest.fixture
def small_tmpfs(tmp_path):
    """A real 64 KiB file system, so that a write fails with ENOSPC (needs root to mount)."""
    mnt = tmp_path / "small"
    mnt.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mnt)], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs to fill (needs root): {r.stderr.strip()}")
    yield mnt
    subprocess.run(["umount", str(mnt)], check=True)


def test_full_disk_is_one_error_and_keeps_the_old_file(small_tmpfs):
    path = small_tmpfs / "big.csv"
    path.write_text("old")
    with pytest.raises(FileWriteError, match="No space left on device") as exc:
        write_bytes(path, b"x" * 200_000)
    assert exc.value.path == str(path) and "disk space" in exc.value.hint
    assert path.read_text() == "old" and temps(small_tmpfs) == []
