"""The app's server: headers, limits, sessions."""

import re

import pytest

from graph.web import create_app
from graph.web.state import GraphRegistry
from tests.signed_graphs import concept_graph_from_edges


@pytest.fixture(scope="module")
def client():
    return create_app().server.test_client()


def test_page_is_served_with_a_strict_content_security_policy(client):
    response = client.get("/")
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'sha256-" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    assert "unsafe-eval" not in policy
    for directive in ("frame-src 'none'", "frame-ancestors 'none'", "form-action 'self'", "object-src 'none'"):
        assert directive in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_request_bodies_over_the_limit_are_refused(client):
    response = client.post("/_dash-update-component", data=b"x" * (20 * 2**20), content_type="application/json")
    assert response.status_code == 413


def test_registry_keeps_uploads_per_token_and_drops_the_oldest():
    default = concept_graph_from_edges(2, [])
    registry = GraphRegistry(default, "default", max_uploads=2)
    tokens = [registry.add(concept_graph_from_edges(3, []), f"upload {i}") for i in range(3)]
    assert len(set(tokens)) == 3 and all(len(t) >= 30 for t in tokens)
    assert registry.get(None) is default and registry.get("guess") is default
    assert registry.name(tokens[2]) == "upload 2"
    assert not registry.known(tokens[0]) and registry.get(tokens[0]) is default


def test_the_page_is_in_english_and_preloads_the_chunk_its_first_view_needs(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page
    preloaded = re.findall(r'<link rel="preload" href="([^"]+)" as="script">', page)
    assert preloaded == ["/_dash-component-suites/dash/dcc/async-dropdown.js"]
    assert client.get(preloaded[0]).status_code == 200  # the chunk Dash's dropdown loads, at that address


def test_the_plain_page_opens_without_a_callback(client):
    # Every callback that could run on load is either set not to (prevent_initial_call) or is
    # clientside: opening the page costs the layout, the dependencies, and nothing more.
    dependencies = client.get("/_dash-dependencies").get_json()
    assert [d["output"] for d in dependencies if not d.get("prevent_initial_call")] == []
    # The page's location reports the query string (running the callbacks that restore the
    # state) only when the page was opened with one.
    location = {True: None, False: None}
    for query, silent in (("", True), ("?concept=concept%3Arejection", False)):
        layout = client.get("/_dash-layout", headers={"Referer": f"http://localhost/{query}"}).get_json()
        location[silent] = _component(layout, "url")["props"]
    assert location[True]["search"] == "" and location[False].get("search") is None
    assert _component(client.get("/_dash-layout").get_json(), "url")["props"].get("search") is None  # no Referer


def _component(node, component_id: str):
    if isinstance(node, dict):
        if node.get("props", {}).get("id") == component_id:
            return node
        node = list(node.get("props", {}).values())
    if isinstance(node, list):
        for child in node:
            found = _component(child, component_id)
            if found:
                return found
    return None
