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
    """Directed cycles of signed causal links of at most ``cutoff`` links (named loops first,
    then shortest first; a truncated search returns the loops found so far, not necessarily the
    shortest ones).

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
    began = time.monotonic()
    # Finding loops gets three quarters of the budget, describing them (evidence, readings) the rest.
    deadline = began + time_budget * 0.75
    cycles: list[list[str]] = []
    reason = None
    try:
        for cycle in _bounded_cycles(D, cutoff, deadline):
            if len(cycles) == limit:
                reason = "limit"
                break
            cycles.append(cycle)
    except _Deadline:
        reason = "time budget"
    namers = _loop_namers(G)
    loops = []
    for cycle in cycles:
        if time.monotonic() > began + time_budget:
            reason = "time budget"
            break
        start = min(range(len(cycle)), key=lambda i: G.nodes[cycle[i]].get("label", cycle[i]).lower())
        nodes = cycle[start:] + cycle[:start] + [cycle[start]]
        path = make_path(G, D, nodes)
        negatives = sum(h.polarity == "-" for h in path.hops)
        named = tuple(sorted(n for n, members in namers.items() if _matches(set(cycle), n, members)))
        loops.append(Loop(tuple(nodes), path.hops, loop_kind(negatives), negatives, path.reading, named))
    loops.sort(key=lambda loop: (not loop.named_by, loop.length, loop.reading))
    return LoopSearch(tuple(loops), reason is not None, reason)


class _Deadline(Exception):
    pass


def _bounded_cycles(D: nx.DiGraph, length_bound: int, deadline: float, check_every: int = 1000):
    """Each simple cycle of ``D`` with at most ``length_bound`` links, once, starting at its
    first node in ``D``'s order; raises ``_Deadline`` once ``time.monotonic()`` passes
    ``deadline``.

    networkx's ``simple_cycles(length_bound=...)`` can work for seconds between two cycles on a
    large graph (it recomputes strongly connected components per start node), so a deadline
    checked between cycles is not kept. Here, per root r, a reverse BFS through the nodes after
    r gives each node's distance back to r, and the depth-first search enters a node only if the
    cycle can still close within the bound; the deadline is checked inside the search.
    """
    order = {node: i for i, node in enumerate(D)}
    succ, pred = D._succ, D._pred
    steps = 0
    for root in D:
        rank = order[root]
        if time.monotonic() > deadline:
            raise _Deadline
        back = {root: 0}
        frontier = [root]
        for distance in range(1, length_bound):
            following = []
            for v in frontier:
                for u in pred[v]:
                    if u not in back and order[u] > rank:
                        back[u] = distance
                        following.append(u)
            frontier = following
        if root in succ[root]:
            yield [root]
        if len(back) == 1:
            continue
        path, on_path, stack = [root], {root}, [iter(succ[root])]
        while stack:
            steps += 1
            if steps % check_every == 0 and time.monotonic() > deadline:
                raise _Deadline
            links = len(path)  # links once the search steps to the next node
            for w in stack[-1]:
                if w == root:
                    if links > 1:
                        yield list(path)
                    continue
                to_root = back.get(w)
                if to_root is None or w in on_path or links + to_root > length_bound:
                    continue
                path.append(w)
                on_path.add(w)
                stack.append(iter(succ[w]))
                break
            else:
                stack.pop()
                on_path.discard(path.pop())


def _loop_namers(G: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Concepts whose label names a loop, each with the concepts it is about: its neighbours
    and the concepts its definition mentions (cached on ``G``)."""
    if "_loop_namers" not in G.graph:
        G.graph["_loop_namers"] = _find_loop_namers(G)
    return G.graph["_loop_namers"]


def _find_loop_namers(G: nx.MultiDiGraph) -> dict[str, set[str]]:
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
