"""The production entry point: the WSGI application, the gunicorn settings, and the app served
by gunicorn with two worker processes (a session's upload is seen by both)."""

import base64
import importlib.util
import json
import os
import subprocess
import sys
import time
import urllib.request

import pytest

from graph.errors import DataError
from graph.web import gunicorn_conf
from graph.web.panels import paths as paths_panel
from graph.web.panels import sparql as sparql_panel
from graph.web.wsgi import create_application
from tests.conftest import ROOT
from tests.dash_http import Connection, answered, callback_body, callbacks
from tests.servers import free_port

SKOS = b"""@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<http://example.org/a> a skos:Concept ; skos:prefLabel "Alpha" ; skos:related <http://example.org/b> .
<http://example.org/b> a skos:Concept ; skos:prefLabel "Beta" .
"""


def test_the_worker_timeout_is_above_every_deadline_of_the_app():
    assert gunicorn_conf.DEADLINES["SPARQL query"] == sparql_panel.QUERY_TIMEOUT
    assert gunicorn_conf.DEADLINES["path search"] == paths_panel.TIME_BUDGET
    assert gunicorn_conf.DEADLINES["upload parse"] >= 20
    assert gunicorn_conf.timeout > max(gunicorn_conf.DEADLINES.values())
    assert gunicorn_conf.graceful_timeout >= gunicorn_conf.timeout


def test_the_settings_are_threaded_local_and_bounded():
    assert gunicorn_conf.worker_class == "gthread" and gunicorn_conf.threads > 1 and gunicorn_conf.workers >= 2
    assert gunicorn_conf.bind.startswith("127.0.0.1:")
    assert 0 < gunicorn_conf.limit_request_line <= 8190 and 0 < gunicorn_conf.limit_request_fields <= 100
    assert gunicorn_conf.preload_app is False


def test_the_application_serves_the_graph_the_environment_names(tmp_path):
    mine = tmp_path / "mine.ttl"
    mine.write_bytes(SKOS)
    server = create_application({"CONCEPT_GRAPH_DATA": str(mine)})
    assert server.test_client().get("/health").get_json() == {"status": "ok", "concepts": 2}
    assert create_application({}).test_client().get("/health").get_json()["concepts"] == 63
    assert server.config["MAX_CONTENT_LENGTH"] < 12 * 2**20  # the request-size limit


def test_files_and_a_store_together_are_refused(tmp_path):
    with pytest.raises(DataError, match="load the store first"):
        create_application({"CONCEPT_GRAPH_DATA": "a.ttl", "CONCEPT_GRAPH_STORE": str(tmp_path)})


@pytest.fixture
def gunicorn(tmp_path):
    """The app under gunicorn with the production settings and two workers; yields its port and
    its access log, which names the worker process of every request."""
    if importlib.util.find_spec("gunicorn") is None:
        pytest.skip("gunicorn is not installed (pip install -e '.[serve]')")
    port, log = free_port(), tmp_path / "access.log"
    command = [
        *(sys.executable, "-m", "gunicorn", "-c", "python:graph.web.gunicorn_conf"),
        *("--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4"),
        *("--access-logfile", str(log), "--access-logformat", "%(p)s %(m)s %(U)s %(s)s"),
        "graph.web.wsgi:application",
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("CONCEPT_GRAPH_SPOOL", None)
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        booted = 0
        while booted < 2:
            # Both workers must be up: the first one answering does not mean the second is.
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2).close()
                booted += 1
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start: {process.stderr.read().decode()}") from None
                time.sleep(0.3)
        yield port, log
    finally:
        process.terminate()
        process.wait(30)


def worker_of_each(log, path: str) -> list[str]:
    return [line.split()[0] for line in log.read_text().splitlines() if line.split()[2] == path]


def test_gunicorn_workers_share_a_sessions_upload_and_no_one_else_sees_it(gunicorn):
    port, log = gunicorn
    page = Connection(port)
    status, data, _ = page.request("GET", "/_dash-dependencies")
    found = callbacks(json.loads(data))
    change, current = found["graph-token.data"], found["graph-current.children"]
    upload = {"contents": "data:text/turtle;base64," + base64.b64encode(SKOS).decode(), "filename": "mine.ttl"}
    status, data, _ = page.request(
        "POST",
        "/_dash-update-component",
        callback_body(change, {"graph-upload-file.data": upload}, ["graph-upload-file.data"]),
    )
    assert status == 200, data
    token = answered(data)["graph-token.data"]
    assert isinstance(token, str) and len(token) >= 32

    def shown(token) -> str:
        # A new connection per request, so the kernel hands them to either worker.
        status, data, _ = Connection(port).request(
            "POST", "/_dash-update-component", callback_body(current, {"graph-token.data": token}, ["graph-token.data"])
        )
        assert status == 200, data
        return json.dumps(answered(data)["graph-current.children"])

    seen = []
    for _ in range(60):
        seen.append(shown(token))
        answering = set(worker_of_each(log, "/_dash-update-component")[1:])
        if len(seen) >= 20 and len(answering) == 2:
            break
    assert len(answering) == 2, "every request landed on one worker"
    assert all("mine.ttl" in text and "2 concepts" in text and "your upload" in text for text in seen)
    other = shown(None)
    assert "Why people withdraw after rejection" in other and "mine.ttl" not in other
