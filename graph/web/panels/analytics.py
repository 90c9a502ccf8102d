"""The Analytics tab: the concepts that bridge the most causal paths (a bar chart of
betweenness; clicking a bar selects the concept) and the flow of causal links between categories
(a Sankey diagram). Only SVG trace types are used: they draw under the app's
Content-Security-Policy, which forbids ``eval`` (WebGL traces compile code at run time)."""

from __future__ import annotations

from collections import Counter

import networkx as nx
import plotly.graph_objects as go
from dash import Input, Output, State, dcc, html, no_update
from dash.exceptions import PreventUpdate

from ...centrality import centrality
from ...model import ConceptGraph
from .. import ids
from ..elements import CATEGORY_STYLES, POLARITY_STYLES
from ..payload import as_dict, as_list
from ..state import session_graph
from ..urls import short_name, write_query

__all__ = [
    "TAB_LABEL",
    "TAB_VALUE",
    "TOP",
    "UNCATEGORISED",
    "make_panel",
    "register",
    "bar_data",
    "centrality_figure",
    "category_flows",
    "category_order",
    "flow_figure",
    "clicked_concept",
]

TAB_LABEL = "Analytics"
TAB_VALUE = "analytics"

TOP = 15  # concepts in the bar chart
UNCATEGORISED = "Uncategorised"
_FONT = {"family": "system-ui, sans-serif", "size": 12, "color": "#111827"}
_CONFIG = {"displayModeBar": False, "responsive": True}  # zooming a ranking helps nobody


def _rgba(colour: str, alpha: float) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


# Centrality ----------------------------------------------------------------------------------
def bar_data(G: nx.MultiDiGraph, top: int = TOP) -> dict[str, list]:
    """The most central concepts, in the order a horizontal bar chart draws them (bottom bar
    first, so the most central is on top): labels, betweenness, IRIs."""
    scores = list(reversed(centrality(G, top=top)))
    return {
        "labels": [c.label for c in scores],
        "values": [round(c.betweenness, 4) for c in scores],
        "iris": [c.node for c in scores],
        "degrees": [c.degree for c in scores],
    }


def centrality_figure(G: nx.MultiDiGraph, top: int = TOP) -> go.Figure:
    data = bar_data(G, top)
    figure = go.Figure(
        go.Bar(
            x=data["values"],
            y=data["labels"],
            orientation="h",
            customdata=list(zip(data["iris"], data["degrees"], strict=True)),
            marker={"color": "#1f6aa5"},
            text=[f"{value:.3f}" for value in data["values"]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}<br>betweenness %{x:.3f}<br>%{customdata[1]} links<extra></extra>",
        )
    )
    figure.update_layout(
        height=max(160, 26 * len(data["labels"]) + 70),
        margin={"l": 8, "r": 40, "t": 8, "b": 36},
        font=_FONT,
        xaxis={"title": {"text": "Betweenness"}, "rangemode": "tozero"},
        hovermode="y",  # a click anywhere along a row picks its bar, however short
        yaxis={"automargin": True},
        plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff",
    )
    return figure


def clicked_concept(click_data: dict | None) -> str | None:
    """The IRI of the bar a person clicked (``clickData`` of the bar chart), or None."""
    points = as_list(as_dict(click_data).get("points"))
    custom = as_dict(points[0]).get("customdata") if points else None
    return custom[0] if isinstance(custom, list | tuple) and custom and isinstance(custom[0], str) else None


# Category flow -------------------------------------------------------------------------------
def category_order(concept_graph: ConceptGraph) -> list[str]:
    """The categories in the ontology's order, then ``UNCATEGORISED``."""
    return [*concept_graph.category_classes.values(), UNCATEGORISED]


def category_flows(G: nx.MultiDiGraph) -> Counter:
    """How many causal links run from one category to another, by polarity:
    ``{(source category, target category, polarity): count}``."""

    def category(node: str) -> str:
        return G.nodes[node].get("category_label") or UNCATEGORISED

    return Counter(
        (category(u), category(v), data["polarity"]) for u, v, data in G.edges(data=True) if data.get("causal")
    )


