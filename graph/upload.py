"""Loading a graph someone uploads: untrusted bytes, parsed where they cannot hurt the server.

An uploaded file is checked for size first, then parsed in a confined child process
(``graph.sandbox``: bounded in time and memory, no network), because parsers can be made to
run for minutes (rdflib binding thousands of prefixes, deeply nested collections) or to exhaust
memory. The child parses with ``graph.load.parse_rdf``, which refuses DOCTYPE and ENTITY
declarations and never fetches a remote JSON-LD context, and sends the triples back as
N-Triples, a format with no entities, contexts or prefixes for the parent to expand.

A user's graph is explored as it is: SHACL validation (``validate_upload``) reports its
problems, it never refuses the graph for them.
"""

from __future__ import annotations

import re
import threading
from pathlib import PureWindowsPath

from rdflib import Graph

from .errors import DataError, ParseError, ResourceLimitError, SandboxError
from .load import format_for, load_ontology, parse_rdf
from .model import ConceptGraph
from .sandbox import run_limited
from .validate import Report, validate
from .vocab import bind_prefixes

__all__ = [
    "ACCEPTED_EXTENSIONS",
    "MAX_TRIPLES",
    "MAX_VALIDATED_TRIPLES",
    "display_name",
    "format_size",
    "load_upload",
    "too_large",
    "validate_upload",
]

#: File extensions an upload may have (RDF formats with one graph).
ACCEPTED_EXTENSIONS = (".ttl", ".nt", ".jsonld", ".json", ".rdf", ".xml", ".owl")
#: The most triples an upload may hold: it is explored in memory, beside other sessions' uploads.
MAX_TRIPLES = 100_000
#: SHACL validation runs only on graphs up to this size, so it stays quick: the project's shapes
#: run two SPARQL constraints per concept (measured: 5 s for the article's 2,000 triples, over
#: 15 s for 4,000 triples of plain SKOS).
MAX_VALIDATED_TRIPLES = 5_000
_MAX_NAME = 80
_MAX_PREFIXES = 1_000
# Parsing children alive at once: each may use its whole memory cap.
_PARSING = threading.BoundedSemaphore(2)


def display_name(filename: str | None) -> str:
    """The name of an uploaded file as shown in messages: its last path segment (browsers send
    some with a path), without control characters, at most 80 characters.

    >>> display_name("C:\\\\Users\\\\me\\\\graph.ttl")
    'graph.ttl'
    >>> display_name("../../etc/x.ttl")
    'x.ttl'
    """
    name = PureWindowsPath(filename or "").name  # splits on both / and \\
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip() or "upload"
    return name if len(name) <= _MAX_NAME else name[: _MAX_NAME - 1] + "…"


