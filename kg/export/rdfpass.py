"""The one pass over the subjects that writes graph.nt, graph.ttl, graph.jsonld and graph.trig,
cut into pieces two processes can share.

Why pieces: the RDF files are the largest export, and while a build's parent writes
kg.json, the events and the viewer, a forked child (kg/export/background.py) writes
these. Whichever finishes first would wait for the other; so the child takes pieces
from the front and the parent, once its own exports are written, takes pieces from
the back, until they meet (a counter pair in shared memory, under a lock). The front's
pieces are the first ones, in order, so it writes N-Triples, Turtle and JSON-LD into the
files themselves; a back piece goes to part files, which :meth:`RdfPass.finish` appends
in order. The bytes are the same whoever wrote which piece, and the same as one process
writing all.

A piece's Turtle and N-Triples are its subjects' statements in order. JSON-LD joins the
pieces' node lists with ``,``. TriG needs each graph's statements together: a piece
writes its statements grouped by graph (a piece's TriG, a 64th of the file, is held
until then) with each graph's (offset, length), and the join copies them graph by
graph, pieces in order: only offsets are held for the whole file, never its text.
"""

from __future__ import annotations

import marshal
import multiprocessing
import os
import shutil
import sys
import tempfile
from contextlib import ExitStack
from operator import itemgetter
from pathlib import Path
from typing import IO, TextIO

from kg.export.jsonld import JsonLdWriter
from kg.export.quads import Quads
from kg.export.terms import DEFAULT, prefixes
from kg.export.turtle import Turtle
from kg.graph import KnowledgeGraph

FILE_NAMES = {"ttl": "graph.ttl", "nt": "graph.nt", "jsonld": "graph.jsonld", "trig": "graph.trig"}
PIECES = 64  # enough for the two processes to end close together, few enough to cost nothing


