"""Stable IRIs: slugs of labels under one base namespace."""

from __future__ import annotations

import re
import unicodedata

from rdflib import Namespace, URIRef

from .vocab import ARTICLE

__all__ = ["slugify", "concept_iri", "section_iri", "claim_iri"]


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
