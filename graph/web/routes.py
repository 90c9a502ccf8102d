"""Plain Flask routes beside the Dash app: a health check, and the default graph as files.

Routes cannot see a browser session's stores, so they serve the default graph only; the Export
tab downloads a session's own graph, view or path through a callback.
"""

from __future__ import annotations

import flask

from ..export import EXTENSIONS, MEDIA_TYPES, export_view
from .state import registry

__all__ = ["register", "FORMATS_BY_EXTENSION"]

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
