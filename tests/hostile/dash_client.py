"""Calling a running Dash app's callbacks over HTTP, as its page does, by output id.

The callbacks are read from ``/_dash-dependencies``; a request names the callback by its
``output`` string and gives every input and state with a value (``None`` unless given), so a test
writes ``client.call("graph-upload-status.children", {"graph-upload-file.data": ...})``.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass

__all__ = ["Callback", "DashClient", "Response"]


@dataclass(frozen=True)
class Callback:
    """One server-side callback: its output string, outputs, inputs and state (as ``id.prop``)."""

    output: str
    outputs: tuple[tuple[str, str], ...]  # (id, property with any @hash of allow_duplicate)
    inputs: tuple[str, ...]
    state: tuple[str, ...]


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes

    @property
    def outputs(self) -> dict:
        """The updated properties by ``id.property`` (a 204 "no update" gives none)."""
        if self.status == 204 or not self.body:
            return {}
        found = json.loads(self.body)["response"]
        return {f"{i}.{p.split('@')[0]}": v for i, props in found.items() for p, v in props.items()}


def _id_text(value) -> str:
    # pattern-matching ids arrive as dicts; the request repeats them as they came
    return json.dumps(value, sort_keys=True, separators=(",", ":")) if isinstance(value, dict) else value


class DashClient:
    """The server-side callbacks of the Dash app served at ``base_url``."""

    def __init__(self, base_url: str, timeout: float = 60):
        self.base_url = base_url
        self.timeout = timeout
        self.callbacks: list[Callback] = []
        for dependency in json.loads(self.get("/_dash-dependencies").body):
            if dependency.get("clientside_function"):
                continue
            outputs = tuple(tuple(part.rsplit(".", 1)) for part in dependency["output"].strip(".").split("...") if part)
            self.callbacks.append(
                Callback(
                    output=dependency["output"],
                    outputs=outputs,
                    inputs=tuple(f"{_id_text(i['id'])}.{i['property']}" for i in dependency["inputs"]),
                    state=tuple(f"{_id_text(s['id'])}.{s['property']}" for s in dependency["state"]),
                )
            )

    def get(self, path: str) -> Response:
        return self._request(urllib.request.Request(self.base_url + path))

    def post(self, path: str, body: bytes) -> Response:
        request = urllib.request.Request(
            self.base_url + path, data=body, headers={"Content-Type": "application/json"}, method="POST"
        )
        return self._request(request)

    def _request(self, request) -> Response:
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                return Response(answer.status, answer.read())
        except urllib.error.HTTPError as err:
            return Response(err.code, err.read())

    def callback(self, output: str) -> Callback:
        """The callback that has ``output`` (``id.property``) among its outputs (its first, when
        several callbacks update one property through ``allow_duplicate``)."""
        for callback in self.callbacks:
            if any(f"{i}.{p.split('@')[0]}" == output for i, p in callback.outputs):
                return callback
        raise LookupError(f"no callback updates {output}")

    def payload(self, callback: Callback, values: dict, changed: list[str] | None = None) -> dict:
        """The request body the page sends: ``values`` by ``id.property``; the rest ``None``."""

        def entry(key: str) -> dict:
            component, prop = key.rsplit(".", 1)
            component = json.loads(component) if component.startswith("{") else component
            return {"id": component, "property": prop, "value": values.get(key)}

        outputs = [{"id": i, "property": p} for i, p in callback.outputs]
        return {
            "output": callback.output,
            "outputs": outputs if callback.output.startswith("..") else outputs[0],
            "inputs": [entry(key) for key in callback.inputs],
            "state": [entry(key) for key in callback.state],
            "changedPropIds": changed if changed is not None else [key for key in values if key in callback.inputs],
        }

    def call(self, output: str, values: dict, changed: list[str] | None = None) -> Response:
        """Fire the callback of ``output`` with ``values`` (by ``id.property``)."""
        body = self.payload(self.callback(output), values, changed)
        return self.post("/_dash-update-component", json.dumps(body).encode())
