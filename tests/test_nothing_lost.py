"""Nothing lost: the app and the command line never write the shipped data, and one session's
upload never replaces what another session explores (two sessions, two uploads, over HTTP)."""

import base64
import hashlib

import pytest
from rdflib.namespace import SKOS

from graph.load import DATA_DIR, parse_rdf
from graph.web import create_app, ids
from tests.conftest import run_cli
from tests.dash_http import texts
from tests.faults.callbacks import fire

# rdflib's JSON-LD parser builds a ConjunctiveGraph internally
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


def upload_of(label: str) -> bytes:
    slug = label.lower()
    return (
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        f'<http://example.org/{slug}> a skos:Concept ; skos:prefLabel "{label}"@en ;\n'
        f"    skos:related <http://example.org/{slug}-2> .\n"
        f'<http://example.org/{slug}-2> a skos:Concept ; skos:prefLabel "{label} two"@en .\n'
    ).encode()


def fingerprint() -> dict[str, tuple[str, int]]:
    """Every file under data/ with its SHA-256 and modification time."""
    return {
        str(path.relative_to(DATA_DIR)): (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
        for path in sorted(DATA_DIR.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def app(article_graph):
    return create_app(article_graph)


def upload(app, content: bytes, filename: str) -> str | None:
    contents = f"data:text/turtle;base64,{base64.b64encode(content).decode()}"
    values = {f"{ids.GRAPH_UPLOAD_FILE}.data": {"contents": contents, "filename": filename}}
    code, out = fire(app, f"{ids.GRAPH}.data", values, f"{ids.GRAPH_UPLOAD_FILE}.data")
    assert code == 200
    return out.get(f"{ids.GRAPH}.data")


def current(app, token) -> str:
    code, out = fire(app, f"{ids.GRAPH_CURRENT}.children", {f"{ids.GRAPH}.data": token}, f"{ids.GRAPH}.data")
    assert code == 200
    return "".join(texts(out[f"{ids.GRAPH_CURRENT}.children"]))


def export(app, token, format: str = "turtle") -> str:
    values = {
        f"{ids.EXPORT_BUTTON}.n_clicks": 1,
        f"{ids.EXPORT_SCOPE}.value": "all",
        f"{ids.EXPORT_FORMAT}.value": format,
        f"{ids.GRAPH}.data": token,
    }
    code, out = fire(app, f"{ids.EXPORT_DOWNLOAD}.data", values, f"{ids.EXPORT_BUTTON}.n_clicks")
    assert code == 200
    return out[f"{ids.EXPORT_DOWNLOAD}.data"]["content"]


def labels(text: str, format: str = "turtle") -> set[str]:
    return {str(o) for o in parse_rdf(text.encode(), format).objects(None, SKOS.prefLabel)}


def sparql(app, token) -> str:
    values = {
        f"{ids.SPARQL_RUN}.n_clicks": 1,
        f"{ids.GRAPH}.data": token,
        f"{ids.SPARQL_QUERY}.value": "SELECT ?l WHERE { ?c skos:prefLabel ?l } ORDER BY ?l LIMIT 1",
    }
    code, out = fire(app, f"{ids.SPARQL_TABLE}.children", values, f"{ids.SPARQL_RUN}.n_clicks")
    assert code == 200
    return " ".join(texts(out[f"{ids.SPARQL_TABLE}.children"]))


def test_two_sessions_uploads_never_replace_each_other(app, article_graph):
    alice = upload(app, upload_of("Alpha"), "alice.ttl")
    bob = upload(app, upload_of("Beta"), "bob.ttl")
    assert alice and bob and alice != bob
    assert current(app, alice).startswith("alice.ttl: 2 concepts")
    assert current(app, bob).startswith("bob.ttl: 2 concepts")
    assert current(app, None).startswith("Why people withdraw after rejection")
    assert labels(export(app, alice)) == {"Alpha", "Alpha two"}
    assert labels(export(app, bob)) == {"Beta", "Beta two"}
    assert "Alpha" in sparql(app, alice) and "Beta" in sparql(app, bob)
    # a broken upload in Bob's session leaves both graphs as they were
    assert upload(app, b"@prefix broken", "broken.ttl") is None
    assert labels(export(app, bob)) == {"Beta", "Beta two"} and labels(export(app, alice)) == {"Alpha", "Alpha two"}
    # the shared routes and a session without a token still serve the article, whole
    route = app.server.test_client().get("/download/graph.ttl").get_data(as_text=True)
    assert (
        labels(route)
        == labels(export(app, None))
        == {str(o) for o in article_graph.graph.objects(None, SKOS.prefLabel)}
    )


def test_the_app_never_writes_the_shipped_data(app):
    before = fingerprint()
    assert before and "concepts.ttl" in before
    token = upload(app, upload_of("Gamma"), "concepts.ttl")  # named like a shipped file, on purpose
    client = app.server.test_client()
    for extension in ("ttl", "nt", "jsonld", "rdf", "graphml", "csv"):
        assert client.get(f"/download/graph.{extension}").status_code == 200
    for format in ("turtle", "json-ld", "xml", "graphml", "csv"):
        assert export(app, token, format) and export(app, None, format)
    assert sparql(app, token) and sparql(app, None)
    assert client.get("/health").status_code == 200
    assert fingerprint() == before


def test_the_command_line_never_writes_the_shipped_data(tmp_path):
    before = fingerprint()
    concepts = DATA_DIR / "concepts.ttl"
    commands = [
        ("export", "--format", "nt", "--out", tmp_path / "out.nt"),
        ("stats", "--store", tmp_path / "store", "--data", concepts, "--format", "json"),
        ("query", "ASK { ?s ?p ?o }", "--data", concepts),
    ]
    for command in commands:
        result = run_cli(*command)
        assert result.returncode == 0, result.stderr
    assert fingerprint() == before
