"""The shipped article graph against its source text: conformance, verbatim quotes, coverage."""

from rdflib import URIRef
from rdflib.namespace import RDFS, SKOS

from graph.iris import section_iri
from graph.source import TERMS_HEADING
from graph.validate import ARTICLE_TEXT_FILE, validate
from graph.vocab import CG


def _headings(article_text):
    """Section and term headings read from the text itself: short lines without a final full
    stop between the date line and the end marker."""
    lines = [line.strip() for line in article_text.splitlines() if line.strip()]
    body = lines[3 : lines.index("About the author.")]
    return [line for line in body if not line.endswith(".")]


def test_shipped_data_conforms_to_the_shapes_and_its_source(article_graph):
    report = validate(article_graph, ARTICLE_TEXT_FILE)
    assert report.conforms, report.to_text()
    assert report.problems == []


def test_every_quote_is_verbatim_in_the_article(article_graph, article_text):
    quotes = [e.quote for r in article_graph.relations for e in r.evidence]
    assert quotes
    for quote in quotes:
        assert quote in article_text, quote


def test_every_causal_relation_has_evidence_and_a_section(article_graph):
    causal = [r for r in article_graph.relations if r.type.causal]
    assert causal
    for relation in causal:
        assert relation.evidence, relation
        assert all(e.section is not None and e.section_title for e in relation.evidence)


def test_every_heading_of_the_article_is_a_section_in_the_graph(article_graph, article_text):
    headings = _headings(article_text)
    assert TERMS_HEADING in headings
    titles = {part.title for part in article_graph.source_parts}
    assert set(headings) <= titles


def test_every_section_and_term_is_the_source_of_some_claim(article_graph, article_text):
    cited = {e.section_title for r in article_graph.relations for e in r.evidence}
    headings = [h for h in _headings(article_text) if h != TERMS_HEADING]
    assert len(headings) == 20
    missing = [h for h in headings if h not in cited]
    assert missing == []
    lead = section_iri("lead")
    assert any(e.section == lead for r in article_graph.relations for e in r.evidence)


def test_every_important_term_is_a_concept_defined_by_its_own_sentence(article_graph, article, article_text):
    by_definer = {}
    for concept in article_graph.concepts.values():
        for source in article_graph.graph.objects(concept.iri, RDFS.isDefinedBy):
            by_definer[source] = concept
    for term in article.terms:
        concept = by_definer.get(section_iri(term.path))
        assert concept is not None, term.title
        assert concept.label.lower() == term.title.lower()
        assert concept.definition and concept.definition in term.text


def test_every_concept_has_one_category_and_a_relation_or_definition(article_graph):
    linked = {r.source for r in article_graph.relations} | {r.target for r in article_graph.relations}
    for concept in article_graph.concepts.values():
        assert concept.category is not None, concept
        assert concept.iri in linked or concept.definition, concept


def test_coverage_is_that_of_a_faithful_encoding(article_graph):
    # The article makes several claims a sentence: a faithful encoding has tens of concepts
    # and about twice as many relations. Far fewer means claims were skipped.
    assert len(article_graph.concepts) >= 40
    assert sum(r.type.causal for r in article_graph.relations) >= 60
    categories = {c.category for c in article_graph.concepts.values()}
    assert categories == {CG.Cause, CG.Mechanism, CG.Effect, CG.Moderator, CG.Strategy}


def test_concepts_are_in_one_scheme_and_iris_are_slugs(article_graph):
    schemes = {o for c in article_graph.concepts for o in article_graph.graph.objects(c, SKOS.inScheme)}
    assert len(schemes) == 1
    for iri in article_graph.concepts:
        slug = str(iri).rsplit("/", 1)[-1]
        assert slug == slug.lower() and " " not in slug
        assert isinstance(iri, URIRef)
