"""Where a chain from a source to a target can be interrupted: the strategies whose negative
links land on concepts along the paths, and a minimum set of concepts whose removal
disconnects the source from the target."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import networkx as nx

from .paths import PathSearch, find_paths, search_graph

__all__ = ["Lever", "Intervention", "InterventionReport", "interventions", "minimum_cut"]

STRATEGY_LABEL = "Strategy"


@dataclass(frozen=True)
class Lever:
    """A negative link from a strategy onto a concept on the paths."""

    concept: str
    relation: str
    label: str
    evidence: tuple = ()


@dataclass(frozen=True)
class Intervention:
    strategy: str
    label: str
    levers: tuple[Lever, ...]
    paths_cut: int  # how many of the found paths pass through a concept it acts on
    path_numbers: tuple[int, ...]  # which ones (1-based, in the order of the search)


@dataclass(frozen=True)
class InterventionReport:
    search: PathSearch
    strategies: tuple[Intervention, ...]
    minimum_cut: tuple[str, ...]  # concepts whose removal disconnects source from target
    direct_link: bool  # the source links straight to the target, so no concept cut exists


def interventions(
    G: nx.MultiDiGraph,
    source: str,
    target: str,
    k: int = 10,
    cutoff: int = 6,
    **search_options,
) -> InterventionReport:
    """Strategies that interrupt the paths from ``source`` to ``target``, most paths cut first,
    and a minimum node cut between them.

    A strategy is a concept of category Strategy (or, in a graph with no such category, any
    concept off the paths with a negative link); it interrupts a path when one of its negative
    links ("-") lands on a concept of that path other than the source.

    Parameters
    ----------
    G : MultiDiGraph
        A projection made by ``graph.project.to_networkx``.
    source, target : str
        Node keys (concept IRIs).
    k, cutoff, **search_options
        Passed to ``graph.paths.find_paths``.
    """
    search = find_paths(G, source, target, k=k, cutoff=cutoff, **search_options)
    on_paths = [set(path.nodes[1:]) for path in search.paths]
    everywhere = set().union(*on_paths) if on_paths else set()
    strategies = _strategies(G, everywhere)
    found = []
    for strategy in strategies:
        levers = tuple(
            Lever(concept=v, relation=data["relation"], label=data["label"], evidence=data["evidence"])
            for _, v, data in G.out_edges(strategy, data=True)
            if data["polarity"] == "-" and v in everywhere
        )
        if not levers:
            continue
        touched = {lever.concept for lever in levers}
        numbers = tuple(i for i, nodes in enumerate(on_paths, 1) if nodes & touched)
        found.append(Intervention(strategy, G.nodes[strategy].get("label", strategy), levers, len(numbers), numbers))
    found.sort(key=lambda i: (-i.paths_cut, i.label.lower()))
    cut, direct = minimum_cut(G, source, target, search_options.get("relations"))
    return InterventionReport(search, tuple(found), cut, direct)


def _strategies(G: nx.MultiDiGraph, on_paths: set[str]) -> list[str]:
    labelled = [n for n, data in G.nodes(data=True) if data.get("category_label") == STRATEGY_LABEL]
    if labelled:
        return labelled
    return [n for n in G if n not in on_paths]


def minimum_cut(
    G: nx.MultiDiGraph, source: str, target: str, relations: Collection[str] | None = None
) -> tuple[tuple[str, ...], bool]:
    """A minimum set of concepts whose removal leaves no path from ``source`` to ``target``
    along the followed links (sorted by label), and whether a direct link makes such a set
    impossible."""
    D = search_graph(G, relations)
    if D.has_edge(source, target):
        return (), True
    if not nx.has_path(D, source, target):
        return (), False
    # Links into the source or out of the target lie on no path between them, and networkx's
    # minimum_node_cut can return an empty cut when the target links back to the source.
    D = nx.restricted_view(D, [], [*D.in_edges(source), *D.out_edges(target)])
    cut = nx.minimum_node_cut(D, source, target)
    return tuple(sorted(cut, key=lambda n: D.nodes[n].get("label", n).lower())), False
