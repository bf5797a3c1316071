"""Writing through the real CLI: every fault is one line with the path and what to do, exit 1,
no traceback; modes, symlinks, devices, stdout, compile and empty articles as the README says."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys

import polib
import pytest
from conftest import SEED_ARTICLES, requires_apertium
from test_safefile import ROOT, no_hang, small_tmpfs, temps, umask  # noqa: F401  (small_tmpfs: a fixture)


def one_line_error(r, *words):
    assert r.exit_code == 1, r.output
    assert "Traceback" not in r.output and r.output.startswith("error: ") and r.output.count("\n") == 1, r.output
    for w in words:
        assert w in r.output, r.output


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "story.txt"
    shutil.copy(SEED_ARTICLES[2], path)
    return path


def po_path(root, stem="story"):
    return root / "locales" / "es" / "LC_MESSAGES" / f"{stem}.po"


def msgfmt_ok(path):
    r = subprocess.run(["msgfmt", "-c", "-o", os.devnull, "--", str(path)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


# --- translate: --out, the lock, catalogs ---------------------------------------------------------

def test_out_that_is_a_file(cli, article, tmp_path):
    (tmp_path / "locales").write_text("not a folder")
    one_line_error(cli("translate", article, "--to", "es", "--out", "locales"), "locales", "file")
    assert (tmp_path / "locales").read_text() == "not a folder"


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder where creating a file really fails, for root too (chattr +i), else by its mode."""
    folder = tmp_path / "locales"
    folder.mkdir()
    immutable = ROOT and subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0
    if not immutable:
        folder.chmod(0o555)
    try:
        (folder / "probe").touch()
    except OSError:
        pass
    else:
        pytest.skip("no way to make a read-only folder here (root without chattr +i support)")
    yield folder
    if immutable:
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    folder.chmod(0o755)


def test_out_that_is_a_read_only_folder(cli, article, read_only_folder):
    r = cli("translate", article, "--to", "es", "--out", read_only_folder)
    one_line_error(r, str(read_only_folder), "permi")
    assert list(read_only_folder.iterdir()) == []


def test_lock_that_is_a_symlink_to_another_file_is_refused(cli, article, tmp_path):
    (tmp_path / "locales").mkdir()
    precious = tmp_path / "precious.txt"
    precious.write_text("a translator's notes")
    (tmp_path / "locales" / ".glossator.lock").symlink_to(precious)
    one_line_error(cli("translate", article, "--to", "es"), ".glossator.lock", "symlink", "rm")
    assert precious.read_text() == "a translator's notes"


def test_lock_that_is_a_dangling_symlink_is_refused(cli, article, tmp_path):
    (tmp_path / "locales").mkdir()
    (tmp_path / "locales" / ".glossator.lock").symlink_to(tmp_path / "elsewhere")
    one_line_error(cli("translate", article, "--to", "es"), ".glossator.lock", "symlink")
    assert not (tmp_path / "elsewhere").exists()


def test_junk_lock_timeout_names_the_variable(cli, article, monkeypatch):
    monkeypatch.setenv("GLOSSATOR_LOCK_TIMEOUT", "junk")
    one_line_error(cli("translate", article, "--to", "es"), "GLOSSATOR_LOCK_TIMEOUT", "junk")


def test_dangling_po_symlink_is_one_error(cli, article, tmp_path):
    po = po_path(tmp_path)
    po.parent.mkdir(parents=True)
    po.symlink_to(tmp_path / "moved" / "story.po")
    one_line_error(cli("translate", article, "--to", "es"), "story.po", "dangling")
    assert po.is_symlink() and not (tmp_path / "moved").exists()


@pytest.mark.parametrize("text", ["", "\n\n  \n\t\n"])
def test_empty_article_is_refused_before_anything_is_written(cli, tmp_path, text):
    (tmp_path / "empty.txt").write_text(text)
    one_line_error(cli("translate", "empty.txt", "--to", "es"), "empty.txt", "no text")
    assert not (tmp_path / "locales").exists()  # not even the folder or its lock file


