"""The SPARQL console's helpers: examples, results as plain-text table rows, messages, CSV."""

import csv
import io

import pytest
from dash import html

from graph.errors import QueryError, QueryTimeout, UnsafeQueryError
from graph.sparql import QueryResult, result_to_json
from graph.web.panels.sparql import (
    EXAMPLES,
    MAX_ROWS,
    TABLE_ROWS,
    answer,
    csv_download,
    describe_result,
    error_message,
    example_options,
    make_result_table,
    result_from_json,
    table_header,
    table_rows,
)
from tests.signed_graphs import concept_graph_from_edges

CONCEPT = "https://w3id.org/concept-graph/withdrawal/concept/"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.label)
def test_every_example_runs_and_returns_rows_on_the_article(article_graph, example):
    result, seconds = answer(article_graph, example.query)
    assert result.rows and not result.truncated
    assert seconds < 10


def test_the_path_example_finds_the_concepts_between_rejection_and_isolation(article_graph):
    query = next(e.query for e in EXAMPLES if "paths from rejection" in e.label)
    result, _ = answer(article_graph, query)
    labels = {row[0] for row in result.rows}
    assert "Social pain" in labels or "Social withdrawal" in labels
    assert all(row[1].startswith(CONCEPT) for row in result.rows)


def test_examples_naming_missing_concepts_are_not_offered_on_other_graphs(article_graph):
    assert len(example_options(article_graph)) == len(EXAMPLES)
    other = example_options(concept_graph_from_edges(3, [(0, 1, "+")]))
    assert 0 < len(other) < len(EXAMPLES)
    assert all("rejection" not in option["value"] for option in other)


def test_table_rows_are_plain_text_with_prefixed_iris_and_empty_unbound(article_graph):
    result = QueryResult(
        "SELECT", ("c", "label", "note"), ((CONCEPT + "isolation", "<b>Isolation</b>", None),), False, None, None
    )
    assert table_header(result) == ["c", "label", "note"]
    assert table_rows(result, article_graph.prefixes) == [["concept:isolation", "<b>Isolation</b>", ""]]
    table = make_result_table(result, article_graph.prefixes)
    cells = [c for c in _walk(table) if isinstance(c, html.Td)]
    assert [c.children for c in cells] == ["concept:isolation", "<b>Isolation</b>", ""]  # strings: React escapes them
    assert [c.scope for c in _walk(table) if isinstance(c, html.Th)] == ["col"] * 3


def test_ask_and_construct_results_become_tables(article_graph):
    ask, _ = answer(article_graph, "ASK { concept:rejection cg:causes concept:social-withdrawal }")
    assert table_header(ask) == ["boolean"]
    assert table_rows(ask, {}) == [["true"]]
    assert "yes" in describe_result(ask, 0.01)
    construct, _ = answer(article_graph, "CONSTRUCT { ?s cg:causes ?o } WHERE { ?s cg:causes ?o }")
    assert table_header(construct) == ["subject", "predicate", "object"]
    assert table_rows(construct, article_graph.prefixes)[0][1] == "cg:causes"


def test_a_result_over_the_row_limit_says_it_was_cut(article_graph):
    result, _ = answer(article_graph, "SELECT * WHERE { ?s ?p ?o }")
    assert result.truncated and len(result.rows) == MAX_ROWS
    text = describe_result(result, 0.5)
    assert f"first {MAX_ROWS:,} rows" in text and "LIMIT" in text
    table = make_result_table(result, {})
    assert len(table_rows(result, {})) == TABLE_ROWS
    assert f"first {TABLE_ROWS:,} of {MAX_ROWS:,} rows" in table.children[0].children


@pytest.mark.parametrize(
    ("query", "error", "words"),
    [
        ("DELETE WHERE { ?s ?p ?o }", UnsafeQueryError, ["Refused", "DELETE WHERE"]),
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", UnsafeQueryError, ["SERVICE"]),
        ("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", UnsafeQueryError, ["FROM"]),
        ("SELECT ?s\nWHERE { ?s ?p }", QueryError, ["syntax error at line 2, column"]),
    ],
)
def test_refusals_and_syntax_errors_become_page_messages(article_graph, query, error, words):
    with pytest.raises(error) as caught:
        answer(article_graph, query)
    message = error_message(caught.value)
    for word in words:
        assert word in message


def test_a_timeout_message_suggests_a_limit():
    assert "LIMIT" in error_message(QueryTimeout("query stopped after 10 s"))


def test_csv_download_of_a_stored_result_keeps_full_iris(article_graph):
    result, _ = answer(article_graph, next(e.query for e in EXAMPLES if e.label == "Concepts by category"))
    stored = result_to_json(result)
    assert result_from_json(stored) == result
    download = csv_download(stored)
    assert download["filename"] == "query-result.csv" and download["type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(download["content"])))
    assert rows[0] == ["category", "label", "concept"]
    assert len(rows) == len(result.rows) + 1
    assert any(row[2] == CONCEPT + "isolation" for row in rows[1:])


def _walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children] if children is not None else []:
        if not isinstance(child, str):
            yield from _walk(child)
