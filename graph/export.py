"""Serialising a concept graph (or part of it) to the standard RDF formats."""

from __future__ import annotations

import csv
import io
import json
import re
import secrets
import weakref
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

import networkx as nx
from rdflib import Graph, Literal, URIRef, plugin
from rdflib.namespace import RDF, XSD, split_uri
from rdflib.plugins.serializers.jsonld import Converter
from rdflib.plugins.serializers.turtle import TurtleSerializer
from rdflib.plugins.shared.jsonld.context import Context
from rdflib.plugins.shared.jsonld.keys import CONTEXT, GRAPH
from rdflib.serializer import Serializer

from .errors import DataError
from .model import ConceptGraph
from .vocab import CG, bind_prefixes

__all__ = [
    "EXPORT_FORMATS",
    "VIEW_FORMATS",
    "MEDIA_TYPES",
    "EXTENSIONS",
    "serialize",
    "write",
    "write_with",
    "subgraph_rdf",
    "to_graphml",
    "to_csv",
    "export_view",
]

#: Export format names and the rdflib serialiser behind each.
EXPORT_FORMATS = {"turtle": "concept-graph-turtle", "nt": "nt", "json-ld": "json-ld", "xml": "pretty-xml"}
#: Formats a view (the whole graph or part of it) can be exported in.
VIEW_FORMATS = (*EXPORT_FORMATS, "graphml", "csv")
MEDIA_TYPES = {
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "json-ld": "application/ld+json",
    "xml": "application/rdf+xml",
    "graphml": "application/graphml+xml",
    "csv": "text/csv",
}
EXTENSIONS = {"turtle": ".ttl", "nt": ".nt", "json-ld": ".jsonld", "xml": ".rdf", "graphml": ".graphml", "csv": ".csv"}


# A namespace that ends inside a percent escape ("http://x/%" of "http://x/%20p").
_INSIDE_ESCAPE = re.compile(r"%[0-9A-Fa-f]?$")
# Literals Turtle may write bare (``12``, ``1.5``, ``true``).
_BARE_DATATYPES = frozenset({XSD.integer, XSD.decimal, XSD.double, XSD.boolean})


class _TurtleSerializer(TurtleSerializer):
    """rdflib's Turtle serialiser, with two fixes so that what it writes reads back as the same
    triples:

    - it never declares a prefix by splitting an IRI inside a percent escape: ``@prefix ns1:
      <http://x/%>`` is not a valid IRI and strict parsers (pyoxigraph, which this project
      imports with) refuse the whole file; such IRIs are written in full (rdflib splits IRIs
      where XML names allow, RDFLib/rdflib#801);
    - a number whose bare form would read back as another literal (rdflib writes
      ``"0"^^xsd:decimal`` as ``0.0``, a different term) is written with its datatype.
    """

    def label(self, node, position) -> str:
        text = super().label(node, position)
        if isinstance(node, Literal) and node.datatype in _BARE_DATATYPES and text != str(node):
            return node.n3()
        return text

    def get_pname(self, uri, gen_prefix: bool = True) -> str | None:
        if isinstance(uri, URIRef) and "%" in uri:
            try:
                namespace, _ = split_uri(uri)
            except ValueError:
                namespace = ""
            if _INSIDE_ESCAPE.search(namespace) and self.store.store.prefix(URIRef(namespace)) is None:
                return None
        return super().get_pname(uri, gen_prefix)


plugin.register("concept-graph-turtle", Serializer, __name__, "_TurtleSerializer")


def serialize(graph: Graph, format: str = "turtle") -> str:
    """``graph`` as text in ``format`` (one of ``EXPORT_FORMATS``), with the project's prefixes.

    Raises
    ------
    DataError
        For an unknown format, or a graph RDF/XML cannot express (a predicate whose IRI does not
        end in an XML name, such as ``http://example.org/p%20``).
    """
    if format not in EXPORT_FORMATS:
        raise DataError(f"unknown export format {format!r} (known: {', '.join(EXPORT_FORMATS)})")
    bind_prefixes(graph)
    if format == "xml":
        _check_xml_names(graph)
    if format == "json-ld":
        return _json_ld(graph, {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix})
    try:
        return graph.serialize(format=EXPORT_FORMATS[format])
    except ValueError as err:
        if format != "xml":
            raise
        raise DataError(f"RDF/XML cannot express this graph ({err}): export it as Turtle or N-Triples") from err


