from dataclasses import replace

import pytest

from graph.details import concept_details, link_details, quote_in_context
from graph.iris import concept_iri


def test_concept_details_carry_everything_the_panel_shows(article_graph):
    view = concept_details(article_graph, str(concept_iri("isolation")))
    assert view.label == "Isolation" and view.category == "Effect"
    assert "social isolation" in view.alt_labels
    assert view.sections and all(title for _, title in view.sections)
    assert view.incoming and view.outgoing
    assert all(link.target == view.iri for link in view.incoming)
    assert all(link.quotes for link in view.incoming + view.outgoing)


def test_term_concept_has_its_definition(article_graph):
    view = concept_details(article_graph, str(concept_iri("cognitive-de-escalation")))
    assert view.definition.startswith("People withdraw after rejection due to cognitive de-escalation")


def test_quote_is_shown_inside_its_whole_sentence(article_graph, article_text):
    view = concept_details(article_graph, str(concept_iri("isolation")))
    for link in view.incoming:
        for quote in link.quotes:
            sentence = quote.before + quote.quote + quote.after
            assert sentence in article_text
            assert sentence.endswith((".", "!", "?")) or quote.after == ""
            assert not quote.before or quote.before[0].isupper()


def test_link_details(article_graph):
    relation = article_graph.relations[0]
    view = link_details(article_graph, str(relation.source), str(relation.type.iri), str(relation.target))
    assert view.relation_label == relation.type.label and view.polarity == relation.polarity
    assert len(view.quotes) == len(relation.evidence)
    with pytest.raises(LookupError):
        link_details(article_graph, str(relation.source), str(relation.type.iri), "http://example.org/x")


def test_quote_without_section_text_stands_alone(article_graph):
    evidence = article_graph.relations[0].evidence[0]
    alone = quote_in_context(article_graph, replace(evidence, section=None))
    assert (alone.before, alone.quote, alone.after) == ("", evidence.quote, "")
