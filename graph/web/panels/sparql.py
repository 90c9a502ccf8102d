"""The SPARQL console: read-only queries on the session's graph, bounded in time and rows, with
example queries, a plain-text results table and a CSV download of the result."""

from __future__ import annotations

import time
from dataclasses import dataclass

from dash import Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from ...errors import ConceptGraphError, QueryTimeout, UnsafeQueryError
from ...iris import compact
from ...model import ConceptGraph
from ...sparql import QueryResult, result_to_csv, result_to_json, run_query
from ...vocab import ARTICLE
from .. import ids
from ..state import session_graph

__all__ = [
    "TAB_LABEL",
    "TAB_VALUE",
    "EXAMPLES",
    "QUERY_TIMEOUT",
    "MAX_ROWS",
    "Example",
    "example_options",
    "answer",
    "TABLE_ROWS",
    "table_header",
    "table_rows",
    "make_result_table",
    "describe_result",
    "error_message",
    "result_from_json",
    "csv_download",
    "make_panel",
    "register",
]

TAB_LABEL = "SPARQL"
TAB_VALUE = "sparql"

#: Seconds a query may run before its process is killed.
QUERY_TIMEOUT = 10.0
#: Rows kept of a result (for its CSV download); a query with more says it was cut.
MAX_ROWS = 2_000
#: Rows drawn in the page's table (Dash renders every cell as a component: a few hundred rows
#: draw in about a second).
TABLE_ROWS = 200


@dataclass(frozen=True)
class Example:
    """An example query; offered only on graphs that have every concept it names."""

    label: str
    query: str
    needs: tuple[str, ...] = ()  # concept IRIs


def _concept(slug: str) -> str:
    return str(ARTICLE[f"concept/{slug}"])


EXAMPLES = (
    Example(
        "Count the triples",
        "SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }",
    ),
    Example(
        "Concepts by category",
        """SELECT ?category ?label ?concept WHERE {
  ?concept a ?class ;
           skos:prefLabel ?label .
  ?class rdfs:subClassOf skos:Concept ;
         rdfs:label ?category .
  OPTIONAL { ?class cg:position ?position }
}
ORDER BY ?position ?category ?label""",
    ),
    Example(
        "Concepts on the paths from rejection to isolation",
        """SELECT DISTINCT ?label ?mid WHERE {
  concept:rejection cg:influences+ ?mid .
  ?mid cg:influences+ concept:isolation ;
       skos:prefLabel ?label .
}
ORDER BY ?label""",
        needs=(_concept("rejection"), _concept("isolation")),
    ),
    Example(
        "Evidence that rejection leads to social withdrawal",
        """SELECT ?relation ?quote ?section WHERE {
  ?statement rdf:subject concept:rejection ;
             rdf:predicate ?predicate ;
             rdf:object concept:social-withdrawal ;
             oa:hasSelector/oa:exact ?quote ;
             prov:wasDerivedFrom ?part .
  ?predicate rdfs:label ?relation .
  ?part dcterms:title ?section .
}""",
        needs=(_concept("rejection"), _concept("social-withdrawal")),
    ),
    Example(
        "Every link from rejection with its quote",
        """SELECT ?relation ?target ?quote WHERE {
  concept:rejection ?predicate ?concept .
  ?predicate rdfs:subPropertyOf cg:influences ;
             rdfs:label ?relation .
  ?concept skos:prefLabel ?target .
  ?statement rdf:subject concept:rejection ;
             rdf:predicate ?predicate ;
             rdf:object ?concept ;
             oa:hasSelector/oa:exact ?quote .
}
ORDER BY ?target ?relation""",
        needs=(_concept("rejection"),),
    ),
    Example(
        "Every link with its quote and section",
        """SELECT ?source ?relation ?target ?quote ?section WHERE {
  ?statement rdf:subject ?s ;
             rdf:predicate ?p ;
             rdf:object ?t ;
             oa:hasSelector/oa:exact ?quote .
  ?s skos:prefLabel ?source .
  ?t skos:prefLabel ?target .
  OPTIONAL { ?p rdfs:label ?relation }
  OPTIONAL { ?statement prov:wasDerivedFrom/dcterms:title ?section }
}
ORDER BY ?source ?relation ?target
LIMIT 500""",
    ),
)


