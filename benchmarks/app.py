"""Benchmark: the explorer's first view, its initial payload and its interactions, in a real browser.

What it measures
----------------
Three Dash apps are served by werkzeug in threads of this process (as the browser tests serve
them), each wrapped in a timing WSGI middleware that records every request (path, status,
server duration from the call until the body is sent, response bytes, and for a callback the
outputs it answers). Debian's headless Chromium, driven through Playwright, loads them:

* the bare reference page: a Dash app whose layout is only a ``dash_cytoscape.Cytoscape`` with
  2 nodes and 1 edge (``preset`` layout), with the bundle dash-cytoscape ships by default;
* the explorer: ``graph.web.create_app()`` on the article graph (63 concepts);
* the canvas alone: the same bare Dash page holding the explorer's own Cytoscape component (its
  63 concepts, 123 links, stylesheet and preset layout) and nothing else. It splits the
  explorer's extra time into what drawing the graph costs and what the rest of the page costs.

For each of ``--runs`` runs (interleaved, so that a change in machine load hits every page
alike; one extra warm-up run first, reported only as "cold" notes), in a fresh browser context:

* First view. Times are taken in the page, from navigation start (``performance.timeOrigin``):
  "canvas ready" when the Cytoscape canvas exists and the cy instance holds all its nodes
  (checked every animation frame); "drawn" when Cytoscape has drawn its first frame holding
  them (its ``render`` event, watched from the moment dash-cytoscape hands the instance to the
  page); "settled" when, in addition, the page's work is over: the later of drawn, the end of
  the last response and the moment Dash's renderer last went idle (no callback pending in its
  store, watched through an init script). The benchmark waits for Playwright's
  ``networkidle``, for Dash to be idle and for the server to be quiet for 0.4 s
  (``networkidle`` alone can come too early on a loaded machine). The ratio of the settled
  times, explorer / bare page, is the goal's measure (<= 1.2x). Main-thread work: Chromium's
  own count of the page's main-thread task time (``TaskDuration``) when the first frame is
  drawn, far steadier under load than the times.
* Initial payload: bytes of the JSON the page fetches to build its first view
  (``/_dash-layout``, ``/_dash-dependencies`` and every ``/_dash-update-component`` answered
  during the load; goal < 200 KB), and the total of every response (HTML, JS bundles, CSS).
* Interactions on the explorer, in the page just loaded: clicking two concepts on the canvas
  with the mouse (until the details heading shows the label), running the default query of the
  Paths tab (until its result list shows), downloading the whole graph as Turtle from the Export
  tab and the canvas as SVG (until the download arrives). Server time = the sum of the durations
  of the callback requests the interaction triggered (collected until the page and the server
  have settled, as above); wall time = from the Python call that clicks to the result in the
  page. Goal: each under 150 ms of server time (judged on the median; the max is shown).

Callbacks run in parallel werkzeug threads sharing one GIL, so the "sum" counts overlapping
waits twice, and on a loaded machine durations include waiting for a core. The notes give the
span of server activity (the union of the intervals) and the server CPU time (each request's
own ``time.thread_time()``), which is far steadier under load than the durations.

How to run
----------
    python benchmarks/app.py [--runs N]              # default 5 runs: about 1.5 minutes
    .venv/bin/python benchmarks/app.py --runs 3      # with the project's venv
    .venv/bin/python benchmarks/app.py --chromium /usr/bin/chromium --dump /tmp/app-bench.json

Progress goes to stderr; the table (markdown) and PASS/FAIL lines go to stdout at the end. The
exit status is 0 either way (this is a measurement, not a test). Absolute times depend heavily
on the machine and its load (2 cores, software rendering: the bare page takes 0.7-1.5 s); read
the ratios to the bare page measured in the same run. The load average is printed with the
table: above the core count, the durations (not the CPU times) swing by 2-4x from run to run.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from harness import bare_cytoscape_app  # noqa: E402 (this folder, on the path of a script run from it)
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from graph.load import load_concept_graph  # noqa: E402
from graph.web import create_app  # noqa: E402
from graph.web.layout import make_whole_graph_cytoscape  # noqa: E402
from tests.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.servers import AppServer  # noqa: E402

CONCEPT = "https://w3id.org/concept-graph/withdrawal/concept/"
CLICKS = ["isolation", "rejection", "social-pain", "negative-emotions", "anterior-cingulate-cortex", "shame"]
CALLBACK = "/_dash-update-component"
LOAD_JSON = ("/_dash-layout", "/_dash-dependencies", CALLBACK)
PAYLOAD_GOAL = 200 * 1024
FIRST_VIEW_GOAL = 1.2
SERVER_GOAL_MS = 150.0
QUIET_S = 0.4


def log(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


# Serving ----------------------------------------------------------------------------------
class _Body:
    """The response iterable, counting bytes; records the request when the server closes it."""

    def __init__(self, result, done):
        self._result, self._done, self.size = result, done, 0

    def __iter__(self):
        for chunk in self._result:
            self.size += len(chunk)
            yield chunk

    def close(self):
        try:
            if hasattr(self._result, "close"):
                self._result.close()
        finally:
            self._done(self.size)


class Timing:
    """WSGI middleware: one record per request, ``{path, status, start, end, ms, bytes, output,
    changed}`` (for a callback, the outputs it answers and the inputs that triggered it)."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app
        self.records: list[dict] = []
        self.lock = threading.Lock()
        self.in_flight = 0
        self.last_activity = time.perf_counter()

    def __call__(self, environ, start_response):
        start, cpu_start = time.perf_counter(), time.thread_time()
        path = environ.get("PATH_INFO", "")
        output = changed = None
        if path.endswith(CALLBACK):
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length) if length else b""
            environ["wsgi.input"] = io.BytesIO(body)
            try:
                request = json.loads(body)
                output, changed = request.get("output"), request.get("changedPropIds")
            except ValueError:
                output = "?"
        status = {}

        def recording_start(status_line, headers, exc_info=None):
            status["code"] = int(status_line.split()[0])
            return start_response(status_line, headers, exc_info)

        with self.lock:
            self.in_flight += 1

        def done(size):
            end = time.perf_counter()
            record = dict(
                path=path,
                status=status.get("code"),
                start=start,
                end=end,
                ms=(end - start) * 1000,
                cpu=(time.thread_time() - cpu_start) * 1000,  # this request's own CPU, in its thread
                bytes=size,
                output=output,
                changed=changed,
            )
            with self.lock:
                self.records.append(record)
                self.in_flight -= 1
                self.last_activity = end

        try:
            result = self.wsgi_app(environ, recording_start)
        except BaseException:
            done(0)
            raise
        return _Body(result, done)

    def count(self, suffix: str) -> int:
        with self.lock:
            return sum(1 for r in self.records if r["path"].endswith(suffix))

    def mark(self) -> int:
        with self.lock:
            return len(self.records)

    def since(self, mark: int) -> list[dict]:
        with self.lock:
            return list(self.records[mark:])

    def wait_quiet(self, page, quiet: float = QUIET_S, timeout: float = 20.0) -> None:
        """Until no request is in flight and none has ended for ``quiet`` seconds."""
        deadline = time.perf_counter() + timeout
        while True:
            with self.lock:
                busy, last = self.in_flight, self.last_activity
            now = time.perf_counter()
            if busy == 0 and now - last >= quiet:
                return
            if now > deadline:
                log(f"  warning: server not quiet after {timeout} s ({busy} in flight)")
                return
            page.wait_for_timeout(25)


