from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from graph.load import load_concept_graph
from graph.model import ConceptGraph
from graph.validate import ARTICLE_TEXT_FILE, check_quotes, validate
from graph.vocab import CG, OA


def _copy(article_graph):
    graph = type(article_graph.graph)()
    for triple in article_graph.graph:
        graph.add(triple)
    for prefix, ns in article_graph.graph.namespaces():
        graph.bind(prefix, ns)
    return graph


def test_a_changed_quote_is_reported_with_its_statement(article_graph):
    graph = _copy(article_graph)
    selector, quote = next(iter(graph.subject_objects(OA.exact)))
    graph.set((selector, OA.exact, Literal(str(quote) + " (paraphrased)")))
    problems, checked = check_quotes(ConceptGraph(graph, article_graph.ontology))
    assert checked > 0
    (problem,) = problems
    assert problem.check == "quote" and "not found verbatim" in problem.message
    assert "/claim/" in problem.focus


def test_missing_label_category_and_evidence_are_violations(article_graph):
    graph = _copy(article_graph)
    concept = next(iter(article_graph.concepts))
    graph.remove((concept, SKOS.prefLabel, None))
    other = URIRef("https://w3id.org/concept-graph/withdrawal/concept/unquoted")
    graph.add((other, SKOS.prefLabel, Literal("Unquoted", lang="en")))
    graph.add((other, URIRef(str(CG.causes)), concept))
    graph.add((other, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), SKOS.Concept))
    report = validate(ConceptGraph(graph, article_graph.ontology))
    assert not report.conforms
    text = report.to_text()
    assert "exactly one English preferred label" in text
    assert "exactly one category" in text
    assert "has no statement node with an evidence quote" in text
    assert "concept:unquoted" in text


def test_relation_property_without_polarity_is_a_violation(article_graph):
    graph = _copy(article_graph)
    blocks = URIRef(str(CG) + "blocks")
    graph.add((blocks, RDFS.subPropertyOf, CG.influences))
    report = validate(ConceptGraph(graph, article_graph.ontology))
    assert any("needs exactly one polarity" in p.message and str(blocks) in p.message for p in report.problems)


def test_section_text_must_be_in_the_source_document(article_graph):
    report = validate(article_graph, "A different document entirely.")
    assert not report.conforms
    assert any("not found verbatim in the source document" in p.message for p in report.problems)


def test_shipped_data_validates_against_the_article(article_graph):
    assert validate(article_graph, ARTICLE_TEXT_FILE).conforms


def test_a_user_graph_without_source_text_gets_warnings_not_violations(tmp_path):
    path = tmp_path / "g.ttl"
    path.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix cg: <https://w3id.org/concept-graph/ontology#> .\n"
        "@prefix ex: <http://example.org/> .\n"
        'ex:a a skos:Concept, cg:Cause ; skos:prefLabel "A"@en ; skos:definition "An a."@en .\n'
    )
    report = validate(load_concept_graph([path]))
    assert report.conforms, report.to_text()
