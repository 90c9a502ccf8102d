from graph.positions import cached_positions, layered_positions
from tests.signed_graphs import concept_graph_from_edges, node


def test_article_reads_causes_to_effects_with_strategies_apart(article_graph):
    G = article_graph.network
    positions = layered_positions(G)
    assert set(positions) == set(G)

    def mean(axis, category):
        values = [positions[n][axis] for n in G if G.nodes[n]["category_label"] == category]
        return sum(values) / len(values)

    assert mean(0, "Cause") < mean(0, "Mechanism") < mean(0, "Effect")
    lowest_other = max(positions[n][1] for n in G if G.nodes[n]["category_label"] != "Strategy")
    assert min(positions[n][1] for n in G if G.nodes[n]["category_label"] == "Strategy") > lowest_other
    assert len(set(positions.values())) == len(positions)  # no two concepts on one spot


def test_uncategorised_graph_is_layered_by_causal_depth():
    G = concept_graph_from_edges(4, [(0, 1, "+"), (1, 2, "+"), (2, 3, "-")]).network
    xs = [layered_positions(G)[node(i)][0] for i in range(4)]
    assert xs == sorted(xs) and xs[0] < xs[-1]


def test_positions_are_cached_on_the_graph(article_graph):
    G = article_graph.network
    assert cached_positions(G) is cached_positions(G)


def test_empty_graph():
    assert layered_positions(concept_graph_from_edges(0, []).network) == {}
