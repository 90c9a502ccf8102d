import pytest
from rdflib import Literal, URIRef

from graph.errors import ParseError
from graph.load import format_for, load_concept_graph, parse_rdf

TTL = b'@prefix ex: <http://example.org/> .\nex:a ex:b "x" .\nex:a ex:c ex:d .\n'


def test_parses_each_format_into_the_same_triples(tmp_path):
    expected = parse_rdf(TTL, "turtle")
    nt = (
        b'<http://example.org/a> <http://example.org/b> "x" .\n'
        b"<http://example.org/a> <http://example.org/c> <http://example.org/d> .\n"
    )
    jsonld = b'{"@id": "http://example.org/a", "http://example.org/b": "x", "http://example.org/c": {"@id": "http://example.org/d"}}'
    xml = (
        b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        b'xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/a">'
        b'<ex:b>x</ex:b><ex:c rdf:resource="http://example.org/d"/></rdf:Description></rdf:RDF>\n'
    )
    for name, data in [("g.nt", nt), ("g.jsonld", jsonld), ("g.rdf", xml)]:
        path = tmp_path / name
        path.write_bytes(data)
        assert set(parse_rdf(path)) == set(expected), name
    assert (URIRef("http://example.org/a"), URIRef("http://example.org/b"), Literal("x")) in expected


def test_turtle_syntax_error_names_file_and_line(tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "open .\n')
    with pytest.raises(ParseError) as info:
        parse_rdf(path)
    assert str(info.value).startswith(f"{path}:3:")
    assert info.value.line == 3


def test_ntriples_error_names_the_line(tmp_path):
    path = tmp_path / "broken.nt"
    path.write_text("<http://a> <http://b> <http://c> .\n<http://a> <http://b> .\n")
    with pytest.raises(ParseError, match=r"broken\.nt:2: ") as info:
        parse_rdf(path)
    assert info.value.line == 2


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.ttl"
    path.write_text("  \n")
    with pytest.raises(ParseError, match=r"empty\.ttl: the file is empty"):
        parse_rdf(path)


def test_unknown_extension_and_unknown_format(tmp_path):
    with pytest.raises(ParseError, match=r"cannot tell the RDF format.*'\.csv'"):
        format_for("data.csv")
    with pytest.raises(ParseError, match="unknown format 'yaml'"):
        format_for("data.ttl", "yaml")


def test_missing_file_is_a_parse_error(tmp_path):
    with pytest.raises(ParseError, match="cannot read the file"):
        parse_rdf(tmp_path / "nope.ttl")


def test_xml_entity_declarations_are_refused_before_parsing():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>'
    )
    with pytest.raises(ParseError, match="DOCTYPE and ENTITY declarations are refused"):
        parse_rdf(bomb, "xml", name="bomb.rdf")


def test_remote_jsonld_context_is_never_fetched():
    data = b'{"@context": "http://127.0.0.1:9/context.jsonld", "@id": "http://a", "name": "x"}'
    with pytest.raises(ParseError, match="refers to another document, which is never fetched"):
        parse_rdf(data, "json-ld", name="remote.jsonld")


def test_size_limit():
    with pytest.raises(ParseError, match="over the limit of 10 bytes"):
        parse_rdf(TTL, "turtle", max_bytes=10)


def test_content_is_never_taken_for_a_path(tmp_path):
    # bytes are content: a path or URL inside them is parsed as text, not opened
    with pytest.raises(ParseError):
        parse_rdf(b"/etc/passwd", "turtle")


def test_load_concept_graph_from_a_user_file(tmp_path):
    path = tmp_path / "mini.ttl"
    path.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix ex: <http://example.org/> .\n"
        'ex:a a skos:Concept ; skos:prefLabel "Alpha"@en ; skos:broader ex:b .\n'
        'ex:b a skos:Concept ; skos:prefLabel "Beta"@en .\n'
    )
    concept_graph = load_concept_graph([path])
    assert [c.label for c in concept_graph.concepts.values()] == ["Alpha", "Beta"]
    (relation,) = concept_graph.relations
    assert relation.type.label == "broader" and not relation.type.causal
    assert concept_graph.sources == (str(path),)
