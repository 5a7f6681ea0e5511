"""CSV/TSV and JSON Lines: one Document per row, the text found by column name.

Rows keep their physical line number (id ``<file>#L<line>``), so a bad row
is reported where the user can find it and the other rows still count.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping

from kg.ingest.dates import find_date
from kg.ingest.errors import IngestError
from kg.ingest.frontmatter import as_text, map_metadata
from kg.ingest.origin import Origin
from kg.model import Document, Problem

TEXT_COLUMNS = ("text", "content", "正文", "微博内容", "微博正文", "body", "内容", "full_text", "article")
_EXPECTED = ", ".join(TEXT_COLUMNS)


def _text_key(keys: list[str]) -> str | None:
    by_name = {k.strip().lower(): k for k in reversed(keys)}  # first spelling wins
    for name in TEXT_COLUMNS:
        if name in by_name:
            return by_name[name]
    return None


def _row_document(row: Mapping[str, object], text_key: str, line: int, fmt: str, origin: Origin) -> Document:
    text = as_text(row[text_key])
    md = map_metadata({k: v for k, v in row.items() if k != text_key})
    return Document(
        id=origin.line_id(line), source=origin.source, text=text, format=fmt, title=md.title or None,
        date=md.date or find_date(text), url=md.url or None, author=md.author or None, line=line,
        encoding=origin.encoding, meta=md.meta,
    )


def _delimiter(header_line: str, suffix: str) -> str:
    if suffix == ".tsv":
        return "\t"
    counts = {d: header_line.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(text: str, origin: Origin) -> tuple[list[Document], list[Problem]]:
    """A header row names the columns; the text column is text/content/正文/微博内容/body."""
    first_line = next((ln for ln in text.split("\n") if ln.strip()), "")
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(first_line, origin.suffix))
    docs: list[Document] = []
    problems: list[Problem] = []
    header: list[str] | None = None
    text_key: str | None = None
    last = 0
    try:
        for row in reader:
            line, last = last + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = [h.strip().lstrip("\ufeff") for h in row]
                text_key = _text_key(header)
                if text_key is None:
                    raise IngestError(f"no text column (expected one of: {_EXPECTED}); columns are: {', '.join(header)}")
                continue
            assert text_key is not None
            if len(row) > len(header):
                problems.append(origin.problem(
                    f"row has {len(row)} fields but the header has {len(header)}; the extra fields were ignored", line))
            values = dict(zip(header, row, strict=False))
            if not (values.get(text_key) or "").strip():
                problems.append(origin.problem("row has no text", line))
                continue
            docs.append(_row_document(values, text_key, line, "csv", origin))
    except csv.Error as e:
        problems.append(origin.problem(f"malformed CSV, reading stopped here: {e}", reader.line_num))
    if header is None:
        raise IngestError("no header row")
    return docs, problems


def read_jsonl(text: str, origin: Origin) -> tuple[list[Document], list[Problem]]:
    """One JSON object per line; a line that is not JSON is reported with its number, the rest still count."""
    docs: list[Document] = []
    problems: list[Problem] = []
    missing_text = 0
    for line, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as e:
            problems.append(origin.problem(f"line is not valid JSON ({e.msg} at column {e.colno})", line))
            continue
        if not isinstance(obj, dict):
            problems.append(origin.problem(f"line is a JSON {type(obj).__name__}, not an object", line))
            continue
        key = _text_key(list(obj))
        if key is None or not as_text(obj[key]):
            missing_text += 1
            problems.append(origin.problem(f"no text field (expected one of: {_EXPECTED})", line))
            continue
        docs.append(_row_document(obj, key, line, "jsonl", origin))
    if not docs and problems and missing_text == len(problems):
        raise IngestError(f"no text field in any line (expected one of: {_EXPECTED})")
    return docs, problems