class _JsonLdConverter(Converter):
    """rdflib's RDF to JSON-LD conversion, with two fixes so that the file reads back as the same
    triples:

    - rdflib starts from IRIs and from blank nodes that are nobody's object, so blank nodes
      reached only through a cycle of blank nodes (``_:a :p _:b . _:b :p _:a``, or ``_:a :p
      _:a``) were left out of the file; this one adds every subject not reached;
    - with a context rdflib writes numbers and booleans as JSON values, which read back as other
      literals (``"1e3"^^xsd:double`` as ``1000.0``, an ``xsd:integer``; an ill-typed
      ``"abc"^^xsd:integer`` as the plain string ``"abc"``): they keep ``@value`` and ``@type``;
    - an empty plain literal is written ``{"@value": ""}``: rdflib takes a bare ``""`` for no
      value and the next value of the same property replaced it.
    """

    def __init__(self, context: Context):
        super().__init__(context, use_native_types=False, use_rdf_type=False)
        self.use_native_types = False  # rdflib turns them on whenever a context is active

    def to_raw_value(self, graph, s, o, nodemap):
        value = super().to_raw_value(graph, s, o, nodemap)
        return {self.context.value_key: ""} if value == "" else value

    def from_graph(self, graph: Graph):
        nodes = {node[self.context.id_key]: node for node in super().from_graph(graph)}
        for subject in graph.subjects(unique=True):
            self.process_subject(graph, subject, nodes)
        return list(nodes.values())


def _json_ld(graph: Graph, context: dict[str, str]) -> str:
    """``graph`` as compacted JSON-LD with ``context``, as rdflib's serialiser writes it."""
    converter = _JsonLdConverter(Context(context))
    result = converter.convert(graph)
    if converter.context.active:
        if isinstance(result, list):
            result = {converter.context.get_key(GRAPH): result}
        result[CONTEXT] = context
    return json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False)


def _check_xml_names(graph: Graph) -> None:
    """Refuse what rdflib's RDF/XML writer would get wrong: an ``&`` in a predicate or class IRI
    ends up unescaped in an ``xmlns`` attribute, and the file is not XML."""
    names = set(graph.predicates()) | set(graph.objects(None, RDF.type))
    for name in sorted(n for n in names if isinstance(n, URIRef) and "&" in n):
        raise DataError(f"RDF/XML cannot name <{name}> (an '&' in a property or class IRI): export as Turtle")


def write(graph: Graph, path: str | Path, format: str = "turtle") -> Path:
    """Write ``graph`` to ``path``; the file is replaced only once the text is complete."""
    text = serialize(graph, format)
    return write_with(lambda handle: handle.write(text.encode("utf-8")), path)


def write_with(produce: Callable[[BinaryIO], object], path: str | Path) -> Path:
    """Let ``produce`` stream into a new file that replaces ``path`` only once it is complete
    (a failed or interrupted export, a full disk, leaves the old file and no partial one). Each
    export has its own partial file, so two at once to the same path never write into one file:
    the last to finish wins, whole."""
    path = Path(path)
    partial = path.with_name(f"{path.name}.{secrets.token_hex(4)}.partial")
    try:
        with partial.open("xb") as handle:
            produce(handle)
        partial.replace(path)
    except OSError as err:
        partial.unlink(missing_ok=True)
        raise DataError(f"{path}: cannot write the export: {err.strerror or err}") from err
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path


def subgraph_rdf(concept_graph: ConceptGraph, nodes: Iterable[str], links: Iterable[tuple[str, str, str]]) -> Graph:
    """The RDF of part of a concept graph, keeping labels, categories and evidence.

    Parameters
    ----------
    nodes : iterable of str
        Concept IRIs: each keeps every triple about it (labels, types, definition, scheme).
    links : iterable of (source, relation, target)
        Links to keep: each keeps its triple, the entailed ``cg:influences`` triple, its
        statements with their quote selectors, and the sections those cite.
    """
    source = concept_graph.graph
    out = bind_prefixes(Graph())
    for prefix, namespace in source.namespaces():
        out.bind(prefix, namespace, override=False)
    for node in map(URIRef, nodes):
        # everything about the concept but its links, which come only from ``links``
        out += ((node, p, o) for p, o in source.predicate_objects(node) if o not in concept_graph.concepts)
    sections = set()
    for s_iri, relation, t_iri in links:
        triple = (URIRef(s_iri), URIRef(relation), URIRef(t_iri))
        out.add(triple)
        if (triple[0], CG.influences, triple[2]) in source:
            out.add((triple[0], CG.influences, triple[2]))
        for evidence in concept_graph.evidence(*triple):
            _copy_tree(source, evidence.statement, out)
            if evidence.section is not None:
                sections.add(evidence.section)
    for section in sections:
        for p, o in source.predicate_objects(section):
            out.add((section, p, o))
    return out


