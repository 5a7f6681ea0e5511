"""References that point back: events named earlier (此次峰会, 会议期间, 出席开幕式),
groups of people or countries named earlier (两国元首, 五位总统, 上述外长, 双方,
他们), and the person a clause's 他/她 stands for.

A news paragraph names its event and its actors once and then refers to
them; without these references half of the interactions of a report have
no named argument. Event references become mentions of the antecedent (so
resolution links them to the same node); group references become phrases
whose members are the antecedents.
"""

from __future__ import annotations

import re

from kg.extract.phrases import Phrase
from kg.model import Mention

# generic heads that refer back to a named event, and the event heads they agree with
_EVENT_HEADS = {
    "高峰论坛": ("论坛",), "峰会": ("峰会", "会晤", "会议"), "论坛": ("论坛",), "会晤": ("会晤", "峰会"),
    "对话会": ("对话会", "对话"), "对话": ("对话",), "博览会": ("博览会",), "进博会": ("博览会",),
    "记者会": ("记者会", "发布会"), "仪式": ("仪式",), "宴会": ("宴会",), "大会": ("大会",), "年会": ("年会",),
    "会议": (), "开幕式": (), "闭幕式": (), "全会": ("全会",), "运动会": ("会",),
}
_HEAD_RE = "|".join(sorted(_EVENT_HEADS, key=len, reverse=True))
_DEMONSTRATIVE = r"(此次|本次|这次|该次|该|上述|本届|这届|此届|今年的|当天的)"
_EVENT_REF = re.compile(rf"(?P<dem>{_DEMONSTRATIVE})?(?P<head>{_HEAD_RE})")
# after the head: the reference is to the event (峰会期间, 论坛上, 会晤由…主持)
_EVENT_TAIL = re.compile(r"^(期间|上|前|后|开幕式|闭幕式|之际|时|由|于|在|结束|开幕|闭幕|举行|召开|通过|决定|发表)")
# before the head: a verb of attending or hosting takes it as object
_EVENT_VERB = re.compile(r"(出席|参加|主持|出席了|参加了|主持了|与会|列席|致辞|召开|举办|承办)(了)?$")

_NUMS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_PEOPLE_NOUN = r"(领导人|元首|国家元首|总统|总理|首相|外长|外交部长|首脑|部长|防长|贵宾|嘉宾|代表|负责人|主席)"
_GROUP_REF = re.compile(
    rf"(?P<dem>上述|与会|这些|有关|各)(?:各国)?(?P<pnoun>{_PEOPLE_NOUN})"
    rf"|(?P<num>[两二三四五六七八九十]|\d+)(?:位|名)(?P<pnoun2>{_PEOPLE_NOUN})"
    rf"|(?P<cnum>[两三四五六七八九十]|\d+)国(?P<cnoun>{_PEOPLE_NOUN}|政府)?"
    r"|(?P<pair>双方|两人|二人)"
    r"|(?P<they>他们|她们)"
)
_PRONOUN = re.compile(r"(?<![其他])(他|她)(?![们国人])")


def _count(s: str | None) -> int | None:
    if not s:
        return None
    return int(s) if s.isdigit() else _NUMS.get(s)


def event_references(norm: str, mentions: list[Mention]) -> list[tuple[int, int, Mention]]:
    """(start, end, antecedent) of generic references to named events. The
    antecedent mention itself fills the slot, so the reference resolves to
    whatever node the named event resolves to."""
    events = sorted((m for m in mentions if m.label == "Event"), key=lambda m: m.start)
    if not events:
        return []
    taken = sorted((m.start, m.end) for m in mentions)
    out: list[tuple[int, int, Mention]] = []
    for r in _EVENT_REF.finditer(norm):
        s, e = r.start("head"), r.end("head")
        if any(a < e and s < b for a, b in taken):
            continue
        head = r.group("head")
        cued = bool(r.group("dem")) or bool(_EVENT_TAIL.match(norm[e:e + 4])) \
            or bool(_EVENT_VERB.search(norm[max(0, s - 4):s]))
        if not cued:
            continue
        agree = _EVENT_HEADS[head]
        earlier = [m for m in events if m.end <= s]
        pool = earlier or events
        if agree:
            pool = [m for m in pool if m.norm.rstrip("”\"》").endswith(agree)] or \
                ([] if head in ("仪式", "宴会") else pool)
        if not pool:
            continue
        out.append((s, e, pool[-1] if earlier else pool[0]))
    return out


_CEREMONY = re.compile(r"(通车|开通|通航|开港|竣工|开工|启动|揭牌|奠基|签字|签约|剪彩|交接|投产|开幕)(仪式|典礼)")
_CEREMONY_CUE = re.compile(r"(出席|参加|主持|举行|举办|见证|出席了|参加了|举行了)$")


def ceremonies(norm: str, mentions: list[Mention], doc_id: str) -> list[Mention]:
    """出席通车仪式 after 蒙内铁路…通车: a ceremony named only by its kind is the
    ceremony of the project the text is about, an event with an identity
    (蒙内铁路通车仪式), so two documents that describe it meet on one node."""
    taken = [(m.start, m.end) for m in mentions]
    projects = sorted((m for m in mentions if m.label == "Project"), key=lambda m: m.start)
    out = []
    for c in _CEREMONY.finditer(norm):
        s, e = c.start(), c.end()
        if any(a < e and s < b for a, b in taken) or not _CEREMONY_CUE.search(norm[max(0, s - 4):s]):
            continue
        earlier = [m for m in projects if m.end <= s and s - m.end <= 200]
        if not earlier:
            continue
        p = earlier[-1]
        out.append(Mention(doc_id, s, e, norm[s:e], "Event", p.norm + c.group(0), "rule", None,
                           None, 0.6))
    return out