def canvas_only_app(concept_graph):
    """The bare reference page holding the explorer's Cytoscape component instead of 2 nodes:
    the same elements, stylesheet and layout options, at the reference's size."""
    app = bare_cytoscape_app("canvas_only")
    canvas = make_whole_graph_cytoscape(concept_graph)
    canvas.style, canvas.className = app.layout.style, None
    app.layout = canvas
    return app


class Server(AppServer):
    """The app served as the browser tests serve it, with every request timed."""

    def __init__(self, app, name: str):
        self.name = name
        self.timing = Timing(app.server.wsgi_app)
        app.server.wsgi_app = self.timing
        super().__init__(app)


# Measuring in the page ------------------------------------------------------------------
READY = """n => {
    const host = document.getElementById('cytoscape');
    const cy = host && host._cyreg && host._cyreg.cy;
    if (!cy || !host.querySelector('canvas') || cy.nodes().length !== n) return false;
    return performance.now();
}"""
# Dash's renderer keeps its Redux store on ``window.store``. This init script (run in every
# page before its own scripts) catches the store when the renderer sets it and notes, on every
# state change, the page time at which Dash last went from busy to idle: the app hydrated and
# no callback requested, blocked, watched, executing or waiting to be stored. It catches the
# Cytoscape instance the same way, to note when the canvas first draws.
IDLE_WATCH = """(() => {
    const busy = s => !s || s.appLifecycle !== 'HYDRATED' || !s.callbacks
        || ['requested', 'prioritized', 'blocked', 'executing', 'watched', 'executed', 'stored']
            .some(k => Array.isArray(s.callbacks[k]) && s.callbacks[k].length > 0);
    let wasBusy = true;
    window.__benchBusy = busy;
    window.__benchIdleAt = null;
    window.__benchDrawn = null;
    // Calls ``seen`` with every value the page's scripts give ``window[name]``.
    const watch = (name, seen) => {
        let current = undefined;
        Object.defineProperty(window, name, {
            configurable: true,
            enumerable: true,
            get() { return current; },
            set(value) {
                current = value;
                if (value) seen(value);
            },
        });
    };
    watch('store', store => {
        if (!store.subscribe) return;
        store.subscribe(() => {
            const now = busy(store.getState());
            if (wasBusy && !now) window.__benchIdleAt = performance.now();
            wasBusy = now;
        });
    });
    // dash-cytoscape hands its instance to ``window.cy`` after adding the elements and before
    // the first frame: note when Cytoscape first draws (its ``render`` event).
    watch('cy', cy => {
        if (!cy.one || window.__benchDrawn) return;
        cy.one('render', () => {
            window.__benchDrawn = {at: performance.now(), nodes: cy.nodes().length};
        });
    });
})();"""
# When Dash is idle: the page time it became so; otherwise false.
DASH_IDLE = """() => {
    const s = window.store && window.store.getState && window.store.getState();
    return s && !window.__benchBusy(s) ? (window.__benchIdleAt || performance.now()) : false;
}"""
# When Cytoscape has drawn its first frame holding ``n`` nodes: the page time it did so.
DRAWN = """n => window.__benchDrawn && window.__benchDrawn.nodes === n ? window.__benchDrawn.at : false"""
LAST_RESPONSE = """() => Math.max(0, ...performance.getEntriesByType('resource').map(e => e.responseEnd),
    ...performance.getEntriesByType('navigation').map(e => e.responseEnd))"""


