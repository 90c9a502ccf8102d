"""Cytoscape elements and styles built from the projection: pure functions over plain data."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import networkx as nx

from ..drawing import (
    CATEGORY_STYLES,
    FONT_FAMILY,
    FONT_SIZE,
    POLARITY_CLASS,
    POLARITY_STYLES,
    TEXT_WIDTH,
    label_box,
    wrap_label,
)

__all__ = [
    "CATEGORY_STYLES",
    "POLARITY_STYLES",
    "edge_id",
    "category_class",
    "label_box",
    "to_cytoscape_elements",
    "stylesheet",
]


def edge_id(source: str, relation: str, target: str) -> str:
    """A short, stable element id for a link (IRIs are long and full of selector syntax)."""
    digest = hashlib.blake2s(f"{source}\n{relation}\n{target}".encode(), digest_size=8).hexdigest()
    return f"e{digest}"


def category_class(category: str | None) -> str:
    return f"category-{(category or 'none').lower()}"


def to_cytoscape_elements(
    G: nx.MultiDiGraph,
    positions: dict[str, tuple[float, float]],
    *,
    highlight: dict | None = None,
    selected: str | None = None,
    nodes: Iterable[str] | None = None,
) -> list[dict]:
    """Elements for ``dash_cytoscape.Cytoscape``: nodes with preset positions, then edges.

    Parameters
    ----------
    G : MultiDiGraph
        The graph (or a view of it) to draw.
    positions : dict
        ``{node: (x, y)}``; nodes missing from it are placed at the origin.
    highlight : dict, optional
        ``{"nodes": [...], "edges": [edge ids]}``: these get the class ``highlighted`` and every
        other element ``dimmed``.
    selected : str, optional
        A node or edge id that gets the class ``selected``.
    nodes : iterable of str, optional
        Draw only these nodes (and the edges among them).
    """
    keep = set(G) if nodes is None else set(nodes) & set(G)
    lit_nodes = set(highlight.get("nodes", ())) if highlight else set()
    lit_edges = set(highlight.get("edges", ())) if highlight else set()

    def classes(element_id: str, base: str, lit: set) -> str:
        extra = []
        if highlight:
            extra.append("highlighted" if element_id in lit else "dimmed")
        if element_id == selected:
            extra.append("selected")
        return " ".join([base, *extra])

    elements = []
    for node in sorted(keep):
        data = G.nodes[node]
        x, y = positions.get(node, (0.0, 0.0))
        label = data.get("label", node)
        # The label drawn is wrapped here, as the node's box and the SVG export wrap it: the box
        # fits its text, and Cytoscape measures each line once instead of word by word.
        lines, width, height = wrap_label(label)
        elements.append(
            {
                "data": {
                    "id": node,
                    "label": label,
                    "text": "\n".join(lines),
                    "category": data.get("category_label"),
                    "w": width,
                    "h": height,
                },
                "position": {"x": round(x, 1), "y": round(y, 1)},
                "classes": classes(node, category_class(data.get("category_label")), lit_nodes),
            }
        )
    for u, v, key, data in G.edges(keys=True, data=True):
        if u not in keep or v not in keep:
            continue
        element_id = edge_id(u, key, v)
        elements.append(
            {
                "data": {
                    "id": element_id,
                    "source": u,
                    "target": v,
                    "relation": key,
                    "label": data["label"],
                    "polarity": data["polarity"],
                },
                "classes": classes(element_id, POLARITY_CLASS.get(data["polarity"], "neutral"), lit_edges),
            }
        )
    return elements


def stylesheet() -> list[dict]:
    """The Cytoscape stylesheet: categories by colour and shape, polarity by line and arrow."""
    rules = [
        {
            "selector": "node",
            "style": {
                "label": "data(text)",
                "shape": "round-rectangle",
                "width": "data(w)",
                "height": "data(h)",
                "font-size": f"{FONT_SIZE:g}px",
                "font-family": FONT_FAMILY,
                "color": "#111827",
                "text-wrap": "wrap",
                # Lines come wrapped (``text``); wider than any of them, so Cytoscape only
                # re-wraps a line the font draws far wider than estimated.
                "text-max-width": f"{TEXT_WIDTH:g}px",
                "text-valign": "center",
                "text-halign": "center",
                "border-width": 2,
                "min-zoomed-font-size": 6,
            },
        },
        {
            "selector": "edge",
            "style": {
                "curve-style": "bezier",
                "width": 1.6,
                "arrow-scale": 1.3,
                "opacity": 0.85,
            },
        },
    ]
    for category, (fill, border, shape) in CATEGORY_STYLES.items():
        rules.append(
            {
                "selector": f".{category_class(category)}",
                "style": {"background-color": fill, "border-color": border, "shape": shape},
            }
        )
    for polarity, (colour, line, arrow, _) in POLARITY_STYLES.items():
        rules.append(
            {
                "selector": f".{POLARITY_CLASS[polarity]}",
                "style": {
                    "line-color": colour,
                    "line-style": line,
                    "target-arrow-color": colour,
                    "target-arrow-shape": arrow,
                },
            }
        )
    rules += [
        {"selector": ".dimmed", "style": {"opacity": 0.12}},
        {"selector": "node.highlighted", "style": {"border-width": 4, "z-index": 10}},
        {
            "selector": "edge.highlighted",
            "style": {
                "width": 4,
                "opacity": 1,
                "z-index": 10,
                "label": "data(label)",
                "font-size": "13px",
                "text-background-color": "#ffffff",
                "text-background-opacity": 0.9,
                "text-rotation": "autorotate",
            },
        },
        {"selector": "node.selected", "style": {"border-width": 5, "border-color": "#111827", "z-index": 20}},
        {"selector": "edge.selected", "style": {"width": 5, "z-index": 20, "label": "data(label)"}},
    ]
    return rules
