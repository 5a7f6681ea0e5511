"""Paths given by the user → the files to read, in a fixed order.

Folders are walked recursively and sorted, so the same input always gives
the same documents in the same order. Hidden files and folders and system
litter (.DS_Store, Thumbs.db, editor backups) are skipped without a word;
everything else is read or reported.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.model import Problem

_LITTER = {"thumbs.db", "desktop.ini", "__pycache__", "__macosx"}


@dataclass(frozen=True)
class FileEntry:
    path: Path
    doc_id: str  # file name, or path relative to the folder given
    source: str  # path as the user would write it


def is_ignored(name: str) -> bool:
    """Hidden files, OS metadata and editor temporaries: never documents, never worth a problem."""
    return name.startswith((".", "~$", "._")) or name.endswith(("~", ".swp")) or name.lower() in _LITTER


def walk(given: str | os.PathLike[str]) -> Iterator[FileEntry | Problem]:
    """Files under one given path (the path itself when it is a file)."""
    root = Path(given)
    if root.is_file():
        yield FileEntry(root, root.name, str(given))
        return
    if not root.is_dir():
        yield Problem(str(given), "no such file or folder" if not root.exists() else "not a regular file or folder")
        return
    found: list[tuple[tuple[str, ...], Path]] = []
    for folder, dirs, files in os.walk(root, onerror=None):
        dirs[:] = sorted(d for d in dirs if not is_ignored(d))
        for name in files:
            if not is_ignored(name):
                path = Path(folder) / name
                found.append((path.relative_to(root).parts, path))
    for parts, path in sorted(found):
        yield FileEntry(path, "/".join(parts), str(Path(given) / Path(*parts)))
