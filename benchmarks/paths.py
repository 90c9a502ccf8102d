"""Benchmark: paths, feedback loops and name resolution on large synthetic concept graphs.

What it measures
----------------
For each size (default 1k, 10k and 100k concepts, about 5 causal links per concept) it builds a
random signed concept graph *as RDF* (``skos:Concept`` + ``skos:prefLabel "Concept N"@en`` +
``cg:increases`` / ``cg:decreases`` links chosen with a fixed seed, plus a few hub concepts with
hundreds of links), wraps it in ``graph.model.ConceptGraph`` with ``graph.load.load_ontology()``
and then times, in the same run, each library call next to the raw networkx call it rests on:

* ``find_paths(G, s, t, k=5, cutoff=6)`` against ``nx.shortest_simple_paths`` on the same
  collapsed ``DiGraph`` (``search_graph(G)``), taking up to k paths and stopping at the first
  path longer than 6 links, as ``find_paths`` does. ``find_paths`` also asks for one more path
  (to know whether it is truncated); the notes give the raw time for k+1 paths too.
  Several reachable, distant pairs (BFS distance 4-6, fixed seed); each timing is the best of
  ``--repeat`` runs, and the row gives the median over the pairs.
* ``feedback_loops(G, cutoff=6, limit=200, time_budget=2.0)`` against
  ``itertools.islice(nx.simple_cycles(D_signed, length_bound=6), 200)`` with
  ``D_signed = search_graph(G, signed_only=True)``.
* ``resolve(cg, ...)`` for an exact label, an IRI-tail slug and a misspelling (which raises
  ``UnknownConceptError`` with suggestions) against a plain dict lookup (and, for the
  misspelling, the bare ``difflib.get_close_matches`` over the labels that it rests on).
* Bounded runs that must come back within their time budget with ``truncated`` set:
  ``find_paths(k=100, cutoff=12, time_budget=1.0)`` between two far concepts (then again with a
  budget a quarter of what that took, so that the budget is what stops it) and
  ``feedback_loops(limit=10**6, time_budget=2.0)``. "Within budget" means at most 10% over.

One-off costs the app pays once per graph are printed too, outside any ratio: building the RDF,
the projection (``ConceptGraph.network``, split into concepts / relations / ``to_networkx``),
the collapsed search graphs (``search_graph``) and the ``NameIndex``.

Goal (from the issue): ``find_paths`` within 1.5x of the raw call, and every bounded query on
100k concepts returning within its budget with ``truncated`` set; PASS/FAIL lines under the table
say which held. The exit status is 0 either way (this is a measurement, not a test).

How to run
----------
    python benchmarks/paths.py                      # 1k, 10k and 100k: about 2.5 minutes, 1.5 GB
    python benchmarks/paths.py --quick              # smoke run: 1k only
    python benchmarks/paths.py --sizes 1000,10000 --pairs 5 --repeat 3 --seed 1

The script re-runs itself under ``PYTHONHASHSEED=0`` (``--hash-seed``): networkx's
``simple_cycles`` takes its roots in set order, so with random string hashing its timings on 100k
concepts vary several-fold from one run to the next.

Progress goes to stderr; the table (markdown, fixed-width) goes to stdout at the end. At 100k
most of the time is one-off set-up (RDF about 13 s, the projection about 25 s, each search graph
about 5 s) and networkx's ``simple_cycles`` (about 20 s for the raw 200 loops).
"""

from __future__ import annotations

import argparse
import difflib
import gc
import itertools
import os
import random
import statistics
import sys
import time
from collections.abc import Callable

import networkx as nx
from harness import Table, log, once, ratio
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from graph.errors import UnknownConceptError
from graph.load import load_ontology
from graph.loops import feedback_loops
from graph.model import ConceptGraph
from graph.names import resolve
from graph.paths import MAX_K, MAX_LENGTH, find_paths, search_graph
from graph.vocab import CG

EX = "http://example.org/bench/c/"
LINKS_PER_CONCEPT = 5
HUB_SHARE = 0.05  # share of link ends that land on a hub
NEGATIVE_SHARE = 0.4  # share of cg:decreases among the links

