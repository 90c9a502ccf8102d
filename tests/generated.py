"""Generated SKOS-like concept graphs of a chosen size, written as N-Triples, for tests and
benchmarks of stores and the large-graph explorer."""

from __future__ import annotations

import random
from pathlib import Path

EX = "http://example.org/g/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
CG = "https://w3id.org/concept-graph/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def concept(i: int) -> str:
    return f"{EX}c{i}"


def write_graph(path: Path, concepts: int, seed: int = 7) -> dict:
    """Concepts c0..c{n-1} with labels "Concept N", a broader hierarchy, related cross links and
    causal links (about 7 triples per concept); returns the links by kind for checks."""
    rng = random.Random(seed)
    edges: dict[str, list[tuple[int, int]]] = {"broader": [], "related": [], "increases": [], "decreases": []}
    with path.open("w", encoding="utf-8") as out:
        for i in range(concepts):
            c = concept(i)
            out.write(f'<{c}> <{RDF_TYPE}> <{SKOS}Concept> .\n<{c}> <{SKOS}prefLabel> "Concept {i}"@en .\n')
            if i:
                parent = rng.randrange(0, i)
                out.write(f"<{c}> <{SKOS}broader> <{concept(parent)}> .\n")
                edges["broader"].append((i, parent))
            for relation in ("related", "increases", "decreases"):
                other = rng.randrange(concepts)
                if other != i:
                    namespace = SKOS if relation == "related" else CG
                    out.write(f"<{c}> <{namespace}{relation}> <{concept(other)}> .\n")
                    edges[relation].append((i, other))
    return edges
