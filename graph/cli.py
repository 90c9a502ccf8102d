"""The command line: ``concept-graph COMMAND`` (or ``python -m graph COMMAND``).

Every command is a thin layer over a library function; errors of the project are printed
without a traceback and exit with status 1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import export as export_mod
from . import report
from .backends import Backend, open_backend
from .errors import ConceptGraphError
from .iris import compact
from .load import load_concept_graph
from .paths import MAX_K, MAX_LENGTH, path_sparql
from .sources import EndpointSource, open_store
from .sparql import result_to_csv, result_to_json
from .validate import ARTICLE_TEXT_FILE, validate_endpoint, validate_store
from .validate import validate as run_validation

__all__ = ["main"]


class _Group(click.Group):
    """Turns the project's errors into a one-line message and exit status 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ConceptGraphError as err:
            raise click.ClickException(str(err)) from err
        except BrokenPipeError:  # the reader went away (`| head`): nothing more to say
            sys.stderr.close()
            raise SystemExit(1) from None
        except OSError as err:  # reading or writing failed outside the library: stdout on a full disk, say
            where = f"{err.filename}: " if err.filename else ""
            raise click.ClickException(f"{where}{err.strerror or err}") from err


def source_options(command):
    """--data, --store and --endpoint: the three ways to open a graph."""
    options = [
        click.option(
            "--data",
            "data",
            multiple=True,
            type=click.Path(dir_okay=False, path_type=Path),
            help="RDF file to load instead of the article graph (repeat to merge several); with --store, "
            "loaded into the store when it is not there yet.",
        ),
        click.option(
            "--store",
            type=click.Path(file_okay=False, path_type=Path),
            help="An on-disk store (pyoxigraph) for large graphs: created and filled from --data once, "
            "reopened instantly afterwards.",
        ),
        click.option("--endpoint", metavar="URL", help="A SPARQL 1.1 endpoint to read (never written)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _progress(done: int, total: int) -> None:
    share = done / max(total, 1)
    click.echo(f"\rloading: {done / 2**20:,.0f} of {total / 2**20:,.0f} MB ({share:.0%})", err=True, nl=done >= total)


def _open(data, store, endpoint) -> Backend:
    return open_backend(list(data), store=store, endpoint=endpoint, progress=_progress)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="concept-graph")
def main():
    """Explore a concept graph: a text's claims as RDF, every link backed by its sentence."""


@main.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--source-text",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Source document whose text every section must occur in (default: the article, when "
    "validating the shipped data).",
)
@click.option(
    "--store",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Validate the graph in this on-disk store (read-only) where it lies, instead of FILES.",
)
@click.option("--endpoint", help="Validate the graph behind this SPARQL endpoint (copied once, read-only).")
def validate(files, source_text, store, endpoint):
    """Check FILES (default: the shipped article graph) against the SHACL shapes, and check that
    every evidence quote occurs verbatim in its source section."""
    if (store is not None or endpoint is not None) and (files or source_text or (store and endpoint)):
        raise click.UsageError("give FILES, --store or --endpoint: one graph to validate")
    if endpoint is not None:
        report = validate_endpoint(EndpointSource(endpoint))
    elif store is not None:
        report = validate_store(open_store(store, read_only=True))
    else:
        if source_text is None and not files:
            source_text = ARTICLE_TEXT_FILE
        report = run_validation(load_concept_graph(list(files) or None), source_text)
    click.echo(report.to_text())
    sys.exit(0 if report.conforms else 1)


