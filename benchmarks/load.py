"""Benchmark: the explorer under load, served as in production, with and without runaway queries.

What it measures
----------------
The app runs under gunicorn with the production settings (``graph.web.gunicorn_conf``: gthread
workers, by default 2 workers of 8 threads) on a free port of 127.0.0.1, serving the article
graph. Simulated users, each a thread of this process holding one kept-alive connection as a
browser tab does, repeat a realistic session until the run's fixed number of requests is spent:

* open the explorer: ``GET /``, ``/_dash-layout``, ``/_dash-dependencies``, then the callbacks the
  page fires first (the filters, and the canvas's elements);
* click three concepts drawn on the canvas: for each, the selection callback, the details panel
  and the canvas redrawn with the selection;
* a path query, rejection to isolation (the Paths tab's Run button);
* two exports: ``GET /download/graph.ttl`` and the Export tab's download of the view as Turtle.

Callback requests are built from the app's own ``/_dash-dependencies`` (``tests/dash_http.py``).
A request is an error when it fails, or answers neither 200 nor 204 (a callback that updates
nothing). Each scenario reports its requests, their throughput (requests over the wall time of
the run), the median and the 99th percentile of their latency, and their errors:

1. ``N users``: the users alone.
2. ``N users + 1 runaway SPARQL user``: one more user sends, one after the other, queries that
   run until stopped (a COUNT over a three-way cross join, a ``(p|!p)*`` property path) through
   the SPARQL console's callback. Goal: the other users' p99 within 2x of run 1.
3. ``N users + 2 runaway callbacks at once``: the issue's reference case (two 40 s callbacks
   under 2 sync workers blocked the whole app and were killed at 30 s with HTTP 500): two users
   send runaway queries at the same time. Each must be stopped at the console's deadline
   (``QUERY_TIMEOUT``, 10 s) with a message in the page, while the others go on.
4. ``N users (run 1 again)``: how far the shared machine alone moves the figures.

For runs 2 and 3 the runaway requests are listed apart: how many, their status, their median
time, and the message the page shows. The machine's load average is printed before each run:
the machine is shared, so read the ratios, not the absolute times.

Run it
------
    python benchmarks/load.py                  # 2,000 requests per run, 50 users (about 2 min)
    python benchmarks/load.py --requests 500   # quicker
    python benchmarks/load.py --worker-class sync   # gunicorn's default sync workers, for comparison (slow: ~8 min)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from graph.web.panels.sparql import QUERY_TIMEOUT  # noqa: E402
from tests.dash_http import Connection, answered, callback_body, callbacks  # noqa: E402
from tests.servers import free_port  # noqa: E402

CONCEPT = "https://w3id.org/concept-graph/withdrawal/concept/"
RUNAWAY_QUERIES = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s (cg:influences|!cg:influences)* ?o . ?o (cg:influences|!cg:influences)* ?z }",
)


# The server ----------------------------------------------------------------------------------
class Server:
    """gunicorn with the production settings on a free loopback port."""

    def __init__(self, workers: int, threads: int, worker_class: str):
        self.port = free_port()
        command = [
            *(sys.executable, "-m", "gunicorn", "-c", "python:graph.web.gunicorn_conf"),
            *("--bind", f"127.0.0.1:{self.port}", "--workers", str(workers), "--threads", str(threads)),
            *("--worker-class", worker_class),
            "graph.web.wsgi:application",
        ]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        answered_health = 0
        while answered_health < 2 * workers:  # give every worker the time to boot
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=5).close()
                answered_health += 1
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start: {self.process.stderr.read().decode()}") from None
                time.sleep(0.3)
        time.sleep(1)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(60)


# Users ---------------------------------------------------------------------------------------
@dataclass
class Budget:
    """The run's fixed number of requests, shared by the users."""

    left: int
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self) -> bool:
        with self.lock:
            self.left -= 1
            return self.left >= 0


class Stop(Exception):
    """The run's requests are spent."""


@dataclass
class Record:
    what: str
    seconds: float
    ok: bool
    status: int


