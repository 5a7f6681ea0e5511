"""The ``kg`` command line: build, mentions, query, serve, validate, view.

Each command is a thin shell over a stage's public function; heavy imports
happen inside the command so ``kg --help`` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Knowledge graphs from Chinese diplomatic text.")


@app.command()
def build(
    paths: Annotated[list[Path], typer.Argument(help="files or folders (read recursively)")],
    out: Annotated[Path, typer.Option("--out", "-o", help="output folder")] = Path("out"),
    formats: Annotated[str, typer.Option(help="comma-separated: ttl,nt,jsonld,trig,html")] = "ttl,nt,jsonld,trig,html",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
) -> None:
    """Build the graph from PATHS and write it to OUT."""
    from kg.pipeline import build_to_dir

    report = build_to_dir(paths, out, formats=tuple(f.strip() for f in formats.split(",") if f.strip()),
                          progress=not quiet)
    report.print()
    if not report.documents:
        raise typer.Exit(1)


@app.command()
def mentions() -> None:
    """Read one text per line on stdin; write one JSON object of mentions per line."""
    from kg.pipeline import mentions_jsonl

    mentions_jsonl(sys.stdin, sys.stdout)


@app.command()
def query(
    target: Annotated[Path, typer.Argument(help="a build folder or a graph file")],
    sparql: Annotated[str, typer.Argument(help="a SPARQL query, or a .rq file")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json")] = "table",
) -> None:
    """Run a SPARQL query over an export (embedded Oxigraph, cached beside it)."""
    from kg.query import QueryError, format_result, run_query

    text = Path(sparql).read_text(encoding="utf-8") if sparql.endswith(".rq") and Path(sparql).exists() else sparql
    try:
        typer.echo(format_result(run_query(target, text), fmt))
    except QueryError as err:
        typer.echo(f"Error: {err}", err=True)
        raise typer.Exit(1) from None


@app.command()
def serve(
    target: Annotated[Path, typer.Argument(help="a build folder")],
    host: str = "127.0.0.1",
    port: int = 7878,
    writable: Annotated[bool, typer.Option(help="accept SPARQL updates")] = False,
) -> None:
    """Serve the export as a SPARQL 1.1 Protocol endpoint (read-only by default)."""
    from kg.serve import serve as run_server

    run_server(target, host=host, port=port, writable=writable)


@app.command()
def validate(target: Annotated[Path, typer.Argument(help="a build folder or graph file")]) -> None:
    """Validate an export against ontology/shapes.ttl (SHACL)."""
    from kg.validate import validate as run_validate

    conforms, report = run_validate(target)
    typer.echo(report)
    if not conforms:
        raise typer.Exit(1)


@app.command()
def view(
    target: Annotated[Path, typer.Argument(help="a build folder")],
    focus: Annotated[str | None, typer.Option(help="entity name: show only its neighbourhood")] = None,
    depth: int = 2,
    out: Annotated[Path | None, typer.Option("--out", "-o")] = None,
) -> None:
    """Write the interactive HTML view (optionally the ego network of one entity)."""
    from kg.graph import KnowledgeGraph
    from kg.view import write_html

    try:
        kg = KnowledgeGraph.load(target)
    except FileNotFoundError as err:
        raise typer.BadParameter(str(err), param_hint="TARGET") from None
    dest = out or (target / (f"focus-{depth}.html" if focus else "graph.html"))
    try:
        path = write_html(kg, dest, focus=focus, depth=depth)
    except ValueError as err:  # an unknown --focus name, with "did you mean" hints
        raise typer.BadParameter(str(err), param_hint="--focus") from None
    typer.echo(f"wrote {path}")


if __name__ == "__main__":
    app()
