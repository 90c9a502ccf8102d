"""Fuzzing with hypothesis: uploaded bytes, SPARQL text and callback payloads. Whatever arrives,
the library answers or raises one of the project's errors, nothing is contacted, and the app
never answers 500 from the project's own code.

Examples are few and deadlines generous (every upload and query forks a confined child): the
whole module runs in well under 30 s. Dash itself answers 500 to payloads whose structure it
cannot read (a missing ``output``, an input list of the wrong length): those are counted apart
from the project's (an exception whose traceback passes through ``graph/``) and do not fail.
"""

from __future__ import annotations

import contextlib
import json
import traceback
from pathlib import Path

import flask
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from graph.errors import ConceptGraphError
from graph.load import parse_rdf
from graph.sparql import check_query, run_query
from graph.upload import ACCEPTED_EXTENSIONS, load_upload
from graph.web import ids

from .conftest import CONCEPTS, DASH_500S, FINDINGS, assert_nothing_fetched, hostile_app

PROJECT = str(Path(__file__).resolve().parents[2] / "graph")
FUZZ = settings(
    max_examples=25,
    deadline=None,  # bounded instead by each call's own limits, asserted below
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SEEDS = {
    ".ttl": CONCEPTS,
    ".nt": Graph().parse(data=CONCEPTS, format="turtle").serialize(format="nt", encoding="utf-8"),
    ".jsonld": Graph().parse(data=CONCEPTS, format="turtle").serialize(format="json-ld", encoding="utf-8"),
    ".rdf": Graph().parse(data=CONCEPTS, format="turtle").serialize(format="xml", encoding="utf-8"),
}
QUERIES = [
    "SELECT ?c ?label WHERE { ?c skos:prefLabel ?label } ORDER BY ?label LIMIT 5",
    "ASK { concept:rejection cg:influences+ concept:isolation }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s cg:causes ?o BIND(cg:causes AS ?p) }",
    "DESCRIBE concept:rejection",
    "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    'SELECT ?s WHERE { ?s ?p ?o FILTER regex(STR(?o), "^(a|aa)+$", "i") } LIMIT 3',
]


@st.composite
def mutated(draw, seed: bytes) -> bytes:
    """``seed`` with a few bytes replaced, inserted or deleted, or cut short."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["replace", "insert", "delete", "cut"]))
        byte = draw(st.sampled_from(b'<>"{}[]():;.,@#\\ \n\x00\xff&!'))
        if kind == "replace" and at < len(data):
            data[at] = byte
        elif kind == "insert":
            data[at:at] = bytes([byte]) * draw(st.integers(1, 3))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 8))]
        elif kind == "cut":
            del data[at:]
    return bytes(data)


def seeded(extension: str):
    return st.one_of(mutated(SEEDS[extension]), st.binary(max_size=300))


# Uploaded bytes ------------------------------------------------------------------------------------
@FUZZ
@given(content=st.binary(max_size=2_000), extension=st.sampled_from(ACCEPTED_EXTENSIONS))
def test_random_bytes_upload_or_fail_cleanly(content, extension):
    try:
        load_upload(content, "fuzz" + extension, max_bytes=10_000, timeout=5, memory_mb=256)
    except ConceptGraphError as err:
        assert str(err).startswith("fuzz" + extension) or "no concepts" in str(err), err


@settings(FUZZ, max_examples=300)
@given(data=st.data(), extension=st.sampled_from(sorted(SEEDS)))
def test_mutated_documents_parse_or_fail_cleanly(data, extension):
    # in this process: a few hundred bytes cannot nest deep enough to hurt the parser
    content = data.draw(seeded(extension))
    try:
        parse_rdf(content, name="fuzz" + extension)
    except ConceptGraphError as err:
        assert str(err).startswith("fuzz" + extension), err


@FUZZ
@given(data=st.data(), extension=st.sampled_from(sorted(SEEDS)))
def test_mutated_uploads_load_or_fail_cleanly(data, extension):
    content = data.draw(mutated(SEEDS[extension]))
    try:
        concept_graph = load_upload(content, "fuzz" + extension, max_bytes=10_000, timeout=5, memory_mb=256)
    except ConceptGraphError:
        return
    assert concept_graph.concepts


# SPARQL text ------------------------------------------------------------------------------------------
@settings(FUZZ, max_examples=300)
@given(text=st.one_of(st.text(max_size=200), st.sampled_from(QUERIES).flatmap(lambda q: mutated(q.encode()))))
def test_query_text_is_checked_or_refused_cleanly(text):
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    with contextlib.suppress(ConceptGraphError):
        assert check_query(text) in {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}


@FUZZ
@given(text=st.sampled_from(QUERIES).flatmap(lambda q: mutated(q.encode())))
def test_mutated_queries_run_or_fail_cleanly_and_contact_nothing(text, article_graph, outside):
    query = text.decode("utf-8", "replace").replace("127.0.0.1:1/", f"127.0.0.1:{outside[0]}/")
    with contextlib.suppress(ConceptGraphError):
        run_query(article_graph.graph, query, timeout=3, max_rows=50, memory_mb=512)
    assert_nothing_fetched(outside)


# Callback payloads --------------------------------------------------------------------------------
HOSTILE_STRINGS = st.sampled_from(
    ["", "x" * 100_000, "<script>alert(1)</script>", "javascript:alert(1)", "?\x00&=%ff", "\u202e", "-1", "None"]
)
JUNK = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False),
        st.text(max_size=20),
        HOSTILE_STRINGS,
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=6,
)
CALLBACKS = [
    pytest.param(
        output,
        id=output.strip(".").split("@")[0][:40],
    )
    for output, callback in sorted(hostile_app().callback_map.items())
    if "callback" in callback  # the server's own (clientside callbacks run in the page only)
]


@pytest.fixture(scope="module")
def exceptions(hostile_server):
    """Every exception a request to the app raised, as the app's Flask signal reports it."""
    found = []

    def record(sender, exception, **extra):
        found.append(exception)

    flask.got_request_exception.connect(record, hostile_server.app.server, weak=False)
    yield found
    flask.got_request_exception.disconnect(record, hostile_server.app.server)


def project_frames(exception: BaseException) -> list[str]:
    return [
        f"{frame.filename}:{frame.lineno} in {frame.name}"
        for frame in traceback.extract_tb(exception.__traceback__)
        if frame.filename.startswith(PROJECT)
    ]


def pattern_entries(key: str, draw) -> list:
    """Entries for a wildcard (``ALL``) input: a list of concrete ids, each with a value."""
    component, prop = key.rsplit(".", 1)
    shape = json.loads(component)
    return [
        {"id": {k: draw(JUNK) if v == ["ALL"] else v for k, v in shape.items()}, "property": prop, "value": draw(JUNK)}
        for _ in range(draw(st.integers(0, 2)))
    ]


@pytest.mark.parametrize("output", CALLBACKS)
@settings(FUZZ, max_examples=8, phases=[Phase.explicit, Phase.generate])  # no shrinking: the frame says it
@given(data=st.data())
def test_random_payloads_never_get_a_500_from_the_project(output, data, client, exceptions):
    callback = next(c for c in client.callbacks if c.output == output)
    payload = client.payload(callback, {key: data.draw(JUNK) for key in callback.inputs + callback.state})
    for part in ("inputs", "state"):
        for entry, key in zip(payload[part], callback.inputs if part == "inputs" else callback.state, strict=True):
            if '["ALL"]' in key:
                entry.clear()
                entry["list"] = pattern_entries(key, data.draw)
        payload[part] = [entry.get("list", entry) for entry in payload[part]]
    if any('["ALL"]' in f"{i}" for i, _ in callback.outputs):
        payload["outputs"] = [[] if '["ALL"]' in i else {"id": i, "property": p} for i, p in callback.outputs]
    payload["changedPropIds"] = data.draw(st.lists(st.sampled_from(callback.inputs), max_size=2, unique=True))
    if data.draw(st.booleans()) and payload["inputs"]:  # a missing input, or junk in its place
        payload["inputs"].pop(data.draw(st.integers(0, len(payload["inputs"]) - 1)))
    exceptions.clear()
    response = client.post("/_dash-update-component", json.dumps(payload).encode())
    assert response.status in (200, 204, 500), response.status
    if response.status == 500:
        (exception,) = exceptions
        frames = project_frames(exception)
        if frames:
            FINDINGS[
                f"{type(exception).__name__}: {str(exception)[:80]} at {frames[-1].replace(PROJECT, 'graph')}"
            ] += 1
        assert not frames, f"{type(exception).__name__}: {exception} at {frames[-1]}"
        DASH_500S[type(exception).__name__] += 1
    assert json.loads(client.get("/health").body)["status"] == "ok"


def test_dash_answers_500_to_unreadable_payloads_outside_the_project(client, exceptions):
    """What Dash does with a payload it cannot read, before any callback of the project runs."""
    exceptions.clear()
    for body in (b"[1]", b'{"output": "nope"}', b"{}", b"not json"):
        response = client.post("/_dash-update-component", body)
        assert response.status in (400, 500)
    assert exceptions and not any(project_frames(exception) for exception in exceptions)


def test_the_upload_callback_explains_a_malformed_file_payload(client):
    """The project's own callbacks check what they read: a file payload of the wrong shape gets a message."""
    for file in ({"contents": 5, "filename": ["a"]}, {"filename": "a.ttl"}, "data:,x", [1, 2]):
        response = client.call(
            f"{ids.GRAPH}.data", {f"{ids.GRAPH_UPLOAD_FILE}.data": file}, [f"{ids.GRAPH_UPLOAD_FILE}.data"]
        )
        assert response.status == 200, response.body[:300]
        status = response.outputs[f"{ids.GRAPH_UPLOAD_STATUS}.children"]
        assert status["props"]["className"] == "error"
        assert "could not be read" in status["props"]["children"]