class User:
    """One browser tab: a connection, and the records of its requests."""

    def __init__(self, port: int, found: dict[str, dict], budget: Budget | None, records: list[Record]):
        self.connection = Connection(port, timeout=120)
        self.found, self.budget, self.records = found, budget, records

    def get(self, path: str) -> bytes:
        return self._send("GET", path, None, path)

    def fire(self, output: str, values: dict, changed: list[str]) -> dict:
        body = callback_body(self.found[output], values, changed)
        data = self._send("POST", "/_dash-update-component", body, output)
        return answered(data) if data else {}

    def _send(self, method: str, path: str, body: bytes | None, what: str) -> bytes:
        if self.budget is not None and not self.budget.take():
            raise Stop
        try:
            status, data, seconds = self.connection.request(method, path, body)
        except OSError:
            self.records.append(Record(what, 0.0, False, 0))
            return b""
        ok = status in (200, 204)
        self.records.append(Record(what, seconds, ok, status))
        return data if status == 200 else b""

    def session(self, rng_index: int) -> None:
        self.get("/")
        self.get("/_dash-layout")
        self.get("/_dash-dependencies")
        self.fire("category-filter.options", {"graph-token.data": None}, ["graph-token.data"])
        canvas = {"view.data": {}, "highlight.data": None, "selection.data": None, "graph-token.data": None}
        drawn = self.fire("cytoscape.elements", canvas, ["view.data"])
        nodes = [e["data"]["id"] for e in drawn.get("cytoscape.elements", []) if "source" not in e["data"]]
        selection, trail = None, []
        for step in range(3):
            node = nodes[(rng_index * 7 + step * 13) % len(nodes)] if nodes else CONCEPT + "rejection"
            chosen = self.fire(
                "selection.data",
                {"cytoscape.tapNodeData": {"id": node}, "selection.data": selection, "trail.data": trail},
                ["cytoscape.tapNodeData"],
            )
            selection, trail = chosen.get("selection.data", selection), chosen.get("trail.data", trail)
            self.fire("details.children", {"selection.data": selection, "trail.data": trail}, ["selection.data"])
            self.fire("cytoscape.elements", canvas | {"selection.data": selection}, ["selection.data"])
        self.fire(
            "path-source.options",
            {
                "path-run.n_clicks": 1,
                "path-source.value": CONCEPT + "rejection",
                "path-target.value": CONCEPT + "isolation",
                "path-k.value": 5,
                "path-length.value": 6,
                "path-undirected.value": [],
                "path-avoid.value": [],
                "url.search": "",
            },
            ["path-run.n_clicks"],
        )
        self.get("/download/graph.ttl")
        self.fire(
            "export-download.data",
            {
                "export-button.n_clicks": 1,
                "export-scope.value": "view",
                "export-format.value": "turtle",
                "view.data": {},
            },
            ["export-button.n_clicks"],
        )

    def run(self, index: int) -> None:
        sessions = 0
        try:
            while True:
                self.session(index + 50 * sessions)
                sessions += 1
        except Stop:
            pass
        finally:
            self.connection.close()


def runaway(port: int, found: dict, stop: threading.Event, records: list[Record], messages: list[str], first: int):
    """A user who sends runaway queries, one after the other, until ``stop``."""
    user = User(port, found, None, records)
    sent = first
    while not stop.is_set():
        query = RUNAWAY_QUERIES[sent % len(RUNAWAY_QUERIES)]
        sent += 1
        result = user.fire(
            "sparql-table.children", {"sparql-run.n_clicks": sent, "sparql-query.value": query}, ["sparql-run.n_clicks"]
        )
        status = json.dumps(result.get("sparql-status.children", ""))
        messages.append(status)
    user.connection.close()


# Runs ----------------------------------------------------------------------------------------
@dataclass
class Run:
    name: str
    records: list[Record]
    seconds: float
    runaway: list[Record]
    messages: list[str]
    load: float


