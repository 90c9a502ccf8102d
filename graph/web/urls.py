"""The page state in the URL's query string, so a copied URL reopens the same view."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from dash import Input, Output, State

from ..iris import compact, expand
from ..model import ConceptGraph
from . import ids

__all__ = ["read_query", "write_query", "short_name", "expand_name", "register"]


def read_query(search: str | None) -> dict[str, str]:
    """``?a=1&b=2`` as a dict (the last value of a repeated key wins)."""
    return dict(parse_qsl(search.lstrip("?") if isinstance(search, str) else "", keep_blank_values=False))


def write_query(current: str | None, **changes: str | int | None) -> str:
    """``current`` with ``changes`` applied (None removes a key), keys in a stable order."""
    params = read_query(current)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    return "?" + urlencode(sorted(params.items())) if params else ""


def short_name(concept_graph: ConceptGraph, iri: str) -> str:
    """A prefixed name for ``iri`` where the graph binds a prefix for it, else the IRI."""
    return compact(iri, concept_graph.prefixes) or iri


def expand_name(concept_graph: ConceptGraph, name: str) -> str:
    """The IRI of a prefixed name whose prefix the graph binds; any other name unchanged."""
    return expand(name, concept_graph.prefixes) or name


def register(app) -> None:
    """Mirror the location's query string into ``ids.URL_STATE``, which the callbacks restoring
    state from the URL listen to. The location reports its query string when the page opens
    with one (see ``routes.StaticLayoutDash``), and on the browser's back and forward; the
    mirror passes it on only when it differs from the state shown, so opening the plain page
    costs no callback at all."""
    app.clientside_callback(
        """
        function (search, mirrored) {
            search = search || "";
            return search === (mirrored || "") ? window.dash_clientside.no_update : search;
        }
        """,
        Output(ids.URL_STATE, "data"),
        Input(ids.URL, "search"),
        State(ids.URL_STATE, "data"),
        prevent_initial_call=True,  # runs when the location reports its query string, not before
    )
