"""Input files a re-build need not read: unchanged since the last build, their results cached.

Reading a corpus again only to hash it (the analysis cache's key is the document's
content) costs seconds at a few thousand files: decoding, front matter, Markdown.
So each file read is recorded in the analysis cache's SQLite file with its *stamp*
(size, modification and change times in nanoseconds, inode, device) and the cache
keys of its documents. A later build that finds the same stamp takes the cached
results under those keys without opening the file.

When a stamp can lie:

- content rewritten with the same size and the modification time set back
  (``touch -d``, ``cp -p``, an editor that keeps it): the change time (ctime) cannot
  be set back by a user and moves on every write, so the stamp differs;
- a write in the same clock tick as the recording ("racily clean", as git calls
  it): a record is trusted only for a file whose times are at least ``RACY_NS``
  older than the moment the stamp was taken; a newer file is read again (and
  recorded again, trustworthy once it is old enough);
- a clock far ahead or behind (a network file system): the stamp itself must
  still match exactly, so a changed file is read; a file stamped in the future
  is merely read every time.

A record whose results are no longer in the cache, or any doubt (a changed
pipeline version, a file that changed while it was read), means reading the file.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import time
from collections.abc import Iterable, Iterator

from kg.cache import AnalysisCache, document_key
from kg.engine import Cached
from kg.ingest import FileEntry, iter_files, load_entry
from kg.model import Document, Problem

#: A file modified less than this before its stamp was taken is not trusted (2 s: coarse file-system clocks).
RACY_NS = 2_000_000_000

Stamp = tuple[int, int, int, int, int]  # size, mtime_ns, ctime_ns, inode, device


def stamp(path: os.PathLike[str] | str) -> Stamp | None:
    """What changes when a file's content changes (None when it cannot be stat'ed)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev


def trusted(recorded: Stamp, taken_ns: int, now: Stamp | None) -> bool:
    """Whether a file whose stamp was ``recorded`` at ``taken_ns`` is unchanged, seeing ``now``."""
    return now is not None and now == tuple(recorded) and max(now[1], now[2]) < taken_ns - RACY_NS


class FileStamps:
    """Reads input files, or takes their documents' results from the cache when the stamp says unchanged."""

    def __init__(self, cache: AnalysisCache) -> None:
        self.cache = cache
        self.skipped = 0  # files not read: their stamp and cached results were found

    def _key(self, entry: FileEntry, doc_id: str) -> str:
        where = os.path.abspath(entry.path)
        return hashlib.sha256(f"{self.cache.version}\0{where}\0{doc_id}\0{entry.source}".encode()).hexdigest()

    def documents(self, paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
                  problems: list[Problem]) -> Iterator[Document | Cached]:
        """``kg.ingest.iter_documents``, with a :class:`Cached` in place of each document of an unchanged file."""
        for entry, doc_id in iter_files(paths, problems):
            key = self._key(entry, doc_id)
            known = self._lookup(key, entry)
            if known is not None:
                self.skipped += 1
                problems.extend(known[1])
                yield from known[0]
                continue
            taken = time.time_ns()
            before = stamp(entry.path)
            bad: list[Problem] = []
            fresh = load_entry(entry, doc_id, bad)
            problems.extend(bad)
            if fresh and before is not None and stamp(entry.path) == before:  # unchanged while it was read
                record = (before, taken, [document_key(d) for d in fresh], [(p.source, p.reason, p.line) for p in bad])
                self.cache.put_file(key, marshal.dumps(record))
            yield from fresh

    def _lookup(self, key: str, entry: FileEntry) -> tuple[list[Cached], list[Problem]] | None:
        raw = self.cache.get_file(key)
        if raw is None:
            return None
        try:
            recorded, taken, keys, bad = marshal.loads(raw)
        except (EOFError, ValueError, TypeError):
            return None
        if not trusted(recorded, taken, stamp(entry.path)):
            return None
        out = []
        for k in keys:
            blob = self.cache.get(k)
            if blob is None:  # results dropped (another version's build, a cleared cache): read the file
                return None
            out.append(Cached(entry.source, k, blob))
        return out, [Problem(s, r, line) for s, r, line in bad]
