"""Three ways to open a graph behind one interface: a file in memory (``MemoryBackend``), an
on-disk pyoxigraph store or a SPARQL endpoint (``SparqlBackend``). The CLI and the app ask a
backend their questions and get the same records and networkx pieces back whichever it is.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Collection
from pathlib import Path
from typing import BinaryIO, Protocol

import networkx as nx
import pyoxigraph as ox

from .details import ConceptView, LinkView, QuoteInContext, concept_details
from .errors import DataError, QueryTimeout, ResourceLimitError, UnknownConceptError, UnknownRelationError
from .export import serialize
from .interventions import InterventionReport, interventions
from .iris import expand
from .load import load_concept_graph, load_ontology, to_rdflib
from .loops import LoopSearch, feedback_loops
from .model import Concept, ConceptGraph
from .names import resolve, search
from .paths import PathSearch, find_paths
from .project import neighbourhood, relations_named
from .remote import EXCLUDED_SPARQL, Exploration, RemoteGraph
from .sandbox import run_limited
from .sources import EndpointSource, Source, StoreSource, open_store
from .sparql import QueryResult, check_query, check_query_confined, run_query
from .vocab import PREFIXES

__all__ = ["Backend", "MemoryBackend", "SparqlBackend", "open_backend"]


class Backend(Protocol):
    description: str
    large: bool  # open on a search and a neighbourhood, never draw the whole graph

    def hubs(self, n: int) -> list[Concept]: ...
    def piece(self, nodes: Collection[str]) -> nx.MultiDiGraph: ...
    def details(self, iri: str) -> ConceptView: ...

    prefixes: dict[str, str]

    def relations_named(self, names: Collection[str]) -> set[str]: ...
    def resolve(self, name: str) -> Concept: ...
    def search(self, text: str, limit: int = 20) -> list[Concept]: ...
    def neighbourhood(self, iri: str, depth: int = 1, *, max_nodes: int = 500) -> Exploration: ...
    def paths(self, source: str, target: str, **options) -> tuple[nx.MultiDiGraph, PathSearch]: ...
    def interventions(self, source: str, target: str, **options) -> tuple[nx.MultiDiGraph, InterventionReport]: ...
    def loops(self, cutoff: int = 6) -> tuple[nx.MultiDiGraph, LoopSearch]: ...
    def query(self, text: str, *, timeout: float = 10.0, max_rows: int = 10_000) -> QueryResult: ...
    def export(self, out: BinaryIO, format: str) -> None: ...
    def stats(self) -> dict[str, dict[str, int]]: ...


#: Above this many concepts a graph in memory is explored like a store: piece by piece.
LARGE_CONCEPTS = 2_000


class MemoryBackend:
    """A ``ConceptGraph`` held in memory (rdflib plus its networkx projection)."""

    def __init__(self, concept_graph: ConceptGraph, description: str = "the graph in memory"):
        self.concept_graph = concept_graph
        self.description = description

    @property
    def large(self) -> bool:
        return len(self.concept_graph.concepts) > LARGE_CONCEPTS

    def hubs(self, n: int) -> list[Concept]:
        """The ``n`` concepts with the most links."""
        G = self.concept_graph.network
        ranked = sorted(G.degree, key=lambda item: (-item[1], item[0]))[:n]
        return [self.concept_graph.find(node) for node, _ in ranked]

    def piece(self, nodes: Collection[str]) -> nx.MultiDiGraph:
        """The concepts ``nodes`` and the links among them."""
        G = self.concept_graph.network
        return G.subgraph(n for n in nodes if n in G)

    def details(self, iri: str) -> ConceptView:
        return concept_details(self.concept_graph, iri)

    @property
    def prefixes(self) -> dict[str, str]:
        return self.concept_graph.prefixes

    def relations_named(self, names: Collection[str]) -> set[str]:
        return relations_named(self.concept_graph.network, names)

    def resolve(self, name: str) -> Concept:
        return resolve(self.concept_graph, name)

    def search(self, text: str, limit: int = 20) -> list[Concept]:
        return search(self.concept_graph, text, limit)

    def neighbourhood(self, iri: str, depth: int = 1, *, max_nodes: int = 500) -> Exploration:
        sub = neighbourhood(self.concept_graph.network, str(iri), depth)
        if len(sub) <= max_nodes:
            return Exploration(sub, False)
        by_distance = nx.single_source_shortest_path_length(sub.to_undirected(as_view=True), str(iri))
        kept = sorted(by_distance, key=lambda n: (by_distance[n], n))[:max_nodes]
        return Exploration(sub.subgraph(kept), True, "max nodes")

    def paths(self, source: str, target: str, **options) -> tuple[nx.MultiDiGraph, PathSearch]:
        G = self.concept_graph.network
        return G, find_paths(G, source, target, **options)

    def interventions(self, source: str, target: str, **options) -> tuple[nx.MultiDiGraph, InterventionReport]:
        G = self.concept_graph.network
        return G, interventions(G, source, target, **options)

    def loops(self, cutoff: int = 6) -> tuple[nx.MultiDiGraph, LoopSearch]:
        G = self.concept_graph.network
        return G, feedback_loops(G, cutoff)

    def query(self, text: str, *, timeout: float = 10.0, max_rows: int = 10_000) -> QueryResult:
        return run_query(self.concept_graph.graph, text, timeout=timeout, max_rows=max_rows)

    def export(self, out: BinaryIO, format: str) -> None:
        out.write(serialize(self.concept_graph.graph, format).encode("utf-8"))

    def stats(self) -> dict[str, dict[str, int]]:
        return self.concept_graph.stats()


class SparqlBackend:
    """A store or an endpoint, asked only for what each question needs."""

    large = True

    def __init__(self, source: Source, *, max_loop_links: int = 200_000):
        self.source = source
        self.remote = RemoteGraph(source, load_ontology())
        self.description = source.description
        self.max_loop_links = max_loop_links

    @property
    def prefixes(self) -> dict[str, str]:
        return self.remote.prefixes

    def relations_named(self, names: Collection[str]) -> set[str]:
        """Relation IRIs for names: full IRIs, prefixed names, or the ontology's relations by
        label or local name."""
        known = {}
        for iri in self.remote._schema._causal_properties:
            for alias in (str(iri), str(iri).rsplit("#", 1)[-1], self.remote.relation_type(iri).label):
                known[alias.lower()] = str(iri)
        found = set()
        for name in names:
            iri = expand(name.strip(), self.prefixes) or name.strip()
            key = iri.lower()
            if key in known:
                found.add(known[key])
            elif iri.startswith(("http://", "https://")):
                found.add(iri)
            else:
                raise UnknownRelationError(f"unknown relation {name!r} (known: {', '.join(sorted(known))})")
        return found

    def resolve(self, name: str) -> Concept:
        return self.remote.resolve(name)

    def search(self, text: str, limit: int = 20) -> list[Concept]:
        return self.remote.search(text, limit)

    def neighbourhood(self, iri: str, depth: int = 1, *, max_nodes: int = 500) -> Exploration:
        return self.remote.neighbourhood(str(iri), depth, max_nodes=max_nodes)

    def hubs(self, n: int, sample: int = 50_000) -> list[Concept]:
        """The ``n`` best-linked concepts among the first ``sample`` links: counting every link
        of a million-triple store takes about 25 s, too long for opening the explorer."""
        rows = self.source.select(
            f"""SELECT ?c (COUNT(*) AS ?n) WHERE {{
                {{ SELECT ?c WHERE {{ ?c ?p ?o FILTER(isIRI(?o) && ?p NOT IN ({EXCLUDED_SPARQL})) }} LIMIT {sample} }}
            }} GROUP BY ?c ORDER BY DESC(?n) ?c LIMIT {n}"""
        )
        iris = [str(row["c"]) for row in rows]
        concepts = self.remote.concepts(iris)
        return [concepts[iri] for iri in iris]

    def piece(self, nodes: Collection[str]) -> nx.MultiDiGraph:
        """The concepts ``nodes`` and the links among them."""
        nodes = set(nodes)
        if not nodes:
            return nx.MultiDiGraph()
        links, _ = self.remote.links(nodes, backward=False, limit=len(nodes) * 20)
        return self.remote.subgraph(nodes, [link for link in links if link[2] in nodes], with_evidence=False)

    def details(self, iri: str) -> ConceptView:
        """The details panel's view of one concept: its links (at most 200) with their quotes."""
        concept = self.remote.find(iri)
        if concept is None:
            raise UnknownConceptError(f"no concept with IRI <{iri}>", name=iri)
        links, _ = self.remote.links([str(iri)], limit=200)
        ends = {s for s, _, _ in links} | {o for _, _, o in links}
        labels = {c_iri: c.label for c_iri, c in self.remote.concepts(ends).items()}
        evidence = self.remote.evidence(links)

        def view(link) -> LinkView:
            s, p, o = link
            relation = self.remote.relation_type(p)
            quotes = tuple(
                QuoteInContext("", e.quote, "", str(e.section) if e.section else None, e.section_title)
                for e in evidence.get(link, ())
            )
            return LinkView(
                s, labels.get(s, s), p, relation.label, relation.polarity, o, labels.get(o, o), relation.causal, quotes
            )

        return ConceptView(
            iri=str(concept.iri),
            label=concept.label,
            category=concept.category_label,
            definition=concept.definition,
            alt_labels=concept.alt_labels,
            sections=(),
            outgoing=tuple(view(link) for link in links if link[0] == str(iri)),
            incoming=tuple(view(link) for link in links if link[2] == str(iri)),
        )

    def paths(self, source: str, target: str, **options) -> tuple[nx.MultiDiGraph, PathSearch]:
        search = self.remote.find_paths(source, target, **options)
        nodes = {n for p in search.paths for n in p.nodes} | {source, target}
        links = {
            (h.source, h.relation, h.target) if h.forward else (h.target, h.relation, h.source)
            for p in search.paths
            for h in p.hops
        }
        return self.remote.subgraph(nodes, links), search

    def interventions(self, source: str, target: str, **options) -> tuple[nx.MultiDiGraph, InterventionReport]:
        """The paths' part of the graph, plus every negative link onto a concept of the paths;
        the analysis then runs on that part (its minimum cut is the cut within it)."""
        k = options.pop("k", 10)
        cutoff = options.pop("cutoff", 6)
        G, search = self.paths(source, target, k=k, cutoff=cutoff, **options)
        on_paths = {n for p in search.paths for n in p.nodes[1:]}
        negative = {str(iri) for iri, t in self._relation_types().items() if t.polarity == "-"}
        levers, _ = (
            self.remote.links(on_paths, forward=False, relations=negative, limit=5_000) if on_paths else ([], False)
        )
        links = {(u, k_, v) for u, v, k_ in G.edges(keys=True)} | set(levers)
        part = self.remote.subgraph(set(G) | {s for s, _, _ in levers}, links)
        return part, interventions(part, source, target, k=k, cutoff=cutoff, **options)

    def _relation_types(self):
        return {iri: self.remote.relation_type(iri) for iri in self.remote._schema._causal_properties}

    def loops(self, cutoff: int = 6) -> tuple[nx.MultiDiGraph, LoopSearch]:
        """Loops need every causal link: fetched once (up to ``max_loop_links``) for a store;
        an endpoint is refused, it may hold far more than one machine should pull."""
        if isinstance(self.source, EndpointSource):
            raise DataError("feedback loops need the whole graph; they are not searched on an endpoint (use --store)")
        relations = self.remote.default_relations()
        allowed = f"VALUES ?p {{ {' '.join(f'<{r}>' for r in sorted(relations))} }}" if relations else ""
        limit = self.max_loop_links + 1
        query = f"SELECT ?s ?p ?o WHERE {{ {allowed} ?s ?p ?o FILTER(isIRI(?o) && isIRI(?s)) }} LIMIT {limit}"
        rows = self.source.select(query)
        if len(rows) > self.max_loop_links:
            raise DataError(f"more than {self.max_loop_links:,} causal links: too many to search for loops")
        links = {(str(r["s"]), str(r["p"]), str(r["o"])) for r in rows}
        nodes = {s for s, _, _ in links} | {o for _, _, o in links}
        G = self.remote.subgraph(nodes, links)
        return G, feedback_loops(G, cutoff)

    def query(self, text: str, *, timeout: float = 10.0, max_rows: int = 10_000) -> QueryResult:
        if not isinstance(self.source, StoreSource):
            form = check_query_confined(text, timeout=timeout)
            return _endpoint_query(self.source, text, form, max_rows)
        try:  # checked in the child too, within the deadline (see check_query_confined)
            return run_limited(
                _store_query, self.source.store, text, max_rows, timeout=timeout, memory_mb=1024, name="query"
            )
        except ResourceLimitError as err:
            raise QueryTimeout(f"query {err.detail}") from err

    def stats(self) -> dict[str, dict[str, int]]:
        """Counts of concepts by category and of links by relation (full scans of the store)."""
        categories = self.source.select(
            f"""SELECT ?category (COUNT(DISTINCT ?c) AS ?n) WHERE {{
                ?c <{self.remote.label_property}> ?l OPTIONAL {{ ?c a ?category }}
            }} GROUP BY ?category"""
        )
        relations = self.source.select(
            f"""SELECT ?p (COUNT(*) AS ?n) WHERE {{
                ?s ?p ?o FILTER(isIRI(?o) && ?p NOT IN ({EXCLUDED_SPARQL}))
            }} GROUP BY ?p"""
        )
        labels = self.remote._labels({str(r["category"]) for r in categories if r.get("category") is not None})
        by_category = {labels.get(str(r.get("category")), "(none)"): int(r["n"]) for r in categories}
        by_relation = {self.remote.relation_type(r["p"]).label: int(r["n"]) for r in relations}
        return {
            "concepts (by type)": dict(sorted(by_category.items())),
            "relations": dict(sorted(by_relation.items())) | {"total": sum(by_relation.values())},
        }

    def export(self, out: BinaryIO, format: str) -> None:
        self.source.dump(out, format)


