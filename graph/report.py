"""Results as plain data (for JSON and the app) and as text for people (for the CLI)."""

from __future__ import annotations

import textwrap

import networkx as nx

from .centrality import Centrality
from .interventions import InterventionReport
from .loops import LoopSearch
from .paths import Hop, Path, PathSearch

__all__ = [
    "node_dict",
    "hop_dict",
    "path_dict",
    "search_dict",
    "loops_dict",
    "interventions_dict",
    "neighbours_dict",
    "centrality_dict",
    "shorten",
    "search_text",
    "loops_text",
    "interventions_text",
    "neighbours_text",
]


def node_dict(G: nx.MultiDiGraph, node: str) -> dict:
    data = G.nodes[node]
    return {"iri": node, "label": data.get("label", node), "category": data.get("category_label")}


def hop_dict(hop: Hop) -> dict:
    sections = list(dict.fromkeys(e.section_title for e in hop.evidence if e.section_title))
    return {
        "source": hop.source,
        "relation": hop.relation,
        "relation_label": hop.label,
        "target": hop.target,
        "polarity": hop.polarity,
        "forward": hop.forward,
        "evidence": [e.quote for e in hop.evidence],
        "section": sections[0] if sections else None,
        "sections": sections,
    }


def path_dict(G: nx.MultiDiGraph, path: Path) -> dict:
    return {
        "length": path.length,
        "polarity": path.polarity,
        "reading": path.reading,
        "nodes": [node_dict(G, n) for n in path.nodes],
        "edges": [hop_dict(h) for h in path.hops],
    }


def search_dict(G: nx.MultiDiGraph, search: PathSearch) -> dict:
    return {
        "source": node_dict(G, search.source),
        "target": node_dict(G, search.target),
        "directed": search.directed,
        "truncated": search.truncated,
        "truncated_by": search.reason,
        "paths": [path_dict(G, p) for p in search.paths],
    }


def loops_dict(G: nx.MultiDiGraph, found: LoopSearch) -> dict:
    return {
        "truncated": found.truncated,
        "truncated_by": found.reason,
        "loops": [
            {
                "kind": loop.kind,
                "length": loop.length,
                "negative_links": loop.negative_links,
                "reading": loop.reading,
                "named_by": [node_dict(G, n) for n in loop.named_by],
                "nodes": [node_dict(G, n) for n in loop.nodes],
                "edges": [hop_dict(h) for h in loop.hops],
            }
            for loop in found.loops
        ],
    }


def interventions_dict(G: nx.MultiDiGraph, report: InterventionReport) -> dict:
    return {
        **search_dict(G, report.search),
        "strategies": [
            {
                **node_dict(G, item.strategy),
                "paths_cut": item.paths_cut,
                "paths": list(item.path_numbers),
                "acts_on": [
                    {
                        **node_dict(G, lever.concept),
                        "relation": lever.relation,
                        "relation_label": lever.label,
                        "evidence": [e.quote for e in lever.evidence],
                    }
                    for lever in item.levers
                ],
            }
            for item in report.strategies
        ],
        "minimum_cut": [node_dict(G, n) for n in report.minimum_cut],
        "direct_link": report.direct_link,
    }


def neighbours_dict(G: nx.MultiDiGraph, centre: str, sub: nx.MultiDiGraph, depth: int) -> dict:
    return {
        "concept": node_dict(G, centre),
        "depth": depth,
        "nodes": [node_dict(G, n) for n in sorted(sub, key=lambda n: G.nodes[n].get("label", n).lower())],
        "edges": [
            {
                "source": u,
                "relation": data["relation"],
                "relation_label": data["label"],
                "target": v,
                "polarity": data["polarity"],
                "evidence": [e.quote for e in data["evidence"]],
            }
            for u, v, data in sub.edges(data=True)
        ],
    }


def centrality_dict(scores: list[Centrality]) -> list[dict]:
    return [
        {
            "iri": c.node,
            "label": c.label,
            "betweenness": c.betweenness,
            "in_degree": c.in_degree,
            "out_degree": c.out_degree,
        }
        for c in scores
    ]


