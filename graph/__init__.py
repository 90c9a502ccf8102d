"""A concept knowledge-graph explorer: a text's claims as RDF, every link backed by the sentence
that states it. The library (everything here but ``graph.web``) has no Dash dependency."""

from .errors import (
    AmbiguousConceptError,
    ConceptGraphError,
    DataError,
    ParseError,
    QueryError,
    QueryTimeout,
    UnknownConceptError,
    UnsafeQueryError,
    ValidationError,
)
from .load import load_concept_graph, parse_rdf
from .model import Concept, ConceptGraph, Evidence, Relation, RelationType

__all__ = [
    "AmbiguousConceptError",
    "Concept",
    "ConceptGraph",
    "ConceptGraphError",
    "DataError",
    "Evidence",
    "ParseError",
    "QueryError",
    "QueryTimeout",
    "Relation",
    "RelationType",
    "UnknownConceptError",
    "UnsafeQueryError",
    "ValidationError",
    "load_concept_graph",
    "parse_rdf",
]
