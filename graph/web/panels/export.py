"""The Export tab: the whole graph, the current view or the highlighted path, in any of the
library's export formats; RDF exports of a part keep its labels and evidence."""

from __future__ import annotations

import networkx as nx
from dash import Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate

from ...errors import DataError
from ...export import EXTENSIONS, MEDIA_TYPES, VIEW_FORMATS, export_view
from ...model import ConceptGraph
from ...views import filter_view
from .. import ids
from ..canvas import view_filter
from ..elements import edge_id
from ..state import session_graph

__all__ = [
    "TAB_LABEL",
    "TAB_VALUE",
    "SCOPES",
    "FORMAT_LABELS",
    "DOWNLOAD_ROUTE",
    "path_view",
    "scope_view",
    "describe_scope",
    "export_file",
    "make_panel",
    "register",
]

TAB_LABEL = "Export"
TAB_VALUE = "export"

#: What can be exported.
SCOPES = {
    "all": "The whole graph",
    "view": "The current view (focus and filters)",
    "path": "The highlighted path or loop",
}
FORMAT_LABELS = {
    "turtle": "Turtle",
    "json-ld": "JSON-LD",
    "nt": "N-Triples",
    "xml": "RDF/XML",
    "graphml": "GraphML (Gephi, Cytoscape)",
    "csv": "CSV (one row per link)",
}
#: The plain route serving the default graph (see ``graph.web.routes``); ``{extension}`` as in
#: ``graph.export.EXTENSIONS`` without its dot.
DOWNLOAD_ROUTE = "/download/graph.{extension}"


def path_view(G: nx.MultiDiGraph, highlight: dict | None) -> nx.MultiDiGraph:
    """The part of ``G`` a highlight shows: its nodes and the links whose canvas edge ids it
    lists (``{"nodes": [...], "edges": [edge ids]}``, as the canvas receives it)."""
    highlight = highlight or {}
    wanted = set(highlight.get("edges") or ())
    links = {(u, v, key) for u, v, key in G.edges(keys=True) if edge_id(u, key, v) in wanted}
    nodes = {n for n in highlight.get("nodes") or () if n in G} | {n for u, v, _ in links for n in (u, v)}
    return nx.subgraph_view(G.subgraph(nodes), filter_edge=lambda u, v, key: (u, v, key) in links)


def scope_view(
    concept_graph: ConceptGraph, scope: str, view: dict | None, highlight: dict | None
) -> nx.MultiDiGraph | None:
    """The part of the graph ``scope`` names (None for the whole graph).

    Raises
    ------
    DataError
        For an unknown scope, or the path scope when nothing is highlighted.
    """
    if scope == "all":
        return None
    if scope == "view":
        return filter_view(concept_graph.network, view_filter(view))
    if scope == "path":
        part = path_view(concept_graph.network, highlight)
        if part.number_of_nodes() == 0:
            raise DataError("nothing is highlighted: find a path (Paths tab) or a loop (Loops tab) first")
        return part
    raise DataError(f"unknown export scope {scope!r} (known: {', '.join(SCOPES)})")


def describe_scope(concept_graph: ConceptGraph, scope: str, view: dict | None, highlight: dict | None) -> str:
    """What an export of ``scope`` holds, in one sentence."""
    try:
        part = scope_view(concept_graph, scope, view, highlight)
    except DataError as err:
        return f"Nothing to export yet: {err}."
    G = concept_graph.network if part is None else part
    what = SCOPES.get(scope, scope)
    return f"{what}: {G.number_of_nodes():,} concepts and {G.number_of_edges():,} links."


def export_file(
    concept_graph: ConceptGraph, scope: str, format: str, view: dict | None, highlight: dict | None
) -> tuple[str, str]:
    """The text and file name of an export.

    Raises
    ------
    DataError
        For an unknown scope or format, or the path scope when nothing is highlighted.
    """
    if format not in VIEW_FORMATS:
        raise DataError(f"unknown export format {format!r} (known: {', '.join(VIEW_FORMATS)})")
    text = export_view(concept_graph, format, scope_view(concept_graph, scope, view, highlight))
    suffix = "" if scope == "all" else f"-{scope}"
    return text, f"concept-graph{suffix}{EXTENSIONS[format]}"


# Layout --------------------------------------------------------------------------------------
def _route_links() -> html.Ul:
    return html.Ul(
        [
            html.Li(html.A(FORMAT_LABELS[f], href=DOWNLOAD_ROUTE.format(extension=EXTENSIONS[f].lstrip("."))))
            for f in VIEW_FORMATS
        ],
        className="route-links",
    )


def make_panel(concept_graph: ConceptGraph) -> html.Div:
    return html.Div(
        [
            html.H2("Export"),
            html.Fieldset(
                [
                    html.Legend("What"),
                    dcc.RadioItems(
                        id=ids.EXPORT_SCOPE,
                        options=[{"label": label, "value": value} for value, label in SCOPES.items()],
                        value="all",
                    ),
                ]
            ),
            html.Fieldset(
                [
                    html.Legend("Format"),
                    dcc.RadioItems(
                        id=ids.EXPORT_FORMAT,
                        options=[{"label": FORMAT_LABELS.get(f, f), "value": f} for f in VIEW_FORMATS],
                        value="turtle",
                    ),
                ]
            ),
            html.P(describe_scope(concept_graph, "all", None, None), id=ids.EXPORT_SUMMARY, className="hint"),
            html.Button("Download", id=ids.EXPORT_BUTTON, n_clicks=0, className="primary"),
            html.Div(id=ids.EXPORT_STATUS, role="status"),
            dcc.Download(id=ids.EXPORT_DOWNLOAD),
            html.P(
                "RDF exports of a part keep the labels and categories of its concepts and, for every "
                "link, its statement with the quote and the section it comes from. GraphML and CSV carry "
                "the quotes as attributes."
            ),
            html.P(
                "A picture of the canvas as it is drawn: use the PNG and SVG buttons above the graph.",
                className="hint",
            ),
            html.H3("Links to the article graph"),
            html.P("Stable addresses of the whole default graph, for scripts and other tools:", className="hint"),
            _route_links(),
        ],
        className="panel export-panel",
    )


# Callbacks -----------------------------------------------------------------------------------
def register(app) -> None:
    @app.callback(
        Output(ids.EXPORT_SUMMARY, "children"),
        Input(ids.EXPORT_SCOPE, "value"),
        Input(ids.VIEW, "data"),
        Input(ids.HIGHLIGHT, "data"),
        Input(ids.GRAPH, "data"),
        prevent_initial_call=True,
    )
    def summarise(scope, view, highlight, token):
        return describe_scope(session_graph(token), scope, view, highlight)

    @app.callback(
        Output(ids.EXPORT_DOWNLOAD, "data"),
        Output(ids.EXPORT_STATUS, "children"),
        Input(ids.EXPORT_BUTTON, "n_clicks"),
        State(ids.EXPORT_SCOPE, "value"),
        State(ids.EXPORT_FORMAT, "value"),
        State(ids.VIEW, "data"),
        State(ids.HIGHLIGHT, "data"),
        State(ids.GRAPH, "data"),
        prevent_initial_call=True,
    )
    def download(clicks, scope, format, view, highlight, token):
        if not clicks:
            raise PreventUpdate
        try:
            text, filename = export_file(session_graph(token), scope, format, view, highlight)
        except DataError as err:
            return None, html.P(f"Cannot export: {err}.", className="error")
        return dcc.send_string(text, filename, type=MEDIA_TYPES[format]), html.P(f"Downloaded {filename}.")
