"""Fixtures in one place: the article graph, its source text, and the real command line."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from graph.load import DATA_DIR, load_concept_graph
from graph.source import read_article

ROOT = Path(__file__).resolve().parent.parent
CLI = Path(sys.executable).with_name("concept-graph")


@pytest.fixture(scope="session")
def article_graph():
    return load_concept_graph()


def fingerprint(G):
    """The number of triples and the triples themselves (blank nodes keep their ids in one graph)."""
    return len(G), frozenset(G)


@pytest.fixture(scope="module")
def article_rdf(article_graph):
    """The article's RDF graph, checked unchanged once every test of the module has run."""
    before = fingerprint(article_graph.graph)
    yield article_graph.graph
    assert fingerprint(article_graph.graph) == before


@pytest.fixture(scope="session")
def article():
    return read_article(DATA_DIR / "article.txt")


@pytest.fixture(scope="session")
def article_text():
    return (DATA_DIR / "article.txt").read_text(encoding="utf-8")


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of the shipped data folder."""
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    return copy


def run_cli(*args: str, input: str | None = None, env: dict | None = None, timeout: float = 120):
    """Run the installed ``concept-graph`` console script, as a user would."""
    command = [str(CLI)] if CLI.exists() else [sys.executable, "-m", "graph"]
    return subprocess.run(
        [*command, *map(str, args)],
        capture_output=True,
        text=True,
        input=input,
        timeout=timeout,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def cli():
    return run_cli


@contextlib.contextmanager
def listening():
    """A plain TCP server on 127.0.0.1 that records every connection it receives: yields its
    port and the list of what each connection sent first."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.1)
    connections = []
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            conn.settimeout(1)
            try:
                connections.append(conn.recv(1024))
            except OSError:
                connections.append(b"")
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    # Prove the listener sees a connection, so "no connection" below means something.
    socket.create_connection(server.getsockname(), timeout=2).close()
    deadline = time.monotonic() + 2
    while not connections and time.monotonic() < deadline:
        time.sleep(0.01)
    assert connections, "the test listener does not work"
    connections.clear()
    try:
        yield server.getsockname()[1], connections
    finally:
        stop.set()
        thread.join()
        server.close()


@pytest.fixture
def listener():
    """A plain TCP server on 127.0.0.1 that records every connection it receives."""
    with listening() as found:
        yield found