def new_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    context.add_init_script(IDLE_WATCH)
    page = context.new_page()
    page.cdp = context.new_cdp_session(page)  # Chromium's performance metrics of this page
    page.cdp.send("Performance.enable")
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    return context, page, errors


def settle(page, server: Server, timeout: float = 30.0) -> float:
    """Until Dash has no callback pending in the page and the server has been quiet for
    ``QUIET_S`` with no callback request since; the page's ``performance.now()`` when Dash
    last went idle. (Playwright's ``networkidle`` alone is not enough: on a loaded machine the
    page can spend more than its 500 ms quiet window between the layout and the first callbacks.)"""
    deadline = time.perf_counter() + timeout
    while True:
        idle_at = page.wait_for_function(DASH_IDLE, polling="raf", timeout=timeout * 1000).json_value()
        count = server.timing.count(CALLBACK)
        server.timing.wait_quiet(page)
        if server.timing.count(CALLBACK) == count and page.evaluate(DASH_IDLE):
            return idle_at
        if time.perf_counter() > deadline:
            log("  warning: the page did not settle")
            return idle_at


def first_view(page, server: Server, nodes: int) -> dict:
    mark = server.timing.mark()
    page.goto(server.url)
    ready = page.wait_for_function(READY, arg=nodes, polling="raf", timeout=60_000).json_value()
    drawn = page.wait_for_function(DRAWN, arg=nodes, polling="raf", timeout=60_000).json_value()
    metrics = {m["name"]: m["value"] for m in page.cdp.send("Performance.getMetrics")["metrics"]}
    page.wait_for_load_state("networkidle")
    idle_at = settle(page, server)
    settled = max(ready, drawn, idle_at, page.evaluate(LAST_RESPONSE))
    records = server.timing.since(mark)
    load_json = [r for r in records if r["path"].endswith(LOAD_JSON)]
    callbacks = [r for r in records if r["path"].endswith(CALLBACK)]
    return dict(
        ready=ready,
        drawn=drawn,
        main_ms=metrics["TaskDuration"] * 1000,  # seconds of main-thread tasks so far
        settled=settled,
        json_bytes=sum(r["bytes"] for r in load_json),
        total_bytes=sum(r["bytes"] for r in records),
        records=records,
        callbacks=callbacks,
        callback_ms=sum(r["ms"] for r in callbacks),
        callback_cpu=sum(r["cpu"] for r in callbacks),
    )


