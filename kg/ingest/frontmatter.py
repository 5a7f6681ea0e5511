"""YAML front matter (``---`` … ``---`` at the top of a file) and ``key: value`` header blocks.

Both give document metadata; the standard keys map onto ``Document`` fields
(title, date, author, url) and the rest go to ``Document.meta`` as strings,
list values joined with ``|`` as in the reference CSVs.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

from kg.ingest.dates import parse_date

_FRONT_MATTER = re.compile(r"\A\s*---[ \t]*\n(?P<yaml>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_HEADER_LINE = re.compile(r"^(?P<key>[A-Za-z_]{2,20}|标题|作者|来源|日期|时间|链接|网址|正文|内容)\s*[:：]\s?(?P<value>.*)$")

TITLE_KEYS = ("title", "标题", "headline")
DATE_KEYS = ("date", "published", "pubdate", "publish_date", "published_at", "datetime", "created",
             "created_at", "time", "日期", "发布时间", "发布日期", "时间")
AUTHOR_KEYS = ("author", "authors", "作者", "source", "来源", "发布者", "user", "用户", "用户名", "screen_name", "nickname")
URL_KEYS = ("url", "link", "permalink", "source_url", "href", "链接", "网址")
BODY_KEYS = ("content", "正文", "内容", "text", "body")


@dataclass
class Metadata:
    title: str | None = None
    date: str | None = None
    author: str | None = None
    url: str | None = None
    meta: dict[str, str] = field(default_factory=dict)


def as_text(value: object) -> str:
    """A metadata value as one string: lists joined with ``|``, mappings as JSON."""
    if isinstance(value, list | tuple):
        return "|".join(as_text(v) for v in value if v is not None)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value).strip()


def map_metadata(values: dict[str, object]) -> Metadata:
    """Pick title/date/author/url by the usual key names (first match wins); the rest → meta."""
    md = Metadata()
    lowered = {str(k).strip().lower(): v for k, v in values.items()}
    used: set[str] = set()

    def first(keys: tuple[str, ...]) -> tuple[str | None, object]:
        for k in keys:
            if k in lowered and as_text(lowered[k]):
                return k, lowered[k]
        return None, None

    key, value = first(TITLE_KEYS)
    if key:
        md.title = as_text(value)
        used.add(key)
    for k in DATE_KEYS:
        if k in lowered and (iso := parse_date(lowered[k])):
            md.date = iso
            used.add(k)
            break
    key, value = first(AUTHOR_KEYS)
    if key:
        md.author = as_text(value.get("name") if isinstance(value, dict) else value) or None
        used.add(key)
    key, value = first(URL_KEYS)
    if key:
        md.url = as_text(value)
        used.add(key)
    for k, v in lowered.items():
        if k not in used and (text := as_text(v)):
            md.meta[k] = text
    return md


def split_front_matter(text: str) -> tuple[Metadata, str] | None:
    """YAML front matter → (metadata, rest of the text), or None if the text has none."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return None
    import yaml  # only for files with front matter (start-up of builds without)

    try:
        values = yaml.safe_load(m["yaml"])
    except yaml.YAMLError:
        values = _simple_pairs(m["yaml"].split("\n"))
    if not isinstance(values, dict):
        return None
    return map_metadata(values), text[m.end():]


def _simple_pairs(lines: list[str]) -> dict[str, object]:
    """``key: value`` lines, for front matter YAML cannot parse (e.g. an unquoted ``: `` in a title)."""
    pairs: dict[str, object] = {}
    for line in lines:
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith((" ", "-")):
            pairs[key.strip()] = value.strip().strip("'\"")
    return pairs


def split_header_block(text: str) -> tuple[Metadata, str] | None:
    """``title:`` / ``url:`` / ``author:`` … ``content:`` header lines → (metadata, body after ``content:``).

    Only a block of such lines at the very top counts: one that ends with a
    body key (content/正文), or two or more known keys including a title or
    URL, so prose that happens to start with "标题：" is left alone.
    """
    lines = text.lstrip("\n").split("\n")
    values: dict[str, object] = {}
    end = 0
    for i, line in enumerate(lines[:20]):
        m = _HEADER_LINE.match(line.strip())
        if not m:
            break
        key = m["key"].lower()
        if key in BODY_KEYS:
            if not values:
                return None
            return map_metadata(values), "\n".join([m["value"], *lines[i + 1:]])
        values[key] = m["value"].strip()
        end = i + 1
    known = set(TITLE_KEYS + DATE_KEYS + AUTHOR_KEYS + URL_KEYS)
    if len(values) >= 2 and set(values) <= known and set(values) & {"title", "标题", "url", "链接", "网址"}:
        return map_metadata(values), "\n".join(lines[end:])
    return None