def format_size(size: int) -> str:
    """A byte count for people: ``format_size(8 * 2**20)`` gives ``'8 MB'``.

    >>> format_size(8 * 2**20), format_size(1536), format_size(300)
    ('8 MB', '1.5 kB', '300 bytes')
    """
    for unit, scale in (("MB", 2**20), ("kB", 2**10)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def too_large(name: str, size: int, limit: int) -> str:
    """The message for a file over the upload limit; in bytes when rounding would show the same
    size twice.

    >>> too_large("a.ttl", 9 * 2**20, 8 * 2**20)
    'a.ttl: the file is 9 MB; uploads are limited to 8 MB'
    >>> too_large("a.ttl", 8 * 2**20 + 1024, 8 * 2**20)
    'a.ttl: the file is 8,389,632 bytes; uploads are limited to 8 MB (8,388,608 bytes)'
    """
    shown, most = format_size(size), format_size(limit)
    if shown == most:
        shown, most = f"{size:,} bytes", f"{most} ({limit:,} bytes)"
    return f"{name}: the file is {shown}; uploads are limited to {most}"


def load_upload(
    content: bytes,
    filename: str,
    *,
    max_bytes: int,
    max_triples: int = MAX_TRIPLES,
    timeout: float = 20.0,
    memory_mb: int = 1024,
) -> ConceptGraph:
    """Parse an uploaded RDF file into a ``ConceptGraph``, in a confined child process.

    Parameters
    ----------
    content : bytes
        The file's content; never taken for a path or a URL.
    filename : str
        The name the browser gave; its extension names the format (``ACCEPTED_EXTENSIONS``).
    max_bytes : int
        Larger content is refused before parsing.
    max_triples : int
        A file that expands to more triples is refused.
    timeout : float
        Seconds the parse may take.
    memory_mb : int
        Megabytes of memory the parse may add.

    Returns
    -------
    ConceptGraph
        With the project ontology consulted for relation polarities and categories.

    Raises
    ------
    ParseError
        Too large, an unknown extension, empty, a syntax error (naming the file and line), a
        refused DOCTYPE or remote context, no triples, too many triples, or a parse stopped at
        its time or memory limit.
    DataError
        The file parsed but holds no concepts (see ``ConceptGraph.concepts``).

    Examples
    --------
    >>> turtle = b'''@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    ... <urn:a> a skos:Concept ; skos:prefLabel "A" ; skos:related <urn:b> .
    ... <urn:b> a skos:Concept ; skos:prefLabel "B" .'''
    >>> load_upload(turtle, "mine.ttl", max_bytes=10_000)
    <ConceptGraph 2 concepts, 1 relations>
    """
    name = display_name(filename)
    if len(content) > max_bytes:
        raise ParseError(too_large(name, len(content), max_bytes), path=name)
    if not name.lower().endswith(ACCEPTED_EXTENSIONS):
        raise ParseError(
            f"{name}: not an accepted file type; upload one of {', '.join(ACCEPTED_EXTENSIONS)}",
            path=name,
        )
    fmt = format_for(name)
    if not content.strip():
        raise ParseError(f"{name}: the file is empty", path=name)
    ntriples, prefixes = _parse_confined(content, fmt, name, max_triples, timeout, memory_mb)
    graph = parse_rdf(ntriples, "nt", name=name)
    for prefix, namespace in prefixes.items():
        graph.bind(prefix, namespace, override=False)
    concept_graph = ConceptGraph(graph, ontology=load_ontology(), sources=(name,))
    if not concept_graph.concepts:
        raise DataError(
            f"{name}: no concepts found: its {len(graph):,} triples have no SKOS concepts, no classes "
            "and no labelled resources"
        )
    return concept_graph


def validate_upload(
    concept_graph: ConceptGraph,
    *,
    max_triples: int = MAX_VALIDATED_TRIPLES,
    timeout: float = 10.0,
    memory_mb: int = 1024,
) -> Report | None:
    """The SHACL report of an uploaded graph (``graph.validate.validate``), computed in a
    confined child process; None when the graph has more than ``max_triples`` triples.

    Raises
    ------
    ResourceLimitError
        When validation took longer than ``timeout`` or more memory than ``memory_mb``.
    """
    if len(concept_graph.graph) > max_triples:
        return None
    try:
        return run_limited(validate, concept_graph, timeout=timeout, memory_mb=memory_mb, name="validation")
    except SandboxError as err:
        raise DataError(f"validation failed: {err}") from None


# The child's part -----------------------------------------------------------------------------
def _parse_confined(
    content: bytes, fmt: str, name: str, max_triples: int, timeout: float, memory_mb: int
) -> tuple[bytes, dict[str, str]]:
    """Run ``_parse_to_ntriples`` in a confined child; its limits become ``ParseError``."""
    if not _PARSING.acquire(timeout=timeout):
        raise ParseError(f"{name}: the server is busy parsing other uploads; try again in a moment", path=name)
    try:
        return run_limited(
            _parse_to_ntriples,
            content,
            fmt,
            name,
            max_triples,
            timeout=timeout,
            memory_mb=memory_mb,
            name=f"parsing {name}",
        )
    except ResourceLimitError as err:
        raise ParseError(f"{name}: parsing {err.detail}; the file is too large or too complex", path=name) from None
    except SandboxError as err:
        raise ParseError(f"{name}: {err}", path=name) from None
    finally:
        _PARSING.release()


def _parse_to_ntriples(content: bytes, fmt: str, name: str, max_triples: int) -> tuple[bytes, dict[str, str]]:
    """In the child: parse, check, and give back the triples as N-Triples and the prefixes the
    file declares."""
    graph = parse_rdf(content, fmt, name=name, max_triples=max_triples)
    if len(graph) == 0:
        raise ParseError(f"{name}: the file holds no triples", path=name)
    known = {prefix for prefix, _ in bind_prefixes(Graph()).namespaces()}
    prefixes = {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix and prefix not in known}
    kept = dict(list(prefixes.items())[:_MAX_PREFIXES])
    return graph.serialize(format="nt", encoding="utf-8"), kept
