"""Creating the Dash app over a loaded concept graph."""

from __future__ import annotations

import dash
from dash import html

from ..load import load_concept_graph
from ..model import ConceptGraph

__all__ = ["create_app"]


def make_concept_list(concept_graph: ConceptGraph) -> html.Div:
    """Concepts grouped by category, as plain lists (labels are rendered as text, never HTML)."""
    groups: dict[str, list[str]] = {}
    for concept in concept_graph.concepts.values():
        groups.setdefault(concept.category_label or "Uncategorised", []).append(concept.label)
    return html.Div(
        [
            html.Section([html.H2(category), html.Ul([html.Li(label) for label in labels])])
            for category, labels in groups.items()
        ],
        id="concept-list",
    )


def create_app(concept_graph: ConceptGraph | None = None) -> dash.Dash:
    """A Dash app serving ``concept_graph`` (default: the article graph)."""
    concept_graph = concept_graph or load_concept_graph()
    app = dash.Dash(__name__, title="Concept graph explorer")
    stats = concept_graph.stats()
    app.layout = html.Main(
        [
            html.H1("Concept graph explorer"),
            html.P(
                f"{stats['concepts']['total']} concepts, {stats['relations']['total']} relations, "
                f"{stats['relations']['with evidence']} with evidence quotes.",
                id="graph-summary",
            ),
            make_concept_list(concept_graph),
        ]
    )
    return app
