"""Read-only SPARQL: the four query forms work, everything else is refused by its parsed form,
and a query is bounded in time and memory without harm to the graph or the test process."""

import csv
import io
import subprocess
import sys
import textwrap
import threading
import time

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS
from rdflib.plugins.sparql import prepareQuery

from graph.errors import QueryError, QueryTimeout, UnsafeQueryError
from graph.sparql import (
    PARSER_LOCK,
    QueryResult,
    _run_in_child,
    check_query,
    result_to_csv,
    result_to_json,
    run_query,
)
from graph.vocab import ARTICLE
from tests.conftest import fingerprint

REJECTION = str(ARTICLE["concept/rejection"])
CROSS_JOIN_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CATASTROPHIC_REGEX = (
    'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER regex(CONCAT(STR(?o), "' + "a" * 40 + '!"), "^(a+)+$") }'
)


@pytest.fixture(scope="module")
def G(article_rdf):
    return article_rdf


def test_select_counts_concepts_with_predeclared_prefixes(G):
    result = run_query(G, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a skos:Concept }")
    assert result.form == "SELECT"
    assert result.columns == ("n",)
    assert result.rows == ((str(len(set(G.subjects(RDF.type, SKOS.Concept)))),),)
    assert not result.truncated
    assert result.boolean is None and result.triples is None


def test_select_renders_iris_in_full_literals_as_lexical_forms_and_unbound_as_none(G):
    result = run_query(
        G,
        """SELECT ?c ?label ?nothing WHERE {
             BIND(concept:rejection AS ?c) ?c skos:prefLabel ?label
             OPTIONAL { ?c cg:noSuchProperty ?nothing } }""",
    )
    label = G.value(URIRef(REJECTION), SKOS.prefLabel)
    assert result.columns == ("c", "label", "nothing")
    assert result.rows == ((REJECTION, str(label), None),)


def test_ask_follows_causal_relations(G):
    reaches = run_query(G, "ASK { concept:rejection ?p ?effect . ?p rdfs:subPropertyOf+ cg:influences }")
    assert reaches.form == "ASK" and reaches.boolean is True
    assert reaches.rows == () and reaches.columns == ()
    assert run_query(G, "ASK { concept:no-such-concept ?p ?o }").boolean is False


@pytest.mark.parametrize("form", ["CONSTRUCT", "DESCRIBE"])
def test_construct_and_describe_give_turtle_and_rows(G, form):
    text = {
        "CONSTRUCT": "CONSTRUCT { concept:rejection ?p ?o } WHERE { concept:rejection ?p ?o }",
        "DESCRIBE": "DESCRIBE concept:rejection",
    }[form]
    result = run_query(G, text)
    assert result.form == form
    assert result.columns == ("subject", "predicate", "object")
    expected = set(G.predicate_objects(URIRef(REJECTION)))
    assert {(p, o) for s, p, o in Graph().parse(data=result.triples) if str(s) == REJECTION} == expected
    assert {(p, str(o)) for s, p, o in result.rows if s == REJECTION} == {(str(p), str(o)) for p, o in expected}


def test_max_rows_truncates_and_says_so(G):
    everything = "SELECT * WHERE { ?s ?p ?o }"
    result = run_query(G, everything, max_rows=5)
    assert len(result.rows) == 5 and result.truncated
    assert not run_query(G, everything, max_rows=len(G)).truncated
    constructed = run_query(G, "CONSTRUCT WHERE { ?s ?p ?o }", max_rows=3)
    assert len(constructed.rows) == 3 and constructed.truncated
    assert len(Graph().parse(data=constructed.triples)) == 3


def test_a_dataset_is_queried_as_a_plain_graph_of_its_triples():
    from rdflib import Dataset

    data = Dataset()
    data.default_graph.add((URIRef("urn:a"), URIRef("urn:p"), Literal("x")))
    assert run_query(data, "SELECT ?o WHERE { <urn:a> <urn:p> ?o }").rows == (("x",),)


