"""The Paths tab: how one concept leads to another, hop by hop with the evidence, the strategies
that interrupt those paths and the minimum cut between them. The query lives in the URL (keys
``from``, ``to``, ``k``, ``len``, ``undirected``, ``via``, ``avoid``, and ``path`` for the path drawn on
the graph), so a copied URL reopens the same result."""

from __future__ import annotations

from functools import partial

import networkx as nx
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate
from rdflib.namespace import RDF

from ...errors import ConceptGraphError
from ...interventions import InterventionReport, interventions
from ...model import ConceptGraph
from ...names import resolve, search
from ...paths import Hop, Path, PathSearch, path_sparql
from ...project import relations_named
from ...vocab import OA
from .. import ids
from ..elements import edge_id
from ..payload import as_dict, as_list, as_text
from ..state import session_graph
from ..urls import read_query, short_name, write_query

__all__ = [
    "TAB_LABEL",
    "TAB_VALUE",
    "PATH_KEYS",
    "SHOWN_KEY",
    "MAX_K",
    "MAX_LENGTH",
    "make_panel",
    "register",
    "default_form",
    "concept_options",
    "relation_options",
    "path_params",
    "form_to_params",
    "params_to_form",
    "check_form",
    "run_query",
    "chain_highlight",
    "label_of",
    "truncation_note",
    "no_path_message",
    "render_hop",
    "render_path",
    "render_report",
    "shown_state",
    "answer",
    "path_state",
    "shown_index",
    "controls_form",
]

TAB_LABEL = "Paths"
TAB_VALUE = "paths"

#: The URL keys of a path query, and of the path it shows on the graph.
PATH_KEYS = ("from", "to", "k", "len", "undirected", "via", "avoid")
SHOWN_KEY = "path"
MAX_K = 20  # the panel offers fewer than the library allows: each path is drawn with its evidence
MAX_LENGTH = 12
DEFAULT_K = 5
DEFAULT_LENGTH = 6
#: Up to this many concepts, the concept dropdowns hold every concept; above, they search.
OPTION_LIMIT = 500
TIME_BUDGET = 1.0  # seconds a search may take before it reports itself truncated

_DEFAULT_ENDS = ("rejection", "isolation")
_HINT = "Choose two concepts and find the paths between them."
_POLARITY_NAMES = {"+": "pos", "-": "neg", "0": "zero"}
_NET_MEANING = {
    "+": "net positive: more of the source means more of the target",
    "-": "net negative: more of the source means less of the target",
    "0": "no net sign: an unsigned link on the way",
}
_TRUNCATED = {
    "k": "More paths exist; stopped at k = {k}.",
    "max length": "Longer paths exist beyond the maximum length of {length} links.",
    "time budget": "The search stopped at its time limit; more paths may exist.",
}


# Form ----------------------------------------------------------------------------------------
def _label_match(concept_graph: ConceptGraph, label: str) -> str | None:
    return next((str(iri) for iri, c in concept_graph.concepts.items() if c.label.lower() == label), None)


def relation_options(concept_graph: ConceptGraph) -> tuple[list[dict], list[str]]:
    """Options of the relations dropdown (causal first) and its default value: every causal
    relation, or every relation when the graph has no causal one."""
    types = sorted(concept_graph.relation_types.values(), key=lambda t: (not t.causal, t.label))
    options = [{"label": f"{t.label} ({t.polarity})", "value": str(t.iri)} for t in types]
    causal = [str(t.iri) for t in types if t.causal]
    return options, causal or [str(t.iri) for t in types]


def default_form(concept_graph: ConceptGraph) -> dict:
    """The query the panel opens with: rejection to isolation when the graph has both."""
    source, target = (_label_match(concept_graph, label) for label in _DEFAULT_ENDS)
    return {
        "source": source,
        "target": target,
        "k": DEFAULT_K,
        "length": DEFAULT_LENGTH,
        "undirected": False,
        "relations": relation_options(concept_graph)[1],
        "avoid": [],
    }


def concept_options(concept_graph: ConceptGraph, chosen=(), text: str | None = None) -> list[dict]:
    """Options of a concept dropdown: every concept in a small graph; in a large one, the
    concepts matching ``text`` and the ``chosen`` ones."""
    chosen = [c for c in chosen if c]
    if len(concept_graph.concepts) <= OPTION_LIMIT:
        found = concept_graph.concepts.values()
    else:
        found = search(concept_graph, text or "", limit=30) if text else []
        shown = {str(c.iri) for c in found}
        found = list(found) + [c for c in map(concept_graph.find, chosen) if c and str(c.iri) not in shown]
    return [{"label": c.label, "value": str(c.iri)} for c in found]