# Helpers -------------------------------------------------------------------------------------
def example_options(concept_graph: ConceptGraph) -> list[dict]:
    """Dropdown options of the examples that apply to ``concept_graph`` (values: query texts)."""
    return [
        {"label": example.label, "value": example.query}
        for example in EXAMPLES
        if all(concept_graph.find(iri) for iri in example.needs)
    ]


def answer(concept_graph: ConceptGraph, text: str) -> tuple[QueryResult, float]:
    """Run ``text`` read-only on the graph with the console's limits; return the result and the
    seconds it took.

    Raises
    ------
    QueryError, UnsafeQueryError, QueryTimeout
        As ``graph.sparql.run_query``.
    """
    started = time.perf_counter()
    result = run_query(concept_graph.graph, text, timeout=QUERY_TIMEOUT, max_rows=MAX_ROWS)
    return result, time.perf_counter() - started


def _shown(value: str | None, prefixes: dict[str, str]) -> str:
    """A cell's text: IRIs in a bound namespace as prefixed names, unbound as empty."""
    if value is None:
        return ""
    if ":" in value and not any(c.isspace() for c in value):
        return compact(value, prefixes) or value
    return value


def table_header(result: QueryResult) -> list[str]:
    """The column names of ``result``'s table (``boolean`` for ASK, as in its CSV)."""
    return ["boolean"] if result.form == "ASK" else list(result.columns)


def table_rows(result: QueryResult, prefixes: dict[str, str], limit: int = TABLE_ROWS) -> list[list[str]]:
    """The first ``limit`` rows of ``result`` as cell texts."""
    if result.form == "ASK":
        return [["true" if result.boolean else "false"]]
    return [[_shown(value, prefixes) for value in row] for row in result.rows[:limit]]


def make_result_table(result: QueryResult, prefixes: dict[str, str]) -> html.Table:
    """The result as a plain HTML table (cells are text: React escapes them)."""
    rows = table_rows(result, prefixes)
    shown = len(result.rows) if result.form != "ASK" else 1
    caption = "Query result"
    if len(rows) < shown:
        caption = f"The first {len(rows):,} of {shown:,} rows (the CSV has all {shown:,})"
    return html.Table(
        [
            html.Caption(caption),
            html.Thead(html.Tr([html.Th(name, scope="col") for name in table_header(result)])),
            html.Tbody([html.Tr([html.Td(cell) for cell in row]) for row in rows]),
        ],
        className="result-table",
    )


def describe_result(result: QueryResult, seconds: float) -> str:
    """One sentence about the result: its size, its time, and whether it was cut."""
    took = f"in {seconds:.2f} s"
    if result.form == "ASK":
        return f"ASK: the answer is {'yes' if result.boolean else 'no'} ({took})."
    what = "triples" if result.form in ("CONSTRUCT", "DESCRIBE") else "rows"
    if result.truncated:
        return (
            f"{result.form}: showing the first {len(result.rows):,} {what} ({took}); the query has more. "
            "Add a LIMIT or narrow the query to see the rest."
        )
    return f"{result.form}: {len(result.rows):,} {what} ({took})."


def error_message(err: ConceptGraphError) -> str:
    """What the page says when a query is refused or fails (plain text)."""
    if isinstance(err, UnsafeQueryError):
        return f"Refused: {err}. The console only reads the loaded graph."
    if isinstance(err, QueryTimeout):
        return f"Stopped: {err}. Narrow the query or add a LIMIT."
    return f"The query did not run: {err}"


def result_from_json(data: dict) -> QueryResult:
    """The inverse of ``graph.sparql.result_to_json`` (as stored in the page).

    Raises
    ------
    KeyError, TypeError, ValueError
        When ``data`` is not a stored result.
    """
    if not isinstance(data, dict) or data.get("form") not in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        raise ValueError("not a stored query result")
    if not all(isinstance(row, list | tuple) for row in data["rows"]) or not isinstance(data["columns"], list):
        raise ValueError("not a stored query result")
    return QueryResult(
        form=data["form"],
        columns=tuple(data["columns"]),
        rows=tuple(tuple(row) for row in data["rows"]),
        truncated=bool(data["truncated"]),
        boolean=data["boolean"],
        triples=data.get("triples"),
    )


def csv_download(data: dict) -> dict:
    """The ``dcc.Download`` payload of a stored result as CSV."""
    return dcc.send_string(result_to_csv(result_from_json(data)), "query-result.csv", type="text/csv")


