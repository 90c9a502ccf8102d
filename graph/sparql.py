"""Read-only SPARQL that cannot hurt the machine.

A query is parsed with rdflib's parser and refused by its parsed form (never by keyword search,
which ``\\u0053ERVICE`` defeats): SPARQL Update, ``SERVICE`` anywhere in the algebra, and
``FROM`` / ``FROM NAMED`` dataset clauses. What passes runs in a forked child process
(``graph.sandbox``), because neither rdflib nor pyoxigraph can be stopped from a thread: a cross
join or a catastrophic regex runs on for minutes. The child has a memory cap and no network, and
the parent kills it at the deadline. Results come back as plain strings, at most ``max_rows`` of
them.

Project prefixes (``cg:``, ``concept:``, ``skos:`` ...) are predeclared.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import threading
from dataclasses import dataclass
from typing import Any

import rdflib.plugins.sparql
from pyparsing import ParseBaseException, ParseResults
from rdflib import BNode, Graph
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query

from .errors import QueryError, QueryTimeout, ResourceLimitError, SandboxError, UnsafeQueryError
from .sandbox import confined, run_limited
from .vocab import PREFIXES, bind_prefixes

__all__ = [
    "MAX_QUERY_LENGTH",
    "PARSER_LOCK",
    "check_query_confined",
    "QueryResult",
    "check_query",
    "run_query",
    "result_to_csv",
    "result_to_json",
]

#: Longer query texts are refused before parsing: the parser runs in this process, unbounded.
MAX_QUERY_LENGTH = 100_000

_FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}
_UPDATES = {
    "Load": "LOAD",
    "Clear": "CLEAR",
    "Drop": "DROP",
    "Create": "CREATE",
    "Add": "ADD",
    "Move": "MOVE",
    "Copy": "COPY",
    "InsertData": "INSERT DATA",
    "DeleteData": "DELETE DATA",
    "DeleteWhere": "DELETE WHERE",
    "Modify": "DELETE/INSERT",
}
_TRIPLE_COLUMNS = ("subject", "predicate", "object")
_MAX_MESSAGE = 500
# rdflib's pyparsing grammar is not thread-safe (its parse actions learn their arity on first
# use, and two threads parsing at once fail with a TypeError); a parse takes about 2 ms.
PARSER_LOCK = threading.Lock()


@dataclass(frozen=True)
class QueryResult:
    """The answer to a query, as plain data.

    Attributes
    ----------
    form : str
        "SELECT", "ASK", "CONSTRUCT" or "DESCRIBE".
    columns : tuple of str
        Variable names (SELECT), ``("subject", "predicate", "object")`` (CONSTRUCT, DESCRIBE),
        empty for ASK.
    rows : tuple of tuples
        Values as strings: an IRI as its full IRI, a literal as its lexical form, a blank node as
        ``_:id``; ``None`` where a variable is unbound.
    truncated : bool
        More than ``max_rows`` rows (or triples) existed; only the first ``max_rows`` are here.
    boolean : bool or None
        The answer of an ASK query.
    triples : str or None
        The result graph of CONSTRUCT or DESCRIBE as Turtle (the same triples as ``rows``).
    """

    form: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str | None, ...], ...]
    truncated: bool
    boolean: bool | None
    triples: str | None


def check_query(text: str) -> str:
    """Parse a SPARQL query and return its form, refusing anything that is not a pure read.

    Parameters
    ----------
    text : str
        The query. Project prefixes (``graph.vocab.PREFIXES``) need no declaration.

    Returns
    -------
    str
        "SELECT", "ASK", "CONSTRUCT" or "DESCRIBE".

    Raises
    ------
    UnsafeQueryError
        For SPARQL Update, for ``SERVICE`` anywhere in the query, and for ``FROM`` or
        ``FROM NAMED``.
    QueryError
        For a syntax error (with its line and column) or an unknown prefix.

    Examples
    --------
    >>> check_query("ASK { ?s cg:causes ?o }")
    'ASK'
    >>> check_query("DROP ALL")
    Traceback (most recent call last):
    ...
    graph.errors.UnsafeQueryError: updates are not allowed: this is a SPARQL Update (DROP)
    """
    return _FORMS[_prepare(text).algebra.name]


def check_query_confined(text: str, *, timeout: float = 10.0) -> str:
    """``check_query`` in a confined child, stopped at ``timeout``: rdflib's parser takes tens of
    seconds on some texts well within the length limit (thousands of FILTERs, say), which must
    not hold a server thread. For queries that another engine (a store, an endpoint) runs.

    >>> check_query_confined("SELECT * WHERE { ?s ?p ?o }")
    'SELECT'
    """
    _check_length(text)
    if confined():
        return check_query(text)
    try:
        return run_limited(check_query, text, timeout=timeout, memory_mb=512, name="query check")
    except ResourceLimitError as err:
        raise QueryTimeout(f"query {err.detail}") from err


def run_query(
    graph: Graph,
    text: str,
    *,
    timeout: float = 10.0,
    max_rows: int = 10_000,
    memory_mb: int = 1024,
) -> QueryResult:
    """Run a read-only SPARQL query on ``graph`` in a child process bounded in time and memory.

    Parameters
    ----------
    graph : rdflib.Graph
        The graph to query; it is never modified. A ``Dataset`` or ``ConjunctiveGraph`` is
        queried as a plain ``Graph`` of its triples.
    text : str
        The query, checked by ``check_query`` first.
    timeout : float
        Seconds before the child is killed.
    max_rows : int
        The most rows (or triples) returned; ``truncated`` tells when there were more.
    memory_mb : int
        Megabytes of address space the query may add to what the process already maps.

    Returns
    -------
    QueryResult

    Raises
    ------
    UnsafeQueryError, QueryError
        As ``check_query``; ``QueryError`` also when the query fails while running.
    QueryTimeout
        When the query was stopped at its deadline or ran out of memory.

    Examples
    --------
    >>> from rdflib import Graph, URIRef
    >>> G = Graph()
    >>> G.add((URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:b")))  # doctest: +ELLIPSIS
    <Graph ...>
    >>> run_query(G, "SELECT ?o WHERE { <urn:a> ?p ?o }").rows
    (('urn:b',),)
    """
    if not isinstance(graph, Graph):
        raise TypeError(f"run_query needs an rdflib Graph, not {type(graph).__name__}")
    if timeout <= 0 or max_rows < 1 or memory_mb < 1:
        raise ValueError("timeout, max_rows and memory_mb must be positive")
    _check_length(text)
    # Parsed in the child too, within the deadline: rdflib's parser takes tens of seconds on
    # some texts well within the length limit (thousands of FILTERs, say).
    return _run_in_child(graph, text, timeout=timeout, max_rows=max_rows, memory_mb=memory_mb)


def result_to_csv(result: QueryResult) -> str:
    """The result as CSV: a header of column names, then one line per row.

    An ASK result is one column, ``boolean``, holding ``true`` or ``false``; an unbound value is
    an empty field.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if result.form == "ASK":
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
    else:
        writer.writerow(result.columns)
        writer.writerows(["" if value is None else value for value in row] for row in result.rows)
    return out.getvalue()


def result_to_json(result: QueryResult) -> dict[str, Any]:
    """The result as a JSON-ready dict with the fields of ``QueryResult`` (rows as lists)."""
    return {
        "form": result.form,
        "columns": list(result.columns),
        "rows": [list(row) for row in result.rows],
        "truncated": result.truncated,
        "boolean": result.boolean,
        "triples": result.triples,
    }


# Checking ------------------------------------------------------------------------------------
def _check_length(text: str) -> None:
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(f"the query is {len(text):,} characters long; the limit is {MAX_QUERY_LENGTH:,}")


def _prepare(text: str) -> Query:
    """Parse and translate ``text``, refusing updates, SERVICE and dataset clauses; under
    ``PARSER_LOCK``, except in a confined child (which has one thread, and whose copy of the
    lock stays locked for good when another thread held it at the fork)."""
    _check_length(text)
    with contextlib.nullcontext() if confined() else PARSER_LOCK:
        query = _parse(text)
    if query.algebra.get("datasetClause"):
        raise UnsafeQueryError("FROM and FROM NAMED are not allowed: a query reads the loaded graph only")
    if any(node.name == "ServiceGraphPattern" for node in _nodes(query.algebra)):
        raise UnsafeQueryError("SERVICE is not allowed: a query never contacts another endpoint")
    return query


def _parse(text: str) -> Query:
    try:
        parsed = parseQuery(text)
    except ParseBaseException as err:
        _refuse_update(text)
        found = f", found {err.found}" if err.found else ", found the end of the query"
        raise QueryError(f"SPARQL syntax error at line {err.lineno}, column {err.col}: {err.msg}{found}") from err
    except RecursionError as err:
        # rdflib's grammar recurses once per triple pattern of a block: about 40 fit
        raise QueryError(
            "the query is too deeply nested, or has too many triple patterns in one block, for "
            "the SPARQL parser; split long blocks into { ... } groups"
        ) from err
    try:
        return translateQuery(parsed, initNs=PREFIXES)
    except Exception as err:  # rdflib raises a bare Exception for an unknown prefix
        raise QueryError(f"invalid query: {_short(err)}") from err


def _refuse_update(text: str) -> None:
    """Raise ``UnsafeQueryError`` when ``text``, which is no query, parses as an update."""
    try:
        update = parseUpdate(text)
    except (ParseBaseException, RecursionError):
        return
    operations = [op.name for op in update["request"]] if "request" in update else []
    if operations:  # an empty text or a lone PREFIX parses as an empty update
        names = ", ".join(dict.fromkeys(_UPDATES.get(name, name) for name in operations))
        raise UnsafeQueryError(f"updates are not allowed: this is a SPARQL Update ({names})")


def _nodes(node):
    """Every ``CompValue`` in a parse tree or algebra, however deeply nested."""
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list | tuple | ParseResults):
        for item in node:
            yield from _nodes(item)


# Running -------------------------------------------------------------------------------------
def _run_in_child(graph: Graph, query: Query | str, *, timeout: float, max_rows: int, memory_mb: int) -> QueryResult:
    """Evaluate ``query`` (a query text, checked in the child, or an already checked query) in a
    confined child process (``graph.sandbox``)."""
    try:
        return run_limited(
            _evaluate, graph, query, max_rows, timeout=timeout, memory_mb=memory_mb, name="a SPARQL query"
        )
    except ResourceLimitError as err:
        raise QueryTimeout(f"query {err.detail}") from None
    except SandboxError as err:
        raise QueryError(f"the query failed: {err}") from None


def _evaluate(graph: Graph, query: Query | str, max_rows: int) -> QueryResult:
    """Run in the child: check ``query`` if it is a text, evaluate it, keep at most ``max_rows``
    rows."""
    if isinstance(query, str):
        query = _prepare(query)
    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
    if type(graph) is not Graph:
        # A Dataset or ConjunctiveGraph would resolve FROM and GRAPH against other (possibly
        # remote) graphs; a plain graph of the same triples cannot.
        plain = Graph()
        plain += graph.triples((None, None, None))
        graph = plain
    # The store's own engine (oxrdflib's, say) would bypass this module's checks and limits.
    result = graph.query(query, use_store_provided=False)
    form = _FORMS[query.algebra.name]
    if form == "ASK":
        return QueryResult(form, (), (), False, bool(result.askAnswer), None)
    if form == "SELECT":
        columns = tuple(str(var) for var in result.vars)
        rows = [tuple(map(_text, row)) for row in itertools.islice(result, max_rows + 1)]
        return QueryResult(form, columns, tuple(rows[:max_rows]), len(rows) > max_rows, None, None)
    triples = list(itertools.islice(result.graph, max_rows + 1))
    kept = bind_prefixes(Graph())
    kept += triples[:max_rows]
    rows = tuple(tuple(_text(term) for term in triple) for triple in sorted(kept))
    return QueryResult(form, _TRIPLE_COLUMNS, rows, len(triples) > max_rows, None, kept.serialize(format="turtle"))


def _text(term) -> str | None:
    if term is None:
        return None
    if isinstance(term, BNode):
        return term.n3()
    return str(term)  # an IRI in full, a literal's lexical form


def _short(err: BaseException) -> str:
    text = str(err) or type(err).__name__
    return text if len(text) <= _MAX_MESSAGE else text[:_MAX_MESSAGE] + "..."
