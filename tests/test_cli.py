"""The command line through its real entry point."""

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from rdflib.compare import isomorphic

from graph.load import DEFAULT_FILES, DEFAULT_PATHS, load_concept_graph, parse_rdf
from graph.sources import open_store
from tests.conftest import CLI
from tests.servers import OxigraphServer, free_port


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
    result = subprocess.run([sys.executable, "-m", "graph", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "validate" in result.stdout and "export" in result.stdout


# Analysis commands ---------------------------------------------------------------------------


def test_path_text_shows_paths_with_quotes(cli):
    result = cli("path", "rejection", "isolation", "--k", "3")
    assert result.returncode == 0, result.stderr
    assert "Rejection → Isolation: 3 path(s), shortest first." in result.stdout
    assert result.stdout.count("Path ") >= 3
    assert '"' in result.stdout and "[" in result.stdout  # quotes with their sections


def test_path_json_has_the_documented_shape(cli, article_text):
    result = cli("path", "Rejection", "ISOLATION", "--format", "json", "--k", "4", "--max-length", "4")
    found = json.loads(result.stdout)
    assert found["source"]["label"] == "Rejection" and found["target"]["label"] == "Isolation"
    assert isinstance(found["truncated"], bool)
    assert len(found["paths"]) >= 2
    for path in found["paths"]:
        assert path["polarity"] in "+-0" and path["reading"].endswith(".")
        assert path["length"] == len(path["edges"]) == len(path["nodes"]) - 1 <= 4
        assert {"iri", "label", "category"} <= set(path["nodes"][0])
        for edge in path["edges"]:
            assert {"source", "relation", "target", "polarity", "evidence", "section"} <= set(edge)
            assert edge["evidence"] and all(q in article_text for q in edge["evidence"])


def test_path_options_change_the_result(cli):
    def paths(*options):
        out = cli("path", "rejection", "isolation", "--format", "json", "--k", "10", *options)
        assert out.returncode == 0, out.stderr
        return [[n["label"] for n in p["nodes"]] for p in json.loads(out.stdout)["paths"]]

    everything = paths()
    assert paths("--avoid", "social withdrawal") != everything
    assert all("Social withdrawal" not in p for p in paths("--avoid", "social withdrawal"))
    assert all(len(p) <= 3 for p in paths("--max-length", "2"))
    via = cli("path", "rejection", "isolation", "--format", "json", "--via", "causes,increases").stdout
    assert {e["relation_label"] for p in json.loads(via)["paths"] for e in p["edges"]} <= {"causes", "increases"}
    undirected = cli("path", "rejection", "strengthening self-esteem", "--undirected").stdout
    assert "no path found" in cli("path", "rejection", "strengthening self-esteem").stdout
    assert "Path 1" in undirected


def test_path_sparql_is_printed(cli):
    result = cli("path", "rejection", "isolation", "--k", "1", "--sparql")
    assert "ASK { concept:rejection (" in result.stdout
    assert "PREFIX cg: <https://w3id.org/concept-graph/ontology#>" in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["path", "rejection", "isolaton"], "did you mean 'Isolation'"),
        (["path", "self", "isolation"], "names"),
        (["path", "rejection", "isolation", "--via", "blocks"], "unknown relation 'blocks'"),
        (["path", "rejection", "rejection"], "same concept"),
        (["interventions", "nothing-like-this", "isolation"], "no concept named"),
        (["neighbours", "zzzz"], "no concept named 'zzzz'"),
    ],
)
def test_bad_names_exit_non_zero_without_traceback(cli, args, message):
    result = cli(*args)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_loops_lists_the_named_reinforcing_spiral(cli):
    text = cli("loops").stdout
    assert "reinforcing" in text and "the Loneliness spiral loop" in text
    found = json.loads(cli("loops", "--format", "json", "--max-length", "3").stdout)
    assert found["loops"] and all(loop["length"] <= 3 for loop in found["loops"])
    assert found["loops"][0]["named_by"][0]["label"] == "Loneliness spiral loop"


def test_interventions_names_strategies_and_a_cut(cli):
    result = cli("interventions", "rejection", "isolation")
    assert result.returncode == 0, result.stderr
    assert "Strategies that interrupt them" in result.stdout
    assert "Minimum cut" in result.stdout
    found = json.loads(cli("interventions", "rejection", "isolation", "--format", "json").stdout)
    assert found["strategies"] and found["strategies"][0]["paths_cut"] >= 1
    assert found["strategies"][0]["category"] == "Strategy"


def test_neighbours_by_depth(cli):
    one = json.loads(cli("neighbours", "isolation", "--format", "json").stdout)
    two = json.loads(cli("neighbours", "isolation", "--depth", "2", "--format", "json").stdout)
    assert one["concept"]["label"] == "Isolation"
    assert 1 < len(one["nodes"]) < len(two["nodes"])
    assert "Isolation:" in cli("neighbours", "isolation").stdout


def test_commands_work_on_another_graph(cli, tmp_path):
    path = tmp_path / "thesaurus.ttl"
    path.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n@prefix ex: <http://example.org/> .\n"
        'ex:cat a skos:Concept ; skos:prefLabel "Cat"@en ; skos:broader ex:mammal .\n'
        'ex:mammal a skos:Concept ; skos:prefLabel "Mammal"@en ; skos:broader ex:animal .\n'
        'ex:animal a skos:Concept ; skos:prefLabel "Animal"@en .\n'
    )
    result = cli("path", "cat", "animal", "--data", path)
    assert result.returncode == 0, result.stderr
    assert "Cat broader mammal, which broader animal." in result.stdout
    assert "Mammal" in cli("neighbours", "cat", "--data", path).stdout