@pytest.mark.usefixtures("fake_engine")
def test_zero_byte_catalog_is_replaced_by_a_valid_one(cli, article, tmp_path):
    po = po_path(tmp_path)
    po.parent.mkdir(parents=True)
    po.touch()  # a crashed editor's save: no translator's work in it
    (tmp_path / "locales" / "templates").mkdir()
    (tmp_path / "locales" / "templates" / "story.pot").touch()
    r = cli("translate", article, "--to", "es", "--engine", "fake")
    assert r.exit_code == 0, r.output
    msgfmt_ok(po)
    msgfmt_ok(tmp_path / "locales" / "templates" / "story.pot")
    assert len(polib.pofile(str(po))) == 20


def edit_article(article):
    article.write_text(article.read_text() + "\nThe desk added one sentence at the end.\n")


@pytest.mark.usefixtures("fake_engine")
def test_catalog_symlink_is_written_through(cli, article, tmp_path):
    assert cli("translate", article, "--to", "es", "--engine", "fake").exit_code == 0
    po = po_path(tmp_path)
    kept = tmp_path / "translators" / "story-es.po"
    kept.parent.mkdir()
    po.rename(kept)
    po.symlink_to(kept)
    edit_article(article)
    r = cli("translate", article, "--to", "es", "--engine", "fake")
    assert r.exit_code == 0, r.output
    assert po.is_symlink() and os.readlink(po) == str(kept)
    assert "The desk added one sentence at the end." in kept.read_text()
    msgfmt_ok(kept)
    assert temps(kept.parent) == [] and temps(po.parent) == []


@pytest.mark.usefixtures("fake_engine")
def test_rewritten_catalog_keeps_mode_and_group_and_new_ones_follow_umask(cli, article, tmp_path):
    with umask(0o002):
        assert cli("translate", article, "--to", "es", "--engine", "fake").exit_code == 0
    po, pot = po_path(tmp_path), tmp_path / "locales" / "templates" / "story.pot"
    assert stat.S_IMODE(po.stat().st_mode) == 0o664 and stat.S_IMODE(pot.stat().st_mode) == 0o664
    others = [g for g in os.getgroups() if g != os.getegid()]
    group = 100 if ROOT else (others[0] if others else os.getegid())
    os.chown(po, -1, group)
    os.chmod(po, 0o660)
    edit_article(article)
    with umask(0o077):
        assert cli("translate", article, "--to", "es", "--engine", "fake").exit_code == 0
    assert "one sentence at the end" in po.read_text()
    assert stat.S_IMODE(po.stat().st_mode) == 0o660 and po.stat().st_gid == group


# --- compile -------------------------------------------------------------------------------------

def write_po(path, msgstr, broken=False):
    """A valid catalog, or with ``broken`` one that polib reads but msgfmt refuses (line 5)."""
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "es",
                   "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    po.append(polib.POEntry(msgid="Hello", msgstr=msgstr))
    text = str(po) + "\n"
    path.write_text(text.replace(f'"{msgstr}"', f'"\\q{msgstr}"') if broken else text)


def test_compile_checks_every_catalog_before_writing_any(cli, tmp_path):
    write_po(tmp_path / "a.po", "Hola")
    write_po(tmp_path / "b.po", "Hola", broken=True)
    one_line_error(cli("compile", "a.po", "b.po"), "b.po")
    assert not (tmp_path / "a.mo").exists() and not (tmp_path / "b.mo").exists()


def test_compiled_mo_follows_umask(cli, tmp_path):
    write_po(tmp_path / "a.po", "Hola")
    with umask(0o027):
        assert cli("compile", "a.po").exit_code == 0
    assert stat.S_IMODE((tmp_path / "a.mo").stat().st_mode) == 0o640
    assert polib.mofile(str(tmp_path / "a.mo")).find("Hello").msgstr == "Hola"


def test_catalog_path_starting_with_a_dash_is_not_an_option(cli, tmp_path):
    write_po(tmp_path / "-c.po", "Hola")
    write_po(tmp_path / "-v.po", "Hola", broken=True)
    assert cli("stats", "--", "-c.po").exit_code == 0
    one_line_error(cli("stats", "--", "-v.po"), "-v.po:", "invalid control sequence")


