"""A pool of real LibreTranslate servers on loopback ports, offline, with the tests' package."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request

import polib
import pytest
from conftest import SEED_ARTICLES, requires_libretranslate

import lt_servers
from glossator.translate.engines.argos import ArgosEngine
from glossator.translate.engines.libretranslate import LibreTranslateEngine
from glossator.translate.segment import segment_document
from glossator.translate.documents import read_document

pytestmark = [requires_libretranslate, pytest.mark.slow]


def lt_formatting(pairs: list[tuple[str, str]]) -> list[str]:
    """LibreTranslate's last step on (source, translation), run by LibreTranslate's own code."""
    python = lt_servers.executable().parent / "python"
    code = ("import json, sys\nfrom libretranslate.language import improve_translation_formatting as f\n"
            "print(json.dumps([f(s, t) for s, t in json.load(sys.stdin)]))")
    out = subprocess.run([str(python), "-c", code], input=json.dumps(pairs), capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def segments_of(path) -> list[str]:
    return [s.text for s in segment_document(read_document(path))]


def zh_catalog(root, stem):
    return root / "locales" / "zh_CN" / "LC_MESSAGES" / f"{stem}.po"


def assert_complete_catalog(path, article):
    subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], check=True, capture_output=True)
    po = polib.pofile(str(path))
    ids = [e.msgid for e in po if not e.obsolete]
    assert sorted(ids) == sorted(set(segments_of(article)))  # every segment, exactly once
    assert all(e.msgstr for e in po)


def test_health_lists_pairs_and_latency_and_names_a_dead_server(cli, libretranslate_pair):
    a = libretranslate_pair[0]
    dead = f"http://127.0.0.1:{lt_servers.free_port()}"
    r = cli("engines", "--server", a.url, "--server", dead, "--json")
    assert r.exit_code == 0, r.output
    [lt] = [e for e in json.loads(r.stdout) if e["engine"] == "libretranslate"]
    up, down = lt["servers"]
    assert up["reachable"] and "en->zh-Hans" in up["pairs"] and up["latency_ms"] > 0
    assert not down["reachable"] and "Connection refused" in down["error"]
    table = cli("engines", "--server", a.url)
    assert "LibreTranslate servers" in table.stdout and a.url in table.stdout


def test_two_servers_give_the_local_argos_output_with_n_best(argos_en_zh, libretranslate_pair):
    sentences = segments_of(SEED_ARTICLES[2])
    before = [s.translate_requests() for s in libretranslate_pair]
    local = ArgosEngine().translate_batch(sentences, "en", "zh", n_best=4)
    pool = LibreTranslateEngine([s.url for s in libretranslate_pair], batch=4, in_flight=1)
    remote = pool.translate_batch(sentences, "en", "zh", n_best=4)
    formatted = iter(lt_formatting([(s, h.text) for s, hs in zip(sentences, local) for h in hs]))
    for sentence, hyps, got in zip(sentences, local, remote):
        mine = [next(formatted) for _ in hyps]
        unique = [t for i, t in enumerate(mine) if t not in mine[:i]]  # LibreTranslate drops repeated alternatives
        assert [h.text for h in got] == unique, sentence
    served = [s.translate_requests() - b for s, b in zip(libretranslate_pair, before)]
    assert sum(served) == 5 and all(n > 0 for n in served)  # 20 sentences in batches of 4, both servers used


def test_a_server_killed_mid_run_loses_nothing(cli, tmp_path, start_libretranslate):
    a, b = start_libretranslate(), start_libretranslate()
    articles = [SEED_ARTICLES[1], SEED_ARTICLES[2]]
    killed = {}

    def kill_b_after_its_first_answer():
        while b.translate_requests() < 1:
            time.sleep(0.05)
        killed["a_before"] = a.translate_requests()
        b.kill()
        killed["at"] = time.monotonic()

    watcher = threading.Thread(target=kill_b_after_its_first_answer, daemon=True)
    watcher.start()
    r = cli("translate", *articles, "--to", "zh", "--engine", "libretranslate", "--server", a.url,
            "--server", b.url, "--json")
    finished = time.monotonic()
    watcher.join(timeout=5)
    assert r.exit_code == 0, r.output
    assert killed and killed["at"] < finished and a.translate_requests() > killed["a_before"]  # A went on after
    results = json.loads(r.stdout)["results"]
    assert {x["engine"] for x in results} == {"libretranslate"}
    for article in articles:
        assert_complete_catalog(zh_catalog(tmp_path, article.stem), article)


GARBAGE_SERVER = r"""
import json, sys
from http.server import BaseHTTPRequestHandler, HTTPServer
class H(BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def reply(self, body, kind):
        self.send_response(200); self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
    def do_GET(self):  # answers /languages like LibreTranslate ...
        self.reply(json.dumps([{"code": "en", "targets": ["zh-Hans"]}]).encode(), "application/json")
    def do_POST(self):  # ... and /translate with a proxy's error page
        self.rfile.read(int(self.headers["Content-Length"]))
        self.reply(b"<html><body>502 upstream gone</body></html>", "text/html")
HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
"""


@pytest.fixture
def garbage_server():
    port = lt_servers.free_port()
    proc = subprocess.Popen([sys.executable, "-c", GARBAGE_SERVER, str(port)])
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/languages", timeout=1).read()
            break
        except OSError:
            time.sleep(0.05)
    yield url
    proc.kill()
    proc.wait()


def translated_catalog(cli, tmp_path, server_url):
    article = tmp_path / "story.txt"
    article.write_text(SEED_ARTICLES[2].read_text(encoding="utf-8"), encoding="utf-8")
    r = cli("translate", article, "--to", "zh", "--engine", "libretranslate", "--server", server_url)
    assert r.exit_code == 0, r.output
    with article.open("a", encoding="utf-8") as f:
        f.write("The forum will meet again in Beijing next year.\n")
    return article, zh_catalog(tmp_path, "story")


def test_garbage_reply_is_a_clear_error_and_the_catalog_is_untouched(cli, tmp_path, libretranslate_pair,
                                                                     garbage_server):
    article, po = translated_catalog(cli, tmp_path, libretranslate_pair[0].url)
    before = po.read_bytes()
    r = cli("translate", article, "--to", "zh", "--engine", "libretranslate", "--server", garbage_server)
    assert r.exit_code == 1
    assert "every server failed" in r.stderr and garbage_server in r.stderr and "not JSON" in r.stderr
    assert po.read_bytes() == before and not list(po.parent.glob("*.tmp"))


def test_http_500_after_retries_is_a_clear_error(cli, tmp_path, start_libretranslate, libretranslate_pair,
                                                 tmp_path_factory):
    """A real LibreTranslate whose packages carry no MiniSBD model answers every /translate
    with HTTP 500 offline (it tries to download one): a real server error."""
    from synthetic_argos import build_package

    folder = tmp_path_factory.mktemp("lt-no-sbd") / "packages"
    folder.mkdir()
    lt_servers.install_packages(folder, [build_package(tmp_path / "b1", "en", "zh", minisbd=False),
                                         build_package(tmp_path / "b2", "zh", "en", minisbd=False)])
    broken = start_libretranslate(folder)
    article, po = translated_catalog(cli, tmp_path, libretranslate_pair[0].url)
    before = po.read_bytes()
    t0 = time.monotonic()
    r = cli("translate", article, "--to", "zh", "--engine", "libretranslate", "--server", broken.url)
    assert r.exit_code == 1 and "HTTP 500 after retries" in r.stderr and broken.url in r.stderr
    # urllib3's backoff between the three retries: none before the first (Retry.get_backoff_time returns
    # 0 for one error), then backoff_factor * 2 and * 4. The old bound, 0.25 + 0.5 + 1.0, held only
    # through the server's own latency and failed at 1.74 s on a loaded machine.
    assert time.monotonic() - t0 > 0.5 + 1.0
    assert po.read_bytes() == before


def test_a_run_killed_midway_resumes_without_retranslating_what_was_written(tmp_path, libretranslate_pair):
    articles = [SEED_ARTICLES[2], SEED_ARTICLES[3]]
    env = {**os.environ, "GLOSSATOR_DB": str(tmp_path / "g.db")}
    cmd = [sys.executable, "-m", "glossator", "translate", *map(str, articles), "--to", "zh", "--engine",
           "libretranslate", "--server", libretranslate_pair[0].url, "--server", libretranslate_pair[1].url]
    proc = subprocess.Popen(cmd, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    first = zh_catalog(tmp_path, articles[0].stem)
    while not first.exists() and proc.poll() is None:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert first.exists(), proc.stderr.read()
    assert_complete_catalog(first, articles[0])  # written whole, never half
    second = zh_catalog(tmp_path, articles[1].stem)
    if second.exists():
        assert_complete_catalog(second, articles[1])
    again = subprocess.run([*cmd, "--json"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    report = {c["file"]: c for c in json.loads(again.stdout)["catalogs"]}
    assert report[str(first.relative_to(tmp_path))]["new"] == 0  # nothing of the written catalog re-sent
    assert {r["catalog"] for r in json.loads(again.stdout)["results"]} <= {str(second.relative_to(tmp_path))}
    for path, article in zip((first, second), articles):
        assert_complete_catalog(path, article)
