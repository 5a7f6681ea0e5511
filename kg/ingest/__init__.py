"""Ingest: files and folders → ``Document``s, and a ``Problem`` for each file that cannot be used.

Formats (by extension and content): Weibo dumps, Markdown / plain /
timestamped transcripts, HTML (with or without YAML front matter), plain
text and Markdown, CSV/TSV and JSON Lines; encodings UTF-8 (with or without
BOM), UTF-16 with BOM, GB18030/GBK and Big5.

    docs, problems = read_paths(["seeds/"])   # documents + Problem(source, reason, line)
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.ingest.dates import sole_year
from kg.ingest.errors import IngestError
from kg.ingest.reader import load_file
from kg.ingest.walk import FileEntry, walk
from kg.model import Document, Problem

__all__ = ["FileEntry", "IngestError", "iter_documents", "iter_files", "load_entry", "read_file", "read_paths",
           "sole_year"]


def read_file(path: str | Path) -> list[Document]:
    """The documents of one file.

    Raises IngestError when the file is unreadable or unsupported, and also
    when part of it is bad (a broken .jsonl line): strict single-file use
    should not lose rows silently. The error then carries the good
    ``documents`` and the ``problems``; ``read_paths`` is the lenient variant.
    """
    p = Path(path)
    docs, problems = load_file(p, p.name, str(path))
    if problems:
        listed = "; ".join(f"line {pr.line}: {pr.reason}" if pr.line else pr.reason for pr in problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise IngestError(f"{len(problems)} unreadable part(s): {listed}{more}", line=problems[0].line,
                          documents=docs, problems=problems)
    return docs


def read_paths(paths: Iterable[str | Path]) -> tuple[list[Document], list[Problem]]:
    """Files and folders (recursively, sorted for determinism) → documents + problems.

    Never raises for a bad file: it becomes a Problem naming the file and the
    reason, and the other files are still read. A file reached twice (a folder
    and a file inside it) is read once; a file name that two folders share
    gets its longer path as id so ids stay unique.
    """
    problems: list[Problem] = []
    documents = list(iter_documents(paths, problems))
    return documents, problems


def iter_documents(paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
                   problems: list[Problem]) -> Iterator[Document]:
    """``read_paths`` one file at a time: documents are yielded, problems appended to ``problems``.

    Why: a build streams documents to analysis instead of holding the corpus's text.
    """
    for entry, doc_id in iter_files(paths, problems):
        yield from load_entry(entry, doc_id, problems)


def iter_files(paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
               problems: list[Problem]) -> Iterator[tuple[FileEntry, str]]:
    """The files ``iter_documents`` reads, each once, with its unique document id; nothing is read.

    Why apart: a re-build (kg/filestamps.py) skips reading the files it has seen unchanged.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    seen_files: set[Path] = set()
    seen_ids: set[str] = set()
    for given in paths:
        for entry in walk(given):
            if isinstance(entry, Problem):
                problems.append(entry)
                continue
            try:
                key = entry.path.resolve()
            except (OSError, RuntimeError):  # a symlink loop (RuntimeError before Python 3.13)
                key = entry.path.absolute()
            if key in seen_files:
                continue
            seen_files.add(key)
            yield entry, _unique_id(entry, seen_ids)


def load_entry(entry: FileEntry, doc_id: str, problems: list[Problem]) -> list[Document]:
    """The documents of one listed file; what cannot be read is appended to ``problems``, never raised."""
    try:
        docs, bad = load_file(entry.path, doc_id, entry.source)
    except IngestError as e:
        problems.append(Problem(entry.source, e.reason, e.line))
        return []
    except Exception as e:  # a reader bug must not lose the other files
        problems.append(Problem(entry.source, f"could not be read ({type(e).__name__}: {e})"))
        return []
    problems.extend(bad)
    return docs


def _unique_id(entry: FileEntry, seen: set[str]) -> str:
    doc_id = entry.doc_id
    if doc_id in seen:
        doc_id = Path(entry.source).as_posix()
    n = 2
    base = doc_id
    while doc_id in seen:
        doc_id = f"{base}~{n}"
        n += 1
    seen.add(doc_id)
    return doc_id