def test_query_table_csv_json_and_file(cli, tmp_path):
    select = "SELECT ?label WHERE { ?c a cg:Strategy ; skos:prefLabel ?label } ORDER BY ?label"
    table = cli("query", select)
    assert table.returncode == 0, table.stderr
    assert table.stdout.splitlines()[0].strip() == "label"
    assert "Strengthening self-esteem" in table.stdout and "(6 rows)" in table.stdout
    csv_out = cli("query", select, "--format", "csv").stdout.splitlines()
    assert csv_out[0] == "label" and len(csv_out) == 7
    query_file = tmp_path / "q.rq"
    query_file.write_text("ASK { concept:rejection cg:influences+ concept:isolation }")
    assert cli("query", "--file", query_file).stdout.strip() == "true"
    data = json.loads(cli("query", select, "--format", "json", "--max-rows", "2").stdout)
    assert data["truncated"] is True and len(data["rows"]) == 2


@pytest.mark.parametrize(
    "sparql, message",
    [
        ("DELETE WHERE { ?s ?p ?o }", "updates are not allowed"),
        ("SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "SERVICE is not allowed"),
        ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "FROM and FROM NAMED are not allowed"),
        ("SELECT ?x WHERE { ?x ?y }", "syntax error at line 1, column"),
    ],
)
def test_query_refusals_are_clear(cli, sparql, message):
    result = cli("query", sparql)
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr


def test_runaway_query_is_stopped(cli):
    result = cli(
        "query", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }", "--timeout", "1"
    )
    assert result.returncode == 1
    assert "query stopped after 1 s" in result.stderr


def test_serve_starts_the_explorer(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [str(CLI) if CLI.exists() else sys.executable, *([] if CLI.exists() else ["-m", "graph"])]
    server = subprocess.Popen([*command, "serve", "--port", str(port)], stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    assert response.status == 200
                    assert "Content-Security-Policy" in response.headers
                    break
            except OSError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(10)


# Stores and endpoints --------------------------------------------------------------------------


def test_store_is_filled_once_with_progress_then_reopened(cli, tmp_path):
    files = [arg for path in DEFAULT_PATHS for arg in ("--data", path)]
    store = tmp_path / "store"
    first = cli("path", "rejection", "isolation", "--store", store, *files, "--format", "json")
    assert first.returncode == 0, first.stderr
    assert "loading:" in first.stderr and "100%" in first.stderr
    again = cli("path", "rejection", "isolation", "--store", store, "--format", "json")
    assert "loading:" not in again.stderr
    assert json.loads(again.stdout)["paths"] == json.loads(first.stdout)["paths"]
    exported = tmp_path / "out.nt"
    assert cli("export", "--store", store, "--format", "nt", "--out", exported).returncode == 0
    assert isomorphic(parse_rdf(exported), load_concept_graph().graph)
    assert (
        "Strengthening self-esteem"
        in cli("query", "SELECT ?l WHERE { ?c a cg:Strategy ; skos:prefLabel ?l }", "--store", store).stdout
    )


def test_commands_read_an_endpoint(cli, tmp_path):
    server = OxigraphServer(tmp_path / "oxigraph", DEFAULT_PATHS)
    try:
        result = cli("neighbours", "isolation", "--endpoint", server.url, "--format", "json")
        assert result.returncode == 0, result.stderr
        assert {n["label"] for n in json.loads(result.stdout)["nodes"]} >= {"Isolation", "Negative emotions"}
        assert "Path 1" in cli("path", "rejection", "isolation", "--endpoint", server.url).stdout
        refused = cli("loops", "--endpoint", server.url)
        assert refused.returncode == 1 and "not searched on an endpoint" in refused.stderr
        validated = cli("validate", "--endpoint", server.url)
        assert validated.returncode == 0, validated.stdout + validated.stderr
        assert "157 quotes" in validated.stdout and "The data conforms" in validated.stdout
    finally:
        server.stop()


def test_endpoint_down_is_a_clear_error(cli):
    result = cli("neighbours", "isolation", "--endpoint", f"http://127.0.0.1:{free_port()}/sparql")
    assert result.returncode == 1
    assert "did not answer" in result.stderr and "Traceback" not in result.stderr


def test_validate_a_store_where_it_lies(cli, data_copy, tmp_path):
    files = [data_copy / name for name in DEFAULT_FILES]
    sound = tmp_path / "sound"
    open_store(sound, DEFAULT_PATHS)
    result = cli("validate", "--store", sound)
    assert result.returncode == 0, result.stdout + result.stderr
    files_report = cli("validate").stdout.splitlines()[0]
    assert result.stdout.splitlines()[0].startswith(files_report.split(", 63 concepts")[0])  # same triples
    assert "157 quotes" in result.stdout and "conforms" in result.stdout
    # A quote no longer verbatim, and a concept without a label: found in the store as in files.
    concepts = data_copy / "concepts.ttl"
    text = concepts.read_text()
    quote = text.split('oa:exact "', 1)[1].split('"', 1)[0]
    concepts.write_text(text.replace(quote, quote + " and more", 1).replace('skos:prefLabel "Shame"@en', "", 1))
    broken = tmp_path / "broken"
    open_store(broken, files)
    result = cli("validate", "--store", broken)
    assert result.returncode == 1
    assert "quote not found verbatim in its section" in result.stdout and "and more" in result.stdout
    assert "exactly one English preferred label" in result.stdout
    assert cli("validate", "--store", broken, files[0]).returncode == 2  # a store or files, not both
    assert cli("validate", "--store", broken, "--endpoint", "http://127.0.0.1:9/sparql").returncode == 2
