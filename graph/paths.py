"""Paths between two concepts along causal (or any) links, shortest first, each hop with its
relation, polarity and evidence, each path with its net polarity and a reading in plain English.

The search rests on networkx's ``shortest_simple_paths`` (Yen's algorithm), which yields simple
paths in order of length; it is bounded by ``k``, by ``cutoff`` (the maximum number of links)
and by a time budget, and the result says which bound stopped it.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

import networkx as nx
from rdflib.namespace import RDF

from .iris import compact
from .model import Evidence
from .project import link_graph
from .vocab import OA

__all__ = [
    "check_path_query",
    "MAX_K",
    "MAX_LENGTH",
    "Hop",
    "Path",
    "PathSearch",
    "find_paths",
    "search_graph",
    "make_path",
    "net_polarity",
    "read_chain",
    "path_sparql",
]

MAX_K = 100
MAX_LENGTH = 12


@dataclass(frozen=True)
class Hop:
    """One step of a path: the link walked from ``source`` to ``target``."""

    source: str
    target: str
    relation: str
    label: str
    reading: str
    polarity: str
    evidence: tuple[Evidence, ...] = ()
    forward: bool = True  # False when an undirected search walked the link backwards


@dataclass(frozen=True)
class Path:
    nodes: tuple[str, ...]
    hops: tuple[Hop, ...]
    polarity: str
    reading: str

    @property
    def length(self) -> int:
        return len(self.hops)


@dataclass(frozen=True)
class PathSearch:
    """The paths found, and whether a bound stopped the search (``reason``: "k", "max length"
    or "time budget")."""

    source: str
    target: str
    paths: tuple[Path, ...] = ()
    truncated: bool = False
    reason: str | None = None
    directed: bool = True
    relations: tuple[str, ...] = field(default=())


def search_graph(
    G: nx.MultiDiGraph,
    relations: Collection[str] | None = None,
    *,
    causal_only: bool | None = None,
    signed_only: bool = False,
) -> nx.DiGraph:
    """The collapsed ``DiGraph`` that searches run on, cached on ``G``.

    ``causal_only`` defaults to True when ``G`` has any causal link (a causal concept graph),
    and to False otherwise (a thesaurus, say, whose links are all non-causal).
    """
    if causal_only is None:
        causal_only = any(data["causal"] for _, _, data in G.edges(data=True)) if relations is None else False
    key = (frozenset(relations) if relations is not None else None, causal_only, signed_only)
    cache = G.graph.setdefault("_search_graphs", {})
    if key not in cache:
        cache[key] = link_graph(G, relations, causal_only=causal_only, signed_only=signed_only)
    return cache[key]


def check_path_query(source: str, target: str, k: int, cutoff: int, avoid: Iterable[str]) -> set[str]:
    """Refuse a path query that makes no sense (``ValueError`` saying why), whatever graph it
    runs on; returns ``avoid`` as a set of IRIs.

    >>> check_path_query("a", "b", 5, 6, ["c"])
    {'c'}
    >>> check_path_query("a", "b", 5, 0, [])
    Traceback (most recent call last):
    ...
    ValueError: the maximum length must be between 1 and 12
    """
    if source == target:
        raise ValueError("source and target are the same concept")
    if not 1 <= k <= MAX_K:
        raise ValueError(f"k must be between 1 and {MAX_K}")
    if not 1 <= cutoff <= MAX_LENGTH:
        raise ValueError(f"the maximum length must be between 1 and {MAX_LENGTH}")
    avoid = {str(a) for a in avoid}
    if avoid & {source, target}:
        raise ValueError("cannot avoid the source or the target")
    return avoid


def find_paths(
    G: nx.MultiDiGraph,
    source: str,
    target: str,
    k: int = 5,
    cutoff: int = 6,
    *,
    directed: bool = True,
    relations: Collection[str] | None = None,
    avoid: Iterable[str] = (),
    time_budget: float = 2.0,
) -> PathSearch:
    """Up to ``k`` simple paths from ``source`` to ``target``, shortest first.

    Parameters
    ----------
    G : MultiDiGraph
        A projection made by ``graph.project.to_networkx``.
    source, target : str
        Node keys (concept IRIs).
    k : int
        How many paths, at most (1 to ``MAX_K``).
    cutoff : int
        The maximum number of links in a path (1 to ``MAX_LENGTH``).
    directed : bool
        Follow links in their direction (causal direction); if False, in either direction.
    relations : collection of str, optional
        Relation IRIs that may be followed; default: every causal relation (every relation
        when the graph has no causal ones).
    avoid : iterable of str
        Concepts no path may pass through.
    time_budget : float
        Seconds after which the search stops and reports itself truncated.

    Returns
    -------
    PathSearch
        With ``truncated`` set when more paths exist beyond ``k``, ``cutoff`` or the budget.

    Raises
    ------
    networkx.NodeNotFound
        If ``source`` or ``target`` is not in ``G``.
    ValueError
        For bounds out of range, ``source == target``, or avoiding an end of the path.

    Examples
    --------
    >>> from graph.load import load_concept_graph
    >>> G = load_concept_graph().network
    >>> concept = "https://w3id.org/concept-graph/withdrawal/concept/"
    >>> found = find_paths(G, concept + "rejection", concept + "isolation", k=2)
    >>> found.paths[1].reading
    'Rejection leads to social withdrawal, which increases isolation.'
    >>> found.truncated, found.reason
    (True, 'k')
    """
    for node in (source, target):
        if node not in G:
            raise nx.NodeNotFound(f"node {node} is not in the graph")
    avoid = check_path_query(source, target, k, cutoff, avoid)
    D = search_graph(G, relations)
    return _search(G, D, source, target, k, cutoff, directed, avoid, time_budget)


def _search(G, D, source, target, k, cutoff, directed, avoid, time_budget) -> PathSearch:
    H = nx.restricted_view(D, avoid, []) if avoid else D
    if not directed:
        H = H.to_undirected(as_view=True)
    deadline = time.monotonic() + time_budget
    found: list[Path] = []
    reason = None
    try:
        for nodes in nx.shortest_simple_paths(H, source, target):
            if len(nodes) - 1 > cutoff:
                reason = "max length"
                break
            if len(found) == k:
                reason = "k"
                break
            found.append(make_path(G, D, nodes))
            if time.monotonic() > deadline:
                reason = "time budget"
                break
    except nx.NetworkXNoPath:
        pass
    return PathSearch(
        source=source,
        target=target,
        paths=tuple(found),
        truncated=reason is not None,
        reason=reason,
        directed=directed,
        relations=tuple(sorted(D.graph["relations"])),
    )


def make_path(G: nx.MultiDiGraph, D: nx.DiGraph, nodes: list[str]) -> Path:
    """A ``Path`` along ``nodes``, choosing for each step the best link of ``D`` between them
    (forward links before backward ones, evidenced before unevidenced, signed before neutral)."""
    hops = tuple(_hop(D, a, b) for a, b in zip(nodes, nodes[1:], strict=False))
    labels = [G.nodes[n].get("label", n) for n in nodes]
    return Path(tuple(nodes), hops, net_polarity(h.polarity for h in hops), read_chain(labels, hops))


def _hop(D: nx.DiGraph, a: str, b: str) -> Hop:
    candidates = []
    for u, v, forward in ((a, b, True), (b, a, False)):
        if D.has_edge(u, v):
            for link in D[u][v]["links"]:
                rank = (not forward, not link["evidence"], link["polarity"] == "0", link["label"])
                candidates.append((rank, link, forward))
    _, link, forward = min(candidates, key=lambda item: item[0])
    return Hop(
        source=a,
        target=b,
        relation=link["relation"],
        label=link["label"],
        reading=link["reading"],
        polarity=link["polarity"],
        evidence=link["evidence"],
        forward=forward,
    )


def net_polarity(polarities: Iterable[str]) -> str:
    """The sign of a chain: "-" for an odd number of negative links, "+" for an even number,
    "0" when any link is unsigned.

    >>> net_polarity("+-+-"), net_polarity("+-"), net_polarity("+0")
    ('+', '-', '0')
    """
    sign = 1
    for polarity in polarities:
        if polarity == "0":
            return "0"
        if polarity == "-":
            sign = -sign
    return "+" if sign > 0 else "-"


def _in_sentence(label: str) -> str:
    """A label inside a sentence: lower-cased, unless it starts with an acronym."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def _passive(reading: str) -> str:
    if reading == "leads to":
        return "results from"
    if " " not in reading and reading.endswith("s"):
        stem = reading[:-1]
        return f"is {stem}d by" if stem.endswith("e") else f"is {stem}ed by"
    return f"is the object of '{reading}' from"


