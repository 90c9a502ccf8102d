"""Parts of a concept graph: a focus neighbourhood and filters by category, relation and section,
as a subgraph of the projection (used by the explorer's view and by exports of the view)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import networkx as nx

from .project import neighbourhood

__all__ = ["ViewFilter", "filter_view"]


@dataclass(frozen=True)
class ViewFilter:
    """What the view shows. Empty collections mean "no restriction"."""

    focus: str | None = None
    depth: int = 1
    categories: tuple[str, ...] = ()  # category labels
    relations: tuple[str, ...] = ()  # relation IRIs
    sections: tuple[str, ...] = ()  # section IRIs: keep links with evidence from these sections


def filter_view(G: nx.MultiDiGraph, view: ViewFilter) -> nx.MultiDiGraph:
    """The subgraph of ``G`` that ``view`` shows (a view of ``G``, not a copy).

    Nodes: within ``view.depth`` links of the focus (when set) and of the chosen categories.
    Links: among those nodes, of the chosen relations, with evidence from the chosen sections.
    With a section filter, only concepts that keep a link stay.
    """
    nodes: Collection[str] = neighbourhood(G, view.focus, view.depth) if view.focus else G
    if view.categories:
        wanted = set(view.categories)
        nodes = [n for n in nodes if G.nodes[n].get("category_label") in wanted or n == view.focus]
    sub = G.subgraph(nodes)
    relations = set(view.relations)
    sections = set(view.sections)

    def keep(u, v, key):
        if relations and key not in relations:
            return False
        if sections:
            evidence = sub[u][v][key]["evidence"]
            return any(str(e.section) in sections for e in evidence)
        return True

    edges = nx.subgraph_view(sub, filter_edge=keep)
    if not sections:
        return edges
    linked = {n for edge in edges.edges() for n in edge}
    if view.focus in sub:
        linked.add(view.focus)
    return edges.subgraph(linked)
