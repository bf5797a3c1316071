"""The server pool: order kept, each batch exactly once, failover, and never a hang.

The pool's own tests call a plain function per batch; the engine's tests run
real HTTP servers on 127.0.0.1 (tests/stub_servers.py) that break their
replies at the byte level, beside a good one.
"""

from __future__ import annotations

import collections
import random
import threading
import time

import pytest
import requests
from stub_servers import StubServer, good_translation

from glossator.translate.engines.base import EngineFailed
from glossator.translate.engines.libretranslate import LibreTranslateEngine
from glossator.translate.engines.server_pool import RequestRefused, ServerDown, ServerPool

A, B = "http://a.invalid", "http://b.invalid"


def bounded(fn, seconds: float = 30):
    """``fn()`` in a thread; fails the test if it has not returned after ``seconds``."""
    box: dict = {}

    def target():
        try:
            box["value"] = fn()
        except BaseException as exc:  # handed to the test thread
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s: the pool hangs"
    if "error" in box:
        raise box["error"]
    return box["value"]


class Calls:
    """Records which server got which batch, under a lock (calls come from pool threads)."""

    def __init__(self, fail=None):
        self.lock = threading.Lock()
        self.by_batch: collections.Counter = collections.Counter()
        self.by_server: collections.Counter = collections.Counter()
        self.answered: collections.Counter = collections.Counter()
        self.fail = fail or (lambda url, batch: None)

    def __call__(self, session, url, batch):
        with self.lock:
            self.by_batch[batch] += 1
            self.by_server[url] += 1
        time.sleep(random.uniform(0, 0.01))
        self.fail(url, batch)
        with self.lock:
            self.answered[batch] += 1
        return f"{batch}@{url}"


def test_results_come_back_in_input_order_each_batch_answered_once():
    pool = ServerPool([A, B], in_flight=3)
    calls = Calls()
    batches = [f"b{i}" for i in range(60)]
    results = bounded(lambda: pool.run(batches, calls))
    assert [r.split("@")[0] for r in results] == batches
    assert set(calls.by_batch.values()) == {1} and len(calls.by_batch) == 60
    assert calls.by_server[A] > 10 and calls.by_server[B] > 10  # both servers worked


def test_a_failing_server_is_taken_out_and_its_batches_go_to_the_others():
    def a_breaks(url, batch):
        if url == A:
            raise requests.exceptions.ChunkedEncodingError("Connection broken: IncompleteRead(10 bytes read)")

    pool = ServerPool([A, B], in_flight=2)
    calls = Calls(a_breaks)
    batches = [f"b{i}" for i in range(20)]
    results = bounded(lambda: pool.run(batches, calls))
    assert results == [f"{b}@{B}" for b in batches]
    assert set(calls.answered.values()) == {1} and len(calls.answered) == 20
    assert calls.by_server[A] <= 2  # its slots' first batches, then never again
    [down] = [s for s in pool.servers if not s.up]
    assert down.url == A and "ChunkedEncodingError" in down.error


@pytest.mark.parametrize("error", [
    requests.exceptions.ContentDecodingError("bad gzip"),
    requests.exceptions.InvalidJSONError("bad JSON"),
    requests.exceptions.SSLError("certificate verify failed"),
    requests.exceptions.ReadTimeout("read timed out"),
    ConnectionResetError(104, "Connection reset by peer"),
    ServerDown("HTTP 503 after retries"),
], ids=lambda e: type(e).__name__)
def test_every_requests_and_socket_error_is_a_server_failure(error):
    def a_breaks(url, batch):
        if url == A:
            raise error

    pool = ServerPool([A, B], in_flight=1)
    results = bounded(lambda: pool.run(["x", "y", "z"], Calls(a_breaks)))
    assert results == [f"x@{B}", f"y@{B}", f"z@{B}"]
    assert not pool.servers[0].up


def test_when_every_server_fails_the_error_names_each_one():
    def all_break(url, batch):
        raise requests.exceptions.ChunkedEncodingError(f"cut by {url}")

    pool = ServerPool([A, B], in_flight=2)
    with pytest.raises(EngineFailed) as err:
        bounded(lambda: pool.run(["x", "y", "z"], Calls(all_break)))
    text = str(err.value)
    assert "every server failed; 3 of 3 batches untranslated" in text
    assert f"cut by {A}" in text and f"cut by {B}" in text and "run the same command again" in text


def test_a_refused_request_stops_the_run_at_once():
    def refuse(url, batch):
        raise RequestRefused("HTTP 403: invalid API key")

    pool = ServerPool([A, B], in_flight=2)
    calls = Calls(refuse)
    with pytest.raises(RequestRefused):
        bounded(lambda: pool.run([f"b{i}" for i in range(40)], calls))
    assert sum(calls.by_batch.values()) <= 4  # the first ones in flight, no more


def test_an_unexpected_exception_is_raised_not_swallowed_and_nothing_hangs():
    """A bug (here a KeyError) is not a server failure: the run stops with it, so it gets reported,
    and the other workers do not poll forever (they did: the batch was lost, the count never reached 0)."""
    def bug(url, batch):
        if batch == "b3":
            raise KeyError("a bug in Glossator")

    pool = ServerPool([A, B], in_flight=2)
    with pytest.raises(KeyError, match="a bug in Glossator"):
        bounded(lambda: pool.run([f"b{i}" for i in range(10)], Calls(bug)), seconds=10)
    assert all(s.up for s in pool.servers)  # a bug says nothing about the servers


# -- real HTTP servers that break their replies ------------------------------------------------

@pytest.fixture
def stub():
    started = []

    def start(mode="good", **kw):
        server = StubServer(mode, **kw)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


