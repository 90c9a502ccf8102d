"""Uploaded graphs: every accepted format loads; broken, empty, oversized and hostile files are
refused with a clear message, quickly, and without touching the network."""

import contextlib
import time

import pytest
from rdflib import Graph, URIRef

from graph.errors import DataError, ParseError
from graph.upload import display_name, load_upload, validate_upload
from graph.validate import Report

EX = "http://example.org/mood/"
SKOS_TURTLE = b"""@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <http://example.org/mood/> .

ex:stress a skos:Concept ; skos:prefLabel "Stress"@en ; skos:altLabel "strain"@en ;
    skos:related ex:sleep-loss .
ex:sleep-loss a skos:Concept ; skos:prefLabel "Sleep loss"@en ; skos:broader ex:health .
ex:health a skos:Concept ; skos:prefLabel "Health"@en .
"""
LIMIT = 1_000_000


def in_format(fmt: str) -> bytes:
    return Graph().parse(data=SKOS_TURTLE, format="turtle").serialize(format=fmt, encoding="utf-8")


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        ("mood.ttl", SKOS_TURTLE),
        ("mood.nt", in_format("nt")),
        ("mood.jsonld", in_format("json-ld")),
        ("mood.rdf", in_format("xml")),
    ],
    ids=["turtle", "n-triples", "json-ld", "rdf-xml"],
)
def test_a_valid_file_in_every_format_loads_its_concepts_and_relations(filename, content):
    concept_graph = load_upload(content, filename, max_bytes=LIMIT)
    assert {c.label for c in concept_graph.concepts.values()} == {"Stress", "Sleep loss", "Health"}
    links = {(str(r.source), r.type.label, str(r.target)) for r in concept_graph.relations}
    assert links == {(EX + "stress", "related", EX + "sleep-loss"), (EX + "sleep-loss", "broader", EX + "health")}
    assert concept_graph.sources == (filename,)
    assert concept_graph.find(EX + "stress").alt_labels == ("strain",)


def test_the_files_prefixes_are_kept():
    concept_graph = load_upload(SKOS_TURTLE, "mood.ttl", max_bytes=LIMIT)
    assert concept_graph.prefixes["ex"] == EX


def test_a_turtle_syntax_error_names_the_file_and_line():
    broken = SKOS_TURTLE.replace(b'"Health"@en .', b'"Health"@en ;; ]')
    with pytest.raises(ParseError, match=r"^mood\.ttl:7: ") as caught:
        load_upload(broken, "mood.ttl", max_bytes=LIMIT)
    assert caught.value.line == 7


def test_the_name_shown_is_the_files_own_name_only():
    with pytest.raises(ParseError, match=r"^evil\.ttl:1: "):
        load_upload(b"<urn:a> <urn:b> .", "../../etc/evil.ttl", max_bytes=LIMIT)
    assert display_name("C:\\Users\\me\\graph.ttl") == "graph.ttl"
    assert display_name("a\x00b\x1b.ttl") == "ab.ttl"
    assert len(display_name("x" * 500 + ".ttl")) == 80
    assert display_name("") == "upload"


@pytest.mark.parametrize("content", [b"", b"  \n\t\n"], ids=["empty", "blank"])
def test_an_empty_file_is_refused(content):
    with pytest.raises(ParseError, match="mood.ttl: the file is empty"):
        load_upload(content, "mood.ttl", max_bytes=LIMIT)


def test_a_file_with_no_triples_is_refused():
    with pytest.raises(ParseError, match="mood.ttl: the file holds no triples"):
        load_upload(b"@prefix ex: <http://example.org/> .\n# nothing else\n", "mood.ttl", max_bytes=LIMIT)


def test_a_file_with_no_concepts_is_refused():
    content = b"<http://example.org/a> <http://example.org/p> <http://example.org/b> .\n"
    with pytest.raises(DataError, match="plain.nt: no concepts found: its 1 triples have no SKOS concepts") as caught:
        load_upload(content, "plain.nt", max_bytes=LIMIT)
    assert not isinstance(caught.value, ParseError)


def test_a_file_of_labelled_resources_without_skos_still_loads():
    content = b'<http://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "A" .\n'
    assert [c.label for c in load_upload(content, "labels.nt", max_bytes=LIMIT).concepts.values()] == ["A"]


def test_a_file_over_the_size_limit_is_refused_before_parsing():
    with pytest.raises(ParseError, match="mood.ttl: the file is 1.5 kB; uploads are limited to 1 kB"):
        load_upload(b"#" * 1536, "mood.ttl", max_bytes=1024)


