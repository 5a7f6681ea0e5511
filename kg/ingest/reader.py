"""One file → documents: read the bytes, decode, hand the text to its format reader."""

from __future__ import annotations

from pathlib import Path

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
    if decoded.replaced:
        problems.insert(0, Problem(source, f"{decoded.replaced} undecodable byte sequence(s) in {decoded.encoding} "
                                           "text were replaced by U+FFFD"))
    if not docs and not problems:
        raise IngestError("no text found")
    return docs, problems
