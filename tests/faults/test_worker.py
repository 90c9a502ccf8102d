"""A query worker that dies mid-query (killed from outside with SIGKILL, or out of memory): a
clear message, and the next query works, in the library, the command line and the explorer.

Users' SPARQL runs in a forked child (``graph.sandbox``); these tests find that child while a
long query runs and kill it, as the kernel's OOM killer or an operator would.
"""

import multiprocessing
import os
import re
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from graph.backends import open_backend
from graph.errors import QueryTimeout
from graph.sparql import run_query
from graph.web import create_app, ids
from graph.web.large import LARGE_QUERY, LARGE_QUERY_RESULT, LARGE_QUERY_RUN
from tests.conftest import CLI, ROOT
from tests.dash_http import texts
from tests.faults.callbacks import fire

#: Runs for minutes on the article (a triple cross join): it ends only when its worker is killed.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
QUICK = "SELECT ?l WHERE { ?c a cg:Strategy ; skos:prefLabel ?l } ORDER BY ?l LIMIT 1"
#: Doubles a label 28 times: gigabytes of text, past any memory cap.
HOG = (
    "SELECT ?x0 WHERE { ?c skos:prefLabel ?x0 "
    + " ".join(f"BIND(CONCAT(?x{i}, ?x{i}) AS ?x{i + 1})" for i in range(28))
    + " } LIMIT 1"
)
KILLED_TEXT = "stopped: its process was killed (SIGKILL)"
KILLED = re.escape(KILLED_TEXT)


def kill_worker_of(parent_pid: int | None = None, wait: float = 30) -> int:
    """SIGKILL the sandbox child of ``parent_pid`` (this process by default) once it runs."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if parent_pid is None:
            workers = [p.pid for p in multiprocessing.active_children() if p.name.startswith("limited:")]
        else:
            workers = _children(parent_pid)
        if workers:
            time.sleep(0.3)  # well into the query
            os.kill(workers[0], signal.SIGKILL)
            return workers[0]
        time.sleep(0.05)
    raise AssertionError("no query worker started")


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:  # a thread that ended meanwhile
            continue
    return found


def in_background(function, *args):
    """Run ``function`` in a thread; the returned callable gives its result or raises its error."""
    outcome = {}

    def run():
        try:
            outcome["value"] = function(*args)
        except Exception as err:  # handed to the test below
            outcome["error"] = err

    thread = threading.Thread(target=run)
    thread.start()

    def result():
        thread.join(60)
        if "error" in outcome:
            raise outcome["error"]
        return outcome["value"]

    return result


# The library -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def store_backend(article_store):
    return open_backend(store=article_store)


def test_a_killed_worker_on_a_graph_in_memory_is_reported_and_the_next_query_works(article_graph):
    result = in_background(lambda: run_query(article_graph.graph, ENDLESS, timeout=60))
    kill_worker_of()
    with pytest.raises(QueryTimeout, match=f"^query {KILLED}"):
        result()
    assert run_query(article_graph.graph, QUICK).rows == (("Cognitive reframing",),)


def test_a_killed_worker_on_a_store_is_reported_and_the_next_query_works(store_backend):
    result = in_background(lambda: store_backend.query(ENDLESS, timeout=60))
    kill_worker_of()
    with pytest.raises(QueryTimeout, match=f"^query {KILLED}"):
        result()
    assert store_backend.query(QUICK).rows == (("Cognitive reframing",),)


def test_a_worker_out_of_memory_is_reported_and_the_next_query_works(article_graph, store_backend):
    start = time.monotonic()
    with pytest.raises(QueryTimeout, match="^query stopped: it needed more than its 64 MB of memory"):
        run_query(article_graph.graph, HOG, timeout=60, memory_mb=64)
    # pyoxigraph aborts when an allocation fails: the worker dies of SIGABRT at its 1024 MB cap
    aborted = r"^query stopped: its process aborted \(SIGABRT\), most likely at its .* memory limit"
    with pytest.raises(QueryTimeout, match=aborted):
        store_backend.query(HOG, timeout=60)
    assert time.monotonic() - start < 30  # stopped by memory, not by the clock
    assert run_query(article_graph.graph, QUICK).rows == store_backend.query(QUICK).rows == (("Cognitive reframing",),)


# The command line ------------------------------------------------------------------------------
def test_the_command_line_says_its_worker_was_killed(article_store):
    process = subprocess.Popen(
        [str(CLI), "query", ENDLESS, "--store", str(article_store), "--timeout", "60"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    kill_worker_of(process.pid)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 1 and out == ""
    assert re.fullmatch(f"Error: query {KILLED}, .*\n", err), err


# The running explorer --------------------------------------------------------------------------
def run_in_page(app, text: str) -> str:
    values = {f"{LARGE_QUERY_RUN}.n_clicks": 1, f"{LARGE_QUERY}.value": text}
    code, out = fire(app, f"{LARGE_QUERY_RESULT}.children", values, f"{LARGE_QUERY_RUN}.n_clicks")
    assert code == 200
    return " ".join(texts(out[f"{LARGE_QUERY_RESULT}.children"]))


def test_the_explorer_says_its_worker_was_killed_and_runs_the_next_query(store_backend):
    app = create_app(backend=store_backend)
    result = in_background(run_in_page, app, ENDLESS)
    kill_worker_of()
    assert result().startswith(f"query {KILLED_TEXT}")
    assert run_in_page(app, "ASK { ?s skos:prefLabel ?o }") == "true"


def test_the_article_explorer_says_its_worker_was_killed_and_runs_the_next_query(article_graph):
    app = create_app(article_graph)

    def run(text: str) -> tuple[str, str]:
        values = {f"{ids.SPARQL_RUN}.n_clicks": 1, f"{ids.SPARQL_QUERY}.value": text}
        code, out = fire(app, f"{ids.SPARQL_TABLE}.children", values, f"{ids.SPARQL_RUN}.n_clicks")
        assert code == 200
        return " ".join(texts(out[f"{ids.SPARQL_TABLE}.children"])), " ".join(
            texts(out[f"{ids.SPARQL_STATUS}.children"])
        )

    result = in_background(run, ENDLESS)
    kill_worker_of()
    table, status = result()
    assert table == "" and KILLED_TEXT in status, status
    table, status = run(QUICK)
    assert "Cognitive reframing" in table
