"""The explorer for graphs too large to draw whole (a store, an endpoint, or a big file): it
opens on a search box and the best-connected concepts, shows the neighbourhood of what the user
chooses, grows by expanding concepts, and never sends the browser more than ``MAX_NODES``
concepts (it says when a neighbourhood was capped).

Measured on this stack (2 cores, software rendering): with server-side positions 1,000 nodes
are ready in about 1.8x a bare Dash page and 3,000 in about 3x, and a click costs 300 ms at 500
nodes and 500 ms at 1,000 (canvas redraw). The cap keeps a view at a few hundred concepts.
"""

from __future__ import annotations

import dash
import flask
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from ..backends import Backend
from ..errors import ConceptGraphError
from ..paths import MAX_K, MAX_LENGTH
from ..positions import layered_positions
from ..report import shorten
from . import ids
from .elements import edge_id, to_cytoscape_elements
from .layout import make_cytoscape, make_legend
from .routes import StaticLayoutDash
from .selection import render_concept
from .urls import read_query, write_query

__all__ = ["create_large_app", "MAX_NODES", "grow", "path_highlight"]

#: The most concepts one view sends to the browser.
MAX_NODES = 300
#: Concepts shown when the explorer opens.
OPENING_CONCEPTS = 12

WORKING_SET = "working-set"  # the concepts on the canvas, in the order they came
STATUS = "large-status"
EXPAND = "expand-button"
CLEAR = "clear-button"
LARGE_SOURCE = "large-path-source"
LARGE_TARGET = "large-path-target"
LARGE_K = "large-path-k"
LARGE_LENGTH = "large-path-length"
LARGE_RUN = "large-path-run"
LARGE_RESULT = "large-path-result"
LARGE_QUERY = "large-sparql-query"
LARGE_QUERY_RUN = "large-sparql-run"
LARGE_QUERY_RESULT = "large-sparql-result"


def grow(current: list[str], new: list[str], cap: int = MAX_NODES) -> tuple[list[str], bool]:
    """``current`` with the concepts of ``new`` appended, at most ``cap``; and whether some of
    ``new`` had to be left out."""
    kept = list(current)
    seen = set(kept)
    capped = False
    for node in new:
        if node in seen:
            continue
        if len(kept) >= cap:
            capped = True
            break
        kept.append(node)
        seen.add(node)
    return kept, capped


def path_highlight(search) -> dict:
    """The highlight (nodes and edge ids) of the paths found."""
    nodes, edges = set(), set()
    for path in search.paths:
        nodes.update(path.nodes)
        for hop in path.hops:
            s, o = (hop.source, hop.target) if hop.forward else (hop.target, hop.source)
            edges.add(edge_id(s, hop.relation, o))
    return {"nodes": sorted(nodes), "edges": sorted(edges)}


_DETAILS_HINT = "Search for a concept, or click one on the canvas."


def _backend() -> Backend:
    return flask.current_app.extensions["concept_graph_backend"]


def _search_box(component_id: str, placeholder: str) -> dcc.Dropdown:
    return dcc.Dropdown(id=component_id, placeholder=placeholder, options=[], searchable=True, clearable=True)


def opening_elements(backend: Backend, opening: list[str]) -> tuple[list[dict], str]:
    """The canvas elements of the opening concepts and the status line above them: drawn in
    the layout itself, so the page opens without a callback."""
    try:
        piece = backend.piece(opening)
    except ConceptGraphError as err:  # an endpoint down at start: say so, search may work later
        return [], f"The graph could not be read: {err}"
    elements = to_cytoscape_elements(piece, layered_positions(piece))
    return elements, f"Showing the {len(opening)} best-connected concepts; search to explore."


def make_large_layout(backend: Backend, opening: list[str]) -> html.Div:
    elements, status = opening_elements(backend, opening)
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=WORKING_SET, data=opening),
            dcc.Store(id=ids.SELECTION),
            dcc.Store(id=ids.HIGHLIGHT),
            html.Header(
                [
                    html.H1("Concept graph explorer"),
                    html.Span(backend.description, id=ids.GRAPH_NAME, className="graph-name"),
                    _search_box(ids.SEARCH, "Search concepts…"),
                ],
                className="header",
            ),
            html.Main(
                [
                    html.Section(
                        [
                            html.Div(
                                [
                                    html.Button("Expand selection", id=EXPAND, n_clicks=0),
                                    html.Button("Clear", id=CLEAR, n_clicks=0),
                                ],
                                className="toolbar",
                            ),
                            html.Div(status, id=STATUS, role="status", className="view-status"),
                            make_cytoscape(elements, min_zoom=0.05),
                            make_legend(),
                        ],
                        className="canvas-column",
                    ),
                    html.Section(
                        dcc.Tabs(
                            [
                                dcc.Tab(
                                    label="Details",
                                    value="details",
                                    children=html.Div(
                                        html.P(_DETAILS_HINT, className="hint"), id=ids.DETAILS, className="details"
                                    ),
                                ),
                                dcc.Tab(label="Paths", value="paths", children=_paths_panel()),
                                dcc.Tab(label="SPARQL", value="sparql", children=_sparql_panel()),
                            ],
                            id=ids.TABS,
                            value="details",
                        ),
                        className="side-column",
                    ),
                ],
                className="main",
            ),
        ],
        className="page",
    )


