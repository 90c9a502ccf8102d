"""Stable IRIs: slugs of labels under one base namespace."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from rdflib import Namespace, URIRef

from .vocab import ARTICLE

__all__ = ["slugify", "concept_iri", "section_iri", "claim_iri", "compact", "expand"]


def slugify(text: str) -> str:
    """Lower-case ASCII words of ``text`` joined by hyphens.

    >>> slugify("The Psychology of Rejection: An Overview")
    'the-psychology-of-rejection-an-overview'
    >>> slugify("Micro-rejection Fatigue")
    'micro-rejection-fatigue'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def concept_iri(slug: str, base: Namespace = ARTICLE) -> URIRef:
    return base[f"concept/{slug}"]


def section_iri(path: str, base: Namespace = ARTICLE) -> URIRef:
    return base[f"section/{path}"]


def claim_iri(
    subject_slug: str, relation: str, object_slug: str, section_path: str, base: Namespace = ARTICLE
) -> URIRef:
    """The IRI of the statement that one section makes one claim.

    A claim stated in two sections has two statements, each with its own provenance.
    """
    return base[f"claim/{subject_slug}--{relation}--{object_slug}/{section_path}"]


_LOCAL_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*(?<!\.)")


def compact(iri: str, prefixes: Mapping[str, str]) -> str | None:
    """``iri`` as a prefixed name valid in Turtle and SPARQL (the longest matching namespace
    wins), or None when no prefix fits.

    >>> compact("https://w3id.org/concept-graph/ontology#causes", {"cg": "https://w3id.org/concept-graph/ontology#"})
    'cg:causes'
    """
    best = None
    for prefix, namespace in prefixes.items():
        namespace = str(namespace)
        local = iri[len(namespace) :]
        fits = prefix and iri.startswith(namespace) and _LOCAL_NAME.fullmatch(local)
        if fits and (best is None or len(namespace) > len(best[1])):
            best = (prefix, namespace, local)
    return f"{best[0]}:{best[2]}" if best else None


def expand(name: str, prefixes: Mapping[str, str]) -> str | None:
    """The IRI of a prefixed name whose prefix is in ``prefixes``, else None.

    >>> expand("concept:rejection", {"concept": "https://example.org/concept/"})
    'https://example.org/concept/rejection'
    """
    prefix, sep, local = name.partition(":")
    if not sep or local.startswith("//") or prefix not in prefixes:
        return None
    return str(prefixes[prefix]) + local
