"""The registry of session graphs across worker processes: two registries sharing a spool
directory stand for two gunicorn workers of one app."""

import base64
import gc
import json
import os
import stat
import threading

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

from graph.errors import DataError
from graph.load import DATA_DIR
from graph.web import create_app
from graph.web.state import SPOOL_ENV, GraphRegistry
from tests.dash_http import answered, callback_body, callbacks
from tests.signed_graphs import concept_graph_from_edges

SKOS_FILE = b"""@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<http://example.org/a> a skos:Concept ; skos:prefLabel "A" .
"""


@pytest.fixture
def default():
    return concept_graph_from_edges(2, [])


@pytest.fixture
def workers(tmp_path, default):
    """Two registries of one app, as two worker processes see it."""
    return GraphRegistry(default, "article", spool=tmp_path), GraphRegistry(default, "article", spool=tmp_path)


def test_an_upload_in_one_worker_is_found_by_the_other(workers):
    first, second = workers
    uploaded = concept_graph_from_edges(4, [(0, 1, "+"), (1, 2, "-")])
    uploaded.graph.bind("ex", "http://example.org/mine#")
    token = first.add(uploaded, "mine.ttl")
    found, name = second.lookup(token)
    assert name == "mine.ttl" and second.known(token)
    assert found is not uploaded and isomorphic(found.graph, uploaded.graph)
    assert set(found.concepts) == set(uploaded.concepts) and len(found.relations) == 2
    assert dict(found.graph.namespaces())["ex"] == URIRef("http://example.org/mine#")
    assert second.get(token) is found  # read once, then kept


def test_blank_node_concepts_keep_their_ids_in_every_worker(workers, default):
    first, second = workers
    uploaded = concept_graph_from_edges(1, [])
    uploaded.graph.add((BNode("anon1"), SKOS.prefLabel, Literal("Anonymous")))
    uploaded.graph.add((BNode("anon1"), SKOS.broader, URIRef("http://example.org/n0")))
    token = first.add(uploaded, "b.ttl")
    assert set(second.get(token).concepts) == set(uploaded.concepts)


def test_other_sessions_see_the_default_graph(workers, default):
    first, second = workers
    token = first.add(concept_graph_from_edges(3, []), "mine.ttl")
    near_miss = token[:-1] + ("y" if token.endswith("x") else "x")  # one character off, never the token
    for registry in workers:
        assert registry.get(None) is default and registry.name(None) == "article"
        assert registry.get(near_miss) is default and not registry.known("guess")
        assert registry.get("../" + token) is default
    assert second.get(token) is not default


def test_tokens_are_unguessable_and_never_written_down(workers, tmp_path):
    first, _ = workers
    tokens = [first.add(concept_graph_from_edges(2, []), f"g{i}.ttl") for i in range(3)]
    assert len(set(tokens)) == 3 and all(len(t) >= 32 for t in tokens)
    names = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("."))
    assert len(names) == 3 and not any(t in n for t in tokens for n in names)
    for path in tmp_path.glob("*.nt"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert not any(t.encode() in path.read_bytes() for t in tokens)


def test_the_private_spool_is_made_private_and_removed_with_its_registry(default, monkeypatch):
    monkeypatch.delenv(SPOOL_ENV, raising=False)
    registry = GraphRegistry(default, "article")
    spool = registry.spool
    registry.add(concept_graph_from_edges(2, []), "a.ttl")
    assert stat.S_IMODE(spool.stat().st_mode) == 0o700
    assert DATA_DIR.resolve() not in spool.resolve().parents
    del registry
    gc.collect()
    assert not spool.exists()


def test_the_spool_named_by_the_environment_is_shared(default, tmp_path, monkeypatch):
    monkeypatch.setenv(SPOOL_ENV, str(tmp_path / "spool"))
    first, second = GraphRegistry(default, "article"), GraphRegistry(default, "article")
    token = first.add(concept_graph_from_edges(2, []), "a.ttl")
    assert second.known(token) and first.spool == second.spool == tmp_path / "spool"
    del first, second
    gc.collect()
    assert (tmp_path / "spool").is_dir()  # not ours to remove


def test_the_least_recently_used_upload_goes_first_in_every_worker(tmp_path, default):
    first = GraphRegistry(default, "article", max_uploads=2, spool=tmp_path)
    second = GraphRegistry(default, "article", max_uploads=2, spool=tmp_path)
    old = first.add(concept_graph_from_edges(2, []), "old.ttl")
    used = second.add(concept_graph_from_edges(2, []), "used.ttl")
    assert second.known(old)  # read into the second worker's memory
    assert first.known(used)
    assert first.known(old) is True  # now the most recently used
    newest = first.add(concept_graph_from_edges(2, []), "new.ttl")
    assert not second.known(used) and not first.known(used)  # dropped from the spool, then from memory
    assert second.name(old) == "old.ttl" and second.name(newest) == "new.ttl"


def test_the_spool_is_bounded_in_bytes(tmp_path, default):
    registry = GraphRegistry(default, "article", spool=tmp_path, max_spool_bytes=1)
    tokens = [registry.add(concept_graph_from_edges(3, []), f"g{i}.ttl") for i in range(3)]
    assert [registry.known(t) for t in tokens] == [False, False, True]  # the newest is always kept
    assert len(list(tmp_path.glob("*.nt"))) == 1


def test_a_session_read_by_many_callbacks_at_once_is_read_once(workers, monkeypatch):
    first, second = workers
    token = first.add(concept_graph_from_edges(50, [(i, i + 1, "+") for i in range(49)]), "chain.ttl")
    reads = []
    original = GraphRegistry._read

    def counted(self, path):
        reads.append(path)
        return original(self, path)

    monkeypatch.setattr(GraphRegistry, "_read", counted)
    found = []
    threads = [threading.Thread(target=lambda: found.append(second.get(token))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(reads) == 1 and len({id(g) for g in found}) == 1 and len(found) == 8


def test_an_upload_the_spool_cannot_take_is_refused_with_a_message(tmp_path, default):
    registry = GraphRegistry(default, "article", spool=tmp_path / "spool")
    os.rmdir(tmp_path / "spool")
    with pytest.raises(DataError, match="the server could not keep the uploaded graph"):
        registry.add(concept_graph_from_edges(2, []), "a.ttl")


def test_the_page_says_so_when_the_spool_cannot_take_an_upload(article_graph):
    app = create_app(article_graph)
    client = app.server.test_client()
    change = callbacks(client.get("/_dash-dependencies").get_json())["graph-token.data"]
    os.rmdir(app.server.extensions["concept_graph_registry"].spool)
    upload = {"contents": "data:text/turtle;base64," + base64.b64encode(SKOS_FILE).decode(), "filename": "a.ttl"}
    body = callback_body(change, {"graph-upload-file.data": upload}, ["graph-upload-file.data"])
    response = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert response.status_code == 200
    found = answered(response.data)
    assert "graph-token.data" not in found  # the session keeps its graph
    assert "the server could not keep the uploaded graph" in json.dumps(found["graph-upload-status.children"])
