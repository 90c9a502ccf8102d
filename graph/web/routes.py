"""Plain Flask routes beside the Dash app: a health check, and the default graph as files.

Routes cannot see a browser session's stores, so they serve the default graph only; the Export
tab downloads a session's own graph, view or path through a callback.
"""

from __future__ import annotations

import threading
from urllib.parse import urlsplit

import dash
import flask
from plotly.io.json import to_json_plotly

from ..export import EXTENSIONS, MEDIA_TYPES, export_view
from .state import registry

__all__ = ["register", "FORMATS_BY_EXTENSION", "StaticLayoutDash"]

#: ``ttl`` -> ``turtle`` and so on: the file name of a download says its format.
FORMATS_BY_EXTENSION = {extension.lstrip("."): format for format, extension in EXTENSIONS.items()}


def register(app) -> None:
    """Add the routes to ``app``'s Flask server."""
    server = app.server

    @server.get("/health")
    def health() -> flask.Response:
        """``{"status": "ok", "concepts": N}`` of the default graph, for monitors and load tests."""
        return flask.jsonify(status="ok", concepts=len(registry().default.concepts))

    @server.get("/download/graph.<extension>")
    def download_graph(extension: str) -> flask.Response:
        """The whole default graph in the format its extension names (``graph.ttl``, ``graph.nt``,
        ``graph.jsonld``, ``graph.rdf``, ``graph.graphml``, ``graph.csv``)."""
        format = FORMATS_BY_EXTENSION.get(extension)
        if format is None:
            known = ", ".join(f"graph.{e}" for e in FORMATS_BY_EXTENSION)
            return flask.Response(f"unknown format: choose one of {known}\n", status=404, mimetype="text/plain")
        text = export_view(registry().default, format)
        return flask.Response(
            text,
            mimetype=MEDIA_TYPES[format],
            headers={"Content-Disposition": f'attachment; filename="concept-graph.{extension}"'},
        )


class StaticLayoutDash(dash.Dash):
    """A Dash app whose layout, the same for every visit, is serialised once instead of on
    every page load (35-45 ms for the article explorer's 165 KB layout on this machine: a
    quarter of the time the page waits for its layout). A layout function is still called
    per request.

    With ``location_id`` naming the page's ``dcc.Location``, two versions are kept. A
    ``dcc.Location`` whose ``search`` is unset reports the page's query string when it mounts,
    which runs every callback that restores state from the URL; one whose ``search`` is set
    reports nothing. So a page opened with a query string (the layout request's Referer, sent
    in full to the same origin) gets the reporting version, and the plain page the silent one,
    and opens without a single callback. Without a Referer, the reporting version: correct,
    only slower.
    """

    location_id: str | None = None
    _layout_json: tuple[object, dict[bool, str]] | None = None
    _layout_lock = threading.Lock()

    def serve_layout(self):
        layout = self.layout
        if callable(layout):
            return super().serve_layout()
        if self._layout_json is None or self._layout_json[0] is not layout:
            with self._layout_lock:
                self._layout_json = (layout, self._serialise_both())
        referrer = flask.request.referrer
        silent = referrer is not None and not urlsplit(referrer).query
        return self.backend.make_response(self._layout_json[1][silent], mimetype="application/json")

    def _serialise_both(self) -> dict[bool, str]:
        location = _find(self.layout, self.location_id) if self.location_id else None
        if location is None:
            text = to_json_plotly(self.get_layout())
            return {True: text, False: text}
        kept = getattr(location, "search", None)
        try:
            location.search = ""
            silent = to_json_plotly(self.get_layout())
            location.search = None
            reporting = to_json_plotly(self.get_layout())
        finally:
            location.search = kept
        return {True: silent, False: reporting}


def _find(component, component_id: str):
    """The component of ``component``'s tree whose id is ``component_id``, or None."""
    if getattr(component, "id", None) == component_id:
        return component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if hasattr(child, "to_plotly_json"):
            found = _find(child, component_id)
            if found is not None:
                return found
    return None
