"""Real LibreTranslate servers on loopback ports, offline, for the tests and bench/.

LibreTranslate pins its own argostranslate fork, polib 1.1 and numpy < 2,
so it lives in its own virtualenv (``make libretranslate``:
``.venv-libretranslate/``; or GLOSSATOR_LIBRETRANSLATE_BIN). What it needs
to start offline, found by running it here:

* at least two installed packages: with fewer, ``boot()`` fetches the argos
  index (fails), then argos re-reads the missing index recursively (about
  100 s of DNS failures until RecursionError), or, given an index, MiniSBD
  retries its model downloads ten times with backoff (511 s);
* a MiniSBD model inside the package (``minisbd/*.onnx``): otherwise every
  /translate downloads one first and answers HTTP 500 offline.

So the servers get the tests' en->zh package plus a zh->en one, both with
the synthetic never-split MiniSBD model (tests/synthetic_argos.py).

Compute type: LibreTranslate's fork, like argos-translate-lt, passes no
``compute_type`` to CTranslate2 when ARGOS_COMPUTE_TYPE is "auto" (the
default), so a package decodes in the type it was saved in; Glossator's
argos engine does the same, so the servers run on their defaults.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def executable() -> Path | None:
    configured = os.environ.get("GLOSSATOR_LIBRETRANSLATE_BIN")
    path = Path(configured) if configured else REPO / ".venv-libretranslate" / "bin" / "libretranslate"
    return path if path.exists() else None


def install_packages(packages_dir: Path, archives: list[Path]) -> None:
    """Install with the server's own argostranslate (a fork), as its users would."""
    python = executable().parent / "python"
    code = "import sys, argostranslate.package as p\nfor f in sys.argv[1:]: p.install_from_path(f)"
    subprocess.run([str(python), "-c", code, *map(str, archives)], check=True, capture_output=True,
                   env={"PATH": os.environ.get("PATH", ""), "HOME": str(packages_dir.parent),
                        "ARGOS_PACKAGES_DIR": str(packages_dir)})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, packages_dir: Path, work: Path, *, threads: int = 4):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        work.mkdir(parents=True, exist_ok=True)
        (work / "metrics").mkdir(exist_ok=True)
        self.log = work / "server.log"
        env = {"PATH": os.environ.get("PATH", ""), "HOME": str(work), "ARGOS_PACKAGES_DIR": str(packages_dir),
               "PROMETHEUS_MULTIPROC_DIR": str(work / "metrics"), "ARGOS_DEVICE_TYPE": "cpu",
               "ARGOS_INTER_THREADS": "1", "ARGOS_INTRA_THREADS": "1"}
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                [str(executable()), "--host", "127.0.0.1", "--port", str(self.port), "--disable-web-ui",
                 "--disable-files-translation", "--threads", str(threads), "--metrics"],
                cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self._wait_up()

    def _wait_up(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"LibreTranslate exited with {self.proc.returncode}: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=1) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.kill()
        raise RuntimeError(f"LibreTranslate not up after {timeout} s: {self.log.read_text()[-2000:]}")

    def translate_requests(self) -> int:
        """Answered /translate requests, from the server's own Prometheus metrics."""
        with urllib.request.urlopen(f"{self.url}/metrics", timeout=5) as r:
            text = r.read().decode()
        return int(sum(float(m) for m in re.findall(
            r'libretranslate_http_request_duration_seconds_count\{[^}]*endpoint="/translate"[^}]*\} (\S+)', text)))

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