def union_ms(records: list[dict]) -> float:
    spans = sorted((r["start"], r["end"]) for r in records)
    total, current = 0.0, None
    for start, end in spans:
        if current and start <= current[1]:
            current[1] = max(current[1], end)
        else:
            if current:
                total += current[1] - current[0]
            current = [start, end]
    if current:
        total += current[1] - current[0]
    return total * 1000


def interaction(page, server: Server, act, shown) -> dict:
    """Run ``act()``, wait for ``shown()``, then for the page and server to settle; the callbacks
    it triggered. ``None`` (and a note on stderr) when the result did not show in time."""
    settle(page, server)
    mark = server.timing.mark()
    t0 = time.perf_counter()
    try:
        act()
        shown()
    except PlaywrightTimeout as err:
        log(f"  warning: no result in time ({str(err).splitlines()[0]})")
        return None
    wall = (time.perf_counter() - t0) * 1000
    settle(page, server)
    callbacks = [r for r in server.timing.since(mark) if r["path"].endswith(CALLBACK)]
    return dict(
        wall=wall,
        server=sum(r["ms"] for r in callbacks),
        cpu=sum(r["cpu"] for r in callbacks),
        span=union_ms(callbacks),
        last=(max((r["end"] for r in callbacks), default=t0) - t0) * 1000,
        callbacks=callbacks,
        bytes=sum(r["bytes"] for r in callbacks),
    )


def click_concept(page, server: Server, slug: str) -> dict:
    iri = CONCEPT + slug
    page.wait_for_function(
        "id => document.getElementById('cytoscape')._cyreg.cy.getElementById(id).length > 0", arg=iri
    )
    label, x, y = page.evaluate(
        """id => {
            const cy = document.getElementById('cytoscape')._cyreg.cy;
            const e = cy.getElementById(id);
            cy.resize();
            cy.center(e);
            const p = e.renderedPosition();
            return [e.data('label'), p.x, p.y];
        }""",
        iri,
    )
    box = page.locator("#cytoscape").bounding_box()
    return interaction(
        page,
        server,
        lambda: page.mouse.click(box["x"] + x, box["y"] + y),
        lambda: page.wait_for_function(
            "label => { const h = document.querySelector('#details h2'); return h && h.textContent === label; }",
            arg=label,
            polling="raf",
        ),
    )


def open_tab(page, server: Server, label: str) -> None:
    page.locator("#tabs .tab", has_text=label).click()
    server.timing.wait_quiet(page)


def run_paths(page, server: Server) -> dict:
    open_tab(page, server, "Paths")
    return interaction(
        page,
        server,
        lambda: page.locator("#path-run").click(),
        lambda: page.wait_for_function(
            "() => document.querySelector('#path-result .path-summary')"
            " && document.querySelectorAll('#path-result .path-card').length > 0",
            polling="raf",
        ),
    )


