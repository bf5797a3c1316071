"""LibreTranslate servers as one engine: batches over a pool, n-best from ``alternatives``.

LibreTranslate is the HTTP server of the argos ecosystem and runs the same
models; glossary enforcement, PO merging and the translation memory stay
here on the client. Servers come from ``--server URL`` (repeatable) or
GLOSSATOR_LIBRETRANSLATE_URLS (comma- or space-separated); an API key from
``--api-key`` or GLOSSATOR_LIBRETRANSLATE_API_KEY.

Each text is sent as one item of ``q``. LibreTranslate splits every item
into sentences (MiniSBD) and decodes them one by one, as the local argos
engine does with each segment, so the same package gives the same
translation, up to LibreTranslate's own last step
(``improve_translation_formatting``: it copies the source's final
punctuation and initial case onto the output). It gives no scores, so
hypotheses come back ranked, without one.

Wire format: POST /translate {"q": [...], "source", "target", "format":
"text", "alternatives": k, "api_key"} -> {"translatedText": [...],
"alternatives": [[...], ...]}; GET /languages -> [{"code", "targets"}].
"""

from __future__ import annotations

import os
import re
import time
from urllib.parse import urlsplit

from glossator.glossary import langtags

from .base import EngineInfo, EngineUnavailable, Hypothesis
from .server_pool import RETRY_STATUS, RequestRefused, ServerDown, ServerPool

URLS_ENV = "GLOSSATOR_LIBRETRANSLATE_URLS"
API_KEY_ENV = "GLOSSATOR_LIBRETRANSLATE_API_KEY"
BATCH = 16  # texts per request: small enough to spread an article over the pool


def configured_urls(values: list[str] | None = None) -> list[str]:
    """Server URLs from ``--server`` values (each may hold several, comma- or space-separated,
    as the environment variable does), else from the environment variable; each one checked."""
    from_env = _split([os.environ.get(URLS_ENV, "")])
    urls = _split(values) if values else from_env
    # the CLI's --server takes the variable as its default, so compare to say where a bad URL came from
    origin = URLS_ENV if urls == from_env else "--server"
    return [checked_url(u, origin) for u in urls]


def _split(values: list[str]) -> list[str]:
    return [u for v in values for u in re.split(r"[,\s]+", v) if u]


def checked_url(url: str, origin: str = "--server") -> str:
    """``url`` if it is an http(s) URL with a host (and a valid port), else a one-line error that
    says where it came from and how to write it."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError on a port out of range or not a number
    except ValueError as exc:
        raise EngineUnavailable(f"{origin}: {url!r} is not a valid URL ({exc})",
                                hint="write it as http://HOST:PORT, e.g. http://[::1]:5000") from None
    if parts.scheme not in ("http", "https"):
        fix = f"http://{url}" if "://" not in url else "http://" + url.split("://", 1)[1]
        what = f"the scheme {parts.scheme}:// is not supported" if "://" in url else "it has no http:// or https://"
        raise EngineUnavailable(f"{origin}: {url!r} is not a LibreTranslate server URL: {what}",
                                hint=f"write it as {fix}")
    if not parts.hostname:
        raise EngineUnavailable(f"{origin}: {url!r} has no host name",
                                hint="write it as http://HOST:PORT, e.g. http://localhost:5000")
    return url


def _pairs(langs: dict[str, list[str]]) -> list[str]:
    return sorted(f"{s}->{t}" for s, ts in langs.items() for t in ts if s != t)


def _codes(tag: str) -> list[str]:
    """LibreTranslate's codes for a tag, best first (it writes zh-Hans/zh-Hant and pt-BR)."""
    lang, _, region = langtags.split(tag)
    if lang == "zh":
        return ["zh-Hant", "zt"] if langtags.script_of(tag) == "Hant" else ["zh-Hans", "zh"]
    if lang == "pt":
        return ["pt-BR", "pb", "pt"] if region == "BR" else ["pt", "pt-PT"]
    return [lang]


def _snippet(text: str) -> str:
    return repr(text[:80]) + ("..." if len(text) > 80 else "")


def _reason(exc: Exception) -> str:
    """The OS-level cause of a requests error ("[Errno 111] Connection refused"), not its wrapping."""
    found = re.search(r"\[Errno -?\d+\][^\"')]*", str(exc))
    return f"{type(exc).__name__}: {found.group(0).strip() if found else exc}"


