import pytest
from rdflib import Literal
from rdflib.namespace import SKOS

from graph.errors import AmbiguousConceptError, UnknownConceptError
from graph.names import resolve, search
from tests.signed_graphs import concept_graph_from_edges


def test_names_by_label_any_case_slug_iri_and_prefixed_name(article_graph):
    rejection = resolve(article_graph, "Rejection")
    assert resolve(article_graph, "REJECTION") == rejection
    assert resolve(article_graph, "  rejection ") == rejection
    assert resolve(article_graph, str(rejection.iri)) == rejection
    assert resolve(article_graph, f"<{rejection.iri}>") == rejection
    assert resolve(article_graph, "concept:rejection") == rejection
    assert resolve(article_graph, "social-withdrawal").label == "Social withdrawal"


def test_alternative_labels_name_their_concept(article_graph):
    assert resolve(article_graph, "social isolation").label == "Isolation"
    assert resolve(article_graph, "avoidance behaviors").label == "Social withdrawal"


def test_exact_label_wins_over_partial_matches(article_graph):
    # "isolation" is also part of other labels; the concept labelled Isolation wins
    assert resolve(article_graph, "isolation").label == "Isolation"


def test_unique_partial_match_is_accepted(article_graph):
    assert resolve(article_graph, "cingulate").label == "Anterior cingulate cortex"


def test_unknown_name_suggests_the_closest_labels(article_graph):
    with pytest.raises(UnknownConceptError) as info:
        resolve(article_graph, "isolaton")
    assert "Isolation" in info.value.suggestions
    assert "did you mean" in str(info.value) and "'Isolation'" in str(info.value)


def test_ambiguous_name_lists_candidates_with_iris(article_graph):
    with pytest.raises(AmbiguousConceptError) as info:
        resolve(article_graph, "self")
    assert len(info.value.candidates) > 1
    label, iri = info.value.candidates[0]
    assert f"{label} <{iri}>" in str(info.value)


def test_two_concepts_with_one_label_are_ambiguous():
    twins = concept_graph_from_edges(3, [])
    for node in twins.graph.subjects(SKOS.prefLabel, None):
        twins.graph.set((node, SKOS.prefLabel, Literal("Twin", lang="en")))
    with pytest.raises(AmbiguousConceptError, match="names 3 concepts"):
        resolve(twins, "twin")


def test_empty_name(article_graph):
    with pytest.raises(UnknownConceptError, match="empty name"):
        resolve(article_graph, "  ")


def test_search_ranks_prefix_matches_first(article_graph):
    found = [c.label for c in search(article_graph, "soc")]
    assert found[0].lower().startswith("soc")
    assert "Isolation" in found  # through its alternative label "social isolation"
    assert search(article_graph, "") == []
    assert len(search(article_graph, "e", limit=3)) == 3
