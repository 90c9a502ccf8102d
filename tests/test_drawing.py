"""The SVG drawing of a graph (graph.drawing) and the canvas's SVG export built on it."""

import math
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from graph.drawing import CATEGORY_STYLES, POLARITY_STYLES, label_box, label_lines, to_svg
from graph.web.canvas import canvas_svg
from graph.web.elements import edge_id

SVG = "{http://www.w3.org/2000/svg}"


def small_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.add_node("a", label="Rejection", category_label="Cause")
    G.add_node("b", label="Shame", category_label="Effect")
    G.add_node("c", label="Self-compassion practice", category_label="Strategy")
    G.add_edge("a", "b", key="inc", label="increases", polarity="+")
    G.add_edge("a", "b", key="act", label="activates", polarity="+")
    G.add_edge("c", "b", key="mit", label="mitigates", polarity="-")
    return G


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def links(root):
    return root.find(f"{SVG}g[@class='links']").findall(f"{SVG}path")


def concepts(root):
    return root.find(f"{SVG}g[@class='concepts']").findall(f"{SVG}g")


def test_every_positioned_concept_and_link_among_them_is_drawn_in_its_style():
    root = parse(to_svg(small_graph(), {"a": (0, 0), "b": (300, 0), "c": (300, 200)}, title="Small"))
    assert root.find(f"{SVG}title").text == "Small"
    shapes = {g.find(f"{SVG}title").text: g[0] for g in concepts(root)}
    assert set(shapes) == {"Rejection", "Shame", "Self-compassion practice"}
    assert shapes["Rejection"].get("fill") == CATEGORY_STYLES["Cause"][0]
    assert shapes["Shame"].tag == f"{SVG}rect" and shapes["Self-compassion practice"].tag == f"{SVG}polygon"
    paths = links(root)
    assert len(paths) == 3
    negative = [p for p in paths if p.get("stroke") == POLARITY_STYLES["-"][0]]
    assert len(negative) == 1 and negative[0].get("stroke-dasharray") and "negative" in negative[0].get("marker-end")
    # The two links a -> b bend apart instead of lying on top of each other.
    parallel = [p.get("d") for p in paths if p.get("stroke") == POLARITY_STYLES["+"][0]]
    assert len(set(parallel)) == 2 and all(" Q" in d for d in parallel)


def test_only_positioned_concepts_and_the_chosen_links_are_drawn():
    G = small_graph()
    root = parse(to_svg(G, {"a": (0, 0), "b": (300, 0)}))
    assert len(concepts(root)) == 2 and len(links(root)) == 2
    root = parse(to_svg(G, {"a": (0, 0), "b": (300, 0)}, edges=[("a", "inc", "b"), ("a", "nope", "b")]))
    assert len(links(root)) == 1 and " Q" not in links(root)[0].get("d")


def test_highlight_fades_the_rest_and_selection_is_bold():
    root = parse(
        to_svg(
            small_graph(),
            {"a": (0, 0), "b": (300, 0), "c": (300, 200)},
            highlight={"nodes": ["a", "b"], "edges": [("a", "inc", "b")]},
            selected="b",
        )
    )
    opacity = {g.find(f"{SVG}title").text: float(g.get("opacity")) for g in concepts(root)}
    assert opacity == {"Rejection": 1.0, "Shame": 1.0, "Self-compassion practice": pytest.approx(0.12)}
    shame = next(g[0] for g in concepts(root) if g.find(f"{SVG}title").text == "Shame")
    assert shame.get("stroke") == "#111827" and shame.get("stroke-width") == "5"
    widths = sorted(float(p.get("stroke-width")) for p in links(root))
    assert widths == [1.6, 1.6, 4.0]


def test_hostile_labels_are_text_and_the_document_stays_well_formed():
    G = nx.MultiDiGraph()
    evil = '<script>alert(1)</script> & "quotes" \u202eevil ' + "x" * 10_000
    G.add_node("n", label=evil, category_label="<img src=x onerror=alert(1)>")
    svg = to_svg(G, {"n": (0, 0)})
    root = parse(svg)
    assert "<script" not in svg and root.find(f".//{SVG}script") is None
    assert root.find(f"{SVG}g[@class='concepts']/{SVG}g/{SVG}title").text == evil
    assert concepts(root)[0][0].get("fill") == CATEGORY_STYLES[None][0]  # unknown category: the plain style


def test_an_empty_drawing_is_still_a_document():
    root = parse(to_svg(small_graph(), {}))
    assert concepts(root) == [] and links(root) == []


def test_label_lines_wrap_as_the_canvas_sizes_nodes():
    assert label_lines("Shame") == ["Shame"]
    lines = label_lines("Anxious or avoidant attachment style")
    assert len(lines) > 1 and " ".join(lines) == "Anxious or avoidant attachment style"
    assert label_box("Anxious or avoidant attachment style")[1] > label_box("Shame")[1]


def test_the_canvas_svg_uses_the_page_report_only_for_ids_and_positions(article_graph):
    G = article_graph.network
    rejection = next(n for n in G if G.nodes[n]["label"] == "Rejection")
    pain = next(n for n in G.successors(rejection))
    key = next(iter(G[rejection][pain]))
    drawn = {
        "nodes": [
            [rejection, 10, 20],
            [pain, 300.5, 40],
            ["https://evil.example/<script>", 0, 0],  # not in the graph
            [pain, math.inf, 0],  # not finite (JSON cannot carry it, a forged request might)
            ["x", True, 1],
            "garbage",
        ],
        "edges": [edge_id(rejection, key, pain), "e-unknown", 5],
    }
    selection = {"kind": "link", "id": [rejection, key, pain]}
    root = parse(canvas_svg(article_graph, drawn, None, selection, "The article"))
    titles = sorted(g.find(f"{SVG}title").text for g in concepts(root))
    assert titles == sorted([G.nodes[rejection]["label"], G.nodes[pain]["label"]])
    assert len(links(root)) == 1 and links(root)[0].get("stroke-width") == "5"
    assert parse(canvas_svg(article_graph, {"nodes": "nonsense"}, None, None, "x")) is not None
    assert concepts(parse(canvas_svg(article_graph, None, None, None, "x"))) == []