def path_params(search_string: str | None) -> dict[str, str]:
    """The path query keys of a URL's query string."""
    params = read_query(search_string)
    return {key: params[key] for key in PATH_KEYS if key in params}


def form_to_params(concept_graph: ConceptGraph, form: dict) -> dict[str, str | None]:
    """The URL keys of a query (None for a key left out: a default or an empty choice)."""
    name = partial(short_name, concept_graph)
    default_relations = set(relation_options(concept_graph)[1])
    relations = form.get("relations") or []
    return {
        "from": name(form["source"]) if form.get("source") else None,
        "to": name(form["target"]) if form.get("target") else None,
        "k": str(form["k"]) if form.get("k") is not None else None,
        "len": str(form["length"]) if form.get("length") is not None else None,
        "undirected": "1" if form.get("undirected") else None,
        "via": " ".join(sorted(map(name, relations))) if relations and set(relations) != default_relations else None,
        "avoid": " ".join(sorted(map(name, form.get("avoid") or []))) or None,
    }


def _whole_number(text: str | None, default: int) -> int | None:
    if text is None:
        return default
    try:
        return int(text)
    except ValueError:
        return None


def params_to_form(concept_graph: ConceptGraph, params: dict[str, str]) -> dict:
    """The query a URL's path keys describe. Concepts may be named by IRI, prefixed name, slug or
    label; relations by IRI, prefixed name or label; lists are separated by spaces.

    Raises
    ------
    ConceptGraphError
        For a name that matches no concept or relation, or several concepts.
    """

    def concept(name: str) -> str:
        return str(resolve(concept_graph, name).iri)

    via = params.get("via", "").split()
    return {
        "source": concept(params["from"]) if params.get("from") else None,
        "target": concept(params["to"]) if params.get("to") else None,
        "k": _whole_number(params.get("k"), DEFAULT_K),
        "length": _whole_number(params.get("len"), DEFAULT_LENGTH),
        "undirected": params.get("undirected", "").lower() in {"1", "true", "yes"},
        "relations": sorted(relations_named(concept_graph.network, via)) if via else relation_options(concept_graph)[1],
        "avoid": [concept(name) for name in params.get("avoid", "").split()],
    }


def check_form(form: dict) -> str | None:
    """What is wrong with a query, in a sentence, or None."""
    if not form.get("source") or not form.get("target"):
        return "Choose a source and a target concept."
    if form["source"] == form["target"]:
        return "The source and the target are the same concept: choose two different concepts."
    k, length = form.get("k"), form.get("length")
    if not isinstance(k, int) or not 1 <= k <= MAX_K:
        return f"k (how many paths) must be a whole number from 1 to {MAX_K}."
    if not isinstance(length, int) or not 1 <= length <= MAX_LENGTH:
        return f"The maximum length must be a whole number of links from 1 to {MAX_LENGTH}."
    if set(form.get("avoid") or ()) & {form["source"], form["target"]}:
        return "The source and the target cannot be among the concepts to avoid."
    return None


def run_query(concept_graph: ConceptGraph, form: dict) -> InterventionReport:
    """The paths of a checked query, with the strategies that cut them and the minimum cut.

    Raises
    ------
    ValueError
        For a query ``check_form`` rejects, or ends missing from the graph.
    """
    problem = check_form(form)
    if problem:
        raise ValueError(problem)
    relations = form.get("relations") or []
    default = set(relation_options(concept_graph)[1])
    try:
        return interventions(
            concept_graph.network,
            form["source"],
            form["target"],
            k=form["k"],
            cutoff=form["length"],
            directed=not form.get("undirected"),
            relations=set(relations) if relations and set(relations) != default else None,
            avoid=form.get("avoid") or (),
            time_budget=TIME_BUDGET,
        )
    except nx.NodeNotFound as err:
        raise ValueError("That concept is not in this graph.") from err


# Results -------------------------------------------------------------------------------------
def chain_highlight(nodes, hops) -> dict:
    """The ``ids.HIGHLIGHT`` data of a chain of hops (a path or a loop): its concepts and the
    canvas ids of the links walked (in their own direction)."""
    edges = [
        edge_id(h.source, h.relation, h.target) if h.forward else edge_id(h.target, h.relation, h.source) for h in hops
    ]
    return {"nodes": list(dict.fromkeys(nodes)), "edges": edges}