class RdfPass:
    """Make the index (:meth:`index`, in the process that forks: a child then shares it), then
    :meth:`run` in one or two processes, then :meth:`finish` in the process that made it.

    Why the index before the fork (0.35 s at 10x, in the way of both processes): made in
    each process instead, the parent's copy cost as much as the pieces it then took, so the
    parent waited for the child's last pieces instead of sharing them."""

    def __init__(self, kg: KnowledgeGraph, out_dir: Path, formats: list[str]) -> None:
        self.out_dir = Path(out_dir)
        self.paths = {fmt: self.out_dir / FILE_NAMES[fmt] for fmt in FILE_NAMES if fmt in formats}
        self._kg = kg
        self._quads: Quads | None = None
        self._pieces: list[list] = []
        self._parts = Path(tempfile.mkdtemp(dir=self.out_dir, prefix=".rdf-parts-"))
        ctx = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() \
            else multiprocessing.get_context()
        self._lock = ctx.Lock()
        # writers keep caches (terms, recurring predicate-object pairs) for the whole export, per process
        self._turtle = Turtle(prefixes())
        self._jsonld: JsonLdWriter | None = None
        self._front: dict[str, TextIO] = {}  # the files themselves, while this process writes from the front
        self._front_jsonld: JsonLdWriter | None = None
        self._finished = False
        self._next = ctx.RawArray("q", [0, PIECES])  # [first unclaimed, one past the last unclaimed]

    @property
    def pieces(self) -> int:
        return PIECES

    def index(self) -> Quads:
        """The graph's index and its subjects cut into ``PIECES`` pieces (the same in every process)."""
        if self._quads is None:
            self._quads = Quads(self._kg)
            groups = self._quads.groups()
            n = len(groups)
            self._pieces = [groups[i * n // PIECES:(i + 1) * n // PIECES] for i in range(PIECES)]
        return self._quads

    def discard(self) -> None:
        """Remove the parts, and the files if the export did not finish (:meth:`finish` removes the parts)."""
        shutil.rmtree(self._parts, ignore_errors=True)
        if not self._finished:
            for path in self.paths.values():
                path.unlink(missing_ok=True)

    def run(self, from_back: bool = False) -> list[Path]:
        """Write pieces until none is left: from the front (a forked child, or the only process)
        or from the back. The front's pieces are the first ones, in order: it writes N-Triples,
        Turtle and JSON-LD straight into the files, and the join appends the back's parts."""
        with ExitStack() as stack:
            if not from_back:
                self._open_front(stack)
            while (i := self._claim(from_back)) is not None:
                self._write_piece(i, front=not from_back)
        return []

    def _open_front(self, stack: ExitStack) -> None:
        """The files, with their heads, for the front's pieces (closed with ``stack``)."""
        for ext in ("nt", "ttl", "jsonld"):
            if ext in self.paths:
                self._front[ext] = stack.enter_context(_open(self.paths[ext]))
        stack.callback(self._front.clear)
        if "ttl" in self._front:
            self._front["ttl"].write(self._turtle.header())
        if "jsonld" in self._front:
            self._front["jsonld"].write(JsonLdWriter.head())  # the join adds the tail
            self._front_jsonld = JsonLdWriter(self._front["jsonld"])

    def finish(self) -> list[Path]:
        """Join the parts into the files (all pieces must be written); the parts are removed."""
        try:
            n = PIECES
            back = range(self._next[0], n)  # where the two sides met: the back's pieces follow the front's
            if "nt" in self.paths:
                self._concat(self.paths["nt"], [f"{i}.nt" for i in back])
            if "ttl" in self.paths:
                self._concat(self.paths["ttl"], [f"{i}.ttl" for i in back], self._turtle.header())
            if "jsonld" in self.paths:
                self._concat(self.paths["jsonld"], [f"{i}.jsonld" for i in back], JsonLdWriter.head(),
                             JsonLdWriter.TAIL, ",\n")
            if "trig" in self.paths:
                self._join_trig(n)
            self._finished = True
        finally:
            self.discard()
        return list(self.paths.values())

    def _claim(self, from_back: bool) -> int | None:
        with self._lock:
            first, end = self._next[0], self._next[1]
            if first >= end:
                return None
            if from_back:
                self._next[1] = end - 1
                return end - 1
            self._next[0] = first + 1
            return first

    def _write_piece(self, i: int, front: bool = False) -> None:
        """A piece's statements in every format asked for.

        A subject in one graph only (most: an assertion node, a document) has the same
        statement in Turtle and TriG but for TriG's indent inside a named graph (literals
        hold no raw line break), so Turtle takes TriG's text rather than making it again.
        """
        statement = self._turtle.statement
        trig: dict[str, list[str]] | None = {} if "trig" in self.paths else None  # the piece's TriG, by graph
        with ExitStack() as stack:
            def part(ext: str) -> TextIO | None:
                return stack.enter_context(_open(self._parts / f"{i}.{ext}")) if ext in self.paths else None

            jsonld: JsonLdWriter | None
            if front:
                nt, ttl, jsonld = self._front.get("nt"), self._front.get("ttl"), self._front_jsonld
            else:
                nt, ttl = part("nt"), part("ttl")
                jsonld = self._jsonld
                out = part("jsonld")
                if out is not None:
                    if jsonld is None:
                        jsonld = self._jsonld = JsonLdWriter(out)
                    jsonld.piece(out)
            quads = self.index()
            for s, lines, per_graph in quads.subjects(self._pieces[i]):
                same = None  # TriG's statement of the same lines
                if trig is not None:
                    for g, graph_lines in per_graph:
                        text = statement(graph_lines, "\t" if g != DEFAULT else "")
                        have = trig.get(g)
                        if have is None:
                            trig[g] = [text]
                        else:
                            have.append(text)
                        if graph_lines is lines:
                            same = text if g == DEFAULT else text[1:].replace("\n\t", "\n")
                if lines:
                    if nt is not None:
                        nt.writelines(lines)
                    if jsonld is not None:
                        jsonld.node(s, lines)
                    if ttl is not None:
                        ttl.write(same if same is not None else statement(lines))
        if trig is not None:  # a graph's statements of the piece together: the join copies each as one run
            blocks: list[tuple[str, int, int]] = []  # (graph, offset, length) in the piece's part
            at = 0
            with (self._parts / f"{i}.trig").open("wb") as fh:
                for g in sorted(trig):
                    data = "".join(trig[g]).encode("utf-8")
                    fh.write(data)
                    blocks.append((g, at, len(data)))
                    at += len(data)
            (self._parts / f"{i}.blocks").write_bytes(marshal.dumps(blocks))

    def _concat(self, path: Path, names: list[str], head: str = "", tail: str = "", between: str = "") -> None:
        """The back's parts after what the front wrote (its file holds the head already), or after
        the head when no front ran; then the tail."""
        written = path.stat().st_size if path.exists() else None
        with path.open("r+b" if written is not None else "wb") as out:  # not "ab": sendfile refuses O_APPEND
            if written is None:
                out.write(head.encode("utf-8"))
            else:
                out.seek(written)
            first = written is None or written <= len(head.encode("utf-8"))  # no node written before
            for name in names:
                part = self._parts / name
                if between and not part.stat().st_size:
                    continue  # an empty piece adds no separator
                if not first:
                    out.write(between.encode("utf-8"))
                first = False
                _append(part, out)
            out.write(tail.encode("utf-8"))

    def _join_trig(self, n: int) -> None:
        """The default graph first, then the named graphs by IRI; in each, the pieces in order."""
        turtle = self._turtle
        blocks = [(g, i, at, size) for i in range(n)
                  for g, at, size in marshal.loads((self._parts / f"{i}.blocks").read_bytes())]
        blocks.sort(key=itemgetter(0, 1))  # stable: a piece's blocks of a graph stay in subject order
        with ExitStack() as stack:
            parts = [stack.enter_context((self._parts / f"{i}.trig").open("rb", buffering=0)) for i in range(n)]
            out = stack.enter_context(self.paths["trig"].open("wb", buffering=1 << 20))
            out.write(turtle.header().encode("utf-8"))
            graph = None
            run: tuple[int, int, int] | None = None  # (piece, start, end): contiguous blocks are read as one
            for g, i, at, size in blocks:
                if run is not None and (g != graph or i != run[0] or at != run[2]):
                    _copy(parts[run[0]], run[1], run[2], out)
                    run = None
                if g != graph:
                    if graph not in (None, DEFAULT):
                        out.write(b"}\n")
                    if g != DEFAULT:
                        out.write(turtle.graph(g).encode("utf-8"))
                    graph = g
                run = (i, run[1], at + size) if run is not None else (i, at, at + size)
            if run is not None:
                _copy(parts[run[0]], run[1], run[2], out)
            if graph not in (None, DEFAULT):
                out.write(b"}\n")


def _append(part: Path, out: IO[bytes]) -> None:
    """``part`` at the end of ``out``: in the kernel where it can (``sendfile``: the parts are
    120 MB at 2 MB of input, and copying them through Python cost 0.4 s), else through a buffer."""
    with part.open("rb") as src:
        size = os.fstat(src.fileno()).st_size
        if hasattr(os, "sendfile") and sys.platform == "linux":
            out.flush()
            done = 0
            while done < size:
                sent = os.sendfile(out.fileno(), src.fileno(), done, size - done)
                if not sent:
                    break
                done += sent
            if done == size:
                return
            src.seek(done)
        shutil.copyfileobj(src, out, 1 << 20)


def _copy(src: IO[bytes], start: int, end: int, out: IO[bytes]) -> None:
    out.write(os.pread(src.fileno(), end - start, start))  # one call, no seek: there are ~50 K runs at 10x


def _open(path: Path) -> TextIO:
    return path.open("w", encoding="utf-8", newline="", buffering=1 << 20)
