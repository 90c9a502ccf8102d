"""A real SPARQL endpoint for tests: the Oxigraph server shipped by the ``oxigraph`` package,
on a free local port, and fake endpoints that fail in the ways real ones do."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OxigraphServer:
    """``oxigraph serve-read-only`` over a directory loaded with ``files``."""

    def __init__(self, location: Path, files: list[Path]):
        subprocess.run(
            [OXIGRAPH, "load", "--location", str(location), "--file", *map(str, files)], check=True, capture_output=True
        )
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/query"
        self.process = subprocess.Popen(
            [OXIGRAPH, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/query?query=ASK%7B%7D", timeout=2).close()
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"oxigraph did not start: {self.process.stderr.read().decode()}") from None
                time.sleep(0.2)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


class FakeEndpoint:
    """An HTTP server on 127.0.0.1 that answers every request with ``behaviour``: "garbage"
    (not SPARQL results), "hang" (never answers in time) or "error" (HTTP 500). It records the
    requests it received."""

    def __init__(self, behaviour: str):
        self.requests: list[bytes] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (the name http.server calls)
                length = int(self.headers.get("Content-Length", 0))
                outer.requests.append(self.rfile.read(length))
                if behaviour == "hang":
                    time.sleep(5)
                if behaviour == "error":
                    self.send_response(500)
                    self.end_headers()
                    self.wfile.write(b"internal error")
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.end_headers()
                self.wfile.write(b"<html>this is not json</html>")

            do_GET = do_POST

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
