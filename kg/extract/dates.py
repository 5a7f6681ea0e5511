"""Date expressions, resolved against the document's own date.

去年5月 in a 2018-03-08 text is 2017-05; 3月7日 in a 2024 text is
2024-03-07; 当地时间5月5日 in a post of unknown year stays ``--05-05``
(a month-day, never a guessed year). Expressions that only make sense
relative to the document (今天, 上周五, 本月18日, 18日, 上月) resolve to
nothing in an undated document. Ranges (3月6日至10日) give the first day
as ``value`` and the last as ``end_date``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

_NUM = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
        "十一": 11, "十二": 12}
_M = r"(\d{1,2}|十[一二]?|[一二三四五六七八九])"
_D = r"(\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_TO = r"\s*(?:至|到|—{1,2}|–|－|-|~|～)\s*"
_DAY = r"\s*[日号]"

_PATTERNS = [
    # ranges first: 2023年3月6日—10日, 3月6日至4月2日, 3月6-10日, 6日至10日
    ("range", re.compile(r"(?:(\d{4})\s*年\s*)?" + _M + r"\s*月\s*" + _D + r"\s*[日号]?" + _TO
                         + r"(?:" + _M + r"\s*月\s*)?" + _D + _DAY)),
    ("day_range", re.compile(r"(?<![\d月年第至到—\-~～])(\d{1,2})\s*日?" + _TO + r"(\d{1,2})\s*日(?![元本])")),
    ("ymd", re.compile(r"(\d{4})\s*年\s*" + _M + r"\s*月\s*" + _D + r"\s*[日号]")),
    ("iso", re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")),
    ("ym", re.compile(r"(\d{4})\s*年\s*" + _M + r"\s*月(?!\s*\d{1,2}\s*[日号])")),
    ("rel_md", re.compile(r"(去年|今年|明年|前年)\s*" + _M + r"\s*月\s*" + _D + r"\s*[日号]")),
    ("rel_m", re.compile(r"(去年|今年|明年|前年)\s*" + _M + r"\s*月(?!\s*\d)")),
    ("month_d", re.compile(r"(本月|上月|上个月|下月|下个月)\s*" + _D + _DAY)),
    ("month", re.compile(r"(本月|上月|上个月|下月|下个月)(?!\s*\d|\s*[一二三四五六七八九十]+\s*[日号])")),
    ("weekday", re.compile(r"(上|本|下|这)个?(?:周|星期|礼拜)([一二三四五六日天])")),
    ("rel_d", re.compile(r"(今天|今日|昨天|昨日|前天|明天|明日|后天)(?!头条|之|中国|俄罗斯|美国|世界|黄花)")),
    ("md", re.compile(r"(?<![年\d])" + _M + r"\s*月\s*" + _D + r"\s*[日号]")),
    ("y", re.compile(r"(?<!\d)(\d{4})\s*年(?!\s*\d{1,2}\s*月)(?![代度])")),
    ("rel_y", re.compile(r"(去年|今年|明年|前年)(?!\s*\d{1,2}\s*月)(?![一二三四五六七八九十]+月)")),
    # a bare day of the document's month: 北京18日电, 3日在北京会见
    ("d", re.compile(r"(?<![\d月年第近每数.．:：/\-])(\d{1,2})\s*日(?![元本内间期])")),
]
_REL = {"去年": -1, "今年": 0, "明年": 1, "前年": -2}
_REL_DAY = {"今天": 0, "今日": 0, "昨天": -1, "昨日": -1, "前天": -2, "明天": 1, "明日": 1, "后天": 2}
_REL_MONTH = {"本月": 0, "上月": -1, "上个月": -1, "下月": 1, "下个月": 1}
_REL_WEEK = {"上": -1, "本": 0, "这": 0, "下": 1}
_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
#: a bare day this far after the document's date is taken as last month's (报道 of 28日 on the 2nd)
_BARE_DAY_AHEAD = 7


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
    """A date expression at ``start``:``end`` (character offsets) meaning ``value`` (ISO, the
    first day of a range) and, for a range, ``end_date`` (its last day)."""

    start: int
    end: int
    value: str  # ISO: YYYY-MM-DD, YYYY-MM, YYYY, or --MM-DD
    end_date: str | None = None


def _year_of(doc_date: str | None) -> int | None:
    if doc_date and re.match(r"\d{4}", doc_date):
        return int(doc_date[:4])
    return None


def _month_of(doc_date: str | None) -> tuple[int, int] | None:
    m = re.match(r"(\d{4})-(\d{2})", doc_date or "")
    return (int(m[1]), int(m[2])) if m else None


def _day_of(doc_date: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((doc_date or "")[:10]) if len(doc_date or "") >= 10 else None
    except ValueError:
        return None


def _valid(m: int, d: int | None = None) -> bool:
    return 1 <= m <= 12 and (d is None or 1 <= d <= 31)


def _ymd(y: int | None, m: int, d: int) -> str | None:
    """ISO day, or ``--MM-DD`` without a year; None for an impossible day."""
    if not _valid(m, d):
        return None
    if y is None:
        return f"--{m:02d}-{d:02d}"
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    i = y * 12 + (m - 1) + k
    return i // 12, i % 12 + 1


def _bare_day(doc_date: str | None, d: int) -> str | None:
    """Day ``d`` of the document's month (or of the month before, when that day is well ahead of the
    document's date: a report of the 2nd about 28日)."""
    ym = _month_of(doc_date)
    if ym is None or not 1 <= d <= 31:
        return None
    y, m = ym
    day = _day_of(doc_date)
    if day is not None and d > day.day + _BARE_DAY_AHEAD:
        y, m = _shift_month(y, m, -1)
    return _ymd(y, m, d)


