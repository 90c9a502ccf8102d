"""Validation of a concept graph: the SHACL shapes of ``data/shapes.ttl`` (pyshacl), and the
check that every evidence quote occurs verbatim in the text of its section and that every
section's text occurs verbatim in the source document."""

from __future__ import annotations

import contextlib
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from .load import DATA_DIR, parse_rdf
from .model import ConceptGraph
from .sandbox import confined
from .sources import EndpointSource, StoreSource, open_store
from .sparql import PARSER_LOCK
from .vocab import bind_prefixes

__all__ = [
    "Problem",
    "Report",
    "SHAPES_FILE",
    "ARTICLE_TEXT_FILE",
    "check_shapes",
    "check_quotes",
    "validate",
    "validate_store",
    "validate_endpoint",
]

SHAPES_FILE = DATA_DIR / "shapes.ttl"
ARTICLE_TEXT_FILE = DATA_DIR / "article.txt"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data."""

    check: str  # "shape" or "quote"
    focus: str  # the IRI or label of the node at fault
    message: str
    severity: str = "Violation"  # "Violation" or "Warning"


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)

    @property
    def conforms(self) -> bool:
        return not any(p.severity == "Violation" for p in self.problems)

    def to_text(self) -> str:
        counts = ", ".join(f"{n} {what}" for what, n in self.checked.items())
        lines = [f"Checked {counts}." if counts else "Checked nothing."]
        for problem in self.problems:
            lines.append(f"{problem.severity} ({problem.check}) {problem.focus}: {problem.message}")
        violations = sum(p.severity == "Violation" for p in self.problems)
        warnings = len(self.problems) - violations
        verdict = "conforms" if self.conforms else "does not conform"
        lines.append(f"The data {verdict}: {violations} violation(s), {warnings} warning(s).")
        return "\n".join(lines)


def check_shapes(data: Graph, ontology: Graph, shapes: Graph | None = None) -> list[Problem]:
    """Run the SHACL shapes over ``data`` with the ontology mixed in."""
    shapes = shapes if shapes is not None else parse_rdf(SHAPES_FILE)
    union = Graph()
    for graph in (data, ontology):
        for triple in graph:
            union.add(triple)
    # pyshacl parses SPARQL constraints with rdflib's grammar, which is not thread-safe; a
    # confined child (validate_upload) has one thread, and must not wait on the parent's lock.
    with contextlib.nullcontext() if confined() else PARSER_LOCK:
        _, results, _ = shacl_validate(union, shacl_graph=shapes, advanced=False, allow_warnings=True)
    return _shape_problems(results, data)


def _shape_problems(results: Graph, data: Graph) -> list[Problem]:
    """The problems of a SHACL validation report, focus nodes named with ``data``'s prefixes."""
    problems = []
    for result in results.subjects(SH.resultSeverity, None):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        severity = results.value(result, SH.resultSeverity)
        where = f" (path <{path}>)" if isinstance(path, URIRef) else ""
        problems.append(
            Problem(
                check="shape",
                focus=_describe(data, focus),
                message=f"{message}{where}",
                severity=str(severity).rsplit("#", 1)[-1],
            )
        )
    return sorted(problems, key=lambda p: (p.focus, p.message))


def check_quotes(concept_graph: ConceptGraph, source_text: str | None = None) -> tuple[list[Problem], int]:
    """Every quote must occur verbatim in its section's text (with its prefix and suffix, when
    given); every section's text must occur verbatim in ``source_text`` when one is given.

    Returns the problems and the number of quotes checked.
    """
    problems = []
    texts = {part.iri: part.text for part in concept_graph.source_parts}
    checked = 0
    for relation in concept_graph.relations:
        for evidence in relation.evidence:
            checked += 1
            text = texts.get(evidence.section)
            focus = str(evidence.statement)
            if text is None:
                problems.append(
                    Problem(
                        "quote",
                        focus,
                        f"no source text for section <{evidence.section}> to check the quote against",
                        "Warning",
                    )
                )
                continue
            problem = _quote_problem(focus, evidence.quote, evidence.prefix, evidence.suffix, text)
            if problem:
                problems.append(problem)
    if source_text is not None:
        for part in concept_graph.source_parts:
            if part.text is not None and part.text not in source_text:
                problems.append(
                    Problem("quote", str(part.iri), "section text is not found verbatim in the source document")
                )
    return problems, checked


