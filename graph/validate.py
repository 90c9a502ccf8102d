"""Validation of a concept graph: the SHACL shapes of ``data/shapes.ttl`` (pyshacl), and the
check that every evidence quote occurs verbatim in the text of its section and that every
section's text occurs verbatim in the source document."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from .load import DATA_DIR, parse_rdf
from .model import ConceptGraph
from .sandbox import confined
from .sparql import PARSER_LOCK

__all__ = [
    "Problem",
    "Report",
    "SHAPES_FILE",
    "ARTICLE_TEXT_FILE",
    "check_shapes",
    "check_quotes",
    "validate",
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
            quoted = (evidence.prefix or "") + evidence.quote + (evidence.suffix or "")
            if evidence.quote not in text:
                problems.append(Problem("quote", focus, f"quote not found verbatim in its section: {evidence.quote!r}"))
            elif quoted not in text:
                problems.append(
                    Problem(
                        "quote",
                        focus,
                        f"prefix or suffix does not match the text around the quote {evidence.quote!r}",
                    )
                )
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


def _describe(graph: Graph, node) -> str:
    """A node as a prefixed name where the data binds one, else as ``<IRI>``."""
    if node is None:
        return "(graph)"
    try:
        return node.n3(graph.namespace_manager)
    except Exception:  # a bound prefix that cannot abbreviate this IRI
        return f"<{node}>"
