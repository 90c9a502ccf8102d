"""The Loops tab: the feedback loops of the graph (named loops first), each reinforcing or
balancing; clicking one draws it on the canvas and unfolds its links with their evidence."""

from __future__ import annotations

from dash import ALL, Input, Output, State, ctx, dcc, html
from dash.exceptions import PreventUpdate

from ...loops import Loop, LoopSearch, feedback_loops
from ...model import ConceptGraph
from .. import ids
from ..payload import as_dict, as_int, as_list
from ..state import session_graph
from .paths import chain_highlight, label_of, render_hop

__all__ = [
    "TAB_LABEL",
    "TAB_VALUE",
    "LENGTHS",
    "make_panel",
    "register",
    "find_loops",
    "loop_title",
    "render_loop",
    "render_loops",
    "loop_highlights",
    "shown_state",
]

TAB_LABEL = "Loops"
TAB_VALUE = "loops"

LENGTHS = range(2, 9)  # the maximum loop lengths offered
DEFAULT_LENGTH = 6
LIMIT = 100  # loops listed at most
TIME_BUDGET = 0.5  # seconds the enumeration may take before it reports itself truncated

_KIND_MEANING = {
    "reinforcing": "an even number of negative links: a change grows round the loop",
    "balancing": "an odd number of negative links: a change is damped round the loop",
}
_TRUNCATED = {
    "limit": f"Only the first {LIMIT} loops are listed.",
    "time budget": "The search stopped at its time limit; more loops may exist.",
}


def find_loops(concept_graph: ConceptGraph, length: int | None) -> LoopSearch:
    """The feedback loops of at most ``length`` links (clamped to ``LENGTHS``)."""
    length = min(max(as_int(length, DEFAULT_LENGTH) or DEFAULT_LENGTH, LENGTHS.start), LENGTHS.stop - 1)
    return feedback_loops(concept_graph.network, length, limit=LIMIT, time_budget=TIME_BUDGET)


def loop_title(concept_graph: ConceptGraph, loop: Loop) -> str:
    """The concepts that name the loop (such as "Loneliness spiral loop"), else its chain."""
    if loop.named_by:
        return " / ".join(label_of(concept_graph, n) for n in loop.named_by)
    return " → ".join(label_of(concept_graph, n) for n in loop.nodes)


def loop_highlights(found: LoopSearch) -> list[dict]:
    return [chain_highlight(loop.nodes, loop.hops) for loop in found.loops]


def render_loop(concept_graph: ConceptGraph, loop: Loop, index: int) -> html.Li:
    """A loop: its title (a button drawing it on the canvas), its kind and length, its reading,
    and its links with their evidence folded beneath."""
    return html.Li(
        [
            html.Button(loop_title(concept_graph, loop), id={"type": ids.LOOP_SHOW, "index": index}, n_clicks=0),
            html.Div(
                [
                    html.Span(
                        loop.kind.capitalize(),
                        title=_KIND_MEANING.get(loop.kind, ""),
                        className=f"loop-kind loop-{loop.kind}",
                    ),
                    html.Span(f"{loop.length} links", className="loop-length"),
                ],
                className="loop-meta",
            ),
            html.P(loop.reading, className="reading"),
            html.Details(
                [
                    html.Summary("Links and evidence"),
                    *[render_hop(concept_graph, hop, open_=True) for hop in loop.hops],
                ],
                id={"type": ids.LOOP_LINKS, "index": index},
                open=False,
                className="loop-links",
            ),
        ],
        id={"type": ids.LOOP_CARD, "index": index},
        className="loop-card",
    )


def render_loops(concept_graph: ConceptGraph, found: LoopSearch) -> list:
    if not found.loops:
        return [html.P("No feedback loop of signed causal links within this length.", className="none")]
    count = len(found.loops)
    named = sum(1 for loop in found.loops if loop.named_by)
    summary = f"{count} loop{'' if count == 1 else 's'}" + (f", {named} named in the text first." if named else ".")
    note = _TRUNCATED.get(found.reason or "") if found.truncated else None
    return [
        html.P(summary, className="loop-summary", role="status"),
        *([html.P(note, className="truncated")] if note else []),
        html.Ol([render_loop(concept_graph, loop, i) for i, loop in enumerate(found.loops)], className="loop-list"),
    ]


def shown_state(count: int, shown: int) -> tuple[list[str], list[bool]]:
    """Class names of the loop cards and whether their links are unfolded, with loop ``shown``
    drawn."""
    return (
        ["loop-card shown" if i == shown else "loop-card" for i in range(count)],
        [i == shown for i in range(count)],
    )


def make_panel(concept_graph: ConceptGraph) -> html.Div:
    found = find_loops(concept_graph, DEFAULT_LENGTH)
    return html.Div(
        [
            dcc.Store(id=ids.LOOP_STATE, data={"token": None, "highlights": loop_highlights(found)}),
            html.Label(
                [
                    "Longest loop ",
                    dcc.Dropdown(
                        id=ids.LOOP_LENGTH,
                        options=[{"label": f"{n} links", "value": n} for n in LENGTHS],
                        value=DEFAULT_LENGTH,
                        clearable=False,
                        searchable=False,
                    ),
                ],
                className="loop-length-choice",
            ),
            html.Div(render_loops(concept_graph, found), id=ids.LOOP_LIST, **{"aria-live": "polite"}),
        ],
        className="panel loops-panel",
    )


def register(app) -> None:
    @app.callback(
        Output(ids.LOOP_LIST, "children"),
        Output(ids.LOOP_STATE, "data"),
        Input(ids.LOOP_LENGTH, "value"),
        Input(ids.GRAPH, "data"),
        State(ids.LOOP_STATE, "data"),
        prevent_initial_call=True,
    )
    def list_loops(length, token, state):
        token = token or None  # the store's empty value
        if ctx.triggered_id == ids.GRAPH and token == as_dict(state).get("token"):
            raise PreventUpdate  # the page opened on the graph already listed
        concept_graph = session_graph(token)
        found = find_loops(concept_graph, length)
        return render_loops(concept_graph, found), {"token": token, "highlights": loop_highlights(found)}

    @app.callback(
        Output(ids.HIGHLIGHT, "data", allow_duplicate=True),
        Output({"type": ids.LOOP_CARD, "index": ALL}, "className"),
        Output({"type": ids.LOOP_LINKS, "index": ALL}, "open"),
        Input({"type": ids.LOOP_SHOW, "index": ALL}, "n_clicks"),
        State(ids.LOOP_STATE, "data"),
        prevent_initial_call=True,
    )
    def show_loop(clicks, state):
        trigger = ctx.triggered_id
        highlights = as_list(as_dict(state).get("highlights"))
        if not trigger or not ctx.triggered[0]["value"] or len(clicks) != len(highlights):
            raise PreventUpdate  # the list was redrawn, nobody clicked
        classes, unfolded = shown_state(len(highlights), trigger["index"])
        return highlights[trigger["index"]], classes, unfolded
