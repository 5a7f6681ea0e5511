"""Publication dates: metadata values and the first full date of a text → ISO strings.

Results are ``YYYY-MM-DD``, or ``YYYY-MM`` / ``YYYY`` when a metadata value
gives no more. Dates found in running text must be complete (year, month and
day): "3月7日" alone says nothing about the year, so it yields nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from email.utils import parsedate

_DIGIT = "[0-9０-９]"
_CN_NUM = "〇零○ＯO一二三四五六七八九十"
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0, "O": 0}
_MONTHS = {
    m: i
    for i, names in enumerate(
        ("jan january", "feb february", "mar march", "apr april", "may", "jun june",
         "jul july", "aug august", "sep sept september", "oct october", "nov november", "dec december"),
        start=1,
    )
    for m in names.split()
}

#: Full dates inside running text, most specific first; each has groups y, m, d.
_TEXT_DATES = [
    re.compile(rf"(?<![0-9０-９])(?P<y>{_DIGIT}{{4}})\s*年\s*(?P<m>{_DIGIT}{{1,2}})\s*月\s*(?P<d>{_DIGIT}{{1,2}})\s*[日号]"),
    re.compile(rf"(?<![0-9０-９])(?P<y>{_DIGIT}{{4}})[-/.](?P<m>{_DIGIT}{{1,2}})[-/.](?P<d>{_DIGIT}{{1,2}})(?![0-9０-９])"),
    re.compile(rf"(?P<y>[{_CN_NUM[:5]}一二三四五六七八九]{{4}})年(?P<m>[{_CN_NUM}]{{1,2}})月(?P<d>[{_CN_NUM}]{{1,3}})[日号]"),
    re.compile(r"\b(?P<m>[A-Z][a-z]{2,8})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,\s*(?P<y>\d{4})\b"),
    re.compile(r"\b(?P<d>\d{1,2})\s+(?P<m>[A-Z][a-z]{2,8})\.?,?\s+(?P<y>\d{4})\b"),
]

#: Metadata values that may be partial.
_YEAR_MONTH = re.compile(rf"^(?P<y>{_DIGIT}{{4}})\s*(?:年\s*(?P<m>{_DIGIT}{{1,2}})\s*月?|[-/.](?P<m2>{_DIGIT}{{1,2}}))$")
_YEAR = re.compile(rf"^(?P<y>{_DIGIT}{{4}})\s*年?$")
_TIMESTAMP_LINE = re.compile(
    r"^\s*[\[【]\s*(?P<date>\d{4}-\d{1,2}-\d{1,2})[ T]+(?P<time>\d{1,2}:\d{2}(?::\d{2})?)\s*[\]】]\s*$"
)


def _cn_number(s: str) -> int | None:
    """二〇二一 → 2021, 十二 → 12, 三十 → 30, 二十一 → 21."""
    if all(c in _CN_DIGITS for c in s):
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    if "十" in s:
        tens, _, ones = s.partition("十")
        t = _CN_DIGITS.get(tens, -1) if tens else 1
        o = _CN_DIGITS.get(ones, -1) if ones else 0
        if t >= 0 and o >= 0:
            return t * 10 + o
    return None


def _number(s: str) -> int | None:
    s = unicodedata.normalize("NFKC", s).strip()
    if s.isdigit():
        return int(s)
    if s.lower().rstrip(".") in _MONTHS:
        return _MONTHS[s.lower().rstrip(".")]
    return _cn_number(s)


def _iso(y: int | None, m: int | None = None, d: int | None = None) -> str | None:
    if y is None or not 1000 <= y <= 2999:
        return None
    if m is None:
        return f"{y:04d}"
    if not 1 <= m <= 12:
        return None
    if d is None:
        return f"{y:04d}-{m:02d}"
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _from_match(m: re.Match[str]) -> str | None:
    return _iso(_number(m["y"]), _number(m["m"]), _number(m["d"]))


def parse_date(value: object) -> str | None:
    """A metadata date (ISO, RFC 2822, 2018年3月8日, 2018/3/8, 2018-03, 2018, date objects) → ISO."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return _iso(value)
    s = unicodedata.normalize("NFKC", str(value)).strip()
    if not s:
        return None
    m = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]|$)", s)
    if m:
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    for pattern in (_YEAR_MONTH, _YEAR):
        m = pattern.match(s)
        if m:
            month = m.groupdict().get("m") or m.groupdict().get("m2")
            return _iso(int(m["y"]), int(month) if month else None)
    rfc = parsedate(s)
    if rfc and rfc[0]:
        return _iso(rfc[0], rfc[1], rfc[2])
    return find_date(s, limit=len(s))


def find_date(text: str, limit: int = 500) -> str | None:
    """The first complete date in the first ``limit`` characters of running text."""
    head = text[:limit]
    best: tuple[int, str] | None = None
    for pattern in _TEXT_DATES:
        for m in pattern.finditer(head):
            iso = _from_match(m)
            if iso and len(iso) == 10:
                if best is None or m.start() < best[0]:
                    best = (m.start(), iso)
                break
    return best[1] if best else None


def parse_timestamp_line(line: str) -> str | None:
    """``[ 2018-03-08 10:02 ]`` (a live-transcript time mark) → ``2018-03-08T10:02``."""
    m = _TIMESTAMP_LINE.match(line)
    if not m:
        return None
    day = parse_date(m["date"])
    if day is None:
        return None
    hh, _, rest = m["time"].partition(":")
    return f"{day}T{int(hh):02d}:{rest}"


_ANY_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d\d)(?=年|两会|全国两会|\s*[#】])")


def sole_year(text: str) -> str | None:
    """The one year a short undated text speaks of (#2017两会#, 2015年中国外交),
    or None when it names none or several. Not a document date: it only tells
    which edition of a yearly event (两会记者会) a post means."""
    years = set(_ANY_YEAR.findall(text))
    return years.pop() if len(years) == 1 else None
