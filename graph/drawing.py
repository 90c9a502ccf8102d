"""How a concept graph is drawn: the category and polarity styles the explorer's canvas uses,
and the same drawing as a standalone SVG file.

The SVG is written here rather than by Cytoscape in the browser: Cytoscape's SVG export needs
dash-cytoscape's extra-layouts bundle (1.4 MB, about half a second of every page load on this
machine) for a button most visits never press. The browser sends the positions it shows; labels,
categories and polarities come from the graph, never from the page.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("a", label="Rejection", category_label="Cause")
>>> G.add_node("b", label="Shame & <fear>", category_label="Effect")
>>> G.add_edge("a", "b", key="r", label="increases", polarity="+")
'r'
>>> svg = to_svg(G, {"a": (0, 0), "b": (300, 40)})
>>> svg.startswith("<svg") and "Shame &amp; &lt;fear&gt;" in svg
True
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

import networkx as nx

__all__ = [
    "CATEGORY_STYLES",
    "POLARITY_STYLES",
    "POLARITY_CLASS",
    "FONT_SIZE",
    "FONT_FAMILY",
    "TEXT_WIDTH",
    "WrappedLabel",
    "wrap_label",
    "label_lines",
    "label_box",
    "to_svg",
]

#: Colour (fill, border) and shape of each category; the palette is colour-blind safe
#: (Okabe-Ito hues), and shapes tell categories apart without colour. Shapes are Cytoscape's names.
CATEGORY_STYLES = {
    "Cause": ("#fbd3bd", "#c0480c", "cut-rectangle"),
    "Mechanism": ("#e4d5f1", "#6f4593", "ellipse"),
    "Effect": ("#cfe6f7", "#1f6aa5", "round-rectangle"),
    "Moderator": ("#f3ecb8", "#8a7a07", "rhomboid"),
    "Strategy": ("#c9efdc", "#0f7a4c", "hexagon"),
    None: ("#e8e8e8", "#555555", "round-rectangle"),
}

#: Line colour, line style, arrowhead and meaning of each polarity.
POLARITY_STYLES = {
    "+": ("#2c5d8f", "solid", "triangle", "increases or leads to"),
    "-": ("#b42318", "dashed", "tee", "decreases or mitigates"),
    "0": ("#6b7280", "dotted", "diamond", "moderates, or a non-causal link"),
}
POLARITY_CLASS = {"+": "positive", "-": "negative", "0": "neutral"}

FONT_SIZE = 15.0
FONT_FAMILY = "system-ui, sans-serif"
_CHAR_WIDTH = 8.2  # average width of a character at FONT_SIZE, in model pixels
_LINE_HEIGHT = 18.0
WRAP_WIDTH = 150.0  # the width labels wrap at, in model pixels
TEXT_WIDTH = WRAP_WIDTH + 20  # the widest text a node's box holds
_DASHES = {"solid": None, "dashed": "7 5", "dotted": "2 4"}
_DIMMED = 0.12
_MARGIN = 40.0


def label_lines(label: str) -> list[str]:
    """``label`` wrapped at the canvas's text width, as Cytoscape wraps it (at spaces)."""
    lines, line = [], ""
    for word in label.split():
        candidate = f"{line} {word}".strip()
        if line and len(candidate) * _CHAR_WIDTH > WRAP_WIDTH:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    return lines


class WrappedLabel(NamedTuple):
    """A label as every drawing shows it: its lines, and the size of the node's box around them."""

    lines: list[str]
    width: float
    height: float


def wrap_label(label: str) -> WrappedLabel:
    """``label`` wrapped, with the width and height of the box that fits it (Cytoscape's own
    ``width: label`` sizing is deprecated, so nodes are sized here)."""
    lines = label_lines(label)
    width = max(len(text) for text in lines) * _CHAR_WIDTH
    return WrappedLabel(
        lines, round(min(max(width, 24.0), TEXT_WIDTH) + 14, 1), round(len(lines) * _LINE_HEIGHT + 12, 1)
    )


def label_box(label: str) -> tuple[float, float]:
    """The width and height a node needs for its wrapped label."""
    _, width, height = wrap_label(label)
    return width, height


