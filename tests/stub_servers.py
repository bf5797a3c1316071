"""Real HTTP servers on 127.0.0.1 that speak LibreTranslate's wire format, well or badly.

Each runs ``http.server`` in a thread of the test process, so replies can be
broken at the byte level: a chunked body cut mid-chunk, a gzip body that is
not gzip, a reply that never comes, JSON of the wrong shape. The good one
"translates" by prefixing ``zh:``, so which server answered is visible.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LANGUAGES = [{"code": "en", "name": "English", "targets": ["zh-Hans"]},
             {"code": "zh-Hans", "name": "Chinese", "targets": ["en"]}]


def good_translation(text: str) -> str:
    return f"zh:{text}"


class StubServer:
    """``mode`` is how /translate (and /languages when ``break_languages``) answers."""

    MODES = ("good", "cut_chunked", "bad_gzip", "hang", "wrong_shape", "wrong_count", "not_json", "close")

    def __init__(self, mode: str = "good", *, break_languages: bool = False):
        assert mode in self.MODES, mode
        self.mode, self.break_languages = mode, break_languages
        self.released = threading.Event()  # ends a "hang" reply at shutdown
        self.translate_calls: list[list[str]] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                if self.path.startswith("/languages"):
                    if stub.break_languages:
                        return stub.broken(self)
                    return stub.send_json(self, LANGUAGES)
                self.send_error(404)

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                if not self.path.startswith("/translate"):
                    return self.send_error(404)
                q = body.get("q", [])
                stub.translate_calls.append(q)
                if stub.mode != "good":
                    return stub.broken(self, q)
                stub.send_json(self, {"translatedText": [good_translation(t) for t in q],
                                      "alternatives": [[] for _ in q]})

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @staticmethod
    def send_json(handler, value, status: int = 200) -> None:
        data = json.dumps(value).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def broken(self, handler, q: list[str] | None = None) -> None:
        mode = self.mode if self.mode != "good" else "cut_chunked"
        if mode == "cut_chunked":  # announce a 4 KiB chunk, send 10 bytes of it, close
            handler.send_response(200)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Transfer-Encoding", "chunked")
            handler.end_headers()
            handler.wfile.write(b"1000\r\n{\"translat")
            handler.wfile.flush()
            handler.close_connection = True
        elif mode == "bad_gzip":
            data = b"this is not gzip at all" * 4
            handler.send_response(200)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Encoding", "gzip")
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        elif mode == "hang":
            self.released.wait(60)
            handler.close_connection = True
        elif mode == "wrong_shape":
            self.send_json(handler, {"translatedText": "one string, not a list"})
        elif mode == "wrong_count":
            self.send_json(handler, {"translatedText": ["only one"] * (len(q or []) + 1)})
        elif mode == "not_json":
            data = b"<html>proxy error</html>"
            handler.send_response(200)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        elif mode == "close":  # headers promise a body that never comes
            handler.send_response(200)
            handler.send_header("Content-Length", "500")
            handler.end_headers()
            handler.wfile.write(b"[")
            handler.wfile.flush()
            handler.close_connection = True

    def stop(self) -> None:
        self.released.set()
        self.httpd.shutdown()
        self.httpd.server_close()
