"""The command line through its real entry point."""

import json
import shutil
import subprocess

import pytest
from rdflib.compare import isomorphic

from graph.load import parse_rdf


def test_validate_passes_on_the_shipped_data(cli):
    result = cli("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The data conforms: 0 violation(s)" in result.stdout


def test_validate_fails_precisely_on_a_broken_copy(cli, data_copy):
    concepts = data_copy / "concepts.ttl"
    text = concepts.read_text()
    quote = text.split('oa:exact "', 1)[1].split('"', 1)[0]
    concepts.write_text(text.replace(quote, quote + " and more", 1))
    files = [data_copy / name for name in ("ontology.ttl", "source.ttl", "concepts.ttl")]
    result = cli("validate", *files)
    assert result.returncode == 1
    assert "quote not found verbatim in its section" in result.stdout
    assert "and more" in result.stdout
    assert "Traceback" not in result.stderr


def test_validate_reports_a_syntax_error_with_file_and_line(cli, tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n")
    result = cli("validate", path)
    assert result.returncode == 1
    assert f"Error: {path}:2:" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "content, name, message",
    [("", "empty.ttl", "the file is empty"), ("x", "data.csv", "cannot tell the RDF format")],
)
def test_malformed_inputs_exit_non_zero_without_traceback(cli, tmp_path, content, name, message):
    path = tmp_path / name
    path.write_text(content)
    result = cli("stats", "--data", path)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("format", ["turtle", "nt", "json-ld", "xml"])
def test_export_round_trips(cli, article_graph, tmp_path, format):
    out = tmp_path / f"graph.{format}"
    result = cli("export", "--format", format, "--out", out)
    assert result.returncode == 0, result.stderr
    assert isomorphic(parse_rdf(out, format), article_graph.graph)


@pytest.mark.skipif(shutil.which("rapper") is None, reason="Raptor's rapper is not installed")
def test_exported_turtle_on_stdout_is_accepted_by_rapper(cli):
    result = cli("export", "--format", "turtle")
    assert result.returncode == 0
    checked = subprocess.run(
        ["rapper", "-i", "turtle", "-c", "-", "https://example.org/base"],
        input=result.stdout,
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr


def test_stats_counts_by_category_and_relation(cli, article_graph):
    result = cli("stats", "--format", "json")
    assert result.returncode == 0
    counts = json.loads(result.stdout)
    assert counts["concepts"]["total"] == len(article_graph.concepts)
    assert counts["relations"]["total"] == len(article_graph.relations)
    assert counts == article_graph.stats()
    text = cli("stats").stdout
    assert "Mechanism" in text and "concepts:" in text


def test_python_dash_m_graph_is_the_same_command():
    import sys

    result = subprocess.run([sys.executable, "-m", "graph", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "validate" in result.stdout and "export" in result.stdout
