"""Weibo dumps: a ``微博内容`` header line, then one post per line → one Document per post."""

from __future__ import annotations

import html

from kg.ingest.dates import find_date
from kg.ingest.errors import IngestError
from kg.ingest.lines import INDENT
from kg.ingest.origin import Origin
from kg.model import Document

HEADERS = {"微博内容", "微博正文"}


def is_weibo_dump(text: str) -> bool:
    first = text.split("\n", 1)[0]
    return first.strip(INDENT + "\ufeff\"'") in HEADERS


def read_weibo(text: str, origin: Origin) -> list[Document]:
    """Posts keep their #话题# and @用户 text (the NLP stage masks them); HTML entities are unescaped."""
    docs = []
    for number, raw in enumerate(text.split("\n")[1:], start=2):
        post = html.unescape(raw).strip(INDENT + "\n")
        if not post:
            continue
        docs.append(Document(
            id=origin.line_id(number), source=origin.source, text=post, format="weibo",
            date=find_date(post), line=number, encoding=origin.encoding,
        ))
    if not docs:
        raise IngestError("Weibo dump has a header but no posts")
    return docs
