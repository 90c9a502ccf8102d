"""A concept graph read through SPARQL, a piece at a time: for an on-disk store or an endpoint
too large to load. It answers the questions the explorer asks (search, one concept, its links, a
neighbourhood, paths) with bounded queries and returns the same records and networkx
projections as the in-memory ``ConceptGraph``, so the analysis, report and app code is shared.

Paths are found by bidirectional breadth-first search (as WoolNet and RelFinder do): the
neighbourhood of the source grows forwards and that of the target backwards, a frontier per
query, until the two balls cover every path within the length bound (or a node or time budget
runs out); networkx's k-shortest-paths then runs on what was fetched.
"""

from __future__ import annotations

import json
import time
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from functools import cached_property

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from .errors import AmbiguousConceptError, UnknownConceptError
from .iris import expand, slugify
from .model import LABEL_PROPERTIES, Concept, ConceptGraph, Evidence, Relation, local_name
from .paths import PathSearch, check_path_query, find_paths
from .project import edge_data
from .sources import Source
from .vocab import CG, OA, PREFIXES

__all__ = ["RemoteGraph", "Exploration", "EXCLUDED", "EXCLUDED_SPARQL"]

#: Predicates that never count as links between concepts (typing, schemes, provenance, and the
#: statement nodes that carry evidence).
EXCLUDED = frozenset(
    {
        RDF.type,
        RDF.subject,
        RDF.predicate,
        RDF.object,
        SKOS.inScheme,
        SKOS.topConceptOf,
        SKOS.hasTopConcept,
        RDFS.isDefinedBy,
        PROV.wasDerivedFrom,
        DCTERMS.isPartOf,
        DCTERMS.source,
        OA.hasSelector,
        OWL.sameAs,
    }
)
EXCLUDED_SPARQL = ", ".join(f"<{p}>" for p in sorted(EXCLUDED))
_BATCH = 200  # IRIs per VALUES block


@dataclass(frozen=True)
class Exploration:
    """A piece of the graph fetched for one question, and whether a budget cut it short."""

    graph: nx.MultiDiGraph
    capped: bool
    reason: str | None = None


def _values(iris: Iterable[str]) -> str:
    return " ".join(f"<{iri}>" for iri in iris)