_NAME_GAP = re.compile(r"^[^，,。；;：:、\s“”\"（）()]{0,16}$")
_NOT_IN_NAME = re.compile(r"(出席|参加|主持|举行|举办|见证|在|于|的|并|和|与|同)")


def named_ceremonies(norm: str, mentions: list[Mention], doc_id: str) -> list[Mention]:
    """某铁路项目政府间协定签字仪式, 某铁路某至某段通车仪式: a project, a few words
    that narrow it (a section, an agreement) and a ceremony are one event's name,
    longer than any the model found inside it."""
    projects = sorted((m for m in mentions if m.label == "Project"), key=lambda m: m.start)
    out = []
    for c in _CEREMONY.finditer(norm):
        s, e = c.start(), c.end()
        p = next((m for m in reversed(projects) if m.end <= s), None)
        if p is None or not _NAME_GAP.match(norm[p.end:s]) or _NOT_IN_NAME.search(norm[p.end:s]):
            continue
        if any(m.start <= p.start and e <= m.end for m in mentions if m.label == "Event"):
            continue  # already named as a whole
        out.append(Mention(doc_id, p.start, e, norm[p.start:e], "Event", norm[p.start:e], "rule", None, None, 0.7))
    return out


def group_references(norm: str, lo: int, hi: int, taken: list[tuple[int, int]]) -> list[tuple[int, int, str, int | None]]:
    """(start, end, kind, count) of group references in norm[lo:hi]: kind is
    "people", "countries" or "listed" (上述/与会: the last group named)."""
    out: list[tuple[int, int, str, int | None]] = []
    for g in _GROUP_REF.finditer(norm, lo, hi):
        if any(a < g.end() and g.start() < b for a, b in taken):
            continue
        if g.group("dem"):
            out.append((g.start(), g.end(), "listed", None))
        elif g.group("num"):
            out.append((g.start(), g.end(), "people", _count(g.group("num"))))
        elif g.group("cnum"):
            kind = "countries" if not g.group("cnoun") or g.group("cnoun") == "政府" else "people"
            out.append((g.start(), g.end(), kind, _count(g.group("cnum"))))
        elif g.group("pair"):
            out.append((g.start(), g.end(), "pair", 2))
        else:
            out.append((g.start(), g.end(), "listed", None))
    return out


def pronouns(norm: str, lo: int, hi: int, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(p.start(), p.end()) for p in _PRONOUN.finditer(norm, lo, hi)
            if not any(a <= p.start() < b for a, b in taken)]


class History:
    """What a document has named so far: people and countries in order, and the
    coordinated groups of people, so that references can find their antecedents."""

    def __init__(self) -> None:
        self.people: list[Mention] = []
        self.countries: list[Mention] = []
        self.person_groups: list[list[Mention]] = []
        self.country_groups: list[list[Mention]] = []  # 甲国外长某和乙国外长某: the countries acting together

    def add(self, mentions: list[Mention]) -> None:
        for m in mentions:
            if m.label == "Person":
                self.people.append(m)
            elif m.label == "Country":
                self.countries.append(m)

    def add_group(self, people: list[Mention]) -> None:
        if len({p.norm for p in people}) >= 2:
            self.person_groups.append(people)

    def add_country_group(self, countries: list[Mention]) -> None:
        if len({c.ref or c.norm for c in countries}) >= 2:
            self.country_groups.append(countries)

    @staticmethod
    def _last_distinct(ms: list[Mention], n: int, before: int, exclude: set[str]) -> list[Mention]:
        out: list[Mention] = []
        seen = set(exclude)
        for m in reversed([m for m in ms if m.end <= before]):
            key = m.ref or m.norm
            if key in seen:
                continue
            seen.add(key)
            out.append(m)
            if len(out) == n:
                break
        return list(reversed(out)) if len(out) == n else []

    def resolve(self, kind: str, count: int | None, before: int, exclude: set[str]) -> list[Mention]:
        if kind == "countries":
            # 两国: the last pair named together (甲乙两国外长签署…。某国曾在两国之间斡旋), else the last two named
            for grp in reversed(self.country_groups):
                members = list({(m.ref or m.norm): m for m in grp if (m.ref or m.norm) not in exclude}.values())
                if grp[-1].end <= before and len(members) == (count or 2):
                    return members
            return self._last_distinct(self.countries, count or 2, before, exclude)
        if kind == "listed":
            for grp in reversed(self.person_groups):
                if grp and grp[-1].end <= before:
                    members = [m for m in grp if (m.ref or m.norm) not in exclude]
                    if len(members) >= 2:
                        return members
            return self._last_distinct(self.people, 2, before, exclude)
        return self._last_distinct(self.people, count or 2, before, exclude)


def reference_phrase(start: int, end: int, members: list[Mention], marker: str) -> Phrase:
    return Phrase(members[0], [], start, end, marker, False, members)
