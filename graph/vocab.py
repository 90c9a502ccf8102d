"""Namespaces: the project's small ontology, the W3C Web Annotation terms it uses, and the
default base namespace of the article graph.

Standard namespaces (SKOS, PROV, DCTERMS, RDF, RDFS, OWL, XSD) come from ``rdflib.namespace``.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

__all__ = [
    "CG",
    "OA",
    "ARTICLE",
    "CATEGORIES",
    "PREFIXES",
    "bind_prefixes",
]


class CG(DefinedNamespace):
    """The concept-graph ontology: categories, causal relations and their polarity."""

    _fail = True
    _NS = Namespace("https://w3id.org/concept-graph/ontology#")

    # Categories of concepts (each a subclass of skos:Concept)
    Cause: URIRef  # a trigger
    Mechanism: URIRef  # a psychological or neural process
    Effect: URIRef  # an emotional or behavioural outcome
    Moderator: URIRef  # an individual or cultural difference that changes a link's strength
    Strategy: URIRef  # a way of coping or an intervention

    # Causal relations, all sub-properties of ``influences``
    influences: URIRef  # the common super-property of every causal relation
    causes: URIRef  # leads to (+)
    increases: URIRef  # makes more of (+)
    decreases: URIRef  # makes less of (-)
    mitigates: URIRef  # a strategy or protective process reduces a harm (-)
    protects: URIRef  # shields or preserves a valued state (+)
    moderates: URIRef  # changes how strongly something happens (0)
    activates: URIRef  # triggers a neural region or process (+)

    # Annotation properties
    polarity: URIRef  # "+", "-" or "0": the sign of a causal relation
    reading: URIRef  # the verb phrase used when reading a chain aloud ("leads to")
    position: URIRef  # the order of a section within its parent
    text: URIRef  # the verbatim text of a section


class OA(DefinedNamespace):
    """The W3C Web Annotation terms used for evidence quotes."""

    _fail = True
    _NS = Namespace("http://www.w3.org/ns/oa#")

    TextQuoteSelector: URIRef
    hasSelector: URIRef
    exact: URIRef
    prefix: URIRef
    suffix: URIRef


#: Base namespace of the article graph (concepts, sections, claims).
ARTICLE = Namespace("https://w3id.org/concept-graph/withdrawal/")

#: The five concept categories, in the order they are read: causes to strategies.
CATEGORIES = (CG.Cause, CG.Mechanism, CG.Effect, CG.Moderator, CG.Strategy)

#: Prefixes bound on every graph this project writes, so exported Turtle reads well.
PREFIXES = {
    "cg": CG._NS,
    "oa": OA._NS,
    "skos": SKOS._NS,
    "prov": PROV._NS,
    "dcterms": DCTERMS._NS,
    "rdf": RDF._NS,
    "rdfs": RDFS._NS,
    "owl": OWL._NS,
    "xsd": XSD._NS,
    "concept": ARTICLE["concept/"],
    "section": ARTICLE["section/"],
    "claim": ARTICLE["claim/"],
    "wd": ARTICLE,
}


def bind_prefixes(graph):
    """Bind the project's prefixes on ``graph`` (keeping any the graph already has)."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=False)
    return graph
