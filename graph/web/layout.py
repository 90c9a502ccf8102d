"""The page, built from small ``make_*`` functions. Graph text is always passed to components as
plain strings (React escapes it); nothing here renders HTML from data."""

from __future__ import annotations

import dash_cytoscape as cyto
from dash import dcc, html

from ..model import ConceptGraph
from ..positions import cached_positions
from . import ids
from .elements import CATEGORY_STYLES, POLARITY_STYLES, stylesheet, to_cytoscape_elements

__all__ = ["make_layout", "make_cytoscape", "make_whole_graph_cytoscape", "make_legend", "filter_options", "LAYOUTS"]

#: Layouts offered: "preset" uses the positions computed on the server; the others run in the
#: browser and suit small views.
LAYOUTS = {
    "preset": "Causes → effects (default)",
    "cose": "Force-directed",
    "breadthfirst": "Tree",
    "concentric": "Concentric",
    "circle": "Circle",
    "grid": "Grid",
}


def make_header(name: str) -> html.Header:
    return html.Header(
        [
            html.H1("Concept graph explorer"),
            html.Span(name, id=ids.GRAPH_NAME, className="graph-name"),
            dcc.Dropdown(
                id=ids.SEARCH,
                placeholder="Search concepts…",
                options=[],
                searchable=True,
                clearable=True,
                className="search",
            ),
            html.Div(id=ids.GRAPH_MESSAGE, role="status", className="graph-message"),
        ],
        className="header",
    )


def filter_options(concept_graph: ConceptGraph) -> tuple[list, list, list]:
    """Options of the category, relation and section filters for ``concept_graph``."""
    categories = sorted({c.category_label for c in concept_graph.concepts.values() if c.category_label})
    order = {label: i for i, label in enumerate(concept_graph.category_classes.values())}
    categories.sort(key=lambda label: order.get(label, 99))
    relations = sorted(concept_graph.relation_types.values(), key=lambda t: (not t.causal, t.label))
    sections = [p for p in concept_graph.source_parts if p.text]
    return (
        [{"label": label, "value": label} for label in categories],
        [{"label": f"{t.label} ({t.polarity})", "value": str(t.iri)} for t in relations],
        [{"label": p.title, "value": str(p.iri)} for p in sections],
    )


def make_toolbar(concept_graph: ConceptGraph) -> html.Div:
    categories, relations, sections = filter_options(concept_graph)
    return html.Div(
        [
            html.Label(["Layout ", dcc.Dropdown(id=ids.LAYOUT, options=LAYOUTS, value="preset", clearable=False)]),
            html.Button("Focus on selection", id=ids.FOCUS, n_clicks=0),
            html.Label(
                [
                    "Depth ",
                    dcc.Dropdown(id=ids.DEPTH, options=[1, 2, 3], value=1, clearable=False, className="depth"),
                ]
            ),
            html.Button("Reset view", id=ids.RESET, n_clicks=0),
            html.Details(
                [
                    html.Summary("Filters"),
                    html.Fieldset(
                        [html.Legend("Categories"), dcc.Checklist(id=ids.CATEGORY_FILTER, options=categories)]
                    ),
                    html.Fieldset([html.Legend("Relations"), dcc.Checklist(id=ids.RELATION_FILTER, options=relations)]),
                    html.Fieldset(
                        [html.Legend("Article sections"), dcc.Checklist(id=ids.SECTION_FILTER, options=sections)]
                    ),
                ],
                className="filters",
            ),
            html.Button("PNG", id=ids.IMAGE_PNG, n_clicks=0, title="Download the canvas as PNG"),
            html.Button("SVG", id=ids.IMAGE_SVG, n_clicks=0, title="Download the canvas as SVG"),
            dcc.Store(id=ids.IMAGE_SVG_DRAWN),
            dcc.Download(id=ids.IMAGE_DOWNLOAD),
        ],
        className="toolbar",
    )


