"""Node positions computed on the server, so the browser draws a ``preset`` layout instantly.

``layered_positions`` reads left to right from causes through mechanisms to effects, with
moderators beside the causes and strategies set apart in a band below; inside a category,
concepts further down the causal chain sit further right. Graphs without these categories are
layered by causal depth alone. Positions are in pixels of the model (the browser fits them).
"""

from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx

from .paths import search_graph

__all__ = ["layered_positions", "cached_positions"]

# Main columns by category, left to right; strategies get their own band below.
_COLUMN_OF = {"Cause": 0, "Moderator": 0, "Mechanism": 1, "Effect": 2}
_STRATEGY = "Strategy"


def cached_positions(G: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """``layered_positions(G)``, computed once per graph."""
    if "_positions" not in G.graph:
        G.graph["_positions"] = layered_positions(G)
    return G.graph["_positions"]


def layered_positions(
    G: nx.MultiDiGraph,
    *,
    column_width: float = 210.0,
    row_height: float = 58.0,
    max_rows: int = 11,
) -> dict[str, tuple[float, float]]:
    """Positions of every node of ``G`` as ``{node: (x, y)}``.

    Parameters
    ----------
    G : MultiDiGraph
        A projection made by ``graph.project.to_networkx``.
    column_width, row_height : float
        Spacing, in model pixels.
    max_rows : int
        The most nodes in one column; a category with more is split into sub-columns by
        causal depth.
    """
    if len(G) == 0:
        return {}
    depth = _causal_depth(search_graph(G))
    categories = {n: G.nodes[n].get("category_label") for n in G}
    categorised = any(c in _COLUMN_OF for c in categories.values())
    groups: dict[int, list[str]] = defaultdict(list)
    band: list[str] = []
    for node in G:
        category = categories[node]
        if categorised and category == _STRATEGY:
            band.append(node)
        elif categorised:
            groups[_COLUMN_OF.get(category, 2)].append(node)
        else:
            groups[0].append(node)
    columns: list[list[str]] = []
    for key in sorted(groups):
        members = sorted(groups[key], key=lambda n: (_is_moderator(categories[n]), depth[n], _label(G, n)))
        columns.extend(_split(members, max_rows, keep_together=not categorised, depth=depth))
    _order_by_neighbours(G, columns)
    positions: dict[str, tuple[float, float]] = {}
    tallest = max((len(column) for column in columns), default=0)
    for x, column in enumerate(columns):
        offset = (tallest - len(column)) * row_height / 2
        for y, node in enumerate(column):
            positions[node] = (x * column_width, offset + y * row_height)
    if band:
        band.sort(key=lambda n: _mean_x(G, n, positions))
        width = max(1, len(columns) - 1) * column_width
        step = width / max(1, len(band) - 1) if len(band) > 1 else 0
        top = (tallest + 1.5) * row_height
        for i, node in enumerate(band):
            positions[node] = (i * step if len(band) > 1 else width / 2, top + (i % 2) * row_height * 0.6)
    return positions


def _is_moderator(category: str | None) -> bool:
    return category == "Moderator"


def _label(G: nx.MultiDiGraph, node: str) -> str:
    return G.nodes[node].get("label", node).lower()


def _causal_depth(D: nx.DiGraph) -> dict[str, int]:
    """Longest-path layer of each node's strongly connected component (cycles share a layer)."""
    condensed = nx.condensation(D)
    layer: dict[int, int] = {}
    for generation, members in enumerate(nx.topological_generations(condensed)):
        for component in members:
            layer[component] = generation
    mapping = condensed.graph["mapping"]
    return {node: layer[mapping[node]] for node in D}


def _split(members: list[str], max_rows: int, *, keep_together: bool, depth: dict[str, int]) -> list[list[str]]:
    """Cut a category into sub-columns of at most ``max_rows``, in order of causal depth; a
    graph without categories is cut by depth first."""
    if keep_together:
        by_depth: dict[int, list[str]] = defaultdict(list)
        for node in members:
            by_depth[depth[node]].append(node)
        return [chunk for key in sorted(by_depth) for chunk in _chunks(by_depth[key], max_rows)]
    return _chunks(members, max_rows)


def _chunks(members: list[str], size: int) -> list[list[str]]:
    count = max(1, math.ceil(len(members) / size))
    per = math.ceil(len(members) / count)
    return [members[i : i + per] for i in range(0, len(members), per)]


def _order_by_neighbours(G: nx.MultiDiGraph, columns: list[list[str]], sweeps: int = 4) -> None:
    """Reorder each column by the mean row of its neighbours in the other columns (the
    barycentre heuristic), which removes most crossings of a layered drawing."""
    for _ in range(sweeps):
        row = {node: y for column in columns for y, node in enumerate(column)}
        for column in columns:
            column.sort(key=lambda n: _barycentre(G, n, row))


def _barycentre(G: nx.MultiDiGraph, node: str, row: dict[str, int]) -> float:
    others = [row[m] for m in (*G.successors(node), *G.predecessors(node)) if m in row and m != node]
    return sum(others) / len(others) if others else row[node]


def _mean_x(G: nx.MultiDiGraph, node: str, positions: dict[str, tuple[float, float]]) -> float:
    xs = [positions[m][0] for m in (*G.successors(node), *G.predecessors(node)) if m in positions]
    return sum(xs) / len(xs) if xs else 0.0
