import csv
import io
import shutil
import subprocess

import networkx as nx
import pyoxigraph
import pytest
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

from graph.errors import DataError
from graph.export import EXPORT_FORMATS, export_view, serialize, write
from graph.iris import concept_iri
from graph.load import parse_rdf
from graph.views import ViewFilter, filter_view
from graph.vocab import CG, OA


@pytest.mark.parametrize("format", list(EXPORT_FORMATS))
def test_export_then_import_is_isomorphic(article_graph, format):
    text = serialize(article_graph.graph, format)
    again = parse_rdf(text.encode(), format, name=f"export.{format}")
    assert isomorphic(again, article_graph.graph)


def test_exported_turtle_binds_readable_prefixes(article_graph):
    text = serialize(article_graph.graph, "turtle")
    for prefix in ("cg:", "skos:", "oa:", "prov:", "concept:"):
        assert f"@prefix {prefix}" in text


def test_exported_turtle_parses_with_pyoxigraph(article_graph):
    text = serialize(article_graph.graph, "turtle")
    triples = list(pyoxigraph.parse(text, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(triples) == len(article_graph.graph)


@pytest.mark.skipif(shutil.which("rapper") is None, reason="Raptor's rapper is not installed")
def test_exported_turtle_parses_with_rapper(article_graph, tmp_path):
    path = write(article_graph.graph, tmp_path / "graph.ttl", "turtle")
    result = subprocess.run(["rapper", "-i", "turtle", "-c", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert f"returned {len(article_graph.graph)} triples" in result.stderr


def test_unknown_export_format(article_graph):
    with pytest.raises(DataError, match="unknown export format 'csv'"):
        serialize(article_graph.graph, "csv")


def test_write_failure_leaves_no_partial_file(article_graph, tmp_path):
    target = tmp_path / "missing-dir" / "graph.ttl"
    with pytest.raises(DataError, match="cannot write the export"):
        write(article_graph.graph, target)
    assert not target.parent.exists()


def test_view_export_keeps_labels_and_evidence(article_graph):
    view = filter_view(article_graph.network, ViewFilter(focus=str(concept_iri("isolation"))))
    again = parse_rdf(export_view(article_graph, "turtle", view).encode(), "turtle", name="view.ttl")
    labels = {str(o) for o in again.objects(None, SKOS.prefLabel)}
    assert "Isolation" in labels and len(labels) == len(view)
    quotes = {str(o) for o in again.objects(None, OA.exact)}
    expected = {e.quote for _, _, d in view.edges(data=True) for e in d["evidence"]}
    assert expected and expected <= quotes


def test_graphml_and_csv_have_every_link(article_graph):
    G = article_graph.network
    graphml = nx.parse_graphml(export_view(article_graph, "graphml"))
    assert graphml.number_of_edges() == G.number_of_edges()
    _, _, data = next(iter(graphml.edges(data=True)))
    assert {"label", "polarity", "evidence"} <= set(data)
    rows = list(csv.DictReader(io.StringIO(export_view(article_graph, "csv"))))
    assert len(rows) == G.number_of_edges()
    assert all(row["evidence"] for row in rows if row["relation_iri"].startswith(str(CG)))
