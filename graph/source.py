"""The source text: split a plain-text article into its lead, sections and defined terms, and
describe that structure in RDF so every evidence quote can be checked against it.

The expected layout is the one of the shipped article: a title line, a "Last Updated" date line,
a lead paragraph, then pairs of heading and paragraph; the heading "Important Terms" opens a part
whose pairs are defined terms; the text ends at "About the author.".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, Namespace
from rdflib.namespace import DCTERMS, RDF, XSD

from .errors import DataError
from .iris import section_iri, slugify
from .vocab import ARTICLE, CG, bind_prefixes

__all__ = ["Section", "Article", "parse_article", "read_article", "article_to_rdf"]

TERMS_HEADING = "Important Terms"
_END_MARKER = "About the author."
_DATE_LINE = re.compile(r"^Last Updated (?P<date>[A-Z][a-z]{2} \d{1,2}, \d{4})$")


@dataclass(frozen=True)
class Section:
    """One titled part of the article (a section, or one defined term)."""

    path: str  # the IRI path under section/: a slug, or "important-terms/<slug>"
    title: str
    text: str
    position: int


@dataclass(frozen=True)
class Article:
    title: str
    modified: dt.date
    lead: str
    sections: tuple[Section, ...]
    terms: tuple[Section, ...]

    def all_parts(self) -> tuple[Section, ...]:
        """The lead (as a section), the sections and the terms, in reading order."""
        lead = Section("lead", "Lead", self.lead, 0)
        return (lead, *self.sections, *self.terms)


def parse_article(text: str, name: str = "<article>") -> Article:
    """Split ``text`` into title, date, lead, sections and defined terms.

    Raises
    ------
    DataError
        When the text does not have the expected layout; the message names ``name`` and line.
    """
    lines = [(number, line.strip()) for number, line in enumerate(text.splitlines(), 1)]
    lines = [(number, line) for number, line in lines if line]
    if len(lines) < 3:
        raise DataError(f"{name}: too short to be an article (title, date and lead expected)")
    (_, title), (date_number, date_line), (_, lead) = lines[:3]
    match = _DATE_LINE.match(date_line)
    if not match:
        raise DataError(f"{name}:{date_number}: expected 'Last Updated Mon D, YYYY', got {date_line!r}")
    modified = dt.datetime.strptime(match["date"], "%b %d, %Y").date()

    sections: list[Section] = []
    terms: list[Section] = []
    in_terms = False
    rest = lines[3:]
    index = 0
    while index < len(rest):
        number, heading = rest[index]
        if heading.startswith(_END_MARKER):
            break
        if heading == TERMS_HEADING:
            in_terms = True
            index += 1
            continue
        if index + 1 >= len(rest) or heading.endswith("."):
            raise DataError(f"{name}:{number}: expected a heading followed by a paragraph, got {heading!r}")
        paragraph = rest[index + 1][1]
        if in_terms:
            terms.append(Section(f"important-terms/{slugify(heading)}", heading, paragraph, len(terms) + 1))
        else:
            sections.append(Section(slugify(heading), heading, paragraph, len(sections) + 1))
        index += 2
    return Article(title, modified, lead, tuple(sections), tuple(terms))


def read_article(path: str | Path) -> Article:
    path = Path(path)
    return parse_article(path.read_text(encoding="utf-8"), name=str(path))


def article_to_rdf(article: Article, base: Namespace = ARTICLE) -> Graph:
    """The article's structure as RDF: the article, its lead and sections in order, the
    "Important Terms" part and its terms, each with its title and verbatim text."""
    g = bind_prefixes(Graph())
    article_iri = base["article"]
    g.add((article_iri, RDF.type, DCTERMS.BibliographicResource))
    g.add((article_iri, DCTERMS.title, Literal(article.title, lang="en")))
    g.add((article_iri, DCTERMS.modified, Literal(article.modified, datatype=XSD.date)))

    terms_part = section_iri("important-terms", base)
    for part in article.all_parts():
        iri = section_iri(part.path, base)
        parent = terms_part if part.path.startswith("important-terms/") else article_iri
        g.add((iri, RDF.type, DCTERMS.BibliographicResource))
        g.add((iri, DCTERMS.isPartOf, parent))
        g.add((iri, DCTERMS.title, Literal(part.title, lang="en")))
        g.add((iri, CG.position, Literal(part.position)))
        g.add((iri, CG.text, Literal(part.text, lang="en")))
    g.add((terms_part, RDF.type, DCTERMS.BibliographicResource))
    g.add((terms_part, DCTERMS.isPartOf, article_iri))
    g.add((terms_part, DCTERMS.title, Literal(TERMS_HEADING, lang="en")))
    g.add((terms_part, CG.position, Literal(len(article.sections) + 1)))
    return g
