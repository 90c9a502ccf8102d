"""The plain Flask routes: health, and the default graph as files in every export format."""

import csv
import io
import json

import networkx as nx
import pytest
from dash import html
from plotly.io.json import to_json_plotly
from rdflib import Graph
from rdflib.namespace import SKOS

from graph.export import EXTENSIONS, MEDIA_TYPES
from graph.vocab import OA
from graph.web import create_app
from graph.web.routes import FORMATS_BY_EXTENSION, StaticLayoutDash
from tests.signed_graphs import concept_graph_from_edges

pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


@pytest.fixture(scope="module")
def client():
    return create_app().server.test_client()


def test_health_reports_the_default_graph(client, article_graph):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "concepts": len(article_graph.concepts)}


def test_health_counts_the_graph_the_app_serves():
    small = create_app(concept_graph_from_edges(4, [(0, 1, "+")]), name="small").server.test_client()
    assert small.get("/health").get_json() == {"status": "ok", "concepts": 4}


def test_every_extension_names_a_format():
    assert set(FORMATS_BY_EXTENSION.values()) == set(EXTENSIONS)


@pytest.mark.parametrize("format", ["turtle", "nt", "json-ld", "xml"])
def test_rdf_downloads_hold_the_whole_graph_with_its_quotes(client, article_graph, format):
    extension = EXTENSIONS[format]
    response = client.get(f"/download/graph{extension}")
    assert response.status_code == 200
    assert response.mimetype == MEDIA_TYPES[format]
    assert f'filename="concept-graph{extension}"' in response.headers["Content-Disposition"]
    parsed = Graph().parse(data=response.get_data(as_text=True), format={"json-ld": "json-ld"}.get(format, format))
    assert len(parsed) == len(article_graph.graph)
    assert len(set(parsed.objects(None, OA.exact))) == len(set(article_graph.graph.objects(None, OA.exact)))
    assert len(set(parsed.subjects(SKOS.prefLabel, None))) >= len(article_graph.concepts)


def test_graphml_and_csv_downloads(client, article_graph):
    graphml = client.get("/download/graph.graphml")
    assert graphml.status_code == 200
    G = nx.read_graphml(io.BytesIO(graphml.data), force_multigraph=True)
    assert G.number_of_nodes() == len(article_graph.concepts)
    table = client.get("/download/graph.csv")
    rows = list(csv.DictReader(io.StringIO(table.get_data(as_text=True))))
    assert len(rows) == len(article_graph.relations) and rows[0]["evidence"]


def test_an_unknown_format_is_not_found_and_names_the_known_ones(client):
    response = client.get("/download/graph.exe")
    assert response.status_code == 404
    assert "graph.ttl" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/download/graph.", "/download/other.ttl"])
def test_other_paths_are_not_downloads(client, path):
    response = client.get(path)  # Dash serves its page for any other path
    assert "Content-Disposition" not in response.headers


def test_routes_keep_the_security_headers(client):
    response = client.get("/health")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in response.headers


def test_the_layout_is_serialised_once_and_follows_a_new_layout():
    app = StaticLayoutDash(__name__)
    app.layout = html.Div("first", id="page")
    client = app.server.test_client()
    first = client.get("/_dash-layout")
    assert first.status_code == 200 and first.mimetype == "application/json"
    assert first.get_json() == json.loads(to_json_plotly(app.get_layout()))
    assert client.get("/_dash-layout").data == first.data
    app.layout = html.Div("second", id="page")  # a new layout is served, not the cached one
    assert client.get("/_dash-layout").get_json()["props"]["children"] == "second"
    app.layout = lambda: html.Div("per request", id="page")  # a layout function runs per request
    assert client.get("/_dash-layout").get_json()["props"]["children"] == "per request"