# Refused by the parsed form ------------------------------------------------------------------
UPDATES = {
    "INSERT DATA": "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE DATA": "DELETE DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE": "DELETE WHERE { ?s ?p ?o }",
    "DELETE/INSERT": "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "LOAD": "LOAD <http://127.0.0.1:{port}/x>",
    "CLEAR": "CLEAR ALL",
    "DROP": "DROP GRAPH <urn:g>",
    "CREATE": "CREATE GRAPH <urn:g>",
    "ADD": "ADD <urn:a> TO <urn:b>",
    "MOVE": "MOVE DEFAULT TO <urn:b>",
    "COPY": "COPY <urn:a> TO DEFAULT",
}


@pytest.mark.parametrize("name", UPDATES)
def test_every_update_is_refused(G, listener, name):
    port, connections = listener
    text = UPDATES[name].replace("{port}", str(port))
    with pytest.raises(UnsafeQueryError, match=rf"updates are not allowed.*\({name}\)"):
        run_query(G, text)
    time.sleep(0.05)
    assert connections == []


SERVICES = {
    "plain": "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "lower case": "select * where { service <{url}> { ?s ?p ?o } }",
    "silent": "SELECT * WHERE { ?s ?p ?o SERVICE SILENT <{url}> { ?s ?p ?o } }",
    "escaped": r"SELECT * WHERE { \u0053ERVICE <{url}> { ?s ?p ?o } }",
    "escaped 8 digits": r"SELECT * WHERE { \U00000053ervice <{url}> { ?s ?p ?o } }",
    "in OPTIONAL": "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE <{url}> { ?s ?p ?x } } }",
    "in UNION": "SELECT * WHERE { { ?s ?p ?o } UNION { SERVICE <{url}> { ?s ?p ?o } } }",
    "in FILTER EXISTS": "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <{url}> { ?s ?p ?o } } }",
    "in MINUS": "SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <{url}> { ?s ?p ?o } } }",
    "in a subquery": "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <{url}> { ?s ?p ?o } } } }",
    "in ASK": "ASK { SERVICE <{url}> { ?s ?p ?o } }",
    "in CONSTRUCT": "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "variable endpoint": "SELECT * WHERE { BIND(<{url}> AS ?e) SERVICE ?e { ?s ?p ?o } }",
}


@pytest.mark.parametrize("spelling", SERVICES)
def test_service_is_refused_in_every_spelling_and_nothing_is_contacted(G, listener, spelling):
    port, connections = listener
    text = SERVICES[spelling].replace("{url}", f"http://127.0.0.1:{port}/sparql")
    with pytest.raises(UnsafeQueryError, match="SERVICE is not allowed"):
        run_query(G, text)
    time.sleep(0.05)
    assert connections == []


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <http://127.0.0.1:9/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
        "ASK FROM <file:///etc/passwd> { ?s ?p ?o }",
        "CONSTRUCT { ?s ?p ?o } FROM <http://127.0.0.1:9/g> WHERE { ?s ?p ?o }",
    ],
)
def test_dataset_clauses_are_refused(G, text):
    with pytest.raises(UnsafeQueryError, match="FROM and FROM NAMED are not allowed"):
        run_query(G, text)


def test_the_child_cannot_reach_the_network_even_if_a_service_got_through(G, listener):
    # Defence in depth: skip the check and hand rdflib a SERVICE query; the child's audit hook
    # stops the request before any connection.
    port, connections = listener
    query = prepareQuery(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}")
    with pytest.raises(QueryError, match="not allowed while a SPARQL query runs"):
        _run_in_child(G, query, timeout=5, max_rows=10, memory_mb=256)
    time.sleep(0.05)
    assert connections == []


def test_a_syntax_error_names_its_line_and_column():
    with pytest.raises(QueryError, match=r"line 2, column 3") as caught:
        check_query("SELECT ?s WHERE {\n  ?s ?p\n}")
    assert not isinstance(caught.value, UnsafeQueryError)
    with pytest.raises(QueryError, match="line 1, column 1"):
        check_query("")


def test_an_unknown_prefix_is_a_query_error():
    with pytest.raises(QueryError, match="Unknown namespace prefix : nope"):
        check_query("SELECT * WHERE { ?s nope:p ?o }")


def test_check_query_returns_the_form():
    assert check_query("SELECT * WHERE { ?s cg:causes ?o }") == "SELECT"
    assert check_query("ASK { ?s ?p ?o }") == "ASK"
    assert check_query("CONSTRUCT WHERE { ?s ?p ?o }") == "CONSTRUCT"
    assert check_query("DESCRIBE concept:rejection") == "DESCRIBE"


