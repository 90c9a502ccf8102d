"""The Graph tab: which graph this session explores, and bringing one's own.

An uploaded file is checked for size in the browser (it is never sent when too large), then on
the server (``decode_contents``), and parsed by ``graph.upload.load_upload`` in a confined child
process. The graph is kept in the registry under a new token that only this session holds; every
other view reads it from ``ids.GRAPH``. A broken file gets its parser's message, as plain text,
and the session keeps the graph it had. A new graph starts with a fresh view: no selection,
focus, filters, highlight or URL state of the old graph carries over.
"""

from __future__ import annotations

import base64
import binascii
import math
import threading
import weakref

import flask
from dash import Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from ...errors import ConceptGraphError, ParseError
from ...model import ConceptGraph
from ...upload import (
    ACCEPTED_EXTENSIONS,
    MAX_TRIPLES,
    MAX_VALIDATED_TRIPLES,
    display_name,
    format_size,
    load_upload,
    too_large,
    validate_upload,
)
from ...validate import Report
from .. import ids
from ..payload import as_text
from ..state import registry

__all__ = [
    "TAB_LABEL",
    "TAB_VALUE",
    "make_panel",
    "register",
    "upload_limit",
    "decode_contents",
    "limit_text",
    "load_message",
    "describe_graph",
    "report_summary",
]

TAB_LABEL = "Graph"
TAB_VALUE = "upload"

#: Problems listed in the validation summary (the rest are counted).
SHOWN_PROBLEMS = 5
# Each create_app sets MAX_CONTENT_LENGTH to this function of its upload limit (graph/web/app.py).
_BODY_MARGIN = 64 * 1024
_FALLBACK_LIMIT = 8 * 2**20
# The reset of the page state a new graph needs: (component, property, value).
_FRESH_STATE = (
    (ids.SELECTION, "data", None),
    (ids.TRAIL, "data", []),
    (ids.VIEW, "data", {}),
    (ids.HIGHLIGHT, "data", None),
    (ids.URL, "search", ""),
    (ids.CATEGORY_FILTER, "value", []),
    (ids.RELATION_FILTER, "value", []),
    (ids.SECTION_FILTER, "value", []),
    (ids.DEPTH, "value", 1),
)
_KEEP_STATE = (no_update,) * len(_FRESH_STATE)
# Validation summaries of uploaded graphs, computed once per graph and kept while it is.
_REPORTS: weakref.WeakKeyDictionary[ConceptGraph, Report | str] = weakref.WeakKeyDictionary()
_REPORTS_LOCK = threading.Lock()


# Pure helpers ------------------------------------------------------------------------------
def upload_limit(config) -> int:
    """The largest upload, in bytes, of the app whose Flask ``config`` this is.

    ``MAX_UPLOAD_BYTES`` when the app sets it; otherwise the inverse of the request-body limit
    ``create_app`` derives from it (``limit * 4 // 3 + 64 kB``, base64 making a file a third
    larger).

    >>> upload_limit({"MAX_CONTENT_LENGTH": 8 * 2**20 * 4 // 3 + 64 * 1024}) == 8 * 2**20
    True
    """
    if config.get("MAX_UPLOAD_BYTES"):
        return int(config["MAX_UPLOAD_BYTES"])
    body = config.get("MAX_CONTENT_LENGTH")
    if not body:
        return _FALLBACK_LIMIT
    return math.ceil((body - _BODY_MARGIN) * 3 / 4)


def decode_contents(contents: str, filename: str | None, max_bytes: int) -> bytes:
    """The bytes of a ``dcc.Upload`` data URL (``data:<type>;base64,<data>``), refused before
    decoding when they would be larger than ``max_bytes``.

    Raises
    ------
    ParseError
        For content over the limit or that is not a base64 data URL (or not a string at all).

    >>> decode_contents("data:text/turtle;base64,PHVybjphPg==", "a.ttl", 100)
    b'<urn:a>'
    """
    name = filename or "upload"
    header, comma, data = (contents if isinstance(contents, str) else "").partition(",")
    if not comma or not header.startswith("data:") or not header.endswith(";base64"):
        raise ParseError(f"{name}: the upload could not be read (not a base64 data URL)", path=name)
    size = len(data) * 3 // 4 - data[-2:].count("=")
    if size > max_bytes:
        raise ParseError(too_large(name, size, max_bytes), path=name)
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError) as err:
        raise ParseError(f"{name}: the upload could not be read ({err})", path=name) from err


def limit_text(limit: int | None) -> str:
    """What the page says an upload may be.

    >>> limit_text(8 * 2**20)
    'Accepted: .ttl, .nt, .jsonld, .json, .rdf, .xml, .owl; files up to 8 MB and 100,000 triples.'
    """
    size = f"files up to {format_size(limit)} and " if limit else "up to "
    return f"Accepted: {', '.join(ACCEPTED_EXTENSIONS)}; {size}{MAX_TRIPLES:,} triples."