K, CUTOFF = 5, 6
LOOP_CUTOFF, LOOP_LIMIT, LOOP_BUDGET = 6, 200, 2.0
BOUNDED_K, BOUNDED_CUTOFF, BOUNDED_PATH_BUDGET = 100, 12, 1.0
BOUNDED_LOOP_LIMIT, BOUNDED_LOOP_BUDGET = 10**6, 2.0
OVERRUN = 1.10  # a bounded call "returns within its budget" if elapsed <= budget * OVERRUN

assert K <= MAX_K and BOUNDED_K <= MAX_K and BOUNDED_CUTOFF <= MAX_LENGTH


# Building ---------------------------------------------------------------------------------------
def hub_count(n: int) -> int:
    return max(3, n // 2000)


def build_rdf(n: int, seed: int) -> Graph:
    """Concepts n0..n{n-1} labelled "Concept i", about 5 signed causal links each, the first
    ``hub_count(n)`` concepts being hubs that take ``HUB_SHARE`` of the link ends."""
    rng = random.Random(seed)
    iris = [URIRef(f"{EX}n{i}") for i in range(n)]
    hubs = hub_count(n)
    graph = Graph()

    def end() -> int:
        return rng.randrange(hubs) if rng.random() < HUB_SHARE else rng.randrange(n)

    def quads():
        for i, iri in enumerate(iris):
            yield iri, RDF.type, SKOS.Concept, graph
            yield iri, SKOS.prefLabel, Literal(f"Concept {i}", lang="en"), graph
        for _ in range(n * LINKS_PER_CONCEPT):
            u, v = end(), end()
            if u != v:
                relation = CG.decreases if rng.random() < NEGATIVE_SHARE else CG.increases
                yield iris[u], relation, iris[v], graph

    graph.addN(quads())
    return graph


# Timing ---------------------------------------------------------------------------------------
def best(fn: Callable[[], object], repeat: int, number: int | None = 1) -> tuple[float, object]:
    """Best per-call time (seconds) over ``repeat`` runs of ``number`` calls, and the last result.

    ``number=None`` calibrates it: as many calls as fit in about 0.1 s (at most 2000)."""
    times, result = [], None
    if number is None:
        first, result = once(fn)
        number = max(1, min(2000, int(0.1 / max(first, 1e-9))))
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            result = fn()
        times.append((time.perf_counter() - start) / number)
    return min(times), result


def raises(fn: Callable[[], object], error: type[BaseException]) -> Callable[[], BaseException]:
    def call():
        try:
            fn()
        except error as err:
            return err
        raise AssertionError(f"expected {error.__name__}")

    return call


# Raw networkx baselines ---------------------------------------------------------------------------
def raw_paths(D: nx.DiGraph, s: str, t: str, k: int, cutoff: int) -> list[list[str]]:
    """Up to k shortest simple paths, stopping at the first one longer than ``cutoff``."""
    found = []
    try:
        for nodes in itertools.islice(nx.shortest_simple_paths(D, s, t), k):
            if len(nodes) - 1 > cutoff:
                break
            found.append(nodes)
    except nx.NetworkXNoPath:
        pass
    return found


def raw_loops(D: nx.DiGraph, cutoff: int, limit: int) -> tuple[float, float, list[list[str]]]:
    """``islice(simple_cycles(D, length_bound=cutoff), limit)``, timed in one pass: seconds to the
    ``limit``-th cycle, seconds to the next one (the peek ``feedback_loops`` makes), the cycles."""
    cycles: list[list[str]] = []
    start = time.perf_counter()
    at_limit = at_peek = None
    for cycle in nx.simple_cycles(D, length_bound=cutoff):
        if len(cycles) == limit:
            at_peek = time.perf_counter() - start
            break
        cycles.append(cycle)
        if len(cycles) == limit:
            at_limit = time.perf_counter() - start
    end = time.perf_counter() - start
    return (at_limit if at_limit is not None else end), (at_peek if at_peek is not None else end), cycles


# Choosing pairs -----------------------------------------------------------------------------------
def distant_pairs(D: nx.DiGraph, count: int, seed: int, hubs: set[str]) -> list[tuple[str, str, int]]:
    """``count`` (source, target, distance) with the target 4-6 links away (cycling through the
    distances 4, 5, 6 and falling back to the nearest available)."""
    rng = random.Random(seed)
    candidates = [n for n in D if n not in hubs and D.out_degree(n)]
    wanted = itertools.cycle((5, 4, 6))
    pairs: list[tuple[str, str, int]] = []
    for _ in range(50 * count):
        if len(pairs) == count:
            break
        source = rng.choice(candidates)
        lengths = nx.single_source_shortest_path_length(D, source, cutoff=6)
        by_distance: dict[int, list[str]] = {}
        for other, d in lengths.items():
            if d >= 4 and other not in hubs:
                by_distance.setdefault(d, []).append(other)
        if not by_distance:
            continue
        goal = next(wanted)
        d = min(by_distance, key=lambda x: (abs(x - goal), -x))
        pairs.append((source, rng.choice(sorted(by_distance[d])), d))
    return pairs


def far_pair(D: nx.DiGraph, seed: int, hubs: set[str]) -> tuple[str, str, int]:
    """A source and a concept at the largest BFS distance from it."""
    rng = random.Random(seed + 1)
    candidates = [n for n in D if n not in hubs and D.out_degree(n)]
    best_pair = None
    for _ in range(3):
        source = rng.choice(candidates)
        lengths = nx.single_source_shortest_path_length(D, source)
        far = max(lengths.values())
        target = rng.choice(sorted(n for n, d in lengths.items() if d == far))
        if best_pair is None or far > best_pair[2]:
            best_pair = (source, target, far)
    assert best_pair is not None
    return best_pair


# Reporting ------------------------------------------------------------------------------------------
def ms(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    value = seconds * 1000
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 1:
        return f"{value:.1f}"
    if value >= 0.01:
        return f"{value:.3f}"
    return f"{value:.5f}"


def outcome(search) -> str:
    return f"truncated={search.truncated} ({search.reason})" if search.truncated else "truncated=False"


def time_pair(G, D, source: str, target: str, repeat: int) -> tuple[float, float, float, int, str]:
    """Best times of find_paths, of the raw call for k paths and for k+1 paths (the peek)."""
    t_project, found = best(lambda: find_paths(G, source, target, k=K, cutoff=CUTOFF), repeat)
    t_raw, raw = best(lambda: raw_paths(D, source, target, K, CUTOFF), repeat)
    t_peek, _ = best(lambda: raw_paths(D, source, target, K + 1, CUTOFF), repeat)
    assert [list(p.nodes) for p in found.paths] == raw, "find_paths and the raw call disagree"
    return t_project, t_raw, t_peek, len(found.paths), found.reason or "complete"


# One size -----------------------------------------------------------------------------------------
def run_size(n: int, args, table: Table, verdicts: list[tuple[str, bool]]) -> None:
    log(f"\n== {n:,} concepts ==")
    seconds, rdf = once(lambda: build_rdf(n, args.seed))
    table.add(n, "build RDF (rdflib, one-off)", seconds, notes=f"{len(rdf):,} triples, {hub_count(n)} hubs")

    cg = ConceptGraph(rdf, ontology=load_ontology())
    t_concepts, _ = once(lambda: cg.concepts)
    t_relations, _ = once(lambda: cg.relations)
    t_network, G = once(lambda: cg.network)
    table.add(
        n,
        "ConceptGraph.network (one-off)",
        t_concepts + t_relations + t_network,
        notes=f"concepts {ms(t_concepts)} + relations {ms(t_relations)} + to_networkx {ms(t_network)} ms; "
        f"{G.number_of_nodes():,} nodes, {G.number_of_edges():,} links",
    )
    t_search, D = once(lambda: search_graph(G))
    table.add(n, "search_graph(G) (one-off)", t_search, notes=f"{D.number_of_edges():,} collapsed edges")
    t_signed, D_signed = once(lambda: search_graph(G, signed_only=True))
    table.add(n, "search_graph(G, signed_only) (one-off)", t_signed, notes=f"{D_signed.number_of_edges():,} edges")

    hubs = {f"{EX}n{i}" for i in range(hub_count(n))}

    # Paths: find_paths vs shortest_simple_paths --------------------------------------------
    pairs = distant_pairs(D, args.pairs, args.seed, hubs)
    timed = [time_pair(G, D, source, target, args.repeat) for source, target, _ in pairs]
    project_times, raw_times, peek_times, counts, reasons = (list(column) for column in zip(*timed, strict=True))
    project, raw, peek = (statistics.median(x) for x in (project_times, raw_times, peek_times))
    per_pair = ", ".join(f"{p / r:.2f}" for p, r in zip(project_times, raw_times, strict=True))
    table.add(
        n,
        f"find_paths k={K} cutoff={CUTOFF}",
        project,
        raw,
        f"median of {len(pairs)} pairs at distance {','.join(str(d) for *_, d in pairs)}; "
        f"per-pair ratio {per_pair}; raw k+1 (the peek) {ms(peek)} ms -> {ratio(project, peek)}; "
        f"paths {','.join(map(str, counts))}; stop {','.join(sorted(set(reasons)))}",
    )
    verdicts.append((f"{n:,}: find_paths <= 1.5x raw ({project / raw:.2f}x)", project <= 1.5 * raw))

    # Loops: feedback_loops vs simple_cycles --------------------------------------------------
    loop_repeat = args.repeat if n <= 10_000 else 1
    t_loops, loops = best(
        lambda: feedback_loops(G, cutoff=LOOP_CUTOFF, limit=LOOP_LIMIT, time_budget=LOOP_BUDGET), loop_repeat
    )
    raw_runs = [raw_loops(D_signed, LOOP_CUTOFF, LOOP_LIMIT) for _ in range(loop_repeat)]
    t_raw_loops = min(run[0] for run in raw_runs)
    t_loops_peek = min(run[1] for run in raw_runs)
    cycles = raw_runs[-1][2]
    table.add(
        n,
        f"feedback_loops cutoff={LOOP_CUTOFF} limit={LOOP_LIMIT}",
        t_loops,
        t_raw_loops,
        f"{len(loops.loops)} loops, {outcome(loops)}; raw found {len(cycles)}; raw limit+1 (the peek) "
        f"{ms(t_loops_peek)} ms -> {ratio(t_loops, t_loops_peek)}; budget {LOOP_BUDGET:g}s; best of {loop_repeat}",
    )

    # Names: resolve vs a dict lookup ---------------------------------------------------------
    i = min(1234, n - 1)
    label, slug, typo = f"Concept {i}", f"n{i}", f"Concpet {i}"
    t_index, _ = once(lambda: resolve(cg, label))
    table.add(n, "first resolve() (builds NameIndex, one-off)", t_index)
    by_label = {c.label.lower(): str(iri) for iri, c in cg.concepts.items()}
    by_slug = {str(iri).rsplit("/", 1)[-1]: str(iri) for iri in cg.concepts}
    number = None  # calibrated
    t_exact, concept = best(lambda: resolve(cg, label), args.repeat, number)
    t_dict, _ = best(lambda: by_label[label.lower()], args.repeat, number)
    assert concept.label == label
    table.add(n, f'resolve exact label "{label}"', t_exact, t_dict, "raw = dict lookup of the lower-cased label")
    t_slug, concept = best(lambda: resolve(cg, slug), args.repeat, number)
    t_dict, _ = best(lambda: by_slug[slug], args.repeat, number)
    assert concept.label == label
    table.add(n, f'resolve IRI-tail slug "{slug}"', t_slug, t_dict, "raw = dict lookup of the IRI tail")
    t_typo, err = best(raises(lambda: resolve(cg, typo), UnknownConceptError), args.repeat)
    labels = list(by_label)
    t_difflib, _ = best(lambda: difflib.get_close_matches(typo.lower(), labels, n=3, cutoff=0.5), args.repeat)
    t_miss, _ = best(lambda: by_label.get(typo.lower()), args.repeat, number)
    table.add(
        n,
        f'resolve misspelling "{typo}"',
        t_typo,
        t_difflib,
        f"UnknownConceptError, suggests {', '.join(err.suggestions)}; raw = difflib.get_close_matches over "
        f"{len(labels):,} labels (a dict miss: {ms(t_miss)} ms)",
    )

    # Bounded: come back within the budget with truncated set ---------------------------------
    source, target, distance = far_pair(D, args.seed, hubs)
    elapsed, found = once(
        lambda: find_paths(G, source, target, k=BOUNDED_K, cutoff=BOUNDED_CUTOFF, time_budget=BOUNDED_PATH_BUDGET)
    )
    within = elapsed <= BOUNDED_PATH_BUDGET * OVERRUN
    table.add(
        n,
        f"bounded find_paths k={BOUNDED_K} cutoff={BOUNDED_CUTOFF} budget={BOUNDED_PATH_BUDGET:g}s",
        elapsed,
        notes=f"distance {distance}; {len(found.paths)} paths; {outcome(found)}; "
        f"{'within budget' if within else 'OVER BUDGET'}",
    )
    verdicts.append(
        (f"{n:,}: bounded find_paths within budget and truncated ({elapsed:.2f}s)", within and found.truncated)
    )
    # The same search with a budget a quarter of what it needed, so that the budget is what stops it
    # (informative: how far past its budget find_paths gets, i.e. the cost of one more Yen step).
    tight = max(0.002, elapsed / 4)
    elapsed, found = once(lambda: find_paths(G, source, target, k=BOUNDED_K, cutoff=BOUNDED_CUTOFF, time_budget=tight))
    table.add(
        n,
        f"bounded find_paths k={BOUNDED_K} cutoff={BOUNDED_CUTOFF} budget={tight * 1000:.0f}ms",
        elapsed,
        notes=f"budget a quarter of the run above; {len(found.paths)} paths; {outcome(found)}; "
        f"{(elapsed - tight) * 1000:+.1f} ms past the budget",
    )
    elapsed, loops = once(
        lambda: feedback_loops(G, cutoff=LOOP_CUTOFF, limit=BOUNDED_LOOP_LIMIT, time_budget=BOUNDED_LOOP_BUDGET)
    )
    within = elapsed <= BOUNDED_LOOP_BUDGET * OVERRUN
    table.add(
        n,
        f"bounded feedback_loops limit=10**6 budget={BOUNDED_LOOP_BUDGET:g}s",
        elapsed,
        notes=f"{len(loops.loops):,} loops; {outcome(loops)}; {'within budget' if within else 'OVER BUDGET'}",
    )
    verdicts.append(
        (f"{n:,}: bounded feedback_loops within budget and truncated ({elapsed:.2f}s)", within and loops.truncated)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated concept counts")
    parser.add_argument("--quick", action="store_true", help="smoke run: 1000 concepts only")
    parser.add_argument("--pairs", type=int, default=5, help="source/target pairs per size (median reported)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (best reported)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the graphs and of the pairs")
    parser.add_argument(
        "--hash-seed",
        default="0",
        help="PYTHONHASHSEED to re-run under (default 0; 'random' to keep the interpreter's): networkx's "
        "simple_cycles picks its roots in set order, so its timings depend on string hashing",
    )
    args = parser.parse_args(argv)
    if argv is None and args.hash_seed != "random" and os.environ.get("PYTHONHASHSEED") != args.hash_seed:
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": args.hash_seed})
    sizes = [1000] if args.quick else [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]

    table = Table("networkx", ms, size=lambda n: f"{n:,}")
    verdicts: list[tuple[str, bool]] = []
    started = time.perf_counter()
    for n in sizes:
        run_size(n, args, table, verdicts)
        gc.collect()
    total = time.perf_counter() - started

    print(table.render())
    print()
    for text, ok in verdicts:
        print(f"{'PASS' if ok else 'FAIL'}  {text}")
    print(
        f"\ntotal {total:.0f}s; networkx {nx.__version__}; python {sys.version.split()[0]}; "
        f"PYTHONHASHSEED={os.environ.get('PYTHONHASHSEED', 'random')}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
