"""A SPARQL endpoint that is down, hangs, or answers garbage: the library raises an error naming
the endpoint, the command line prints it on one line, the running explorer says it in the page,
and once the endpoint answers again the same explorer works, without a restart.

The faults come from ``FakeEndpoint``, which passes requests on to a real Oxigraph server while
it is "ok" and fails as told otherwise.
"""

import re

import pytest

from graph.backends import SparqlBackend
from graph.sources import EndpointError, EndpointSource
from graph.web import create_app, ids
from graph.web.large import EXPAND, LARGE_QUERY, LARGE_QUERY_RESULT, LARGE_QUERY_RUN, STATUS
from tests.conftest import run_cli
from tests.dash_http import texts
from tests.faults.callbacks import fire
from tests.servers import FakeEndpoint, free_port

REJECTION = "https://w3id.org/concept-graph/withdrawal/concept/rejection"
MAX_BYTES = 256 * 1024
TIMEOUT = 0.5
#: Each fault and the words of its message (after "the SPARQL endpoint URL").
FAULTS = {
    "hang": "did not answer: timed out",
    "garbage": "did not send SPARQL JSON results",
    "wrong-json": "sent malformed SELECT results|sent a malformed ASK result",
    "error": "answered 500: internal error",
    "truncated": r"sent 51 of the 1,000 bytes it announced \(the connection was cut\)",
    "huge": "sent more than 262,144 bytes",
    "reset": "did not answer: Remote end closed connection without response",
}


@pytest.fixture(scope="module")
def fake(upstream):
    endpoint = FakeEndpoint("ok", upstream=upstream.url, delay=TIMEOUT + 1, huge_bytes=MAX_BYTES + 1)
    yield endpoint
    endpoint.stop()


@pytest.fixture
def healthy(fake):
    fake.behaviour = "ok"
    yield fake
    fake.behaviour = "ok"


def backend_of(url: str) -> SparqlBackend:
    return SparqlBackend(EndpointSource(url, timeout=TIMEOUT, max_bytes=MAX_BYTES))


def expected(url: str, fault: str) -> re.Pattern:
    return re.compile(f"the SPARQL endpoint {re.escape(url)} ({FAULTS[fault]})")


# The library -----------------------------------------------------------------------------------
@pytest.mark.parametrize("fault", list(FAULTS))
def test_the_library_names_the_endpoint_and_the_fault_then_answers_again(healthy, fault):
    backend = backend_of(healthy.url)
    healthy.behaviour = fault
    for ask in (lambda: backend.search("rejection"), lambda: backend.neighbourhood(REJECTION)):
        with pytest.raises(EndpointError, match=expected(healthy.url, fault)):
            ask()
    healthy.behaviour = "ok"
    assert [c.label for c in backend.search("rejection")][:1] == ["Rejection"]


def test_an_endpoint_that_is_down_is_named_and_its_return_is_noticed(upstream):
    backend = backend_of(upstream.url)
    assert backend.resolve("isolation").label == "Isolation"
    upstream.stop()
    try:
        with pytest.raises(EndpointError, match=f"the SPARQL endpoint {upstream.url} did not answer: .*refused"):
            backend.neighbourhood(REJECTION)
    finally:
        upstream.start()  # same port: the same backend object must find it again
    assert REJECTION in backend.neighbourhood(REJECTION).graph


def test_an_explorer_cannot_open_on_an_endpoint_that_is_down():
    url = f"http://127.0.0.1:{free_port()}/sparql"
    with pytest.raises(EndpointError, match=f"the SPARQL endpoint {re.escape(url)} did not answer"):
        create_app(backend=backend_of(url))


# The command line ------------------------------------------------------------------------------
@pytest.mark.parametrize("fault", ["down", "garbage", "truncated"])
def test_the_command_line_prints_one_line_naming_the_endpoint(healthy, fault):
    url = f"http://127.0.0.1:{free_port()}/sparql" if fault == "down" else healthy.url
    healthy.behaviour = "ok" if fault == "down" else fault
    result = run_cli("neighbours", "rejection", "--endpoint", url)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    message = "did not answer: .*refused" if fault == "down" else FAULTS[fault]
    assert re.fullmatch(f"Error: the SPARQL endpoint {re.escape(url)} ({message})\n", result.stderr), result.stderr


# The running explorer --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def explorer(fake):
    fake.behaviour = "ok"
    return create_app(backend=backend_of(fake.url))


def expand(app) -> str:
    """Expand the neighbourhood of the selected concept (rejection); the status line."""
    code, out = fire(
        app,
        f"{STATUS}.children",
        {f"{EXPAND}.n_clicks": 1, f"{ids.SELECTION}.data": {"kind": "concept", "id": REJECTION}},
        f"{EXPAND}.n_clicks",
    )
    assert code == 200
    return out[f"{STATUS}.children"]


def suggestions(app, text: str) -> list[dict]:
    code, out = fire(app, f"{ids.SEARCH}.options", {f"{ids.SEARCH}.search_value": text}, f"{ids.SEARCH}.search_value")
    assert code == 200
    return out[f"{ids.SEARCH}.options"]


def details(app) -> str:
    selection = {"kind": "concept", "id": REJECTION}
    code, out = fire(app, f"{ids.DETAILS}.children", {f"{ids.SELECTION}.data": selection}, f"{ids.SELECTION}.data")
    assert code == 200
    return " ".join(texts(out[f"{ids.DETAILS}.children"]))


def query(app) -> str:
    values = {f"{LARGE_QUERY_RUN}.n_clicks": 1, f"{LARGE_QUERY}.value": "ASK { ?s ?p ?o }"}
    code, out = fire(app, f"{LARGE_QUERY_RESULT}.children", values, f"{LARGE_QUERY_RUN}.n_clicks")
    assert code == 200
    return " ".join(texts(out[f"{LARGE_QUERY_RESULT}.children"]))


def assert_answers(app) -> None:
    assert re.fullmatch(r"Showing \d+ concepts\.", expand(app))
    assert suggestions(app, "rejection")[0] == {"label": "Rejection", "value": REJECTION}
    assert details(app).startswith("Rejection")
    assert query(app) == "true"


@pytest.mark.parametrize("fault", list(FAULTS))
def test_the_explorer_says_what_failed_and_answers_again_without_a_restart(explorer, healthy, fault):
    assert_answers(explorer)
    healthy.behaviour = fault
    message = expected(healthy.url, fault)
    status = expand(explorer)
    assert status.startswith("The graph could not be read: ") and message.search(status), status
    (option,) = suggestions(explorer, "rejection")
    assert option["disabled"] and option["label"].startswith("Search failed: ") and message.search(option["label"])
    if fault != "hang":  # the others fail at once; a hang costs a timeout per question
        assert message.search(details(explorer))
        assert message.search(query(explorer))
    healthy.behaviour = "ok"
    assert_answers(explorer)


def test_the_explorer_outlives_its_endpoint_going_down_and_coming_back(upstream):
    app = create_app(backend=backend_of(upstream.url))
    assert_answers(app)
    upstream.stop()
    try:
        status = expand(app)
        assert re.fullmatch(
            f"The graph could not be read: the SPARQL endpoint {upstream.url} did not answer: .*", status
        )
        assert "refused" in status
    finally:
        upstream.start()
    assert_answers(app)