def truncation_note(search: PathSearch) -> str | None:
    """Why the search stopped before finding every path, or None."""
    if not search.truncated:
        return None
    length = max((p.length for p in search.paths), default=0)
    template = _TRUNCATED.get(search.reason or "", "More paths may exist.")
    return template.format(k=len(search.paths), length=length)


def _links(count: int) -> str:
    return f"{count} link{'' if count == 1 else 's'}"


def no_path_message(concept_graph: ConceptGraph, search: PathSearch, form: dict) -> str:
    """Why no path was found, and what to try instead."""
    source, target = (label_of(concept_graph, n) for n in (search.source, search.target))
    message = f"No path from {source} to {target} within {_links(form['length'])} along the chosen relations" + (
        " avoiding the chosen concepts." if form.get("avoid") else "."
    )
    if search.reason == "max length":
        return message + f" Longer paths exist: raise the maximum length above {form['length']}."
    if search.directed:
        return message + " Try following links in either direction."
    return message + " Try more relations or fewer concepts to avoid."


def _polarity_class(polarity: str) -> str:
    return f"polarity-{_POLARITY_NAMES.get(polarity, 'zero')}"


def label_of(concept_graph: ConceptGraph, iri: str) -> str:
    """The label of a concept, or its IRI when the graph has no such concept."""
    concept = concept_graph.find(iri)
    return concept.label if concept else iri


def _concept_chip(concept_graph: ConceptGraph, iri: str, at: str) -> html.Button:
    return html.Button(
        label_of(concept_graph, iri),
        id={"type": ids.CONCEPT_LINK, "iri": iri, "at": at},
        className="concept-link concept-chip",
        n_clicks=0,
    )


def _arrow(hop: Hop) -> html.Span:
    text = f" —{hop.label} ({hop.polarity})→ " if hop.forward else f" ←{hop.label} ({hop.polarity})— "
    return html.Span(text, className=f"arrow {_polarity_class(hop.polarity)}")


def _quote(evidence) -> html.Blockquote:
    cite = [html.Cite(evidence.section_title)] if evidence.section_title else []
    return html.Blockquote([html.P(evidence.quote), *cite], className="quote")


def render_hop(concept_graph: ConceptGraph, hop: Hop, open_: bool = False) -> html.Details:
    """One link of a chain, its quotes folded under it."""
    source, target = (hop.source, hop.target) if hop.forward else (hop.target, hop.source)
    labels = [label_of(concept_graph, n) for n in (source, target)]
    count = len(hop.evidence)
    summary = f"{labels[0]} {hop.label} {labels[1]} · {count} quote{'' if count == 1 else 's'}"
    quotes = [_quote(e) for e in hop.evidence] or [html.P("No evidence quote.", className="none")]
    return html.Details(
        [html.Summary(summary, className=_polarity_class(hop.polarity)), *quotes], open=open_, className="hop"
    )


def render_path(concept_graph: ConceptGraph, path: Path, index: int, shown: bool) -> html.Li:
    """A path as a chain of concept chips and labelled arrows, its reading, its net polarity and
    its evidence per hop."""
    at = f"{TAB_VALUE}-{index + 1}"
    chain = [_concept_chip(concept_graph, path.nodes[0], at)]
    for hop in path.hops:
        chain += [_arrow(hop), _concept_chip(concept_graph, hop.target, at)]
    return html.Li(
        [
            html.Div(
                [
                    html.Span(f"Path {index + 1}", className="path-number"),
                    html.Span(_links(path.length), className="path-length"),
                    html.Span(
                        f"net {path.polarity}",
                        title=_NET_MEANING.get(path.polarity, ""),
                        className=f"net-polarity {_polarity_class(path.polarity)}",
                    ),
                    html.Button(
                        "Shown on graph" if shown else "Show on graph",
                        id={"type": ids.PATH_SHOW, "index": index},
                        className="show-on-graph",
                        n_clicks=0,
                    ),
                ],
                className="path-head",
            ),
            html.P(chain, className="chain"),
            html.P(path.reading, className="reading"),
            html.Div([render_hop(concept_graph, hop, open_=shown) for hop in path.hops], className="hops"),
        ],
        id={"type": ids.PATH_CARD, "index": index},
        className="path-card shown" if shown else "path-card",
    )


