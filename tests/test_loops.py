import networkx as nx
from hypothesis import HealthCheck, given, settings

from graph.loops import feedback_loops, loop_kind
from graph.names import resolve
from tests.signed_graphs import concept_graph_from_edges, node, signed_digraphs


def test_loneliness_spiral_is_a_named_reinforcing_loop(article_graph, article_text):
    spiral = str(resolve(article_graph, "Loneliness spiral loop").iri)
    found = feedback_loops(article_graph.network)
    named = [loop for loop in found.loops if spiral in loop.named_by]
    assert named, "the Loneliness Spiral Loop was not recognised"
    assert all(loop.kind == "reinforcing" for loop in named)
    labels = {article_graph.network.nodes[n]["label"] for loop in named for n in loop.nodes}
    assert {"Isolation", "Social withdrawal"} <= labels
    assert found.loops[0] in named  # named loops are listed first
    for loop in named:
        for hop in loop.hops:
            assert hop.evidence and all(e.quote in article_text for e in hop.evidence)


def test_loops_are_bounded_in_length_and_count(article_graph):
    G = article_graph.network
    assert all(loop.length <= 2 for loop in feedback_loops(G, cutoff=2).loops)
    limited = feedback_loops(G, limit=1)
    assert len(limited.loops) == 1 and limited.truncated and limited.reason == "limit"


def test_kind_is_the_parity_of_negative_links():
    assert [loop_kind(n) for n in range(4)] == ["reinforcing", "balancing", "reinforcing", "balancing"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graph=signed_digraphs())
def test_loops_are_real_signed_cycles_and_complete(graph):
    n, edges = graph
    G = concept_graph_from_edges(n, edges).network
    found = feedback_loops(G, cutoff=4, limit=10_000, time_budget=30)
    assert not found.truncated
    for loop in found.loops:
        assert loop.nodes[0] == loop.nodes[-1]
        assert len(set(loop.nodes[:-1])) == loop.length <= 4
        assert all(h.forward and G.has_edge(h.source, h.target, key=h.relation) for h in loop.hops)
        assert all(h.polarity in "+-" for h in loop.hops)
        negatives = sum(h.polarity == "-" for h in loop.hops)
        assert loop.negative_links == negatives
        assert loop.kind == ("reinforcing" if negatives % 2 == 0 else "balancing")
    signed = nx.DiGraph((node(u), node(v)) for u, v, sign in edges if sign != "0")
    expected = sorted(sorted(c) for c in nx.simple_cycles(signed, length_bound=4)) if len(signed) else []
    assert sorted(sorted(loop.nodes[:-1]) for loop in found.loops) == expected
