"""Selecting concepts and links: by clicking the canvas, the details panel, the trail, the back
button, the search box or a shared URL; and the details panel that shows the selection."""

from __future__ import annotations

from dash import ALL, Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate

from ..details import ConceptView, LinkView, concept_details, link_details
from ..errors import ConceptGraphError
from ..names import resolve, search
from . import ids
from .payload import as_dict, as_selection, as_text, as_texts
from .state import session_graph
from .urls import expand_name, read_query, short_name, write_query

__all__ = ["register", "select", "concept_button", "render_concept", "render_link", "search_options", "TRAIL_LENGTH"]

TRAIL_LENGTH = 12  # visited concepts kept in the trail
_POLARITY_NAMES = {"+": "pos", "-": "neg", "0": "zero"}


def select(kind: str, identifier, origin: str) -> dict:
    return {"kind": kind, "id": identifier, "origin": origin}


def push_trail(trail: list[str], iri: str) -> list[str]:
    """``trail`` with ``iri`` visited last (moved there if already visited), bounded."""
    return ([t for t in trail if t != iri] + [iri])[-TRAIL_LENGTH:]


def search_options(concept_graph, text: str | None, limit: int = 20) -> list[dict]:
    """Dropdown options for the concepts matching ``text``: label shown, alternative labels
    that matched named after it."""
    options = []
    for concept in search(concept_graph, text or "", limit=limit):
        matched = [a for a in concept.alt_labels if text and text.lower() in a.lower()]
        label = concept.label + (
            f" (also: {matched[0]})" if matched and text.lower() not in concept.label.lower() else ""
        )
        options.append({"label": label, "value": str(concept.iri)})
    return options


# Rendering -----------------------------------------------------------------------------------
def concept_button(iri: str, label: str, at: str) -> html.Button:
    return html.Button(label, id={"type": ids.CONCEPT_LINK, "iri": iri, "at": at}, className="concept-link", n_clicks=0)


def _link_button(link: LinkView, text: str, at: str) -> html.Button:
    identifier = "|".join((link.source, link.relation, link.target))
    return html.Button(text, id={"type": ids.EDGE_LINK, "id": identifier, "at": at}, className="edge-link", n_clicks=0)


def _quote(quote, highlight: bool) -> html.Blockquote:
    body = [quote.before, html.Mark(quote.quote), quote.after] if highlight else [quote.quote]
    cite = [html.Cite(quote.section_title)] if quote.section_title else []
    return html.Blockquote([html.P(body), *cite], className="quote")


def _links_list(links: tuple[LinkView, ...], outgoing: bool, at: str) -> html.Ul:
    items = []
    for link in links:
        other_iri, other_label = (link.target, link.target_label) if outgoing else (link.source, link.source_label)
        arrow = (
            f"{link.relation_label} ({link.polarity}) →" if outgoing else f"← {link.relation_label} ({link.polarity})"
        )
        quotes = [_quote(q, highlight=False) for q in link.quotes[:1]]
        items.append(
            html.Li(
                [
                    _link_button(link, arrow, at),
                    " ",
                    concept_button(other_iri, other_label, at),
                    *quotes,
                ],
                className=f"link polarity-{_POLARITY_NAMES.get(link.polarity, 'zero')}",
            )
        )
    return html.Ul(items or [html.Li("none", className="none")], className="links")


def render_concept(view: ConceptView) -> list:
    """The details panel for a concept."""
    parts = [
        html.H2(view.label),
        html.P([html.Span(view.category or "Uncategorised", className="category-badge")], className="category"),
    ]
    if view.definition:
        parts.append(html.P(view.definition, className="definition"))
    if view.alt_labels:
        parts.append(html.P(["Also called: ", ", ".join(view.alt_labels)], className="alt-labels"))
    if view.sections:
        parts += [
            html.H3("From the sections"),
            html.Ul([html.Li(title) for _, title in view.sections], className="sections"),
        ]
    parts += [
        html.H3(f"Leads to ({len(view.outgoing)})"),
        _links_list(view.outgoing, True, "out"),
        html.H3(f"Comes from ({len(view.incoming)})"),
        _links_list(view.incoming, False, "in"),
        html.P(html.Small(view.iri, className="iri")),
    ]
    return parts


