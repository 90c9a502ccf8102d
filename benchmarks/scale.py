"""Benchmark: the on-disk store and the SPARQL endpoint on SKOS graphs of 10k, 100k and 1M triples.

What it measures
----------------
For each size it writes (plain string writes, fixed seed) an N-Triples file of a SKOS-like graph:
concepts ``ex:cN a skos:Concept ; skos:prefLabel "Concept N"@en``, a ``skos:broader`` tree
(8 children per concept), ``skos:related`` cross links (one per two concepts) and two causal
links per concept from the project ontology (``cg:increases`` 60% / ``cg:decreases`` 40%; 70% of
them to a concept within 100 numbers, the rest anywhere, 2% onto a few hub concepts), about
5.5 triples per concept. It then times, in one run, each library call next to the raw call:

Store (pyoxigraph in-process)
  * first load: ``open_store(dir, [file], progress=...)`` (as the CLI calls it) vs
    ``pyoxigraph.Store(dir).bulk_load(path=file, format=N_TRIPLES)`` (fresh directories, the
    order alternated from run to run; the notes give ``open_store`` without the progress
    wrapper too);
  * reopen: ``open_store(dir)`` vs ``pyoxigraph.Store.read_only(dir)`` (the notes give
    ``open_backend(store=dir)``, which also parses the project ontology);
  * export to Turtle: ``SparqlBackend.export(file, "turtle")`` vs
    ``store.dump(path, RdfFormat.TURTLE, from_graph=DefaultGraph())``;
  * search ``backend.search("Concept 12345")`` (a shorter number on small graphs) vs one raw
    ``CONTAINS(LCASE(STR(?l)), ...)`` SELECT ranked in Python the same way;
  * neighbourhood depth 1 and 2 of a mid-hierarchy concept: ``backend.neighbourhood(iri, d)``
    vs raw SPARQL for the same links (one query per level, one for the links among the concepts
    found, one for their labels); the link sets are checked equal;
  * paths ``backend.paths(s, t, k=5, cutoff=6)`` between two concepts 4-6 causal links apart
    (chosen by BFS in networkx over the generated causal links, preferring a pair with several
    paths within the cutoff) vs a raw bidirectional BFS written directly with pyoxigraph queries
    (the same frontier expansion, smaller frontier first, the causal relations only, restricted
    with ``FILTER(?p IN (...))``: see ``raw_paths`` for why not ``VALUES ?p``), then
    ``nx.shortest_simple_paths`` on what it fetched and one query for the labels of the nodes on
    the paths; the path sets are checked equal.

The notes of every question give the number of SPARQL queries the library made and how much of
one call was spent inside them (sending, evaluating, converting the rows to rdflib terms); the
rest is Python around them (records, networkx).

Endpoint (``oxigraph serve-read-only`` over a directory loaded with ``oxigraph load``)
  * the same search, neighbourhood and path through ``open_backend(endpoint=url)`` vs the same
    raw queries sent with urllib (POST, SPARQL JSON results).

Web (when ``graph.web.create_app(backend=SparqlBackend)`` works): time to first view of the
explorer on the largest store in headless Chromium vs two bare Dash pages: one holding a 2-node
Cytoscape graph (the reference the explorer's issue defines, and the goal's) and one of a single
``html.Div``; all served by werkzeug in a thread, measured alternately in fresh browser contexts;
"first view" is when the canvas holds its concepts (the div page: its div is there) and the last
request made so far has finished, from the page's Navigation Timing start. ``create_app`` itself
(server start) is a separate one-off row. Skipped with a printed reason when the app cannot be
built (``web_first_view``).

Every timing is the median of ``--repeat`` runs after one warm-up (loads and exports: no warm-up,
and fewer runs above 10k, see ``repeats_for``; any operation stops repeating once it has used
20 s); the notes give the first (cold) call. Goals (from
the issue): first load within 1.5x of pyoxigraph's load, reopen under a second, path query and
neighbourhood under 200 ms on 1M triples in the store, first view within 1.5x of a bare Dash page.
PASS/FAIL lines under the table say which held; the exit status is 0 either way.

How to run
----------
    python benchmarks/scale.py                          # 10k, 100k and 1M: about 4 min, 1 GB
    python benchmarks/scale.py --quick                  # 10k only
    python benchmarks/scale.py --sizes 10000,100000 --repeat 7 --seed 3 --no-web

Scratch data (at 1M: a 114 MB file, stores of about 100 MB each, 74 MB Turtle exports) goes to
a temporary directory under /tmp (``--tmp``), each piece removed once timed, the directory at the
end. Progress goes to stderr; the table (markdown) goes to stdout at the end, with the peak
memory: ``resource.getrusage`` for this process, ``VmHWM`` polled from /proc for the oxigraph CLI
and server. The machine's load average is printed too: on a shared 2-core machine the small
timings move by a factor of two from run to run.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # for tests.servers (the Oxigraph server, started as the tests start it)
    sys.path.insert(0, str(ROOT))

import networkx as nx  # noqa: E402
import pyoxigraph as ox  # noqa: E402
from harness import Table, bare_cytoscape_app, log, once, ratio  # noqa: E402

from graph.backends import SparqlBackend, open_backend  # noqa: E402
from graph.sources import open_store  # noqa: E402
from tests.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.servers import OXIGRAPH, OxigraphServer  # noqa: E402

EX = "http://example.org/bench/c"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
CG = "https://w3id.org/concept-graph/ontology#"
CAUSAL = (f"{CG}increases", f"{CG}decreases")

TRIPLES_PER_CONCEPT = 5.5  # type + label + broader + related/2 + 2 causal
BRANCHING = 8  # children per concept in the broader tree
CAUSAL_PER_CONCEPT = 2
LOCAL_SHARE, LOCAL_SPAN = 0.7, 100  # causal links to a concept within LOCAL_SPAN numbers
HUB_SHARE = 0.02  # causal links onto a hub
NEGATIVE_SHARE = 0.4
K, CUTOFF = 5, 6
GOAL_LOAD_RATIO, GOAL_REOPEN, GOAL_QUERY, GOAL_VIEW_RATIO = 1.5, 1.0, 0.200, 1.5

PREFIXES = f"PREFIX skos: <{SKOS}>\nPREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"


# Generating ---------------------------------------------------------------------------------------
def concept_count(triples: int) -> int:
    return max(50, round(triples / TRIPLES_PER_CONCEPT))


def hub_count(n: int) -> int:
    return max(3, n // 2000)


def generate(path: Path, triples: int, seed: int) -> tuple[int, int, list[tuple[int, int]]]:
    """Write the graph as N-Triples; returns (concepts, triples written, causal links)."""
    rng = random.Random(seed)
    n = concept_count(triples)
    hubs = hub_count(n)
    iri = [f"<{EX}{i}>" for i in range(n)]
    concept, label, broader, related = (f"<{SKOS}{x}>" for x in ("Concept", "prefLabel", "broader", "related"))
    typ = f"<{RDF_TYPE}>"
    increases, decreases = (f"<{p}>" for p in CAUSAL)
    causal: list[tuple[int, int]] = []
    lines = 0
    with path.open("w", encoding="utf-8", buffering=2**20) as out:
        for i in range(n):
            out.write(f'{iri[i]} {typ} {concept} .\n{iri[i]} {label} "Concept {i}"@en .\n')
            lines += 2
            if i:
                out.write(f"{iri[i]} {broader} {iri[(i - 1) // BRANCHING]} .\n")
                lines += 1
        for _ in range(n // 2):
            a, b = rng.randrange(n), rng.randrange(n)
            if a != b:
                out.write(f"{iri[a]} {related} {iri[b]} .\n")
                lines += 1
        seen: set[tuple[int, int]] = set()
        for a in range(n):
            for _ in range(CAUSAL_PER_CONCEPT):
                draw = rng.random()
                if draw < HUB_SHARE:
                    b = rng.randrange(hubs)
                elif draw < HUB_SHARE + LOCAL_SHARE:
                    b = min(n - 1, max(0, a + rng.randint(-LOCAL_SPAN, LOCAL_SPAN)))
                else:
                    b = rng.randrange(n)
                if a == b or (a, b) in seen:
                    continue
                seen.add((a, b))
                causal.append((a, b))
                out.write(f"{iri[a]} {decreases if rng.random() < NEGATIVE_SHARE else increases} {iri[b]} .\n")
                lines += 1
    return n, lines, causal


def distant_pair(n: int, causal: list[tuple[int, int]], seed: int) -> tuple[str, str, int, int]:
    """A source and a target 4-6 causal links apart (5 preferred), neither a hub, with as many
    simple paths of at most ``CUTOFF`` links between them as can be found (up to K + 1) among a
    few candidates; returns (source, target, distance, paths within the cutoff)."""
    D = nx.DiGraph(causal)
    rng = random.Random(seed)
    hubs = hub_count(n)
    best = None
    for _ in range(40):
        source = rng.randrange(hubs, n)
        if source not in D:
            continue
        lengths = nx.single_source_shortest_path_length(D, source, cutoff=6)
        for d in (5, 4, 6):
            targets = sorted(t for t, dist in lengths.items() if dist == d and t >= hubs)
            for target in rng.sample(targets, min(5, len(targets))):
                count = sum(1 for _ in itertools.islice(nx.all_simple_paths(D, source, target, cutoff=CUTOFF), K + 1))
                key = (min(count, K + 1), d == 5)
                if best is None or key > best[0]:
                    best = (key, (f"{EX}{source}", f"{EX}{target}", d, count))
            if targets:
                break
        if best and best[0] == (K + 1, True):
            break
    if best is None:
        raise RuntimeError("no pair of concepts 4-6 causal links apart")
    return best[1]


# Timing ---------------------------------------------------------------------------------------------
def median_time(
    fn: Callable[[], object], repeat: int, warm: bool = True, budget: float = 20.0
) -> tuple[float, float, object, int]:
    """(median seconds over up to ``repeat`` calls, seconds of the first call, last result, calls
    counted); the first call is a warm-up, not counted, when ``warm``. Once ``budget`` seconds
    have gone, no further call is made (a slow operation is timed once after its warm-up)."""
    first, result = once(fn)
    times = [] if warm else [first]
    total = first
    while len(times) < repeat and not (times and total > budget):
        elapsed, result = once(fn)
        times.append(elapsed)
        total += elapsed
    return statistics.median(times), first, result, len(times)


def per_call(counter, fn: Callable[[], object]) -> tuple[Callable[[], object], dict]:
    """``fn`` wrapped so that ``stats["last"]`` holds (queries, seconds in them, seconds) of its
    latest call, from ``counter``'s ``count`` and ``seconds``."""
    stats: dict = {}

    def call():
        count, seconds, start = counter.count, counter.seconds, time.perf_counter()
        result = fn()
        stats["last"] = (counter.count - count, counter.seconds - seconds, time.perf_counter() - start)
        return result

    return call, stats


