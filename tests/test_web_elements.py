import networkx as nx

from graph.drawing import label_lines
from graph.positions import cached_positions
from graph.web.elements import CATEGORY_STYLES, category_class, edge_id, label_box, stylesheet, to_cytoscape_elements


def test_elements_have_positions_categories_and_polarity_classes(article_graph):
    G = article_graph.network
    elements = to_cytoscape_elements(G, cached_positions(G))
    nodes = [e for e in elements if "source" not in e["data"]]
    edges = [e for e in elements if "source" in e["data"]]
    assert len(nodes) == len(G) and len(edges) == G.number_of_edges()
    node = nodes[0]
    assert set(node["position"]) == {"x", "y"}
    assert node["classes"].startswith("category-")
    assert {e["classes"] for e in edges} <= {"positive", "negative", "neutral"}
    assert {"positive", "negative"} <= {e["classes"] for e in edges}
    edge = edges[0]
    assert edge["data"]["id"] == edge_id(edge["data"]["source"], edge["data"]["relation"], edge["data"]["target"])


def test_highlight_dims_everything_else_and_selection_is_marked(article_graph):
    G = article_graph.network
    u, v, key = next(iter(G.edges(keys=True)))
    lit = {"nodes": [u, v], "edges": [edge_id(u, key, v)]}
    elements = to_cytoscape_elements(G, cached_positions(G), highlight=lit, selected=u)
    by_id = {e["data"]["id"]: e["classes"].split() for e in elements}
    assert "highlighted" in by_id[u] and "selected" in by_id[u]
    assert "highlighted" in by_id[edge_id(u, key, v)]
    dimmed = [i for i, classes in by_id.items() if "dimmed" in classes]
    assert len(dimmed) == len(elements) - 3


def test_only_some_nodes(article_graph):
    G = article_graph.network
    keep = list(G)[:5]
    elements = to_cytoscape_elements(G, cached_positions(G), nodes=keep)
    assert {e["data"]["id"] for e in elements if "source" not in e["data"]} == set(keep)
    assert all(e["data"]["source"] in keep and e["data"]["target"] in keep for e in elements if "source" in e["data"])


def test_labels_stay_data_never_markup():
    # Cytoscape draws labels on a canvas; the element carries the raw text
    G = nx.MultiDiGraph()
    G.add_node("x", label="<img src=x onerror=alert(1)>", category_label=None)
    (element,) = to_cytoscape_elements(G, {})
    assert element["data"]["label"] == "<img src=x onerror=alert(1)>"


def test_label_box_wraps_long_labels():
    short_w, short_h = label_box("Shame")
    long_w, long_h = label_box("Anxious or avoidant attachment style")
    assert short_w < long_w and short_h < long_h


def test_nodes_draw_their_label_wrapped_as_their_box_is_sized():
    G = nx.MultiDiGraph()
    G.add_node("x", label="Anxious or avoidant attachment style", category_label="Moderator")
    (element,) = to_cytoscape_elements(G, {})
    lines = element["data"]["text"].split("\n")
    assert lines == label_lines("Anxious or avoidant attachment style") and len(lines) > 1
    assert element["data"]["label"] == "Anxious or avoidant attachment style"  # what the panels show
    assert (element["data"]["w"], element["data"]["h"]) == label_box("Anxious or avoidant attachment style")
    node = next(r for r in stylesheet() if r["selector"] == "node")["style"]
    assert node["label"] == "data(text)" and node["text-wrap"] == "wrap"
    # wider than the box's text area, so Cytoscape keeps the server's lines
    assert float(node["text-max-width"].removesuffix("px")) >= element["data"]["w"] - 14


def test_stylesheet_covers_every_category_and_polarity():
    selectors = {rule["selector"] for rule in stylesheet()}
    for category in CATEGORY_STYLES:
        assert f".{category_class(category)}" in selectors
    assert {".positive", ".negative", ".neutral", ".dimmed", "node.selected"} <= selectors
    negative = next(r for r in stylesheet() if r["selector"] == ".negative")["style"]
    positive = next(r for r in stylesheet() if r["selector"] == ".positive")["style"]
    assert negative["line-style"] != positive["line-style"]
    assert negative["target-arrow-shape"] != positive["target-arrow-shape"]
