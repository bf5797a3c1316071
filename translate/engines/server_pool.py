"""Spreading batches over a pool of HTTP translation servers.

Each server gets ``in_flight`` worker threads, which take batches from one
shared queue, so a fast server takes more work than a slow one and a dead
one takes none. Retries with backoff on 429/5xx and on connection errors
are urllib3's (``Retry``, honouring Retry-After). When a server still fails
after them, or answers with something that is not a valid reply, it is
marked down for the rest of the run and its batch goes back on the queue
for the live servers. Results are put back in input order, so the output
does not depend on which server translated what. A batch is kept once,
whichever server answered it first.

The failover itself is written here: no HTTP library moves work between
hosts. An error that no other server would answer differently (an
unsupported language, a refused API key) stops the run at once.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .base import EngineFailed

RETRY_STATUS = (429, 500, 502, 503, 504)


class ServerDown(Exception):
    """This server cannot answer now; another one may."""


class RequestRefused(EngineFailed):
    """Every server would refuse this request (HTTP 400/401/403 and the like)."""


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


class ServerPool:
    def __init__(self, urls: Sequence[str], *, in_flight: int = 2, retries: int = 3, backoff: float = 0.25):
        if not urls:
            raise ValueError("a server pool needs at least one URL")
        self.servers = [Server(u.rstrip("/")) for u in dict.fromkeys(urls)]
        self.in_flight = in_flight
        self._sessions = {s.url: session(in_flight, retries, backoff) for s in self.servers}

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
        todo: queue.Queue = queue.Queue()
        for item in enumerate(batches):
            todo.put(item)
        results: list = [None] * len(batches)
        done = [False] * len(batches)
        remaining = [len(batches)]
        refused: list[BaseException] = []
        state = threading.Condition()

        def worker(server: Server) -> None:
            while server.up:
                with state:
                    if remaining[0] == 0 or refused:
                        return
                try:
                    index, batch = todo.get(timeout=0.05)
                except queue.Empty:
                    continue
                try:
                    value = call(self.session_for(server), server.url, batch)
                except RequestRefused as exc:
                    with state:
                        refused.append(exc)
                        state.notify_all()
                    return
                except ServerDown as exc:
                    server.mark_down(str(exc))
                    todo.put((index, batch))
                    with state:
                        state.notify_all()
                    return
                with state:
                    if not done[index]:
                        done[index], results[index] = True, value
                        remaining[0] -= 1
                    state.notify_all()

        # interleaved (A, B, A, B), so that a short run's first batches go to different servers
        threads = [threading.Thread(target=worker, args=(s,), daemon=True, name=f"pool {s.url}")
                   for _ in range(self.in_flight) for s in self.live()]
        for t in threads:
            t.start()
        with state:
            while remaining[0] and not refused and any(t.is_alive() for t in threads):
                state.wait(timeout=0.2)
        for t in threads:
            t.join()
        if refused:
            raise refused[0]
        if remaining[0]:
            raise EngineFailed(
                f"every server failed; {remaining[0]} of {len(batches)} batches untranslated: "
                + "; ".join(f"{s.url}: {s.error}" for s in self.servers if not s.up),
                hint="start or fix a server, then run the same command again: what was written is kept",
            )
        return results
