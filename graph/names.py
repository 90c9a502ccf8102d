"""Naming a concept: by IRI, prefixed name, slug or label (case-insensitive, alternative labels
included). An exact match wins over a partial one; an unknown name suggests the closest labels,
an ambiguous one lists the candidates."""

from __future__ import annotations

import difflib
import weakref
from collections import defaultdict

from .errors import AmbiguousConceptError, UnknownConceptError
from .iris import expand, slugify
from .model import Concept, ConceptGraph

__all__ = ["resolve", "search", "NameIndex"]


class NameIndex:
    """Every way each concept can be named, built once per concept graph."""

    def __init__(self, concept_graph: ConceptGraph):
        self.concept_graph = concept_graph
        self.by_iri: dict[str, Concept] = {str(iri): c for iri, c in concept_graph.concepts.items()}
        self.by_label: dict[str, set[str]] = defaultdict(set)  # normalised label -> IRIs
        self.by_slug: dict[str, set[str]] = defaultdict(set)  # slug of label or IRI tail -> IRIs
        self.names: list[tuple[str, str, str]] = []  # (lower-case name, shown name, IRI)
        for iri, concept in self.by_iri.items():
            tail = iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
            self.by_slug[slugify(tail)].add(iri)
            for name in (concept.label, *concept.alt_labels):
                self.by_label[_normal(name)].add(iri)
                self.by_slug[slugify(name)].add(iri)
                self.names.append((name.lower(), name, iri))


_LISTED = 8  # candidates named in an ambiguity message
_INDEXES: weakref.WeakKeyDictionary[ConceptGraph, NameIndex] = weakref.WeakKeyDictionary()


def _index(concept_graph: ConceptGraph) -> NameIndex:
    if concept_graph not in _INDEXES:
        _INDEXES[concept_graph] = NameIndex(concept_graph)
    return _INDEXES[concept_graph]


def _normal(name: str) -> str:
    return " ".join(name.lower().replace("-", " ").split())


def resolve(concept_graph: ConceptGraph, name: str) -> Concept:
    """The concept ``name`` stands for.

    Tried in order, the first level with any match deciding: the IRI; a prefixed name; a label or
    alternative label (case-insensitive); a slug of the IRI or of a label; labels containing
    ``name``.

    Raises
    ------
    UnknownConceptError
        When nothing matches; the message suggests the closest labels.
    AmbiguousConceptError
        When several concepts match at the deciding level; the message lists them with IRIs.

    Examples
    --------
    >>> from graph.load import load_concept_graph
    >>> resolve(load_concept_graph(), "REJECTION").label
    'Rejection'
    """
    index = _index(concept_graph)
    text = name.strip()
    if not text:
        raise UnknownConceptError("an empty name names no concept", name=name)
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if text in index.by_iri:
        return index.by_iri[text]
    expanded = expand(text, concept_graph.prefixes)
    if expanded in index.by_iri:
        return index.by_iri[expanded]
    slug = slugify(text)
    levels = (
        lambda: index.by_label.get(_normal(text), set()),
        lambda: index.by_slug.get(slug, set()) if slug else set(),
        lambda: {iri for lower, _, iri in index.names if text.lower() in lower},
    )
    for level in levels:  # lazily: the partial-match scan runs only when nothing exact matched
        matches = level()
        if len(matches) == 1:
            return index.by_iri[next(iter(matches))]
        if matches:
            candidates = sorted((index.by_iri[iri].label, iri) for iri in matches)
            listed = "; ".join(f"{label} <{iri}>" for label, iri in candidates[:_LISTED])
            more = f"; and {len(candidates) - _LISTED} more" if len(candidates) > _LISTED else ""
            raise AmbiguousConceptError(
                f"{name!r} names {len(candidates)} concepts: {listed}{more}",
                name=name,
                candidates=tuple(candidates),
            )
    suggestions = _closest(index, text)
    hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
    raise UnknownConceptError(f"no concept named {name!r}{hint}", name=name, suggestions=suggestions)


def _closest(index: NameIndex, text: str, n: int = 3) -> tuple[str, ...]:
    shown = {lower: shown for lower, shown, _ in index.names}
    close = difflib.get_close_matches(text.lower(), list(shown), n=n, cutoff=0.5)
    return tuple(shown[lower] for lower in close)


def search(concept_graph: ConceptGraph, text: str, limit: int = 20) -> list[Concept]:
    """Concepts whose label or alternative label contains ``text`` (case-insensitive): labels
    starting with it first, then the others, each group alphabetically."""
    index = _index(concept_graph)
    needle = text.strip().lower()
    ranked: dict[str, tuple[int, str]] = {}
    for lower, _, iri in index.names:
        if needle and needle in lower:
            rank = (0 if lower == needle else 1 if lower.startswith(needle) else 2, lower)
            if iri not in ranked or rank < ranked[iri]:
                ranked[iri] = rank
    ordered = sorted(ranked, key=lambda iri: ranked[iri])
    return [index.by_iri[iri] for iri in ordered[:limit]]