def to_svg(
    G: nx.MultiDiGraph,
    positions: dict[str, tuple[float, float]],
    *,
    edges: Iterable[tuple[str, str, str]] | None = None,
    highlight: dict | None = None,
    selected: str | tuple[str, str, str] | None = None,
    title: str | None = None,
) -> str:
    """The graph drawn as the canvas draws it, as an SVG document.

    Parameters
    ----------
    G : MultiDiGraph
        The projection (``graph.project.to_networkx``): nodes with ``label`` and
        ``category_label``, edges keyed by relation with ``label`` and ``polarity``.
    positions : dict
        ``{node: (x, y)}``, centres in the canvas's model coordinates; only these nodes are drawn.
    edges : iterable of (source, relation, target), optional
        The links to draw (default: every link among the drawn nodes).
    highlight : dict, optional
        ``{"nodes": [...], "edges": [(source, relation, target), ...]}``: drawn bold, the rest faded.
    selected : str or (source, relation, target), optional
        The selected concept or link, drawn with a dark border or a wide line.
    title : str, optional
        The document's ``<title>``.
    """
    nodes = [node for node in positions if node in G]
    shown = set(nodes)
    if edges is None:
        links = [(u, key, v) for u, v, key in G.edges(keys=True) if u in shown and v in shown]
    else:
        links = [(u, key, v) for u, key, v in edges if u in shown and v in shown and G.has_edge(u, v, key)]
    lit_nodes = set(highlight.get("nodes", ())) if highlight else set()
    lit_edges = {tuple(edge) for edge in highlight.get("edges", ())} if highlight else set()
    selected = tuple(selected) if isinstance(selected, list) else selected

    wrapped = {node: wrap_label(str(G.nodes[node].get("label", node))) for node in nodes}
    boxes = {node: (label.width, label.height) for node, label in wrapped.items()}
    if nodes:
        left = min(positions[n][0] - boxes[n][0] / 2 for n in nodes) - _MARGIN
        top = min(positions[n][1] - boxes[n][1] / 2 for n in nodes) - _MARGIN
        right = max(positions[n][0] + boxes[n][0] / 2 for n in nodes) + _MARGIN
        bottom = max(positions[n][1] + boxes[n][1] / 2 for n in nodes) + _MARGIN
    else:
        left, top, right, bottom = 0.0, 0.0, 2 * _MARGIN, 2 * _MARGIN
    width, height = right - left, bottom - top
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"{_n(left)} {_n(top)} {_n(width)} {_n(height)}",
            "width": _n(width),
            "height": _n(height),
            "font-family": FONT_FAMILY,
            "font-size": _n(FONT_SIZE),
        },
    )
    if title:
        ET.SubElement(svg, "title").text = title
    ET.SubElement(
        svg, "rect", {"x": _n(left), "y": _n(top), "width": _n(width), "height": _n(height), "fill": "#ffffff"}
    )
    _markers(ET.SubElement(svg, "defs"))

    # Links first, under the nodes; parallel links between one pair bend apart as on the canvas.
    pairs = Counter(frozenset((u, v)) for u, _, v in links)
    seen: Counter = Counter()
    edge_layer = ET.SubElement(svg, "g", {"class": "links"})
    for u, key, v in links:
        data = G.edges[u, v, key]
        polarity = data.get("polarity", "0")
        colour, line, _, _ = POLARITY_STYLES.get(polarity, POLARITY_STYLES["0"])
        pair = frozenset((u, v))
        bend = (seen[pair] - (pairs[pair] - 1) / 2) * 36.0
        seen[pair] += 1
        lit = (u, key, v) in lit_edges
        chosen = selected == (u, key, v)
        attributes = {
            "d": _edge_path(positions[u], boxes[u], positions[v], boxes[v], bend if u < v else -bend),
            "fill": "none",
            "stroke": colour,
            "stroke-width": _n(5 if chosen else 4 if lit else 1.6),
            "marker-end": f"url(#arrow-{POLARITY_CLASS.get(polarity, 'neutral')})",
            "opacity": f"{_DIMMED if highlight and not lit else 1 if lit or chosen else 0.85:g}",
        }
        if _DASHES[line]:
            attributes["stroke-dasharray"] = _DASHES[line]
        path = ET.SubElement(edge_layer, "path", attributes)
        ET.SubElement(
            path, "title"
        ).text = f"{G.nodes[u].get('label', u)} {data.get('label', key)} {G.nodes[v].get('label', v)}"

    node_layer = ET.SubElement(svg, "g", {"class": "concepts"})
    for node in nodes:
        data = G.nodes[node]
        fill, border, shape = CATEGORY_STYLES.get(data.get("category_label"), CATEGORY_STYLES[None])
        (x, y), (w, h) = positions[node], boxes[node]
        lit = node in lit_nodes
        group = ET.SubElement(node_layer, "g", {"opacity": f"{_DIMMED if highlight and not lit else 1:g}"})
        outline = _shape(shape, x, y, w, h)
        outline.attrib.update(
            {
                "fill": fill,
                "stroke": "#111827" if node == selected else border,
                "stroke-width": _n(5 if node == selected else 4 if lit else 2),
            }
        )
        group.append(outline)
        label = str(data.get("label", node))
        lines = wrapped[node].lines
        text = ET.SubElement(group, "text", {"x": _n(x), "text-anchor": "middle", "fill": "#111827"})
        first = y - (len(lines) - 1) * _LINE_HEIGHT / 2 + FONT_SIZE * 0.35
        for index, line in enumerate(lines):
            ET.SubElement(text, "tspan", {"x": _n(x), "y": _n(first + index * _LINE_HEIGHT)}).text = line
        ET.SubElement(group, "title").text = label
    return ET.tostring(svg, encoding="unicode", xml_declaration=False)