class LibreTranslateEngine:
    name = "libretranslate"
    neighbour_free = True  # the server translates each text of a request on its own

    def __init__(self, urls: list[str] | None = None, api_key: str | None = None, *, batch: int = BATCH,
                 in_flight: int = 2, timeout: float = 120.0, retries: int = 3, backoff: float = 0.25):
        self.urls = configured_urls(urls)
        self.api_key = api_key if api_key is not None else os.environ.get(API_KEY_ENV) or None
        self.batch, self.timeout = batch, timeout
        self.pool = ServerPool(self.urls, in_flight=in_flight, retries=retries, backoff=backoff) if self.urls else None
        self._languages: dict[str, list[str]] | None = None

    # -- what the servers offer ---------------------------------------------------------------
    def health(self) -> list[dict]:
        """Per server: reachable, its language pairs, the latency of GET /languages."""
        out = []
        for server in self.pool.servers if self.pool else []:
            t0 = time.perf_counter()
            try:
                langs = self._get_languages(server)
                out.append({"url": server.url, "reachable": True, "latency_ms": round((time.perf_counter() - t0) * 1000, 1),
                            "pairs": _pairs(langs), "error": None})
            except (ServerDown, RequestRefused) as exc:
                out.append({"url": server.url, "reachable": False, "latency_ms": None, "pairs": [], "error": str(exc)})
        return out

    def _get_languages(self, server) -> dict[str, list[str]]:
        assert self.pool is not None, "servers come from the pool"
        body = self._request(self.pool.session_for(server), "GET", server.url, "/languages", timeout=(5, 30))
        try:
            return {item["code"]: list(item.get("targets", [])) for item in body}
        except (TypeError, KeyError) as exc:
            raise ServerDown(f"GET /languages: not a LibreTranslate reply ({exc!r}): {_snippet(str(body))}") from exc

    def languages(self) -> dict[str, list[str]]:
        if self._languages is None:
            errors = []
            for server in self.pool.live() if self.pool else []:
                try:
                    self._languages = self._get_languages(server)
                    break
                except (ServerDown, RequestRefused) as exc:
                    server.mark_down(str(exc))
                    errors.append(f"{server.url}: {exc}")
            else:
                raise EngineUnavailable(
                    "no LibreTranslate server answers" + (": " + "; ".join(errors) if errors else " (none configured)"),
                    hint=f"pass --server URL, or set {URLS_ENV}")
        return self._languages

    def _pair(self, source: str, target: str) -> tuple[str, str]:
        langs = self.languages()
        src = next((c for c in _codes(source) if c in langs), None)
        tgt = next((c for c in _codes(target) if src and c in langs[src]), None)
        if src is None or tgt is None:
            offered = ", ".join(_pairs(langs)) or "none"
            raise EngineUnavailable(f"the LibreTranslate servers cannot translate {source}->{target}",
                                    hint=f"they offer: {offered}")
        return src, tgt

    def supports(self, source: str, target: str) -> bool:
        try:
            self._pair(source, target)
            return True
        except EngineUnavailable:
            return False

    # -- translating ------------------------------------------------------------------------------
    def translate_batch(self, texts, source, target, n_best=1, length_cap=None):
        # length_cap is ignored: LibreTranslate's /translate takes no length setting (engines/base.py)
        if not texts:
            return []
        if self.pool is None:
            raise EngineUnavailable("no LibreTranslate server is configured", hint=f"pass --server URL, or set {URLS_ENV}")
        src, tgt = self._pair(source, target)
        payload = {"source": src, "target": tgt, "format": "text"}
        if n_best > 1:
            payload["alternatives"] = n_best - 1
        if self.api_key:
            payload["api_key"] = self.api_key
        # at most `batch` texts per request, and small enough that every server slot gets work
        size = max(1, min(self.batch, -(-len(texts) // self.pool.slots())))
        chunks = [list(texts[i:i + size]) for i in range(0, len(texts), size)]

        def call(session, url, chunk):
            reply = self._request(session, "POST", url, "/translate", json={**payload, "q": chunk},
                                  timeout=(5, self.timeout))
            return self._hypotheses(reply, chunk, n_best)

        return [h for part in self.pool.run(chunks, call) for h in part]

    def _request(self, session, method, url, path, **kw):
        """One HTTP call, after urllib3's retries; any requests error means: this server is down."""
        import requests

        try:
            response = session.request(method, url + path, **kw)
        except requests.RequestException as exc:  # refused, timed out, a cut or badly encoded reply, TLS...
            raise ServerDown(_reason(exc)) from exc
        return self._json(response, url)

    @staticmethod
    def _json(response, url):
        status = response.status_code
        if status in RETRY_STATUS:
            raise ServerDown(f"HTTP {status} after retries: {_snippet(response.text)}")
        if status >= 400:
            try:
                detail = response.json().get("error", response.text)
            except ValueError:
                detail = response.text
            hint = "check --api-key" if status in (401, 403) else None
            raise RequestRefused(f"LibreTranslate at {url} refused the request: HTTP {status}: {detail}", hint=hint)
        try:
            return response.json()
        except ValueError:
            raise ServerDown(f"HTTP {status} but not JSON: {_snippet(response.text)}") from None

    @staticmethod
    def _hypotheses(reply, chunk, n_best):
        texts = reply.get("translatedText") if isinstance(reply, dict) else None
        alts = reply.get("alternatives", [[] for _ in chunk]) if isinstance(reply, dict) else None
        if (not isinstance(texts, list) or len(texts) != len(chunk) or not all(isinstance(t, str) for t in texts)
                or not isinstance(alts, list) or len(alts) != len(chunk)):
            raise ServerDown(f"not a LibreTranslate reply for {len(chunk)} texts: {_snippet(str(reply))}")
        out = []
        for best, more in zip(texts, alts):
            ranked = [best] + [a for a in (more if isinstance(more, list) else []) if isinstance(a, str)]
            out.append([Hypothesis(t) for t in ranked[:n_best]])
        return out

    def describe(self) -> EngineInfo:
        health = self.health()
        pairs = sorted({p for h in health for p in h["pairs"]})
        return EngineInfo(self.name, pairs, n_best=True, servers=health,
                          install=f"pip install libretranslate; then --server URL or {URLS_ENV}" if not self.urls
                          else None)

