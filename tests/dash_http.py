"""Talking to a running explorer over HTTP as its page does: callback requests are built from
the app's own ``/_dash-dependencies``, so they follow the app's ids and outputs as they change.
Used by the production-server test and by ``benchmarks/load.py``."""

from __future__ import annotations

import http.client
import json
import time

__all__ = ["Connection", "callbacks", "callback_body", "answered"]


class Connection:
    """One kept-alive HTTP connection, as one browser tab holds it."""

    def __init__(self, port: int, host: str = "127.0.0.1", timeout: float = 60):
        self.host, self.port, self.timeout = host, port, timeout
        self._connection = http.client.HTTPConnection(host, port, timeout=timeout)

    def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes, float]:
        """Status, body and seconds from sending the request to reading the whole answer."""
        headers = {"Content-Type": "application/json"} if body is not None else {}
        started = time.perf_counter()
        try:
            self._connection.request(method, path, body=body, headers=headers)
            response = self._connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self._connection.close()  # reconnects on the next request
            raise
        if response.will_close:
            self._connection.close()
        return response.status, data, time.perf_counter() - started

    def close(self) -> None:
        self._connection.close()


def _outputs(key: str) -> list[str]:
    """``"..a.b...c.d.."`` or ``"a.b@hash"`` as ``["a.b", "c.d"]``."""
    parts = key[2:-2].split("...") if key.startswith("..") else [key]
    return [part.split("@")[0] for part in parts]


def callbacks(dependencies: list[dict]) -> dict[str, dict]:
    """The server-side callbacks of ``/_dash-dependencies``, each by its first output
    (``"graph-token.data"``)."""
    return {_outputs(d["output"])[0]: d for d in dependencies if not d.get("clientside_function")}


def find_callback(dependencies: list[dict], output: str) -> dict:
    """The server-side callback that has ``output`` ("id.property") among its outputs."""
    return next(d for d in dependencies if not d.get("clientside_function") and output in _outputs(d["output"]))


def callback_body(dependency: dict, values: dict[str, object], changed: list[str]) -> bytes:
    """The ``/_dash-update-component`` request of ``dependency``: ``values`` by ``"id.property"``
    (missing ones are None), pattern-matching inputs matching no component, ``changed`` the
    properties that triggered it."""

    def items(specs):
        return [
            [] if s["id"].startswith("{") else {**s, "value": values.get(f"{s['id']}.{s['property']}")} for s in specs
        ]

    outputs = [dict(zip(("id", "property"), o.rsplit(".", 1), strict=True)) for o in _outputs(dependency["output"])]
    body = {
        "output": dependency["output"],
        "outputs": outputs if dependency["output"].startswith("..") else outputs[0],
        "inputs": items(dependency["inputs"]),
        "state": items(dependency["state"]),
        "changedPropIds": changed,
    }
    return json.dumps(body).encode()


def answered(data: bytes) -> dict[str, object]:
    """A callback's answer by ``"id.property"``."""
    found = json.loads(data)["response"]
    return {f"{i}.{p.split('@')[0]}": v for i, props in found.items() for p, v in props.items()}


def texts(component) -> list[str]:
    """Every string in a tree of components (or of their JSON, as a callback returns it), in order."""
    if isinstance(component, str):
        return [component]
    if isinstance(component, list | tuple):
        return [text for child in component for text in texts(child)]
    if isinstance(component, dict):
        return texts(component.get("props", {}).get("children") or [])
    children = getattr(component, "children", None)
    return texts(children) if children is not None else []
