"""The Lists tab: concepts grouped by category, links with their evidence as a table."""

from dash import html
from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from graph.web import ids
from graph.web.panels.lists import (
    PAGE_SIZE,
    concept_groups,
    link_rows,
    make_concept_lists,
    make_link_table,
    page_count,
    turn_page,
)
from tests.signed_graphs import concept_graph_from_edges, node


def _walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children] if children is not None else []:
        if not isinstance(child, str):
            yield from _walk(child)


def test_concepts_are_grouped_by_category_in_the_ontology_order(article_graph):
    groups = concept_groups(article_graph)
    assert [name for name, _ in groups] == ["Cause", "Mechanism", "Effect", "Moderator", "Strategy"]
    assert sum(len(concepts) for _, concepts in groups) == len(article_graph.concepts)
    for name, concepts in groups:
        assert all(c.category_label == name for c in concepts)
        labels = [c.label.lower() for c in concepts]
        assert labels == sorted(labels)


def test_uncategorised_concepts_come_last():
    groups = concept_groups(concept_graph_from_edges(3, [(0, 1, "+")]))
    assert [name for name, _ in groups] == ["Uncategorised"]


def test_every_concept_is_a_button_that_selects_it_from_the_lists(article_graph):
    buttons = [c for c in _walk(html.Div(make_concept_lists(article_graph))) if isinstance(c, html.Button)]
    assert len(buttons) == len(article_graph.concepts)
    isolation = next(b for b in buttons if b.children == "Isolation")
    assert isolation.id == {"type": ids.CONCEPT_LINK, "iri": isolation.id["iri"], "at": "lists"}
    assert article_graph.find(isolation.id["iri"]).label == "Isolation"
    headings = [c.children for c in _walk(html.Div(make_concept_lists(article_graph))) if isinstance(c, html.H3)]
    assert headings[0].startswith("Cause (")


def test_link_rows_carry_the_first_quote_and_section_in_the_chosen_order(article_graph):
    rows = link_rows(article_graph)
    assert len(rows) == len(article_graph.relations)
    assert [r.source.lower() for r in rows] == sorted(r.source.lower() for r in rows)
    by_target = link_rows(article_graph, "target")
    assert [r.target.lower() for r in by_target] == sorted(r.target.lower() for r in by_target)
    by_relation = link_rows(article_graph, "relation")
    assert [r.relation for r in by_relation] == sorted(r.relation for r in by_relation)
    quoted = [r for r in rows if r.quote]
    assert len(quoted) == sum(1 for r in article_graph.relations if r.evidence)
    assert all(r.section for r in quoted)
    assert {r.polarity for r in rows} <= {"+ positive", "- negative", "0 neutral"}
    assert any(r.more_quotes for r in rows)


def test_link_table_is_semantic_and_shows_one_page(article_graph):
    total = len(article_graph.relations)
    table = make_link_table(article_graph)[0]
    assert isinstance(table, html.Table)
    caption, head, body = table.children
    assert isinstance(caption, html.Caption)
    assert caption.children == f"Links 1-{PAGE_SIZE} of {total} with their evidence, by source"
    assert [th.scope for th in _walk(head) if isinstance(th, html.Th)] == ["col"] * 6
    assert [row.children[0].scope for row in body.children] == ["row"] * PAGE_SIZE
    last = page_count(article_graph) - 1
    caption, _, body = make_link_table(article_graph, "target", last)[0].children
    assert len(body.children) == total - last * PAGE_SIZE
    assert caption.children.startswith(f"Links {last * PAGE_SIZE + 1}-{total} of {total}")
    assert caption.children.endswith("by target")


def test_a_large_graph_lists_its_first_links_and_says_so(article_graph):
    caption, _, body = make_link_table(article_graph, limit=10)[0].children
    assert len(body.children) == 10
    assert "only the first 10 are listed here" in caption.children
    assert page_count(article_graph, limit=10) == 1


def test_pages_turn_within_bounds_and_reset_on_a_new_order():
    assert turn_page(0, 1, 3) == 1
    assert turn_page(2, 1, 3) == 2
    assert turn_page(0, -1, 3) == 0
    assert turn_page(2, None, 3) == 0
    assert turn_page(None, 1, 1) == 0
    assert page_count(concept_graph_from_edges(2, [])) == 1


def test_a_graph_without_links_says_so():
    empty = concept_graph_from_edges(2, [])
    assert "no links" in make_link_table(empty)[0].children


def test_label_html_is_kept_as_text():
    graph = concept_graph_from_edges(2, [(0, 1, "+")])  # nothing computed from it yet
    graph.graph.set((URIRef(node(0)), SKOS.prefLabel, Literal("<img src=x onerror=alert(1)>", lang="en")))
    built = [*make_concept_lists(graph), *make_link_table(graph)]
    texts = [c.children for c in _walk(html.Div(built)) if isinstance(c, html.Button | html.Th)]
    assert "<img src=x onerror=alert(1)>" in texts  # a plain string: React renders it as text