def repeats_for(triples: int, repeat: int) -> int:
    """Runs of the heavy operations (load, export): fewer on big graphs."""
    return max(1, min(repeat, repeat if triples <= 10_000 else 3 if triples <= 100_000 else 2))


def release(*_objects) -> None:
    """Let pyoxigraph close stores that are no longer referenced (the caller drops its names)."""
    gc.collect()


#: Peak RSS (MB) of the oxigraph processes, by what they did (RUSAGE_CHILDREN is no use here: a
#: child forked from this process counts this process's pages until it execs).
CHILD_PEAKS: dict[str, float] = {}


def peak_memory() -> str:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = ", ".join(f"{name} {mb:,.0f} MB" for name, mb in CHILD_PEAKS.items())
    return f"peak RSS: this process {own:,.0f} MB" + (f"; oxigraph: {children}" if children else "")


def high_water_mb(pid: int) -> float | None:
    """The peak resident memory of a running process (VmHWM), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return None


def run_watched(command: list[str]) -> tuple[float, float]:
    """Run ``command`` to completion; (seconds, its peak RSS in MB, polled every 50 ms)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, high_water_mb(process.pid) or 0.0)
        time.sleep(0.05)
    elapsed = time.perf_counter() - start
    if process.returncode:
        raise RuntimeError(f"{command[:2]} failed: {process.stderr.read().decode()[-2000:]}")
    process.stderr.close()
    return elapsed, peak


