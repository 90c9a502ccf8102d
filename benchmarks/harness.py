"""What the benchmarks share: progress on stderr, a timed call, ratios, the markdown table of
timings (the project beside the raw library call), and the bare Dash reference page.

The benchmarks are scripts run as ``python benchmarks/NAME.py``, so this folder is on their
import path and ``import harness`` finds this module.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

__all__ = ["log", "once", "ratio", "Table", "bare_cytoscape_app"]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def once(fn: Callable[[], object]) -> tuple[float, object]:
    """Seconds one call of ``fn`` took, and its result."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def ratio(project: float | None, raw: float | None) -> str:
    if project is None or raw is None or raw <= 0:
        return "-"
    return f"{project / raw:.2f}x"


class Table:
    """Rows of timings, each logged as it comes, rendered as one markdown table at the end.

    ``raw`` names the library the project is compared with; ``ms`` formats seconds as the
    milliseconds shown (each benchmark chooses its precision); ``size`` formats a row's size.
    """

    RIGHT = {2, 3, 4}  # the number columns

    def __init__(self, raw: str, ms: Callable[[float | None], str], size: Callable[[object], str] = str) -> None:
        self.header = ("size", "operation", "project (ms)", f"raw {raw} (ms)", "ratio", "notes")
        self.ms, self.size = ms, size
        self.rows: list[tuple[str, ...]] = []

    def add(self, size, operation: str, project: float | None, raw: float | None = None, notes: str = ""):
        row = (self.size(size), operation, self.ms(project), self.ms(raw), ratio(project, raw), notes)
        self.rows.append(row)
        log("  " + " | ".join(row))

    def render(self) -> str:
        widths = [max(len(row[i]) for row in (self.header, *self.rows)) for i in range(len(self.header))]

        def line(row):
            cells = [
                cell.rjust(w) if i in self.RIGHT else cell.ljust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            ]
            return "| " + " | ".join(cells) + " |"

        rule = (
            "|"
            + "|".join(("-" * (w + 1) + ":") if i in self.RIGHT else "-" * (w + 2) for i, w in enumerate(widths))
            + "|"
        )
        return "\n".join([line(self.header), rule, *(line(row) for row in self.rows)])


def bare_cytoscape_app(name: str = "bare_reference"):
    """The reference the explorer issue defines: a bare Dash page holding one Cytoscape graph of
    2 nodes and 1 edge at preset positions (and no assets)."""
    import dash  # noqa: PLC0415 (only the browser benchmarks need Dash)
    import dash_cytoscape as cyto  # noqa: PLC0415

    app = dash.Dash(
        name, serve_locally=True, compress=False, update_title=None, title="Bare reference", assets_ignore=".*"
    )
    app.layout = cyto.Cytoscape(
        id="cytoscape",
        elements=[
            {"data": {"id": "a", "label": "A"}, "position": {"x": 0, "y": 0}},
            {"data": {"id": "b", "label": "B"}, "position": {"x": 200, "y": 100}},
            {"data": {"id": "ab", "source": "a", "target": "b"}},
        ],
        layout={"name": "preset"},
        style={"width": "100%", "height": "600px"},
    )
    return app
