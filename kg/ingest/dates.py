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


# --- the document's own date from datelines, post times, first lines and file names -------------

#: how far into a text a dateline or a transcript's opening date may be
_HEAD = 300
_MD = rf"(?P<m>{_DIGIT}{{1,2}}|十[一二]?|[一二三四五六七八九])\s*月\s*(?P<d>{_DIGIT}{{1,2}}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\s*日"
#: 新华社北京3月10日电, 本报北京5月19日电, 中新网3月10日电, 北京时间3月10日
_DATELINE_MD = re.compile(rf"(?:(?:社|报|网|台)[\u4e00-\u9fff]{{0,8}}?|^\W*[\u4e00-\u9fff]{{2,8}}?|北京时间\s*){_MD}(?:电|讯|\s*[(（]\s*记者)?")
#: 北京18日电: only a day; month and year must come from elsewhere
_DATELINE_D = re.compile(rf"(?:(?:社|报|网|台)[\u4e00-\u9fff]{{0,8}}?|^\W*[\u4e00-\u9fff]{{2,8}}?)(?P<d>{_DIGIT}{{1,2}})\s*日电")
#: a month-day opening a transcript (3月8日（星期四）上午, 3月7日,十四届…)
_OPENING_MD = re.compile(rf"(?<![年\d]){_MD}")
#: 十四届全国人大二次会议 (NPC and CPPCC sessions fall in March of a known year)
_SESSION = re.compile(r"(?P<term>[一二三四五六七八九十]{1,3})届全国(?:人大|人民代表大会|政协)(?P<n>[一二三四五六])次(?:全体)?会议")
#: a post's own time, as dumps print it at the end: 2023-12-05 10:00 (来自 …)
_POST_TIME = re.compile(
    rf"(?:发布于|发表于|发布时间[:：]?)?\s*(?P<y>{_DIGIT}{{4}})\s*[-/.年]\s*(?P<m>{_DIGIT}{{1,2}})\s*[-/.月]\s*(?P<d>{_DIGIT}{{1,2}})\s*日?"
    rf"\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?=\s*(?:来自|$))")
_NAME_DATE = re.compile(r"(?<![0-9A-Za-z])(?P<y>(?:19|20)\d\d)(?:[-_.]?(?P<m>0[1-9]|1[0-2])(?:[-_.]?(?P<d>0[1-9]|[12]\d|3[01]))?)?"
                        r"(?![0-9A-Za-z])")


def file_name_date(name: str) -> str | None:
    """A date the user put in a file name (2024-03-07_briefing.txt, 20240307.txt, 202403-news.md,
    weibo_2023.csv) → ISO at that precision; a hash or a count of digits is not a date."""
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    m = _NAME_DATE.search(stem)
    if not m:
        return None
    return _iso(int(m["y"]), int(m["m"]) if m["m"] else None, int(m["d"]) if m["d"] else None)


def session_year(text: str) -> int | None:
    """十四届全国人大二次会议 → 2024: the nth session of the kth National People's Congress (or CPPCC)
    meets in 1978 + 5(k − 5) + (n − 1) — a fact of the calendar, not a guess (from the 5th onwards)."""
    m = _SESSION.search(text)
    if not m:
        return None
    term, n = _cn_number(m["term"]), _cn_number(m["n"])
    if term is None or n is None or term < 5 or not 1 <= n <= 5:
        return None
    return 1978 + 5 * (term - 5) + n - 1


def post_time(text: str) -> str | None:
    """The time a Weibo dump prints after a post (…2023-12-05 10:00 来自 iPhone) → its ISO day."""
    found = [m for m in _POST_TIME.finditer(text)]
    return _from_match(found[-1]) if found else None


def _year_month(hint: str | None) -> tuple[int | None, int | None]:
    if not hint:
        return None, None
    return int(hint[:4]), (int(hint[5:7]) if len(hint) >= 7 else None)


def dateline_date(text: str, hint: str | None = None) -> str | None:
    """The date of a dateline or of a transcript's first lines, completed from ``hint`` (a partial
    date of the document or its file name: YYYY or YYYY-MM) or from a named NPC/CPPCC session in
    the same lines; None when the year is not given anywhere (never a guessed year)."""
    head = text[:_HEAD]
    year, month = _year_month(hint)
    first_lines = "\n".join([ln for ln in head.split("\n") if ln.strip()][:3])
    if year is None:
        # only a month-day in the very line that names the session: 3月7日，十四届全国人大二次会议…
        first_lines = next((ln for ln in first_lines.split("\n") if session_year(ln)), "")
        head = first_lines
        year = session_year(first_lines)
    if year is None:
        return None
    for rx, where in ((_DATELINE_MD, head), (_OPENING_MD, first_lines)):
        m = rx.search(where)
        if m:
            mo, d = _number(m["m"]), _number(m["d"])
            if month is not None and mo != month:
                return None  # the file says another month: trust neither
            return _iso(year, mo, d)
    m = _DATELINE_D.search(head)
    if m and month is not None:
        return _iso(year, month, _number(m["d"]))
    return None


def document_date(current: str | None, text: str, file_name: str = "", fmt: str = "") -> str | None:
    """The document's date: ``current`` (metadata or a full date in the text) when it is a day;
    else a Weibo post's own time, a dateline or a transcript's opening date (with the year from the
    metadata, the file name or a named session), else the file name's date; else ``current``
    (partial or None). Undated stays undated."""
    if fmt == "weibo" and (posted := post_time(text)):
        return posted
    if current and len(current) == 10:
        return current
    named = file_name_date(file_name) if file_name else None
    hint = current or named
    if (lined := dateline_date(text, hint)) is not None:
        return lined
    if named and (not current or named.startswith(current)):
        return named if len(named) > len(current or "") else current
    return current
