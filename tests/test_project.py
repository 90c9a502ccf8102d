import networkx as nx
import pytest

from graph.errors import UnknownRelationError
from graph.load import load_concept_graph
from graph.project import link_graph, neighbourhood, relations_named, to_networkx
from graph.vocab import CG
from tests.signed_graphs import concept_graph_from_edges, node


def test_projection_has_every_concept_and_link(article_graph):
    G = to_networkx(article_graph)
    assert isinstance(G, nx.MultiDiGraph)
    assert G.number_of_nodes() == len(article_graph.concepts)
    assert G.number_of_edges() == len(article_graph.relations)
    u, v, key, data = next(iter(G.edges(keys=True, data=True)))
    assert key == data["relation"]
    assert {"label", "polarity", "reading", "causal", "evidence"} <= set(data)
    assert G.nodes[u]["label"] and "category_label" in G.nodes[u]


def test_link_graph_collapses_parallel_links_and_filters():
    concept_graph = concept_graph_from_edges(2, [(0, 1, "+"), (0, 1, "-"), (1, 0, "0")])
    G = concept_graph.network
    D = link_graph(G)
    assert len(D[node(0)][node(1)]["links"]) == 2
    assert not link_graph(G, signed_only=True).has_edge(node(1), node(0))
    only = link_graph(G, {str(CG.decreases)})
    assert [link["polarity"] for link in only[node(0)][node(1)]["links"]] == ["-"]
    assert only.graph["relations"] == {str(CG.decreases)}


def test_neighbourhood_grows_with_depth():
    G = concept_graph_from_edges(4, [(0, 1, "+"), (1, 2, "+"), (3, 2, "-")]).network
    assert set(neighbourhood(G, node(0), 1)) == {node(0), node(1)}
    assert set(neighbourhood(G, node(0), 2)) == {node(0), node(1), node(2)}
    assert set(neighbourhood(G, node(0), 3)) == {node(i) for i in range(4)}
    with pytest.raises(nx.NodeNotFound):
        neighbourhood(G, "nope")


def test_relations_named_by_label_local_name_prefixed_or_iri(article_graph):
    G = article_graph.network
    assert relations_named(G, ["causes", "CG:INCREASES", str(CG.decreases)]) == {
        str(CG.causes),
        str(CG.increases),
        str(CG.decreases),
    }
    with pytest.raises(UnknownRelationError, match="unknown relation 'blocks'.*known: .*causes"):
        relations_named(G, ["blocks"])


def test_non_causal_links_are_projected_too(tmp_path):
    path = tmp_path / "thesaurus.ttl"
    path.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n@prefix ex: <http://example.org/> .\n"
        'ex:a a skos:Concept ; skos:prefLabel "A" ; skos:broader ex:b .\n'
        'ex:b a skos:Concept ; skos:prefLabel "B" ; skos:related ex:c .\n'
        'ex:c a skos:Concept ; skos:prefLabel "C" .\n'
    )
    G = load_concept_graph([path]).network
    assert {d["label"] for _, _, d in G.edges(data=True)} == {"broader", "related"}
    assert not any(d["causal"] for _, _, d in G.edges(data=True))