def _render_strategies(concept_graph: ConceptGraph, report: InterventionReport) -> list:
    total = len(report.search.paths)
    items = []
    for number, strategy in enumerate(report.strategies):
        acts_on: dict[str, list[str]] = {}
        for lever in strategy.levers:
            acts_on.setdefault(lever.concept, []).append(lever.label)
        levers = []
        for concept, labels in acts_on.items():
            levers += [
                " " if levers else "",
                html.Span(", ".join(labels) + " ", className="relation"),
                _concept_chip(concept_graph, concept, f"{TAB_VALUE}-lever-{number}"),
            ]
        items.append(
            html.Li(
                [
                    _concept_chip(concept_graph, strategy.strategy, TAB_VALUE),
                    html.Span(f" cuts {strategy.paths_cut} of {total} paths", className="paths-cut"),
                    html.Div(levers, className="acts-on"),
                ]
            )
        )
    if not items:
        return [html.P("No strategy in this graph acts against a concept on these paths.", className="none")]
    return [html.Ol(items, className="strategies")]


def _render_cut(concept_graph: ConceptGraph, report: InterventionReport) -> list:
    if report.direct_link:
        return [html.P("The source links straight to the target: no concept in between separates them.")]
    if not report.minimum_cut:
        return [html.P("No concept separates them along the followed links.", className="none")]
    chips = [_concept_chip(concept_graph, iri, f"{TAB_VALUE}-cut") for iri in report.minimum_cut]
    return [html.P(["Removing these concepts disconnects the source from the target: ", *chips], className="cut")]


def _sparql_prefixes(concept_graph: ConceptGraph) -> dict[str, str]:
    """The graph's prefixes, plus the two the evidence query always uses (an uploaded graph may
    bind neither)."""
    return {"rdf": str(RDF), "oa": str(OA), **concept_graph.prefixes}


def render_report(concept_graph: ConceptGraph, report: InterventionReport, form: dict, shown: int = 0) -> list:
    """The result of a query: summary, paths, strategies, minimum cut and the SPARQL."""
    found = report.search
    if not found.paths:
        return [html.P(no_path_message(concept_graph, found, form), className="no-path", role="status")]
    ends = [concept_graph.find(n) for n in (found.source, found.target)]
    count = len(found.paths)
    summary = (
        f"{count} path{'' if count == 1 else 's'} from {ends[0].label} to {ends[1].label}, shortest first"
        + ("" if found.directed else " (links followed in either direction)")
        + "."
    )
    note = truncation_note(found)
    return [
        html.P(summary, className="path-summary", role="status"),
        *([html.P(note, className="truncated")] if note else []),
        html.Ol(
            [render_path(concept_graph, path, i, i == shown) for i, path in enumerate(found.paths)],
            className="path-list",
        ),
        html.H3("Strategies that interrupt these paths"),
        *_render_strategies(concept_graph, report),
        html.H3("Minimum cut"),
        *_render_cut(concept_graph, report),
        html.Details(
            [
                html.Summary("Show as SPARQL"),
                html.Pre(path_sparql(found, _sparql_prefixes(concept_graph)), className="sparql"),
            ],
            className="sparql-details",
        ),
    ]


def shown_state(count: int, shown: int) -> tuple[list[str], list[str]]:
    """Class names of the path cards and texts of their buttons when path ``shown`` is drawn."""
    return (
        ["path-card shown" if i == shown else "path-card" for i in range(count)],
        ["Shown on graph" if i == shown else "Show on graph" for i in range(count)],
    )


def shown_index(search_string: str | None) -> int:
    """The path a URL shows on the graph (its ``path`` key counts from 1), counted from 0."""
    number = _whole_number(read_query(search_string).get(SHOWN_KEY), 1)
    return max(number - 1, 0) if number is not None else 0


def answer(concept_graph: ConceptGraph, form: dict, shown: int = 0) -> tuple[list, list[dict], dict | None, bool]:
    """The panel's content for a query with path ``shown`` drawn, the highlight of each path,
    the highlight drawn (that path; the two ends when there is no path), and whether the query
    was valid."""
    try:
        report = run_query(concept_graph, form)
    except (ValueError, ConceptGraphError) as err:
        return [html.P(str(err), className="error", role="alert")], [], None, False
    highlights = [chain_highlight(p.nodes, p.hops) for p in report.search.paths]
    if not highlights:
        return (
            render_report(concept_graph, report, form),
            [],
            {"nodes": [form["source"], form["target"]], "edges": []},
            True,
        )
    shown = min(shown, len(highlights) - 1)
    return render_report(concept_graph, report, form, shown), highlights, highlights[shown], True