SENTENCES = [f"Sentence number {i}." for i in range(12)]
BROKEN = ["cut_chunked", "bad_gzip", "hang", "wrong_shape", "wrong_count", "not_json", "close"]


@pytest.mark.parametrize("mode", BROKEN)
def test_one_broken_server_and_one_good_give_the_good_servers_results(stub, mode):
    broken, good = stub(mode), stub("good")
    engine = LibreTranslateEngine([broken.url, good.url], batch=2, in_flight=2, timeout=1, retries=1, backoff=0)
    started = time.monotonic()
    out = bounded(lambda: engine.translate_batch(SENTENCES, "en", "zh", n_best=1))
    assert [h[0].text for h in out] == [good_translation(s) for s in SENTENCES]
    assert broken.translate_calls, "the broken server was never asked: the test proves nothing"
    [down] = [s for s in engine.pool.servers if not s.up]
    assert down.url == broken.url and down.error
    assert time.monotonic() - started < 15


@pytest.mark.parametrize("mode", ["cut_chunked", "bad_gzip", "not_json"])
def test_a_server_that_breaks_its_language_list_is_skipped(stub, mode):
    broken, good = stub(mode, break_languages=True), stub("good")
    engine = LibreTranslateEngine([broken.url, good.url], batch=4, timeout=1, retries=0, backoff=0)
    out = bounded(lambda: engine.translate_batch(SENTENCES[:3], "en", "zh"))
    assert [h[0].text for h in out] == [good_translation(s) for s in SENTENCES[:3]]
    health = {h["url"]: h for h in bounded(engine.health)}
    assert not health[broken.url]["reachable"] and health[good.url]["reachable"]


def test_only_broken_servers_is_one_line_from_the_cli(cli, tmp_path, stub):
    a, b = stub("cut_chunked"), stub("bad_gzip")
    article = tmp_path / "story.txt"
    article.write_text("The minister spoke.\n\nThe talks ended.\n", encoding="utf-8")
    r = bounded(lambda: cli("translate", article, "--to", "zh", "--engine", "libretranslate",
                            "--server", a.url, "--server", b.url))
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert "every server failed" in r.stderr and a.url in r.stderr and b.url in r.stderr
    assert "ChunkedEncodingError" in r.stderr and "ContentDecodingError" in r.stderr
    assert not (tmp_path / "locales").exists() or not list((tmp_path / "locales").rglob("*.po"))


# -- the pool's bookkeeping, one rule at a time ---------------------------------------------------

def test_urls_are_deduplicated_and_lose_their_trailing_slash():
    pool = ServerPool([A + "/", A, B, B + "/"])
    assert [s.url for s in pool.servers] == [A, B]
    with pytest.raises(ValueError, match="at least one URL"):
        ServerPool([])


def test_slots_follow_the_live_servers():
    pool = ServerPool([A, B], in_flight=3)
    assert pool.slots() == 6
    pool.servers[0].mark_down("gone")
    assert pool.slots() == 3 and [s.url for s in pool.live()] == [B]
    pool.servers[0].mark_down("a second error")  # the first error is the one reported
    assert pool.servers[0].error == "gone"
    pool.servers[1].mark_down("gone too")
    assert pool.slots() == 1 and pool.live() == []


def test_no_batches_means_no_call():
    calls = Calls()
    assert ServerPool([A, B]).run([], calls) == [] and not calls.by_batch


def test_first_batches_go_to_the_servers_in_turn():
    results = bounded(lambda: ServerPool([A, B], in_flight=2).run(["b0", "b1", "b2", "b3"], Calls()))
    assert results == [f"b0@{A}", f"b1@{B}", f"b2@{A}", f"b3@{B}"]


def test_a_server_never_has_more_than_in_flight_batches_at_once():
    lock, now, peak = threading.Lock(), collections.Counter(), collections.Counter()

    def call(session, url, batch):
        with lock:
            now[url] += 1
            peak[url] = max(peak[url], now[url])
        time.sleep(0.02)
        with lock:
            now[url] -= 1
        return batch

    batches = [f"b{i}" for i in range(30)]
    assert bounded(lambda: ServerPool([A, B], in_flight=3).run(batches, call)) == batches
    assert peak == {A: 3, B: 3}


def test_a_slow_server_takes_less_of_the_work():
    calls = Calls(lambda url, batch: time.sleep(0.05) if url == A else None)
    bounded(lambda: ServerPool([A, B], in_flight=1).run([f"b{i}" for i in range(40)], calls))
    assert calls.by_server[B] > 2 * calls.by_server[A], calls.by_server


def test_the_session_retries_429_and_503_honouring_retry_after():
    """urllib3's Retry, as the pool configures it, against a real HTTP server: a POST (not
    idempotent by HTTP's rules, but a translation is) is retried after the time the server asked."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from glossator.translate.engines.server_pool import session

    replies = [(429, {"Retry-After": "1"}), (503, {}), (200, {})]
    seen = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            seen.append(time.monotonic())
            self.rfile.read(int(self.headers["Content-Length"]))
            status, headers = replies[len(seen) - 1]
            self.send_response(status)
            for k, v in {**headers, "Content-Length": "2"}.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(b"ok")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        reply = session(in_flight=1, retries=3, backoff=0).post(f"http://127.0.0.1:{server.server_port}/translate",
                                                                 json={"q": "x"}, timeout=10)
    finally:
        server.shutdown()
        server.server_close()
    assert reply.status_code == 200 and len(seen) == 3
    assert seen[1] - seen[0] >= 0.9  # Retry-After: 1
