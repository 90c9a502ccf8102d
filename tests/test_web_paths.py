"""The Paths panel's pure helpers: the query form and its URL keys, the search, the rendered
result and the highlight it draws."""

from __future__ import annotations

import pytest

from graph.errors import ConceptGraphError
from graph.paths import PathSearch
from graph.positions import cached_positions
from graph.web import ids
from graph.web.elements import edge_id, to_cytoscape_elements
from graph.web.panels import paths
from graph.web.urls import write_query
from tests.signed_graphs import concept_graph_from_edges, node

CONCEPT = "https://w3id.org/concept-graph/withdrawal/concept/"
CG = "https://w3id.org/concept-graph/ontology#"


def walk(component):
    """The component and every component and string below it."""
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None:
            yield from walk(child)


def text_of(components) -> str:
    return " ".join(item for c in components for item in walk(c) if isinstance(item, str))


def component_ids(components) -> list:
    return [getattr(item, "id", None) for c in components for item in walk(c) if getattr(item, "id", None)]


@pytest.fixture(scope="module")
def form(article_graph):
    return paths.default_form(article_graph)


# Form and URL -------------------------------------------------------------------------------
def test_default_form_is_rejection_to_isolation_along_every_causal_relation(article_graph, form):
    assert form["source"] == CONCEPT + "rejection" and form["target"] == CONCEPT + "isolation"
    assert (form["k"], form["length"], form["undirected"], form["avoid"]) == (5, 6, False, [])
    causal = {str(t.iri) for t in article_graph.relation_types.values() if t.causal}
    assert set(form["relations"]) == causal


def test_default_form_of_another_graph_has_no_ends_and_follows_its_relations():
    other = concept_graph_from_edges(3, [(0, 1, "+"), (1, 2, "-")])
    form = paths.default_form(other)
    assert form["source"] is None and form["target"] is None
    assert set(form["relations"]) == {CG + "increases", CG + "decreases"}


def test_relation_options_list_causal_relations_with_their_polarity(article_graph):
    options, default = paths.relation_options(article_graph)
    labels = [o["label"] for o in options]
    assert "decreases (-)" in labels and "increases (+)" in labels
    assert set(default) <= {o["value"] for o in options}


def test_concept_options_list_every_concept_of_a_small_graph(article_graph):
    options = paths.concept_options(article_graph)
    assert len(options) == len(article_graph.concepts)
    assert {"label": "Rejection", "value": CONCEPT + "rejection"} in options


def test_concept_options_of_a_large_graph_search_and_keep_the_chosen(article_graph, monkeypatch):
    monkeypatch.setattr(paths, "OPTION_LIMIT", 10)
    assert paths.concept_options(article_graph, [CONCEPT + "isolation"]) == [
        {"label": "Isolation", "value": CONCEPT + "isolation"}
    ]
    found = paths.concept_options(article_graph, [CONCEPT + "isolation"], "cingul")
    assert [o["label"] for o in found] == ["Anterior cingulate cortex", "Isolation"]


def test_the_url_keeps_a_query_in_prefixed_names(article_graph, form):
    params = paths.form_to_params(article_graph, form)
    assert params == {
        "from": "concept:rejection",
        "to": "concept:isolation",
        "k": "5",
        "len": "6",
        "undirected": None,
        "via": None,  # the default: every causal relation
        "avoid": None,
    }
    chosen = dict(form, undirected=True, relations=[CG + "increases", CG + "causes"], avoid=[CONCEPT + "social-pain"])
    params = paths.form_to_params(article_graph, chosen)
    assert params["undirected"] == "1" and params["via"] == "cg:causes cg:increases"
    assert params["avoid"] == "concept:social-pain"
    search = write_query("?concept=concept%3Aisolation", **params)
    again = paths.params_to_form(article_graph, paths.path_params(search))
    assert again == dict(chosen, relations=sorted(chosen["relations"]))


def test_a_hand_written_url_may_name_concepts_by_label_or_slug(article_graph):
    params = paths.path_params("?from=Rejection&to=social-withdrawal&via=causes&avoid=identity-threat&k=3")
    form = paths.params_to_form(article_graph, params)
    assert form["source"] == CONCEPT + "rejection" and form["target"] == CONCEPT + "social-withdrawal"
    assert form["relations"] == [CG + "causes"] and form["avoid"] == [CONCEPT + "identity-threat"]
    assert (form["k"], form["length"]) == (3, paths.DEFAULT_LENGTH)


