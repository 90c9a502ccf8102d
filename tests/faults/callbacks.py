"""Firing a Dash app's callbacks over HTTP, as the page does, without a browser."""

from __future__ import annotations

from tests.dash_http import answered, callback_body, find_callback


def fire(app, output: str, values: dict[str, object], changed: str) -> tuple[int, dict]:
    """Post the callback that sets ``output`` ("id.property"), with ``values`` for its inputs and
    states by "id.property" (None for the others) and ``changed`` the input that fired it.
    Returns the HTTP status and the outputs by "id.property" ({} when the callback did not
    update anything)."""
    client = app.server.test_client()
    dependency = find_callback(client.get("/_dash-dependencies").get_json(), output)
    response = client.post(
        "/_dash-update-component", data=callback_body(dependency, values, [changed]), content_type="application/json"
    )
    if response.status_code != 200:
        return response.status_code, {}
    return 200, answered(response.data)
