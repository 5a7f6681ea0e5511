"""The ``kg`` command line: build, mentions, query, serve, validate, view.

Each command is a thin shell over a stage's public function; heavy imports
happen inside the command so ``kg --help`` stays fast.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import gc
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer


def _pipeline_formats() -> tuple[str, ...]:
    """``kg.pipeline.FORMATS`` read without importing the pipeline (spaCy, LAC), so --help stays fast."""
    import ast

    source = (Path(__file__).parent / "pipeline.py").read_text(encoding="utf-8")
    for node in ast.parse(source).body:
        if isinstance(node, ast.AnnAssign | ast.Assign):
            targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
            if node.value is not None and any(isinstance(t, ast.Name) and t.id == "FORMATS" for t in targets):
                return tuple(ast.literal_eval(node.value))
    return ()


_FORMATS = _pipeline_formats()

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Knowledge graphs from Chinese diplomatic text.")


@app.command(epilog="Exit status: 0 every file was read; 1 nothing was built (no readable document, "
                   "or the build failed or was interrupted; the previous OUT is untouched); 2 a usage error "
                   "(unknown option value); 3 the graph was written but some files or rows were rejected "
                   "(each listed with its reason, also in OUT/report.json); 130 interrupted (Ctrl-C, "
                   "SIGTERM, SIGHUP): the previous OUT is untouched.")
def build(
    paths: Annotated[list[Path], typer.Argument(help="files or folders (read recursively)")],
    out: Annotated[Path, typer.Option("--out", "-o", help="output folder (replaced as a whole when the "
                                                          "build succeeds)")] = Path("out"),
    formats: Annotated[str, typer.Option(help=f"comma-separated, any of: {','.join(_FORMATS)}")]
    = ",".join(_FORMATS),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="worker processes for analysis "
                                      "(0: all cores); the output is the same for any number")] = 0,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="analyse every document again (the per-document "
                                           "cache lives in $KG_CACHE_DIR or ~/.cache/kg)")] = False,
    engine: Annotated[str, typer.Option(help="local (process pool) or dask")] = "local",
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address, with --engine dask")] = None,
) -> None:
    """Build the graph from PATHS and write it to OUT.

    OUT is written atomically: a temporary folder beside it replaces it only when
    the build is complete, so a failed, interrupted or empty build leaves the
    previous OUT as it was. OUT/report.json lists the files read and rejected
    (with reasons), counts, timings and versions.
    """
    from kg.pipeline import EXIT_INTERRUPTED, EXIT_NOTHING_BUILT, BuildError, build_to_dir, parse_formats

    try:
        wanted = parse_formats(formats)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="--formats") from None
    if engine not in ("local", "dask"):
        raise typer.BadParameter(f"unknown engine {engine!r}; accepted: local, dask", param_hint="--engine")
    _no_collection_at_exit()
    with _signals_as_interrupt():
        try:
            report = build_to_dir(paths, out, formats=wanted, progress=not quiet, jobs=jobs or None,
                                  engine=engine, scheduler=scheduler, use_cache=not no_cache)
        except BuildError as err:
            typer.echo(f"Error: {err}", err=True)
            raise typer.Exit(EXIT_NOTHING_BUILT) from None
        except KeyboardInterrupt:
            typer.echo(f"interrupted: {out} was not changed", err=True)
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except Exception as err:  # noqa: BLE001 - one line for the user, never a traceback
            typer.echo(f"Error: the build failed ({type(err).__name__}: {err}); {out} was not changed",
                       err=True)
            raise typer.Exit(EXIT_NOTHING_BUILT) from None
    report.print()
    raise typer.Exit(report.exit_code)


@functools.cache  # registered once per process
def _no_collection_at_exit() -> None:
    """Freeze the heap when the interpreter exits, before it tears the modules down.

    Why: a build leaves a large heap behind (the reference data, the models, the
    dictionary word sets of 500 K words); each of the interpreter's garbage
    collections at exit walked all of it again for nothing, ~0.2 s of a one-file
    build. Frozen objects are skipped by those collections (the operating system
    takes the memory back). In a process that goes on after the command (tests
    calling the CLI in-process) nothing changes until that process exits.
    """
    atexit.register(gc.freeze)


@contextlib.contextmanager
def _signals_as_interrupt() -> Iterator[None]:
    """SIGTERM and SIGHUP end a build like Ctrl-C does, so its temporary folder is removed."""
    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    wanted = [sig for sig in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if sig]
    try:
        previous = {sig: signal.signal(sig, interrupt) for sig in wanted}
    except ValueError:  # not the main thread: leave signals alone
        previous = {}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@app.command()
def mentions() -> None:
    """Read one text per line on stdin; write one JSON object of mentions per line."""
    from kg.pipeline import mentions_jsonl

    mentions_jsonl(sys.stdin, sys.stdout)


@app.command()
def rules(
    ablate: Annotated[list[Path] | None, typer.Option(
        "--ablate", help="a corpus (file or folder; *.lines.txt: one document per line): what each rule contributes")] = None,
) -> None:
    """List the mention rules (name, priority, lexicon lists) and the resolver passes; with --ablate,
    mentions lost and gained without each rule ($KG_DISABLE_PASSES leaves resolver passes out of a build)."""
    from kg.nlp.mentions import rules as registered
    from kg.resolve import PASSES

    if not ablate:
        for r in registered(parts=True):
            if r.parent:
                typer.echo(f"  {r.name:30s} {r.doc}")
            else:
                typer.echo(f"{r.name:16s} priority {r.priority}  {r.doc}\n{'':16s} lexicon: {', '.join(r.lexicon) or '-'}")
        typer.echo("\nresolver passes (in order; $KG_DISABLE_PASSES=name,... leaves them out):")
        for name, doc in PASSES:
            typer.echo(f"  {name:20s} {doc}")
        return
    from kg.nlp.mentions.ablation import ablate as run_ablation
    from kg.nlp.mentions.ablation import format_effects, read_corpus

    total, effects = run_ablation(read_corpus(ablate))
    typer.echo(format_effects(total, effects))


@app.command()
def query(
    target: Annotated[Path, typer.Argument(help="a build folder or a graph file")],
    sparql: Annotated[str, typer.Argument(help="a SPARQL query, or a .rq file")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json")] = "table",
) -> None:
    """Run a SPARQL query over an export (embedded Oxigraph, cached beside it)."""
    from kg.query import RESULT_FORMATS, QueryError, format_result, run_query

    if fmt.lower() not in RESULT_FORMATS:
        raise typer.BadParameter(f"unknown format {fmt!r}; accepted: {', '.join(RESULT_FORMATS)}",
                                 param_hint="--format")
    text = _query_text(sparql)
    try:
        typer.echo(format_result(run_query(target, text), fmt))
    except QueryError as err:
        typer.echo(f"Error: {err}", err=True)
        raise typer.Exit(1) from None


def _query_text(sparql: str) -> str:
    """The query itself, or the content of the file SPARQL names.

    A word ending in .rq (or any one-word argument naming an existing file) is a
    file: a missing .rq file is "no such file", not a SPARQL syntax error.
    """
    looks_like_path = sparql.strip().lower().endswith((".rq", ".sparql")) and "{" not in sparql
    path = Path(sparql)
    if looks_like_path or (" " not in sparql and "{" not in sparql and path.is_file()):
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise typer.BadParameter(f"no such file: {sparql}", param_hint="SPARQL") from None
        except (OSError, UnicodeDecodeError) as err:
            raise typer.BadParameter(f"cannot read {sparql}: {err}", param_hint="SPARQL") from None
    return sparql


@app.command()
def serve(
    target: Annotated[Path, typer.Argument(help="a build folder")],
    host: Annotated[str, typer.Option(help="address to bind; other than localhost exposes the endpoint")]
    = "127.0.0.1",
    port: int = 7878,
    writable: Annotated[bool, typer.Option(help="accept SPARQL updates")] = False,
    timeout: Annotated[int, typer.Option(min=1, help="seconds a query may run before it is cut")] = 60,
) -> None:
    """Serve the export as a SPARQL 1.1 Protocol endpoint (read-only by default).

    Stops, with its server process, on Ctrl-C, SIGTERM or SIGHUP.
    """
    from kg.query import QueryError
    from kg.serve import serve as run_server

    try:
        run_server(target, host=host, port=port, writable=writable, timeout=timeout)
    except QueryError as err:  # ServeError too: one line, no traceback
        typer.echo(f"Error: {err}", err=True)
        raise typer.Exit(1) from None


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
