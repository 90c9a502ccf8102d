import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import URIRef

from graph.names import resolve
from graph.paths import MAX_LENGTH, find_paths, net_polarity, path_sparql, read_chain
from graph.project import relations_named
from graph.vocab import CG, PREFIXES
from tests.signed_graphs import RELATIONS, concept_graph_from_edges, node, signed_digraphs


def iri(concept_graph, name):
    return str(resolve(concept_graph, name).iri)


@pytest.fixture(scope="module")
def G(article_graph):
    return article_graph.network


def test_rejection_to_isolation_has_several_evidenced_paths(article_graph, G, article_text):
    found = find_paths(G, iri(article_graph, "rejection"), iri(article_graph, "isolation"), k=5)
    assert len({p.nodes for p in found.paths}) >= 2
    for path in found.paths:
        assert path.nodes[0].endswith("/rejection") and path.nodes[-1].endswith("/isolation")
        assert path.reading.startswith("Rejection ") and path.reading.endswith("isolation.")
        assert path.polarity in "+-0"
        for hop in path.hops:
            assert hop.evidence, hop
            assert all(e.quote in article_text for e in hop.evidence)


def test_avoid_removes_paths_through_a_concept(article_graph, G):
    source, target = iri(article_graph, "rejection"), iri(article_graph, "isolation")
    withdrawal = iri(article_graph, "social withdrawal")
    before = find_paths(G, source, target, k=10)
    assert any(withdrawal in p.nodes for p in before.paths)
    after = find_paths(G, source, target, k=10, avoid=[withdrawal])
    assert after.paths != before.paths
    assert all(withdrawal not in p.nodes for p in after.paths)


def test_via_limits_the_relations_followed(article_graph, G):
    source, target = iri(article_graph, "rejection"), iri(article_graph, "isolation")
    only = relations_named(G, ["causes", "increases"])
    found = find_paths(G, source, target, k=10, relations=only)
    assert found.paths
    assert all(h.relation in only for p in found.paths for h in p.hops)
    everything = find_paths(G, source, target, k=10)
    assert {h.relation for p in everything.paths for h in p.hops} - only


def test_max_length_bounds_paths_and_says_so(article_graph, G):
    source, target = iri(article_graph, "rejection"), iri(article_graph, "isolation")
    found = find_paths(G, source, target, k=50, cutoff=2)
    assert found.paths and all(p.length <= 2 for p in found.paths)
    assert found.truncated and found.reason == "max length"


def test_undirected_finds_paths_directed_cannot(article_graph, G):
    # nothing in the article leads to a strategy, but a strategy is linked to what rejection causes
    source, target = iri(article_graph, "rejection"), iri(article_graph, "strengthening self-esteem")
    assert find_paths(G, source, target).paths == ()
    found = find_paths(G, source, target, directed=False)
    assert found.paths
    assert any(not h.forward for h in found.paths[0].hops)
    assert " is " in found.paths[0].reading  # a backward link is read in the passive


def test_k_bounds_the_count_and_sets_truncated(article_graph, G):
    found = find_paths(G, iri(article_graph, "rejection"), iri(article_graph, "isolation"), k=1)
    assert len(found.paths) == 1 and found.truncated and found.reason == "k"


def test_bad_arguments(article_graph, G):
    rejection = iri(article_graph, "rejection")
    with pytest.raises(nx.NodeNotFound):
        find_paths(G, rejection, "http://example.org/none")
    with pytest.raises(ValueError, match="same concept"):
        find_paths(G, rejection, rejection)
    with pytest.raises(ValueError, match="k must be"):
        find_paths(G, rejection, iri(article_graph, "isolation"), k=0)
    with pytest.raises(ValueError, match="cannot avoid"):
        find_paths(G, rejection, iri(article_graph, "isolation"), avoid=[rejection])


def test_reading_and_polarity():
    assert net_polarity(["+", "-", "-"]) == "+"
    assert net_polarity(["-"]) == "-"
    assert net_polarity(["+", "0"]) == "0"
    assert read_chain(["ACC", "Isolation"], []) == "ACC."