def test_queries_can_be_checked_from_many_threads_at_once():
    # rdflib's pyparsing grammar fails with a TypeError when two threads parse first at the same
    # time; only a fresh interpreter shows it, the grammar is warmed up here.
    script = textwrap.dedent(
        """
        from concurrent.futures import ThreadPoolExecutor
        from graph.sparql import check_query
        queries = ["SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "ASK { ?s cg:causes ?o }",
                   "CONSTRUCT WHERE { ?s skos:prefLabel ?o }", "SELECT ?s { ?s a ?t } ORDER BY ?s"]
        with ThreadPoolExecutor(8) as pool:
            print(sorted(set(pool.map(check_query, queries * 4))))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['ASK', 'CONSTRUCT', 'SELECT']"


# Bounded in time and memory ------------------------------------------------------------------
@pytest.mark.parametrize("text", [CROSS_JOIN_COUNT, CATASTROPHIC_REGEX], ids=["cross-join", "regex"])
def test_a_runaway_query_is_stopped_at_its_deadline(G, text):
    start = time.monotonic()
    with pytest.raises(QueryTimeout, match="query stopped after 2 s"):
        run_query(G, text, timeout=2)
    assert time.monotonic() - start < 6


def test_a_query_over_its_memory_cap_fails_cleanly(G):
    start = time.monotonic()
    with pytest.raises(QueryTimeout, match="memory"):
        run_query(
            G,
            "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c",
            timeout=25,
            memory_mb=32,
        )
    assert time.monotonic() - start < 25  # stopped by memory, not by the clock
    assert run_query(G, "ASK { ?s ?p ?o }").boolean is True  # and the process goes on


def test_the_graph_is_unchanged_by_refused_stopped_and_failed_queries(G):
    before = fingerprint(G)
    for text in (UPDATES["INSERT DATA"], UPDATES["CLEAR"], SERVICES["plain"]):
        with pytest.raises(UnsafeQueryError):
            run_query(G, text.replace("{url}", "http://127.0.0.1:9/"))
    with pytest.raises(QueryTimeout):
        run_query(G, CROSS_JOIN_COUNT, timeout=0.5)
    assert fingerprint(G) == before


# Output --------------------------------------------------------------------------------------
def test_result_to_csv_writes_a_header_and_rows(G):
    result = run_query(G, "SELECT ?s ?o WHERE { ?s skos:prefLabel ?o } ORDER BY ?s", max_rows=3)
    rows = list(csv.reader(io.StringIO(result_to_csv(result))))
    assert rows[0] == ["s", "o"]
    assert rows[1:] == [list(row) for row in result.rows]
    ask = QueryResult("ASK", (), (), False, True, None)
    assert result_to_csv(ask) == "boolean\ntrue\n"
    unbound = QueryResult("SELECT", ("a", "b"), (("x", None),), False, None, None)
    assert result_to_csv(unbound) == "a,b\nx,\n"


def test_result_to_json_is_plain_data():
    result = QueryResult("SELECT", ("a",), (("x",), (None,)), True, None, None)
    assert result_to_json(result) == {
        "form": "SELECT",
        "columns": ["a"],
        "rows": [["x"], [None]],
        "truncated": True,
        "boolean": None,
        "triples": None,
    }


def test_a_query_that_takes_long_to_parse_is_stopped_at_its_deadline(G):
    # rdflib's parser needs tens of seconds for thousands of FILTERs: that too runs in the child
    text = "SELECT * WHERE { ?s ?p ?o " + "FILTER(?o != 1) " * 6000 + "}"
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="stopped after 1 s"):
        run_query(G, text, timeout=1)
    assert time.monotonic() - started < 5


def test_a_query_runs_while_another_thread_holds_the_parser(G):
    answers = []
    with PARSER_LOCK:  # another request parsing, in this process, when the child is forked
        worker = threading.Thread(target=lambda: answers.append(run_query(G, "ASK { ?s ?p ?o }", timeout=5)))
        worker.start()
        worker.join(10)
    assert answers and answers[0].boolean is True
