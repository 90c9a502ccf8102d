"""Coverage-guided fuzzing with atheris, run by hand (it runs until stopped, so it is no CI test).

    pip install atheris            # a binary wheel exists for CPython 3.11 on x86-64 Linux
    python -m tests.hostile.fuzz_atheris rdf -max_total_time=60 -max_len=4096
    python -m tests.hostile.fuzz_atheris sparql -max_total_time=60 -max_len=2048

``rdf`` feeds ``parse_rdf`` (the first byte picks the format), ``sparql`` feeds ``check_query``.
Either may only return or raise a ``ConceptGraphError``: any other exception, or the process
dying, is a finding. The project's Python code and rdflib's SPARQL grammar (pure Python) are
instrumented; pyoxigraph's parsers are Rust, so atheris sees their input but not their branches.
"""

from __future__ import annotations

import contextlib
import sys

import atheris

with atheris.instrument_imports():
    from graph.errors import ConceptGraphError
    from graph.load import parse_rdf
    from graph.sparql import check_query

FORMATS = ("turtle", "nt", "json-ld", "xml")


def fuzz_rdf(data: bytes) -> None:
    if not data:
        return
    with contextlib.suppress(ConceptGraphError):
        parse_rdf(data[1:], FORMATS[data[0] % len(FORMATS)], name="fuzz")


def fuzz_sparql(data: bytes) -> None:
    with contextlib.suppress(ConceptGraphError):
        check_query(data.decode("utf-8", "replace"))


TARGETS = {"rdf": fuzz_rdf, "sparql": fuzz_sparql}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: python -m tests.hostile.fuzz_atheris {{{'|'.join(TARGETS)}}} [libFuzzer options]")
    target = TARGETS[sys.argv.pop(1)]
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()
