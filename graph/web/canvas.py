"""The canvas: what it shows (focus, filters, highlight, selection), its layout, its images."""

from __future__ import annotations

import math

from dash import Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from ..drawing import to_svg
from ..positions import cached_positions
from ..views import ViewFilter, filter_view
from . import ids
from .elements import edge_id, to_cytoscape_elements
from .layout import LAYOUTS, filter_options
from .payload import as_dict, as_highlight, as_int, as_list, as_selection, as_text, as_texts
from .state import registry, session_graph
from .urls import expand_name, read_query, short_name, write_query

__all__ = ["register", "view_filter", "view_elements", "describe_view", "canvas_svg"]


def view_filter(view: dict | None) -> ViewFilter:
    view = as_dict(view)
    return ViewFilter(
        focus=as_text(view.get("focus")),
        depth=min(max(as_int(view.get("depth"), 1), 1), 3),
        categories=tuple(as_texts(view.get("categories"))),
        relations=tuple(as_texts(view.get("relations"))),
        sections=tuple(as_texts(view.get("sections"))),
    )


def view_elements(concept_graph, view: dict | None, highlight: dict | None, selection: dict | None) -> list[dict]:
    """The elements the canvas shows for this state."""
    G = concept_graph.network
    shown = filter_view(G, view_filter(view))
    highlight, selection = as_highlight(highlight), as_selection(selection)
    selected = None
    if selection and selection.get("kind") == "concept":
        selected = selection["id"]
    elif selection and selection.get("kind") == "link":
        selected = edge_id(*selection["id"])
    return to_cytoscape_elements(shown, cached_positions(G), highlight=highlight, selected=selected)


def canvas_svg(concept_graph, drawn: dict | None, highlight: dict | None, selection: dict | None, name: str) -> str:
    """The canvas as the browser shows it, as SVG: ``drawn`` is what the page reports,
    ``{"nodes": [[id, x, y], ...], "edges": [element id, ...]}``. Only its ids and positions are
    used (labels and styles come from the graph); unknown ids and malformed entries are
    skipped, so a forged report can draw nothing but this graph."""
    G = concept_graph.network
    drawn, highlight, selection = as_dict(drawn), as_highlight(highlight), as_selection(selection)
    positions = {}
    for entry in as_list(drawn.get("nodes")):
        if (
            isinstance(entry, list)
            and len(entry) == 3
            and isinstance(entry[0], str)
            and entry[0] in G
            and all(isinstance(c, int | float) and not isinstance(c, bool) and math.isfinite(c) for c in entry[1:])
        ):
            positions[entry[0]] = (float(entry[1]), float(entry[2]))
    links = {edge_id(u, key, v): (u, key, v) for u, v, key in G.edges(keys=True) if u in positions and v in positions}
    wanted = drawn.get("edges")
    edges = [links[e] for e in wanted if isinstance(e, str) and e in links] if isinstance(wanted, list) else None
    lit = None
    if highlight:
        lit = {"nodes": highlight["nodes"], "edges": [links[e] for e in highlight["edges"] if e in links]}
    selected = None
    if selection and selection["kind"] == "concept":
        selected = selection["id"]
    elif selection:
        selected = tuple(selection["id"])
    return to_svg(G, positions, edges=edges, highlight=lit, selected=selected, title=name)


def describe_view(concept_graph, view: dict | None, shown: int) -> str:
    filters = view_filter(view)
    total = len(concept_graph.concepts)
    parts = [f"Showing {shown} of {total} concepts"]
    if filters.focus:
        focus = concept_graph.find(filters.focus)
        parts.append(f"within {filters.depth} link(s) of {focus.label if focus else filters.focus}")
    chosen = [
        name
        for name, values in (
            ("category", filters.categories),
            ("relation", filters.relations),
            ("section", filters.sections),
        )
        if values
    ]
    if chosen:
        parts.append("filtered by " + ", ".join(chosen))
    return "; ".join(parts) + "."