# Layout --------------------------------------------------------------------------------------
def _form_values(concept_graph: ConceptGraph, form: dict, options: bool = True) -> tuple:
    """The options and values of the form's controls, in the order of ``_FORM_OUTPUTS``; with
    ``options`` False, the options of a small graph are left as they are (they hold every
    concept already)."""
    keep = not options and len(concept_graph.concepts) <= OPTION_LIMIT

    def choices(chosen: list) -> list[dict]:
        return no_update if keep else concept_options(concept_graph, chosen)

    return (
        choices([form["source"]]),
        form["source"],
        choices([form["target"]]),
        form["target"],
        choices(form["avoid"]),
        form["avoid"],
        no_update if not options else relation_options(concept_graph)[0],
        form["relations"],
        form["k"],
        form["length"],
        ["undirected"] if form["undirected"] else [],
    )


def make_panel(concept_graph: ConceptGraph) -> html.Div:
    form = default_form(concept_graph)
    (src_opts, src, tgt_opts, tgt, avoid_opts, avoid, rel_opts, rels, k, length, undirected) = _form_values(
        concept_graph, form
    )
    dropdown = dict(searchable=True, clearable=True)
    return html.Div(
        [
            dcc.Store(id=ids.PATH_STATE, data=path_state(None, {}, [])),
            html.Form(
                [
                    html.Label(["From", dcc.Dropdown(id=ids.PATH_SOURCE, options=src_opts, value=src, **dropdown)]),
                    html.Label(["To", dcc.Dropdown(id=ids.PATH_TARGET, options=tgt_opts, value=tgt, **dropdown)]),
                    html.Div(
                        [
                            html.Label(
                                [
                                    "Paths (k) ",
                                    dcc.Input(id=ids.PATH_K, type="number", min=1, max=MAX_K, step=1, value=k),
                                ]
                            ),
                            html.Label(
                                [
                                    "Max length ",
                                    dcc.Input(
                                        id=ids.PATH_LENGTH, type="number", min=1, max=MAX_LENGTH, step=1, value=length
                                    ),
                                ]
                            ),
                            dcc.Checklist(
                                id=ids.PATH_UNDIRECTED,
                                options=[{"label": " in either direction", "value": "undirected"}],
                                value=undirected,
                            ),
                        ],
                        className="path-bounds",
                    ),
                    html.Label(
                        [
                            "Follow relations",
                            dcc.Dropdown(id=ids.PATH_RELATIONS, options=rel_opts, value=rels, multi=True),
                        ]
                    ),
                    html.Label(
                        [
                            "Avoid concepts",
                            dcc.Dropdown(
                                id=ids.PATH_AVOID,
                                options=avoid_opts,
                                value=avoid,
                                multi=True,
                                placeholder="none",
                                **dropdown,
                            ),
                        ]
                    ),
                    html.Button("Find paths", id=ids.PATH_RUN, n_clicks=0, type="button", className="primary"),
                ],
                className="path-form",
            ),
            html.Div(
                html.P(_HINT, className="hint"),
                id=ids.PATH_RESULT,
                className="path-result",
                **{"aria-live": "polite"},
            ),
        ],
        className="panel paths-panel",
    )


# Callbacks -----------------------------------------------------------------------------------
_FORM_OUTPUTS = (
    (ids.PATH_SOURCE, "options"),
    (ids.PATH_SOURCE, "value"),
    (ids.PATH_TARGET, "options"),
    (ids.PATH_TARGET, "value"),
    (ids.PATH_AVOID, "options"),
    (ids.PATH_AVOID, "value"),
    (ids.PATH_RELATIONS, "options"),
    (ids.PATH_RELATIONS, "value"),
    (ids.PATH_K, "value"),
    (ids.PATH_LENGTH, "value"),
    (ids.PATH_UNDIRECTED, "value"),
)


_KEEP_FORM = (no_update,) * len(_FORM_OUTPUTS)


def path_state(token: str | None, query: dict, highlights: list[dict]) -> dict:
    """The ``ids.PATH_STATE`` data: the graph and the URL keys of the shown result, and the
    highlight of each of its paths."""
    return {
        "token": token,
        "query": {key: value for key, value in query.items() if value is not None},
        "highlights": highlights,
    }


def controls_form(source, target, k, length, undirected, relations, avoid) -> dict:
    """The query the form's controls hold."""
    return {
        "source": source,
        "target": target,
        "k": k,
        "length": length,
        "undirected": bool(undirected),
        "relations": relations or [],
        "avoid": avoid or [],
    }