def test_path_params_ignore_other_keys():
    assert paths.path_params("?concept=concept%3Ax&focus=y&from=a&len=4") == {"from": "a", "len": "4"}
    assert paths.path_params(None) == {}


@pytest.mark.parametrize("params", [{"from": "no such concept", "to": "isolation"}, {"via": "no-such-relation"}])
def test_an_unknown_name_in_the_url_is_an_error(article_graph, params):
    with pytest.raises(ConceptGraphError):
        paths.params_to_form(article_graph, params)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"target": None}, "Choose a source and a target"),
        ({"target": CONCEPT + "rejection"}, "same concept"),
        ({"k": 0}, "k (how many paths) must be a whole number from 1 to 20"),
        ({"k": 21}, "from 1 to 20"),
        ({"k": None}, "from 1 to 20"),
        ({"length": 13}, "maximum length must be a whole number of links from 1 to 12"),
        ({"avoid": [CONCEPT + "isolation"]}, "cannot be among the concepts to avoid"),
    ],
)
def test_a_bad_query_gets_a_clear_message(article_graph, form, changes, message):
    bad = dict(form, **changes)
    assert message in paths.check_form(bad)
    children, highlights, highlight, valid = paths.answer(article_graph, bad)
    assert not valid and highlights == [] and highlight is None
    assert message in text_of(children) and children[0].className == "error"


def test_a_malformed_number_in_the_url_is_reported_not_raised(article_graph):
    form = paths.params_to_form(article_graph, {"from": "rejection", "to": "isolation", "k": "many"})
    assert form["k"] is None and "from 1 to 20" in paths.check_form(form)


# Results ------------------------------------------------------------------------------------
def test_the_default_query_renders_paths_with_quotes_strategies_cut_and_sparql(article_graph, form):
    children, highlights, highlight, valid = paths.answer(article_graph, form)
    text = text_of(children)
    assert valid and len(highlights) == 5 and highlight == highlights[0]
    assert "5 paths from Rejection to Isolation, shortest first." in text
    assert "More paths exist; stopped at k = 5." in text
    assert "Rejection leads to social withdrawal, which increases isolation." in text
    assert "The psychological impact of rejection activates the anterior cingulate cortex" in text
    assert "The Psychology of Rejection: An Overview" in text  # the quote's section
    assert "Strategies that interrupt these paths" in text and "Strengthening self-esteem" in text
    assert "cuts 4 of 5 paths" in text
    assert "Minimum cut" in text and "Anterior cingulate cortex" in text
    assert "ASK {" in text and "concept:rejection" in text


def test_a_rendered_result_has_unique_ids_and_concept_links_for_the_selection(article_graph, form):
    children, *_ = paths.answer(article_graph, form)
    found = component_ids(children)
    assert len(found) == len({str(sorted(i.items())) if isinstance(i, dict) else i for i in found})
    links = [i for i in found if isinstance(i, dict) and i["type"] == ids.CONCEPT_LINK]
    assert {"type": ids.CONCEPT_LINK, "iri": CONCEPT + "strengthening-self-esteem", "at": "paths"} in links
    cards = [i for i in found if isinstance(i, dict) and i["type"] == ids.PATH_CARD]
    assert [c["index"] for c in cards] == [0, 1, 2, 3, 4]


def test_the_first_path_is_shown_on_the_graph(article_graph, form):
    children, *_ = paths.answer(article_graph, form)
    cards = [c for c in walk(children[2]) if getattr(c, "id", None) and c.id.get("type") == ids.PATH_CARD]
    assert [c.className for c in cards] == ["path-card shown"] + ["path-card"] * 4
    assert paths.shown_state(3, 1) == (
        ["path-card", "path-card shown", "path-card"],
        ["Show on graph", "Shown on graph", "Show on graph"],
    )


