"""Serialising a concept graph (or part of it) to the standard RDF formats."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from .errors import DataError
from .vocab import bind_prefixes

__all__ = ["EXPORT_FORMATS", "MEDIA_TYPES", "EXTENSIONS", "serialize", "write"]

#: Export format names and the rdflib serialiser behind each.
EXPORT_FORMATS = {"turtle": "turtle", "nt": "nt", "json-ld": "json-ld", "xml": "pretty-xml"}
MEDIA_TYPES = {
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "json-ld": "application/ld+json",
    "xml": "application/rdf+xml",
}
EXTENSIONS = {"turtle": ".ttl", "nt": ".nt", "json-ld": ".jsonld", "xml": ".rdf"}


def serialize(graph: Graph, format: str = "turtle") -> str:
    """``graph`` as text in ``format`` (one of ``EXPORT_FORMATS``), with the project's prefixes.

    Raises
    ------
    DataError
        For an unknown format.
    """
    if format not in EXPORT_FORMATS:
        raise DataError(f"unknown export format {format!r} (known: {', '.join(EXPORT_FORMATS)})")
    bind_prefixes(graph)
    if format == "json-ld":
        context = {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix}
        return graph.serialize(format="json-ld", context=context, auto_compact=True, indent=2)
    return graph.serialize(format=EXPORT_FORMATS[format])


def write(graph: Graph, path: str | Path, format: str = "turtle") -> Path:
    """Write ``graph`` to ``path``; the file is replaced only once the text is complete."""
    path = Path(path)
    text = serialize(graph, format)
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    except OSError as err:
        partial.unlink(missing_ok=True)
        raise DataError(f"{path}: cannot write the export: {err.strerror}") from err
    return path