def register(app) -> None:
    @app.callback(
        Output(ids.VIEW, "data"),
        Output(ids.CATEGORY_FILTER, "value"),
        Output(ids.RELATION_FILTER, "value"),
        Output(ids.SECTION_FILTER, "value"),
        Output(ids.DEPTH, "value"),
        Output(ids.HIGHLIGHT, "data", allow_duplicate=True),
        Output(ids.URL, "search", allow_duplicate=True),
        Input(ids.FOCUS, "n_clicks"),
        Input(ids.RESET, "n_clicks"),
        Input(ids.DEPTH, "value"),
        Input(ids.CATEGORY_FILTER, "value"),
        Input(ids.RELATION_FILTER, "value"),
        Input(ids.SECTION_FILTER, "value"),
        Input(ids.URL_STATE, "data"),
        State(ids.SELECTION, "data"),
        State(ids.VIEW, "data"),
        State(ids.GRAPH, "data"),
        prevent_initial_call=True,
    )
    def update_view(_focus, _reset, depth, categories, relations, sections, search_string, selection, view, token):
        concept_graph = session_graph(token)
        view, selection, search_string = dict(as_dict(view)), as_selection(selection), as_text(search_string)
        depth, categories, relations, sections = as_int(depth, 1), *map(as_texts, (categories, relations, sections))
        trigger = ctx.triggered_id
        if trigger == ids.RESET:
            return {}, [], [], [], 1, None, write_query(search_string, focus=None, depth=None)
        if trigger == ids.URL_STATE:
            params = read_query(search_string)
            focus = params.get("focus")
            concept = concept_graph.find(expand_name(concept_graph, focus)) if focus else None
            wanted = {"focus": str(concept.iri), "depth": int(params.get("depth", 1))} if concept else {}
            if {k: view.get(k) for k in ("focus", "depth")} == {k: wanted.get(k) for k in ("focus", "depth")}:
                raise PreventUpdate
            view.update(focus=wanted.get("focus"), depth=wanted.get("depth", 1))
            return view, no_update, no_update, no_update, view["depth"], no_update, no_update
        if trigger == ids.FOCUS:
            if not selection or selection.get("kind") != "concept":
                raise PreventUpdate
            view["focus"] = selection["id"]
        view.update(
            depth=int(depth or 1), categories=categories or [], relations=relations or [], sections=sections or []
        )
        focus = view.get("focus")
        url = write_query(
            search_string,
            focus=short_name(concept_graph, focus) if focus else None,
            depth=view["depth"] if focus else None,
        )
        return view, no_update, no_update, no_update, no_update, no_update, url

    @app.callback(
        Output(ids.CYTOSCAPE, "elements"),
        Output(ids.VIEW_STATUS, "children"),
        Output(ids.CYTOSCAPE, "layout", allow_duplicate=True),
        Input(ids.VIEW, "data"),
        Input(ids.HIGHLIGHT, "data"),
        Input(ids.SELECTION, "data"),
        Input(ids.GRAPH, "data"),
        State(ids.LAYOUT, "value"),
        prevent_initial_call=True,
    )
    def draw(view, highlight, selection, token, layout_name):
        if set(ctx.triggered_prop_ids.values()) == {ids.GRAPH} and not registry().known(token):
            # The session store announcing itself as the page loads: the layout already shows the
            # default graph, and redrawing (with a refit) would move the canvas under the user.
            raise PreventUpdate
        concept_graph = session_graph(token)
        elements = view_elements(concept_graph, view, highlight, selection)
        shown = sum(1 for e in elements if "source" not in e["data"])
        relayout = ctx.triggered_id in (ids.VIEW, ids.GRAPH)
        layout = _layout(layout_name) if relayout else no_update
        return elements, describe_view(concept_graph, view, shown), layout

    @app.callback(
        Output(ids.CYTOSCAPE, "layout", allow_duplicate=True),
        Input(ids.LAYOUT, "value"),
        prevent_initial_call=True,
    )
    def choose_layout(name):
        if not isinstance(name, str) or name not in LAYOUTS:
            raise PreventUpdate
        return _layout(name)

    @app.callback(
        Output(ids.CYTOSCAPE, "generateImage"),
        Input(ids.IMAGE_PNG, "n_clicks"),
        prevent_initial_call=True,
    )
    def download_png(_png):
        return {
            "type": "png",
            "action": "download",
            "filename": "concept-graph",
            "options": {"full": True, "bg": "#ffffff"},
        }

    # SVG: the page reports what it draws (ids and positions, whatever the layout), the server
    # draws it (graph.drawing), so the page needs no SVG extension in its Cytoscape bundle.
    app.clientside_callback(
        """
        function (clicks) {
            const host = document.getElementById("CYTOSCAPE_ID");
            const cy = host && host._cyreg && host._cyreg.cy;
            if (!clicks || !cy) { return window.dash_clientside.no_update; }
            const round = v => Math.round(v * 10) / 10;
            return {
                nodes: cy.nodes().map(n => [n.id(), round(n.position("x")), round(n.position("y"))]),
                edges: cy.edges().map(e => e.id()),
            };
        }
        """.replace("CYTOSCAPE_ID", ids.CYTOSCAPE),
        Output(ids.IMAGE_SVG_DRAWN, "data"),
        Input(ids.IMAGE_SVG, "n_clicks"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.IMAGE_DOWNLOAD, "data"),
        Input(ids.IMAGE_SVG_DRAWN, "data"),
        State(ids.HIGHLIGHT, "data"),
        State(ids.SELECTION, "data"),
        State(ids.GRAPH, "data"),
        prevent_initial_call=True,
    )
    def download_svg(drawn, highlight, selection, token):
        concept_graph, name = registry().lookup(token)
        svg = canvas_svg(concept_graph, drawn, highlight, selection, name)
        return {"content": svg, "filename": "concept-graph.svg", "type": "image/svg+xml"}

    @app.callback(
        Output(ids.CATEGORY_FILTER, "options"),
        Output(ids.RELATION_FILTER, "options"),
        Output(ids.SECTION_FILTER, "options"),
        Output(ids.GRAPH_NAME, "children"),
        Input(ids.GRAPH, "data"),
        State(ids.GRAPH_NAME, "children"),
        prevent_initial_call=True,
    )
    def graph_changed(token, shown):
        concept_graph, name = registry().lookup(token)
        if name == shown:
            raise PreventUpdate  # the options on the page are this graph's already
        categories, relations, sections = filter_options(concept_graph)
        return categories, relations, sections, name

    # Centre the canvas on a concept chosen outside it (search, panel, trail, URL).
    app.clientside_callback(
        """
        function (selection) {
            if (!selection || selection.kind !== "concept" || selection.origin === "canvas") {
                return window.dash_clientside.no_update;
            }
            const host = document.getElementById("CYTOSCAPE_ID");
            const cy = host && host._cyreg && host._cyreg.cy;
            if (cy) {
                const node = cy.getElementById(selection.id);
                if (node && node.length) {
                    cy.animate({center: {eles: node}, zoom: Math.max(cy.zoom(), 0.9)}, {duration: 250});
                }
            }
            return "";
        }
        """.replace("CYTOSCAPE_ID", ids.CYTOSCAPE),
        Output(ids.CENTRE, "children"),
        Input(ids.SELECTION, "data"),
        prevent_initial_call=True,
    )


def _layout(name: str | None) -> dict:
    name = name if isinstance(name, str) and name in LAYOUTS else "preset"
    layout = {"name": name, "fit": True, "padding": 24, "animate": False}
    if name == "breadthfirst":
        layout["directed"] = True
    if name == "cose":
        layout["numIter"] = 400
    return layout
