"""Hostile SPARQL, each tried through the library (``run_query``), the command line (``query``)
and the app's console callback: refused by its parsed form, stopped at its deadline, or cut to its
row limit, with a clear message; nothing contacted, the graph unchanged, the server answering."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass

import pytest

from graph.errors import QueryError, QueryTimeout, UnsafeQueryError
from graph.sparql import run_query
from graph.web import ids
from graph.web.panels import sparql as console
from graph.web.state import registry
from tests.conftest import fingerprint

from .conftest import CASE_SECONDS, assert_nothing_fetched, assert_one_line_error, run_cli_batch

#: Seconds a runaway query may run here, in every way in (the app's own limit is 10 s).
TIMEOUT = 1.0
MAX_ROWS = 1_000

REFUSED, STOPPED, CUT, INVALID = "refused", "stopped", "cut", "invalid"
SERVICE = "SERVICE is not allowed"
FROM = "FROM and FROM NAMED are not allowed"
UPDATE = "updates are not allowed"


@dataclass(frozen=True)
class QueryCase:
    id: str
    text: str  # "{url}" stands for the listener's base URL
    outcome: str  # REFUSED, STOPPED, CUT or INVALID
    message: str = ""  # a regular expression the message matches

    def query(self, outside) -> str:
        return self.text.replace("{url}", f"http://127.0.0.1:{outside[0]}")


def services() -> list[QueryCase]:
    spellings = {
        "plain": "SELECT * WHERE { SERVICE <{url}/sparql> { ?s ?p ?o } }",
        "lower-case": "select * where { service <{url}/sparql> { ?s ?p ?o } }",
        "silent": "SELECT * WHERE { ?s ?p ?o SERVICE SILENT <{url}/sparql> { ?s ?p ?o } }",
        "escaped": r"SELECT * WHERE { \u0053ERVICE <{url}/sparql> { ?s ?p ?o } }",
        "escaped-8-digits": r"SELECT * WHERE { \U00000053ervice <{url}/sparql> { ?s ?p ?o } }",
        "escaped-silent": r"SELECT * WHERE { SERVICE \u0053ILENT <{url}/sparql> { ?s ?p ?o } }",
        "variable-endpoint": "SELECT * WHERE { VALUES ?e { <{url}/sparql> } SERVICE ?e { ?s ?p ?o } }",
        "in-subquery": "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <{url}/sparql> { ?s ?p ?o } } } }",
        "in-not-exists": "ASK { FILTER NOT EXISTS { SERVICE <{url}/sparql> { ?s ?p ?o } } }",
        "in-construct": "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE SILENT <{url}/sparql> { ?s ?p ?o } }",
    }
    return [QueryCase(f"service-{name}", text, REFUSED, SERVICE) for name, text in spellings.items()]


def dataset_clauses() -> list[QueryCase]:
    return [
        QueryCase("from-file", "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", REFUSED, FROM),
        QueryCase("from-http", "SELECT * FROM <{url}/g> WHERE { ?s ?p ?o }", REFUSED, FROM),
        QueryCase(
            "from-named-file", "SELECT * FROM NAMED <file:///etc/passwd> { GRAPH ?g { ?s ?p ?o } }", REFUSED, FROM
        ),
        QueryCase("from-named-http", "SELECT * FROM NAMED <{url}/g> { GRAPH ?g { ?s ?p ?o } }", REFUSED, FROM),
        QueryCase("ask-from-http", "ASK FROM <{url}/g> { ?s ?p ?o }", REFUSED, FROM),
        QueryCase("describe-from-file", "DESCRIBE <urn:x> FROM <file:///etc/passwd>", REFUSED, FROM),
    ]


def updates() -> list[QueryCase]:
    forms = [
        ("insert-data", "INSERT DATA", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"),
        ("delete-data", "DELETE DATA", "DELETE DATA { <urn:a> <urn:b> <urn:c> }"),
        ("delete-where", "DELETE WHERE", "DELETE WHERE { ?s ?p ?o }"),
        ("modify", "DELETE/INSERT", "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }"),
        ("modify-using-http", "DELETE/INSERT", "WITH <urn:g> DELETE { ?s ?p ?o } USING <{url}/g> WHERE { ?s ?p ?o }"),
        ("insert-from-service", "DELETE/INSERT", "INSERT { ?s ?p ?o } WHERE { SERVICE <{url}/sparql> { ?s ?p ?o } }"),
        ("load-http", "LOAD", "LOAD <{url}/data.ttl>"),
        ("load-file", "LOAD", "LOAD SILENT <file:///etc/passwd> INTO GRAPH <urn:g>"),
        ("clear", "CLEAR", "CLEAR ALL"),
        ("drop", "DROP", "DROP GRAPH <urn:g>"),
        ("create", "CREATE", "CREATE GRAPH <urn:g>"),
        ("add", "ADD", "ADD <urn:a> TO <urn:b>"),
        ("move", "MOVE", "MOVE DEFAULT TO <urn:b>"),
        ("copy", "COPY", "COPY <urn:a> TO DEFAULT"),
        ("two-operations", "INSERT DATA, DROP", "INSERT DATA { <urn:a> <urn:b> <urn:c> } ; DROP ALL"),
    ]
    return [QueryCase(f"update-{name}", text, REFUSED, rf"{UPDATE}.*\({form}\)") for name, form, text in forms]


def runaways() -> list[QueryCase]:
    return [
        QueryCase(
            "cross-join-count",
            "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
            STOPPED,
            f"stopped after {TIMEOUT:g} s",
        ),
        QueryCase(
            "negated-path-star",
            # 28k pairs on the article graph (a second or two): twice, joined, is out of reach
            "SELECT (COUNT(*) AS ?n) WHERE { ?s (<urn:p>|!<urn:p>)* ?o . ?x (<urn:p>|!<urn:p>)* ?y }",
            STOPPED,
            f"stopped after {TIMEOUT:g} s",
        ),
        QueryCase(
            "catastrophic-regex",
            'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER regex(CONCAT(STR(?o), "' + "a" * 40 + '!"), "^(a+)+$") }',
            STOPPED,
            f"stopped after {TIMEOUT:g} s",
        ),
        QueryCase(
            "millions-of-rows-ordered",
            "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f",
            STOPPED,
            f"stopped after {TIMEOUT:g} s|memory",
        ),
        # 2,022 triples squared: four million rows, read lazily and cut at the row limit
        QueryCase("millions-of-rows", "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }", CUT),
        QueryCase("negated-path-star-rows", "SELECT * WHERE { ?s (<urn:p>|!<urn:p>)* ?o }", CUT),
        QueryCase("describe-everything", "DESCRIBE ?s WHERE { ?s ?p ?o }", CUT),
        QueryCase(
            "nested-groups",
            "SELECT * WHERE " + "{ " * 500 + "?s ?p ?o" + " }" * 500,
            INVALID,
            "too deeply nested",
        ),
        QueryCase("over-100k-characters", "ASK { ?s ?p ?o } #" + "x" * 100_000, INVALID, "characters long; the limit"),
    ]


QUERY_CASES = services() + dataset_clauses() + updates() + runaways()
cases = pytest.mark.parametrize("case", QUERY_CASES, ids=lambda case: case.id)
#: The cases also run through the command line: the query command adds only its exit status and
#: one-line message to ``run_query``, which is the same for every case of a kind, so one or a few
#: of each kind (those pointing at the network among them) keep the suite within its time budget.
CLI_CASES = [
    case
    for case in QUERY_CASES
    if case.id
    in {
        "service-escaped",
        "service-silent",
        "service-variable-endpoint",
        "from-file",
        "from-http",
        "from-named-http",
        "update-load-http",
        "update-modify-using-http",
        "update-two-operations",
        "cross-join-count",
        "negated-path-star",
        "catastrophic-regex",
        "millions-of-rows",
        "nested-groups",
        "over-100k-characters",
    }
]
assert len(CLI_CASES) == 15, "a case named above was renamed"
EXCEPTION = {REFUSED: UnsafeQueryError, STOPPED: QueryTimeout, INVALID: QueryError}


@pytest.fixture(scope="module")
def G(article_rdf):
    return article_rdf


@cases
def test_the_library_refuses_stops_or_cuts(case, G, outside, memory):
    memory.start()
    start = time.monotonic()
    if case.outcome == CUT:
        result = run_query(G, case.query(outside), timeout=10, max_rows=MAX_ROWS)
        assert result.truncated and len(result.rows) == MAX_ROWS
    else:
        with pytest.raises(EXCEPTION[case.outcome], match=case.message):
            run_query(G, case.query(outside), timeout=TIMEOUT, max_rows=MAX_ROWS)
    assert time.monotonic() - start < CASE_SECONDS
    assert_nothing_fetched(outside)
    memory.check(f"sparql library {case.id}")


@pytest.fixture(scope="module")
def cli_answers(outside, tmp_path_factory) -> dict:
    """``CLI_CASES`` through ``concept-graph query --file`` on the article, run ahead, two at a time."""
    folder = tmp_path_factory.mktemp("hostile-queries")
    commands = []
    for case in CLI_CASES:
        path = folder / f"{case.id}.rq"
        path.write_text(case.query(outside), encoding="utf-8")
        timeout = TIMEOUT if case.outcome == STOPPED else 10
        commands.append(["query", "--file", path, "--format", "json", "--timeout", timeout, "--max-rows", MAX_ROWS])
    return dict(zip((case.id for case in CLI_CASES), run_cli_batch(commands), strict=True))


@pytest.mark.parametrize("case", CLI_CASES, ids=lambda case: case.id)
def test_the_command_line_refuses_stops_or_cuts_in_one_line(case, cli_answers, outside):
    answer = cli_answers[case.id]
    if case.outcome == CUT:
        assert answer.returncode == 0, answer.stderr[-2000:]
        result = json.loads(answer.stdout)
        assert result["truncated"] and len(result["rows"]) == MAX_ROWS
        assert answer.stderr.strip() == f"(truncated to the first {MAX_ROWS} rows)"
    else:
        assert_one_line_error(answer, case.message)
    assert_nothing_fetched(outside)


# Through the app -----------------------------------------------------------------------------------
STATUS = f"{ids.SPARQL_STATUS}.children"


def ask_the_console(client, text: str):
    values = {f"{ids.SPARQL_RUN}.n_clicks": 1, f"{ids.GRAPH}.data": None, f"{ids.SPARQL_QUERY}.value": text}
    return client.call(STATUS, values, [f"{ids.SPARQL_RUN}.n_clicks"])


@pytest.fixture
def app_graph(hostile_server):
    """The app's default graph, checked unchanged after the case."""
    with hostile_server.app.server.app_context():
        G = registry().default.graph
    before = fingerprint(G)
    yield G
    assert fingerprint(G) == before


