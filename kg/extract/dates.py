"""Date expressions, resolved against the document's own date.

去年5月 in a 2018-03-08 text is 2017-05; 3月7日 in a 2024 text is
2024-03-07; 当地时间5月5日 in a post of unknown year stays ``--05-05``
(a month-day, never a guessed year).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUM = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
        "十一": 11, "十二": 12}
_M = r"(\d{1,2}|十[一二]?|[一二三四五六七八九])"
_D = r"(\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"

_PATTERNS = [
    ("ymd", re.compile(r"(\d{4})\s*年\s*" + _M + r"\s*月\s*" + _D + r"\s*[日号]")),
    ("iso", re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")),
    ("ym", re.compile(r"(\d{4})\s*年\s*" + _M + r"\s*月(?!\s*\d{1,2}\s*[日号])")),
    ("rel_md", re.compile(r"(去年|今年|明年|前年)\s*" + _M + r"\s*月\s*" + _D + r"\s*[日号]")),
    ("rel_m", re.compile(r"(去年|今年|明年|前年)\s*" + _M + r"\s*月(?!\s*\d)")),
    ("md", re.compile(r"(?<![年\d])" + _M + r"\s*月\s*" + _D + r"\s*[日号]")),
    ("y", re.compile(r"(?<!\d)(\d{4})\s*年(?!\s*\d{1,2}\s*月)(?![代度])")),
    ("rel_y", re.compile(r"(去年|今年|明年|前年)(?!\s*\d{1,2}\s*月)(?![一二三四五六七八九十]+月)")),
]
_REL = {"去年": -1, "今年": 0, "明年": 1, "前年": -2}


def _n(s: str) -> int:
    s = s.strip()
    if s.isdigit():
        return int(s)
    if s in _NUM:
        return _NUM[s]
    if "十" in s:  # 二十三, 十五, 三十
        a, _, b = s.partition("十")
        return (_NUM.get(a, 1) if a else 1) * 10 + (_NUM.get(b, 0) if b else 0)
    return 0


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    value: str  # ISO: YYYY-MM-DD, YYYY-MM, YYYY, or --MM-DD


def _year_of(doc_date: str | None) -> int | None:
    if doc_date and re.match(r"\d{4}", doc_date):
        return int(doc_date[:4])
    return None


def _valid(m: int, d: int | None = None) -> bool:
    return 1 <= m <= 12 and (d is None or 1 <= d <= 31)


def find_dates(text: str, doc_date: str | None = None) -> list[DateMention]:
    """All date expressions in ``text`` (non-overlapping, leftmost-longest)."""
    year = _year_of(doc_date)
    found: list[DateMention] = []
    taken = bytearray(len(text) + 1)
    for kind, rx in _PATTERNS:
        for m in rx.finditer(text):
            if any(taken[m.start():m.end()]):
                continue
            g = m.groups()
            value = None
            if kind in ("ymd", "iso"):
                y, mo, d = int(g[0]), _n(g[1]), _n(g[2])
                value = f"{y:04d}-{mo:02d}-{d:02d}" if _valid(mo, d) else None
            elif kind == "ym":
                y, mo = int(g[0]), _n(g[1])
                value = f"{y:04d}-{mo:02d}" if _valid(mo) else None
            elif kind == "y":
                y = int(g[0])
                value = f"{y:04d}" if 1900 <= y <= 2100 else None
            elif kind in ("rel_md", "rel_m", "rel_y"):
                if year is None:
                    continue
                y = year + _REL[g[0]]
                if kind == "rel_y":
                    value = f"{y:04d}"
                elif kind == "rel_m":
                    mo = _n(g[1])
                    value = f"{y:04d}-{mo:02d}" if _valid(mo) else None
                else:
                    mo, d = _n(g[1]), _n(g[2])
                    value = f"{y:04d}-{mo:02d}-{d:02d}" if _valid(mo, d) else None
            elif kind == "md":
                mo, d = _n(g[0]), _n(g[1])
                if not _valid(mo, d):
                    continue
                value = f"{year:04d}-{mo:02d}-{d:02d}" if year else f"--{mo:02d}-{d:02d}"
            if value:
                taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
                found.append(DateMention(m.start(), m.end(), value))
    return sorted(found, key=lambda d: d.start)


def resolve_date(text: str, doc_date: str | None = None) -> str | None:
    """The first date in ``text``, resolved; None when there is none."""
    ds = find_dates(text, doc_date)
    return ds[0].value if ds else None
