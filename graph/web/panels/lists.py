"""The Lists tab: the graph without the canvas, for the keyboard and screen readers. Concepts
grouped by category (each a button that selects it, as on the canvas), and the links with their
evidence as a table."""

from __future__ import annotations

from dataclasses import dataclass

from dash import Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from ...model import Concept, ConceptGraph, Relation
from .. import ids
from ..selection import concept_button
from ..state import registry, session_graph

__all__ = [
    "TAB_LABEL",
    "TAB_VALUE",
    "MAX_CONCEPTS",
    "MAX_LINKS",
    "PAGE_SIZE",
    "ORDERS",
    "LinkRow",
    "concept_groups",
    "link_rows",
    "page_count",
    "turn_page",
    "make_concept_lists",
    "make_link_table",
    "make_panel",
    "register",
]

TAB_LABEL = "Lists"
TAB_VALUE = "lists"
_NOT_BUILT = "(not built)"

#: Concepts listed per category, and links reachable in the table: a large graph shows the first
#: ones and says so.
MAX_CONCEPTS = 200
MAX_LINKS = 500
#: Links per page of the table. Dash renders every cell as a component, and drawing the
#: article's 123 links at once took 2-4 s (2 busy cores); a page of 50 draws in well under one.
PAGE_SIZE = 50
#: Orders of the links table.
ORDERS = {"source": "Source", "target": "Target", "relation": "Relation"}
_UNCATEGORISED = "Uncategorised"
_POLARITY_WORDS = {"+": "positive", "-": "negative", "0": "neutral"}
_COLUMNS = ("Source", "Relation", "Polarity", "Target", "Quote", "Section")


@dataclass(frozen=True)
class LinkRow:
    """One row of the links table, as plain text."""

    source: str
    relation: str
    polarity: str
    target: str
    quote: str
    section: str
    more_quotes: int  # quotes of this link beyond the one shown


def concept_groups(concept_graph: ConceptGraph) -> list[tuple[str, list[Concept]]]:
    """Concepts grouped by category label, categories in the ontology's order (uncategorised
    last), concepts by label."""
    order = list(concept_graph.category_classes.values())
    groups: dict[str, list[Concept]] = {}
    for concept in concept_graph.concepts.values():  # already ordered by label
        groups.setdefault(concept.category_label or _UNCATEGORISED, []).append(concept)
    rank = {label: i for i, label in enumerate(order)}
    return sorted(groups.items(), key=lambda item: (item[0] == _UNCATEGORISED, rank.get(item[0], len(rank)), item[0]))


def _row(concept_graph: ConceptGraph, relation: Relation) -> LinkRow:
    first = relation.evidence[0] if relation.evidence else None
    polarity = relation.polarity
    return LinkRow(
        source=concept_graph.concepts[relation.source].label,
        relation=relation.type.label,
        polarity=f"{polarity} {_POLARITY_WORDS.get(polarity, '')}".strip(),
        target=concept_graph.concepts[relation.target].label,
        quote=first.quote if first else "",
        section=(first.section_title or "") if first else "",
        more_quotes=max(len(relation.evidence) - 1, 0),
    )


def link_rows(concept_graph: ConceptGraph, order: str = "source", limit: int = MAX_LINKS) -> list[LinkRow]:
    """The first ``limit`` links as table rows, sorted by ``order`` (one of ``ORDERS``), each
    with its first quote; ties keep the library's order (causal links first)."""
    rows = [_row(concept_graph, relation) for relation in concept_graph.relations]
    keys = {
        "source": lambda r: (r.source.lower(), r.relation, r.target.lower()),
        "target": lambda r: (r.target.lower(), r.source.lower(), r.relation),
        "relation": lambda r: (r.relation, r.source.lower(), r.target.lower()),
    }
    rows.sort(key=keys.get(order, keys["source"]))
    return rows[:limit]


# Layout --------------------------------------------------------------------------------------
def make_concept_lists(concept_graph: ConceptGraph) -> list:
    """A heading and a list of concept buttons per category."""
    parts = []
    for category, concepts in concept_groups(concept_graph):
        shown = concepts[:MAX_CONCEPTS]
        heading = f"{category} ({len(concepts):,})"
        items = [html.Li(concept_button(str(concept.iri), concept.label, "lists")) for concept in shown]
        parts.append(html.H3(heading))
        if len(concepts) > len(shown):
            parts.append(html.P(f"The first {len(shown):,} of {len(concepts):,}, by label.", className="hint"))
        parts.append(html.Ul(items, className="concept-list"))
    return parts or [html.P("This graph has no concepts.", className="none")]