def export_turtle(page, server: Server) -> dict:
    open_tab(page, server, "Export")
    page.get_by_label("Turtle").check()
    holder = {}

    def act():
        with page.expect_download() as download:
            page.locator("#export-button").click()
        holder["name"] = download.value.suggested_filename  # the download has arrived

    result = interaction(page, server, act, lambda: None)
    if result:
        result["filename"] = holder.get("name")
    return result


def export_svg(page, server: Server) -> dict:
    holder = {}

    def act():
        with page.expect_download() as download:
            page.locator("#image-svg").click()
        holder["name"] = download.value.suggested_filename

    result = interaction(page, server, act, lambda: None)
    if result:
        result["filename"] = holder.get("name")
    return result


# Reporting ---------------------------------------------------------------------------------
def med(values) -> float:
    return statistics.median(values) if values else float("nan")


def kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB"


def secs(ms: float) -> str:
    return f"{ms / 1000:.2f} s"


def short_output(output: str | None) -> str:
    """``..selection.data...trail.data..`` -> ``selection.data+2``: the first output and how many more."""
    if not output:
        return "?"
    parts = [p for p in output.strip(".").split("...") if p]
    first = parts[0]
    if first.startswith("{"):  # a pattern-matching id
        with contextlib.suppress(ValueError, KeyError, IndexError):
            first = json.loads(first.rsplit(".", 1)[0])["type"] + "." + first.rsplit(".", 1)[1]
    first = first.split("@")[0]
    return first + (f"+{len(parts) - 1}" if len(parts) > 1 else "")


def dominant_callbacks(samples: list[dict], top: int = 3, by: str = "cpu") -> str:
    """The callbacks with the largest median server CPU time (``by="cpu"``, steadier under load
    than their duration) or response (``"bytes"``) across samples:
    ``name median duration/CPU ms (median bytes)``."""
    by_name: dict[str, list[tuple[float, float, int]]] = {}
    for sample in samples:
        seen: dict[str, tuple[float, float, int]] = {}
        for r in sample["callbacks"]:
            name = short_output(r["output"])
            ms, cpu, size = seen.get(name, (0.0, 0.0, 0))
            seen[name] = (ms + r["ms"], cpu + r["cpu"], size + r["bytes"])
        for name, value in seen.items():
            by_name.setdefault(name, []).append(value)
    index = {"ms": 0, "cpu": 1, "bytes": 2}[by]
    ranked = sorted(by_name.items(), key=lambda kv: -med([v[index] for v in kv[1]]))
    return ", ".join(
        f"`{name}` {med([v[0] for v in values]):.0f}/{med([v[1] for v in values]):.0f} ms"
        f" ({kb(med([v[2] for v in values]))})"
        for name, values in ranked[:top]
    )


def payload_breakdown(records: list[dict]) -> dict[str, int]:
    groups: dict[str, int] = {}
    for r in records:
        path = r["path"]
        if path.endswith(LOAD_JSON):
            key = path.rsplit("/", 1)[-1]
        elif "/_dash-component-suites/" in path:
            key = _strip_fingerprint(path.rsplit("/", 1)[-1])
        elif path.startswith("/assets/"):
            key = "assets"
        else:
            key = path
        groups[key] = groups.get(key, 0) + r["bytes"]
    return groups


def _strip_fingerprint(name: str) -> str:
    # dash_cytoscape_extra.v1_0_2m1732679040.min.js -> dash_cytoscape_extra.min.js
    parts = name.split(".")
    return ".".join(p for p in parts if not (p.startswith("v") and "m" in p and p[1:2].isdigit()))


def layout_breakdown(app, top: int = 4) -> str:
    """What fills ``/_dash-layout``: its largest component properties and its largest tabs."""
    layout = app.server.test_client().get("/_dash-layout").get_json()
    props, tabs = [], []

    def walk(node):
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict) and "props" in node:
            if node.get("type") == "Tab":
                tabs.append((len(json.dumps(node)), node["props"].get("label")))
            label = node["props"].get("id") or node.get("type")
            for key, value in node["props"].items():
                if key == "children":
                    walk(value)
                else:
                    props.append((len(json.dumps(value)), f"{label}.{key}"))

    walk(layout)
    largest = ", ".join(f"`{name}` {kb(size)}" for size, name in sorted(props, reverse=True)[:top])
    panels = ", ".join(f"{name} {kb(size)}" for size, name in sorted(tabs, reverse=True)[:top])
    return f"layout's largest props: {largest}; largest tabs (whole subtree): {panels}"


