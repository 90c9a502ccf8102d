"""The three ways to open a graph give the same answers: in memory, an on-disk store, and a
real SPARQL endpoint (Oxigraph's server)."""

import io

import pytest
from rdflib.compare import isomorphic

from graph.backends import MemoryBackend, SparqlBackend, open_backend
from graph.errors import DataError, QueryTimeout, UnsafeQueryError
from graph.load import DEFAULT_FILES, DEFAULT_PATHS, load_concept_graph, parse_rdf
from graph.sources import EndpointError, EndpointSource, open_store
from tests.servers import FakeEndpoint, OxigraphServer, free_port


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("store")
    open_store(directory, DEFAULT_PATHS)  # load once; the backends below reopen it
    return directory


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph"), DEFAULT_PATHS)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def backends(store_dir, endpoint):
    return {
        "memory": open_backend(),
        "store": open_backend(store=store_dir),
        "endpoint": open_backend(endpoint=endpoint.url),
    }


def iri(backend, name):
    return str(backend.resolve(name).iri)


def test_kinds(backends):
    assert isinstance(backends["memory"], MemoryBackend) and not backends["memory"].large
    assert isinstance(backends["store"], SparqlBackend) and backends["store"].large
    assert isinstance(backends["endpoint"].source, EndpointSource)


@pytest.mark.parametrize("name", ["isolation", "Rejection", "concept:social-pain", "social-withdrawal", "cingulate"])
def test_same_concepts(backends, name):
    found = {kind: backend.resolve(name) for kind, backend in backends.items()}
    assert len({(c.iri, c.label, c.category_label, c.alt_labels, c.definition) for c in found.values()}) == 1


def test_same_search(backends):
    results = {kind: [c.label for c in backend.search("self")] for kind, backend in backends.items()}
    assert results["memory"] and len({tuple(sorted(r)) for r in results.values()}) == 1


@pytest.mark.parametrize("depth", [1, 2])
def test_same_neighbours(backends, depth):
    pieces = {kind: b.neighbourhood(iri(b, "isolation"), depth).graph for kind, b in backends.items()}
    assert len({frozenset(g) for g in pieces.values()}) == 1
    assert len({frozenset(g.edges(keys=True)) for g in pieces.values()}) == 1


@pytest.mark.parametrize("directed, cutoff", [(True, 4), (False, 3)])
def test_same_paths(backends, directed, cutoff):
    found = {}
    for kind, backend in backends.items():
        _, search = backend.paths(
            iri(backend, "rejection"), iri(backend, "isolation"), k=100, cutoff=cutoff, directed=directed
        )
        found[kind] = search
        assert all(h.evidence for p in search.paths for h in p.hops if h.relation.startswith("https://w3id.org"))
    assert len({frozenset(p.nodes for p in s.paths) for s in found.values()}) == 1
    assert len({s.truncated for s in found.values()}) == 1


def test_same_interventions(backends):
    best = {}
    for kind, backend in backends.items():
        _, report = backend.interventions(iri(backend, "rejection"), iri(backend, "isolation"))
        best[kind] = [(s.label, s.paths_cut) for s in report.strategies]
    assert best["memory"] and len({tuple(v) for v in best.values()}) == 1


def test_loops_on_a_store_and_refused_on_an_endpoint(backends):
    _, memory = backends["memory"].loops(6)
    _, store = backends["store"].loops(6)
    assert {frozenset(loop.nodes) for loop in memory.loops} == {frozenset(loop.nodes) for loop in store.loops}
    with pytest.raises(DataError, match="not searched on an endpoint"):
        backends["endpoint"].loops(6)


def test_queries_are_checked_and_bounded_everywhere(backends):
    for backend in backends.values():
        result = backend.query("SELECT ?l WHERE { ?c a cg:Strategy ; skos:prefLabel ?l } ORDER BY ?l")
        assert [row[0] for row in result.rows][:1] == ["Cognitive reframing"]
        with pytest.raises(UnsafeQueryError):
            backend.query("DELETE WHERE { ?s ?p ?o }")
        with pytest.raises(UnsafeQueryError):
            backend.query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    with pytest.raises(QueryTimeout):
        backends["store"].query("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", timeout=1)


def test_the_store_exports_what_was_loaded(backends):
    out = io.BytesIO()
    backends["store"].export(out, "nt")
    assert isomorphic(parse_rdf(out.getvalue(), "nt"), load_concept_graph().graph)


def test_a_store_survives_a_restart_without_reparsing(tmp_path):
    store = open_store(tmp_path / "s", DEFAULT_PATHS)
    del store
    reopened = open_store(tmp_path / "s", DEFAULT_PATHS)  # same files: nothing to load, opened read-only
    assert reopened.ask("ASK { ?s ?p ?o }")
    assert [f["name"] for f in reopened.info.files] == list(DEFAULT_FILES)


def test_store_errors(tmp_path):
    with pytest.raises(DataError, match="not a concept-graph store"):
        open_store(tmp_path / "empty")
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n")
    with pytest.raises(DataError):
        open_store(tmp_path / "s2", [broken])


def test_endpoint_never_receives_an_update(endpoint):
    backend = open_backend(endpoint=endpoint.url)
    with pytest.raises(UnsafeQueryError):
        backend.query("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert not backend.source.ask("ASK { <urn:a> <urn:b> <urn:c> }")


@pytest.mark.parametrize(
    "behaviour, message",
    [("garbage", "did not send SPARQL JSON"), ("error", "answered 500"), ("hang", "did not answer")],
)
def test_a_failing_endpoint_gives_a_clear_message(behaviour, message):
    fake = FakeEndpoint(behaviour)
    try:
        source = EndpointSource(fake.url, timeout=1)
        with pytest.raises(EndpointError, match=message):
            source.ask("ASK { ?s ?p ?o }")
        assert fake.requests  # it was asked, over loopback only
    finally:
        fake.stop()


def test_an_endpoint_that_is_down():
    with pytest.raises(EndpointError, match="did not answer"):
        EndpointSource(f"http://127.0.0.1:{free_port()}/sparql", timeout=1).ask("ASK {}")


def test_bad_combinations():
    with pytest.raises(DataError, match="cannot be combined"):
        open_backend(["x.ttl"], endpoint="http://127.0.0.1:1/sparql")
    with pytest.raises(DataError, match="not an http"):
        open_backend(endpoint="file:///etc/passwd")
