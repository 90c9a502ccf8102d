"""The Graph tab without a browser: its helpers, and its callbacks through the app's own
callback endpoint (one session's upload is invisible to another, a broken file leaves the
session's graph as it was)."""

import base64

import pytest
from dash import html

from graph.errors import ParseError
from graph.upload import load_upload
from graph.validate import Problem, Report
from graph.web import create_app, ids
from graph.web.panels import upload as panel
from graph.web.state import GraphRegistry
from tests.dash_http import texts

SKOS = b"""@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<http://example.org/a> a skos:Concept ; skos:prefLabel "<script>alert(1)</script>" ;
    skos:related <http://example.org/b> .
<http://example.org/b> a skos:Concept ; skos:prefLabel "B" .
"""


def data_url(content: bytes, kind: str = "text/turtle") -> str:
    return f"data:{kind};base64,{base64.b64encode(content).decode()}"


# Helpers -------------------------------------------------------------------------------------
@pytest.mark.parametrize("limit", [1, 1000, 8 * 2**20, 10**7 + 1, 3 * 2**20 + 2])
def test_upload_limit_inverts_the_request_body_limit_of_create_app(limit):
    config = {"MAX_CONTENT_LENGTH": limit * 4 // 3 + 64 * 1024}
    assert panel.upload_limit(config) == limit
    assert panel.upload_limit({"MAX_UPLOAD_BYTES": 5, **config}) == 5
    assert panel.upload_limit({}) == 8 * 2**20


def test_decode_contents_reads_a_data_url():
    assert panel.decode_contents(data_url(SKOS), "a.ttl", 10_000) == SKOS


def test_decode_contents_refuses_an_oversized_file_before_decoding():
    not_even_base64 = "data:text/turtle;base64," + "!" * 4000
    with pytest.raises(ParseError, match="big.ttl: the file is 2.9 kB; uploads are limited to 1 kB"):
        panel.decode_contents(not_even_base64, "big.ttl", 1024)


@pytest.mark.parametrize("contents", ["", "just text", "data:text/turtle,plain", "data:x;base64,@@@@"])
def test_decode_contents_refuses_what_is_not_a_base64_data_url(contents):
    with pytest.raises(ParseError, match="a.ttl: the upload could not be read"):
        panel.decode_contents(contents, "a.ttl", 10_000)


def test_messages_name_the_graph_and_count_it():
    concept_graph = load_upload(SKOS, "mine.ttl", max_bytes=10_000)
    assert panel.load_message(concept_graph, "mine.ttl") == "Loaded mine.ttl: 2 concepts, 1 relations."
    described = "".join(texts(panel.describe_graph(concept_graph, "mine.ttl", uploaded=True)))
    assert described.startswith("mine.ttl: 2 concepts, 1 relations, 5 triples (your upload")
    assert "article" in "".join(texts(panel.describe_graph(concept_graph, "The article", uploaded=False)))
    assert panel.limit_text(2**20).endswith("files up to 1 MB and 100,000 triples.")


def test_report_summary_counts_and_lists_the_first_problems_as_text():
    problems = [Problem("shape", f"<urn:{i}>", f"<b>message {i}</b>") for i in range(7)]
    problems.append(Problem("shape", "<urn:w>", "a warning", "Warning"))
    summary = texts(panel.report_summary(Report(problems)))
    assert summary[0].startswith("7 violation(s) and 1 warning(s)")
    assert "Violation: <urn:0>: <b>message 0</b>" in summary  # a plain string: React escapes it
    assert summary[-1] == "… and 3 more."
    assert "conforms" in texts(panel.report_summary(Report([])))[0]
    assert "skipped" in texts(panel.report_summary(None, 80_000))[0]


def test_the_panel_states_the_limit_and_accepts_the_rdf_extensions():
    layout = panel.make_panel(None)
    upload = layout[ids.GRAPH_UPLOAD]
    assert upload.accept == ".ttl,.nt,.jsonld,.json,.rdf,.xml,.owl"
    assert layout[ids.GRAPH_UPLOAD_STATUS].role == "status"
    assert "100,000 triples" in layout[ids.GRAPH_UPLOAD_LIMIT].children
    assert isinstance(layout[ids.GRAPH_BACK], html.Button)


# Callbacks through the app ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def app(article_graph):
    return create_app(article_graph, max_upload_bytes=4096)


def fire(app, output: str, inputs: list[tuple[str, str, object]], changed: str, state: list | None = None) -> dict:
    """Post one callback request as the page does; the response's outputs by ``id.property``."""
    key = next(k for k in app.callback_map if k.startswith(f"..{output}.") or k.startswith(f"{output}."))
    outputs = [dict(zip(("id", "property"), part.split(".", 1), strict=True)) for part in key.strip(".").split("...")]
    payload = {
        "output": key,
        "outputs": outputs,
        "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
        "changedPropIds": [changed],
        "state": [{"id": i, "property": p, "value": v} for i, p, v in state or []],
    }
    response = app.server.test_client().post("/_dash-update-component", json=payload)
    if response.status_code == 204:
        return {}
    assert response.status_code == 200, response.text
    found = response.get_json()["response"]
    return {f"{i}.{p.split('@')[0]}": v for i, props in found.items() for p, v in props.items()}


def upload(app, content: bytes, filename: str) -> dict:
    return fire(
        app,
        f"{ids.GRAPH}.data",
        [
            (ids.GRAPH_UPLOAD_FILE, "data", {"contents": data_url(content), "filename": filename}),
            (ids.GRAPH_BACK, "n_clicks", 0),
        ],
        f"{ids.GRAPH_UPLOAD_FILE}.data",
    )


def _graph_changed(token) -> tuple:
    """The inputs, trigger and state of the Graph tab's callbacks when the session's graph changes."""
    inputs = [(ids.GRAPH, "data", token), (ids.TABS, "value", "details")]
    return inputs, f"{ids.GRAPH}.data", [(ids.GRAPH_CURRENT, "children", None)]


def current(app, token) -> str:
    result = fire(app, ids.GRAPH_CURRENT, *_graph_changed(token))
    return "".join(texts(result[f"{ids.GRAPH_CURRENT}.children"]))


def test_an_upload_gives_a_new_token_a_fresh_view_and_a_status(app):
    result = upload(app, SKOS, "mine.ttl")
    token = result[f"{ids.GRAPH}.data"]
    assert isinstance(token, str) and len(token) >= 32
    assert result[f"{ids.GRAPH_UPLOAD_STATUS}.children"] == "Loaded mine.ttl: 2 concepts, 1 relations."
    assert result[f"{ids.SELECTION}.data"] is None
    assert result[f"{ids.VIEW}.data"] == {}
    assert result[f"{ids.URL}.search"] == ""
    assert current(app, token).startswith("mine.ttl: 2 concepts")
    # another session (no token, or a guessed one) still explores the article
    assert current(app, None).startswith("Why people withdraw after rejection: 63 concepts")
    assert current(app, "guessed-token").startswith("Why people withdraw")
    assert "no longer kept on the server" in current(app, "guessed-token")
    assert "no longer kept" not in current(app, None) + current(app, token)


def test_a_broken_upload_shows_the_line_and_keeps_the_graph(app):
    result = upload(app, SKOS.replace(b'"B" .', b'"B" ;; ]'), "broken.ttl")
    assert f"{ids.GRAPH}.data" not in result  # unchanged
    assert f"{ids.VIEW}.data" not in result
    status = result[f"{ids.GRAPH_UPLOAD_STATUS}.children"]
    assert status["type"] == "P" and status["props"]["children"].startswith("broken.ttl:4: ")


def test_an_upload_over_the_apps_limit_is_refused_by_the_server_too(app):
    result = upload(app, b"#" * 5000, "big.ttl")
    assert result[f"{ids.GRAPH_UPLOAD_STATUS}.children"]["props"]["children"] == (
        "big.ttl: the file is 4.9 kB; uploads are limited to 4 kB"
    )
    limit = fire(app, ids.GRAPH_CURRENT, *_graph_changed(None))
    assert limit[f"{ids.GRAPH_UPLOAD_MAX}.data"] == 4096
    assert "files up to 4 kB" in limit[f"{ids.GRAPH_UPLOAD_LIMIT}.children"]


def test_back_to_the_article_clears_the_token(app):
    result = fire(
        app,
        f"{ids.GRAPH}.data",
        [(ids.GRAPH_UPLOAD_FILE, "data", None), (ids.GRAPH_BACK, "n_clicks", 1)],
        f"{ids.GRAPH_BACK}.n_clicks",
    )
    assert result[f"{ids.GRAPH}.data"] is None
    assert result[f"{ids.GRAPH_UPLOAD_STATUS}.children"] == "Back to Why people withdraw after rejection."


def test_the_registry_drops_the_least_recently_used_uploads_over_its_triple_budget(article_graph):
    small = load_upload(SKOS, "small.ttl", max_bytes=10_000)  # 5 triples
    kept = GraphRegistry(article_graph, "article", max_uploads=16, max_triples=12)
    first, second = kept.add(small, "one"), kept.add(small, "two")
    assert kept.known(first) and kept.known(second)
    kept.get(first)  # used: now the most recent
    third = kept.add(small, "three")
    assert kept.known(first) and kept.known(third) and not kept.known(second)
    alone = GraphRegistry(article_graph, "article", max_triples=1)
    assert alone.known(alone.add(small, "big"))  # the newest upload is always kept


def test_the_graph_tab_is_filled_when_it_first_opens_not_on_page_load(app):
    opened = [(ids.GRAPH, "data", ""), (ids.TABS, "value", panel.TAB_VALUE)]
    elsewhere = [(ids.GRAPH, "data", ""), (ids.TABS, "value", "paths")]
    assert fire(app, ids.GRAPH_CURRENT, elsewhere, f"{ids.TABS}.value", [(ids.GRAPH_CURRENT, "children", None)]) == {}
    filled = fire(app, ids.GRAPH_CURRENT, opened, f"{ids.TABS}.value", [(ids.GRAPH_CURRENT, "children", None)])
    assert "".join(texts(filled[f"{ids.GRAPH_CURRENT}.children"])).startswith("Why people withdraw")
    again = fire(app, ids.GRAPH_CURRENT, opened, f"{ids.TABS}.value", [(ids.GRAPH_CURRENT, "children", "shown")])
    assert again == {}  # reopening the tab costs nothing
    report = fire(app, ids.GRAPH_REPORT, opened, f"{ids.TABS}.value", [(ids.GRAPH_REPORT, "children", None)])
    assert "Upload a graph" in "".join(texts(report[f"{ids.GRAPH_REPORT}.children"]))
