"""A real SPARQL endpoint for tests: the Oxigraph server shipped by the ``oxigraph`` package,
on a free local port, and fake endpoints that fail in the ways real ones do."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OxigraphServer:
    """``oxigraph serve-read-only`` over a directory loaded with ``files``, on ``port`` (a free
    one by default). ``stop`` and ``start`` take it down and bring it back on the same port, as
    an endpoint that goes away for a while does."""

    def __init__(self, location: Path, files: list[Path], port: int | None = None, startup: float = 30.0):
        if files:
            subprocess.run(
                [OXIGRAPH, "load", "--location", str(location), "--file", *map(str, files)],
                check=True,
                capture_output=True,
            )
        self.location = location
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/query"
        self.startup = startup  # seconds the server may take to answer its first query
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(
            [OXIGRAPH, "serve-read-only", "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + self.startup
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/query?query=ASK%7B%7D", timeout=2).close()
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"oxigraph did not start: {self.process.stderr.read().decode()}") from None
                time.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)
        self.process.stderr.close()


#: How a ``FakeEndpoint`` answers.
BEHAVIOURS = {
    "ok": "passes the request on to its upstream endpoint and sends back the answer",
    "garbage": "200 with a body that is not SPARQL results",
    "wrong-json": "200 with JSON that is not SPARQL results (a list)",
    "hang": "answers only after ``delay`` seconds",
    "error": "HTTP 500",
    "truncated": "promises more bytes than it sends, then closes the connection",
    "huge": "200 with a body of ``huge_bytes`` bytes",
    "reset": "closes the connection without answering",
}


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client that stops reading (past its byte limit, at its timeout) is expected here


class FakeEndpoint:
    """An HTTP server on 127.0.0.1 that answers every request as ``behaviour`` says (one of
    ``BEHAVIOURS``); set ``behaviour`` at any time to change how it fails, or to "ok" to pass
    requests on to ``upstream`` (a real endpoint). It records the requests it received."""

    def __init__(self, behaviour: str, *, upstream: str | None = None, delay: float = 5.0, huge_bytes: int = 2**20):
        self.behaviour = behaviour
        self.upstream = upstream
        self.delay = delay
        self.huge_bytes = huge_bytes
        self.requests: list[bytes] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (the name http.server calls)
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                outer.requests.append(body)
                behaviour = outer.behaviour
                if behaviour == "hang":
                    time.sleep(outer.delay)
                if behaviour == "reset":
                    self.close_connection = True
                    return
                if behaviour == "ok":
                    status, kind, answer = outer.forward(body, self.headers)
                elif behaviour == "error":
                    status, kind, answer = 500, "text/plain", b"internal error"
                elif behaviour == "wrong-json":
                    status, kind, answer = 200, "application/sparql-results+json", b"[]"
                elif behaviour == "huge":
                    status, kind, answer = 200, "application/sparql-results+json", b" " * outer.huge_bytes
                else:
                    status, kind, answer = 200, "application/sparql-results+json", b"<html>this is not json</html>"
                self.send_response(status)
                self.send_header("Content-Type", kind)
                if behaviour == "truncated":
                    self.send_header("Content-Length", "1000")
                    self.end_headers()
                    self.wfile.write(b'{"head": {"vars": ["s"]}, "results": {"bindings": [')
                    self.close_connection = True
                    return
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            do_GET = do_POST

            def log_message(self, *args):
                pass

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def forward(self, body: bytes, headers) -> tuple[int, str, bytes]:
        request = urllib.request.Request(
            self.upstream,
            data=body,
            headers={"Content-Type": headers["Content-Type"], "Accept": headers["Accept"]},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.headers["Content-Type"], response.read()
        except urllib.error.HTTPError as err:
            return err.code, "text/plain", err.read()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class AppServer:
    """A Dash app served by werkzeug in a thread of this process (so its memory and its
    exceptions are the test's to read), on a free port of 127.0.0.1."""

    def __init__(self, app):
        from werkzeug.serving import make_server  # noqa: PLC0415 (only the app tests need it)

        self.app = app
        self._server = make_server("127.0.0.1", 0, app.server, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