def render_link(view: LinkView) -> list:
    """The details panel for a link: every quote highlighted inside its full sentence."""
    return [
        html.H2([view.source_label, f" {view.relation_label} ", view.target_label]),
        html.P(
            [
                concept_button(view.source, view.source_label, "link"),
                html.Span(f" {view.relation_label} ({view.polarity}) ", className="relation"),
                concept_button(view.target, view.target_label, "link"),
            ]
        ),
        html.P(
            f"Polarity {view.polarity}: "
            + {
                "+": "more of one means more of the other.",
                "-": "more of one means less of the other.",
                "0": "no fixed sign.",
            }.get(view.polarity, "")
        ),
        html.H3(f"Evidence ({len(view.quotes)})"),
        *([_quote(q, highlight=True) for q in view.quotes] or [html.P("No evidence quote.", className="none")]),
    ]


def render_selection(concept_graph, selection: dict | None) -> list:
    selection = as_selection(selection)
    if not selection:
        return [html.P("Click a concept or a link, or search for a concept.", className="hint")]
    try:
        if selection["kind"] == "concept":
            return render_concept(concept_details(concept_graph, selection["id"]))
        return render_link(link_details(concept_graph, *selection["id"]))
    except (ConceptGraphError, LookupError):
        return [html.P("That concept or link is not in this graph.", className="error")]


def render_trail(concept_graph, trail: list[str]) -> list:
    items = []
    trail = as_texts(trail)
    for index, iri in enumerate(trail):
        concept = concept_graph.find(iri)
        label = concept.label if concept else iri
        items.append(
            html.Button(label, id={"type": ids.TRAIL_ITEM, "index": index}, className="trail-item", n_clicks=0)
        )
        if index < len(trail) - 1:
            items.append(html.Span(" › ", className="trail-sep"))
    return items


def from_url(concept_graph, search_string: str | None) -> dict | None:
    params = read_query(search_string)
    try:
        if "concept" in params:
            return select("concept", str(resolve(concept_graph, params["concept"]).iri), "url")
        if "link" in params:
            source, relation, target = params["link"].split(" ", 2)
            ends = [str(resolve(concept_graph, name).iri) for name in (source, target)]
            return select("link", [ends[0], expand_name(concept_graph, relation), ends[1]], "url")
    except (ConceptGraphError, ValueError):
        return None
    return None


def to_url(concept_graph, current: str | None, selection: dict | None) -> str:
    if not selection:
        return write_query(current, concept=None, link=None)
    if selection["kind"] == "concept":
        return write_query(current, concept=short_name(concept_graph, selection["id"]), link=None)
    source, relation, target = selection["id"]
    names = " ".join(short_name(concept_graph, x) for x in (source, relation, target))
    return write_query(current, concept=None, link=names)


