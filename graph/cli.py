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
from .errors import ConceptGraphError
from .load import load_concept_graph
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

