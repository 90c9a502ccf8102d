"""The Loops panel's pure helpers: the list of loops, their titles and their highlights."""

from __future__ import annotations

from graph.positions import cached_positions
from graph.web import ids
from graph.web.elements import to_cytoscape_elements
from graph.web.panels import loops
from tests.signed_graphs import concept_graph_from_edges
from tests.test_web_paths import component_ids, text_of, walk

CONCEPT = "https://w3id.org/concept-graph/withdrawal/concept/"


def test_named_loops_come_first_with_their_kind_and_reading(article_graph):
    found = loops.find_loops(article_graph, 6)
    first = found.loops[0]
    assert loops.loop_title(article_graph, first) == "Loneliness spiral loop"
    assert first.kind == "reinforcing" and first.length == 2
    children = loops.render_loops(article_graph, found)
    text = text_of(children)
    assert text.startswith(f"{len(found.loops)} loops, 2 named in the text first.")
    assert "Isolation increases social withdrawal, which increases isolation." in text
    assert "Reinforcing" in text and "Balancing" in text
    assert "Links and evidence" in text and "quote" in text


def test_an_unnamed_loop_is_titled_by_its_chain(article_graph):
    found = loops.find_loops(article_graph, 6)
    unnamed = next(loop for loop in found.loops if not loop.named_by)
    title = loops.loop_title(article_graph, unnamed)
    assert title.count(" → ") == unnamed.length and title.split(" → ")[0] == title.split(" → ")[-1]


def test_the_length_is_clamped_to_the_offered_range(article_graph):
    assert all(loop.length <= 2 for loop in loops.find_loops(article_graph, 1).loops)
    assert loops.find_loops(article_graph, None).loops == loops.find_loops(article_graph, loops.DEFAULT_LENGTH).loops
    longest = max(loop.length for loop in loops.find_loops(article_graph, 99).loops)
    assert longest <= max(loops.LENGTHS)


def test_highlights_name_the_loops_elements_on_the_canvas(article_graph):
    G = article_graph.network
    canvas_ids = {e["data"]["id"] for e in to_cytoscape_elements(G, cached_positions(G))}
    found = loops.find_loops(article_graph, 4)
    highlights = loops.loop_highlights(found)
    assert len(highlights) == len(found.loops)
    spiral = highlights[0]
    assert set(spiral["nodes"]) == {CONCEPT + "isolation", CONCEPT + "social-withdrawal"}
    for highlight, loop in zip(highlights, found.loops, strict=True):
        assert len(highlight["edges"]) == loop.length and set(highlight["edges"]) <= canvas_ids
        assert set(highlight["nodes"]) <= canvas_ids


def test_each_loop_card_has_a_button_and_folded_links(article_graph):
    children = loops.render_loops(article_graph, loops.find_loops(article_graph, 6))
    found = component_ids(children)
    count = len(loops.find_loops(article_graph, 6).loops)
    for kind in (ids.LOOP_SHOW, ids.LOOP_CARD, ids.LOOP_LINKS):
        assert [i["index"] for i in found if isinstance(i, dict) and i["type"] == kind] == list(range(count))
    folded = [c for c in walk(children[-1]) if getattr(c, "id", None) and c.id.get("type") == ids.LOOP_LINKS]
    assert not any(c.open for c in folded)
    assert loops.shown_state(3, 2) == (["loop-card", "loop-card", "loop-card shown"], [False, False, True])


def test_a_graph_without_loops_says_so():
    acyclic = concept_graph_from_edges(3, [(0, 1, "+"), (1, 2, "-")])
    found = loops.find_loops(acyclic, 8)
    assert loops.loop_highlights(found) == []
    assert text_of(loops.render_loops(acyclic, found)) == "No feedback loop of signed causal links within this length."


def test_a_balancing_loop_of_a_small_graph():
    graph = concept_graph_from_edges(2, [(0, 1, "+"), (1, 0, "-")])
    found = loops.find_loops(graph, 2)
    assert [loop.kind for loop in found.loops] == ["balancing"]
    assert loops.loop_title(graph, found.loops[0]) == "Node 0 → Node 1 → Node 0"
