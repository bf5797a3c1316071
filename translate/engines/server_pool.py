"""Spreading batches over a pool of HTTP translation servers.

Each live server has ``in_flight`` slots; one ``concurrent.futures``
thread pool runs the requests, and the calling thread hands a waiting batch
to whichever server frees a slot first (``wait(FIRST_COMPLETED)``), so a
fast server takes more work than a slow one and a dead one takes none.
Retries with backoff on 429/5xx and on connection errors are urllib3's
(``Retry``, honouring Retry-After). When a server still fails after them,
or answers with something that is not a valid reply, or breaks its reply
(any ``requests`` or socket error: a cut chunked body, bad gzip, a
timeout...), it is marked down for the rest of the run and its batch goes
back to the waiting ones for the live servers. A batch is in flight on one
server at a time, so each is translated exactly once; results are put back
in input order, so the output does not depend on which server translated
what.

An error that no other server would answer differently (an unsupported
language, a refused API key) stops the run at once. Any other exception is
a bug in Glossator, not a server failure: it stops the run too and reaches
the user with its traceback, so that it gets reported. Either way nothing
keeps waiting: the calling thread owns the loop and every future ends.

The failover itself is written here: no HTTP library moves work between
hosts.
"""

from __future__ import annotations

import http.client
import threading
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from .base import EngineFailed

RETRY_STATUS = (429, 500, 502, 503, 504)


class ServerDown(Exception):
    """This server cannot answer now; another one may."""


class RequestRefused(EngineFailed):
    """Every server would refuse this request (HTTP 400/401/403 and the like)."""


def server_failures() -> tuple[type[BaseException], ...]:
    """Exceptions that say "this server failed", whatever layer raised them: every ``requests``
    error (ChunkedEncodingError, ContentDecodingError, SSLError, InvalidJSONError...), urllib3's
    and http.client's when one slips through unwrapped, and socket errors (OSError)."""
    import requests
    import urllib3

    return (ServerDown, requests.RequestException, urllib3.exceptions.HTTPError, http.client.HTTPException, OSError)


@dataclass
class Server:
    url: str
    up: bool = True
    error: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def mark_down(self, error: str) -> None:
        with self.lock:
            if self.up:
                self.up, self.error = False, error


def session(in_flight: int, retries: int, backoff: float):
    """A requests session whose adapter retries idempotent POSTs too (a translation is one)."""
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry

    retry = Retry(total=retries, connect=retries, read=1, status=retries, backoff_factor=backoff,
                  backoff_max=10, status_forcelist=RETRY_STATUS, allowed_methods=None,
                  respect_retry_after_header=True, raise_on_status=False)
    s = requests.Session()
    adapter = HTTPAdapter(max_retries=retry, pool_connections=1, pool_maxsize=max(1, in_flight))
    s.mount("http://", adapter)
    s.mount("https://", adapter)
    return s


def _describe(exc: BaseException) -> str:
    return str(exc) if isinstance(exc, ServerDown) else f"{type(exc).__name__}: {exc}"


class ServerPool:
    def __init__(self, urls: Sequence[str], *, in_flight: int = 2, retries: int = 3, backoff: float = 0.25):
        if not urls:
            raise ValueError("a server pool needs at least one URL")
        self.servers = [Server(u) for u in dict.fromkeys(u.rstrip("/") for u in urls)]  # a/ and a: one server
        self.in_flight = max(1, in_flight)
        self._sessions = {s.url: session(self.in_flight, retries, backoff) for s in self.servers}

    def slots(self) -> int:
        """Requests in flight when every live server is busy."""
        return max(1, len(self.live()) * self.in_flight)

    def live(self) -> list[Server]:
        return [s for s in self.servers if s.up]

    def session_for(self, server: Server):
        return self._sessions[server.url]

    def run(self, batches: Sequence, call: Callable) -> list:
        """``call(session, server_url, batch)`` for every batch, spread over the live servers."""
        if not batches:
            return []
        failures = server_failures()
        waiting = deque(enumerate(batches))
        results: list = [None] * len(batches)
        remaining = len(batches)
        running: dict[Future, tuple[Server, int, object]] = {}
        busy = {s.url: 0 for s in self.servers}
        executor = ThreadPoolExecutor(max_workers=len(self.servers) * self.in_flight, thread_name_prefix="pool")
        clean = False
        try:
            while remaining:
                self._hand_out(waiting, running, busy, executor, call)
                if not running:  # batches wait, and no live server is left to take them
                    break
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    server, index, batch = running.pop(future)
                    busy[server.url] -= 1
                    try:
                        results[index] = future.result()
                        remaining -= 1
                    except RequestRefused:
                        raise
                    except failures as exc:
                        server.mark_down(_describe(exc))
                        waiting.appendleft((index, batch))
            clean = True
        finally:
            # on an error, queued calls are cancelled and the ones in flight end on their own timeouts
            executor.shutdown(wait=clean, cancel_futures=True)
        if remaining:
            raise EngineFailed(
                f"every server failed; {remaining} of {len(batches)} batches untranslated: "
                + "; ".join(f"{s.url}: {s.error}" for s in self.servers if not s.up),
                hint="start or fix a server, then run the same command again: what was written is kept",
            )
        return results

    def _hand_out(self, waiting: deque, running: dict, busy: dict, executor: ThreadPoolExecutor,
                  call: Callable) -> None:
        """Give waiting batches to free slots, interleaved over the servers (A, B, A, B), so that a
        short run's first batches go to different servers."""
        while waiting:
            free = [s for s in self.live() if busy[s.url] < self.in_flight]
            if not free:
                return
            server = min(free, key=lambda s: busy[s.url])
            index, batch = waiting.popleft()
            busy[server.url] += 1
            running[executor.submit(call, self.session_for(server), server.url, batch)] = (server, index, batch)
