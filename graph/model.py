"""The loaded concept graph: concepts, typed relations and their evidence, read from RDF.

``ConceptGraph`` holds one rdflib graph and answers questions about it as plain frozen records
(``Concept``, ``Relation``, ``Evidence``), so the CLI, the analysis modules and the app never
have to write SPARQL or walk triples themselves.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from .errors import UnknownConceptError
from .project import to_networkx
from .vocab import CG, OA

__all__ = ["RelationType", "Evidence", "Relation", "Concept", "SourcePart", "ConceptGraph"]

#: Predicates that never count as links between concepts.
_NOT_LINKS = frozenset({RDF.type, SKOS.inScheme, SKOS.topConceptOf, SKOS.hasTopConcept, RDFS.isDefinedBy})
#: Label properties, in order of preference (the first one a resource has is its label).
LABEL_PROPERTIES = (
    SKOS.prefLabel,
    RDFS.label,
    URIRef("https://schema.org/name"),
    URIRef("http://schema.org/name"),
    DCTERMS.title,
)
#: Types that say nothing about a resource's category.
_GENERIC_TYPES = frozenset({SKOS.Concept, OWL.Class, RDFS.Class, OWL.NamedIndividual, RDFS.Resource, OWL.Thing})
#: Hierarchy links whose top ancestors can serve as categories.
_HIERARCHY = (SKOS.broader, RDFS.subClassOf)


@dataclass(frozen=True)
class RelationType:
    """A predicate linking concepts, with how to read it and its sign."""

    iri: URIRef
    label: str
    polarity: str  # "+", "-" or "0"
    reading: str  # verb phrase for a chain read aloud
    causal: bool  # a sub-property of cg:influences


@dataclass(frozen=True)
class Evidence:
    """One quote of the source that states a relation."""

    quote: str
    statement: URIRef | BNode
    section: URIRef | None = None
    section_title: str | None = None
    prefix: str | None = None
    suffix: str | None = None


@dataclass(frozen=True)
class Relation:
    source: URIRef
    type: RelationType
    target: URIRef
    evidence: tuple[Evidence, ...] = ()

    @property
    def polarity(self) -> str:
        return self.type.polarity


@dataclass(frozen=True)
class Concept:
    iri: URIRef
    label: str
    category: URIRef | None = None
    category_label: str | None = None
    alt_labels: tuple[str, ...] = ()
    definition: str | None = None
    sections: tuple[URIRef, ...] = ()


@dataclass(frozen=True)
class SourcePart:
    """A section of a source text (or a defined term), in reading order."""

    iri: URIRef
    title: str
    position: int
    text: str | None
    parent: URIRef | None


def local_name(iri: str) -> str:
    """The last segment of an IRI, as words: ``.../hasPart`` gives ``has part``."""
    tail = re.split(r"[/#:]", str(iri).rstrip("/#"))[-1]
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", tail).replace("_", " ").replace("-", " ").lower()


def _pick_literal(values: list[Literal]) -> str | None:
    """Prefer English, then no language, then anything."""
    if not values:
        return None
    for wanted in ("en", None):
        for value in values:
            if isinstance(value, Literal) and (value.language or None) == wanted:
                return str(value)
    for value in values:
        if isinstance(value, Literal) and (value.language or "").startswith("en"):
            return str(value)
    return str(values[0])


class ConceptGraph:
    """A concept graph: one rdflib ``Graph`` plus the ontology that gives relations their sign.

    Parameters
    ----------
    graph : rdflib.Graph
        The data: concepts, relations, statements with evidence, source structure.
    ontology : rdflib.Graph, optional
        Extra schema consulted for relation labels, polarities and categories.
    sources : tuple of str
        Where the data came from, for messages.
    """

    def __init__(self, graph: Graph, ontology: Graph | None = None, sources: tuple[str, ...] = ()):
        self.graph = graph
        self.ontology = ontology if ontology is not None else Graph()
        self.sources = sources

    def __repr__(self) -> str:
        return f"<ConceptGraph {len(self.concepts)} concepts, {len(self.relations)} relations>"

    # Schema -------------------------------------------------------------------------------
    def _schema_objects(self, subject, predicate):
        yield from self.graph.objects(subject, predicate)
        yield from self.ontology.objects(subject, predicate)

    def _schema_subjects(self, predicate, obj):
        yield from self.graph.subjects(predicate, obj)
        yield from self.ontology.subjects(predicate, obj)

    @cached_property
    def _causal_properties(self) -> frozenset[URIRef]:
        found = {CG.influences}
        frontier = [CG.influences]
        while frontier:
            parent = frontier.pop()
            for child in self._schema_subjects(RDFS.subPropertyOf, parent):
                if isinstance(child, URIRef) and child not in found:
                    found.add(child)
                    frontier.append(child)
        return frozenset(found)

    @cached_property
    def category_classes(self) -> dict[URIRef, str]:
        """Classes whose instances are concepts of one category, with their labels."""
        classes = {}
        for cls in self._schema_subjects(RDFS.subClassOf, SKOS.Concept):
            if isinstance(cls, URIRef):
                classes[cls] = _pick_literal(list(self._schema_objects(cls, RDFS.label))) or local_name(cls)
        order = {cls: int(pos) for cls in classes for pos in self._schema_objects(cls, CG.position)}
        return dict(sorted(classes.items(), key=lambda item: (order.get(item[0], 99), item[1])))

    def relation_type(self, predicate: URIRef) -> RelationType:
        label = _pick_literal(list(self._schema_objects(predicate, RDFS.label))) or local_name(predicate)
        polarity = next((str(p) for p in self._schema_objects(predicate, CG.polarity)), "0")
        reading = next((str(r) for r in self._schema_objects(predicate, CG.reading)), label)
        return RelationType(predicate, label, polarity, reading, predicate in self._causal_properties)

    @cached_property
    def relation_types(self) -> dict[URIRef, RelationType]:
        """Every predicate that links two concepts in the data."""
        return {rel.type.iri: rel.type for rel in self.relations}

    # Concepts -----------------------------------------------------------------------------
    def label(self, node) -> str:
        for prop in LABEL_PROPERTIES:
            value = _pick_literal(list(self.graph.objects(node, prop)))
            if value:
                return value
        return local_name(node)

    def _members(self) -> set[URIRef]:
        """The concepts: SKOS concepts (and instances of category classes); failing those, the
        classes of an RDFS/OWL hierarchy; failing those, every labelled resource."""
        g = self.graph
        members = {s for s in g.subjects(RDF.type, SKOS.Concept) if isinstance(s, URIRef)}
        for cls in self.category_classes:
            members.update(s for s in g.subjects(RDF.type, cls) if isinstance(s, URIRef))
        if members:
            return members
        members = {s for cls in (OWL.Class, RDFS.Class) for s in g.subjects(RDF.type, cls) if isinstance(s, URIRef)}
        members.update(s for s in g.subjects(RDFS.subClassOf, None) if isinstance(s, URIRef))
        members.update(o for o in g.objects(None, RDFS.subClassOf) if isinstance(o, URIRef) and o != OWL.Thing)
        if members:
            return members - _GENERIC_TYPES
        ignored = {s for s in g.subjects(RDF.type, RDF.Statement)} | {p.iri for p in self.source_parts}
        return {s for prop in LABEL_PROPERTIES for s in g.subjects(prop, None) if isinstance(s, URIRef)} - ignored

    def _category(self, iri: URIRef, classes: dict[URIRef, str], tops: dict[URIRef, URIRef | None]):
        """A category class and its label: a category class of the ontology; else the resource's
        own type; else the top of its hierarchy (the broadest concept or class above it)."""
        types = list(self.graph.objects(iri, RDF.type))
        category = next((t for t in types if t in classes), None)
        if category is not None:
            return category, classes[category]
        own = next((t for t in types if isinstance(t, URIRef) and t not in _GENERIC_TYPES), None)
        if own is not None:
            return own, self.label(own)
        top = tops.get(iri)
        return (top, self.label(top)) if top is not None else (None, None)

    def _tops(self, members: set[URIRef]) -> dict[URIRef, URIRef | None]:
        """Each member's broadest ancestor along skos:broader / rdfs:subClassOf (None at the top)."""
        parent = {}
        for prop in _HIERARCHY:
            for child, up in self.graph.subject_objects(prop):
                if child in members and up in members and up != child:
                    parent.setdefault(child, up)
        tops = {}
        for member in members:
            seen, current = {member}, member
            while current in parent and parent[current] not in seen:
                current = parent[current]
                seen.add(current)
            tops[member] = current if current != member else None
        return tops

    @cached_property
    def concepts(self) -> dict[URIRef, Concept]:
        """Every concept, keyed by IRI, ordered by label."""
        classes = self.category_classes
        members = self._members()
        sections = self._concept_sections(members)
        categorised = any(True for cls in classes for _ in self.graph.subjects(RDF.type, cls))
        tops = {} if categorised else self._tops(members)
        concepts = {}
        for iri in members:
            category, category_label = self._category(iri, classes, tops)
            concepts[iri] = Concept(
                iri=iri,
                label=self.label(iri),
                category=category,
                category_label=category_label,
                alt_labels=tuple(sorted(str(a) for a in self.graph.objects(iri, SKOS.altLabel))),
                definition=_pick_literal(list(self.graph.objects(iri, SKOS.definition))),
                sections=tuple(sorted(sections.get(iri, ()), key=self._section_order)),
            )
        return dict(sorted(concepts.items(), key=lambda item: (item[1].label.lower(), str(item[0]))))

    @property
    def prefixes(self) -> dict[str, str]:
        """The prefixes the data binds, as ``{prefix: namespace}``."""
        return {prefix: str(namespace) for prefix, namespace in self.graph.namespaces() if prefix}

    def find(self, iri: URIRef | str | None) -> Concept | None:
        """The concept with this IRI, or None (IRIs may be given as plain strings)."""
        return self.concepts.get(URIRef(str(iri))) if iri else None

    def concept(self, iri: URIRef | str) -> Concept:
        try:
            return self.concepts[URIRef(str(iri))]
        except KeyError:
            raise UnknownConceptError(f"no concept with IRI <{iri}>", name=str(iri)) from None

    def _concept_sections(self, members: set[URIRef]) -> dict[URIRef, set[URIRef]]:
        found: dict[URIRef, set[URIRef]] = defaultdict(set)
        for (source, _, target), evidence in self._evidence.items():
            for item in evidence:
                if item.section is not None:
                    found[source].add(item.section)
                    found[target].add(item.section)
        for iri in members:
            found[iri].update(o for o in self.graph.objects(iri, RDFS.isDefinedBy) if isinstance(o, URIRef))
        return found

    # Relations ----------------------------------------------------------------------------
    @cached_property
    def _evidence(self) -> dict[tuple, tuple[Evidence, ...]]:
        found: dict[tuple, list[Evidence]] = defaultdict(list)
        g = self.graph
        for statement in g.subjects(RDF.type, RDF.Statement):
            key = (
                g.value(statement, RDF.subject),
                g.value(statement, RDF.predicate),
                g.value(statement, RDF.object),
            )
            section = g.value(statement, PROV.wasDerivedFrom)
            title = self.label(section) if section is not None else None
            for selector in g.objects(statement, OA.hasSelector):
                exact = g.value(selector, OA.exact)
                if exact is None:
                    continue
                found[key].append(
                    Evidence(
                        quote=str(exact),
                        statement=statement,
                        section=section if isinstance(section, URIRef) else None,
                        section_title=title,
                        prefix=_optional_str(g.value(selector, OA.prefix)),
                        suffix=_optional_str(g.value(selector, OA.suffix)),
                    )
                )
        order = self._section_order
        return {key: tuple(sorted(items, key=lambda e: (order(e.section), e.quote))) for key, items in found.items()}

    def evidence(self, source, predicate, target) -> tuple[Evidence, ...]:
        key = tuple(term if isinstance(term, URIRef) else URIRef(str(term)) for term in (source, predicate, target))
        return self._evidence.get(key, ())

    @cached_property
    def relations(self) -> tuple[Relation, ...]:
        """Every link between two concepts: causal relations first, then the others."""
        concepts = self.concepts
        types: dict[URIRef, RelationType] = {}
        found = []
        for source in concepts:
            specific = {
                t
                for p, t in self.graph.predicate_objects(source)
                if p in self._causal_properties and p != CG.influences
            }
            for predicate, target in self.graph.predicate_objects(source):
                if target not in concepts or predicate in _NOT_LINKS or target == source:
                    continue
                if predicate == CG.influences and target in specific:
                    continue  # the entailed super-property of a more specific causal link
                if predicate not in types:
                    types[predicate] = self.relation_type(predicate)
                found.append(Relation(source, types[predicate], target, self.evidence(source, predicate, target)))
        found.sort(
            key=lambda r: (
                not r.type.causal,
                concepts[r.source].label.lower(),
                r.type.label,
                concepts[r.target].label.lower(),
            )
        )
        return tuple(found)

    def outgoing(self, iri) -> tuple[Relation, ...]:
        return self._by_end[0].get(URIRef(str(iri)), ())

    def incoming(self, iri) -> tuple[Relation, ...]:
        return self._by_end[1].get(URIRef(str(iri)), ())

    @cached_property
    def _by_end(self):
        out, into = defaultdict(list), defaultdict(list)
        for rel in self.relations:
            out[rel.source].append(rel)
            into[rel.target].append(rel)
        return ({k: tuple(v) for k, v in out.items()}, {k: tuple(v) for k, v in into.items()})

    # Source -------------------------------------------------------------------------------
    @cached_property
    def source_parts(self) -> tuple[SourcePart, ...]:
        """The sections and terms of the sources, in reading order (parents before children)."""
        g = self.graph
        parts = []
        for iri in set(g.subjects(CG.text, None)) | set(g.subjects(CG.position, None)):
            if not isinstance(iri, URIRef) or (iri, RDF.type, OWL.Class) in g:
                continue
            position = g.value(iri, CG.position)
            parent = g.value(iri, DCTERMS.isPartOf)
            text = g.value(iri, CG.text)
            parts.append(
                SourcePart(
                    iri=iri,
                    title=self.label(iri),
                    position=int(position) if isinstance(position, Literal) and position.isnumeric() else 0,
                    text=str(text) if text is not None else None,
                    parent=parent if isinstance(parent, URIRef) else None,
                )
            )
        by_iri = {part.iri: part for part in parts}

        def path(part: SourcePart) -> tuple[int, ...]:
            chain = [part.position]
            seen = {part.iri}
            while part.parent in by_iri and part.parent not in seen:
                part = by_iri[part.parent]
                seen.add(part.iri)
                chain.append(part.position)
            return tuple(reversed(chain))

        return tuple(sorted(parts, key=lambda p: (path(p), p.title)))

    @cached_property
    def _section_positions(self) -> dict[URIRef, int]:
        return {part.iri: index for index, part in enumerate(self.source_parts)}

    def _section_order(self, section) -> tuple[int, str]:
        return (self._section_positions.get(section, len(self._section_positions)), str(section or ""))

    # Projection ---------------------------------------------------------------------------
    @cached_property
    def network(self):
        """The projection into a networkx ``MultiDiGraph`` (see ``graph.project``), built once."""
        return to_networkx(self)

    # Summary ------------------------------------------------------------------------------
    def stats(self) -> dict[str, dict[str, int]]:
        """Counts of concepts by category and of links by relation."""
        by_category = Counter(c.category_label or "(none)" for c in self.concepts.values())
        by_relation = Counter(r.type.label for r in self.relations)
        evidenced = sum(1 for r in self.relations if r.evidence)
        return {
            "triples": {"total": len(self.graph)},
            "concepts": dict(sorted(by_category.items())) | {"total": len(self.concepts)},
            "relations": dict(sorted(by_relation.items())) | {"total": len(self.relations), "with evidence": evidenced},
            "sources": {"sections": len(self.source_parts)},
        }


def _optional_str(value) -> str | None:
    return str(value) if value is not None else None
