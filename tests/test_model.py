import pytest
from rdflib import URIRef

from graph.errors import UnknownConceptError
from graph.iris import concept_iri
from graph.load import parse_rdf
from graph.model import ConceptGraph, local_name


def test_concepts_carry_label_category_and_sections(article_graph):
    rejection = article_graph.concept(concept_iri("rejection"))
    assert rejection.label == "Rejection"
    assert rejection.category_label == "Cause"
    assert rejection.sections  # cited in the article


def test_relations_carry_type_polarity_and_evidence(article_graph):
    causal = [r for r in article_graph.relations if r.type.causal]
    polarities = {r.polarity for r in causal}
    assert polarities <= {"+", "-", "0"}
    assert {"+", "-"} <= polarities
    relation = causal[0]
    assert relation.evidence[0].quote
    assert relation in article_graph.outgoing(relation.source)
    assert relation in article_graph.incoming(relation.target)


def test_unknown_iri_is_an_unknown_concept_error(article_graph):
    with pytest.raises(UnknownConceptError, match="no concept with IRI"):
        article_graph.concept("http://example.org/nothing")


def test_source_parts_are_in_reading_order(article_graph):
    titles = [p.title for p in article_graph.source_parts]
    assert titles[0] == "Lead"
    assert titles[1] == "The Psychology of Rejection: An Overview"
    assert titles.index("Important Terms") < titles.index("Rejection Sensitivity Bias")


def test_labels_fall_back_to_rdfs_label_and_local_name():
    graph = parse_rdf(
        b"@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        b"@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        b"@prefix ex: <http://example.org/> .\n"
        b'ex:a a skos:Concept ; rdfs:label "Alpha"@de, "Alpha en"@en ; ex:hasPart ex:someThing .\n'
        b"ex:someThing a skos:Concept .\n",
        "turtle",
    )
    concept_graph = ConceptGraph(graph)
    labels = {c.iri: c.label for c in concept_graph.concepts.values()}
    assert labels[URIRef("http://example.org/a")] == "Alpha en"
    assert labels[URIRef("http://example.org/someThing")] == "some thing"
    (relation,) = concept_graph.relations
    assert relation.type.label == "has part" and relation.polarity == "0"


def test_local_name():
    assert local_name("http://example.org/ns#broaderTransitive") == "broader transitive"


def test_an_owl_class_hierarchy_opens_as_concepts_with_top_classes_as_categories():
    graph = parse_rdf(
        b"@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        b"@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        b"@prefix ex: <http://example.org/> .\n"
        b'ex:Animal a owl:Class ; rdfs:label "Animal" .\n'
        b'ex:Mammal a owl:Class ; rdfs:label "Mammal" ; rdfs:subClassOf ex:Animal .\n'
        b'ex:Cat a owl:Class ; rdfs:label "Cat" ; rdfs:subClassOf ex:Mammal .\n'
        b'ex:Plant a owl:Class ; rdfs:label "Plant" .\n',
        "turtle",
    )
    concept_graph = ConceptGraph(graph)
    by_label = {c.label: c for c in concept_graph.concepts.values()}
    assert set(by_label) == {"Animal", "Mammal", "Cat", "Plant"}
    assert by_label["Cat"].category_label == "Animal" and by_label["Plant"].category_label is None
    assert {r.type.label for r in concept_graph.relations} == {"sub class of"}


def test_any_labelled_resources_open_with_their_types_as_categories():
    graph = parse_rdf(
        b"@prefix schema: <https://schema.org/> .\n"
        b"@prefix ex: <http://example.org/> .\n"
        b'ex:ada a schema:Person ; schema:name "Ada Lovelace" ; schema:knows ex:charles .\n'
        b'ex:charles a schema:Person ; schema:name "Charles Babbage" .\n'
        b'schema:Person schema:name "Person" .\n',
        "turtle",
    )
    concept_graph = ConceptGraph(graph)
    labels = {c.label: c.category_label for c in concept_graph.concepts.values()}
    assert labels["Ada Lovelace"] == "Person" and labels["Charles Babbage"] == "Person"
    (relation,) = [r for r in concept_graph.relations if r.type.label == "knows"]
    assert concept_graph.concepts[relation.target].label == "Charles Babbage"


def test_a_skos_thesaurus_takes_its_top_concepts_as_categories():
    graph = parse_rdf(
        b"@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        b"@prefix ex: <http://example.org/> .\n"
        b'ex:emotion a skos:Concept ; skos:prefLabel "Emotion"@en .\n'
        b'ex:sadness a skos:Concept ; skos:prefLabel "Sadness"@en ; skos:broader ex:emotion .\n'
        b'ex:grief a skos:Concept ; skos:prefLabel "Grief"@en ; skos:broader ex:sadness .\n',
        "turtle",
    )
    categories = {c.label: c.category_label for c in ConceptGraph(graph).concepts.values()}
    assert categories == {"Emotion": None, "Sadness": "Emotion", "Grief": "Emotion"}