def _copy_tree(source: Graph, node, out: Graph) -> None:
    """``node``'s triples and those of the blank nodes it points to (its quote selectors)."""
    for p, o in source.predicate_objects(node):
        out.add((node, p, o))
        if not isinstance(o, URIRef) and (o, None, None) in source:
            _copy_tree(source, o, out)


def _flat(data: dict) -> dict:
    """Edge or node attributes as GraphML-friendly scalars."""
    flat = {}
    for key, value in data.items():
        if key == "evidence":
            flat["evidence"] = " | ".join(e.quote for e in value)
            flat["sections"] = " | ".join(dict.fromkeys(e.section_title or "" for e in value))
        elif isinstance(value, str | int | float | bool):
            flat[key] = value
    return flat


# Characters XML 1.0 cannot carry at all, even escaped (most C0 controls, lone surrogates, and
# U+FFFE/U+FFFF).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(data: dict) -> dict:
    """``data`` with the characters XML cannot carry replaced by U+FFFD: networkx would write
    them as they are, and no XML parser reads such a file back."""
    return {key: _NOT_XML.sub("\N{REPLACEMENT CHARACTER}", v) if isinstance(v, str) else v for key, v in data.items()}


def to_graphml(G: nx.MultiDiGraph) -> str:
    """``G`` as GraphML, for Gephi and Cytoscape: labels, categories, relations, polarity and
    evidence quotes as attributes (a character XML cannot carry, such as a control character,
    becomes U+FFFD)."""
    flat = nx.MultiDiGraph()
    flat.add_nodes_from((n, _xml_safe(_flat(d))) for n, d in G.nodes(data=True))
    flat.add_edges_from((u, v, k, _xml_safe(_flat(d))) for u, v, k, d in G.edges(keys=True, data=True))
    return "\n".join(nx.generate_graphml(flat, prettyprint=True)) + "\n"


def to_csv(G: nx.MultiDiGraph) -> str:
    """The links of ``G`` as CSV, one row per link with its evidence."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["source", "relation", "target", "polarity", "evidence", "sections", "source_iri", "relation_iri", "target_iri"]
    )
    for u, v, data in sorted(G.edges(data=True), key=lambda e: (G.nodes[e[0]]["label"], e[2]["label"], e[1])):
        flat = _flat(data)
        writer.writerow(
            [
                G.nodes[u]["label"],
                data["label"],
                G.nodes[v]["label"],
                data["polarity"],
                flat["evidence"],
                flat["sections"],
                u,
                data["relation"],
                v,
            ]
        )
    return out.getvalue()


def export_view(concept_graph: ConceptGraph, format: str, view: nx.MultiDiGraph | None = None) -> str:
    """The whole graph (``view`` None) or a part of its projection, in any of ``VIEW_FORMATS``.

    Raises
    ------
    DataError
        For an unknown format.
    """
    if format not in VIEW_FORMATS:
        raise DataError(f"unknown export format {format!r} (known: {', '.join(VIEW_FORMATS)})")
    if view is None:
        # the whole of a loaded graph never changes: serialise it once per format
        cache = _WHOLE_GRAPH_EXPORTS.setdefault(concept_graph, {})
        if format not in cache:
            cache[format] = _export(concept_graph, format, None)
        return cache[format]
    return _export(concept_graph, format, view)


_WHOLE_GRAPH_EXPORTS: weakref.WeakKeyDictionary[ConceptGraph, dict[str, str]] = weakref.WeakKeyDictionary()


def _export(concept_graph: ConceptGraph, format: str, view: nx.MultiDiGraph | None) -> str:
    G = concept_graph.network if view is None else view
    if format == "graphml":
        return to_graphml(G)
    if format == "csv":
        return to_csv(G)
    if view is None:
        return serialize(concept_graph.graph, format)
    links = [(u, k, v) for u, v, k in view.edges(keys=True)]
    return serialize(subgraph_rdf(concept_graph, view.nodes, links), format)