@main.command()
@source_options
@click.option(
    "--format",
    "format_",
    type=click.Choice(list(export_mod.EXPORT_FORMATS)),
    default="turtle",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
def export(data, store, endpoint, format_, out):
    """Write the whole graph as Turtle, N-Triples, JSON-LD or RDF/XML (a store streams through
    pyoxigraph's serialisers; an endpoint exports N-Triples)."""
    backend = _open(data, store, endpoint)
    if out is None:
        backend.export(click.get_binary_stream("stdout"), format_)
        return
    export_mod.write_with(lambda handle: backend.export(handle, format_), out)
    click.echo(f"Wrote {out}", err=True)


@main.command()
@source_options
@click.option("--format", "format_", type=click.Choice(["text", "json"]), default="text", show_default=True)
def stats(data, store, endpoint, format_):
    """Count concepts by category and links by relation."""
    counts = _open(data, store, endpoint).stats()
    if format_ == "json":
        click.echo(json.dumps(counts, indent=2))
        return
    for group, values in counts.items():
        click.echo(f"{group}:")
        for key, value in values.items():
            click.echo(f"  {key:<24} {value:>6}")


def _split(values: tuple[str, ...]) -> list[str]:
    """Comma-separated option values, which may also be repeated."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _emit(format_: str, data: dict, text: str) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False) if format_ == "json" else text)


format_option = click.option(
    "--format", "format_", type=click.Choice(["text", "json"]), default="text", show_default=True
)


def search_options(command):
    """Options shared by the commands that search paths."""
    for option in reversed(
        [
            click.option(
                "--k",
                "k",
                type=click.IntRange(1, MAX_K),
                default=5,
                show_default=True,
                help="How many paths.",
            ),
            click.option(
                "--max-length",
                type=click.IntRange(1, MAX_LENGTH),
                default=6,
                show_default=True,
                help="The most links in a path.",
            ),
            click.option("--undirected", is_flag=True, help="Follow links in either direction."),
            click.option("--via", multiple=True, help="Relations that may be followed (comma-separated)."),
            click.option("--avoid", multiple=True, help="Concepts no path may pass through (comma-separated)."),
        ]
    ):
        command = option(command)
    return command


def _searched(backend: Backend, ask, source, target, k, max_length, undirected, via, avoid):
    """``ask`` (a backend's paths or interventions) with the names of the command line resolved."""
    source_iri = str(backend.resolve(source).iri)
    target_iri = str(backend.resolve(target).iri)
    relations = backend.relations_named(_split(via)) if via else None
    avoided = [str(backend.resolve(name).iri) for name in _split(avoid)]
    try:
        return ask(
            source_iri, target_iri, k=k, cutoff=max_length, directed=not undirected, relations=relations, avoid=avoided
        )
    except ValueError as err:
        raise click.UsageError(str(err)) from err


@main.command()
@click.argument("source")
@click.argument("target")
@search_options
@click.option("--sparql", is_flag=True, help="Also print the equivalent SPARQL queries.")
@format_option
@source_options
def path(source, target, k, max_length, undirected, via, avoid, sparql, format_, data, store, endpoint):
    """Paths from SOURCE to TARGET (names, labels, slugs or IRIs), shortest first, each link
    with its evidence."""
    backend = _open(data, store, endpoint)
    G, search = _searched(backend, backend.paths, source, target, k, max_length, undirected, via, avoid)
    query = path_sparql(search, backend.prefixes) if sparql else None
    data_out = report.search_dict(G, search) | ({"sparql": query} if query else {})
    text = report.search_text(G, search) + (f"\n\nEquivalent SPARQL:\n\n{query}" if query else "")
    _emit(format_, data_out, text)


@main.command()
@click.option("--max-length", type=click.IntRange(1, MAX_LENGTH), default=6, show_default=True)
@format_option
@source_options
def loops(max_length, format_, data, store, endpoint):
    """Feedback loops: reinforcing (even number of negative links) or balancing (odd)."""
    G, found = _open(data, store, endpoint).loops(max_length)
    _emit(format_, report.loops_dict(G, found), report.loops_text(G, found))


@main.command()
@click.argument("source")
@click.argument("target")
@search_options
@format_option
@source_options
def interventions(source, target, k, max_length, undirected, via, avoid, format_, data, store, endpoint):
    """Strategies that interrupt the paths from SOURCE to TARGET, and a minimum cut."""
    backend = _open(data, store, endpoint)
    G, found = _searched(backend, backend.interventions, source, target, k, max_length, undirected, via, avoid)
    _emit(format_, report.interventions_dict(G, found), report.interventions_text(G, found))


@main.command()
@click.argument("concept")
@click.option("--depth", type=click.IntRange(1, 5), default=1, show_default=True)
@format_option
@click.option("--max-nodes", type=click.IntRange(1), default=500, show_default=True, help="Cap on concepts shown.")
@source_options
def neighbours(concept, depth, format_, max_nodes, data, store, endpoint):
    """The concepts within DEPTH links of CONCEPT, and the links among them."""
    backend = _open(data, store, endpoint)
    centre = str(backend.resolve(concept).iri)
    found = backend.neighbourhood(centre, depth, max_nodes=max_nodes)
    sub = found.graph
    data_out = report.neighbours_dict(sub, centre, sub, depth) | {"capped": found.capped}
    text = report.neighbours_text(sub, centre, sub, depth)
    if found.capped:
        text += f"\n(Capped at {max_nodes} concepts: the neighbourhood has more.)"
    _emit(format_, data_out, text)


@main.command()
@click.argument("sparql", required=False)
@click.option("--file", "query_file", type=click.File("r", encoding="utf-8"), help="Read the query from this file.")
@click.option("--format", "format_", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--timeout", type=click.FloatRange(0.1, 600), default=10.0, show_default=True, help="Seconds.")
@click.option("--max-rows", type=click.IntRange(1), default=10_000, show_default=True)
@source_options
def query(sparql, query_file, format_, timeout, max_rows, data, store, endpoint):
    """Run a read-only SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE) given as SPARQL or in a
    --file. Project prefixes (cg:, concept:, skos:, oa:, prov:, ...) need no declaration; updates,
    SERVICE and FROM are refused; the query stops at its timeout."""
    if (sparql is None) == (query_file is None):
        raise click.UsageError("give the query as an argument or with --file, not both")
    text = sparql if sparql is not None else query_file.read()
    backend = _open(data, store, endpoint)
    result = backend.query(text, timeout=timeout, max_rows=max_rows)
    if format_ == "json":
        click.echo(json.dumps(result_to_json(result), indent=2, ensure_ascii=False))
    elif format_ == "csv":
        click.echo(result_to_csv(result), nl=False)
    else:
        click.echo(_table(result, backend.prefixes))
    if result.truncated:
        click.echo(f"(truncated to the first {max_rows} rows)", err=True)


def _table(result, prefixes: dict[str, str]) -> str:
    """Rows as aligned columns, IRIs as prefixed names, long values cut to one line."""
    if result.form == "ASK":
        return "true" if result.boolean else "false"

    def cell(value: str | None) -> str:
        if value is None:
            return ""
        value = " ".join((compact(value, prefixes) or value).split())
        return value if len(value) <= 60 else value[:59] + "…"

    rows = [[cell(value) for value in row] for row in result.rows]
    widths = [max([len(column), *(len(row[i]) for row in rows)]) for i, column in enumerate(result.columns)]
    lines = ["  ".join(column.ljust(width) for column, width in zip(result.columns, widths, strict=True))]
    lines.append("  ".join("-" * width for width in widths))
    lines += ["  ".join(value.ljust(width) for value, width in zip(row, widths, strict=True)) for row in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


@main.command()
@source_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8050, show_default=True)
@click.option("--debug", is_flag=True, help="Dash's debug mode (reloader, error pages): never in production.")
def serve(data, store, endpoint, host, port, debug):
    """Serve the explorer in the browser (default: on the article graph)."""
    # The app is a layer above the library: imported here so the rest of the CLI never loads Dash.
    from .web import create_app

    backend = _open(data, store, endpoint)
    app = create_app(backend=backend)
    click.echo(f"Serving {backend.description} on http://{host}:{port}/", err=True)
    app.run(host=host, port=port, debug=debug)