# Raw queries ------------------------------------------------------------------------------------------
class RawStore:
    """Plain pyoxigraph: rows of term values."""

    def __init__(self, store: ox.Store):
        self.store = store
        self.count, self.seconds = 0, 0.0

    def __call__(self, query: str) -> list[tuple]:
        self.count += 1
        return [tuple(None if t is None else t.value for t in solution) for solution in self.store.query(query)]


class RawHttp:
    """Plain urllib: POST the query, read SPARQL JSON results."""

    def __init__(self, url: str):
        self.url = url
        self.count, self.seconds = 0, 0.0

    def __call__(self, query: str) -> list[tuple]:
        self.count += 1
        request = urllib.request.Request(
            self.url,
            data=query.encode("utf-8"),
            headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.loads(response.read())
        names = answer["head"]["vars"]
        return [tuple(b[v]["value"] if v in b else None for v in names) for b in answer["results"]["bindings"]]


def _values(iris) -> str:
    return " ".join(f"<{i}>" for i in iris)


def raw_search(q, text: str, limit: int = 20) -> list[tuple[str, str]]:
    needle = text.lower()
    rows = q(
        PREFIXES
        + f"SELECT ?c ?l WHERE {{ ?c skos:prefLabel ?l FILTER(CONTAINS(LCASE(STR(?l)), {json.dumps(needle)})) }}"
        f" LIMIT {limit * 20}"
    )
    ranked = sorted(rows, key=lambda r: (r[1].lower() != needle, not r[1].lower().startswith(needle), r[1].lower()))
    return ranked[:limit]


_LINK_FILTER = "FILTER(isIRI(?o) && ?s != ?o && ?p != rdf:type)"


def raw_neighbourhood(q, iri: str, depth: int) -> tuple[set[str], set[tuple[str, str, str]], dict[str, str]]:
    """Concepts within ``depth`` links (either way), the links among them and their labels."""
    seen, frontier = {iri}, [iri]
    for _ in range(depth):
        rows = q(
            PREFIXES + f"SELECT ?s ?p ?o WHERE {{ {{ VALUES ?s {{ {_values(frontier)} }} ?s ?p ?o }} UNION "
            f"{{ VALUES ?o {{ {_values(frontier)} }} ?s ?p ?o }} {_LINK_FILTER} }}"
        )
        frontier = [x for s, _, o in rows for x in (s, o) if x not in seen]
        frontier = list(dict.fromkeys(frontier))
        seen.update(frontier)
        if not frontier:
            break
    rows = q(PREFIXES + f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {_values(seen)} }} ?s ?p ?o {_LINK_FILTER} }}")
    links = {(s, p, o) for s, p, o in rows if o in seen}
    labels = dict(q(PREFIXES + f"SELECT ?c ?l WHERE {{ VALUES ?c {{ {_values(seen)} }} ?c skos:prefLabel ?l }}"))
    return seen, links, labels