# --- glossary export -o and tm export -o ---------------------------------------------------------

EXPORTS = [("glossary", "export"), ("tm", "export")]


@pytest.mark.parametrize("command", EXPORTS)
def test_export_into_a_missing_folder(cli, tmp_path, command):
    one_line_error(cli(*command, "-o", "missing/out.x"), "missing/out.x", "no such folder")
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize("command", EXPORTS)
def test_export_onto_a_folder(cli, tmp_path, command):
    (tmp_path / "exports").mkdir()
    one_line_error(cli(*command, "-o", "exports"), "exports", "is a folder")
    assert list((tmp_path / "exports").iterdir()) == []


@pytest.mark.parametrize("command", EXPORTS)
def test_dash_means_standard_output(cli, tmp_path, command):
    r = cli(*command, "-o", "-")
    assert r.exit_code == 0, r.output
    assert not (tmp_path / "-").exists() and r.stdout.strip()


@pytest.mark.parametrize("command", EXPORTS)
def test_export_onto_a_fifo_is_refused_and_kept(cli, tmp_path, command):
    os.mkfifo(tmp_path / "pipe")
    with no_hang():
        one_line_error(cli(*command, "-o", "pipe"), "pipe", "FIFO", "standard output")
    assert stat.S_ISFIFO((tmp_path / "pipe").stat().st_mode)


@pytest.mark.skipif(not ROOT, reason="creating a device node (mknod) needs root")
@pytest.mark.parametrize("command", EXPORTS)
def test_export_onto_a_device_is_refused_and_kept(cli, tmp_path, command):
    os.mknod(tmp_path / "full", 0o600 | stat.S_IFCHR, os.makedev(1, 7))
    (tmp_path / "link.csv").symlink_to(tmp_path / "full")
    for target in ("full", "link.csv"):
        one_line_error(cli(*command, "-o", target), target, "device")
    assert stat.S_ISCHR((tmp_path / "full").stat().st_mode) and (tmp_path / "link.csv").is_symlink()


def test_export_through_a_symlink_writes_its_target(cli, tmp_path):
    (tmp_path / "shared").mkdir()
    target = tmp_path / "shared" / "desk.tbx"
    target.write_text("old")
    (tmp_path / "desk.tbx").symlink_to("shared/desk.tbx")
    with umask(0o022):
        assert cli("glossary", "export", "-f", "tbx", "-o", "desk.tbx").exit_code == 0
    assert (tmp_path / "desk.tbx").is_symlink() and "<martif" in target.read_text()


def test_export_onto_a_full_disk(cli, small_tmpfs):
    out = small_tmpfs / "all.csv"
    one_line_error(cli("glossary", "export", "-f", "csv-long", "-o", out), str(out), "No space left", "free")
    assert temps(small_tmpfs) == [] and not out.exists()


def test_export_beyond_the_file_size_limit_is_one_error(tmp_path, seeded_db):
    """RLIMIT_FSIZE makes the kernel refuse the write with EFBIG: a real fault in a real process."""
    def limit():
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64_000, 64_000))  # above the database's -shm, below the export

    r = subprocess.run([sys.executable, "-P", "-m", "glossator", "glossary", "export", "-f", "csv-long",
                        "-o", "all.csv"], cwd=tmp_path, env={**os.environ, "GLOSSATOR_DB": str(seeded_db)},
                       capture_output=True, text=True, preexec_fn=limit)
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    assert r.stderr.startswith("error: all.csv: cannot write: File too large") and r.stderr.count("\n") == 1
    assert not (tmp_path / "all.csv").exists() and temps(tmp_path) == []


@pytest.mark.parametrize("mask", [0o002, 0o022])
def test_exports_follow_umask(cli, tmp_path, mask):
    with umask(mask):
        assert cli("glossary", "export", "-o", "g.csv").exit_code == 0
        assert cli("tm", "export", "-o", "t.tmx").exit_code == 0
    for name in ("g.csv", "t.tmx"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o666 & ~mask