def test_a_file_with_too_many_triples_is_refused():
    with pytest.raises(ParseError, match="mood.ttl: more than 5 triples; the limit is 5"):
        load_upload(SKOS_TURTLE, "mood.ttl", max_bytes=LIMIT, max_triples=5)


@pytest.mark.parametrize("filename", ["mood.exe", "mood", "mood.trig"])
def test_a_file_of_another_type_is_refused(filename):
    with pytest.raises(ParseError, match="not an accepted file type"):
        load_upload(SKOS_TURTLE, filename, max_bytes=LIMIT)


def test_a_billion_laughs_file_is_refused_quickly():
    entities = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    bomb = (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE lolz [<!ENTITY lol0 "lol">{entities}]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns:skos="http://www.w3.org/2004/02/skos/core#">'
        '<skos:Concept rdf:about="urn:a"><skos:prefLabel>&lol9;</skos:prefLabel></skos:Concept></rdf:RDF>'
    ).encode()
    start = time.monotonic()
    with pytest.raises(ParseError, match="bomb.rdf: DOCTYPE and ENTITY declarations are refused"):
        load_upload(bomb, "bomb.rdf", max_bytes=LIMIT)
    assert time.monotonic() - start < 2


@pytest.mark.parametrize("kind", ["http", "file"])
def test_a_remote_json_ld_context_is_never_fetched(listener, kind):
    port, connections = listener
    context = f"http://127.0.0.1:{port}/context.jsonld" if kind == "http" else "file:///etc/passwd"
    document = (
        f'{{"@context": "{context}", "@id": "http://example.org/a",'
        ' "@type": "http://www.w3.org/2004/02/skos/core#Concept"}'
    ).encode()
    with pytest.raises(ParseError, match="mood.jsonld: the JSON-LD @context refers to another document"):
        load_upload(document, "mood.jsonld", max_bytes=LIMIT)
    time.sleep(0.1)
    assert connections == []


def test_deeply_nested_turtle_stops_at_its_memory_limit():
    depth = 200_000
    nested = b"<urn:a> <urn:p> " + b"[ <urn:p> " * depth + b"1" + b" ]" * depth + b" ."
    start = time.monotonic()
    # pyoxigraph aborts its process when an allocation fails: only the child dies
    with pytest.raises(ParseError, match="deep.ttl: parsing stopped: .*64 MB"):
        load_upload(nested, "deep.ttl", max_bytes=len(nested), memory_mb=64)
    assert time.monotonic() - start < 10


def bounded(content: bytes, filename: str, timeout: float) -> float:
    """Seconds ``load_upload`` took; whether it loaded or failed does not matter here."""
    start = time.monotonic()
    with contextlib.suppress(ParseError, DataError):
        load_upload(content, filename, max_bytes=10 * 2**20, timeout=timeout)
    return time.monotonic() - start


def test_many_prefixes_do_not_hang_the_server():
    # rdflib binds prefixes in quadratic time: 100,000 take minutes
    many = "".join(f"@prefix p{i}: <http://example.org/{i}/> .\n" for i in range(100_000)).encode()
    assert bounded(many + SKOS_TURTLE, "prefixes.ttl", timeout=3) < 3 + 2


def test_many_character_references_do_not_hang_the_server():
    literal = b'<urn:a> <urn:b> "' + b"\\u0041" * 1_000_000 + b'" .\n'
    iris = b"<urn:a> <urn:b> " + b", ".join(b"<urn:\\u0041%d>" % i for i in range(5_000)) + b" .\n"
    assert bounded(literal + iris + SKOS_TURTLE, "escapes.ttl", timeout=3) < 3 + 2


def test_validation_reports_problems_without_refusing_the_graph():
    concept_graph = load_upload(SKOS_TURTLE, "mood.ttl", max_bytes=LIMIT)
    report = validate_upload(concept_graph)
    assert isinstance(report, Report)
    assert not report.conforms  # the project's shapes want a category on every concept
    assert any("category" in p.message for p in report.problems)
    assert URIRef(EX + "stress") in concept_graph.concepts  # still loaded


def test_validation_is_skipped_for_a_large_graph():
    concept_graph = load_upload(SKOS_TURTLE, "mood.ttl", max_bytes=LIMIT)
    assert validate_upload(concept_graph, max_triples=5) is None