def raw_paths(q, source: str, target: str, k: int, cutoff: int) -> tuple[list[tuple[str, ...]], dict, int]:
    """Bidirectional BFS over the causal links (smaller frontier first, until the radii add up to
    ``cutoff``), k shortest simple paths on what was fetched, the labels of their nodes."""
    # FILTER(?p IN ...), not VALUES ?p: oxigraph 0.5 joins a VALUES ?p of a few relations before a
    # larger VALUES ?s and then scans every triple of those relations (seconds at 1M triples).
    relations = f"FILTER(?p IN ({', '.join(f'<{p}>' for p in CAUSAL)}))"
    balls = {"out": {source}, "in": {target}}
    frontiers = {"out": [source], "in": [target]}
    radii = {"out": 0, "in": 0}
    D = nx.DiGraph()
    D.add_nodes_from((source, target))
    while radii["out"] + radii["in"] < cutoff:
        side = min((s for s in frontiers if frontiers[s]), key=lambda s: len(frontiers[s]), default=None)
        if side is None:
            break
        var = "?s" if side == "out" else "?o"
        rows = q(f"SELECT ?s ?o WHERE {{ VALUES {var} {{ {_values(frontiers[side])} }} ?s ?p ?o {relations} }}")
        following = []
        for s, o in rows:
            D.add_edge(s, o)
            node = o if side == "out" else s
            if node not in balls[side]:
                balls[side].add(node)
                following.append(node)
        frontiers[side] = following
        radii[side] += 1
    found: list[tuple[str, ...]] = []
    try:
        for nodes in itertools.islice(nx.shortest_simple_paths(D, source, target), k):
            if len(nodes) - 1 > cutoff:
                break
            found.append(tuple(nodes))
    except nx.NetworkXNoPath:
        pass
    on_paths = {n for p in found for n in p}
    labels = (
        dict(q(PREFIXES + f"SELECT ?c ?l WHERE {{ VALUES ?c {{ {_values(on_paths)} }} ?c skos:prefLabel ?l }}"))
        if on_paths
        else {}
    )
    return found, labels, D.number_of_nodes()


