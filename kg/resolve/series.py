"""Recurring events: which edition of a series a bare series name means.

Why a module of its own: 两会, 上合组织峰会 or 高峰论坛 name a series; a text
usually means one edition of it (the one it also names, the one of its
document's year, the latest its feed names). These passes run inside
:meth:`kg.resolve.Resolver.resolve` after the reference look-up.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TypeGuard

from kg.model import Mention
from kg.reference import Reference
from kg.resolve.keys import collection, name_key

_YEAR_PREFIX = re.compile(r"^(?P<year>(?:19|20)\d\d)年?(?P<name>.+)$")
_ORDINAL = re.compile(r"^(?P<ord>首届|首次|第[一二三四五六七八九十百零〇\d]+[届次])(?P<name>.+)$")
_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _ordinal(word: str) -> int:
    """首届 → 1, 第三届 → 3, 第二十五次 → 25, 第12届 → 12."""
    if word in ("首届", "首次"):
        return 1
    body = word[1:-1]
    if body.isdigit():
        return int(body)
    if body.startswith("十"):
        body = "一" + body
    tens, _, ones = body.partition("十")
    if "十" not in body:
        return _DIGITS.get(body, 0)
    return _DIGITS.get(tens, 0) * 10 + (_DIGITS.get(ones, 0) if ones else 0)


_YEAR_SUFFIX = re.compile(r"^(?P<name>\D+)(?P<year>(?:19|20)\d\d)$")  # 全国两会2022


def _months(iso: str) -> int:
    """2017-05 → months since year 0, for how far apart two dates are."""
    return int(iso[:4]) * 12 + (int(iso[5:7]) - 1 if len(iso) >= 7 else 0)


class EventSeries:
    """The reference's event series and their dated editions, and the passes that use them.

    ``by_key`` is the resolver's index of reference names (name key → ids);
    ``doc_dates`` (document id → ISO date) is set by the resolver for each run.
    """

    def __init__(self, reference: Reference, by_key: dict[str, list[str]]) -> None:
        self.ref = reference
        self.by_key = by_key
        self.doc_dates: dict[str, str] = {}
        self.kept: dict[str, set[str]] = {}  # edition id → the place-specific forms that named it
        # recurring events: id → series, and series → its listed, dated editions
        self.series_of = {e.id: e.row["series"] for e in reference.entities.values()
                          if e.cls == "Event" and e.row.get("series")}
        self.editions_of: dict[str, list[str]] = defaultdict(list)
        for eid, series in self.series_of.items():
            if reference.entities[eid].row.get("date"):
                self.editions_of[series].append(eid)

    def ordinal_edition(self, key: str, by_key: dict[str, list[str]]) -> str | None:
        """第三届一带一路论坛, 首次中国—中亚峰会: an ordinal before any name of a listed
        series means the listed edition with that ordinal."""
        m = _ORDINAL.match(key)
        if m is None:
            return None
        n = _ordinal(m["ord"])
        rest = m["name"]
        for cand in (rest, rest.replace("元首峰会", "峰会"), rest.replace("国际论坛", "国际合作高峰论坛")):
            series = [i for i in by_key.get(cand, ()) if self.is_series(i)]
            if not series:
                continue
            sid = self.series_of[series[0]]
            for eid, s in self.series_of.items():
                if s == sid and not self.is_series(eid):
                    em = _ORDINAL.match(name_key(self.ref.entities[eid].name))
                    if em is not None and _ordinal(em["ord"]) == n:
                        return eid
        return None

    def is_series(self, rid: str | None) -> TypeGuard[str]:
        """True for the series itself (event/two-sessions), not one of its editions."""
        return rid in self.series_of and rid.split("/", 1)[1] == self.series_of[rid]

    def edition_key(self, key: str) -> str:
        """2017两会, 2017年两会 and 2017年全国两会 are one edition: a year before
        any name of a listed yearly series keys the edition by the series' name."""
        m = _YEAR_PREFIX.match(key) or _YEAR_SUFFIX.match(key)
        if not m:
            return key
        series = [i for i in self.by_key.get(m["name"], ()) if self.ref.entities[i].cls == "Event"]
        return f"{m['year']}年{name_key(self.ref.entities[series[0]].name)}" if series else key

    def to_edition(self, m: Mention, edition: str, assigned: dict[int, str]) -> None:
        """Assign a series mention to one edition, named as the edition: the
        series' short form (两会记者会) is not a name of that one edition, but a form
        that names more than the series (上海合作组织天津峰会) is kept as one of its names."""
        assigned[id(m)] = edition
        series = self.ref.entities.get(f"event/{self.series_of.get(edition, '')}")
        if series is not None and name_key(m.text) not in {name_key(n) for n in series.names}:
            self.kept.setdefault(edition, set()).add(m.text)
        m.norm = self.ref.entities[edition].name

    def to_named_edition(self, mentions: list[Mention], assigned: dict[int, str]) -> None:
        """上合组织峰会 in a text about the Qingdao summit is that summit: a series
        named in a document that names exactly one of its editions means it."""
        series_of = self.series_of
        editions: dict[str, set[str]] = defaultdict(set)  # doc → edition ids
        for m in mentions:
            rid = assigned.get(id(m))
            if rid in series_of and not self.is_series(rid):
                editions[collection(m.doc_id)].add(rid)
        for m in mentions:
            rid = assigned.get(id(m))
            if self.is_series(rid):
                same = [e for e in editions.get(collection(m.doc_id), ()) if series_of[e] == series_of[rid]]
                if len(same) == 1:
                    self.to_edition(m, same[0], assigned)

    def _year_named_editions(self, groups: dict[str, list[Mention]]) -> dict[tuple[str, str], list[tuple[str, str]]]:
        """(feed, series) → (year, group key) of every unlisted edition the feed
        names by its year (2017年全国两会): edition keys are year + series name."""
        named: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        for key, ms in groups.items():
            y = _YEAR_PREFIX.match(key)
            if y is None:
                continue
            series = [i for i in self.by_key.get(y["name"], ()) if self.is_series(i)]
            for m in ms if series else ():
                named[(collection(m.doc_id), self.series_of[series[0]])].append((y["year"], key))
        return named

    def by_document_year(self, mentions: list[Mention], assigned: dict[int, str],
                         groups: dict[str, list[Mention]]) -> None:
        """两会 in a post about #2017两会# is that year's session: a yearly series
        named in a document of known year means that year's edition, the
        listed one if the reference dates one (or the one held within half a
        year of a dated document: 筹备高峰论坛 in December 2016 is the May 2017
        forum), else a node of its own (2017年全国两会) when the document, or
        the feed it belongs to, names editions of that series by their year."""
        by_year = self._year_named_editions(groups)
        for m in mentions:
            rid = assigned.get(id(m))
            when = self.doc_dates.get(m.doc_id) or ""
            year = when[:4]
            if not year or not self.is_series(rid):
                continue
            e = self.ref.entities[rid]
            editions = self.editions_of.get(e.row["series"], [])
            listed = [eid for eid in editions if self.ref.entities[eid].row["date"][:4] == year]
            if len(listed) != 1 and len(when) >= 7:
                listed = [eid for eid in editions
                          if abs(_months(self.ref.entities[eid].row["date"]) - _months(when)) <= 6]
            if len(listed) == 1:
                self.to_edition(m, listed[0], assigned)
                continue
            if editions:
                continue  # listed editions, none of them this year's: the series itself
            key = name_key(f"{year}年{e.name}")
            if key in groups or (collection(m.doc_id), e.row["series"]) in by_year:
                m.norm = f"{year}年{e.name}"  # named as the edition, not by the series' short form
                del assigned[id(m)]
                groups[key].append(m)

    def latest_in_feed(self, mentions: list[Mention], assigned: dict[int, str],
                       groups: dict[str, list[Mention]]) -> None:
        """#两会# in an undated post of a feed that names the 2017 and the 2023
        sessions is the 2023 one: a feed's posts follow current events, so a bare
        series name in a post that gives no year means the latest edition the
        feed names. A single undated article keeps the series itself."""
        editions = self._year_named_editions(groups)
        for m in mentions:
            rid = assigned.get(id(m))
            if rid in self.series_of and not self.is_series(rid):
                when = self.ref.entities[rid].row.get("date") or ""
                if when:
                    editions[(collection(m.doc_id), self.series_of[rid])].append((when, rid))
        for m in mentions:
            rid = assigned.get(id(m))
            if (not self.is_series(rid) or m.doc_id == collection(m.doc_id)
                    or self.doc_dates.get(m.doc_id)):
                continue
            cands = editions.get((collection(m.doc_id), self.series_of[rid]))
            if not cands:
                continue
            _, target = max(cands)
            if target in self.ref.entities:
                self.to_edition(m, target, assigned)
            else:
                del assigned[id(m)]
                m.norm = groups[target][0].norm
                groups[target].append(m)

    def same_year(self, fits: set[str], doc_id: str, names: dict[tuple[str, str], set[str]]) -> set[str]:
        """The candidate editions dated in the document's year (by reference date or a 2022年 in the name)."""
        year = (self.doc_dates.get(doc_id) or "")[:4]
        if not year:
            return fits
        out = set()
        for target in fits:
            e = self.ref.entities.get(target)
            dated = e.row.get("date", "") if e is not None else ""
            named = any(f"{year}年" in n for (_c, t), ns in names.items() if t == target for n in ns)
            if dated.startswith(year) or named:
                out.add(target)
        return out or fits
