"""Where per-document analysis runs: in this process, a process pool, or a Dask cluster.

Analysis (spaCy components + LAC + extraction) of one document depends only on
that document, so documents are analysed in batches anywhere and their results
come back *in input order*; resolution and assembly then run once over all of
them in the building process. Whatever the engine and ``jobs``, the graph is
the same (tested byte for byte).

A result travels as a pickled :class:`DocResult`, whichever engine made it,
so the cache, the pool and Dask all hand the same objects to resolution. A
result is *slim*: the document's text, its normalised copy, LAC tokens and
the text of sentences without mentions are dropped once extraction is done,
so what the build holds grows with the mentions and facts, not with the text.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import pickle
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from kg.forking import Forked, can_fork
from kg.model import Document, Extraction, Sentence

#: documents per task: LAC sees all their sentences at once (~350, as fast per character as 700
#: or 1,400); small, so that when the input ends the workers finish within a short task of each other
BATCH = 8
#: characters per task at most (about 10 news articles): a batch of long transcripts is cut sooner, so
#: tasks take about as long as each other and no worker is left with one huge batch at the end
BATCH_CHARS = 20_000
ENGINES = ("local", "dask")
#: cached results waiting to be taken, from which a re-build's few new documents are analysed in a
#: forked child meanwhile (a fork and the results' way back cost about as much as taking 60 of them)
ASIDE_FROM = 200


@dataclass
class DocResult:
    """What the building process keeps of one analysed document."""

    extraction: Extraction
    when: str | None  # the document's date, else the one year it speaks of (for resolution)
    signature: bytes | None = None  # MinHash values (kg/dedup.py)


@dataclass(frozen=True)
class Cached:
    """A document whose result is known without reading it (its file unchanged: kg/filestamps.py)."""

    source: str
    key: str  # its analysis cache key
    blob: bytes  # the pickled DocResult


@dataclass
class EngineStats:
    """Counts for the build report."""

    documents: int = 0
    analysed: int = 0  # analysed in this build (not from the cache)
    cached: int = 0
    engine: str = "local"
    jobs: int = 1
    workers: list[str] = field(default_factory=list)
    duplicates: dict[str, str] = field(default_factory=dict)  # near-duplicate id → canonical id
    merged: int = 0  # assertions folded into their canonical document's (kg/dedup.py)
    aside: int = 0  # analysed in a forked child while cached results were taken (a re-build's new documents)


def analyse_batch(documents: list[Document]) -> list[bytes]:
    """Documents → one pickled :class:`DocResult` each, in order (runs in workers too)."""
    from kg.dedup import signature
    from kg.extract import extract
    from kg.ingest import sole_year
    from kg.nlp.pipeline import analyze
    from kg.reference import default_reference

    reference = default_reference()
    out = []
    for analyzed in analyze(documents, batch_size=max(1, len(documents))):
        ex = extract(analyzed, reference)
        d = analyzed.document
        res = DocResult(ex, d.date or sole_year(d.text), signature(d.text))
        slim(ex)
        out.append(pickle.dumps(res, protocol=pickle.HIGHEST_PROTOCOL))
    return out


def slim(ex: Extraction) -> None:
    """Drop what resolution and assembly never read (the text in its several copies)."""
    a = ex.analyzed
    used = {m.sentence for m in a.mentions if m.sentence is not None}
    a.sentences = [s if s.index in used else Sentence(s.doc_id, s.index, s.start, s.end, "", s.speaker)
                   for s in a.sentences]
    a.document = dataclasses.replace(a.document, text="", segments=[])
    a.norm = ""
    a.tokens = []
    a.speaker_mentions = {}


class _Done:
    """A finished "future" for work done in this process."""

    def __init__(self, value: Any) -> None:
        self._value = value

    def result(self) -> Any:
        return self._value


def _worker_init() -> None:
    os.environ["KG_LAC_THREADS"] = "1"


def _analyse_aside(batch: list[Document]) -> list[bytes]:
    """``analyse_batch`` in a forked child (one ONNX thread: the parent uses the other core)."""
    _worker_init()
    return analyse_batch(batch)


class _Slice:
    """One entry's part of a future made for several entries' documents together."""

    def __init__(self, future: Any, start: int, end: int) -> None:
        self._future, self._start, self._end = future, start, end

    def result(self) -> Any:
        return self._future.result()[self._start:self._end]


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class _Executor:
    """submit(batch) → future; a pool only once there is more than one batch to do."""

    def __init__(self, engine: str, jobs: int, scheduler: str | None, stats: EngineStats) -> None:
        self.engine, self.jobs, self.scheduler, self.stats = engine, jobs, scheduler, stats
        self._pool: Any = None
        self._client: Any = None

    def submit(self, batch: list[Document], local: bool = False, aside: bool = False) -> Any:
        """A future of the batch's results; ``local`` runs it here (too little work for a pool),
        ``aside`` in a forked child where that is safe and a second core may be used: this process
        meanwhile takes the cached results of the other documents (a re-build's usual case)."""
        if local and self.engine == "local":
            if aside and self.jobs > 1 and can_fork() and "onnxruntime" not in sys.modules:
                return Forked(_analyse_aside, batch)
            return _Done(analyse_batch(batch))
        if self.engine == "dask":
            if self._client is None:
                self._client = _dask_client(self.scheduler)
                self.stats.workers = sorted(self._client.scheduler_info().get("workers", {}))
            return self._client.submit(analyse_batch, batch, pure=False)
        if self.jobs <= 1:
            return _Done(analyse_batch(batch))
        if self._pool is None:
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=_pool_context(),
                                             initializer=_worker_init)
        return self._pool.submit(analyse_batch, batch)

    @property
    def started(self) -> bool:
        """A pool or cluster is running: all further work goes there."""
        return self._pool is not None or self._client is not None

    @property
    def width(self) -> int:
        return max(1, len(self.stats.workers)) if self.engine == "dask" else self.jobs

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
        if self._client is not None:
            self._client.close()


