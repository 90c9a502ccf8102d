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
from .errors import ConceptGraphError
from .interventions import interventions as find_interventions
from .iris import compact
from .load import load_concept_graph
from .loops import feedback_loops
from .names import resolve
from .paths import MAX_K, MAX_LENGTH, find_paths, path_sparql
from .project import neighbourhood, relations_named
from .sparql import result_to_csv, result_to_json, run_query
from .validate import ARTICLE_TEXT_FILE
from .validate import validate as run_validation

__all__ = ["main"]


class _Group(click.Group):
    """Turns the project's errors into a one-line message and exit status 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ConceptGraphError as err:
            raise click.ClickException(str(err)) from err


def data_option(command):
    return click.option(
        "--data",
        "data",
        multiple=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help="RDF file to load instead of the article graph (repeat to merge several).",
    )(command)


def _load(data):
    return load_concept_graph(list(data) or None)


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
def validate(files, source_text):
    """Check FILES (default: the shipped article graph) against the SHACL shapes, and check that
    every evidence quote occurs verbatim in its source section."""
    concept_graph = load_concept_graph(list(files) or None)
    if source_text is None and not files:
        source_text = ARTICLE_TEXT_FILE
    report = run_validation(concept_graph, source_text)
    click.echo(report.to_text())
    sys.exit(0 if report.conforms else 1)


@main.command()
@data_option
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
def export(data, format_, out):
    """Write the whole graph as Turtle, N-Triples, JSON-LD or RDF/XML."""
    concept_graph = _load(data)
    if out is None:
        click.echo(export_mod.serialize(concept_graph.graph, format_), nl=False)
    else:
        export_mod.write(concept_graph.graph, out, format_)
        click.echo(f"Wrote {len(concept_graph.graph)} triples to {out}", err=True)


@main.command()
@data_option
@click.option("--format", "format_", type=click.Choice(["text", "json"]), default="text", show_default=True)
def stats(data, format_):
    """Count concepts by category and links by relation."""
    counts = _load(data).stats()
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


def _search_arguments(concept_graph, source, target, via, avoid):
    G = concept_graph.network
    source_iri = str(resolve(concept_graph, source).iri)
    target_iri = str(resolve(concept_graph, target).iri)
    relations = relations_named(G, _split(via)) if via else None
    avoided = [str(resolve(concept_graph, name).iri) for name in _split(avoid)]
    return G, source_iri, target_iri, relations, avoided


@main.command()
@click.argument("source")
@click.argument("target")
@search_options
@click.option("--sparql", is_flag=True, help="Also print the equivalent SPARQL queries.")
@format_option
@data_option
def path(source, target, k, max_length, undirected, via, avoid, sparql, format_, data):
    """Paths from SOURCE to TARGET (names, labels, slugs or IRIs), shortest first, each link
    with its evidence."""
    concept_graph = _load(data)
    G, source_iri, target_iri, relations, avoided = _search_arguments(concept_graph, source, target, via, avoid)
    try:
        search = find_paths(
            G,
            source_iri,
            target_iri,
            k=k,
            cutoff=max_length,
            directed=not undirected,
            relations=relations,
            avoid=avoided,
        )
    except ValueError as err:
        raise click.UsageError(str(err)) from err
    query = path_sparql(search, concept_graph.prefixes) if sparql else None
    data_out = report.search_dict(G, search) | ({"sparql": query} if query else {})
    text = report.search_text(G, search) + (f"\n\nEquivalent SPARQL:\n\n{query}" if query else "")
    _emit(format_, data_out, text)


@main.command()
@click.option("--max-length", type=click.IntRange(1, MAX_LENGTH), default=6, show_default=True)
@format_option
@data_option
def loops(max_length, format_, data):
    """Feedback loops: reinforcing (even number of negative links) or balancing (odd)."""
    concept_graph = _load(data)
    G = concept_graph.network
    found = feedback_loops(G, cutoff=max_length)
    _emit(format_, report.loops_dict(G, found), report.loops_text(G, found))


@main.command()
@click.argument("source")
@click.argument("target")
@search_options
@format_option
@data_option
def interventions(source, target, k, max_length, undirected, via, avoid, format_, data):
    """Strategies that interrupt the paths from SOURCE to TARGET, and a minimum cut."""
    concept_graph = _load(data)
    G, source_iri, target_iri, relations, avoided = _search_arguments(concept_graph, source, target, via, avoid)
    try:
        found = find_interventions(
            G,
            source_iri,
            target_iri,
            k=k,
            cutoff=max_length,
            directed=not undirected,
            relations=relations,
            avoid=avoided,
        )
    except ValueError as err:
        raise click.UsageError(str(err)) from err
    _emit(format_, report.interventions_dict(G, found), report.interventions_text(G, found))


@main.command()
@click.argument("concept")
@click.option("--depth", type=click.IntRange(1, 5), default=1, show_default=True)
@format_option
@data_option
def neighbours(concept, depth, format_, data):
    """The concepts within DEPTH links of CONCEPT, and the links among them."""
    concept_graph = _load(data)
    G = concept_graph.network
    centre = str(resolve(concept_graph, concept).iri)
    sub = neighbourhood(G, centre, depth)
    _emit(format_, report.neighbours_dict(G, centre, sub, depth), report.neighbours_text(G, centre, sub, depth))


@main.command()
@click.argument("sparql", required=False)
@click.option("--file", "query_file", type=click.File("r", encoding="utf-8"), help="Read the query from this file.")
@click.option("--format", "format_", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--timeout", type=click.FloatRange(0.1, 600), default=10.0, show_default=True, help="Seconds.")
@click.option("--max-rows", type=click.IntRange(1), default=10_000, show_default=True)
@data_option
def query(sparql, query_file, format_, timeout, max_rows, data):
    """Run a read-only SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE) given as SPARQL or in a
    --file. Project prefixes (cg:, concept:, skos:, oa:, prov:, ...) need no declaration; updates,
    SERVICE and FROM are refused; the query stops at its timeout."""
    if (sparql is None) == (query_file is None):
        raise click.UsageError("give the query as an argument or with --file, not both")
    text = sparql if sparql is not None else query_file.read()
    concept_graph = _load(data)
    result = run_query(concept_graph.graph, text, timeout=timeout, max_rows=max_rows)
    if format_ == "json":
        click.echo(json.dumps(result_to_json(result), indent=2, ensure_ascii=False))
    elif format_ == "csv":
        click.echo(result_to_csv(result), nl=False)
    else:
        click.echo(_table(result, concept_graph.prefixes))
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
@data_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8050, show_default=True)
@click.option("--debug", is_flag=True, help="Dash's debug mode (reloader, error pages): never in production.")
def serve(data, host, port, debug):
    """Serve the explorer in the browser (default: on the article graph)."""
    # The app is a layer above the library: imported here so the rest of the CLI never loads Dash.
    from .web import create_app

    concept_graph = _load(data)
    name = ", ".join(path.name for path in data) if data else "Why people withdraw after rejection"
    app = create_app(concept_graph, name=name)
    click.echo(f"Serving {name} on http://{host}:{port}/", err=True)
    app.run(host=host, port=port, debug=debug)