def register(app) -> None:
    @app.callback(
        *[Output(*target) for target in _FORM_OUTPUTS],
        Output(ids.PATH_RESULT, "children"),
        Output(ids.PATH_STATE, "data"),
        Output(ids.HIGHLIGHT, "data", allow_duplicate=True),
        Output(ids.URL, "search", allow_duplicate=True),
        Output(ids.TABS, "value", allow_duplicate=True),
        Input(ids.PATH_RUN, "n_clicks"),
        Input(ids.URL_STATE, "data"),
        Input(ids.GRAPH, "data"),
        State(ids.PATH_SOURCE, "value"),
        State(ids.PATH_TARGET, "value"),
        State(ids.PATH_K, "value"),
        State(ids.PATH_LENGTH, "value"),
        State(ids.PATH_UNDIRECTED, "value"),
        State(ids.PATH_RELATIONS, "value"),
        State(ids.PATH_AVOID, "value"),
        State(ids.PATH_STATE, "data"),
        prevent_initial_call=True,
    )
    def update_paths(_run, search_string, token, *controls_and_state):
        *controls, state = controls_and_state
        token = token or None  # the store's empty value
        state, search_string = as_dict(state), as_text(search_string)
        concept_graph = session_graph(token)
        state = state or {}
        params = path_params(search_string)
        if ctx.triggered_id == ids.PATH_RUN:
            form = controls_form(*controls)
            children, highlights, highlight, valid = answer(concept_graph, form)
            if not valid:  # the URL keeps the last valid query
                return *_KEEP_FORM, children, path_state(token, params, []), None, no_update, no_update
            query = form_to_params(concept_graph, form)
            url = write_query(search_string, **query, **{SHOWN_KEY: None})
            return *_KEEP_FORM, children, path_state(token, query, highlights), highlight, url, no_update
        # The URL changed, the page opened, or the session's graph changed.
        new_graph = token != state.get("token")
        if not new_graph and (not params or params == state.get("query")):
            raise PreventUpdate  # not a path query, or the one shown
        fresh = _form_values(concept_graph, default_form(concept_graph)) if new_graph else _KEEP_FORM
        if not params:
            return *fresh, html.P(_HINT, className="hint"), path_state(token, {}, []), None, no_update, no_update
        tab = TAB_VALUE if params != state.get("query") else no_update
        try:
            form = params_to_form(concept_graph, params)
        except ConceptGraphError as err:
            error = html.P(str(err), className="error", role="alert")
            return *fresh, [error], path_state(token, params, []), None, no_update, tab
        children, highlights, highlight, _ = answer(concept_graph, form, shown_index(search_string))
        query = form_to_params(concept_graph, form)
        stored = path_state(token, query, highlights)
        url = write_query(search_string, **query) if stored["query"] != params else no_update
        return *_form_values(concept_graph, form, new_graph), children, stored, highlight, url, tab

    @app.callback(
        Output(ids.HIGHLIGHT, "data", allow_duplicate=True),
        Output({"type": ids.PATH_CARD, "index": ALL}, "className"),
        Output({"type": ids.PATH_SHOW, "index": ALL}, "children"),
        Output(ids.URL, "search", allow_duplicate=True),
        Input({"type": ids.PATH_SHOW, "index": ALL}, "n_clicks"),
        State(ids.PATH_STATE, "data"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def show_path(clicks, state, search_string):
        trigger = ctx.triggered_id
        highlights = as_list(as_dict(state).get("highlights"))
        if not trigger or not ctx.triggered[0]["value"] or len(clicks) != len(highlights):
            raise PreventUpdate  # the list was redrawn, nobody clicked
        index = trigger["index"]
        classes, labels = shown_state(len(highlights), index)
        return (
            highlights[index],
            classes,
            labels,
            write_query(search_string, **{SHOWN_KEY: index + 1 if index else None}),
        )

    for control in (ids.PATH_SOURCE, ids.PATH_TARGET, ids.PATH_AVOID):
        _register_search(app, control)


def _register_search(app, control: str) -> None:
    """In a graph too large to list every concept, a concept dropdown searches as one types."""

    @app.callback(
        Output(control, "options", allow_duplicate=True),
        Input(control, "search_value"),
        State(control, "value"),
        State(ids.GRAPH, "data"),
        prevent_initial_call=True,
    )
    def search_concepts(text, value, token):
        concept_graph = session_graph(token)
        if len(concept_graph.concepts) <= OPTION_LIMIT or not text:
            raise PreventUpdate
        chosen = value if isinstance(value, list) else [value]
        return concept_options(concept_graph, chosen, text)
