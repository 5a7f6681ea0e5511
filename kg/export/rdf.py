"""RDF export of a KnowledgeGraph: Turtle, N-Triples, JSON-LD and TriG.

The dataset's layout is described in kg/export/quads.py (and docs/sparql.md).
``graph.trig`` keeps that layout. ``graph.ttl``, ``graph.nt`` and ``graph.jsonld`` are
the union of all graphs *minus* the direct triples that only the reference data
supports: direct triples in graph.ttl state what the documents state, which is what
the evaluation scores (SCHEMA.md). Curated-only facts stay visible there through
their ``kg:Assertion`` nodes (``kg:curated true``).

Everything streams, so memory follows the graph model, not the text written
(70 MB of N-Triples for 2 MB of input): :class:`~kg.export.quads.Quads` makes the
lines one subject at a time in sorted order (so the files are byte-for-byte
deterministic without sorting them whole). That one pass writes graph.nt and
graph.jsonld and spools each graph's lines for TriG to a temporary file; Turtle is
pyoxigraph's streaming serialiser reading graph.nt back (Rust, from disk), TriG the
same serialiser fed the spool graph by graph through a file-like reader. pyoxigraph's
writers are used because Turtle's prefixed names have escaping rules best left to a
library; its JSON-LD writer is not (see kg/export/jsonld.py).
Why not an rdflib graph: rdflib needs minutes and gigabytes for a million triples.
``to_rdflib`` parses the same quads, so the rdflib view and the files cannot disagree.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import IO, TextIO

import pyoxigraph as ox
import rdflib
from rdflib.namespace import XSD

from kg.export.jsonld import JsonLdWriter, jsonld_context
from kg.export.quads import Quads
from kg.export.terms import (
    DEFAULT,
    REFERENCE_GRAPH,
    assertion_iri,
    date_literal,
    prefixes,
    reference_iri,
    statement_iri,
)
from kg.graph import KnowledgeGraph
from kg.namespaces import PREFIXES

__all__ = ["FILE_NAMES", "FORMATS", "REFERENCE_GRAPH", "assertion_iri", "date_literal", "jsonld_context",
           "nquads_reader", "prefixes", "reference_iri", "statement_iri", "to_rdflib", "write_rdf",
           "write_turtle"]

FORMATS: tuple[str, ...] = ("ttl", "nt", "jsonld", "trig")
FILE_NAMES = {"ttl": "graph.ttl", "nt": "graph.nt", "jsonld": "graph.jsonld", "trig": "graph.trig"}
_CHUNK = 1 << 16  # characters of N-Quads handed to pyoxigraph at a time


def write_rdf(kg: KnowledgeGraph, out_dir: Path, formats: Iterable[str] = FORMATS,
              on_text: Callable[[], object] | None = None) -> list[Path]:
    """Write graph.ttl / graph.nt / graph.jsonld / graph.trig into ``out_dir``.

    Same KnowledgeGraph in, same bytes out: subjects and lines are written in sorted
    order and no blank nodes or timestamps are written. ``on_text`` is called once
    graph.nt and graph.jsonld are complete (so another process may make graph.ttl from
    graph.nt with :func:`write_turtle` while this one writes TriG).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    wanted = [f.lower().lstrip(".") for f in formats]
    unknown = sorted(set(wanted) - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown RDF format(s) {unknown}; choose from {list(FORMATS)}")
    q = Quads(kg)
    paths = {fmt: out_dir / FILE_NAMES[fmt] for fmt in FORMATS if fmt in wanted}
    # Turtle is made from N-Triples on disk: graph.nt, or a temporary copy when it is not wanted
    nt = paths.get("nt") or (out_dir / ".graph.nt.tmp" if "ttl" in paths else None)
    with ExitStack() as stack:
        spool = None
        if "trig" in paths:
            spool = _GraphSpool(stack.enter_context(tempfile.TemporaryFile(dir=out_dir, prefix=".graph.trig.")))
        try:
            _one_pass(q, nt, paths.get("jsonld"), spool)
            if on_text is not None:
                on_text()
            if "ttl" in paths and nt is not None:
                write_turtle(nt, paths["ttl"])
        finally:
            if nt is not None and "nt" not in paths:
                nt.unlink(missing_ok=True)
        if spool is not None:
            _serialize(ox.parse(spool.reader(), format=ox.RdfFormat.TRIG), ox.RdfFormat.TRIG, paths["trig"])
    return list(paths.values())


def write_turtle(nt: Path, ttl: Path) -> Path:
    """graph.ttl from graph.nt, by pyoxigraph's streaming Turtle serialiser (Rust, from disk)."""
    _serialize(ox.parse(path=str(nt), format=ox.RdfFormat.N_TRIPLES), ox.RdfFormat.TURTLE, ttl)
    return ttl


def _one_pass(q: Quads, nt_path: Path | None, jsonld_path: Path | None, spool: _GraphSpool | None) -> None:
    """graph.nt, graph.jsonld and the lines of TriG (spooled) in one pass over the subjects."""
    with ExitStack() as stack:
        nt = stack.enter_context(_open(nt_path)) if nt_path is not None else None
        jsonld = JsonLdWriter(stack.enter_context(_open(jsonld_path))) if jsonld_path is not None else None
        for s, lines, per_graph in q.subjects():
            if lines:
                if nt is not None:
                    nt.writelines(lines)
                if jsonld is not None:
                    jsonld.node(s, lines)
            if spool is not None:
                for g, graph_lines in per_graph:
                    spool.add(g, graph_lines)
        if jsonld is not None:
            jsonld.close()


def _open(path: Path) -> TextIO:
    return path.open("w", encoding="utf-8", newline="", buffering=1 << 20)


class _GraphSpool:
    """TriG's quads, written subject by subject to a temporary file, read back graph by graph.

    Subjects come in order, so each graph's blocks are in order within the file: reading
    the blocks grouped by graph (a stable sort of their offsets) gives the quads sorted by
    graph, then subject, then line, without making the lines a second time. Only the
    offsets stay in memory. The lines stay N-Triples and are read back inside TriG graph
    blocks (``<g> { … }``), which pyoxigraph parses as they are: no line is rewritten.
    """

    def __init__(self, file: IO[bytes]) -> None:
        self._file = file
        self._blocks: list[tuple[str, int, int]] = []  # (graph, offset, length)
        self._at = 0

    def add(self, g: str, lines: list[str]) -> None:
        data = "".join(lines).encode("utf-8")
        self._file.write(data)
        self._blocks.append((g, self._at, len(data)))
        self._at += len(data)

    def reader(self) -> io.BufferedReader:
        """TriG input: the default graph first, then the named graphs by IRI."""
        self._blocks.sort(key=itemgetter(0))
        self._file.flush()

        def chunks() -> Iterator[bytes]:
            f = self._file
            for g, blocks in groupby(self._blocks, key=itemgetter(0)):
                yield f"<{g}> {{\n".encode() if g != DEFAULT else b"{\n"
                start = end = -1
                for _, at, n in blocks:  # contiguous blocks are read as one
                    if at != end:
                        if end > start:
                            f.seek(start)
                            yield f.read(end - start)
                        start = at
                    end = at + n
                if end > start:
                    f.seek(start)
                    yield f.read(end - start)
                yield b"}\n"

        return io.BufferedReader(_Chunks(chunks()), buffer_size=1 << 16)


class _Chunks(io.RawIOBase):
    """A binary reader over an iterator of byte strings (pyoxigraph's parsers read files)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buf = memoryview(b"")  # a view: taking a piece of a large chunk copies only that piece

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._buf:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._buf = memoryview(chunk)
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n


def nquads_reader(q: Quads) -> io.BufferedReader:
    """The dataset as an N-Quads file-like object, made as it is read (for pyoxigraph's parser)."""
    def chunks() -> Iterator[bytes]:
        part: list[str] = []
        size = 0
        for line in q.nquad_lines():
            part.append(line)
            size += len(line)
            if size >= _CHUNK:
                yield "".join(part).encode("utf-8")
                part, size = [], 0
        if part:
            yield "".join(part).encode("utf-8")

    return io.BufferedReader(_Chunks(chunks()), buffer_size=1 << 16)


def _serialize(quads: Iterable[ox.Triple] | Iterable[ox.Quad], dst: ox.RdfFormat, path: Path) -> None:
    """Serialise sorted statements with pyoxigraph (streaming to disk); @prefix lines sorted.

    pyoxigraph writes the prefixes in its own order; sorting them keeps the bytes
    independent of that.
    """
    tmp = path.with_name(path.name + ".tmp")
    ox.serialize(quads, output=str(tmp), format=dst, prefixes=prefixes())
    with tmp.open("rb") as src_file, path.open("wb") as out:
        head: list[bytes] = []
        line = src_file.readline()
        while line.startswith(b"@prefix "):
            head.append(line)
            line = src_file.readline()
        out.writelines(sorted(head))
        out.write(line)
        shutil.copyfileobj(src_file, out, 1 << 20)
    tmp.unlink()


def to_rdflib(kg: KnowledgeGraph) -> rdflib.Dataset:
    """The export as an rdflib Dataset: named graphs as in graph.trig, union as default view."""
    ds = rdflib.Dataset(default_union=True)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True, replace=True)
    graphs: dict[str, rdflib.Graph] = {DEFAULT: ds.default_graph}
    terms: dict[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple, rdflib.term.Node] = {}

    def term(t: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> rdflib.term.Node:
        have = terms.get(t)
        if have is None:
            if isinstance(t, ox.NamedNode):
                have = rdflib.URIRef(t.value)
            elif not isinstance(t, ox.Literal):  # no blank nodes or quoted triples are exported
                raise TypeError(f"unexpected term in the export: {t}")
            elif t.language:
                have = rdflib.Literal(t.value, lang=t.language)
            elif t.datatype.value == str(XSD.string):
                have = rdflib.Literal(t.value)
            else:
                have = rdflib.Literal(t.value, datatype=rdflib.URIRef(t.datatype.value))
            terms[t] = have
        return have

    def quads() -> Iterator[tuple]:
        for x in ox.parse(nquads_reader(Quads(kg)), format=ox.RdfFormat.N_QUADS):
            g = "" if isinstance(x.graph_name, ox.DefaultGraph) else x.graph_name.value
            graph = graphs.get(g)
            if graph is None:
                graph = graphs[g] = ds.graph(rdflib.URIRef(g))
            yield term(x.subject), term(x.predicate), term(x.object), graph

    ds.addN(quads())
    return ds
