from dash import html

from graph.details import concept_details
from graph.iris import concept_iri
from graph.web.selection import (
    TRAIL_LENGTH,
    from_url,
    push_trail,
    render_concept,
    render_selection,
    search_options,
    to_url,
)
from tests.dash_http import texts as _texts


def test_trail_moves_revisits_to_the_end_and_is_bounded():
    assert push_trail(["a", "b"], "a") == ["b", "a"]
    trail = []
    for i in range(TRAIL_LENGTH + 5):
        trail = push_trail(trail, str(i))
    assert len(trail) == TRAIL_LENGTH and trail[-1] == str(TRAIL_LENGTH + 4)


def test_url_round_trip_of_concept_and_link(article_graph):
    concept = {"kind": "concept", "id": str(concept_iri("isolation")), "origin": "canvas"}
    search = to_url(article_graph, "?focus=x", concept)
    assert "concept=concept%3Aisolation" in search and "focus=x" in search
    assert from_url(article_graph, search) == {**concept, "origin": "url"}
    relation = article_graph.relations[0]
    link = {"kind": "link", "id": [str(relation.source), str(relation.type.iri), str(relation.target)], "origin": "x"}
    assert from_url(article_graph, to_url(article_graph, "", link))["id"] == link["id"]
    assert from_url(article_graph, "?concept=no-such-thing") is None
    assert to_url(article_graph, "?concept=a&k=2", None) == "?k=2"


def test_concept_panel_lists_neighbours_as_buttons(article_graph):
    view = concept_details(article_graph, str(concept_iri("isolation")))
    panel = render_concept(view)
    texts = _texts(panel)
    assert "Isolation" in texts and "Effect" in texts
    buttons = [c for c in _walk(panel) if isinstance(c, html.Button) and c.id.get("type") == "concept-link"]
    assert {b.id["iri"] for b in buttons} == {link.source for link in view.incoming} | {
        link.target for link in view.outgoing
    }


def test_unknown_selection_says_so(article_graph):
    texts = _texts(render_selection(article_graph, {"kind": "concept", "id": "http://example.org/none"}))
    assert any("not in this graph" in t for t in texts)


def test_search_options_name_the_alternative_label_that_matched(article_graph):
    options = search_options(article_graph, "social isolation")
    assert options[0]["value"] == str(concept_iri("isolation"))
    assert "also: social isolation" in options[0]["label"]


def _walk(component):
    if isinstance(component, list | tuple):
        for child in component:
            yield from _walk(child)
        return
    if component is None or isinstance(component, str):
        return
    yield component
    yield from _walk(getattr(component, "children", None))