def load_message(concept_graph: ConceptGraph, name: str) -> str:
    """The status after a successful upload: ``Loaded NAME: N concepts, M relations.``"""
    return f"Loaded {name}: {_counts(concept_graph)}."


def describe_graph(concept_graph: ConceptGraph, name: str, uploaded: bool, expired: bool = False) -> list:
    """What the session explores: its name, counts and where it came from, as plain text.
    ``expired``: the session's upload is no longer kept, so it is back on the article."""
    origin = "your upload, seen only in this browser tab" if uploaded else "the article this project encodes"
    parts = [
        html.Strong(name, className="graph-current-name"),
        html.Span(f": {_counts(concept_graph)}, {len(concept_graph.graph):,} triples ({origin})."),
    ]
    if expired:
        parts.append(
            html.Span(
                " Your uploaded graph is no longer kept on the server (the oldest uploads are dropped, "
                "and a restart drops them all); upload it again to explore it.",
                className="hint",
            )
        )
    return parts


def report_summary(report: Report | None, triples: int = 0) -> list:
    """The validation of an uploaded graph, as information: counts and the first problems."""
    if report is None:
        return [
            html.P(
                f"Validation skipped: the graph has {triples:,} triples; shapes are checked up to "
                f"{MAX_VALIDATED_TRIPLES:,} here (use `concept-graph validate` on the file).",
                className="hint",
            )
        ]
    violations = sum(p.severity == "Violation" for p in report.problems)
    warnings = len(report.problems) - violations
    if not report.problems:
        return [html.P("The graph conforms to the project's SHACL shapes.", className="report-ok")]
    parts = [
        html.P(
            f"{violations:,} violation(s) and {warnings:,} warning(s) of the project's SHACL shapes. "
            "They are shown for information; the graph is explored as it is.",
        ),
        html.Ul(
            [html.Li(f"{p.severity}: {p.focus}: {p.message}") for p in report.problems[:SHOWN_PROBLEMS]],
            className="report-problems",
        ),
    ]
    if len(report.problems) > SHOWN_PROBLEMS:
        parts.append(html.P(f"… and {len(report.problems) - SHOWN_PROBLEMS:,} more.", className="hint"))
    return parts


def _counts(concept_graph: ConceptGraph) -> str:
    return f"{len(concept_graph.concepts):,} concepts, {len(concept_graph.relations):,} relations"


def _validation(concept_graph: ConceptGraph) -> list:
    """The summary of ``concept_graph``'s validation, run once per graph."""
    with _REPORTS_LOCK:
        found = _REPORTS.get(concept_graph)
    if found is None:
        try:
            found = validate_upload(concept_graph)
        except ConceptGraphError as err:
            found = f"Validation not finished: {err}."
        if found is not None:
            with _REPORTS_LOCK:
                _REPORTS[concept_graph] = found
    if isinstance(found, str):
        return [html.P(found, className="hint")]
    return report_summary(found, len(concept_graph.graph))


# Layout ------------------------------------------------------------------------------------
def make_panel(concept_graph: ConceptGraph) -> html.Div:
    return html.Div(
        [
            html.H3("Current graph"),
            html.P(id=ids.GRAPH_CURRENT, className="graph-current"),
            html.Button("Back to the article", id=ids.GRAPH_BACK, n_clicks=0, disabled=True),
            html.H3("Bring your own graph"),
            html.P(
                "Upload a graph (SKOS concepts, a class hierarchy, or any labelled resources) as Turtle, "
                "N-Triples, JSON-LD or RDF/XML to explore it here. Only this browser tab sees it; nothing "
                "is fetched from the web while reading it."
            ),
            dcc.Upload(
                html.Div(["Drop a file here, or ", html.Span("choose a file", className="upload-choose")]),
                id=ids.GRAPH_UPLOAD,
                accept=",".join(ACCEPTED_EXTENSIONS),
                multiple=False,
                className="upload-drop",
                className_active="upload-drop active",
            ),
            html.P(limit_text(None), id=ids.GRAPH_UPLOAD_LIMIT, className="hint"),
            dcc.Store(id=ids.GRAPH_UPLOAD_MAX),
            dcc.Store(id=ids.GRAPH_UPLOAD_FILE),
            dcc.Loading(
                html.Div(id=ids.GRAPH_UPLOAD_STATUS, role="status", className="upload-status"),
                type="dot",
            ),
            html.H3("Validation"),
            html.Div(id=ids.GRAPH_REPORT, className="graph-report"),
        ],
        className="panel upload-panel",
    )


# Callbacks ---------------------------------------------------------------------------------
def _filled_already(tab, shown) -> bool:
    """Whether a change of tab leaves this panel's callbacks nothing to do: the panel is filled
    when its tab first opens (the page loads without it), then again for every new graph."""
    return ctx.triggered_id == ids.TABS and (tab != TAB_VALUE or bool(shown))


