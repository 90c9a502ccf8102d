"""One error hierarchy for the project. The CLI prints these without a traceback; the app
shows them in the page."""

from __future__ import annotations

__all__ = [
    "ConceptGraphError",
    "DataError",
    "ParseError",
    "ValidationError",
    "UnknownConceptError",
    "AmbiguousConceptError",
    "UnknownRelationError",
    "UnsafeQueryError",
    "QueryError",
    "QueryTimeout",
    "ResourceLimitError",
    "SandboxError",
]


class ConceptGraphError(Exception):
    """Base of every error this project raises on purpose."""


class DataError(ConceptGraphError):
    """Input data is missing, unreadable or not what it should be."""


class ParseError(DataError):
    """An RDF file could not be parsed; the message names the file and, where known, the line."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.path = path
        self.line = line


class ValidationError(DataError):
    """Data parsed but does not conform to the shapes or to its source text."""


class UnknownConceptError(ConceptGraphError, LookupError):
    """A name matches no concept; ``suggestions`` holds the closest labels."""

    def __init__(self, message: str, *, name: str = "", suggestions: tuple[str, ...] = ()):
        super().__init__(message)
        self.name = name
        self.suggestions = suggestions


class AmbiguousConceptError(ConceptGraphError, LookupError):
    """A name matches several concepts equally well; ``candidates`` holds (label, IRI) pairs."""

    def __init__(self, message: str, *, name: str = "", candidates: tuple[tuple[str, str], ...] = ()):
        super().__init__(message)
        self.name = name
        self.candidates = candidates


class UnknownRelationError(ConceptGraphError, LookupError):
    """A relation name matches no relation of the graph."""


class QueryError(ConceptGraphError):
    """A SPARQL query is malformed or failed while running."""


class UnsafeQueryError(QueryError):
    """A SPARQL query was refused: it would update, federate or read outside the graph."""


class QueryTimeout(QueryError):
    """A query was stopped at its deadline or memory limit."""


class ResourceLimitError(ConceptGraphError):
    """Work confined to a child process was stopped at its deadline or memory limit, or died.

    ``limit`` is "time" or "memory"; ``detail`` is the message without the name of the work.
    """

    def __init__(self, message: str, *, detail: str = "", limit: str = ""):
        super().__init__(message)
        self.detail = detail or message
        self.limit = limit


class SandboxError(ConceptGraphError):
    """Work confined to a child process raised an error that is not one of this project's;
    ``kind`` names its class (``PermissionError`` for a refused network access, say)."""

    def __init__(self, message: str, *, kind: str = ""):
        super().__init__(message)
        self.kind = kind
