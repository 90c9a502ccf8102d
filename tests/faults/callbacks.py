"""Firing a Dash app's callbacks over HTTP, as the page does, without a browser."""

from __future__ import annotations

import json


def texts(component) -> list[str]:
    """Every string in a callback's JSON output (a tree of components), in order."""
    if isinstance(component, str):
        return [component]
    if isinstance(component, list | tuple):
        return [text for child in component for text in texts(child)]
    if isinstance(component, dict):
        return texts(component.get("props", {}).get("children") or [])
    return []


def _entries(specs: list[dict], values: dict[str, object]) -> list:
    entries = []
    for spec in specs:
        if spec["id"].startswith("{"):  # a pattern-matching input: no component matches it here
            entries.append([])
        else:
            entries.append({**spec, "value": values.get(f"{spec['id']}.{spec['property']}")})
    return entries


def fire(app, output: str, values: dict[str, object], changed: str) -> tuple[int, dict]:
    """Post the callback that sets ``output`` ("id.property"), with ``values`` for its inputs and
    states by "id.property" (None for the others) and ``changed`` the input that fired it.
    Returns the HTTP status and the outputs by "id.property" ({} when the callback did not
    update anything)."""
    key = next(k for k in app.callback_map if output in k.strip(".").split("..."))
    callback = app.callback_map[key]
    outputs = [dict(zip(("id", "property"), part.split(".", 1), strict=True)) for part in key.strip(".").split("...")]
    payload = {
        "output": key,
        "outputs": outputs if key.startswith("..") else outputs[0],
        "inputs": _entries(callback["inputs"], values),
        "state": _entries(callback["state"], values),
        "changedPropIds": [changed],
    }
    response = app.server.test_client().post("/_dash-update-component", json=payload)
    if response.status_code != 200:
        return response.status_code, {}
    found = json.loads(response.data)["response"]
    return 200, {f"{i}.{p}": v for i, props in found.items() for p, v in props.items()}