def make_legend() -> html.Div:
    items = [
        html.Li(
            [
                html.Span(
                    className=f"swatch swatch-{(c or 'none').lower()}",
                    style={"background": fill, "borderColor": border},
                ),
                c,
            ]
        )
        for c, (fill, border, _) in CATEGORY_STYLES.items()
        if c
    ]
    links = [
        html.Li([html.Span(className="line", style={"borderTop": f"3px {line} {colour}"}), f"{polarity} {meaning}"])
        for polarity, (colour, line, _, meaning) in POLARITY_STYLES.items()
    ]
    return html.Div(
        [html.Ul(items, className="legend-categories"), html.Ul(links, className="legend-links")],
        id=ids.LEGEND,
        className="legend",
    )


def make_cytoscape(elements: list[dict], min_zoom: float = 0.1) -> cyto.Cytoscape:
    """The canvas: positions come from the server (``preset``), so the layout never reruns on
    its own when elements change. Mounted in the initial layout, never from a callback
    (dash-cytoscape 1.0.2 fails to mount under Dash 4 when it first appears in a callback's output)."""
    return cyto.Cytoscape(
        id=ids.CYTOSCAPE,
        elements=elements,
        layout={"name": "preset", "fit": True, "padding": 24},
        stylesheet=stylesheet(),
        autoRefreshLayout=False,
        minZoom=min_zoom,
        maxZoom=3,
        style={"width": "100%", "height": "100%"},
        className="canvas",
    )


def make_whole_graph_cytoscape(concept_graph: ConceptGraph) -> cyto.Cytoscape:
    """The canvas drawing every concept and link, at the positions computed on the server."""
    G = concept_graph.network
    return make_cytoscape(to_cytoscape_elements(G, cached_positions(G)))


def make_canvas(concept_graph: ConceptGraph) -> html.Section:
    return html.Section(
        [
            make_toolbar(concept_graph),
            html.Div(id=ids.VIEW_STATUS, role="status", className="view-status"),
            make_whole_graph_cytoscape(concept_graph),
            make_legend(),
        ],
        className="canvas-column",
        **{"aria-label": "Graph canvas"},
    )


def make_details_tab() -> dcc.Tab:
    return dcc.Tab(
        label="Details",
        value="details",
        children=[
            html.Div(
                [
                    html.Button("← Back", id=ids.BACK, n_clicks=0, disabled=True),
                    html.Nav(id=ids.TRAIL_LIST, className="trail", **{"aria-label": "Visited concepts"}),
                ],
                className="trail-bar",
            ),
            html.Div(
                html.P("Click a concept or a link, or search for a concept.", className="hint"),
                id=ids.DETAILS,
                className="details",
                **{"aria-live": "polite"},
            ),
        ],
    )


def make_layout(concept_graph: ConceptGraph, name: str, panels: tuple = ()) -> html.Div:
    """The whole page. ``panels`` are modules with ``TAB_LABEL``, ``TAB_VALUE`` and
    ``make_panel(concept_graph)``, each shown as a tab after Details."""
    tabs = [make_details_tab()] + [
        dcc.Tab(label=panel.TAB_LABEL, value=panel.TAB_VALUE, children=panel.make_panel(concept_graph))
        for panel in panels
    ]
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.URL_STATE, data=""),
            # Not None: an empty store whose data differs from the (empty) session storage
            # would announce itself on every page load and run every callback that reads it.
            dcc.Store(id=ids.GRAPH, data="", storage_type="session"),
            dcc.Store(id=ids.SELECTION),
            dcc.Store(id=ids.TRAIL, data=[]),
            dcc.Store(id=ids.VIEW, data={}),
            dcc.Store(id=ids.HIGHLIGHT),
            html.Div(id=ids.CENTRE, hidden=True),
            make_header(name),
            html.Main(
                [
                    make_canvas(concept_graph),
                    html.Section(dcc.Tabs(tabs, id=ids.TABS, value="details"), className="side-column"),
                ],
                className="main",
            ),
        ],
        className="page",
    )