def page_count(concept_graph: ConceptGraph, limit: int = MAX_LINKS) -> int:
    """How many pages the links table has (at least one)."""
    shown = min(len(concept_graph.relations), limit)
    return max(1, -(-shown // PAGE_SIZE))


def turn_page(page: int | None, step: int | None, pages: int) -> int:
    """The page after moving ``step`` pages from ``page``, within ``0 .. pages - 1``; no step
    (a new order or a new graph) goes back to the first page."""
    if step is None:
        return 0
    return min(max((page or 0) + step, 0), pages - 1)


def make_link_table(concept_graph: ConceptGraph, order: str = "source", page: int = 0, limit: int = MAX_LINKS) -> list:
    """One page of the links with their evidence as a table, its caption saying which links it
    shows and how many there are."""
    total = len(concept_graph.relations)
    if not total:
        return [html.P("This graph has no links between concepts.", className="none")]
    reachable = link_rows(concept_graph, order, limit)
    start = page * PAGE_SIZE
    rows = reachable[start : start + PAGE_SIZE]
    by = ORDERS.get(order, order).lower()
    caption = f"Links {start + 1:,}-{start + len(rows):,} of {total:,} with their evidence, by {by}"
    if len(reachable) < total:
        caption += f" (only the first {len(reachable):,} are listed here; export the graph for all of them)"
    body = []
    for row in rows:
        quote = f"{row.quote} (+{row.more_quotes} more)" if row.more_quotes else row.quote
        body.append(
            html.Tr(
                [
                    html.Th(row.source, scope="row"),
                    html.Td(row.relation),
                    html.Td(row.polarity),
                    html.Td(row.target),
                    html.Td(quote, className="quote-cell"),
                    html.Td(row.section),
                ]
            )
        )
    return [
        html.Table(
            [
                html.Caption(caption),
                html.Thead(html.Tr([html.Th(name, scope="col") for name in _COLUMNS])),
                html.Tbody(body),
            ],
            className="links-table",
        )
    ]


def make_panel(concept_graph: ConceptGraph) -> html.Div:
    return html.Div(
        [
            # The session graph these lists show; they are built when the tab is first opened,
            # which keeps their 60 KB out of the page's first load.
            dcc.Store(id=ids.LISTS_SHOWN, data=_NOT_BUILT),
            html.P(
                "The graph as lists: press a concept to see its details. The links table holds the "
                "same evidence as the canvas.",
                className="hint",
            ),
            html.Section(
                [html.H2("Concepts by category"), html.Div(id=ids.LISTS_CONCEPTS)],
                **{"aria-label": "Concepts by category"},
            ),
            html.Section(
                [
                    html.H2("Links"),
                    html.Fieldset(
                        [
                            html.Legend("Sort links by"),
                            dcc.RadioItems(id=ids.LISTS_ORDER, options=ORDERS, value="source", inline=True),
                        ],
                        className="lists-order",
                    ),
                    html.Div(id=ids.LISTS_LINKS, className="links-table-wrap"),
                    html.Nav(
                        [
                            html.Button("← Previous links", id=ids.LISTS_PREVIOUS, n_clicks=0, disabled=True),
                            html.Button(
                                "Next links →", id=ids.LISTS_NEXT, n_clicks=0, disabled=page_count(concept_graph) < 2
                            ),
                        ],
                        className="button-row",
                        **{"aria-label": "Pages of links"},
                    ),
                    dcc.Store(id=ids.LISTS_PAGE, data=0),
                ],
                **{"aria-label": "Links"},
            ),
        ],
        className="panel lists-panel",
    )


# Callbacks -----------------------------------------------------------------------------------
def register(app) -> None:
    @app.callback(
        Output(ids.LISTS_CONCEPTS, "children"),
        Output(ids.LISTS_LINKS, "children"),
        Output(ids.LISTS_PAGE, "data"),
        Output(ids.LISTS_PREVIOUS, "disabled"),
        Output(ids.LISTS_NEXT, "disabled"),
        Output(ids.LISTS_SHOWN, "data"),
        Input(ids.GRAPH, "data"),
        Input(ids.LISTS_ORDER, "value"),
        Input(ids.LISTS_PREVIOUS, "n_clicks"),
        Input(ids.LISTS_NEXT, "n_clicks"),
        Input(ids.TABS, "value"),
        State(ids.LISTS_PAGE, "data"),
        State(ids.LISTS_SHOWN, "data"),
        prevent_initial_call=True,
    )
    def refresh(token, order, _previous, _next, tab, page, shown):
        trigger = ctx.triggered_id
        token = token if registry().known(token) else None
        if tab != TAB_VALUE or (trigger in (None, ids.GRAPH, ids.TABS) and token == shown):
            raise PreventUpdate  # built when the tab opens, rebuilt only for another graph
        if trigger in (ids.GRAPH, ids.TABS):
            trigger = None  # a new graph: start from its first page
        concept_graph = session_graph(token)
        pages = page_count(concept_graph)
        page = turn_page(page, {ids.LISTS_PREVIOUS: -1, ids.LISTS_NEXT: 1}.get(trigger), pages)
        concepts = make_concept_lists(concept_graph) if trigger in (None, ids.GRAPH) else no_update
        table = make_link_table(concept_graph, order or "source", page)
        return concepts, table, page, page == 0, page >= pages - 1, token