def one_run(name: str, port: int, found: dict, users: int, requests: int, runaways: int) -> Run:
    load = os.getloadavg()[0]
    records: list[Record] = []
    stop = threading.Event()
    wild: list[Record] = []
    messages: list[str] = []
    extra = [
        threading.Thread(target=runaway, args=(port, found, stop, wild, messages, i), daemon=True)
        for i in range(runaways)
    ]
    for thread in extra:
        thread.start()
    if runaways:
        time.sleep(1)  # the runaway queries are running when the users arrive
    budget = Budget(requests)
    started = time.perf_counter()
    threads = [
        threading.Thread(target=User(port, found, budget, records).run, args=(i,), daemon=True) for i in range(users)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    stop.set()
    for thread in extra:
        thread.join(QUERY_TIMEOUT * 3)
    return Run(name, records, seconds, wild, messages, load)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))] if ordered else float("nan")


def report(runs: list[Run]) -> None:
    print()
    print("| scenario | requests | throughput req/s | p50 ms | p99 ms | errors | load avg |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    base_p99 = None
    for run in runs:
        times = [r.seconds * 1000 for r in run.records if r.ok]
        errors = sum(not r.ok for r in run.records)
        p99 = percentile(times, 99)
        base_p99 = base_p99 or p99
        print(
            f"| {run.name} | {len(run.records):,} | {len(run.records) / run.seconds:.0f} | "
            f"{statistics.median(times):.0f} | {p99:.0f} | {errors} | {run.load:.1f} |"
        )
    print()
    for run in runs[1:]:
        times = [r.seconds * 1000 for r in run.records if r.ok]
        print(f"{run.name}: the users' p99 is {percentile(times, 99) / base_p99:.2f}x run 1's")
        if run.runaway:
            statuses = sorted({r.status for r in run.runaway})
            longest = max(r.seconds for r in run.runaway)
            median = statistics.median(r.seconds for r in run.runaway)
            print(
                f"  runaway requests: {len(run.runaway)}, HTTP {statuses}, "
                f"median {median:.1f} s, longest {longest:.1f} s"
            )
            for message, count in Counter(map(_plain, run.messages)).most_common():
                print(f"  {count} x the page said: {message}")
    print()
    slowest = {}
    for record in runs[0].records:
        slowest.setdefault(record.what, []).append(record.seconds * 1000)
    print(
        "run 1 by request (p50 / p99 ms): "
        + "; ".join(f"{what} {statistics.median(v):.0f}/{percentile(v, 99):.0f}" for what, v in sorted(slowest.items()))
    )


def _plain(status_json: str) -> str:
    found = json.loads(status_json)
    text = found.get("props", {}).get("children") if isinstance(found, dict) else found
    return str(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per run (default 2,000)")
    parser.add_argument("--users", type=int, default=50, help="simulated users (default 50)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker (default 8)")
    parser.add_argument(
        "--worker-class",
        default="gthread",
        choices=["gthread", "sync"],
        help="gthread (the production setting) or sync (one request per worker at a time, for comparison)",
    )
    parser.add_argument("--baseline-only", action="store_true", help="run 1 only (to compare settings)")
    args = parser.parse_args()
    threads = args.threads if args.worker_class == "gthread" else 1  # gunicorn makes sync workers threaded otherwise
    server = Server(args.workers, threads, args.worker_class)
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/_dash-dependencies") as answer:
            found = callbacks(json.load(answer))
        print(
            f"gunicorn: {args.workers} workers x {threads} threads ({args.worker_class}) on 127.0.0.1:{server.port}; "
            f"{args.users} users, {args.requests:,} requests per run; {os.cpu_count()} cores",
            flush=True,
        )
        # A short warm-up, not reported: the first requests of each worker import and cache.
        one_run("warm-up", server.port, found, 10, 200, 0)
        runs = [one_run(f"{args.users} users", server.port, found, args.users, args.requests, 0)]
        if not args.baseline_only:
            for runaways, name in ((1, "1 runaway SPARQL user"), (2, "2 runaway callbacks at once")):
                runs.append(
                    one_run(f"{args.users} users + {name}", server.port, found, args.users, args.requests, runaways)
                )
            # Run 1 again: how much the shared machine alone moves the figures.
            runs.append(one_run(f"{args.users} users (run 1 again)", server.port, found, args.users, args.requests, 0))
        report(runs)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
