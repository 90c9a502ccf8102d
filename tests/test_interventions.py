from graph.interventions import interventions, minimum_cut
from graph.names import resolve
from graph.paths import find_paths
from tests.signed_graphs import concept_graph_from_edges, node


def iri(concept_graph, name):
    return str(resolve(concept_graph, name).iri)


def test_strategies_interrupt_rejection_to_isolation(article_graph):
    G = article_graph.network
    report = interventions(G, iri(article_graph, "rejection"), iri(article_graph, "isolation"))
    assert report.search.paths
    assert report.strategies
    best = report.strategies[0]
    assert G.nodes[best.strategy]["category_label"] == "Strategy"
    assert best.paths_cut >= 1
    assert [s.paths_cut for s in report.strategies] == sorted((s.paths_cut for s in report.strategies), reverse=True)
    for lever in best.levers:
        assert any(lever.concept in p.nodes for p in report.search.paths)
        assert G[best.strategy][lever.concept][lever.relation]["polarity"] == "-"
        assert lever.evidence


def test_minimum_cut_disconnects_source_from_target(article_graph):
    G = article_graph.network
    source, target = iri(article_graph, "rejection"), iri(article_graph, "isolation")
    cut, direct = minimum_cut(G, source, target)
    if direct:
        assert cut == ()
        return
    assert cut
    assert find_paths(G, source, target, avoid=cut).paths == ()


def test_minimum_cut_on_a_small_graph():
    # 0 -> 2 -> 1 and 0 -> 3 -> 1: both middle nodes must go
    G = concept_graph_from_edges(4, [(0, 2, "+"), (2, 1, "+"), (0, 3, "-"), (3, 1, "+")]).network
    cut, direct = minimum_cut(G, node(0), node(1))
    assert set(cut) == {node(2), node(3)} and not direct
    G2 = concept_graph_from_edges(2, [(0, 1, "+")]).network
    assert minimum_cut(G2, node(0), node(1)) == ((), True)


def test_without_strategy_category_any_negative_link_off_the_path_counts():
    # 3 decreases 2, which is on the only path 0 -> 2 -> 1
    G = concept_graph_from_edges(4, [(0, 2, "+"), (2, 1, "+"), (3, 2, "-")]).network
    report = interventions(G, node(0), node(1))
    assert [s.strategy for s in report.strategies] == [node(3)]
    assert report.strategies[0].paths_cut == 1


def test_minimum_cut_when_the_target_links_back_to_the_source():
    # a -> b -> c -> a: networkx alone returns an empty cut here
    G = concept_graph_from_edges(3, [(0, 2, "+"), (2, 1, "+"), (1, 0, "+")]).network
    assert minimum_cut(G, node(0), node(1)) == ((node(2),), False)
