"""The Analytics panel's pure helpers: the centrality bars, the category flows and their
figures, and reading a click on a bar."""

from __future__ import annotations

import pytest

from graph.web.panels import analytics
from tests.signed_graphs import concept_graph_from_edges, node

CONCEPT = "https://w3id.org/concept-graph/withdrawal/concept/"


def test_bar_data_puts_the_most_central_concept_on_top(article_graph):
    data = analytics.bar_data(article_graph.network)
    assert len(data["labels"]) == len(data["values"]) == len(data["iris"]) == analytics.TOP
    assert data["labels"][-1] == "Social withdrawal" and data["iris"][-1] == CONCEPT + "social-withdrawal"
    assert data["values"] == sorted(data["values"])


def test_centrality_figure_is_a_horizontal_bar_chart_carrying_iris(article_graph):
    figure = analytics.centrality_figure(article_graph.network)
    (bars,) = figure.data
    assert bars.type == "bar" and bars.orientation == "h"
    assert bars.customdata[-1][0] == CONCEPT + "social-withdrawal"


def test_category_flows_count_every_causal_link_by_polarity(article_graph):
    G = article_graph.network
    flows = analytics.category_flows(G)
    assert sum(flows.values()) == sum(1 for *_, data in G.edges(data=True) if data["causal"])
    categories = set(analytics.category_order(article_graph))
    assert {name for source, target, _ in flows for name in (source, target)} <= categories
    assert flows["Cause", "Mechanism", "+"] > 0 and flows["Strategy", "Effect", "-"] > 0


def test_concepts_without_a_category_flow_as_uncategorised():
    graph = concept_graph_from_edges(3, [(0, 1, "+"), (1, 2, "-"), (0, 2, "+")])
    assert analytics.category_flows(graph.network) == {
        ("Uncategorised", "Uncategorised", "+"): 2,
        ("Uncategorised", "Uncategorised", "-"): 1,
    }


def test_flow_figure_is_a_sankey_from_categories_to_categories(article_graph):
    flows = analytics.category_flows(article_graph.network)
    order = analytics.category_order(article_graph)
    (sankey,) = analytics.flow_figure(flows, order).data
    assert sankey.type == "sankey"
    labels = list(sankey.node.label)
    half = len(labels) // 2
    assert labels[:half] == labels[half:] == [name for name in order if name != "Uncategorised"]
    assert sum(sankey.link.value) == sum(flows.values())
    assert all(source < half <= target for source, target in zip(sankey.link.source, sankey.link.target, strict=True))
    assert labels[0] == "Cause"


def test_flow_figure_of_a_graph_without_causal_links_is_empty():
    (sankey,) = analytics.flow_figure(analytics.category_flows(concept_graph_from_edges(2, []).network), []).data
    assert list(sankey.node.label) == [] and list(sankey.link.value) == []


@pytest.mark.parametrize(
    ("click", "iri"),
    [
        ({"points": [{"customdata": [node(1), 3], "y": "Node 1"}]}, node(1)),
        ({"points": []}, None),
        ({"points": [{"y": "Node 1"}]}, None),
        ({"points": [{"customdata": 7}]}, None),
        (None, None),
    ],
)
def test_clicked_concept_reads_the_iri_of_a_bar(click, iri):
    assert analytics.clicked_concept(click) == iri
