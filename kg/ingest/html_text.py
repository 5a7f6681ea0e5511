"""HTML → article text (one paragraph per line) and page metadata, with the standard ``html.parser``.

Only the article is kept: scripts, styles, comments, navigation, headers,
footers, asides, forms and blocks whose class/id names boilerplate (share
buttons, QR-code boxes, related links) are dropped; editor by-lines are kept, they name people. When the
page has an ``<article>`` (or else a ``<main>``) element, only its text counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from kg.ingest.dates import parse_date

_DROP_TAGS = {
    "script", "style", "noscript", "template", "nav", "footer", "header", "aside", "form", "button",
    "select", "textarea", "iframe", "svg", "canvas", "object", "embed", "head", "menu", "dialog",
}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
         "track", "wbr"}
_BLOCK = {
    "p", "div", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "tr",
    "table", "section", "article", "main", "blockquote", "pre", "figure", "figcaption", "body", "html",
    "center", "address", "caption", "thead", "tbody", "tfoot", "td", "th",
}
#: Tags that cannot be inside <head>: seeing one closes an unclosed <head>.
_BODY_STARTS = (_BLOCK - {"html"}) | {"article", "main", "span", "a", "b", "i", "strong", "em", "img"}
#: class/id words of boilerplate blocks.
_BOILERPLATE = {
    "nav", "navbar", "menu", "footer", "share", "sharing", "social", "qr", "qrcode", "comment", "comments",
    "related", "recommend", "advert", "advertisement", "ad", "ads", "banner", "sidebar", "breadcrumb",
    "breadcrumbs", "copyright", "toolbar", "pagination", "hidden", "popup", "modal", "cookie",
}
_CLASS_WORD = re.compile(r"[-_\s]+|(?<=[a-z])(?=[A-Z])")
_DATE_META = ("article:published_time", "og:published_time", "pubdate", "publishdate", "publish_date",
              "publication_date", "date", "dc.date", "dc.date.issued", "datepublished", "sailthru.date",
              "parsely-pub-date", "article:modified_time")
_AUTHOR_META = ("author", "article:author", "dc.creator", "byl")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_SPACES = re.compile(r"\s+")


@dataclass
class HtmlPage:
    paragraphs: list[str]
    title: str | None = None
    h1: str | None = None
    date: str | None = None
    author: str | None = None
    url: str | None = None
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def best_title(self) -> str | None:
        """The <h1> when the <title> just adds a site name to it, else <title>, else <h1>."""
        if self.h1 and (not self.title or self.h1 in self.title):
            return self.h1
        return self.title or self.h1


def _is_boilerplate(attrs: dict[str, str | None]) -> bool:
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    words = {w.lower() for w in _CLASS_WORD.split(names) if w}
    return bool(words & _BOILERPLATE) or attrs.get("hidden") is not None or attrs.get("aria-hidden") == "true"


class _ArticleParser(HTMLParser):
    def __init__(self, scope: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.scope = scope  # "article" / "main": keep only text inside it
        self.scope_depth = 0
        self.skip: list[list] = []  # [tag, depth] of the dropped element we are inside
        self.buffer: list[str] = []
        self.paragraphs: list[str] = []
        self.page = HtmlPage([])
        self._capture: str | None = None  # "title" / "h1" / "time"
        self._captured: list[str] = []
        self._time_attr: str | None = None
        self._date_rank = len(_DATE_META)

    # -- structure ---------------------------------------------------------
    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k.lower(): v for k, v in attrs_list}
        if tag == "meta":
            self._meta(attrs)
        elif tag == "link" and (attrs.get("rel") or "").lower() == "canonical" and attrs.get("href"):
            self.page.url = self.page.url or attrs["href"]
        elif tag == "title" and self.page.title is None:
            self._start_capture("title")
        elif tag == "h1" and self.page.h1 is None:
            self._start_capture("h1")
        elif tag == "time" and self.page.date is None:
            self._time_attr = attrs.get("datetime")
            self._start_capture("time")
        if tag in _VOID:
            if tag in ("br", "hr") and not self.skip:
                self._flush()
            return
        if self.skip and tag in _BODY_STARTS and any(t == "head" for t, _ in self.skip):
            # an unclosed <head>: <body> or body content ends it, as in a browser
            while self.skip and self.skip.pop()[0] != "head":
                pass
        if self.skip:
            if tag == self.skip[-1][0]:
                self.skip[-1][1] += 1
            return
        if tag in _DROP_TAGS or _is_boilerplate(attrs):
            self.skip.append([tag, 1])
            self._flush()
            return
        if tag == self.scope:
            self.scope_depth += 1
        if tag in _BLOCK:
            self._flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self._capture and tag == self._capture:
            self._end_capture()
        if self.skip:
            if tag == self.skip[-1][0]:
                self.skip[-1][1] -= 1
                if self.skip[-1][1] == 0:
                    self.skip.pop()
            return
        if tag in _BLOCK:
            self._flush()
        if tag == self.scope and self.scope_depth:
            self.scope_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._capture:
            self._captured.append(data)
        if self.skip or (self.scope and not self.scope_depth):
            return
        self.buffer.append(data)

    # -- helpers -----------------------------------------------------------
    def _start_capture(self, what: str) -> None:
        self._capture, self._captured = what, []

    def _end_capture(self) -> None:
        text = clean_paragraph("".join(self._captured))
        if self._capture == "title":
            self.page.title = text or None
        elif self._capture == "h1":
            self.page.h1 = text or None
        elif self._capture == "time":
            self.page.date = parse_date(self._time_attr) or parse_date(text)
        self._capture, self._captured = None, []

    def _meta(self, attrs: dict[str, str | None]) -> None:
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        content = (attrs.get("content") or "").strip()
        if not key or not content:
            return
        if key in _DATE_META and (iso := parse_date(content)):
            rank = _DATE_META.index(key)  # earlier entries are more specific
            if rank < self._date_rank:
                self.page.date, self._date_rank = iso, rank
        elif key in _AUTHOR_META:
            self.page.author = self.page.author or content
        elif key == "og:url":
            self.page.url = self.page.url or content
        elif key == "og:title":
            self.page.meta["og:title"] = content
        elif key in ("description", "keywords", "og:site_name"):
            self.page.meta[key] = content

    def _flush(self) -> None:
        text = clean_paragraph("".join(self.buffer))
        self.buffer = []
        if text:
            self.paragraphs.append(text)


def clean_paragraph(text: str) -> str:
    """Collapse source whitespace and drop paragraph indentation (\u3000\u3000).

    A source line break between two Chinese characters is no space at all.
    """
    text = text.strip(" \t\n\r\u3000\xa0")
    return _SPACES.sub(lambda m: "" if "\n" in m.group() and _between_cjk(m) else " ", text)


def _between_cjk(m: re.Match[str]) -> bool:
    s, i, j = m.string, m.start(), m.end()
    return i > 0 and j < len(s) and bool(_CJK.match(s[i - 1])) and bool(_CJK.match(s[j]))


def parse_html(source: str) -> HtmlPage:
    """Article paragraphs and <head> metadata of an HTML page or fragment."""
    lowered = source.lower()
    scope = "article" if re.search(r"<article[\s>]", lowered) else "main" if re.search(r"<main[\s>]", lowered) else None
    parser = _ArticleParser(scope)
    parser.feed(source)
    parser.close()
    parser._flush()
    page = parser.page
    page.paragraphs = parser.paragraphs
    if scope and not page.paragraphs:  # an empty <article> placeholder: use the whole page
        whole = _ArticleParser(None)
        whole.feed(source)
        whole.close()
        whole._flush()
        page.paragraphs = whole.paragraphs
    return page


def looks_like_html(text: str) -> bool:
    """A document (not prose mentioning a tag): starts with a doctype/<html>, or is mostly block tags."""
    head = text.lstrip()[:1000].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")):
        return "<html" in head or "<body" in text.lower()
    return head.startswith("<") and bool(re.search(r"<(p|div|article|section|body|h[1-6]|br)[\s>/]", head))