def flow_figure(flows: Counter, order: list[str]) -> go.Figure:
    """A Sankey diagram: categories as sources on the left and as targets on the right, one band
    per polarity coloured as on the canvas."""
    used = {name for source, target, _ in flows for name in (source, target)}
    names = [name for name in order if name in used] + sorted(used - set(order))
    left = {name: i for i, name in enumerate(names)}
    right = {name: i + len(names) for i, name in enumerate(names)}
    colours = [CATEGORY_STYLES.get(name, CATEGORY_STYLES[None])[1] for name in names]
    links = sorted(flows.items(), key=lambda item: (left[item[0][0]], left[item[0][1]], item[0][2]))
    polarity_words = {p: meaning for p, (_, _, _, meaning) in POLARITY_STYLES.items()}
    figure = go.Figure(
        go.Sankey(
            arrangement="fixed",
            node={
                "label": names + names,
                "color": colours + colours,
                "pad": 14,
                "thickness": 14,
                "line": {"width": 0},
                "hovertemplate": "%{label}: %{value} causal links<extra></extra>",
            },
            link={
                "source": [left[source] for (source, _, _), _ in links],
                "target": [right[target] for (_, target, _), _ in links],
                "value": [count for _, count in links],
                "color": [_rgba(POLARITY_STYLES.get(p, POLARITY_STYLES["0"])[0], 0.45) for (_, _, p), _ in links],
                "customdata": [f"{p} {polarity_words.get(p, '')}" for (_, _, p), _ in links],
                "hovertemplate": "%{source.label} → %{target.label}<br>%{value} links (%{customdata})<extra></extra>",
            },
        )
    )
    figure.update_layout(
        height=max(260, 60 * len(names)),
        margin={"l": 8, "r": 8, "t": 8, "b": 8},
        font=_FONT,
        paper_bgcolor="#ffffff",
    )
    return figure


# Layout and callbacks ------------------------------------------------------------------------
def _figures(concept_graph: ConceptGraph) -> tuple[go.Figure, go.Figure]:
    G = concept_graph.network
    return centrality_figure(G), flow_figure(category_flows(G), category_order(concept_graph))


def make_panel(concept_graph: ConceptGraph) -> html.Div:
    bars, flows = _figures(concept_graph)
    return html.Div(
        [
            dcc.Store(id=ids.ANALYTICS_STATE, data={"token": None}),
            html.H3("Most central concepts"),
            html.P("Concepts that lie on the most shortest causal paths. Click a bar to select it.", className="hint"),
            dcc.Graph(id=ids.CENTRALITY_CHART, figure=bars, config=_CONFIG),
            html.H3("Causal links between categories"),
            html.P(
                "Left: the category a link comes from; right: the category it leads to. "
                "Blue bands increase or lead to, red ones decrease or mitigate, grey ones moderate.",
                className="hint",
            ),
            dcc.Graph(id=ids.CATEGORY_FLOW_CHART, figure=flows, config=_CONFIG),
        ],
        className="panel analytics-panel",
    )


def register(app) -> None:
    @app.callback(
        Output(ids.CENTRALITY_CHART, "figure"),
        Output(ids.CATEGORY_FLOW_CHART, "figure"),
        Output(ids.ANALYTICS_STATE, "data"),
        Input(ids.GRAPH, "data"),
        State(ids.ANALYTICS_STATE, "data"),
        prevent_initial_call=True,
    )
    def redraw(token, state):
        token = token or None  # the store's empty value
        if token == as_dict(state).get("token"):
            raise PreventUpdate  # the page opened on the graph already drawn
        return *_figures(session_graph(token)), {"token": token}

    # A bar selects its concept through the URL, which the selection callback follows (it is the
    # one writer of the selection); the person stays on this tab while the canvas centres on it.
    @app.callback(
        Output(ids.URL, "search", allow_duplicate=True),
        Input(ids.CENTRALITY_CHART, "clickData"),
        State(ids.URL, "search"),
        State(ids.GRAPH, "data"),
        prevent_initial_call=True,
    )
    def select_bar(click_data, search_string, token):
        concept_graph = session_graph(token)
        iri = clicked_concept(click_data)
        if not iri or concept_graph.find(iri) is None:
            raise PreventUpdate
        url = write_query(search_string, concept=short_name(concept_graph, iri), link=None)
        return url if url != search_string else no_update
