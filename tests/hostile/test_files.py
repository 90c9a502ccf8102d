"""Hostile files, each tried as an upload (the library), as a local file (the library and the
command line) and through the running app's upload callback: a clear message naming the file (or
a safe load), nothing fetched, the session's graph kept, the server answering, memory bounded."""

from __future__ import annotations

import base64
import json
import re
import time

import pytest

from graph.errors import ConceptGraphError, ParseError
from graph.load import load_concept_graph
from graph.upload import load_upload
from graph.web import ids
from tests.dash_http import texts as _texts

from .conftest import (
    CASE_SECONDS,
    CONCEPTS,
    FILE_CASES,
    LOADS,
    UPLOAD_LIMIT,
    assert_nothing_fetched,
    assert_one_line_error,
    run_cli_batch,
)

UPLOAD_FILE = f"{ids.GRAPH_UPLOAD_FILE}.data"
STATUS = f"{ids.GRAPH_UPLOAD_STATUS}.children"
CURRENT = f"{ids.GRAPH_CURRENT}.children"
cases = pytest.mark.parametrize("case", FILE_CASES, ids=lambda case: case.id)
local_cases = pytest.mark.parametrize(
    "case",
    [
        pytest.param(case, marks=pytest.mark.skip(reason=case.why)) if not case.local_checked else case
        for case in FILE_CASES
    ],
    ids=lambda case: case.id,
)


def content_of(case, outside) -> bytes:
    port, _ = outside
    return case.make(f"http://127.0.0.1:{port}")


def labels(concept_graph) -> set[str]:
    return {concept.label for concept in concept_graph.concepts.values()}


@cases
def test_an_upload_gets_a_clear_message_or_loads_safely(case, outside, memory):
    content = content_of(case, outside)
    memory.start()
    start = time.monotonic()
    if case.upload == LOADS:
        assert labels(load_upload(content, case.filename, max_bytes=UPLOAD_LIMIT)) == {"Alpha", "Beta"}
    else:
        with pytest.raises(ParseError, match=case.upload) as caught:
            load_upload(content, case.filename, max_bytes=UPLOAD_LIMIT)
        assert str(caught.value).startswith(case.filename), "the message names the file first"
        assert len(str(caught.value)) < 400
    assert time.monotonic() - start < CASE_SECONDS
    assert_nothing_fetched(outside)
    memory.check(f"upload {case.id}")


@local_cases
def test_a_local_file_gets_a_clear_message_or_loads_safely(case, outside, memory, tmp_path):
    path = tmp_path / case.filename
    path.write_bytes(content_of(case, outside))
    memory.start()
    start = time.monotonic()
    if case.expected_local == LOADS:
        assert {"Alpha", "Beta"} <= labels(load_concept_graph([path]))
    else:
        with pytest.raises(ConceptGraphError, match=case.expected_local):
            load_concept_graph([path])
    assert time.monotonic() - start < CASE_SECONDS
    assert_nothing_fetched(outside)
    memory.check(f"local {case.id}")


@pytest.fixture(scope="module")
def cli_results(outside, tmp_path_factory) -> dict:
    """Every local case through the command line, run ahead (two at a time): ``stats --data``
    for all (the way every command opens a file), and ``validate`` (SHACL) for those that load."""
    folder = tmp_path_factory.mktemp("hostile-files")
    commands, keys = [], []
    for case in FILE_CASES:
        if not case.local_checked:
            continue
        path = folder / case.id / case.filename
        path.parent.mkdir()
        path.write_bytes(content_of(case, outside))
        commands.append(["stats", "--data", path, "--format", "json"])
        keys.append((case.id, "stats", path))
        if case.expected_local == LOADS:
            commands.append(["validate", path])
            keys.append((case.id, "validate", path))
    results = run_cli_batch(commands)
    return {(case_id, command): (path, result) for (case_id, command, path), result in zip(keys, results, strict=True)}


@local_cases
def test_the_command_line_says_what_is_wrong_in_one_line(case, cli_results, outside):
    path, counted = cli_results[case.id, "stats"]
    if case.expected_local == LOADS:
        assert counted.returncode == 0, counted.stderr[-2000:]
        assert json.loads(counted.stdout)  # counts, as JSON
        _, validated = cli_results[case.id, "validate"]
        assert "Traceback" not in validated.stderr
        assert validated.returncode in (0, 1) and "onform" in validated.stdout  # a SHACL report
    else:
        assert_one_line_error(counted, case.expected_local)
        assert str(path) in counted.stderr  # named by the path it was given
    assert_nothing_fetched(outside)


# Through the app ----------------------------------------------------------------------------------
def data_url(content: bytes) -> str:
    return "data:application/octet-stream;base64," + base64.b64encode(content).decode()


def upload(client, content: bytes, filename: str):
    file = {"contents": data_url(content), "filename": filename}
    return client.call(f"{ids.GRAPH}.data", {UPLOAD_FILE: file, f"{ids.GRAPH_BACK}.n_clicks": 0}, [UPLOAD_FILE])


def current(client, token) -> str:
    response = client.call(CURRENT, {f"{ids.GRAPH}.data": token})
    assert response.status == 200, response.body[:500]
    return "".join(_texts(response.outputs[CURRENT]))


@pytest.fixture(scope="module")
def session(client) -> str:
    """A session that explores its own upload: hostile uploads must leave it as it is."""
    response = upload(client, CONCEPTS, "mine.ttl")
    token = response.outputs[f"{ids.GRAPH}.data"]
    assert current(client, token).startswith("mine.ttl: 2 concepts")
    return token


@cases
def test_the_app_shows_the_message_and_keeps_the_session_graph(case, client, session, outside, memory):
    content = content_of(case, outside)
    memory.start()
    start = time.monotonic()
    response = upload(client, content, case.filename)
    assert response.status == 200, response.body[:500]
    outputs = response.outputs
    if case.upload == LOADS:
        assert outputs[STATUS].startswith(f"Loaded {case.filename}: 2 concepts")
        assert current(client, outputs[f"{ids.GRAPH}.data"]).startswith(f"{case.filename}: 2 concepts")
    else:
        assert f"{ids.GRAPH}.data" not in outputs, "a refused upload leaves the session's graph"
        assert outputs[STATUS]["props"]["className"] == "error"
        assert re.search(case.upload, outputs[STATUS]["props"]["children"])
    assert time.monotonic() - start < CASE_SECONDS
    assert current(client, session).startswith("mine.ttl: 2 concepts")
    assert json.loads(client.get("/health").body)["status"] == "ok"
    assert_nothing_fetched(outside)
    memory.check(f"app {case.id}")


def test_a_request_body_over_the_limit_is_refused_before_the_app_reads_it(client, session, memory):
    memory.start()
    response = upload(client, b"#" * (9 * 2**20), "huge.ttl")
    assert response.status == 413
    assert current(client, session).startswith("mine.ttl: 2 concepts")
    memory.check("app request body over the limit")
