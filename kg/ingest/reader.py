"""One file → documents: read the bytes, decode, hand the text to its format reader."""

from __future__ import annotations

import errno
import stat
from pathlib import Path

from kg.ingest.dates import document_date
from kg.ingest.encoding import decode_bytes
from kg.ingest.errors import IngestError
from kg.ingest.formats import SUPPORTED_SUFFIXES, parse_text
from kg.ingest.origin import Origin
from kg.model import Document, Problem


def load_file(path: Path, doc_id: str, source: str) -> tuple[list[Document], list[Problem]]:
    """Documents and row-level problems of one file; IngestError when the file is unusable as a whole."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise IngestError(f"unsupported file type {suffix}" if suffix else "unsupported file type (no extension)")
    _check_regular(path)
    try:
        data = path.read_bytes()
    except PermissionError as e:
        raise IngestError("permission denied") from e
    except FileNotFoundError as e:
        raise IngestError("no such file") from e
    except IsADirectoryError as e:
        raise IngestError("is a folder, not a file") from e
    except OSError as e:
        raise IngestError(f"cannot read the file ({e.strerror or e})") from e
    decoded = decode_bytes(data)
    docs, problems = parse_text(decoded.text, Origin(doc_id, source, decoded.encoding, suffix))
    for doc in docs:  # datelines, post times, a transcript's first lines, the file name (kg/ingest/dates.py)
        doc.date = document_date(doc.date, doc.text, path.name, doc.format)
    if decoded.replaced:
        problems.insert(0, Problem(source, f"{decoded.replaced} undecodable byte sequence(s) in {decoded.encoding} "
                                           "text were replaced by U+FFFD"))
    if not docs and not problems:
        raise IngestError("no text found")
    return docs, problems


def _check_regular(path: Path) -> None:
    """Refuse what is not a regular file before opening it: reading a FIFO would block the build
    forever, and a symlink loop or a file deleted since the folder was listed has a clearer reason
    than the read error."""
    try:
        st = path.stat()
    except FileNotFoundError as e:
        broken = path.is_symlink()
        raise IngestError("broken symbolic link" if broken else "no such file (deleted while the build ran?)") from e
    except PermissionError as e:
        raise IngestError("permission denied") from e
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise IngestError("symbolic link loop") from e
        raise IngestError(f"cannot read the file ({e.strerror or e})") from e
    if stat.S_ISDIR(st.st_mode):
        raise IngestError("is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        kind = "a FIFO" if stat.S_ISFIFO(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode) else "a device"
        raise IngestError(f"not a regular file ({kind})")