def register(app) -> None:
    @app.callback(
        Output(ids.GRAPH_CURRENT, "children"),
        Output(ids.GRAPH_BACK, "disabled"),
        Output(ids.GRAPH_UPLOAD_LIMIT, "children"),
        Output(ids.GRAPH_UPLOAD_MAX, "data"),
        Input(ids.GRAPH, "data"),
        Input(ids.TABS, "value"),
        State(ids.GRAPH_CURRENT, "children"),
        prevent_initial_call=True,
    )
    def show_current(token, tab, shown):
        if _filled_already(tab, shown):
            raise PreventUpdate
        token = as_text(token)  # a forged token (not a string) is no token, not an expired one
        concept_graph, name = registry().lookup(token)
        uploaded = registry().known(token)
        limit = upload_limit(flask.current_app.config)
        described = describe_graph(concept_graph, name, uploaded, expired=bool(token) and not uploaded)
        return described, not uploaded, limit_text(limit), limit

    @app.callback(
        Output(ids.GRAPH_REPORT, "children"),
        Input(ids.GRAPH, "data"),
        Input(ids.TABS, "value"),
        State(ids.GRAPH_REPORT, "children"),
        prevent_initial_call=True,
    )
    def show_validation(token, tab, shown):
        if _filled_already(tab, shown):
            raise PreventUpdate
        if not registry().known(token):
            return [html.P("Upload a graph to see how it fares against the project's shapes.", className="hint")]
        return _validation(registry().get(token))

    # In the browser: a file over the limit is never sent; one within it is handed on with its
    # name (and the upload's own copy cleared, so choosing the same file again loads it again).
    app.clientside_callback(
        """
        function (contents, filename, limit) {
            const none = window.dash_clientside.no_update;
            if (!contents) { return [none, none, none]; }
            const data = contents.slice(contents.indexOf(",") + 1);
            const size = Math.floor(data.length * 3 / 4);
            if (limit && size > limit) {
                // as graph.upload.format_size writes sizes
                const unit = (n, scale, name) => (n / scale).toFixed(1).replace(/\\.0$/, "") + " " + name;
                const human = n =>
                    n >= 1048576 ? unit(n, 1048576, "MB") : n >= 1024 ? unit(n, 1024, "kB") : n + " bytes";
                // as graph.upload.too_large says it: in bytes when the rounded sizes are the same
                const same = human(size) === human(limit);
                const bytes = n => n.toLocaleString("en") + " bytes";
                const message = filename + ": the file is " + (same ? bytes(size) : human(size))
                    + "; uploads are limited to " + human(limit) + (same ? " (" + bytes(limit) + ")" : "");
                return [none, message, null];
            }
            return [{contents: contents, filename: filename}, "Reading " + filename + "…", null];
        }
        """,
        Output(ids.GRAPH_UPLOAD_FILE, "data"),
        Output(ids.GRAPH_UPLOAD_STATUS, "children", allow_duplicate=True),
        Output(ids.GRAPH_UPLOAD, "contents"),
        Input(ids.GRAPH_UPLOAD, "contents"),
        State(ids.GRAPH_UPLOAD, "filename"),
        State(ids.GRAPH_UPLOAD_MAX, "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.GRAPH, "data"),
        Output(ids.GRAPH_UPLOAD_STATUS, "children"),
        Output(ids.GRAPH_UPLOAD_FILE, "data", allow_duplicate=True),
        *[Output(component, prop, allow_duplicate=True) for component, prop, _ in _FRESH_STATE],
        Input(ids.GRAPH_UPLOAD_FILE, "data"),
        Input(ids.GRAPH_BACK, "n_clicks"),
        prevent_initial_call=True,
    )
    def change_graph(upload, _back):
        fresh = tuple(value for _, _, value in _FRESH_STATE)
        if ctx.triggered_id == ids.GRAPH_BACK:
            if not ctx.triggered[0]["value"]:
                raise PreventUpdate
            return None, f"Back to {registry().default_name}.", no_update, *fresh
        if not upload:
            raise PreventUpdate  # the file was handed over and cleared
        # The page sends {"contents": str, "filename": str}; any other shape is a forged request.
        upload = upload if isinstance(upload, dict) else {}
        filename = upload.get("filename")
        name = display_name(filename if isinstance(filename, str) else None)
        limit = upload_limit(flask.current_app.config)
        try:
            content = decode_contents(upload.get("contents"), name, limit)
            concept_graph = load_upload(content, name, max_bytes=limit)
            shown = concept_graph.sources[0]
            token = registry().add(concept_graph, shown)  # a DataError when the spool cannot take it
        except ConceptGraphError as err:
            # The session keeps its graph: only the status changes.
            return no_update, html.P(str(err), className="error"), None, *_KEEP_STATE
        return token, load_message(concept_graph, shown), None, *fresh
