"""Plain Flask routes beside the Dash app: a health check, and the default graph as files.

Routes cannot see a browser session's stores, so they serve the default graph only; the Export
tab downloads a session's own graph, view or path through a callback.
"""

from __future__ import annotations

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
    per request."""

    _layout_json: tuple[object, str] | None = None

    def serve_layout(self):
        layout = self.layout
        if callable(layout):
            return super().serve_layout()
        if self._layout_json is None or self._layout_json[0] is not layout:
            self._layout_json = (layout, to_json_plotly(self.get_layout()))
        return self.backend.make_response(self._layout_json[1], mimetype="application/json")