def _pool_context() -> Any:
    """How pool workers start. ``fork`` while this process has no other thread and no ONNX
    Runtime loaded: the workers start at once with the tables this process loads first
    (kg/preload.py; resolution needs most of them anyway), about a second sooner than
    from a fresh interpreter. Else ``forkserver``: workers fork from a clean interpreter
    that preloads the same (no ONNX Runtime state or lock of a thread is ever forked);
    else ``spawn``."""
    import threading

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1 and "onnxruntime" not in sys.modules:
        import kg.preload  # noqa: F401 - loads what the workers then share, copy-on-write

        return multiprocessing.get_context("fork")
    method = "forkserver" if "forkserver" in methods else "spawn"
    ctx = multiprocessing.get_context(method)
    if method == "forkserver":
        ctx.set_forkserver_preload(["kg.engine", "kg.nlp.pipeline", "kg.extract", "kg.preload"])
    return ctx


def _dask_client(scheduler: str | None) -> Any:
    try:
        from distributed import Client
    except ImportError as err:  # pragma: no cover - depends on the extra
        raise RuntimeError("--engine dask needs dask.distributed: pip install 'kg[dask]'") from err
    if not scheduler:
        raise RuntimeError("--engine dask needs --scheduler ADDRESS (tcp://host:8786)")
    return Client(scheduler)


@dataclass
class _Entry:
    """One batch in flight: cached results (None where analysed), keys, work left, its future."""

    got: list[bytes | None]
    keys: list[str | None]
    todo: list[Document]
    future: Any = None