def shorten(text: str, width: int = 96) -> str:
    """One line of at most ``width`` characters."""
    return textwrap.shorten(" ".join(text.split()), width=width, placeholder=" …")


def _label(G: nx.MultiDiGraph, node: str) -> str:
    return G.nodes[node].get("label", node)


def _hop_lines(G: nx.MultiDiGraph, hop: Hop) -> list[str]:
    arrow = f"--{hop.label} ({hop.polarity})-->" if hop.forward else f"<--{hop.label} ({hop.polarity})--"
    lines = [f"  {_label(G, hop.source)} {arrow} {_label(G, hop.target)}"]
    for evidence in hop.evidence:
        where = f" [{evidence.section_title}]" if evidence.section_title else ""
        lines.append(f'      "{shorten(evidence.quote, 80)}"{where}')
    if not hop.evidence:
        lines.append("      (no evidence quote)")
    return lines


def _truncation(truncated: bool, reason: str | None) -> str:
    return f"\n(More exist: the search stopped at its {reason} bound.)" if truncated else ""


def search_text(G: nx.MultiDiGraph, search: PathSearch) -> str:
    head = f"{_label(G, search.source)} → {_label(G, search.target)}"
    mode = "" if search.directed else " (in either direction)"
    if not search.paths:
        return f"{head}{mode}: no path found." + _truncation(search.truncated, search.reason)
    blocks = [f"{head}{mode}: {len(search.paths)} path(s), shortest first."]
    for number, path in enumerate(search.paths, 1):
        lines = [f"Path {number} ({path.length} links, net {path.polarity}): {path.reading}"]
        for hop in path.hops:
            lines += _hop_lines(G, hop)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + _truncation(search.truncated, search.reason)


def loops_text(G: nx.MultiDiGraph, found: LoopSearch) -> str:
    if not found.loops:
        return "No feedback loops found." + _truncation(found.truncated, found.reason)
    blocks = [f"{len(found.loops)} feedback loop(s)."]
    for number, loop in enumerate(found.loops, 1):
        named = f" — the {', '.join(_label(G, n) for n in loop.named_by)}" if loop.named_by else ""
        lines = [
            f"Loop {number} ({loop.kind}, {loop.length} links, {loop.negative_links} negative){named}: {loop.reading}"
        ]
        for hop in loop.hops:
            lines += _hop_lines(G, hop)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + _truncation(found.truncated, found.reason)


def interventions_text(G: nx.MultiDiGraph, report: InterventionReport) -> str:
    search = report.search
    head = f"{_label(G, search.source)} → {_label(G, search.target)}: {len(search.paths)} path(s) considered."
    lines = [head, "", "Strategies that interrupt them (most paths cut first):"]
    if not report.strategies:
        lines.append("  none found")
    for item in report.strategies:
        lines.append(f"  {item.label}: cuts {item.paths_cut} of {len(search.paths)} path(s)")
        for lever in item.levers:
            lines.append(f"    {lever.label} {_label(G, lever.concept)}")
            for evidence in lever.evidence:
                lines.append(f'      "{shorten(evidence.quote, 78)}"')
    lines.append("")
    if report.direct_link:
        lines.append("Minimum cut: none (the source links directly to the target).")
    elif report.minimum_cut:
        names = ", ".join(_label(G, n) for n in report.minimum_cut)
        lines.append(f"Minimum cut ({len(report.minimum_cut)} concept(s) whose removal disconnects them): {names}")
    else:
        lines.append("Minimum cut: none needed (no path).")
    return "\n".join(lines)


def neighbours_text(G: nx.MultiDiGraph, centre: str, sub: nx.MultiDiGraph, depth: int) -> str:
    lines = [f"{_label(G, centre)}: {len(sub) - 1} concept(s) within {depth} link(s)."]
    for u, v, data in sorted(sub.edges(data=True), key=lambda e: (_label(G, e[0]).lower(), _label(G, e[1]).lower())):
        lines.append(f"  {_label(G, u)} --{data['label']} ({data['polarity']})--> {_label(G, v)}")
        for evidence in data["evidence"][:1]:
            lines.append(f'      "{shorten(evidence.quote, 80)}"')
    return "\n".join(lines)
