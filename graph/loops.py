"""Feedback loops: directed cycles of signed causal links, bounded in length. A loop is
reinforcing when it has an even number of negative links and balancing when odd, as in causal
loop diagrams. Unsigned links ("0", such as moderation) do not carry influence round a loop and
are left out."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import networkx as nx

from .paths import Hop, make_path, search_graph

__all__ = ["Loop", "LoopSearch", "feedback_loops", "loop_kind"]

#: Labels of concepts that name a loop in the text they come from.
_LOOP_WORDS = re.compile(r"\b(loop|spiral|cycle|vicious circle)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Loop:
    nodes: tuple[str, ...]  # the first node is repeated at the end
    hops: tuple[Hop, ...]
    kind: str  # "reinforcing" or "balancing"
    negative_links: int
    reading: str
    named_by: tuple[str, ...] = ()  # concepts that name this loop (e.g. a "... Spiral Loop")

    @property
    def length(self) -> int:
        return len(self.hops)


@dataclass(frozen=True)
class LoopSearch:
    loops: tuple[Loop, ...]
    truncated: bool
    reason: str | None = None


def loop_kind(negative_links: int) -> str:
    """Reinforcing for an even number of negative links, balancing for an odd one.

    >>> loop_kind(0), loop_kind(1), loop_kind(2)
    ('reinforcing', 'balancing', 'reinforcing')
    """
    return "reinforcing" if negative_links % 2 == 0 else "balancing"


def feedback_loops(
    G: nx.MultiDiGraph,
    cutoff: int = 6,
    *,
    limit: int = 200,
    time_budget: float = 2.0,
) -> LoopSearch:
    """Directed cycles of signed causal links of at most ``cutoff`` links, shortest first.

    Parameters
    ----------
    G : MultiDiGraph
        A projection made by ``graph.project.to_networkx``.
    cutoff : int
        The maximum number of links in a loop.
    limit : int
        Stop after this many loops (the result then says it was truncated).
    time_budget : float
        Seconds after which the enumeration stops and reports itself truncated.
    """
    if cutoff < 1:
        raise ValueError("the maximum length must be at least 1")
    D = search_graph(G, signed_only=True)
    deadline = time.monotonic() + time_budget
    cycles: list[list[str]] = []
    reason = None
    for cycle in nx.simple_cycles(D, length_bound=cutoff):
        if len(cycles) == limit:
            reason = "limit"
            break
        cycles.append(cycle)
        if time.monotonic() > deadline:
            reason = "time budget"
            break
    namers = _loop_namers(G)
    loops = []
    for cycle in cycles:
        start = min(range(len(cycle)), key=lambda i: G.nodes[cycle[i]].get("label", cycle[i]).lower())
        nodes = cycle[start:] + cycle[:start] + [cycle[start]]
        path = make_path(G, D, nodes)
        negatives = sum(h.polarity == "-" for h in path.hops)
        named = tuple(sorted(n for n, members in namers.items() if _matches(set(cycle), n, members)))
        loops.append(Loop(tuple(nodes), path.hops, loop_kind(negatives), negatives, path.reading, named))
    loops.sort(key=lambda loop: (not loop.named_by, loop.length, loop.reading))
    return LoopSearch(tuple(loops), reason is not None, reason)


def _loop_namers(G: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Concepts whose label names a loop, each with the concepts it is about: its neighbours
    and the concepts its definition mentions."""
    labels = {n: data.get("label", n).lower() for n, data in G.nodes(data=True)}
    namers = {}
    for node, data in G.nodes(data=True):
        if not _LOOP_WORDS.search(data.get("label", "")):
            continue
        members = set(G.successors(node)) | set(G.predecessors(node))
        definition = (data.get("definition") or "").lower()
        members |= {other for other, label in labels.items() if other != node and label and label in definition}
        namers[node] = members
    return namers


def _matches(cycle: set[str], namer: str, members: set[str]) -> bool:
    if namer in cycle:
        return True
    shared = len(cycle & members)
    return shared >= 2 and shared * 2 >= len(cycle)
