"""Which concepts bridge the most causal paths (betweenness) and which are hubs (degree)."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from .paths import search_graph

__all__ = ["Centrality", "centrality"]

#: Above this many nodes, betweenness is estimated from a sample of sources.
EXACT_LIMIT = 2_000


@dataclass(frozen=True)
class Centrality:
    node: str
    label: str
    betweenness: float  # share of shortest paths between other concepts that pass through it
    in_degree: int
    out_degree: int

    @property
    def degree(self) -> int:
        return self.in_degree + self.out_degree


def centrality(G: nx.MultiDiGraph, top: int | None = None, *, seed: int = 7) -> list[Centrality]:
    """Concepts ranked by betweenness along the links that path queries follow (causal links
    when there are any), then by degree.

    Parameters
    ----------
    G : MultiDiGraph
        A projection made by ``graph.project.to_networkx``.
    top : int, optional
        Return only the first ``top``.
    seed : int
        For the source sample on graphs larger than ``EXACT_LIMIT`` nodes (repeatable results).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for u, v in [("a", "b"), ("b", "c")]:
    ...     _ = G.add_edge(u, v, key="r", relation="r", causal=True, polarity="+", label="r", reading="r", evidence=())
    >>> [c.node for c in centrality(G, top=1)]
    ['b']
    """
    D = search_graph(G)
    sample = None if len(D) <= EXACT_LIMIT else EXACT_LIMIT
    scores = nx.betweenness_centrality(D, k=sample, seed=seed, normalized=True)
    ranked = sorted(
        (
            Centrality(
                node=node,
                label=D.nodes[node].get("label", node),
                betweenness=scores[node],
                in_degree=D.in_degree(node),
                out_degree=D.out_degree(node),
            )
            for node in D
        ),
        key=lambda c: (-c.betweenness, -c.degree, c.label.lower()),
    )
    return ranked[:top] if top is not None else ranked