def _stored(result: QueryResult) -> dict:
    # The Turtle of a CONSTRUCT repeats its rows: the page need not carry it twice.
    return result_to_json(result) | {"triples": None}


# Layout --------------------------------------------------------------------------------------
def make_panel(concept_graph: ConceptGraph) -> html.Div:
    options = example_options(concept_graph)
    return html.Div(
        [
            html.H2("SPARQL console"),
            html.P(
                [
                    "Read-only SPARQL 1.1 on the loaded graph. The prefixes ",
                    html.Code("cg:"),
                    ", ",
                    html.Code("concept:"),
                    ", ",
                    html.Code("skos:"),
                    ", ",
                    html.Code("rdfs:"),
                    ", ",
                    html.Code("oa:"),
                    ", ",
                    html.Code("prov:"),
                    " and ",
                    html.Code("dcterms:"),
                    f" are declared. A query stops after {QUERY_TIMEOUT:g} s and keeps at most {MAX_ROWS:,} rows "
                    f"(the table draws the first {TABLE_ROWS:,}, the CSV has them all); updates, SERVICE and FROM "
                    "are refused.",
                ],
                className="hint",
            ),
            html.Label(
                [
                    "Example queries",
                    dcc.Dropdown(
                        id=ids.SPARQL_EXAMPLE,
                        options=options,
                        placeholder="Choose an example…",
                        clearable=False,
                        searchable=False,
                    ),
                ],
                className="sparql-example",
            ),
            html.Label(
                [
                    "Query",
                    dcc.Textarea(
                        id=ids.SPARQL_QUERY,
                        value=options[0]["value"] if options else "",
                        rows=9,
                        spellCheck=False,
                        className="sparql-query",
                    ),
                ]
            ),
            html.Div(
                [
                    html.Button("Run", id=ids.SPARQL_RUN, n_clicks=0, className="primary"),
                    html.Button("Download CSV", id=ids.SPARQL_CSV, n_clicks=0, disabled=True),
                ],
                className="button-row",
            ),
            html.Div(id=ids.SPARQL_STATUS, role="status", className="sparql-status"),
            html.Div(id=ids.SPARQL_TABLE, className="result-table-wrap"),
            dcc.Store(id=ids.SPARQL_RESULT),
            dcc.Download(id=ids.SPARQL_DOWNLOAD),
        ],
        className="panel sparql-panel",
    )


# Callbacks -----------------------------------------------------------------------------------
def register(app) -> None:
    @app.callback(
        Output(ids.SPARQL_QUERY, "value"),
        Input(ids.SPARQL_EXAMPLE, "value"),
        prevent_initial_call=True,
    )
    def choose_example(query):
        if not query or not isinstance(query, str):
            raise PreventUpdate
        return query

    @app.callback(
        Output(ids.SPARQL_TABLE, "children"),
        Output(ids.SPARQL_STATUS, "children"),
        Output(ids.SPARQL_RESULT, "data"),
        Output(ids.SPARQL_CSV, "disabled"),
        Output(ids.SPARQL_EXAMPLE, "options"),
        Input(ids.SPARQL_RUN, "n_clicks"),
        Input(ids.GRAPH, "data"),
        State(ids.SPARQL_QUERY, "value"),
        prevent_initial_call=True,
    )
    def run(_clicks, token, text):
        concept_graph = session_graph(token)  # the registry takes a forged token for none
        if ctx.triggered_id == ids.GRAPH:
            return None, "", None, True, example_options(concept_graph)
        if not isinstance(text, str) or not text.strip():
            return no_update, html.P("Type a query first.", className="error"), no_update, no_update, no_update
        try:
            result, seconds = answer(concept_graph, text)
        except ConceptGraphError as err:
            status = html.P(error_message(err), className="error")
            return None, status, None, True, no_update
        table = make_result_table(result, concept_graph.prefixes)
        return table, html.P(describe_result(result, seconds)), _stored(result), False, no_update

    @app.callback(
        Output(ids.SPARQL_DOWNLOAD, "data"),
        Input(ids.SPARQL_CSV, "n_clicks"),
        State(ids.SPARQL_RESULT, "data"),
        prevent_initial_call=True,
    )
    def download_csv(_clicks, data):
        try:
            return csv_download(data)
        except (KeyError, TypeError, ValueError):
            raise PreventUpdate from None  # no result kept (or not one this page stored)
