"""Which reader a text goes to: by file extension, then by sniffing the content.

A ``.txt`` may hold a Weibo dump, a ``title:/url:/content:`` header
transcript, HTML with YAML front matter, a Markdown transcript or plain text,
so extensions only narrow the choice; the content decides.
"""

from __future__ import annotations

import re

from kg.ingest.dates import find_date
from kg.ingest.errors import IngestError
from kg.ingest.frontmatter import Metadata, split_front_matter, split_header_block
from kg.ingest.html_text import looks_like_html, parse_html
from kg.ingest.lines import Assembled, SourceLine, assemble, plain_line
from kg.ingest.markdown import has_bold_turns, is_heading, markdown_lines
from kg.ingest.origin import Origin
from kg.ingest.tabular import read_csv, read_jsonl
from kg.ingest.weibo import is_weibo_dump, read_weibo
from kg.model import Document, Problem

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
CSV_SUFFIXES = frozenset({".csv", ".tsv"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | CSV_SUFFIXES | JSONL_SUFFIXES

#: A first line is a title when it is this short and does not end like a sentence.
MAX_TITLE_LEN = 60
_SENTENCE_END = re.compile(r"[。！？!?；;：:，,、…]$")


def parse_text(text: str, origin: Origin) -> tuple[list[Document], list[Problem]]:
    """Decoded file text → documents (and problems of single rows for tabular files)."""
    if origin.suffix in CSV_SUFFIXES and not is_weibo_dump(text):
        return read_csv(text, origin)
    if origin.suffix in JSONL_SUFFIXES:
        return read_jsonl(text, origin)
    if origin.suffix in TEXT_SUFFIXES | CSV_SUFFIXES and is_weibo_dump(text):
        # a one-column "微博内容" dump: posts hold unquoted commas, so it is read by line, not as CSV
        return read_weibo(text, origin), []
    front = split_front_matter(text)
    header = None if front or origin.suffix not in TEXT_SUFFIXES else split_header_block(text)
    md, body = front or header or (Metadata(), text)
    if not body.strip():
        raise IngestError("no text after the front matter" if front or header else "no text")
    if origin.suffix in HTML_SUFFIXES or looks_like_html(body):
        return [html_document(body, md, origin)], []
    markdown = bool(front) or origin.suffix in MARKDOWN_SUFFIXES or _looks_like_markdown(body)
    return [text_document(body, md, origin, markdown=markdown)], []


def _looks_like_markdown(text: str) -> bool:
    lines = text.split("\n")
    first = next((ln for ln in lines if ln.strip()), "")
    return is_heading(first) or has_bold_turns(lines)


def first_line_title(text: str) -> str | None:
    """The first line, when it is short and has no sentence-final punctuation."""
    first = text.split("\n", 1)[0].strip()
    if not first or len(first) > MAX_TITLE_LEN or _SENTENCE_END.search(first):
        return None
    if plain_line(first).speaker:
        return None
    return first


def _document(asm: Assembled, md: Metadata, origin: Origin, fmt: str, title: str | None) -> Document:
    if not asm.text.strip():
        raise IngestError("no text")
    first_ts = asm.timestamps[0][:10] if asm.timestamps else None
    return Document(
        id=origin.doc_id, source=origin.source, text=asm.text, format=fmt, title=title or None,
        date=md.date or first_ts or find_date(asm.text), url=md.url or None, author=md.author or None,
        encoding=origin.encoding, segments=asm.segments, meta=dict(md.meta),
    )


def text_document(body: str, md: Metadata, origin: Origin, *, markdown: bool) -> Document:
    """Plain text or Markdown, a transcript when at least two turns are found."""
    raw_lines = body.split("\n")
    meta = dict(md.meta)
    if markdown:
        converted = markdown_lines(raw_lines)
        asm = assemble(converted.lines)
        headings = converted.headings
        fmt = "markdown-transcript" if asm.segments else "markdown"
        title = md.title or (headings[0] if headings else first_line_title(asm.text))
        top = [ln for ln in asm.text.split("\n")[:3] if ln]
        if len(headings) > 1 and top[:2] == headings[:2]:
            meta["subtitle"] = headings[1].lstrip("—－- ")
    else:
        asm = assemble(plain_line(ln) for ln in raw_lines)
        fmt = "transcript" if asm.segments else "text"
        title = md.title or first_line_title(asm.text)
    doc = _document(asm, md, origin, fmt, title)
    doc.meta = meta
    return doc


def html_document(body: str, md: Metadata, origin: Origin) -> Document:
    """An HTML page or fragment; front-matter metadata wins over the page's own."""
    page = parse_html(body)
    if not page.paragraphs:
        raise IngestError("no article text found in the HTML")
    asm = assemble([plain_line(p) for p in page.paragraphs] + [SourceLine("")])
    merged = Metadata(
        title=md.title, date=md.date or page.date, author=md.author or page.author, url=md.url or page.url,
        meta={**page.meta, **md.meta},
    )
    title = md.title or page.best_title or page.meta.get("og:title")
    return _document(asm, merged, origin, "html", title)