def analyse(documents: Iterable[Document | Cached], *, jobs: int = 1, engine: str = "local",
            scheduler: str | None = None, cache: Any = None, stats: EngineStats | None = None,
            on_document: Callable[[Document | Cached], None] | None = None) -> Iterator[DocResult]:
    """Analyse documents anywhere; yield their results in input order, streaming.

    At most a few batches per worker are in flight, so the texts held at any
    time are those batches', not the corpus. ``cache`` (kg.cache.AnalysisCache)
    answers documents it has and keeps new results; a :class:`Cached`
    item (a document of an unchanged file) brings its result along.
    """
    from kg.cache import document_key

    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; accepted: {', '.join(ENGINES)}")
    stats = stats or EngineStats()
    stats.engine, stats.jobs = engine, jobs
    ex = _Executor(engine, jobs, scheduler, stats)
    # each entry: cached blobs (None where to analyse), keys, documents to analyse, their future
    pending: deque[_Entry] = deque()
    chunk: list[Document | Cached] = []
    chars = 0  # of the chunk's documents to analyse
    pooled = engine == "dask" or jobs > 1

    def enqueue(items: list[Document | Cached]) -> None:
        keys: list[str | None] = []
        got: list[bytes | None] = []
        todo: list[Document] = []
        for d in items:
            if isinstance(d, Cached):
                keys.append(d.key)
                got.append(d.blob)
                continue
            key = document_key(d) if cache is not None else None
            blob = cache.get(key) if key is not None else None
            keys.append(key)
            got.append(blob)
            if blob is None:
                todo.append(d)
        pending.append(_Entry(got, keys, todo))
        schedule(final=False)

    def schedule(final: bool) -> None:
        """Submit waiting work: to the pool once there is more than one batch of *uncached*
        documents to analyse (a pool's start-up costs seconds: a re-build that adds one
        file analyses it here), else here when the buffer is full or the input ended."""
        waiting = [e for e in pending if e.todo and e.future is None]
        if not waiting:
            return
        docs = [d for e in waiting for d in e.todo]
        more_than_a_batch = len(docs) > BATCH or (len(docs) > 1 and sum(len(d.text) for d in docs) > BATCH_CHARS)
        if ex.started or engine == "dask" or (pooled and more_than_a_batch):
            for e in waiting:
                e.future = ex.submit(e.todo)
                e.todo = []  # the future holds the documents now
            return
        if final and sum(len(e.got) - e.got.count(None) for e in pending) >= ASIDE_FROM:
            # enough cached results to take meanwhile: the waiting documents in one batch, aside
            future = ex.submit(docs, local=True, aside=True)
            if not isinstance(future, _Done):
                stats.aside += len(docs)
            at = 0
            for e in waiting:
                e.future = _Slice(future, at, at + len(e.todo))
                at += len(e.todo)
        elif final:
            for e in waiting:
                e.future = ex.submit(e.todo, local=True)
        elif in_flight() > 2 * ex.width:
            head = waiting[0]
            head.future = ex.submit(head.todo, local=True)

    def in_flight() -> int:
        """Entries holding documents or work (what bounds memory); an entry whose every result
        came from the cache holds only those, and waits: a re-build's few new documents, at the
        end of the input, are then analysed aside while the cached results are taken."""
        return sum(1 for e in pending if e.todo or e.future is not None)

    def drain() -> Iterator[DocResult]:
        e = pending.popleft()
        if e.todo and e.future is None:
            e.future = ex.submit(e.todo, local=True)
        new = iter(e.future.result()) if e.future is not None else iter(())
        for blob, key in zip(e.got, e.keys, strict=True):
            if blob is None:
                blob = next(new)
                stats.analysed += 1
                if cache is not None and key is not None:
                    cache.put(key, blob)
            else:
                stats.cached += 1
            stats.documents += 1
            yield pickle.loads(blob)

    try:
        for d in documents:
            if on_document is not None:
                on_document(d)
            chunk.append(d)
            chars += 0 if isinstance(d, Cached) else len(d.text)
            if len(chunk) >= BATCH or chars >= BATCH_CHARS:
                enqueue(chunk)
                chunk, chars = [], 0
                while in_flight() > 2 * ex.width and (pending[0].future is not None or not pending[0].todo):
                    yield from drain()
        if chunk:
            enqueue(chunk)
        schedule(final=True)
        while pending:
            yield from drain()
    finally:
        ex.close()