def _store_query(store: ox.Store, text: str, max_rows: int) -> QueryResult:
    """Check the query, then run it on the store (in the confined child)."""
    form = check_query(text)
    result = store.query(text, prefixes={p: str(ns) for p, ns in PREFIXES.items()})
    if form == "ASK":
        return QueryResult(form, (), (), False, bool(result), None)
    if form == "SELECT":
        names = [v.value for v in result.variables]
        rows = [
            tuple(None if s[n] is None else _text(to_rdflib(s[n], "query")) for n in names)
            for s in itertools.islice(result, max_rows + 1)
        ]
        return QueryResult(form, tuple(names), tuple(rows[:max_rows]), len(rows) > max_rows, None, None)
    triples = list(itertools.islice(result, max_rows + 1))
    rows = tuple(
        tuple(_text(to_rdflib(t, "query")) for t in (q.subject, q.predicate, q.object)) for q in triples[:max_rows]
    )
    return QueryResult(form, ("subject", "predicate", "object"), rows, len(triples) > max_rows, None, None)


def _endpoint_query(source: EndpointSource, text: str, form: str, max_rows: int) -> QueryResult:
    if form == "ASK":
        return QueryResult(form, (), (), False, source.ask(text), None)
    if form != "SELECT":
        raise DataError("on an endpoint the console runs SELECT and ASK queries")
    rows = source.select(text)
    names = tuple(dict.fromkeys(name for row in rows for name in row))
    values = [tuple(_text(row.get(n)) for n in names) for row in rows[: max_rows + 1]]
    return QueryResult(form, names, tuple(values[:max_rows]), len(rows) > max_rows, None, None)


def _text(term) -> str | None:
    if term is None:
        return None
    return term.n3() if term.__class__.__name__ == "BNode" else str(term)


def open_backend(
    data: Collection[str | Path] = (),
    *,
    store: str | Path | None = None,
    endpoint: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Backend:
    """The backend for the command line's ``--data``, ``--store`` and ``--endpoint``.

    Raises
    ------
    DataError
        For a combination that makes no sense (an endpoint with files) or a source that fails.
    """
    if endpoint and (store or data):
        raise DataError("--endpoint reads a remote graph: it cannot be combined with --data or --store")
    if endpoint:
        return SparqlBackend(EndpointSource(endpoint))
    if store:
        return SparqlBackend(open_store(store, list(data), progress=progress, read_only=not data))
    concept_graph = load_concept_graph(list(data) or None)
    name = ", ".join(Path(p).name for p in data) if data else "Why people withdraw after rejection"
    return MemoryBackend(concept_graph, name)