# Callbacks -----------------------------------------------------------------------------------
def register(app) -> None:
    @app.callback(
        Output(ids.SELECTION, "data"),
        Output(ids.TRAIL, "data"),
        Output(ids.URL, "search", allow_duplicate=True),
        Input(ids.CYTOSCAPE, "tapNodeData"),
        Input(ids.CYTOSCAPE, "tapEdgeData"),
        Input({"type": ids.CONCEPT_LINK, "iri": ALL, "at": ALL}, "n_clicks"),
        Input({"type": ids.EDGE_LINK, "id": ALL, "at": ALL}, "n_clicks"),
        Input({"type": ids.TRAIL_ITEM, "index": ALL}, "n_clicks"),
        Input(ids.SEARCH, "value"),
        Input(ids.BACK, "n_clicks"),
        Input(ids.URL_STATE, "data"),
        State(ids.SELECTION, "data"),
        State(ids.TRAIL, "data"),
        State(ids.GRAPH, "data"),
        prevent_initial_call=True,
    )
    def update_selection(
        node, edge, _concepts, _edges, _trail_items, searched, _back, search_string, selection, trail, token
    ):
        concept_graph = session_graph(token)
        selection, trail, search_string = as_selection(selection), as_texts(trail), as_text(search_string)
        node, edge, searched = as_dict(node), as_dict(edge), as_text(searched)
        trigger = ctx.triggered_id
        if trigger == ids.URL_STATE:
            chosen = from_url(concept_graph, search_string)
            if chosen == selection or (chosen is None and selection is None):
                raise PreventUpdate
            new_trail = push_trail(trail, chosen["id"]) if chosen and chosen["kind"] == "concept" else trail
            return chosen, new_trail, no_update
        if not ctx.triggered or not ctx.triggered[0]["value"]:
            raise PreventUpdate  # a button appeared, nobody clicked it
        if trigger == ids.CYTOSCAPE:
            prop = ctx.triggered[0]["prop_id"].split(".")[-1]
            if prop == "tapNodeData":
                chosen = select("concept", as_text(node.get("id")), "canvas")
            else:
                chosen = select("link", as_texts([edge.get(k) for k in ("source", "relation", "target")]), "canvas")
        elif trigger == ids.SEARCH:
            chosen = select("concept", searched, "search")
        elif trigger == ids.BACK:
            if len(trail) < 2:
                raise PreventUpdate
            trail = trail[:-1]
            chosen = select("concept", trail[-1], "back")
            return chosen, trail, to_url(concept_graph, search_string, chosen)
        elif trigger["type"] == ids.TRAIL_ITEM:
            index = trigger.get("index")
            if not isinstance(index, int) or not 0 <= index < len(trail):
                raise PreventUpdate
            chosen = select("concept", trail[index], "trail")
        elif trigger["type"] == ids.EDGE_LINK:
            chosen = select("link", trigger["id"].split("|"), "panel")
        else:
            chosen = select("concept", trigger["iri"], "panel")
        if as_selection(chosen) is None:
            raise PreventUpdate  # a click the page could not have sent
        if chosen["kind"] == "concept":
            trail = push_trail(trail, chosen["id"])
        return chosen, trail, to_url(concept_graph, search_string, chosen)

    @app.callback(
        Output(ids.DETAILS, "children"),
        Output(ids.TRAIL_LIST, "children"),
        Output(ids.BACK, "disabled"),
        Output(ids.TABS, "value"),
        Input(ids.SELECTION, "data"),
        Input(ids.TRAIL, "data"),
        State(ids.GRAPH, "data"),
        prevent_initial_call=True,
    )
    def show_details(selection, trail, token):
        concept_graph = session_graph(token)
        selection, trail = as_selection(selection), as_texts(trail)
        chosen = ctx.triggered_id == ids.SELECTION and selection and selection.get("origin") != "url"
        switch = "details" if chosen else no_update  # never undo another panel's choice of tab
        return (
            render_selection(concept_graph, selection),
            render_trail(concept_graph, trail or []),
            len(trail or []) < 2,
            switch,
        )

    @app.callback(
        Output(ids.SEARCH, "options"),
        Input(ids.SEARCH, "search_value"),
        State(ids.SEARCH, "value"),
        State(ids.GRAPH, "data"),
        prevent_initial_call=True,
    )
    def search_concepts(text, value, token):
        concept_graph = session_graph(token)
        text, value = as_text(text), as_text(value)
        options = search_options(concept_graph, text) if text else []
        current = concept_graph.find(value)
        if current and value not in {o["value"] for o in options}:
            options.append({"label": current.label, "value": value})
        return options
