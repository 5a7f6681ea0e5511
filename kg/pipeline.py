"""The build, end to end: ingest → nlp → extract → resolve → graph → export.

This module only wires stages together; each stage's logic lives in its own
module and is reached through its public function.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg.assemble import assemble, mention_list
from kg.extract import extract
from kg.graph import KnowledgeGraph
from kg.ingest import read_paths
from kg.ingest.dates import sole_year
from kg.model import Document, Extraction, Problem
from kg.nlp.mentions import flat
from kg.nlp.pipeline import analyze
from kg.reference import default_reference
from kg.resolve import Resolver

BATCH = 64


@dataclass
class BuildReport:
    """What a build did: counts, problems, where the files are."""

    graph: KnowledgeGraph
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def documents(self) -> int:
        return len(self.graph.documents)

    def print(self, console: Console | None = None) -> None:
        console = console or Console(stderr=False)
        st = self.graph.stats()
        console.print(f"[bold]{self.documents}[/] documents, [bold]{len(self.graph.entities)}[/] entities, "
                      f"[bold]{len(self.graph.relations)}[/] relations, "
                      f"[bold]{len(self.graph.statements)}[/] statements in {self.seconds:.1f}s")
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
        if self.problems:
            console.print(f"[yellow]{len(self.problems)} file(s) or rows skipped:[/]")
            for p in self.problems:
                console.print(f"  [yellow]skipped[/] {p}")
        for f in self.files:
            console.print(f"wrote {f}")


def build_graph(documents: Sequence[Document], progress: bool = False) -> KnowledgeGraph:
    """Documents → knowledge graph (no I/O)."""
    reference = default_reference()
    extractions: list[Extraction] = []
    with _progress(progress) as bar:
        task = bar.add_task("analysing", total=len(documents)) if bar else None
        for analyzed in analyze(documents, batch_size=BATCH):
            extractions.append(extract(analyzed, reference))
            if bar is not None:
                bar.advance(task)
    mentions = [m for ex in extractions for m in mention_list(ex)]
    # a dated document's year, else the one year an undated post speaks of:
    # which edition of a yearly event (两会记者会) it means
    dates = {d.id: when for d in documents if (when := d.date or sole_year(d.text))}
    assigned, entities = Resolver(reference).resolve(mentions, doc_dates=dates)
    return assemble(extractions, assigned, entities, reference)


def build(paths: Iterable[str | Path], progress: bool = False) -> tuple[KnowledgeGraph, list[Problem]]:
    """Paths → (graph, problems). Bad files are reported, never fatal."""
    documents, problems = read_paths(paths)
    return build_graph(documents, progress=progress), problems


def build_to_dir(paths: Iterable[str | Path], out: str | Path,
                 formats: Sequence[str] = ("ttl", "nt", "jsonld", "trig", "html"),
                 progress: bool = False) -> BuildReport:
    """Build and write ``kg.json`` plus the requested export formats into ``out``."""
    t0 = time.perf_counter()
    graph, problems = build(paths, progress=progress)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    files = [graph.save(out)]
    from kg.export.events import write_events

    files += write_events(graph, out)  # events.csv on every build (docs/events.md)
    rdf_formats = [f for f in formats if f in ("ttl", "nt", "jsonld", "trig")]
    if rdf_formats:
        from kg.export.rdf import write_rdf

        files += write_rdf(graph, out, rdf_formats)
    if "html" in formats:
        from kg.view import write_html

        files.append(write_html(graph, out / "graph.html"))
    return BuildReport(graph, problems, files, time.perf_counter() - t0)


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
