"""Random signed concept graphs as RDF, for property-based tests and benchmarks."""

from __future__ import annotations

from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from graph.load import load_ontology
from graph.model import ConceptGraph
from graph.vocab import CG

EX = "http://example.org/c/"
RELATIONS = {"+": CG.increases, "-": CG.decreases, "0": CG.moderates}


def node(i: int) -> str:
    return f"{EX}n{i}"


def concept_graph_from_edges(n: int, edges: list[tuple[int, int, str]]) -> ConceptGraph:
    """Concepts n0..n{n-1}, and one causal link per (source, target, polarity)."""
    graph = Graph()
    for i in range(n):
        graph.add((URIRef(node(i)), RDF.type, SKOS.Concept))
        graph.add((URIRef(node(i)), SKOS.prefLabel, Literal(f"Node {i}", lang="en")))
    for u, v, sign in edges:
        graph.add((URIRef(node(u)), RELATIONS[sign], URIRef(node(v))))
    return ConceptGraph(graph, ontology=load_ontology())


@st.composite
def signed_digraphs(draw, max_nodes: int = 9, signs: str = "+-0"):
    n = draw(st.integers(2, max_nodes))
    pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.sampled_from(signs))
    edges = draw(st.lists(pairs.filter(lambda e: e[0] != e[1]), max_size=n * 3))
    return n, edges