@cases
def test_the_console_says_why_and_the_server_goes_on(case, client, app_graph, outside, memory, monkeypatch):
    if case.outcome == STOPPED:  # the server runs in this process: its 10 s limit is lowered here
        monkeypatch.setattr(console, "QUERY_TIMEOUT", TIMEOUT)
    memory.start()
    start = time.monotonic()
    response = ask_the_console(client, case.query(outside))
    assert response.status == 200, response.body[:500]
    status = response.outputs[STATUS]
    text = status if isinstance(status, str) else status["props"]["children"]
    if case.outcome == CUT:
        assert text.startswith(f"SELECT: showing the first {console.MAX_ROWS:,} rows") or text.startswith(
            f"DESCRIBE: showing the first {console.MAX_ROWS:,} triples"
        )
        assert len(response.outputs[f"{ids.SPARQL_RESULT}.data"]["rows"]) == console.MAX_ROWS
    else:
        assert status["props"]["className"] == "error"
        prefix = {REFUSED: "Refused: ", STOPPED: "Stopped: ", INVALID: "The query did not run: "}[case.outcome]
        assert text.startswith(prefix) and re.search(case.message, text), text
    assert time.monotonic() - start < CASE_SECONDS
    assert json.loads(client.get("/health").body)["status"] == "ok"
    assert_nothing_fetched(outside)
    memory.check(f"sparql app {case.id}")