# Library side -----------------------------------------------------------------------------------------
class QueryCounter:
    """Counts the SELECT/ASK queries a backend's source answers, and the time spent in them
    (wraps the instance's methods)."""

    def __init__(self, source):
        self.count = 0
        self.seconds = 0.0
        for name in ("select", "ask"):
            method = getattr(source, name)

            def counted(query, _method=method):
                self.count += 1
                start = time.perf_counter()
                try:
                    return _method(query)
                finally:
                    self.seconds += time.perf_counter() - start

            setattr(source, name, counted)


def library_links(G: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {(u, key, v) for u, v, key in G.edges(keys=True)}


# Reporting ------------------------------------------------------------------------------------------
def ms(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    value = seconds * 1000
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 1:
        return f"{value:.1f}"
    return f"{value:.3f}"


def spent(in_queries: float, whole: float) -> str:
    """How much of one call went into its SPARQL queries (sending, evaluating, converting rows)."""
    return f"{ms(in_queries)} of {ms(whole)} ms in them"


# Oxigraph server ------------------------------------------------------------------------------------
class Server(OxigraphServer):
    """``oxigraph serve-read-only`` over a store already loaded (the load is timed apart), on a
    free local port, as the tests start it; ``stop`` returns its peak RSS in MB."""

    def __init__(self, location: Path):
        super().__init__(location, [], startup=60.0)

    def stop(self) -> float | None:
        peak = high_water_mb(self.process.pid)
        super().stop()
        return peak


# Questions, timed on one backend against the raw runner ---------------------------------------------
def time_questions(
    label: str,
    size: str,
    backend: SparqlBackend,
    raw,
    args,
    table: Table,
    search_text: str,
    centre: str,
    pair: tuple[str, str, int, int],
) -> dict[str, float]:
    counter = QueryCounter(backend.source)
    results: dict[str, float] = {}

    def timed(fn: Callable[[], object], runner) -> tuple[float, float, object, int, tuple]:
        call, stats = per_call(runner, fn)
        t, cold, result, runs = median_time(call, args.repeat)
        return t, cold, result, runs, stats["last"]

    # search
    t_project, cold, found, runs, (queries, in_queries, whole) = timed(lambda: backend.search(search_text), counter)
    t_raw, _, raw_found, _, _ = timed(lambda: raw_search(raw, search_text), raw)
    same = [str(c.iri) for c in found] == [c for c, _ in raw_found]
    table.add(
        size,
        f"{label}: search {search_text!r}",
        t_project,
        t_raw,
        f"{len(found)} hits{'' if same else ' (DIFFERENT from raw)'}; {queries} queries ({spent(in_queries, whole)}); "
        f"first call {ms(cold)} ms (asks which label property the data uses); median of {runs}",
    )
    results["search"] = t_project

    # neighbourhoods
    for depth in (1, 2):
        t_project, cold, exploration, runs, (queries, in_queries, whole) = timed(
            lambda d=depth: backend.neighbourhood(centre, d), counter
        )
        t_raw, _, (seen, links, _labels), _, (raw_queries, _, _) = timed(
            lambda d=depth: raw_neighbourhood(raw, centre, d), raw
        )
        G = exploration.graph
        same = set(G) == seen and library_links(G) == links
        table.add(
            size,
            f"{label}: neighbourhood depth {depth}",
            t_project,
            t_raw,
            f"{G.number_of_nodes()} concepts, {G.number_of_edges()} links{' (capped)' if exploration.capped else ''}"
            f"{'' if same else ' (DIFFERENT from raw)'}; {queries} queries ({spent(in_queries, whole)}) "
            f"vs {raw_queries} raw; median of {runs}",
        )
        results[f"neighbourhood {depth}"] = t_project

    # paths
    source, target, distance, available = pair
    t_project, cold, (_, search), runs, (queries, in_queries, whole) = timed(
        lambda: backend.paths(source, target, k=K, cutoff=CUTOFF), counter
    )
    t_raw, _, (raw_found, _labels, fetched), _, (raw_queries, _, _) = timed(
        lambda: raw_paths(raw, source, target, K, CUTOFF), raw
    )
    same = {tuple(p.nodes) for p in search.paths} == set(raw_found)
    table.add(
        size,
        f"{label}: paths k={K} cutoff={CUTOFF}",
        t_project,
        t_raw,
        f"distance {distance}; {len(search.paths)} paths ({available if available <= K else f'>{K}'} exist)"
        f"{'' if same else ' (DIFFERENT from raw)'}"
        f"{', truncated: ' + str(search.reason) if search.truncated else ''}; {queries} library queries "
        f"({spent(in_queries, whole)}) vs {raw_queries} raw (the same bidirectional BFS in plain queries + "
        f"nx.shortest_simple_paths, {fetched} nodes fetched); first call {ms(cold)} ms; median of {runs}",
    )
    results["paths"] = t_project
    return results


# One size -------------------------------------------------------------------------------------------
def run_size(triples: int, args, scratch: Path, table: Table, verdicts: list[tuple[str, bool]], keep: dict) -> None:
    log(f"\n== {triples:,} triples ==")
    work = scratch / f"t{triples}"
    work.mkdir()
    data = work / "graph.nt"
    t_gen, (n, written, causal) = once(lambda: generate(data, triples, args.seed))
    size = f"{triples / 1e6:g}M" if triples >= 1_000_000 else f"{triples / 1e3:g}k"  # nominal; notes: exact
    megabytes = data.stat().st_size / 2**20
    table.add(
        size,
        "generate N-Triples (one-off)",
        t_gen,
        notes=f"{written:,} triples, {n:,} concepts, {len(causal):,} causal links, {megabytes:,.0f} MB",
    )
    heavy = repeats_for(triples, args.repeat)

    # First load: open_store (with and without progress) vs bulk_load, alternated ---------------
    project_times, plain_times, raw_times = [], [], []
    for run in range(heavy):
        raw_dir, project_dir, plain_dir = work / f"raw{run}", work / f"project{run}", work / f"plain{run}"

        def raw_load(directory=raw_dir):
            store = ox.Store(str(directory))
            store.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES)
            return store

        steps = [
            (raw_times, raw_load),
            (project_times, lambda d=project_dir: open_store(d, [data], progress=lambda done, total: None)),
            (plain_times, lambda d=plain_dir: open_store(d, [data])),
        ]
        for times, step in steps if run % 2 == 0 else steps[::-1]:  # alternate the order
            elapsed, opened = once(step)
            times.append(elapsed)
            del opened
            release()
        for d in (raw_dir, plain_dir):
            shutil.rmtree(d)
        if run:
            shutil.rmtree(project_dir)
    store_dir = work / "project0"
    t_project, t_plain, t_raw = (statistics.median(x) for x in (project_times, plain_times, raw_times))
    table.add(
        size,
        "store: first load",
        t_project,
        t_raw,
        f"open_store with progress (as the CLI); without progress {ms(t_plain)} ms ({ratio(t_plain, t_raw)}); "
        f"raw = Store(dir).bulk_load(path=...); {written / t_project:,.0f} triples/s; median of {heavy}",
    )
    verdicts.append(
        (
            f"{size}: first load within {GOAL_LOAD_RATIO}x of pyoxigraph ({t_project / t_raw:.2f}x)",
            t_project <= GOAL_LOAD_RATIO * t_raw,
        )
    )

    # Reopen ----------------------------------------------------------------------------------------
    def reopen_project():
        source = open_store(store_dir)
        source.store.query("ASK { ?s ?p ?o }")  # touch it
        return None

    def reopen_raw():
        store = ox.Store.read_only(str(store_dir))
        store.query("ASK { ?s ?p ?o }")
        return None

    t_project, cold, _, _ = median_time(reopen_project, args.repeat, warm=False)
    t_raw, _, _, _ = median_time(reopen_raw, args.repeat, warm=False)
    t_backend, _, _, _ = median_time(lambda: open_backend(store=store_dir), args.repeat, warm=False)
    release()
    table.add(
        size,
        "store: reopen",
        t_project,
        t_raw,
        f"open_store(dir) vs Store.read_only(dir), each then one ASK; open_backend(store=dir) {ms(t_backend)} ms "
        f"(parses the ontology); first {ms(cold)} ms",
    )
    verdicts.append((f"{size}: reopen under {GOAL_REOPEN:g} s ({t_project:.3f} s)", t_project < GOAL_REOPEN))

    backend = open_backend(store=store_dir)
    raw_store = ox.Store.read_only(str(store_dir))

    # Export to Turtle ------------------------------------------------------------------------------
    out_project, out_raw = work / "project.ttl", work / "raw.ttl"

    def export_project():
        with out_project.open("wb") as out:
            backend.export(out, "turtle")

    t_project, cold, _, _ = median_time(export_project, heavy, warm=False)
    t_raw, _, _, _ = median_time(
        lambda: raw_store.dump(str(out_raw), ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph()), heavy, warm=False
    )
    table.add(
        size,
        "store: export Turtle",
        t_project,
        t_raw,
        f"SparqlBackend.export(file, 'turtle') vs store.dump(path, TURTLE); {out_project.stat().st_size / 2**20:,.0f}"
        f" MB vs {out_raw.stat().st_size / 2**20:,.0f} MB; median of {heavy}",
    )
    out_project.unlink()
    out_raw.unlink()

    # Questions ---------------------------------------------------------------------------------------
    number = 12345
    while number >= n:
        number //= 10
    search_text = f"Concept {number}"
    centre = f"{EX}{max(hub_count(n), n // 10)}"  # mid-hierarchy: a parent, 8 children
    pair_time, pair = once(lambda: distant_pair(n, causal, args.seed))
    log(f"  pair {pair} chosen in {pair_time:.1f} s; neighbourhood of {centre}")
    causal = None  # free it before the queries
    found = time_questions("store", size, backend, RawStore(raw_store), args, table, search_text, centre, pair)
    if triples >= 1_000_000 or args.goals_at_any_size:
        for what in ("neighbourhood 2", "paths"):
            verdicts.append(
                (
                    f"{size}: store {what} under {GOAL_QUERY * 1000:.0f} ms ({found[what] * 1000:.0f} ms)",
                    found[what] < GOAL_QUERY,
                )
            )
    backend = raw_store = None  # close the store
    release()

    # Endpoint -------------------------------------------------------------------------------------
    if not args.no_endpoint:
        location = work / "server"
        t_load, load_peak = run_watched([OXIGRAPH, "load", "--location", str(location), "--file", str(data)])
        CHILD_PEAKS[f"load {size}"] = load_peak
        t_start, server = once(lambda: Server(location))
        table.add(
            size,
            "endpoint: oxigraph load + serve (one-off)",
            t_load + t_start,
            notes=f"`oxigraph load` {ms(t_load)} ms (peak RSS {load_peak:,.0f} MB), serve-read-only ready in "
            f"{ms(t_start)} ms",
        )
        try:
            backend = open_backend(endpoint=server.url)
            time_questions("endpoint", size, backend, RawHttp(server.url), args, table, search_text, centre, pair)
        finally:
            CHILD_PEAKS[f"server {size}"] = server.stop() or 0.0
            shutil.rmtree(location)

    data.unlink()
    keep["store"] = store_dir
    keep["size"] = size
    log("  " + peak_memory())
    keep.setdefault("peaks", []).append(f"{size} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")


# Web: time to first view ----------------------------------------------------------------------------
#: The explorer's first view: the canvas holds its opening concepts.
APP_READY = """() => { const e = document.getElementById('cytoscape');
    return !!(e && e._cyreg && e._cyreg.cy && e._cyreg.cy.nodes().length > 0); }"""
BARE_READY = "() => !!document.getElementById('bare-ready')"


def first_view(page, url: str, ready: str) -> float:
    """Seconds from navigation start until ``ready`` (a JS predicate) holds and the last request
    made so far has finished (the settled first view), read from the page's own timeline."""
    page.goto(url, wait_until="commit")
    page.wait_for_function(ready, timeout=120_000, polling=10)
    drawn = page.evaluate("() => performance.now()")
    page.wait_for_load_state("networkidle", timeout=120_000)
    settled = page.evaluate("() => Math.max(0, ...performance.getEntriesByType('resource').map(e => e.responseEnd))")
    return max(drawn, settled) / 1000


def web_first_view(store_dir: Path | None, size: str, repeat: int, table: Table, verdicts) -> None:
    """The explorer on a store vs a bare Dash page, in headless Chromium; skipped (with the reason
    printed) when something it needs is missing."""
    if store_dir is None:
        return log("web: skipped, no store was built")
    reason = None
    try:
        from playwright.sync_api import sync_playwright
        from werkzeug.serving import make_server
    except ImportError as err:
        reason = f"playwright/werkzeug not importable ({err})"
    if reason is None and CHROMIUM is None:
        reason = "Chromium not found (apt-get install chromium)"
    app = None
    if reason is None:
        try:
            from graph.web import create_app

            backend = open_backend(store=store_dir)
            t_hubs = once(lambda: backend.hubs(12))[0] if hasattr(backend, "hubs") else None
            t_create, app = once(lambda: create_app(backend=backend))
        except Exception as err:  # noqa: BLE001 (any failure of the explorer being written: report it)
            reason = f"graph.web.create_app(backend=SparqlBackend) failed: {type(err).__name__}: {err}"
    if reason is not None:
        table.add(size, "web: time to first view", None, notes=f"SKIPPED: {reason}")
        verdicts.append(
            (f"{size}: web first view within {GOAL_VIEW_RATIO}x of a bare Dash page (SKIPPED: {reason})", None)
        )
        return

    import logging

    import dash
    from dash import html

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request

    bare = dash.Dash(__name__, serve_locally=True, compress=False, update_title=None)
    bare.layout = html.Div("ready", id="bare-ready")
    bare_canvas = bare_cytoscape_app("bare_canvas")  # the explorer issue's reference

    servers = []
    try:
        for flask_app in (app.server, bare.server, bare_canvas.server):
            server = make_server("127.0.0.1", 0, flask_app, threaded=True)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers.append(server)
        app_url, bare_url, canvas_url = (f"http://127.0.0.1:{s.server_port}/" for s in servers)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:

                def measure(url: str, selector: str) -> float:
                    context = browser.new_context(viewport={"width": 1280, "height": 800})
                    try:
                        return first_view(context.new_page(), url, selector)
                    finally:
                        context.close()

                # alternated, the first of each a warm-up (its value is reported as "first")
                app_times, bare_times, canvas_times = [], [], []
                for _ in range(repeat + 1):
                    app_times.append(measure(app_url, APP_READY))
                    bare_times.append(measure(bare_url, BARE_READY))
                    canvas_times.append(measure(canvas_url, APP_READY))
                cold = app_times[0]
                t_app, t_bare = statistics.median(app_times[1:]), statistics.median(bare_times[1:])
                t_canvas = statistics.median(canvas_times[1:])
            finally:
                browser.close()
    finally:
        for server in servers:
            server.shutdown()
    table.add(
        size,
        "web: create_app(backend=store) (one-off)",
        t_create,
        notes="server start, before any page; "
        + (f"SparqlBackend.hubs(12) alone (one GROUP BY over every link) {ms(t_hubs)} ms" if t_hubs else ""),
    )
    table.add(
        size,
        "web: time to first view",
        t_app,
        t_canvas,
        f"explorer on the store (opening concepts on the canvas, requests settled) vs a bare Dash page holding "
        f"a 2-node Cytoscape graph (raw column; the explorer issue's reference); vs a bare page of one html.Div "
        f"({ms(t_bare)} ms) {t_app / t_bare:.2f}x; fresh browser context each; median of {repeat}, first "
        f"{ms(cold)} ms",
    )
    verdicts.append(
        (
            f"{size}: web first view within {GOAL_VIEW_RATIO}x of a bare Dash page holding a 2-node Cytoscape"
            f" graph ({t_app / t_canvas:.2f}x; {t_app / t_bare:.2f}x of one with a single html.Div)",
            t_app <= GOAL_VIEW_RATIO * t_canvas,
        )
    )


# Main -------------------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="triples per graph, comma-separated")
    parser.add_argument("--quick", action="store_true", help="10k triples only")
    parser.add_argument("--repeat", type=int, default=7, help="runs per timing (the median is reported)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tmp", default="/tmp", help="where the scratch directory goes")
    parser.add_argument("--no-endpoint", action="store_true", help="skip the Oxigraph server")
    parser.add_argument("--no-web", action="store_true", help="skip the browser measurement")
    parser.add_argument(
        "--goals-at-any-size", action="store_true", help="check the 200 ms goals on every size, not only 1M"
    )
    args = parser.parse_args(argv)
    sizes = [10_000] if args.quick else [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]

    table = Table("pyoxigraph", ms)
    verdicts: list[tuple[str, bool | None]] = []
    keep: dict = {}
    scratch = Path(tempfile.mkdtemp(prefix="concept-graph-scale-", dir=args.tmp))
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    try:
        for triples in sizes:
            run_size(triples, args, scratch, table, verdicts, keep)
        if not args.no_web:
            log("\n== web ==")
            web_first_view(keep.get("store"), keep.get("size", "-"), min(args.repeat, 5), table, verdicts)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    total = time.perf_counter() - started

    print(table.render())
    print()
    for text, ok in verdicts:
        print(f"{'SKIP' if ok is None else 'PASS' if ok else 'FAIL'}: {text}")
    print()
    print(f"{peak_memory()} (this process after each size: {', '.join(keep.get('peaks', []))}); total {total:.0f} s")
    print(
        f"load average (1 min) {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end, "
        f"{os.cpu_count()} CPUs"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