def _batches(items: list[str], size: int = _BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class RemoteGraph:
    """The explorer's questions answered by SPARQL against ``source``.

    Parameters
    ----------
    source : graph.sources.Source
        A store or an endpoint.
    ontology : rdflib.Graph
        The project ontology (relation labels, polarities, category labels).
    """

    def __init__(self, source: Source, ontology: Graph):
        self.source = source
        self.ontology = ontology
        self._schema = ConceptGraph(Graph(), ontology)  # relation types from the ontology

    def __repr__(self) -> str:
        return f"<RemoteGraph {self.source.description}>"

    @property
    def description(self) -> str:
        return self.source.description

    @property
    def prefixes(self) -> dict[str, str]:
        return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}

    # What the graph uses ---------------------------------------------------------------------
    @cached_property
    def label_property(self) -> URIRef:
        """The first of ``LABEL_PROPERTIES`` the data uses."""
        for prop in LABEL_PROPERTIES:
            if self.source.ask(f"ASK {{ ?s <{prop}> ?o }}"):
                return prop
        return RDFS.label

    @cached_property
    def causal(self) -> bool:
        """Whether the data has causal links (then paths follow them by default)."""
        return self.source.ask(f"ASK {{ ?s ?p ?o . ?p <{RDFS.subPropertyOf}>+ <{CG.influences}> }}") or any(
            self.source.ask(f"ASK {{ ?s <{p}> ?o }}") for p in self._schema._causal_properties if p != CG.influences
        )

    def default_relations(self) -> set[str] | None:
        """Relation IRIs a path follows by default: the causal ones in a causal graph, else all."""
        if not self.causal:
            return None
        return {str(p) for p in self._schema._causal_properties if p != CG.influences}

    def relation_type(self, predicate: URIRef):
        return self._schema.relation_type(URIRef(predicate))

    # Concepts --------------------------------------------------------------------------------
    def concepts(self, iris: Collection[str]) -> dict[str, Concept]:
        """Label, category, alternative labels and definition of each IRI (batched)."""
        found: dict[str, dict] = {iri: {"labels": [], "types": [], "alt": [], "definition": []} for iri in iris}
        for batch in _batches(list(found)):
            rows = self.source.select(
                f"""SELECT ?c ?kind ?v WHERE {{
                    VALUES ?c {{ {_values(batch)} }}
                    {{ ?c <{self.label_property}> ?v BIND("labels" AS ?kind) }}
                    UNION {{ ?c <{RDF.type}> ?v BIND("types" AS ?kind) }}
                    UNION {{ ?c <{SKOS.altLabel}> ?v BIND("alt" AS ?kind) }}
                    UNION {{ ?c <{SKOS.definition}> ?v BIND("definition" AS ?kind) }}
                }}"""
            )
            for row in rows:
                found[str(row["c"])][str(row["kind"])].append(row["v"])
        type_labels = self._labels({str(t) for data in found.values() for t in data["types"]})
        concepts = {}
        for iri, data in found.items():
            category = next(
                (t for t in data["types"] if t in self._schema.category_classes),
                next((t for t in data["types"] if t not in (SKOS.Concept, OWL.Class, RDFS.Class)), None),
            )
            label = _english(data["labels"]) or local_name(iri)
            concepts[iri] = Concept(
                iri=URIRef(iri),
                label=label,
                category=category,
                category_label=(
                    self._schema.category_classes.get(category) or type_labels.get(str(category)) if category else None
                ),
                alt_labels=tuple(sorted(str(a) for a in data["alt"])),
                definition=_english(data["definition"]),
            )
        return concepts

    def _labels(self, iris: set[str]) -> dict[str, str]:
        labels: dict[str, list] = {iri: [] for iri in iris}
        for batch in _batches(sorted(iris)):
            for row in self.source.select(
                f"SELECT ?c ?l WHERE {{ VALUES ?c {{ {_values(batch)} }} ?c <{self.label_property}> ?l }}"
            ):
                labels[str(row["c"])].append(row["l"])
        return {iri: _english(values) or local_name(iri) for iri, values in labels.items()}

    def find(self, iri: str) -> Concept | None:
        """The concept with this IRI, or None when the data says nothing about it."""
        if not self.source.ask(f"ASK {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?p <{iri}> }} }}"):
            return None
        return self.concepts([str(iri)])[str(iri)]

    def search(self, text: str, limit: int = 20) -> list[Concept]:
        """Concepts whose label or alternative label contains ``text`` (any case): exact matches
        first, then labels starting with it, then the others."""
        needle = text.strip().lower()
        if not needle:
            return []
        rows = self.source.select(
            f"""SELECT DISTINCT ?c ?l WHERE {{
                {{ ?c <{self.label_property}> ?l }} UNION {{ ?c <{SKOS.altLabel}> ?l }}
                FILTER(CONTAINS(LCASE(STR(?l)), {json.dumps(needle)}))
            }} LIMIT {limit * 20}"""
        )
        ranked: dict[str, tuple] = {}
        for row in rows:
            label = str(row["l"]).lower()
            rank = (0 if label == needle else 1 if label.startswith(needle) else 2, label)
            iri = str(row["c"])
            if iri not in ranked or rank < ranked[iri]:
                ranked[iri] = rank
        chosen = sorted(ranked, key=lambda iri: ranked[iri])[:limit]
        concepts = self.concepts(chosen)
        return [concepts[iri] for iri in chosen]

    def resolve(self, name: str) -> Concept:
        """The concept ``name`` stands for: an IRI, a prefixed name, a label (any case), a slug or
        a unique part of a label; the errors are those of ``graph.names.resolve``."""
        text = name.strip().strip("<>")
        if not text:
            raise UnknownConceptError("an empty name names no concept", name=name)
        for iri in (text, expand(text, self.prefixes)):
            if iri and ":" in iri and (concept := self.find(iri)) is not None:
                return concept
        lowered = json.dumps(text.lower())
        slug = json.dumps("/" + slugify(text))
        for condition in (
            f"LCASE(STR(?l)) = {lowered}",
            f"STRENDS(LCASE(STR(?c)), {slug})",
            f"CONTAINS(LCASE(STR(?l)), {lowered})",
        ):
            rows = self.source.select(
                f"""SELECT DISTINCT ?c WHERE {{
                    {{ ?c <{self.label_property}> ?l }} UNION {{ ?c <{SKOS.altLabel}> ?l }}
                    FILTER({condition})
                }} LIMIT 50"""
            )
            matches = sorted({str(row["c"]) for row in rows})
            if len(matches) == 1:
                return self.concepts(matches)[matches[0]]
            if matches:
                concepts = self.concepts(matches)
                candidates = tuple(sorted((concepts[i].label, i) for i in matches))
                listed = "; ".join(f"{label} <{iri}>" for label, iri in candidates[:8])
                raise AmbiguousConceptError(
                    f"{name!r} names {len(candidates)} concepts: {listed}", name=name, candidates=candidates
                )
        suggestions = tuple(c.label for c in self.search(text[: max(3, len(text) // 2)], limit=3))
        hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        raise UnknownConceptError(f"no concept named {name!r}{hint}", name=name, suggestions=suggestions)

    # Links -----------------------------------------------------------------------------------
    def links(
        self,
        iris: Collection[str],
        *,
        forward: bool = True,
        backward: bool = True,
        relations: Collection[str] | None = None,
        limit: int = 10_000,
    ) -> tuple[list[tuple[str, str, str]], bool]:
        """Links from (``forward``) and to (``backward``) the given concepts, at most ``limit``;
        returns the (source, relation, target) triples and whether the limit cut them short."""
        found: set[tuple[str, str, str]] = set()
        # a FILTER, not VALUES: with a frontier larger than the relation list, Oxigraph 0.5 starts
        # a VALUES ?p query from the relations and scans every causal triple (3-9 s at 1M triples)
        allowed = f"?p IN ({', '.join(f'<{r}>' for r in sorted(relations))}) && " if relations is not None else ""
        for batch in _batches(sorted(iris)):
            patterns = []
            if forward:
                patterns.append(f"{{ VALUES ?s {{ {_values(batch)} }} ?s ?p ?o }}")
            if backward:
                patterns.append(f"{{ VALUES ?o {{ {_values(batch)} }} ?s ?p ?o }}")
            rows = self.source.select(
                f"""SELECT ?s ?p ?o WHERE {{
                    {" UNION ".join(patterns)}
                    FILTER({allowed}isIRI(?o) && isIRI(?s) && ?s != ?o && ?p NOT IN ({EXCLUDED_SPARQL}))
                }} LIMIT {limit - len(found) + 1}"""
            )
            found.update((str(r["s"]), str(r["p"]), str(r["o"])) for r in rows)
            if len(found) > limit:
                return sorted(found)[:limit], True
        return _without_entailed(found), False

    def evidence(self, links: Iterable[tuple[str, str, str]]) -> dict[tuple[str, str, str], tuple[Evidence, ...]]:
        """The evidence quotes of each link (batched)."""
        links = sorted(set(links))
        found: dict[tuple[str, str, str], list[Evidence]] = {link: [] for link in links}
        for batch in _batches(links, 60):
            values = " ".join(f"(<{s}> <{p}> <{o}>)" for s, p, o in batch)
            rows = self.source.select(
                f"""SELECT ?s ?p ?o ?st ?quote ?section ?title ?prefix ?suffix WHERE {{
                    VALUES (?s ?p ?o) {{ {values} }}
                    ?st <{RDF.subject}> ?s ; <{RDF.predicate}> ?p ; <{RDF.object}> ?o ;
                        <{OA.hasSelector}> ?sel .
                    ?sel <{OA.exact}> ?quote .
                    OPTIONAL {{ ?sel <{OA.prefix}> ?prefix }}
                    OPTIONAL {{ ?sel <{OA.suffix}> ?suffix }}
                    OPTIONAL {{ ?st <{PROV.wasDerivedFrom}> ?section OPTIONAL {{ ?section <{DCTERMS.title}> ?title }} }}
                }}"""
            )
            for row in rows:
                key = (str(row["s"]), str(row["p"]), str(row["o"]))
                found[key].append(
                    Evidence(
                        quote=str(row["quote"]),
                        statement=row["st"],
                        section=row.get("section"),
                        section_title=str(row["title"]) if row.get("title") is not None else None,
                        prefix=str(row["prefix"]) if row.get("prefix") is not None else None,
                        suffix=str(row["suffix"]) if row.get("suffix") is not None else None,
                    )
                )
        return {key: tuple(sorted(items, key=lambda e: e.quote)) for key, items in found.items()}

    def subgraph(self, nodes: Collection[str], links: Iterable[tuple[str, str, str]], *, with_evidence: bool = True):
        """The projection (as ``graph.project.to_networkx`` makes it) of these nodes and links."""
        concepts = self.concepts(nodes)
        G = nx.MultiDiGraph()
        # sorted, so ties between equally short paths break the same way on every run
        for iri, concept in sorted(concepts.items()):
            G.add_node(
                iri,
                label=concept.label,
                category=str(concept.category) if concept.category else None,
                category_label=concept.category_label,
                definition=concept.definition,
            )
        links = sorted(link for link in links if link[0] in concepts and link[2] in concepts)
        evidence = self.evidence(links) if with_evidence else {}
        for s, p, o in links:
            relation_type = self.relation_type(URIRef(p))
            relation = Relation(URIRef(s), relation_type, URIRef(o), evidence.get((s, p, o), ()))
            G.add_edge(s, o, key=p, **edge_data(relation))
        return G

    def neighbourhood(self, iri: str, depth: int = 1, *, max_nodes: int = 500) -> Exploration:
        """The concepts within ``depth`` links of ``iri`` (either direction) and the links among
        them, at most ``max_nodes`` concepts (``capped`` says when there were more)."""
        seen = {str(iri)}
        frontier = [str(iri)]
        capped = False
        for _ in range(depth):
            found, cut = self.links(frontier, limit=max_nodes * 8)
            capped |= cut
            following = []
            for s, _, o in found:
                for node in (s, o):
                    if node not in seen:
                        if len(seen) >= max_nodes:
                            capped = True
                            continue
                        seen.add(node)
                        following.append(node)
            frontier = following
            if not frontier:
                break
        # every link among the concepts shown, as the in-memory neighbourhood has
        among, cut = self.links(seen, backward=False, limit=max_nodes * 8)
        links = [(s, p, o) for s, p, o in among if o in seen]
        capped |= cut
        return Exploration(self.subgraph(seen, links), capped, "max nodes" if capped else None)

    # Paths -----------------------------------------------------------------------------------
    def find_paths(
        self,
        source: str,
        target: str,
        k: int = 5,
        cutoff: int = 6,
        *,
        directed: bool = True,
        relations: Collection[str] | None = None,
        avoid: Iterable[str] = (),
        time_budget: float = 2.0,
        max_nodes: int = 20_000,
    ) -> PathSearch:
        """``graph.paths.find_paths`` on the part of the graph a bidirectional search fetches.

        The ball around the source grows forwards and the one around the target backwards (both
        ways when ``directed`` is False), always the smaller frontier first, until their radii
        add up to ``cutoff`` (then every path within the bound lies inside them), or the node or
        time budget runs out (then the result is truncated).
        """
        avoid = check_path_query(source, target, k, cutoff, avoid)
        relations = set(relations) if relations is not None else self.default_relations()
        deadline = time.monotonic() + time_budget
        balls = {"out": {source}, "in": {target}}
        frontiers = {"out": [source], "in": [target]}
        radii = {"out": 0, "in": 0}
        links: set[tuple[str, str, str]] = set()
        reason = None
        while radii["out"] + radii["in"] < cutoff:
            side = min((s for s in ("out", "in") if frontiers[s]), key=lambda s: len(frontiers[s]), default=None)
            if side is None:
                break
            if time.monotonic() > deadline:
                reason = "time budget"
                break
            forward = side == "out" or not directed
            backward = side == "in" or not directed
            found, cut = self.links(
                frontiers[side], forward=forward, backward=backward, relations=relations, limit=max_nodes * 4
            )
            following = []
            for s, p, o in found:
                if s in avoid or o in avoid:
                    continue
                links.add((s, p, o))
                for node in (s, o):
                    if node not in balls[side]:
                        balls[side].add(node)
                        following.append(node)
            frontiers[side] = following
            radii[side] += 1
            if cut or len(balls["out"]) + len(balls["in"]) > max_nodes:
                reason = "node budget"
                break
        nodes = balls["out"] | balls["in"]
        G = self.subgraph(nodes, links, with_evidence=False)
        for node in (source, target):
            if node not in G:
                G.add_node(node, label=local_name(node), category=None, category_label=None, definition=None)
        remaining = max(0.05, deadline - time.monotonic())
        search = find_paths(
            G,
            source,
            target,
            k=k,
            cutoff=cutoff,
            directed=directed,
            relations=relations,
            avoid=avoid & set(G),
            time_budget=remaining,
        )
        if reason and not search.truncated:
            search = PathSearch(
                search.source, search.target, search.paths, True, reason, search.directed, search.relations
            )
        return _with_evidence(self, G, search)


def _with_evidence(remote: RemoteGraph, G: nx.MultiDiGraph, search: PathSearch) -> PathSearch:
    """Fetch the evidence of the hops of the paths found (only those)."""
    hops = {
        (h.source, h.relation, h.target) if h.forward else (h.target, h.relation, h.source)
        for p in search.paths
        for h in p.hops
    }
    evidence = remote.evidence(hops)
    paths = []
    for path in search.paths:
        new_hops = tuple(
            replace(
                h,
                evidence=evidence.get(
                    (h.source, h.relation, h.target) if h.forward else (h.target, h.relation, h.source), ()
                ),
            )
            for h in path.hops
        )
        paths.append(replace(path, hops=new_hops))
    return replace(search, paths=tuple(paths))


def _without_entailed(found: set[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Drop a ``cg:influences`` link where a more specific link joins the same two concepts."""
    specific = {(s, o) for s, p, o in found if p != str(CG.influences)}
    return sorted(link for link in found if link[1] != str(CG.influences) or (link[0], link[2]) not in specific)


def _english(values: list) -> str | None:
    for wanted in ("en", None):
        for value in values:
            if isinstance(value, Literal) and (value.language or None) == wanted:
                return str(value)
    return str(values[0]) if values else None
