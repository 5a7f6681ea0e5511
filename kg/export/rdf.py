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
deterministic without sorting them whole). That one pass writes graph.nt,
graph.jsonld and graph.ttl, and spools each graph's Turtle statements for TriG to a
temporary file, copied out graph by graph at the end. Turtle and TriG are made from
the N-Triples lines by kg/export/turtle.py (the bytes pyoxigraph's serialiser wrote
before, at a fraction of the cost of parsing the lines back into term objects);
JSON-LD by kg/export/jsonld.py (pyoxigraph's writes expanded JSON-LD only).
Why not an rdflib graph: rdflib needs minutes and gigabytes for a million triples.
``to_rdflib`` parses the same quads, so the rdflib view and the files cannot disagree.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from itertools import groupby
from pathlib import Path
from typing import TextIO

import pyoxigraph as ox
import rdflib
from rdflib.namespace import XSD

from kg.export.jsonld import jsonld_context
from kg.export.quads import Quads
from kg.export.rdfpass import FILE_NAMES, RdfPass
from kg.export.terms import (
    DEFAULT,
    REFERENCE_GRAPH,
    assertion_iri,
    date_literal,
    prefixes,
    reference_iri,
    statement_iri,
)
from kg.export.turtle import Turtle
from kg.graph import KnowledgeGraph
from kg.namespaces import PREFIXES

__all__ = ["FILE_NAMES", "FORMATS", "REFERENCE_GRAPH", "assertion_iri", "date_literal", "jsonld_context",
           "nquads_reader", "prefixes", "reference_iri", "statement_iri", "to_rdflib", "write_rdf",
           "write_turtle"]

FORMATS: tuple[str, ...] = ("ttl", "nt", "jsonld", "trig")
_CHUNK = 1 << 16  # characters of N-Quads handed to pyoxigraph at a time


def write_rdf(kg: KnowledgeGraph, out_dir: Path, formats: Iterable[str] = FORMATS) -> list[Path]:
    """Write graph.ttl / graph.nt / graph.jsonld / graph.trig into ``out_dir``.

    Same KnowledgeGraph in, same bytes out: subjects and lines are written in sorted
    order and no blank nodes or timestamps are written.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    wanted = [f.lower().lstrip(".") for f in formats]
    unknown = sorted(set(wanted) - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown RDF format(s) {unknown}; choose from {list(FORMATS)}")
    rdf = RdfPass(kg, out_dir, wanted)
    try:
        rdf.run()
    except BaseException:
        rdf.discard()
        raise
    return rdf.finish()


def write_turtle(nt: Path, ttl: Path) -> Path:
    """Turtle from an N-Triples file whose lines are sorted (graph.nt): one statement per subject."""
    turtle = Turtle(prefixes())
    with nt.open(encoding="utf-8", newline="\n") as src, _open(ttl) as out:
        out.write(turtle.header())
        for _, lines in groupby(src, key=lambda line: line[:line.index(" ")]):
            out.write(turtle.statement(lines))
    return ttl


def _open(path: Path) -> TextIO:
    return path.open("w", encoding="utf-8", newline="", buffering=1 << 20)


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
