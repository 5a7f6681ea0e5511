"""Mentions → canonical entities: one node per real-world referent.

A mention recognised by the gazetteer carries its reference id. Any other
mention is looked up by its cleaned name (aliases, Traditional forms and
English names are all reference keys); failing that it becomes a new entity
keyed by class and normalised name, so the same name in two documents is one
node. Ids are stable: the reference key, or a hash of the normalised name.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable

from kg.model import CLASSES, Entity, Mention
from kg.nlp.normalize import to_simplified
from kg.reference import Reference

_STRIP = re.compile(r"[“”\"'‘’「」『』《》〈〉\s\u3000]")
_DOTS = re.compile(r"[·•・‧]")


def name_key(text: str) -> str:
    """The form two mentions of one name share: Simplified, NFKC, no quotes or dots."""
    s = unicodedata.normalize("NFKC", to_simplified(text))
    s = _DOTS.sub("", _STRIP.sub("", s))
    s = re.sub(r"[—–－‐]", "-", s)
    return s.lower() if s.isascii() else s


# Suffixes a name may carry or drop without naming something else:
# 北京市 is 北京, 金砖国家集团 is 金砖国家, 中国日报社 is 中国日报.
_SUFFIXES = {
    "Place": ("特别行政区", "自治区", "地区", "市", "省", "县"),
    "Organization": ("集团", "组织", "社", "机制"),
    "Country": ("国",),
}


def _variants(key: str, cls: str) -> list[str]:
    out = [key[: -len(suf)] for suf in _SUFFIXES.get(cls, ()) if key.endswith(suf) and len(key) - len(suf) >= 2]
    out += [key + suf for suf in _SUFFIXES.get(cls, ())]
    if cls in ("Project", "Event") and len(key) > 4:
        out.append(key[1] + key[0] + key[2:])  # 巴中经济走廊 is 中巴经济走廊
    return out


_ORDINAL = re.compile(r"^(第[一二三四五六七八九十百零〇\d]+[届次轮]|首届|首次)")
# heads that name the same kind of gathering: 第二届高峰论坛 is 第二届…国际合作高峰论坛
_HEAD_CLASSES = (("高峰论坛", "峰会", "论坛"), ("会晤", "会谈"), ("博览会", "博会", "展览会", "交易会"),
                 ("选举", "大选"), ("记者会", "新闻发布会", "发布会"))
_ROUTINE = ("例行记者会", "例行新闻发布会", "例行吹风会", "定期记者会")
_GENERIC_EVENT = re.compile(r"^(\d{4}年|第?[一二三四五六七八九十百零〇\d]+[届次轮]|首届|首次|本届|这次|此次)"
                            r"(峰会|高峰论坛|论坛|会议|会晤|会谈|记者会|年会|大会)$")
_ORG_TAILS = ("股份有限公司", "有限公司", "公司", "集团")


def _head_class(key: str) -> tuple[int, str] | None:
    for i, heads in enumerate(_HEAD_CLASSES):
        for h in heads:
            if key.endswith(h):
                return i, key[: -len(h)]
    return None


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def short_form_of(short: str, long: str, cls: str) -> bool:
    """Whether ``short`` is a within-document short form of ``long``: 新航 of
    新加坡航空公司, 第二届高峰论坛 or 第二届一带一路峰会 of 第二届“一带一路”国际合作高峰论坛.

    Only ever used among names one document mentions, where the writer relies
    on the reader connecting them.
    """
    if len(short) >= len(long) or len(short) < 2:
        return False
    if cls == "Organization":
        if any(long == short + t for t in _ORG_TAILS):
            return True  # 新加坡航空 of 新加坡航空公司
        bare = long.removeprefix("中国")  # 国航 of 中国国际航空公司
        return len(short) <= 3 and any(short[0] == x[0] and _subsequence(short, x) for x in {long, bare} if x)
    if cls != "Event":
        return False
    so, lo = _ORDINAL.match(short), _ORDINAL.match(long)
    if bool(so) != bool(lo) or (so and lo and so.group() != lo.group()):
        return False
    hs, hl = _head_class(short), _head_class(long)
    if not hs or not hl or hs[0] != hl[0]:
        return False
    core_s = hs[1][so.end():] if so else hs[1]
    core_l = hl[1][lo.end():] if lo else hl[1]
    return (bool(so) or len(core_s) >= 2) and _subsequence(core_s, core_l)


_YEAR_PREFIX = re.compile(r"^(?P<year>(?:19|20)\d\d)年?(?P<name>.+)$")
_YEAR_SUFFIX = re.compile(r"^(?P<name>\D+)(?P<year>(?:19|20)\d\d)$")  # 全国两会2022


def _months(iso: str) -> int:
    """2017-05 → months since year 0, for how far apart two dates are."""
    return int(iso[:4]) * 12 + (int(iso[5:7]) - 1 if len(iso) >= 7 else 0)


def _collection(doc_id: str) -> str:
    """Posts of one feed file (a.csv#L3, a.csv#L9) discuss the same events."""
    return doc_id.split("#L", 1)[0]


def _scope(m: Mention) -> str:
    """Where a short form may find its full name: events across a feed file,
    organisations within one post."""
    return _collection(m.doc_id) if m.label == "Event" else m.doc_id


def new_entity_id(cls: str, key: str) -> str:
    return f"{cls.lower()}/{hashlib.sha1(key.encode('utf-8')).hexdigest()[:12]}"


class Resolver:
    """Assigns every mention an entity id and builds the entity records."""

    def __init__(self, reference: Reference) -> None:
        self.ref = reference
        self._doc_dates: dict[str, str] = {}
        self._by_key: dict[str, list[str]] = defaultdict(list)
        for e in reference.entities.values():
            for n in e.names:
                self._by_key[name_key(n)].append(e.id)
        # recurring events: id → series, and series → its listed, dated editions
        self._series_of = {e.id: e.row["series"] for e in reference.entities.values()
                           if e.cls == "Event" and e.row.get("series")}
        self._editions_of: dict[str, list[str]] = defaultdict(list)
        for eid, series in self._series_of.items():
            if reference.entities[eid].row.get("date"):
                self._editions_of[series].append(eid)

    def _is_series(self, rid: str | None) -> bool:
        """True for the series itself (event/two-sessions), not one of its editions."""
        return rid in self._series_of and rid.split("/", 1)[1] == self._series_of[rid]

    def _reference_id(self, m: Mention) -> str | None:
        if m.ref and m.ref in self.ref.entities:
            return m.ref
        key = name_key(m.norm)
        ids = self._by_key.get(key, [])
        same = [i for i in ids if self.ref.entities[i].cls == m.label]
        if same:
            return same[0]
        if len(ids) == 1 and m.source == "model":
            return ids[0]  # the model's class guess loses to curated data
        variants = _variants(key, m.label)
        if m.label == "Event":
            variants += self._place_moved(key)
        for variant in variants:
            same = [i for i in self._by_key.get(variant, []) if self.ref.entities[i].cls == m.label]
            if same:
                return same[0]
        return None

    def _edition_key(self, key: str) -> str:
        """2017两会, 2017年两会 and 2017年全国两会 are one edition: a year before
        any name of a listed yearly series keys the edition by the series' name."""
        m = _YEAR_PREFIX.match(key) or _YEAR_SUFFIX.match(key)
        if not m:
            return key
        series = [i for i in self._by_key.get(m["name"], ()) if self.ref.entities[i].cls == "Event"]
        return f"{m['year']}年{name_key(self.ref.entities[series[0]].name)}" if series else key

    def _place_moved(self, key: str) -> list[str]:
        """杭州G20峰会 is G20杭州峰会: a leading place name may sit after the
        organiser's name instead."""
        out = []
        for k in (2, 3, 4):
            place = key[:k]
            if not any(self.ref.entities[i].cls in ("Place", "Country") for i in self._by_key.get(place, ())):
                continue
            out += [key[k:j] + place + key[j:] for j in range(k + 1, len(key) - 1)]
        return out

    def resolve(self, mentions: Iterable[Mention],
                doc_dates: dict[str, str] | None = None) -> tuple[dict[int, str], dict[str, Entity]]:
        """Map ``id(mention)`` → entity id, and return the entities.

        ``doc_dates`` (document id → ISO date) lets a year-less short form
        (两会记者会 in a 2022 post) pick the edition of its document's year."""
        self._doc_dates = doc_dates or {}
        mentions = [m for m in mentions if m.label in CLASSES]
        assigned: dict[int, str] = {}
        open_class: dict[str, list[Mention]] = defaultdict(list)
        for m in mentions:
            rid = self._reference_id(m)
            if rid:
                assigned[id(m)] = rid
            else:
                key = self._edition_key(name_key(m.norm)) if m.label == "Event" else name_key(m.norm)
                if m.label == "Event" and key.endswith(_ROUTINE):  # one briefing a day, not one for all days
                    key += "@" + self._doc_dates.get(m.doc_id, m.doc_id)
                open_class[key].append(m)
        self._merge_partial_people(open_class)
        self._attach_partial_to_listed(open_class, mentions, assigned)
        self._series_to_edition(mentions, assigned)
        self._series_by_year(mentions, assigned, open_class)
        self._attach_short_forms(open_class, mentions, assigned)
        self._series_latest_in_feed(mentions, assigned, open_class)
        self._merge_reversed_compounds(open_class)
        for key, ms in open_class.items():
            if not key or (len(key) == 1 and all(m.label == "Person" for m in ms)):
                continue  # a bare surname (江主席) nobody in the document's listed people matches
            if len(key) == 2 and all(m.label == "Organization" and m.source == "model" for m in ms):
                continue  # 联通, 普惠: two-character organisation guesses are too often word fragments
            if all(m.label == "Event" for m in ms) and _GENERIC_EVENT.match(key):
                continue  # 2016年峰会, 第十五次峰会: a bare head with a date or number names nothing by itself
            votes: Counter[str] = Counter()
            for m in ms:
                votes[m.label] += m.confidence + (0.5 if m.source == "rule" else 0.0)
            cls = votes.most_common(1)[0][0]
            eid = new_entity_id(cls, key)
            for m in ms:
                assigned[id(m)] = eid
        entities = self._entities(mentions, assigned)
        return assigned, entities

    def _attach_partial_to_listed(self, groups: dict[str, list[Mention]], mentions: list[Mention],
                                  assigned: dict[int, str]) -> None:
        """河野 in a document that names 河野太郎 is that listed person."""
        listed: dict[str, set[str]] = defaultdict(set)  # doc, and feed file → listed person ids
        for m in mentions:
            rid = assigned.get(id(m))
            if rid and rid in self.ref.entities and self.ref.entities[rid].cls == "Person":
                listed[m.doc_id].add(rid)
                listed["file:" + _collection(m.doc_id)].add(rid)

        def fits(rid: str, key: str, strict: bool) -> bool:
            for n in self.ref.entities[rid].names:
                if n == key or len(n) <= len(key):
                    continue
                if strict:  # across posts only a whole part of a foreign name: 敦 of 敦·帕马威奈
                    if n.startswith(key + "·") or n.endswith("·" + key):
                        return True
                elif n.startswith(key) or (len(key) > 1 and n.endswith(key)):
                    return True
            return False

        for key in list(groups):
            ms = groups[key]
            if not key or not all(m.label == "Person" for m in ms):
                continue
            for m in list(ms):
                cands = [rid for rid in listed.get(m.doc_id, ()) if fits(rid, key, False)]
                if not cands and m.doc_id != _collection(m.doc_id):
                    cands = [rid for rid in listed.get("file:" + _collection(m.doc_id), ()) if fits(rid, key, True)]
                if len(cands) == 1:
                    assigned[id(m)] = cands[0]
                    ms.remove(m)
            if not ms:
                del groups[key]

    def _merge_reversed_compounds(self, groups: dict[str, list[Mention]]) -> None:
        """欧中领导人会晤 is 中欧领导人会晤: the order of a two-party compound
        at the start of an event or project name does not change the referent."""
        singles = {a for a in self.ref.by_abbr if len(a) == 1}
        for key in sorted(groups):
            if len(key) < 4 or key[0] not in singles or key[1] not in singles or key not in groups:
                continue
            if not {m.label for m in groups[key]} & {"Event", "Project"}:
                continue
            other = key[1] + key[0] + key[2:]
            if other in groups and other != key:
                keep, drop = sorted((key, other), key=lambda k: (-len(groups[k]), k))
                groups[keep].extend(groups.pop(drop))

    def _to_edition(self, m: Mention, edition: str, assigned: dict[int, str]) -> None:
        """Assign a series mention to one edition, named as the edition: the
        series' short form (两会记者会) is not a name of that one edition."""
        assigned[id(m)] = edition
        m.norm = self.ref.entities[edition].name

    def _series_to_edition(self, mentions: list[Mention], assigned: dict[int, str]) -> None:
        """上合组织峰会 in a text about the Qingdao summit is that summit: a series
        named in a document that names exactly one of its editions means it."""
        series_of = self._series_of
        editions: dict[str, set[str]] = defaultdict(set)  # doc → edition ids
        for m in mentions:
            rid = assigned.get(id(m))
            if rid in series_of and not self._is_series(rid):
                editions[_collection(m.doc_id)].add(rid)
        for m in mentions:
            rid = assigned.get(id(m))
            if self._is_series(rid):
                same = [e for e in editions.get(_collection(m.doc_id), ()) if series_of[e] == series_of[rid]]
                if len(same) == 1:
                    self._to_edition(m, same[0], assigned)

    def _year_named_editions(self, groups: dict[str, list[Mention]]) -> dict[tuple[str, str], list[tuple[str, str]]]:
        """(feed, series) → (year, group key) of every unlisted edition the feed
        names by its year (2017年全国两会): edition keys are year + series name."""
        named: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        for key, ms in groups.items():
            y = _YEAR_PREFIX.match(key)
            series = [i for i in self._by_key.get(y["name"], ()) if self._is_series(i)] if y else []
            for m in ms if series else ():
                named[(_collection(m.doc_id), self._series_of[series[0]])].append((y["year"], key))
        return named

    def _series_by_year(self, mentions: list[Mention], assigned: dict[int, str],
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
            when = self._doc_dates.get(m.doc_id) or ""
            year = when[:4]
            if not year or not self._is_series(rid):
                continue
            e = self.ref.entities[rid]
            editions = self._editions_of.get(e.row["series"], [])
            listed = [eid for eid in editions if self.ref.entities[eid].row["date"][:4] == year]
            if len(listed) != 1 and len(when) >= 7:
                listed = [eid for eid in editions
                          if abs(_months(self.ref.entities[eid].row["date"]) - _months(when)) <= 6]
            if len(listed) == 1:
                self._to_edition(m, listed[0], assigned)
                continue
            if editions:
                continue  # listed editions, none of them this year's: the series itself
            key = name_key(f"{year}年{e.name}")
            if key in groups or (_collection(m.doc_id), e.row["series"]) in by_year:
                m.norm = f"{year}年{e.name}"  # named as the edition, not by the series' short form
                del assigned[id(m)]
                groups[key].append(m)

    def _series_latest_in_feed(self, mentions: list[Mention], assigned: dict[int, str],
                               groups: dict[str, list[Mention]]) -> None:
        """#两会# in an undated post of a feed that names the 2017 and the 2023
        sessions is the 2023 one: a feed's posts follow current events, so a bare
        series name in a post that gives no year means the latest edition the
        feed names. A single undated article keeps the series itself."""
        editions = self._year_named_editions(groups)
        for m in mentions:
            rid = assigned.get(id(m))
            if rid in self._series_of and not self._is_series(rid):
                when = self.ref.entities[rid].row.get("date") or ""
                if when:
                    editions[(_collection(m.doc_id), self._series_of[rid])].append((when, rid))
        for m in mentions:
            rid = assigned.get(id(m))
            if (not self._is_series(rid) or m.doc_id == _collection(m.doc_id)
                    or self._doc_dates.get(m.doc_id)):
                continue
            cands = editions.get((_collection(m.doc_id), self._series_of[rid]))
            if not cands:
                continue
            _, target = max(cands)
            if target in self.ref.entities:
                self._to_edition(m, target, assigned)
            else:
                del assigned[id(m)]
                m.norm = groups[target][0].norm
                groups[target].append(m)

    def _attach_short_forms(self, groups: dict[str, list[Mention]], mentions: list[Mention],
                            assigned: dict[int, str]) -> None:
        """Unlisted short forms (新航, 第二届高峰论坛) of a name the same document
        gives in full join that name's entity, when exactly one name fits."""
        full: dict[str, dict[tuple[str, str], set[str]]] = defaultdict(lambda: defaultdict(set))
        for m in mentions:  # scope → (class, target) → name keys
            rid = assigned.get(id(m))
            if rid and rid in self.ref.entities:
                full[_scope(m)][(m.label, rid)] |= {name_key(n) for n in self.ref.entities[rid].names}
        for key, ms in groups.items():
            for m in ms:
                full[_scope(m)][(m.label, "key:" + key)].add(key)
        for key in sorted(groups, key=lambda k: (-len(k), k)):  # 新加坡航空 joins 新加坡航空公司 before 新航
            ms = groups.get(key)
            if not ms or {m.label for m in ms} - {"Organization", "Event"}:
                continue
            for m in list(ms):
                fits = {target for (cls, target), names in full[_scope(m)].items()
                        if cls == m.label and target != "key:" + key
                        and (not target.startswith("key:") or target[4:] in groups)
                        and any(short_form_of(key, n, cls) for n in names)}
                by_year = len(fits) > 1
                if by_year:
                    fits = self._same_year(fits, m.doc_id, full[_scope(m)])
                if len(fits) != 1:
                    continue
                target = fits.pop()
                if by_year and target in self.ref.entities:
                    # 两会记者会 in a 2019 post is the 2019 edition, but not one of its names
                    m.norm = self.ref.entities[target].name
                ms.remove(m)
                if target.startswith("key:"):
                    groups[target[4:]].append(m)
                else:
                    assigned[id(m)] = target
            if not ms:
                del groups[key]

    def _same_year(self, fits: set[str], doc_id: str, names: dict) -> set[str]:
        """The candidate editions dated in the document's year (by reference date or a 2022年 in the name)."""
        year = (self._doc_dates.get(doc_id) or "")[:4]
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

    def _merge_partial_people(self, groups: dict[str, list[Mention]]) -> None:
        """布林 and 布林肯 in one document are one person: the longer name wins."""
        people = {k: ms for k, ms in groups.items() if any(m.label == "Person" for m in ms)}
        for short in sorted(people, key=len):
            if len(short) < 2:
                continue
            docs = {m.doc_id for m in people[short]}
            longer = [k for k in people if k != short and len(k) > len(short)
                      and (k.startswith(short) or k.endswith(short))
                      and docs & {m.doc_id for m in people[k]}]
            if len(longer) == 1 and short in groups:
                groups[longer[0]].extend(groups.pop(short))

    def _entities(self, mentions: list[Mention], assigned: dict[int, str]) -> dict[str, Entity]:
        surfaces: dict[str, Counter[str]] = defaultdict(Counter)
        classes: dict[str, str] = {}
        docs: dict[str, set[str]] = defaultdict(set)
        for m in mentions:
            eid = assigned.get(id(m))
            if eid is None:
                continue
            # a synthesised mention (记者会 → 十四届全国人大二次会议记者会) is named by its norm
            form = m.text if name_key(m.text) == name_key(m.norm) else m.norm
            surfaces[eid][form] += 1
            docs[eid].add(m.doc_id)
            classes.setdefault(eid, m.label)
        out: dict[str, Entity] = {}
        for eid, forms in surfaces.items():
            r = self.ref.entities.get(eid)
            if r is not None:
                label, cls = r.name, r.cls
                alts = set(r.aliases) | {f for f in forms if len(f) >= 2}
                e = Entity(eid, cls, label, r.en, alts, dict(r.identifiers), sum(forms.values()),
                           docs[eid], date=r.row.get("date") or None, curated=True)
            else:
                best = max(forms.items(), key=lambda kv: (kv[1], -len(kv[0]), kv[0]))[0]
                label = to_simplified(best)
                alts = {f for f in forms if len(f) >= 2}
                e = Entity(eid, classes[eid], label, None, alts, {}, sum(forms.values()), docs[eid])
            e.alt_labels.discard(e.label)
            out[eid] = e
        return out
