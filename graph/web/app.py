"""Creating the Dash app over a loaded concept graph."""

from __future__ import annotations

import dash
import flask

from ..backends import Backend, MemoryBackend
from ..load import load_concept_graph
from ..model import ConceptGraph
from . import canvas, ids, routes, selection, urls
from .large import create_large_app
from .layout import make_layout
from .panels import PANELS
from .routes import StaticLayoutDash
from .state import GraphRegistry

__all__ = ["create_app", "MAX_UPLOAD_BYTES"]

#: The largest request body the server reads (an upload arrives base64-encoded, a third larger).
MAX_UPLOAD_BYTES = 8 * 2**20


#: The page around the app: Dash's own, in English for screen readers, and with the one lazy
#: chunk the first view needs (the dropdowns: search and layout) fetched while the bundles load
#: rather than after the layout arrives.
INDEX_PAGE = """<!DOCTYPE html>
<html lang="en">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
        <link rel="preload" href="PREFIX_dash-component-suites/dash/dcc/async-dropdown.js" as="script">
    </head>
    <body>
        {%app_entry%}
        <footer>
            {%config%}
            {%scripts%}
            {%renderer%}
        </footer>
    </body>
</html>"""


def create_app(
    concept_graph: ConceptGraph | None = None,
    *,
    name: str = "Why people withdraw after rejection",
    backend: Backend | None = None,
    max_upload_bytes: int = MAX_UPLOAD_BYTES,
) -> dash.Dash:
    """A Dash app exploring ``concept_graph`` (default: the article graph), or ``backend`` (a
    graph in memory, a store or an endpoint, as ``graph.backends.open_backend`` opens it)."""
    if backend is not None and backend.large:
        return create_large_app(backend)
    if isinstance(backend, MemoryBackend):
        concept_graph, name = backend.concept_graph, backend.description
    concept_graph = concept_graph or load_concept_graph()
    server = flask.Flask(__name__)
    # Request bodies beyond this are refused before Dash reads them (413), so an upload can
    # never exhaust memory; base64 makes an uploaded file a third larger.
    server.config["MAX_CONTENT_LENGTH"] = max_upload_bytes * 4 // 3 + 64 * 1024
    server.config["MAX_UPLOAD_BYTES"] = max_upload_bytes
    GraphRegistry(concept_graph, name).install(server)
    app = StaticLayoutDash(
        __name__,
        server=server,
        title="Concept graph explorer",
        update_title=None,
        serve_locally=True,
        compress=False,
    )
    app.index_string = INDEX_PAGE.replace("PREFIX", app.config.requests_pathname_prefix)
    app.location_id = ids.URL  # the plain page's URL has no state to restore: it stays silent
    app.layout = make_layout(concept_graph, name, PANELS)
    urls.register(app)
    selection.register(app)
    canvas.register(app)
    for panel in PANELS:
        panel.register(app)
    routes.register(app)
    _secure_headers(app)
    return app


def _secure_headers(app: dash.Dash) -> None:
    """A Content-Security-Policy that allows only the app's own scripts (and the inline ones
    Dash writes, by hash), no frames, no foreign form targets; and the usual hardening headers."""
    policy = None

    @app.server.after_request
    def add_headers(response: flask.Response) -> flask.Response:
        nonlocal policy
        if policy is None:
            hashes = " ".join(app.csp_hashes())  # already quoted: 'sha256-...'
            policy = "; ".join(
                [
                    "default-src 'self'",
                    f"script-src 'self' {hashes}",
                    "style-src 'self' 'unsafe-inline'",
                    "img-src 'self' data: blob:",
                    "font-src 'self' data:",
                    "connect-src 'self'",
                    "object-src 'none'",
                    "base-uri 'self'",
                    "form-action 'self'",
                    "frame-src 'none'",
                    "frame-ancestors 'none'",
                ]
            )
        response.headers["Content-Security-Policy"] = policy
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        return response
