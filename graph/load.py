"""Reading RDF files into rdflib graphs, and loading a concept graph.

Files are parsed with pyoxigraph (fast, strict, precise positions in its messages, and it never
fetches a remote JSON-LD context) and its triples are handed to an rdflib ``Graph``, which the
rest of the library queries. RDF/XML with a DOCTYPE is refused before parsing: entity expansion
is how XML bombs and external-entity reads work, and concept graphs do not need it.
"""

from __future__ import annotations

import itertools
import os
import re
import xml.parsers.expat
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from .errors import ParseError
from .model import ConceptGraph
from .vocab import bind_prefixes

__all__ = [
    "DATA_DIR",
    "DEFAULT_FILES",
    "DEFAULT_PATHS",
    "FORMATS",
    "format_for",
    "parse_rdf",
    "to_rdflib",
    "load_ontology",
    "load_concept_graph",
]

#: The shipped data; ``CONCEPT_GRAPH_DATA`` points elsewhere (a copy under test, say).
DATA_DIR = Path(os.environ.get("CONCEPT_GRAPH_DATA", Path(__file__).resolve().parent.parent / "data"))
ONTOLOGY_FILE = "ontology.ttl"
DEFAULT_FILES = (ONTOLOGY_FILE, "source.ttl", "concepts.ttl")
#: The article graph's files, in the order they are loaded.
DEFAULT_PATHS = tuple(DATA_DIR / name for name in DEFAULT_FILES)

#: Format names accepted on the command line and their pyoxigraph formats.
FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "json-ld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}
_EXTENSIONS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".ntriples": "nt",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".xml": "xml",
    ".owl": "xml",
    ".trig": "trig",
    ".nq": "nquads",
}
MAX_PREFIXES = 1_000  # prefixes of a file kept for writing it back
#: RDF/XML nested deeper than this is refused: pyoxigraph's RDF/XML parser slows down faster than
#: the square of the depth (measured: 8,000 levels 0.7 s, 16,000 levels 5 s, 100,000 levels over
#: 20 s), and real files nest a few dozen levels at most.
MAX_XML_DEPTH = 1_000
_LABELS = {
    "turtle": "Turtle",
    "nt": "N-Triples",
    "json-ld": "JSON-LD",
    "xml": "RDF/XML",
    "trig": "TriG",
    "nquads": "N-Quads",
}
_XML_START = re.compile(rb"<\?xml|<!--|<[\w.-]+(:[\w.-]+)?\s+xmlns", re.IGNORECASE)
_TURTLE_START = re.compile(rb"@?(prefix|base)\s", re.IGNORECASE)
_DOCTYPE = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_POSITION = re.compile(r"line (\d+)")


def format_for(name: str, format: str | None = None) -> str:
    """The format name for a file: ``format`` when given, else guessed from the extension.

    Raises
    ------
    ParseError
        When the format is unknown or cannot be guessed.
    """
    if format is not None:
        if format not in FORMATS:
            raise ParseError(f"{name}: unknown format {format!r} (known: {', '.join(FORMATS)})", path=name)
        return format
    suffix = Path(name).suffix.lower()
    if suffix not in _EXTENSIONS:
        raise ParseError(
            f"{name}: cannot tell the RDF format from the extension {suffix or '(none)'!r}; "
            f"use one of {', '.join(sorted(_EXTENSIONS))} or name the format",
            path=name,
        )
    return _EXTENSIONS[suffix]


def parse_rdf(
    source: str | Path | bytes,
    format: str | None = None,
    *,
    name: str | None = None,
    max_bytes: int | None = None,
    max_triples: int | None = None,
    graph: Graph | None = None,
) -> Graph:
    """Parse RDF from a file path or from bytes into an rdflib ``Graph``.

    Parameters
    ----------
    source : path or bytes
        A file to read, or its content. Content is never taken for a path or a URL.
    format : str, optional
        One of ``FORMATS``; guessed from the file name when omitted.
    name : str, optional
        The name used in messages (defaults to the path).
    max_bytes : int, optional
        Refuse input larger than this.
    max_triples : int, optional
        Refuse input with more triples than this, before any reaches ``graph``.
    graph : Graph, optional
        Add the triples to this graph instead of a new one.

    Raises
    ------
    ParseError
        Naming the file and, where the parser gives one, the line; saying so when the content
        looks like another format than the one its name says.
    """
    if isinstance(source, bytes):
        name = name or "<input>"
        data = source
    else:
        name = name or str(source)
        try:
            data = Path(source).read_bytes()
        except OSError as err:
            raise ParseError(f"{name}: cannot read the file: {err.strerror}", path=name) from err
    fmt = format_for(name, format)
    if max_bytes is not None and len(data) > max_bytes:
        raise ParseError(f"{name}: {len(data):,} bytes is over the limit of {max_bytes:,} bytes", path=name)
    if not data.strip():
        raise ParseError(f"{name}: the file is empty", path=name)
    if fmt == "xml" and _DOCTYPE.search(data):
        raise ParseError(
            f"{name}: DOCTYPE and ENTITY declarations are refused (XML entity expansion can read "
            "local files or exhaust memory)",
            path=name,
        )
    if fmt == "xml":
        _check_xml_depth(data, name)
    target = bind_prefixes(graph if graph is not None else Graph())
    parser = ox.parse(data, format=FORMATS[fmt])
    try:
        quads = parser if max_triples is None else _at_most(parser, max_triples, name)
        target.addN((*_triple(quad, name), target) for quad in quads)
    except (SyntaxError, ValueError, UnicodeDecodeError) as err:
        if "LoadDocumentCallback" in str(err):
            raise ParseError(
                f"{name}: the JSON-LD @context refers to another document, which is never fetched; "
                "put the context in the file itself",
                path=name,
            ) from err
        message = str(err.msg if getattr(err, "msg", None) else err)
        message = re.sub(r"\s*\(<[^>]*>?, line \d+\)$|\s*\([^()]*, line \d+\)$", "", message)
        match = _POSITION.search(message)
        line = int(match.group(1)) if match else getattr(err, "lineno", None)
        where = f"{name}:{line}" if line else name
        raise ParseError(f"{where}: {message}{_format_hint(data, fmt)}", path=name, line=line) from err
    # rdflib's bind() is linear in the prefixes already bound: thousands of them (a hostile
    # file) would take minutes, and no reader needs more than a few hundred.
    for prefix, namespace in list((parser.prefixes or {}).items())[:MAX_PREFIXES]:
        if prefix:
            target.bind(prefix, namespace, override=False)
    return target


