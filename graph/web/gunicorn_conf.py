"""gunicorn settings for serving the explorer in production::

    gunicorn -c python:graph.web.gunicorn_conf graph.web.wsgi:application

Threaded workers (``gthread``): a slow callback holds one thread of one worker, never a whole
worker, and the worker's main thread keeps answering gunicorn's liveness check meanwhile. Every
slow operation of the app has a deadline of its own (``DEADLINES``); the worker timeout is set
above the longest of them, so gunicorn never kills a worker for work the app would stop itself.
Runaway work (a SPARQL query, an upload's parse) runs in a forked child process that is killed
at its deadline, so it cannot hold a worker's interpreter either.

Uploads are kept in a spool directory that the workers share (``graph.web.state``): made here,
in the master process before the workers start, and removed when the server stops.

Settings from the environment: ``CONCEPT_GRAPH_BIND`` (default ``127.0.0.1:8050``: put a reverse
proxy in front rather than binding a public address), ``WEB_CONCURRENCY`` (worker processes,
default 2) and ``CONCEPT_GRAPH_THREADS`` (threads per worker, default 8); gunicorn's own command
line options override them all.
"""

from __future__ import annotations

import inspect
import os
import shutil
import tempfile

from graph.upload import load_upload, validate_upload
from graph.web.panels import loops as loops_panel
from graph.web.panels import paths as paths_panel
from graph.web.panels import sparql as sparql_panel
from graph.web.state import SPOOL_ENV


def _default(function, parameter: str) -> float:
    return inspect.signature(function).parameters[parameter].default


#: Seconds each slow callback may take at most, from the library's own limits. An upload may
#: first wait for another upload's parse (``graph.upload`` parses one at a time), then parse.
DEADLINES = {
    "SPARQL query": sparql_panel.QUERY_TIMEOUT,
    "path search": paths_panel.TIME_BUDGET,
    "feedback loops": loops_panel.TIME_BUDGET,
    "upload parse": 2 * _default(load_upload, "timeout"),
    "upload validation": _default(validate_upload, "timeout"),
}
#: What an upload does after its parse, in the worker: reading the parsed triples back and
#: spooling them, about 10 s at the upload limit of 100,000 triples on a busy machine.
MARGIN = 20

bind = os.environ.get("CONCEPT_GRAPH_BIND", "127.0.0.1:8050")
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("CONCEPT_GRAPH_THREADS", "8"))
timeout = int(max(DEADLINES.values()) + MARGIN)
graceful_timeout = timeout
keepalive = 5
# Each worker loads the graph itself: a pyoxigraph store must be opened in the process that
# uses it, not inherited through a fork.
preload_app = False
# The app's URLs are short (a shared view's query string is well under 1 kB), and so are its
# headers; request bodies are limited by the app itself (8 MB uploads, a 413 beyond).
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190
# The heartbeat file in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# gunicorn 24+ opens a control socket at one path per user: several servers on one machine
# would share it, and the explorer needs no runtime control (older versions ignore the name).
control_socket_disable = True
errorlog = "-"
loglevel = "info"

_made_spool: str | None = None


def on_starting(server) -> None:
    """Make the upload spool the workers share (unless the environment names one)."""
    global _made_spool
    if not os.environ.get(SPOOL_ENV):
        _made_spool = tempfile.mkdtemp(prefix="concept-graph-uploads-")  # mode 0700
        os.environ[SPOOL_ENV] = _made_spool


def on_exit(server) -> None:
    if _made_spool:
        shutil.rmtree(_made_spool, ignore_errors=True)