def _paths_panel() -> html.Div:
    return html.Div(
        [
            html.Label(["From", _search_box(LARGE_SOURCE, "Search the source…")]),
            html.Label(["To", _search_box(LARGE_TARGET, "Search the target…")]),
            html.Label(["Paths (k) ", dcc.Input(id=LARGE_K, type="number", min=1, max=MAX_K, value=5)]),
            html.Label(["Maximum length ", dcc.Input(id=LARGE_LENGTH, type="number", min=1, max=MAX_LENGTH, value=6)]),
            html.Button("Find paths", id=LARGE_RUN, n_clicks=0),
            html.Div(id=LARGE_RESULT, role="status"),
        ],
        className="panel",
    )


def _sparql_panel() -> html.Div:
    return html.Div(
        [
            dcc.Textarea(
                id=LARGE_QUERY,
                value="SELECT ?concept ?label WHERE { ?concept skos:prefLabel ?label } LIMIT 20",
                style={"width": "100%", "height": "8rem"},
            ),
            html.Button("Run", id=LARGE_QUERY_RUN, n_clicks=0),
            html.Div(id=LARGE_QUERY_RESULT),
        ],
        className="panel",
    )


def create_large_app(backend: Backend) -> dash.Dash:
    """The explorer for a large graph behind ``backend``."""
    from .app import _secure_headers  # noqa: PLC0415 (shared with the full explorer)

    server = flask.Flask(__name__)
    server.extensions["concept_graph_backend"] = backend
    app = StaticLayoutDash(
        __name__, server=server, title="Concept graph explorer", update_title=None, serve_locally=True
    )
    opening = [str(c.iri) for c in backend.hubs(OPENING_CONCEPTS)]
    app.layout = make_large_layout(backend, opening)
    app.location_id = ids.URL  # a URL without a concept restores nothing: its location stays silent
    _register(app)
    _secure_headers(app)
    return app


