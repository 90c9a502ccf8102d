"""What the explorer shows about one concept or one link, as plain data."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import URIRef

from .model import ConceptGraph, Evidence, Relation

__all__ = ["LinkView", "ConceptView", "QuoteInContext", "concept_details", "link_details", "quote_in_context"]

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class QuoteInContext:
    """A quote inside the sentence(s) of its section that contain it."""

    before: str
    quote: str
    after: str
    section: str | None
    section_title: str | None


@dataclass(frozen=True)
class LinkView:
    source: str
    source_label: str
    relation: str
    relation_label: str
    polarity: str
    target: str
    target_label: str
    causal: bool
    quotes: tuple[QuoteInContext, ...]


@dataclass(frozen=True)
class ConceptView:
    iri: str
    label: str
    category: str | None
    definition: str | None
    alt_labels: tuple[str, ...]
    sections: tuple[tuple[str, str], ...]  # (IRI, title)
    outgoing: tuple[LinkView, ...]
    incoming: tuple[LinkView, ...]


def quote_in_context(concept_graph: ConceptGraph, evidence: Evidence) -> QuoteInContext:
    """The full sentence around ``evidence``'s quote, split into before / quote / after.

    Where the section text is unknown, or the quote is not in it, the quote stands alone.
    """
    text = next((p.text for p in concept_graph.source_parts if p.iri == evidence.section), None) or ""
    anchored = (evidence.prefix or "") + evidence.quote
    at = text.find(anchored)
    start = at + len(evidence.prefix or "") if at >= 0 else text.find(evidence.quote)
    if start < 0:
        return QuoteInContext("", evidence.quote, "", _str(evidence.section), evidence.section_title)
    end = start + len(evidence.quote)
    boundaries = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    sentence_start = max(b for b in boundaries if b <= start)
    sentence_end = min((b for b in boundaries if b >= end), default=len(text))
    return QuoteInContext(
        before=text[sentence_start:start],
        quote=evidence.quote,
        after=text[end:sentence_end].rstrip(),
        section=_str(evidence.section),
        section_title=evidence.section_title,
    )


def _str(value) -> str | None:
    return str(value) if value is not None else None


def _link_view(concept_graph: ConceptGraph, relation: Relation) -> LinkView:
    concepts = concept_graph.concepts
    return LinkView(
        source=str(relation.source),
        source_label=concepts[relation.source].label,
        relation=str(relation.type.iri),
        relation_label=relation.type.label,
        polarity=relation.polarity,
        target=str(relation.target),
        target_label=concepts[relation.target].label,
        causal=relation.type.causal,
        quotes=tuple(quote_in_context(concept_graph, e) for e in relation.evidence),
    )


def concept_details(concept_graph: ConceptGraph, iri: str) -> ConceptView:
    """Everything the details panel shows about one concept.

    Raises
    ------
    UnknownConceptError
        If ``iri`` is not a concept of the graph.
    """
    concept = concept_graph.concept(iri)
    titles = {part.iri: part.title for part in concept_graph.source_parts}
    return ConceptView(
        iri=str(concept.iri),
        label=concept.label,
        category=concept.category_label,
        definition=concept.definition,
        alt_labels=concept.alt_labels,
        sections=tuple((str(s), titles.get(s, str(s))) for s in concept.sections),
        outgoing=tuple(_link_view(concept_graph, r) for r in concept_graph.outgoing(concept.iri)),
        incoming=tuple(_link_view(concept_graph, r) for r in concept_graph.incoming(concept.iri)),
    )


def link_details(concept_graph: ConceptGraph, source: str, relation: str, target: str) -> LinkView:
    """Everything the details panel shows about one link.

    Raises
    ------
    LookupError
        If the graph has no such link between concepts.
    """
    for candidate in concept_graph.outgoing(URIRef(source)):
        if str(candidate.type.iri) == relation and str(candidate.target) == target:
            return _link_view(concept_graph, candidate)
    raise LookupError(f"no link <{source}> <{relation}> <{target}>")
