"""The app's server: headers, limits, sessions."""

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