def _n(value: float) -> str:
    """A coordinate as SVG text: one decimal, no trailing zeros."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _markers(defs: ET.Element) -> None:
    """One arrowhead per polarity, in its colour: a triangle, a tee, a diamond."""
    heads = {
        "triangle": ("M0,0 L10,5 L0,10 z", "10"),
        "tee": ("M7,0 L10,0 L10,10 L7,10 z", "10"),
        "diamond": ("M0,5 L5,0 L10,5 L5,10 z", "10"),
    }
    for polarity, (colour, _, head, _) in POLARITY_STYLES.items():
        path, ref = heads[head]
        marker = ET.SubElement(
            defs,
            "marker",
            {
                "id": f"arrow-{POLARITY_CLASS[polarity]}",
                "viewBox": "0 0 10 10",
                "refX": ref,
                "refY": "5",
                "markerWidth": "12",
                "markerHeight": "12",
                "markerUnits": "userSpaceOnUse",  # the same size on a bold (highlighted) line
                "orient": "auto",
            },
        )
        ET.SubElement(marker, "path", {"d": path, "fill": colour})


def _shape(shape: str, x: float, y: float, w: float, h: float) -> ET.Element:
    """The outline of a node of ``shape`` (Cytoscape's shape names) centred on (x, y)."""
    if shape == "ellipse":
        return ET.Element("ellipse", {"cx": _n(x), "cy": _n(y), "rx": _n(w / 2), "ry": _n(h / 2)})
    if shape == "round-rectangle":
        return ET.Element(
            "rect", {"x": _n(x - w / 2), "y": _n(y - h / 2), "width": _n(w), "height": _n(h), "rx": "8", "ry": "8"}
        )
    hw, hh = w / 2, h / 2
    if shape == "cut-rectangle":
        c = min(8.0, hw, hh)
        corners = [
            (-hw + c, -hh),
            (hw - c, -hh),
            (hw, -hh + c),
            (hw, hh - c),
            (hw - c, hh),
            (-hw + c, hh),
            (-hw, hh - c),
            (-hw, -hh + c),
        ]
    elif shape == "rhomboid":
        s = min(w * 0.2, 16.0)
        corners = [(-hw + s, -hh), (hw, -hh), (hw - s, hh), (-hw, hh)]
    elif shape == "hexagon":
        s = min(w * 0.25, 14.0)
        corners = [(-hw + s, -hh), (hw - s, -hh), (hw, 0), (hw - s, hh), (-hw + s, hh), (-hw, 0)]
    else:  # any other shape: a plain rectangle
        corners = [(-hw, -hh), (hw, -hh), (hw, hh), (-hw, hh)]
    return ET.Element("polygon", {"points": " ".join(f"{_n(x + dx)},{_n(y + dy)}" for dx, dy in corners)})


def _edge_path(
    start: tuple[float, float],
    start_box: tuple[float, float],
    end: tuple[float, float],
    end_box: tuple[float, float],
    bend: float,
) -> str:
    """A line (or, for ``bend`` != 0, a quadratic curve) from the border of one node's box to
    the border of the other's."""
    (x1, y1), (x2, y2) = start, end
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy) or 1.0
    # The control point sits ``bend`` pixels off the middle of the line, on its normal.
    cx, cy = (x1 + x2) / 2 - dy / length * bend, (y1 + y2) / 2 + dx / length * bend
    sx, sy = _border(x1, y1, *start_box, cx - x1, cy - y1)
    ex, ey = _border(x2, y2, *end_box, cx - x2, cy - y2)
    if not bend:
        return f"M{_n(sx)},{_n(sy)} L{_n(ex)},{_n(ey)}"
    return f"M{_n(sx)},{_n(sy)} Q{_n(cx)},{_n(cy)} {_n(ex)},{_n(ey)}"


def _border(x: float, y: float, w: float, h: float, dx: float, dy: float) -> tuple[float, float]:
    """Where a ray from the centre (x, y) of a w x h box in direction (dx, dy) leaves the box."""
    if not dx and not dy:
        return x, y
    scale = min(w / 2 / abs(dx) if dx else math.inf, h / 2 / abs(dy) if dy else math.inf)
    return x + dx * scale, y + dy * scale