def test_sparql_equivalent_reproduces_the_path(article_graph, G):
    found = find_paths(G, iri(article_graph, "rejection"), iri(article_graph, "isolation"), k=2)
    text = path_sparql(found, {p: str(ns) for p, ns in PREFIXES.items()})
    queries = text.split("\n\n")
    prefixes = queries[0]
    ask = next(q for q in queries if "ASK" in q)
    assert article_graph.graph.query(prefixes + "\n" + ask).askAnswer is True
    selects = [q for q in queries if "SELECT" in q]
    assert len(selects) == 2
    rows = list(article_graph.graph.query(prefixes + "\n" + selects[0]))
    assert {int(row.step) for row in rows} == set(range(1, found.paths[0].length + 1))
    assert all(row.quote for row in rows)


# Property-based: random signed digraphs ------------------------------------------------------

search_settings = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_path(G, path, directed, allowed):
    assert len(set(path.nodes)) == len(path.nodes), "a concept repeats"
    for hop in path.hops:
        u, v = (hop.source, hop.target) if hop.forward else (hop.target, hop.source)
        assert hop.forward or not directed
        assert G.has_edge(u, v, key=hop.relation), "not a link of the graph"
        assert allowed is None or hop.relation in allowed


@search_settings
@given(
    graph=signed_digraphs(),
    k=st.integers(1, 6),
    cutoff=st.integers(1, 6),
    directed=st.booleans(),
    avoid=st.sets(st.integers(2, 8), max_size=2),
    via=st.one_of(st.none(), st.sets(st.sampled_from("+-0"), min_size=1)),
)
def test_paths_are_real_shortest_first_and_within_bounds(graph, k, cutoff, directed, avoid, via):
    n, edges = graph
    concept_graph = concept_graph_from_edges(n, edges)
    G = concept_graph.network
    allowed = {str(RELATIONS[s]) for s in via} if via is not None else None
    avoided = [node(i) for i in avoid if i < n]
    found = find_paths(G, node(0), node(1), k=k, cutoff=cutoff, directed=directed, relations=allowed, avoid=avoided)
    lengths = [p.length for p in found.paths]
    assert lengths == sorted(lengths)
    assert len(found.paths) <= k
    assert all(1 <= length <= cutoff for length in lengths)
    assert len({p.nodes for p in found.paths}) == len(found.paths)
    for path in found.paths:
        assert path.nodes[0] == node(0) and path.nodes[-1] == node(1)
        assert not set(path.nodes) & set(avoided)
        _check_path(G, path, directed, allowed)

    # Compare with brute force on these small graphs: every shorter path was found, and the
    # search is truncated exactly when more paths exist within the bounds or beyond them.
    D = nx.DiGraph()
    D.add_nodes_from(G)
    D.add_edges_from((u, v) for u, v, key in G.edges(keys=True) if allowed is None or key in allowed)
    D.remove_nodes_from(avoided)
    H = D if directed else D.to_undirected()
    every = {tuple(p) for p in nx.all_simple_paths(H, node(0), node(1))}
    within = {p for p in every if len(p) - 1 <= cutoff}
    found_nodes = {p.nodes for p in found.paths}
    assert found_nodes <= within
    if lengths:
        assert {p for p in within if len(p) - 1 < lengths[-1]} <= found_nodes
    assert found.truncated == (len(every) > len(found.paths))


@search_settings
@given(graph=signed_digraphs(signs="+-"))
def test_reachability_agrees_with_a_sparql_property_path(graph):
    n, edges = graph
    concept_graph = concept_graph_from_edges(n, edges)
    found = find_paths(concept_graph.network, node(0), node(1), k=1, cutoff=MAX_LENGTH)
    ask = concept_graph.graph.query(f"ASK {{ <{node(0)}> (<{CG.increases}>|<{CG.decreases}>)+ <{node(1)}> }}").askAnswer
    assert bool(found.paths) == ask


def test_paths_ignore_non_concepts():
    concept_graph = concept_graph_from_edges(3, [(0, 2, "+"), (2, 1, "-")])
    concept_graph.graph.add((URIRef(node(0)), CG.increases, URIRef("http://example.org/not-a-concept")))
    found = find_paths(concept_graph.network, node(0), node(1))
    assert [p.polarity for p in found.paths] == ["-"]


def test_sparql_equivalent_declares_its_own_prefixes():
    concept_graph = concept_graph_from_edges(3, [(0, 2, "+"), (2, 1, "-")])
    found = find_paths(concept_graph.network, node(0), node(1))
    text = path_sparql(found, {})  # a graph that binds no prefix
    assert "PREFIX rdf:" in text and "PREFIX oa:" in text
    for query in text.split("\n\n")[1:]:
        concept_graph.graph.query(text.split("\n\n")[0] + "\n" + query)  # parses and runs
