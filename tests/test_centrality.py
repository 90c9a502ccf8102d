from graph.centrality import centrality
from tests.signed_graphs import concept_graph_from_edges, node


def test_bridges_rank_first_on_a_chain():
    G = concept_graph_from_edges(4, [(0, 1, "+"), (1, 2, "+"), (2, 3, "-")]).network
    ranked = centrality(G)
    assert {ranked[0].node, ranked[1].node} == {node(1), node(2)}
    assert ranked[-1].betweenness == 0
    assert len(centrality(G, top=2)) == 2


def test_article_hubs_include_withdrawal(article_graph):
    top = centrality(article_graph.network, top=5)
    assert "Social withdrawal" in [c.label for c in top]
    assert top[0].betweenness >= top[-1].betweenness
    assert all(c.degree == c.in_degree + c.out_degree for c in top)