def _value(kind: str, g: tuple[str, ...], doc_date: str | None) -> tuple[str | None, str | None]:
    """(value, end_date) of one match."""
    year = _year_of(doc_date)
    if kind == "range":
        y = int(g[0]) if g[0] else year
        m1, d1 = _n(g[1]), _n(g[2])
        m2 = _n(g[3]) if g[3] else m1
        d2 = _n(g[4])
        start, end = _ymd(y, m1, d1), _ymd(y, m2, d2)
        if start and end and (y is None or end >= start) and (m2, d2) > (m1, d1):
            return start, end
        return None, None
    if kind == "day_range":
        d1, d2 = int(g[0]), int(g[1])
        start, end = _bare_day(doc_date, d1), _bare_day(doc_date, d2)
        if start and end and end > start:
            return start, end
        return None, None
    if kind in ("ymd", "iso"):
        return _ymd(int(g[0]), _n(g[1]), _n(g[2])) if _valid(_n(g[1]), _n(g[2])) else None, None
    if kind == "ym":
        y, mo = int(g[0]), _n(g[1])
        return (f"{y:04d}-{mo:02d}" if _valid(mo) else None), None
    if kind == "y":
        y = int(g[0])
        return (f"{y:04d}" if 1900 <= y <= 2100 else None), None
    if kind in ("rel_md", "rel_m", "rel_y"):
        if year is None:
            return None, None
        y = year + _REL[g[0]]
        if kind == "rel_y":
            return f"{y:04d}", None
        if kind == "rel_m":
            mo = _n(g[1])
            return (f"{y:04d}-{mo:02d}" if _valid(mo) else None), None
        return _ymd(y, _n(g[1]), _n(g[2])), None
    if kind in ("month_d", "month"):
        ym = _month_of(doc_date)
        if ym is None:
            return None, None
        y, mo = _shift_month(*ym, _REL_MONTH[g[0]])
        return (_ymd(y, mo, _n(g[1])) if kind == "month_d" else f"{y:04d}-{mo:02d}"), None
    if kind == "weekday":
        day = _day_of(doc_date)
        if day is None:
            return None, None
        monday = day - dt.timedelta(days=day.weekday())
        return (monday + dt.timedelta(weeks=_REL_WEEK[g[0]], days=_WEEKDAY[g[1]])).isoformat(), None
    if kind == "rel_d":
        day = _day_of(doc_date)
        return ((day + dt.timedelta(days=_REL_DAY[g[0]])).isoformat() if day else None), None
    if kind == "md":
        mo, d = _n(g[0]), _n(g[1])
        return _ymd(year, mo, d), None
    if kind == "d":
        return _bare_day(doc_date, int(g[0])), None
    return None, None


def find_dates(text: str, doc_date: str | None = None) -> list[DateMention]:
    """All date expressions in ``text`` (non-overlapping, leftmost-longest)."""
    found: list[DateMention] = []
    taken = bytearray(len(text) + 1)
    for kind, rx in _PATTERNS:
        for m in rx.finditer(text):
            if any(taken[m.start():m.end()]):
                continue
            value, end_date = _value(kind, m.groups(), doc_date)
            if value:
                taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
                found.append(DateMention(m.start(), m.end(), value, end_date))
    return sorted(found, key=lambda d: d.start)


def resolve_date(text: str, doc_date: str | None = None) -> str | None:
    """The first date in ``text``, resolved; None when there is none."""
    ds = find_dates(text, doc_date)
    return ds[0].value if ds else None


_PART = re.compile(r"(开幕式|闭幕式|开幕会|闭幕会|欢迎宴会|欢迎仪式|欢迎晚宴|全体会议|领导人圆桌峰会|期间)")
_CLOSING = re.compile(r"[^，,。；;]{0,16}?(闭幕|落幕|结束)")
_LASTING = re.compile(r"为期(\d+|[一二两三四五六七八九十])天")
_CN_NUM = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def event_day(norm: str, lo: int, hi: int, event: Any, dates: list[DateMention]) -> str | None:
    """The date a sentence gives an event (``event``: a mention with start/end):
    the nearest date outside its name (2024年 in 2024年某峰会 is the edition's year);
    none when the name is followed by a part of it (某论坛开幕式18日举行: the ceremony's
    day); a closing day (某峰会27日闭幕) gives the first day of a stay of 为期N天, else
    only the month."""
    if _PART.match(norm, event.end):
        return None
    outside = [d for d in dates if not (event.start <= lo + d.start < event.end)]
    if not outside:
        return None
    near = min(outside, key=lambda d: abs((lo + d.start) - event.start))
    first = [d for d in outside if d.end <= near.start and norm[lo + d.end:lo + near.start] in ("至", "到", "—", "-", "～", "~")]
    if first:  # 17日至18日: a range the parser took as two dates starts at the first
        return first[-1].value
    if near.end_date is None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", near.value) \
            and _CLOSING.match(norm, lo + near.end):
        lasting = _LASTING.search(norm, lo, hi)
        if lasting:
            n = lasting.group(1)
            days = int(n) if n.isdigit() else _CN_NUM.get(n, 0)
            if days:
                return (date.fromisoformat(near.value) - timedelta(days=days - 1)).isoformat()
        return near.value[:7]
    return near.value