def _at_most(parser, max_triples: int, name: str) -> list:
    """The parser's quads, parsed up to one past ``max_triples`` and refused past it: converting
    triples to rdflib costs a hundred times more than parsing them, so the count comes first."""
    quads = list(itertools.islice(parser, max_triples + 1))
    if len(quads) > max_triples:
        raise ParseError(f"{name}: more than {max_triples:,} triples; the limit is {max_triples:,}", path=name)
    return quads


def _check_xml_depth(data: bytes, name: str) -> None:
    """Refuse RDF/XML nested deeper than ``MAX_XML_DEPTH``, naming the line where it gets there.

    expat reads the elements only (DOCTYPE and ENTITY declarations are refused before this); a
    document it cannot read is left to pyoxigraph, whose message is the one to show.
    """
    reader = xml.parsers.expat.ParserCreate()
    depth = 0

    def start(*_):
        nonlocal depth
        depth += 1
        if depth > MAX_XML_DEPTH:
            raise ParseError(
                f"{name}:{reader.CurrentLineNumber}: elements nested more than {MAX_XML_DEPTH:,} deep are refused",
                path=name,
                line=reader.CurrentLineNumber,
            )

    def end(_):
        nonlocal depth
        depth -= 1

    reader.StartElementHandler, reader.EndElementHandler = start, end
    try:
        reader.Parse(data, True)
    except xml.parsers.expat.ExpatError:
        return


def _format_hint(data: bytes, fmt: str) -> str:
    """A hint for a parse error when the content looks like another format than ``fmt``."""
    start = data[:200].lstrip(b"\xef\xbb\xbf \t\r\n")
    if start[:1] in (b"{", b"["):
        looks = "json-ld"
    elif _XML_START.match(start):
        looks = "xml"
    elif _TURTLE_START.match(start):
        looks = "turtle"
    else:
        return ""
    if looks == fmt or (looks == "turtle" and fmt == "trig"):
        return ""
    return f" (the content looks like {_LABELS[looks]}, not {_LABELS[fmt]}: is the file's extension right?)"


def _triple(quad: ox.Quad, name: str):
    return to_rdflib(quad.subject, name), to_rdflib(quad.predicate, name), to_rdflib(quad.object, name)


def to_rdflib(term, name: str = "<input>"):
    """A pyoxigraph term as an rdflib term (a plain literal stays plain, not ``xsd:string``).

    Raises
    ------
    ParseError
        For an RDF-star triple term, naming ``name``.
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise ParseError(f"{name}: RDF-star triple terms are not supported", path=name)


def load_ontology() -> Graph:
    """The project's ontology (categories, relations and their polarity)."""
    return parse_rdf(DATA_DIR / ONTOLOGY_FILE)


def load_concept_graph(
    paths: Sequence[str | Path] | None = None,
    format: str | None = None,
    *,
    max_bytes: int | None = None,
) -> ConceptGraph:
    """Load the article graph (no ``paths``) or any RDF files into one ``ConceptGraph``.

    The project's ontology is always consulted for relation polarities and categories; it is
    part of the graph itself only when it was loaded (as it is for the default graph).

    Raises
    ------
    ParseError
        As ``parse_rdf``, and for a file that holds no triples.
    """
    files: Iterable[str | Path] = paths or DEFAULT_PATHS
    graph = Graph()
    for path in files:
        before = len(graph)
        parse_rdf(path, format, max_bytes=max_bytes, graph=graph)
        if len(graph) == before:  # a file of comments or prefixes only: surely not what was meant
            raise ParseError(f"{path}: the file holds no triples", path=str(path))
    names = tuple(str(path) for path in files)
    return ConceptGraph(graph, ontology=load_ontology(), sources=names)