def _register(app: dash.Dash) -> None:
    # Every callback waits for the user (or a URL that names a concept): the layout holds the
    # opening view, so the page opens without a round trip.
    @app.callback(Output(ids.SEARCH, "options"), Input(ids.SEARCH, "search_value"), prevent_initial_call=True)
    def search_concepts(text):
        return _search_options(text)

    for box in (LARGE_SOURCE, LARGE_TARGET):

        @app.callback(
            Output(box, "options"), Input(box, "search_value"), State(box, "value"), prevent_initial_call=True
        )
        def search_ends(text, value):
            return _search_options(text)

    @app.callback(
        Output(ids.SELECTION, "data"),
        Output(WORKING_SET, "data"),
        Output(STATUS, "children"),
        Output(ids.HIGHLIGHT, "data"),
        Output(ids.URL, "search"),
        Input(ids.CYTOSCAPE, "tapNodeData"),
        Input(ids.SEARCH, "value"),
        Input({"type": ids.CONCEPT_LINK, "iri": ALL, "at": ALL}, "n_clicks"),
        Input(EXPAND, "n_clicks"),
        Input(CLEAR, "n_clicks"),
        Input(LARGE_RUN, "n_clicks"),
        Input(ids.URL, "search"),
        State(ids.SELECTION, "data"),
        State(WORKING_SET, "data"),
        State(LARGE_SOURCE, "value"),
        State(LARGE_TARGET, "value"),
        State(LARGE_K, "value"),
        State(LARGE_LENGTH, "value"),
        prevent_initial_call=True,
    )
    def act(*args):
        try:
            return _act(*args)
        except ConceptGraphError as err:  # an endpoint down or slow: say so, keep the view
            return no_update, no_update, f"The graph could not be read: {err}", no_update, no_update

    def _act(node, searched, _links, _expand, _clear, _run, url, selection, working, source, target, k, length):
        backend = _backend()
        trigger = ctx.triggered_id
        working = working or []
        if trigger is None or trigger == ids.URL:
            concept = read_query(url).get("concept")
            if not concept:
                return (
                    no_update,
                    no_update,
                    f"Showing the {len(working)} best-connected concepts; search to explore.",
                    None,
                    no_update,
                )
            trigger, searched = ids.SEARCH, concept
        if trigger == CLEAR:
            return None, [], "Cleared: search for a concept to start again.", None, write_query(url, concept=None)
        if trigger == LARGE_RUN:
            return _run_paths(backend, working, source, target, k, length, selection)
        if trigger == EXPAND:
            if not selection:
                raise PreventUpdate
            iri = selection["id"]
        elif trigger == ids.CYTOSCAPE:
            return (
                {"kind": "concept", "id": node["id"]},
                no_update,
                no_update,
                no_update,
                write_query(url, concept=node["id"]),
            )
        elif trigger == ids.SEARCH:
            if not searched:
                raise PreventUpdate
            try:
                iri = str(backend.resolve(searched).iri)
            except ConceptGraphError as err:
                return no_update, no_update, str(err), no_update, no_update
        else:
            if not ctx.triggered[0]["value"]:
                raise PreventUpdate
            iri = trigger["iri"]
        found = backend.neighbourhood(iri, 1, max_nodes=MAX_NODES)
        base = working if trigger == EXPAND else []
        neighbours = [iri] + sorted(n for n in found.graph if n != iri)
        kept, capped = grow(base, neighbours)
        capped = capped or found.capped
        status = f"Showing {len(kept)} concepts" + (
            f" (capped at {MAX_NODES}: {backend.resolve(iri).label} has more neighbours than fit)" if capped else "."
        )
        return {"kind": "concept", "id": iri}, kept, status, None, write_query(url, concept=iri)

    @app.callback(
        Output(ids.CYTOSCAPE, "elements"),
        Output(ids.CYTOSCAPE, "layout"),
        Input(WORKING_SET, "data"),
        Input(ids.HIGHLIGHT, "data"),
        Input(ids.SELECTION, "data"),
        prevent_initial_call=True,
    )
    def draw(working, highlight, selection):
        try:
            piece = _backend().piece(working or [])
        except ConceptGraphError:
            raise PreventUpdate from None  # the status line says what failed
        selected = selection["id"] if selection else None
        elements = to_cytoscape_elements(piece, layered_positions(piece), highlight=highlight, selected=selected)
        relayout = ctx.triggered_id in (None, WORKING_SET)
        return elements, ({"name": "preset", "fit": True, "padding": 24} if relayout else no_update)

    @app.callback(Output(ids.DETAILS, "children"), Input(ids.SELECTION, "data"), prevent_initial_call=True)
    def details(selection):
        if not selection:
            return html.P(_DETAILS_HINT, className="hint")
        try:
            return render_concept(_backend().details(selection["id"]))
        except ConceptGraphError as err:
            return html.P(str(err), className="error")

    @app.callback(
        Output(LARGE_QUERY_RESULT, "children"),
        Input(LARGE_QUERY_RUN, "n_clicks"),
        State(LARGE_QUERY, "value"),
        prevent_initial_call=True,
    )
    def run_query(_n, text):
        try:
            result = _backend().query(text or "", timeout=10, max_rows=500)
        except ConceptGraphError as err:
            return html.P(str(err), className="error", role="alert")
        if result.form == "ASK":
            return html.P("true" if result.boolean else "false")
        head = html.Thead(html.Tr([html.Th(c, scope="col") for c in result.columns]))
        body = html.Tbody([html.Tr([html.Td(shorten(v or "", 80)) for v in row]) for row in result.rows])
        note = [html.P(f"Only the first {len(result.rows)} rows.")] if result.truncated else []
        return [html.Table([head, body], className="results"), *note]


def _search_options(text: str | None) -> list[dict]:
    """Suggestions for a search box; when the graph cannot be read (an endpoint down or slow),
    one disabled suggestion that says why, and the next keystroke tries again."""
    if not text or len(text.strip()) < 2:
        raise PreventUpdate
    try:
        found = _backend().search(text, 20)
    except ConceptGraphError as err:
        return [{"label": f"Search failed: {err}", "value": "", "disabled": True}]
    return [{"label": c.label, "value": str(c.iri)} for c in found]


def _run_paths(backend: Backend, working, source, target, k, length, selection):
    if not source or not target:
        return no_update, no_update, "Choose a source and a target to find paths.", no_update, no_update
    try:
        _, search = backend.paths(source, target, k=int(k or 5), cutoff=int(length or 6))
    except (ConceptGraphError, ValueError) as err:
        return no_update, no_update, str(err), no_update, no_update
    on_paths = [n for path in search.paths for n in path.nodes]
    kept, capped = grow(working, on_paths)
    readings = "; ".join(p.reading for p in search.paths) or "no path found"
    status = f"{len(search.paths)} path(s){' (more exist)' if search.truncated else ''}: {readings}"
    if capped:
        status += f" (the view is capped at {MAX_NODES} concepts)"
    return selection, kept, status, path_highlight(search), no_update
