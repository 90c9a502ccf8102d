"""The Export tab's helpers: every scope in every format parses back, and RDF of a part keeps
the labels and the evidence quotes of its links."""

import csv
import io
import json

import networkx as nx
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from graph.errors import DataError
from graph.export import VIEW_FORMATS
from graph.vocab import OA
from graph.web.elements import edge_id
from graph.web.panels.export import describe_scope, export_file, path_view, scope_view

CONCEPT = "https://w3id.org/concept-graph/withdrawal/concept/"
RDF_FORMATS = {"turtle": "turtle", "nt": "nt", "json-ld": "json-ld", "xml": "xml"}
FOCUS = {"focus": CONCEPT + "isolation", "depth": 1}

# rdflib's JSON-LD parser builds a ConjunctiveGraph internally
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


@pytest.fixture(scope="module")
def highlight(article_graph):
    """A highlighted two-link path, as the Paths tab writes it."""
    G = article_graph.network
    first = next((u, v, k) for u, v, k in G.edges(keys=True) if u == CONCEPT + "rejection" and G.out_degree(v))
    second = next((u, v, k) for u, v, k in G.edges(first[1], keys=True) if v not in first)
    links = [first, second]
    return {"nodes": [first[0], first[1], second[1]], "edges": [edge_id(u, k, v) for u, v, k in links]}, links


def _scopes(highlight):
    return {"all": (None, None), "view": (FOCUS, None), "path": (None, highlight[0])}


def _parse(text: str, format: str) -> Graph:
    return Graph().parse(data=text, format=RDF_FORMATS[format])


@pytest.mark.parametrize("format", VIEW_FORMATS)
@pytest.mark.parametrize("scope", ["all", "view", "path"])
def test_every_scope_and_format_parses_back(article_graph, highlight, scope, format):
    view, lit = _scopes(highlight)[scope]
    text, filename = export_file(article_graph, scope, format, view, lit)
    assert filename.startswith("concept-graph") and filename.endswith(
        {"turtle": ".ttl", "nt": ".nt", "json-ld": ".jsonld", "xml": ".rdf", "graphml": ".graphml", "csv": ".csv"}[
            format
        ]
    )
    part = scope_view(article_graph, scope, view, lit)
    expected = article_graph.network if part is None else part
    if format in RDF_FORMATS:
        parsed = _parse(text, format)
        if scope == "all":
            assert len(parsed) == len(article_graph.graph)
        labelled = set(parsed.subjects(SKOS.prefLabel, None))
        assert {URIRef(n) for n in expected.nodes} <= labelled
        if format == "json-ld":
            json.loads(text)
    elif format == "graphml":
        parsed = nx.read_graphml(io.StringIO(text), force_multigraph=True)
        assert parsed.number_of_nodes() == expected.number_of_nodes()
        assert parsed.number_of_edges() == expected.number_of_edges()
    else:
        rows = list(csv.DictReader(io.StringIO(text)))
        assert len(rows) == expected.number_of_edges()


@pytest.mark.parametrize("format", ["turtle", "json-ld"])
def test_rdf_of_a_view_keeps_the_evidence_quotes_of_its_links(article_graph, format):
    text, _ = export_file(article_graph, "view", format, FOCUS, None)
    quotes = {str(q) for q in _parse(text, format).objects(None, OA.exact)}
    part = scope_view(article_graph, "view", FOCUS, None)
    expected = {e.quote for _, _, data in part.edges(data=True) for e in data["evidence"]}
    assert expected and expected <= quotes
    # and only those: a view does not leak the evidence of links outside it
    everything = {e.quote for r in article_graph.relations for e in r.evidence}
    assert quotes < everything


def test_rdf_of_a_path_holds_its_links_and_their_quotes(article_graph, highlight):
    lit, links = highlight
    text, filename = export_file(article_graph, "path", "turtle", None, lit)
    assert filename == "concept-graph-path.ttl"
    parsed = _parse(text, "turtle")
    for u, v, k in links:
        assert (URIRef(u), URIRef(k), URIRef(v)) in parsed
        for evidence in article_graph.evidence(u, k, v):
            assert any(str(q) == evidence.quote for q in parsed.objects(None, OA.exact))


def test_path_view_maps_edge_ids_back_to_links(article_graph, highlight):
    lit, links = highlight
    part = path_view(article_graph.network, lit)
    assert sorted(part.edges(keys=True)) == sorted(links)
    assert set(part.nodes) == set(lit["nodes"])
    assert path_view(article_graph.network, {"nodes": ["urn:nowhere"], "edges": ["e0"]}).number_of_nodes() == 0


def test_path_scope_without_a_highlight_is_a_clear_error(article_graph):
    with pytest.raises(DataError, match="nothing is highlighted"):
        export_file(article_graph, "path", "turtle", None, None)
    assert "Nothing to export yet" in describe_scope(article_graph, "path", None, {"nodes": [], "edges": []})


def test_unknown_scope_or_format_is_refused(article_graph):
    with pytest.raises(DataError, match="format"):
        export_file(article_graph, "all", "docx", None, None)
    with pytest.raises(DataError, match="scope"):
        export_file(article_graph, "everything", "turtle", None, None)


def test_describe_scope_counts_what_will_be_exported(article_graph, highlight):
    assert describe_scope(article_graph, "all", None, None) == (
        f"The whole graph: {len(article_graph.concepts)} concepts and {len(article_graph.relations)} links."
    )
    part = scope_view(article_graph, "view", FOCUS, None)
    assert f"{part.number_of_nodes()} concepts" in describe_scope(article_graph, "view", FOCUS, None)
    assert "3 concepts and 2 links" in describe_scope(article_graph, "path", None, highlight[0])