def test_a_highlight_names_canvas_elements_even_for_links_walked_backwards(article_graph, form):
    G = article_graph.network
    canvas_ids = {e["data"]["id"] for e in to_cytoscape_elements(G, cached_positions(G))}
    undirected = dict(form, source=CONCEPT + "isolation", target=CONCEPT + "rejection", undirected=True, length=3)
    report = paths.run_query(article_graph, undirected)
    assert any(not hop.forward for path in report.search.paths for hop in path.hops)
    for path in report.search.paths:
        highlight = paths.chain_highlight(path.nodes, path.hops)
        assert highlight["nodes"] == list(path.nodes)
        assert set(highlight["edges"]) <= canvas_ids and len(highlight["edges"]) == path.length


def test_chain_highlight_of_a_hand_made_chain():
    hops = [paths.Hop("a", "b", "r", "r", "r", "+"), paths.Hop("b", "c", "s", "s", "s", "-", forward=False)]
    assert paths.chain_highlight(["a", "b", "c"], hops) == {
        "nodes": ["a", "b", "c"],
        "edges": [edge_id("a", "r", "b"), edge_id("c", "s", "b")],
    }


def test_no_path_suggests_either_direction_and_highlights_the_ends(article_graph, form):
    backwards = dict(form, source=CONCEPT + "isolation", target=CONCEPT + "rejection")
    children, highlights, highlight, valid = paths.answer(article_graph, backwards)
    assert valid and highlights == []
    assert highlight == {"nodes": [CONCEPT + "isolation", CONCEPT + "rejection"], "edges": []}
    assert text_of(children) == (
        "No path from Isolation to Rejection within 6 links along the chosen relations."
        " Try following links in either direction."
    )


def test_no_path_within_the_length_says_longer_ones_exist(article_graph, form):
    children, *_ = paths.answer(article_graph, dict(form, length=1))
    assert "within 1 link along" in text_of(children)
    assert "Longer paths exist: raise the maximum length above 1." in text_of(children)


@pytest.mark.parametrize(
    ("reason", "note"),
    [
        ("k", "More paths exist; stopped at k = 0."),
        ("max length", "Longer paths exist beyond the maximum length of 0 links."),
        ("time budget", "The search stopped at its time limit; more paths may exist."),
        (None, None),
    ],
)
def test_truncation_notes_say_why_the_search_stopped(reason, note):
    assert paths.truncation_note(PathSearch("a", "b", truncated=reason is not None, reason=reason)) == note


def test_a_graph_without_strategies_or_prefixes_still_renders():
    other = concept_graph_from_edges(4, [(0, 1, "+"), (1, 3, "+"), (0, 2, "-"), (2, 3, "-")])
    form = dict(paths.default_form(other), source=node(0), target=node(3))
    children, highlights, _, valid = paths.answer(other, form)
    text = text_of(children)
    assert valid and len(highlights) == 2
    assert "Node 0 increases node 1, which increases node 3." in text
    assert "No evidence quote." in text
    assert "Removing these concepts disconnects the source from the target" in text
    assert paths.form_to_params(other, form)["from"] == node(0)  # no prefix: the IRI itself


@pytest.mark.parametrize(("search", "index"), [("?path=3", 2), ("", 0), ("?path=0", 0), ("?path=x", 0)])
def test_shown_index_reads_the_path_drawn_from_the_url(search, index):
    assert paths.shown_index(search) == index


def test_answer_draws_the_chosen_path_within_range(article_graph, form):
    children, highlights, highlight, _ = paths.answer(article_graph, form, shown=1)
    assert highlight == highlights[1]
    cards = [c for c in walk(children[2]) if getattr(c, "id", None) and c.id.get("type") == ids.PATH_CARD]
    assert cards[1].className == "path-card shown"
    assert paths.answer(article_graph, form, shown=99)[2] == highlights[-1]


def test_the_sparql_of_a_graph_without_prefixes_declares_those_it_uses():
    other = concept_graph_from_edges(3, [(0, 1, "+"), (1, 2, "+")])
    children, *_ = paths.answer(other, dict(paths.default_form(other), source=node(0), target=node(2)))
    sparql = next(c for c in walk(children[-1]) if getattr(c, "className", None) == "sparql").children
    assert "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>" in sparql
    assert "PREFIX oa: <http://www.w3.org/ns/oa#>" in sparql
    assert f"<{node(0)}>" in sparql
