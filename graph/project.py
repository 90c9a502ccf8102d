"""Projection of a concept graph into networkx, where the path, loop and centrality algorithms
run.

``to_networkx`` gives a ``MultiDiGraph``: one node per concept (keyed by its IRI as a string)
and one edge per link, keyed by the relation's IRI, carrying its label, polarity, reading,
whether it is causal, and its evidence. ``link_graph`` collapses parallel links into one
``DiGraph`` edge holding all of them (``links``), the form networkx's simple-path and cycle
algorithms accept; it can keep only some relations.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

import networkx as nx

from .errors import UnknownRelationError

if TYPE_CHECKING:
    from .model import ConceptGraph, Relation

__all__ = ["to_networkx", "link_graph", "edge_data", "neighbourhood", "relations_named"]


def edge_data(relation: Relation) -> dict:
    """The attributes of one projected edge."""
    return {
        "relation": str(relation.type.iri),
        "label": relation.type.label,
        "polarity": relation.type.polarity,
        "reading": relation.type.reading,
        "causal": relation.type.causal,
        "evidence": relation.evidence,
    }


def to_networkx(concept_graph: ConceptGraph) -> nx.MultiDiGraph:
    """Every concept and every link between concepts as a ``MultiDiGraph``.

    Node attributes: ``label``, ``category`` (IRI or None), ``category_label``, ``definition``.
    Edge keys are relation IRIs; edge attributes are those of ``edge_data``.
    """
    G = nx.MultiDiGraph()
    for iri, concept in concept_graph.concepts.items():
        G.add_node(
            str(iri),
            label=concept.label,
            category=str(concept.category) if concept.category else None,
            category_label=concept.category_label,
            definition=concept.definition,
        )
    for relation in concept_graph.relations:
        G.add_edge(str(relation.source), str(relation.target), key=str(relation.type.iri), **edge_data(relation))
    return G


def link_graph(
    G: nx.MultiDiGraph,
    relations: Collection[str] | None = None,
    *,
    causal_only: bool = False,
    signed_only: bool = False,
) -> nx.DiGraph:
    """Collapse parallel links of ``G`` into single ``DiGraph`` edges.

    Parameters
    ----------
    G : MultiDiGraph
        A projection made by ``to_networkx``.
    relations : collection of str, optional
        Keep only links whose relation IRI is in this collection.
    causal_only : bool
        Keep only causal links (sub-properties of ``cg:influences``).
    signed_only : bool
        Keep only links with polarity "+" or "-".

    Returns
    -------
    DiGraph
        Same nodes and node attributes; each edge has ``links``, a tuple of the kept links'
        attribute dicts (each with its ``relation`` IRI); ``D.graph["relations"]`` is the set
        of relation IRIs kept.
    """
    D = nx.DiGraph(relations=set())
    D.add_nodes_from(G.nodes(data=True))
    for u, v, data in G.edges(data=True):
        if relations is not None and data["relation"] not in relations:
            continue
        if causal_only and not data["causal"]:
            continue
        if signed_only and data["polarity"] not in "+-":
            continue
        D.graph["relations"].add(data["relation"])
        if D.has_edge(u, v):
            D[u][v]["links"] += (data,)
        else:
            D.add_edge(u, v, links=(data,))
    return D


def neighbourhood(G: nx.MultiDiGraph, node: str, depth: int = 1) -> nx.MultiDiGraph:
    """The concepts within ``depth`` links of ``node`` (in either direction) and the links
    among them, as a subgraph view of ``G``.

    Raises
    ------
    networkx.NodeNotFound
        If ``node`` is not in ``G``.
    """
    if node not in G:
        raise nx.NodeNotFound(f"node {node} is not in the graph")
    if depth < 0:
        raise ValueError("depth must be zero or more")
    seen = {node}
    frontier = [node]
    for _ in range(depth):
        following = []
        for current in frontier:
            for other in _adjacent(G, current):
                if other not in seen:
                    seen.add(other)
                    following.append(other)
        frontier = following
    return G.subgraph(seen)


def _adjacent(G: nx.MultiDiGraph, node: str) -> Iterable[str]:
    yield from G.successors(node)
    yield from G.predecessors(node)


def relations_named(G: nx.MultiDiGraph, names: Iterable[str]) -> set[str]:
    """Relation IRIs of ``G`` matching ``names``: an IRI, a local name or a label (any case).

    Raises
    ------
    UnknownRelationError
        Naming the first unknown relation and listing the known ones.
    """
    known: dict[str, str] = {}
    for _, _, data in G.edges(data=True):
        iri = data["relation"]
        for alias in (iri, iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1], data["label"]):
            known.setdefault(alias.lower(), iri)
    found = set()
    for name in names:
        key = name.strip().lower()
        if ":" in key and key not in known:
            key = key.split(":", 1)[1]
        if key not in known:
            labels = sorted({data["label"] for _, _, data in G.edges(data=True)})
            raise UnknownRelationError(f"unknown relation {name!r} (known: {', '.join(labels)})")
        found.add(known[key])
    return found