def validate(concept_graph: ConceptGraph, source_text: str | Path | None = None) -> Report:
    """Run every check and collect the problems in one report.

    ``source_text`` is the source document (its text, or a path to it) that section texts
    must occur in; omitted, only quotes against section texts are checked.
    """
    if isinstance(source_text, Path):
        source_text = source_text.read_text(encoding="utf-8")
    report = Report()
    report.problems.extend(check_shapes(concept_graph.graph, concept_graph.ontology))
    quote_problems, quotes = check_quotes(concept_graph, source_text)
    report.problems.extend(quote_problems)
    report.checked = {
        "triples": len(concept_graph.graph),
        "concepts": len(concept_graph.concepts),
        "relations": len(concept_graph.relations),
        "quotes": quotes,
    }
    return report


def _quote_problem(focus: str, quote: str, prefix: str | None, suffix: str | None, text: str) -> Problem | None:
    """What is wrong with a quote of ``text`` (with its prefix and suffix), or None."""
    if quote not in text:
        return Problem("quote", focus, f"quote not found verbatim in its section: {quote!r}")
    if (prefix or "") + quote + (suffix or "") not in text:
        return Problem("quote", focus, f"prefix or suffix does not match the text around the quote {quote!r}")
    return None


#: Section texts, and every quote with its statement, section, prefix and suffix (one query each).
_SECTION_TEXTS = "SELECT ?section ?text WHERE { ?section cg:text ?text }"
_QUOTES = """SELECT ?statement ?section ?exact ?prefix ?suffix WHERE {
    ?statement a rdf:Statement ; oa:hasSelector ?selector .
    OPTIONAL { ?statement prov:wasDerivedFrom ?section }
    ?selector oa:exact ?exact .
    OPTIONAL { ?selector oa:prefix ?prefix }
    OPTIONAL { ?selector oa:suffix ?suffix }
}"""


def validate_store(source: StoreSource, shapes: Graph | None = None) -> Report:
    """Validate a graph where it lies, in an on-disk store: the SHACL shapes by pyshacl reading
    the store itself (no copy into rdflib's memory), the quotes by two SPARQL queries. The store
    holds what was loaded into it: the ontology's relation checks need ``ontology.ttl`` loaded
    with the data.

    pyshacl evaluates its constraints focus node by focus node, so this runs at pyshacl's pace,
    not the store's: 1.3 s on the article (5 s through rdflib), 21 s on 2,000 triples of a
    SKOS vocabulary outside the project's model (a violation per concept).
    """
    shapes = shapes if shapes is not None else parse_rdf(SHAPES_FILE)
    names = bind_prefixes(Graph())
    with contextlib.nullcontext() if confined() else PARSER_LOCK:
        _, results, _ = shacl_validate(source.store, shacl_graph=shapes, advanced=False, allow_warnings=True)
    report = Report(problems=_shape_problems(results, names))
    texts = {row["section"]: str(row["text"]) for row in source.select(_SECTION_TEXTS)}
    quotes = 0
    for row in source.select(_QUOTES):
        quotes += 1
        focus = _describe(names, row["statement"])
        text = texts.get(row.get("section"))
        if text is None:
            report.problems.append(
                Problem("quote", focus, "no source text for its section to check the quote against", "Warning")
            )
            continue
        prefix, suffix = row.get("prefix"), row.get("suffix")
        problem = _quote_problem(
            focus,
            str(row["exact"]),
            str(prefix) if prefix is not None else None,
            str(suffix) if suffix is not None else None,
            text,
        )
        if problem:
            report.problems.append(problem)
    counts = source.select("SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }")
    concepts = source.select("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a skos:Concept }")
    report.problems.sort(key=lambda p: (p.check, p.focus, p.message))
    report.checked = {
        "triples": int(counts[0]["triples"]),
        "concepts": int(concepts[0]["n"]),
        "quotes": quotes,
    }
    return report


def validate_endpoint(source: EndpointSource, shapes: Graph | None = None) -> Report:
    """Validate the graph behind a SPARQL endpoint: streamed once (N-Triples through one
    CONSTRUCT, read-only) into a temporary on-disk store by pyoxigraph's bulk loader, then
    checked there as ``validate_store`` does. Validation reads every triple whatever it runs on;
    this way the endpoint answers one query instead of pyshacl's thousands, and nothing passes
    through rdflib's parser."""
    with tempfile.TemporaryDirectory(prefix="concept-graph-validate-") as folder:
        copy = Path(folder) / "endpoint.nt"
        with open(copy, "wb") as out:
            source.dump(out, "nt")
        store = open_store(Path(folder) / "store", [copy])
        try:
            return validate_store(store, shapes)
        finally:
            del store  # the store's files go with the folder


def _describe(graph: Graph, node) -> str:
    """A node as a prefixed name where the data binds one, else as ``<IRI>``."""
    if node is None:
        return "(graph)"
    try:
        return node.n3(graph.namespace_manager)
    except Exception:  # a bound prefix that cannot abbreviate this IRI
        return f"<{node}>"
