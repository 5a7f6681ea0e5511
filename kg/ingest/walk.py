"""Paths given by the user → the files to read, in a fixed order.

Folders are walked recursively and sorted, so the same input always gives
the same documents in the same order. Hidden files and folders and system
litter (.DS_Store, Thumbs.db, editor backups) are skipped without a word;
everything else is read or reported.
"""

from __future__ import annotations

import errno
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
        yield Problem(str(given), _missing_reason(root))
        return
    found: list[tuple[tuple[str, ...], Path]] = []
    unreadable: list[Problem] = []

    def onerror(err: OSError) -> None:  # a sub-folder that cannot be listed is reported, not skipped silently
        where = Path(err.filename) if err.filename else root
        unreadable.append(Problem(str(where), f"cannot list the folder ({err.strerror or err})"))

    for folder, dirs, files in os.walk(root, onerror=onerror):
        dirs[:] = sorted(d for d in dirs if not is_ignored(d))
        for name in files:
            if not is_ignored(name):
                path = Path(folder) / name
                found.append((path.relative_to(root).parts, path))
    yield from unreadable
    for parts, path in sorted(found):
        yield FileEntry(path, "/".join(parts), str(Path(given) / Path(*parts)))


def _missing_reason(path: Path) -> str:
    """Why a given path is neither a file nor a folder, in the user's words."""
    if path.is_symlink() and not path.exists():
        try:
            path.stat()
        except OSError as e:
            if e.errno == errno.ELOOP:
                return "symbolic link loop"
        return "broken symbolic link"
    if not path.exists():
        return "no such file or folder"
    return "not a regular file or folder (a FIFO, socket or device)"