def read_chain(labels: list[str], hops: Iterable[Hop]) -> str:
    """One sentence reading a chain aloud.

    >>> hops = [Hop("a", "b", "r", "increases", "increases", "+"), Hop("b", "c", "r", "causes", "leads to", "+")]
    >>> read_chain(["Rejection", "Social pain", "Withdrawal"], hops)
    'Rejection increases social pain, which leads to withdrawal.'
    """
    words = [labels[0][:1].upper() + labels[0][1:]]
    for index, (hop, label) in enumerate(zip(hops, labels[1:], strict=False)):
        verb = hop.reading if hop.forward else _passive(hop.reading)
        words.append(f"{',' if index else ''}{' which' if index else ''} {verb} {_in_sentence(label)}")
    return "".join(words) + "."


def path_sparql(search: PathSearch, prefixes: dict[str, str] | None = None) -> str:
    """The SPARQL that reproduces a path query in any triple store: an ASK for reachability
    along the followed relations (a property path), and for each path found a SELECT of its
    links with their evidence quotes."""
    prefixes = prefixes or {}

    def name(iri: str) -> str:
        return compact(iri, prefixes) or f"<{iri}>"

    steps = [name(r) for r in search.relations] or ["<https://w3id.org/concept-graph/ontology#influences>"]
    if not search.directed:
        steps += [f"^{step}" for step in steps]
    lines = ["# Is the target reachable from the source along these relations?"]
    lines.append(f"ASK {{ {name(search.source)} ({'|'.join(steps)})+ {name(search.target)} }}")
    for number, path in enumerate(search.paths, 1):
        lines += [
            "",
            f"# Path {number}: {path.reading}",
            "SELECT ?step ?quote WHERE {",
            "  VALUES (?step ?s ?p ?o) {",
        ]
        for step, hop in enumerate(path.hops, 1):
            s, o = (hop.source, hop.target) if hop.forward else (hop.target, hop.source)
            lines.append(f"    ({step} {name(s)} {name(hop.relation)} {name(o)})")
        lines += [
            "  }",
            "  ?s ?p ?o .",
            "  OPTIONAL {",
            "    ?statement rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; oa:hasSelector/oa:exact ?quote",
            "  }",
            "}",
            "ORDER BY ?step",
        ]
    body = "\n".join(lines)
    # the evidence pattern always needs rdf: and oa:, whatever the graph binds
    prefixes = {**prefixes, "rdf": str(RDF), "oa": str(OA)}
    used = [f"PREFIX {p}: <{ns}>" for p, ns in sorted(prefixes.items()) if p and f"{p}:" in body]
    return "\n".join([*used, "", body]) + "\n"