def table(rows: list[tuple]) -> str:
    head = ("measure", "bare page", "explorer", "ratio or goal", "notes")
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


# Main --------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="measured runs of each page (default 5)")
    parser.add_argument("--dump", metavar="FILE", help="also write every measurement and request record as JSON")
    parser.add_argument("--chromium", default=CHROMIUM or "/usr/bin/chromium")
    args = parser.parse_args()

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log on stderr
    started = time.perf_counter()
    load_before = os.getloadavg()
    log(f"load average {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f} on {os.cpu_count()} cores")
    t = time.perf_counter()
    article = load_concept_graph()
    explorer_app = create_app(article)
    create_ms = (time.perf_counter() - t) * 1000
    servers = {
        "bare": Server(bare_cytoscape_app(), "bare"),
        "explorer": Server(explorer_app, "explorer"),
        "canvas": Server(canvas_only_app(article), "canvas"),
    }
    nodes = {"bare": 2, "explorer": len(article.network), "canvas": len(article.network)}

    views: dict[str, list[dict]] = {name: [] for name in servers}
    samples: dict[str, list[dict | None]] = {"click": [], "paths": [], "export": [], "svg": []}
    cold: dict[str, dict] = {}
    errors: dict[str, list[str]] = {name: [] for name in servers}

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        for run in range(args.runs + 1):
            warm_up = run == 0
            log(f"run {run}/{args.runs}" + (" (warm-up, not counted)" if warm_up else ""))
            for name, server in servers.items():
                context, page, page_errors = new_page(browser)
                try:
                    view = first_view(page, server, nodes[name])
                    log(
                        f"  {name:10s} canvas ready {view['ready']:7.0f} ms  drawn {view['drawn']:7.0f} ms"
                        f"  settled {view['settled']:7.0f} ms  main thread {view['main_ms']:5.0f} ms"
                        f"  json {kb(view['json_bytes'])}  total {kb(view['total_bytes'])}"
                    )
                    if warm_up:
                        cold[f"view-{name}"] = view
                    else:
                        views[name].append(view)
                    if name == "explorer":
                        slugs = (CLICKS[(2 * run) % len(CLICKS)], CLICKS[(2 * run + 1) % len(CLICKS)])
                        done = {
                            "click": [click_concept(page, server, slug) for slug in slugs],
                            "paths": [run_paths(page, server)],
                            "export": [export_turtle(page, server)],
                            "svg": [export_svg(page, server)],
                        }
                        log(
                            "  "
                            + "  ".join(
                                kind
                                + " "
                                + ", ".join(f"{r['server']:.0f}/{r['wall']:.0f}" if r else "failed" for r in rs)
                                for kind, rs in done.items()
                            )
                            + " ms (server/wall)"
                        )
                        for kind, results in done.items():
                            if warm_up:
                                cold[kind] = results[0]
                            else:
                                samples[kind].extend(results)
                finally:
                    context.close()
                    errors[name].extend(page_errors)
        browser.close()
    for server in servers.values():
        server.stop()
    load_after = os.getloadavg()
    failed = {kind: sum(1 for r in results if r is None) for kind, results in samples.items()}
    clicks, paths, exports, svgs = ([r for r in samples[kind] if r] for kind in ("click", "paths", "export", "svg"))
    layout_notes = layout_breakdown(explorer_app)
    if args.dump:
        Path(args.dump).write_text(json.dumps({"views": views, "samples": samples, "cold": cold}, indent=1))
    elapsed = time.perf_counter() - started

    # The table ------------------------------------------------------------------------------
    bare, expl, canvas = views["bare"], views["explorer"], views["canvas"]

    def m(views_, key):
        return med([v[key] for v in views_])

    def x(views_, key):
        return m(views_, key) / m(bare, key)

    ready_ratio, drawn_ratio, settled_ratio = (x(expl, key) for key in ("ready", "drawn", "settled"))
    canvas_share = (
        f"the canvas alone (the explorer's Cytoscape component in the bare page, {nodes['canvas']} nodes):"
        f" {secs(m(canvas, 'drawn'))} drawn, {x(canvas, 'drawn'):.2f}x; main thread {m(canvas, 'main_ms'):.0f} ms,"
        f" {x(canvas, 'main_ms'):.2f}x"
    )
    json_bare, json_expl = m(bare, "json_bytes"), m(expl, "json_bytes")
    groups = payload_breakdown(expl[-1]["records"])
    bare_groups = payload_breakdown(bare[-1]["records"])
    json_parts = ", ".join(
        f"{key} {kb(size)}"
        for key, size in sorted(groups.items(), key=lambda kv: -kv[1])
        if key in ("_dash-layout", "_dash-dependencies", "_dash-update-component")
    )
    big = sorted(groups.items(), key=lambda kv: -kv[1])[:4]
    load_callbacks = [len(v["callbacks"]) for v in expl]
    export_bytes = med([e["bytes"] for e in exports]) if exports else 0

    def inter_rows(label: str, kind: str, samples: list[dict], notes: str) -> list[tuple]:
        if not samples:
            return [(f"{label}", "-", f"no result ({failed[kind]} failed)", f"goal < {SERVER_GOAL_MS:.0f} ms", "")]
        server_ms = [s["server"] for s in samples]
        cold_sample = cold.get(kind)
        if failed[kind]:
            notes += f"; {failed[kind]} sample(s) showed no result within 30 s, left out"
        return [
            (
                f"{label}: server time, median / max (n={len(samples)})",
                "-",
                f"{med(server_ms):.0f} / {max(server_ms):.0f} ms",
                f"goal < {SERVER_GOAL_MS:.0f} ms",
                f"server CPU {med([s['cpu'] for s in samples]):.0f} / {max(s['cpu'] for s in samples):.0f} ms;"
                f" {med([len(s['callbacks']) for s in samples]):.0f} callbacks,"
                f" span {med([s['span'] for s in samples]):.0f} ms;"
                f" costliest (duration/CPU): {dominant_callbacks(samples)}"
                + (f"; cold (first on a fresh server) {cold_sample['server']:.0f} ms" if cold_sample else ""),
            ),
            (
                f"{label}: wall time until shown, median / max",
                "-",
                f"{med([s['wall'] for s in samples]):.0f} / {max(s['wall'] for s in samples):.0f} ms",
                "-",
                notes + f"; last callback answered at {med([s['last'] for s in samples]):.0f} ms (median)",
            ),
        ]

    rows = [
        (
            f"first view: canvas ready, median of {len(expl)}",
            secs(m(bare, "ready")),
            secs(m(expl, "ready")),
            f"{ready_ratio:.2f}x",
            f"Cytoscape holds every node (2 / {nodes['explorer']}); canvas alone {x(canvas, 'ready'):.2f}x",
        ),
        (
            "first view: drawn (Cytoscape's first frame with every node)",
            secs(m(bare, "drawn")),
            secs(m(expl, "drawn")),
            f"{drawn_ratio:.2f}x",
            canvas_share,
        ),
        (
            "first view: settled (drawn, requests over, Dash idle)",
            secs(m(bare, "settled")),
            secs(m(expl, "settled")),
            f"{settled_ratio:.2f}x (goal <= {FIRST_VIEW_GOAL}x)",
            f"cold explorer (warm-up run, not counted) {secs(cold['view-explorer']['settled'])}",
        ),
        (
            "first view: main-thread work until drawn (Chromium's TaskDuration)",
            f"{m(bare, 'main_ms'):.0f} ms",
            f"{m(expl, 'main_ms'):.0f} ms",
            f"{x(expl, 'main_ms'):.2f}x",
            f"canvas alone {m(canvas, 'main_ms'):.0f} ms ({x(canvas, 'main_ms'):.2f}x): of the explorer's"
            f" {m(expl, 'main_ms') - m(bare, 'main_ms'):.0f} ms more than the bare page,"
            f" {m(canvas, 'main_ms') - m(bare, 'main_ms'):.0f} ms draw the graph",
        ),
        (
            "initial JSON payload (layout + dependencies + load callbacks)",
            kb(json_bare),
            kb(json_expl),
            f"goal < {kb(PAYLOAD_GOAL)}",
            json_parts + "; " + layout_notes + "; largest load callbacks: " + dominant_callbacks(expl, by="bytes"),
        ),
        (
            "callbacks during load: count, server time (sum)",
            f"{med([len(v['callbacks']) for v in bare]):.0f}, {m(bare, 'callback_ms'):.0f} ms",
            f"{med(load_callbacks):.0f}, {m(expl, 'callback_ms'):.0f} ms",
            "-",
            f"server CPU {m(expl, 'callback_cpu'):.0f} ms; costliest (duration/CPU): " + dominant_callbacks(expl),
        ),
        (
            "total bytes on load (HTML, JS, CSS, JSON)",
            kb(m(bare, "total_bytes")),
            kb(m(expl, "total_bytes")),
            f"{m(expl, 'total_bytes') / m(bare, 'total_bytes'):.2f}x",
            "explorer's largest: "
            + ", ".join(f"{k} {kb(v)}" for k, v in big)
            + f"; cytoscape bundle on both pages {kb(sum(v for k, v in bare_groups.items() if 'cytoscape' in k))}",
        ),
    ]
    rows += inter_rows("node click", "click", clicks, "until the details heading shows the label")
    rows += inter_rows("paths query (default)", "paths", paths, "until the path list shows")
    rows += inter_rows(
        "export Turtle (whole graph)",
        "export",
        exports,
        f"until the download arrives ({exports[0].get('filename') if exports else '-'});"
        f" callback response {kb(export_bytes)}",
    )
    rows += inter_rows(
        "export SVG (the canvas, drawn on the server)",
        "svg",
        svgs,
        "until the download arrives; the page reports positions, graph.drawing writes the SVG",
    )

    print()
    print(
        f"Load average {load_before[0]:.2f} / {load_before[1]:.2f} / {load_before[2]:.2f} (1/5/15 min) before,"
        f" {load_after[0]:.2f} / {load_after[1]:.2f} / {load_after[2]:.2f} after, on {os.cpu_count()} cores;"
        f" whole run {elapsed:.0f} s; loading the article and create_app() {create_ms:.0f} ms."
    )
    print()
    print(table(rows))
    print()
    verdict = lambda ok: "PASS" if ok else "FAIL"  # noqa: E731
    print(
        f"{verdict(settled_ratio <= FIRST_VIEW_GOAL)}: first view within {FIRST_VIEW_GOAL}x of the bare page"
        f" ({settled_ratio:.2f}x settled, {drawn_ratio:.2f}x drawn, {ready_ratio:.2f}x canvas ready;"
        f" {canvas_share})"
    )
    print(f"{verdict(json_expl < PAYLOAD_GOAL)}: initial payload under {kb(PAYLOAD_GOAL)} ({kb(json_expl)})")
    measured = {"click": clicks, "paths": paths, "export": exports, "svg": svgs}
    medians = {k: med([s["server"] for s in v]) for k, v in measured.items()}
    maxima = {k: max((s["server"] for s in v), default=float("nan")) for k, v in measured.items()}
    ok = all(v < SERVER_GOAL_MS for v in medians.values()) and not any(failed.values())
    print(
        f"{verdict(ok)}: every interaction under {SERVER_GOAL_MS:.0f} ms of server time, judged on medians"
        " (medians: "
        + ", ".join(f"{k} {v:.0f} ms" for k, v in medians.items())
        + "; maxima: "
        + ", ".join(f"{k} {v:.0f} ms" for k, v in maxima.items())
        + ")"
    )
    for name, messages in errors.items():
        if messages:
            print(f"note: {len(messages)} console error(s) on the {name} page, e.g. {messages[0][:200]}")


if __name__ == "__main__":
    main()
