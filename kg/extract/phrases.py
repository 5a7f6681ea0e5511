"""Noun phrases and coordination over the mentions of one clause.

Chinese news states who did what with noun phrases built from mentions and
titles (哈萨克斯坦总统托卡耶夫: a country, a title, a person) joined by
conjunctions (A、B和C / A以及B / A同B). A frame slot takes a whole
coordinated group, so a verb distributes over every name in it. Each phrase
remembers the function word in front of it (在 X: a place; 同 X: a partner;
由 X / 受到 X: the real agent of a passive), which is how slots tell
subjects from obliques.

Written here rather than with spaCy's dependency parser because no offline
Chinese parser ships in a registry package small enough for this project;
LAC gives words and tags only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.model import Mention

#: Label families that may be coordinated with each other.
FAMILY = {"Person": "P", "Country": "C", "Organization": "C", "Place": "C", "Event": "E",
          "Initiative": "I", "Project": "I"}

_CLAUSE = re.compile(r"[，,；;：:。！？!?\n【】#]|(?<=[\u4e00-\u9fff]) {2,}|\u3000{2,}")  # 某标题  正文: a gap of spaces ends a headline
# gap between two coordinated phrases; the captured word is the link
_CONJ = re.compile(r"^(、|和|及|以及|暨|与|同|跟|、以及|，以及|和夫人|及夫人|、和)$")
# function words that make the phrase after them an oblique, longest first
_MARKERS = ("受到了", "受到", "同", "与", "跟", "和", "在", "于", "赴", "对", "向", "从", "自", "应", "为", "给",
            "经", "至", "到", "由", "被", "代表", "陪同", "作为")
_MARKER_RE = re.compile("(" + "|".join(sorted(_MARKERS, key=len, reverse=True)) + ")$")
# a relative clause between a marker and its head: 同[来华进行国事访问的]哥伦比亚总统佩特罗
_REL_BEFORE = re.compile(r"(同|与|跟|受到|由|为)([^，,；;。：:、]{1,24})的$")
# 等成员国领导人，以及…: a list's summarising noun before the next conjunct
_GROUP_TAIL = re.compile(r"^等[^，,。；;]{0,12}?(领导人|负责人|代表|国家|官员|元首|首脑|人士|政要|国)[，,]?(?=以及|及|和)")
_VERBISH = re.compile(r"(受到|同|跟|在|由|被|对|向|应|将|派|已|曾|还|也|再|又|率|邀|请|会见|出席|访问|举行|表示)")
_BRACKETED = re.compile(r"[（(][^（()）]{1,16}[）)]")  # used with .match: anchored where it starts
_MINISTRY_TITLE = re.compile(r"[\u4e00-\u9fff]{2,6}(与|和)[\u4e00-\u9fff]{1,6}(部长|部部长|大臣|部副部长)")
_ENVOY = re.compile(r"^(特使|特别代表|私人代表|夫人|丈夫)(、?[^，,；;。]{0,14})$")
_CONJ_TITLE = re.compile(r"^(、|和|及|以及|与|同|跟)([^，,；;。、]{1,14})$")
_NO_TITLE = set("，,；;。：:！？!?、（）()《》“”\"")
_TIME_ADV = re.compile(r"^[\d一二三四五六七八九十两]*[日号月年]?(上午|下午|晚上|晚间|晚|早上|中午|当天|当日|同日|次日|日前|近日)?$")


@dataclass
class Phrase:
    """A noun phrase: its head mention (the person of 美国总统拜登) and modifiers."""

    head: Mention
    mods: list[Mention] = field(default_factory=list)
    start: int = 0
    end: int = 0
    marker: str = ""  # function word right before the phrase (在, 同, 由 ...)
    relative: bool = False  # the phrase heads a relative clause (…的 X)
    members: list[Mention] | None = None  # a group reference (两国元首) resolved to these
    countries: list[Mention] = field(default_factory=list)  # the countries such a reference may mean

    @property
    def label(self) -> str:
        return self.head.label

    @property
    def mentions(self) -> list[Mention]:
        return list(self.members) if self.members is not None else [self.head]


@dataclass
class Group:
    """Coordinated phrases; ``links[i]`` joins phrases i and i+1 (、 和 同 ...)."""

    phrases: list[Phrase]
    links: list[str] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.phrases[0].start

    @property
    def end(self) -> int:
        return self.phrases[-1].end

    @property
    def marker(self) -> str:
        return self.phrases[0].marker

    @property
    def label(self) -> str:
        return self.phrases[0].label

    def mentions(self, labels: set[str] | None = None) -> list[Mention]:
        out = [m for p in self.phrases for m in p.mentions]
        return [m for m in out if labels is None or m.label in labels]

    def split_partner(self) -> tuple[list[Phrase], list[Phrase]]:
        """A同B和C → ([A], [B, C]): the phrases before the first 同/与/跟/和 and the rest."""
        for i, link in enumerate(self.links):
            if link == "和" and "、" in self.links[:i]:
                continue  # A、B和C: the last conjunct of a list, not a partner
            if link in ("同", "与", "跟", "和"):
                return self.phrases[:i + 1], self.phrases[i + 1:]
        return self.phrases, []


def clause_spans(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clauses of a sentence: cut at commas, semicolons and colons, except a
    comma that continues a list (，以及 …)."""
    out, pos = [], start
    for m in _CLAUSE.finditer(norm, start, end):
        if m.group(0) in "，," and norm.startswith(("以及", "及其他"), m.end()):
            continue
        cut = m.end()
        if cut > pos:
            out.append((pos, cut))
        pos = cut
    if end > pos:
        out.append((pos, end))
    return out


def unnested(mentions: list[Mention]) -> list[Mention]:
    """The mentions no longer mention contains, in their order (crossing ones both stay):
    the parts of 中老铁路 are not arguments of a fact about the railway."""
    return [m for m in mentions
            if not any(o is not m and o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start)
                       for o in mentions)]


def outermost(mentions: list[Mention]) -> list[Mention]:
    """Drop mentions nested in a longer one (the parts of 中老铁路 are not arguments)."""
    ms = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mention] = []
    for m in ms:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


def _title_gap(gap: str, titles: tuple[str, ...]) -> bool:
    """中国驻哈萨克斯坦大使, 副总理兼外长, 政治局委员、外交部长: the words between
    a modifier and a name form a title (a chain of titles is one)."""
    if not gap or gap in ("长", "副长"):
        return True  # 中国外交部|长王毅: the body's name took the 部 of 部长
    if _MINISTRY_TITLE.fullmatch(gap):
        return True  # 外交与对外经济部长, 国际关系与合作部长: a ministry's name joins its fields with 与/和
    if len(gap) > 24 or any(ch in _NO_TITLE for ch in gap.replace("、", "")):
        return False
    for part in gap.split("、"):
        if not part.endswith(titles):
            return False
        title = max((t for t in titles if part.endswith(t)), key=len)
        if _VERBISH.search(part[:-len(title)]):
            return False  # 在北京受到国家主席: a verb phrase, not a title
    return True


def marker_before(norm: str, lo: int, start: int, titles: tuple[str, ...] = ()) -> tuple[str, bool]:
    """The function word right before ``start`` (not before ``lo``) and whether
    the phrase heads a relative clause (同[来访的]X, 由[中方主办的]…)."""
    before = norm[max(lo, start - 30):start]
    rel = _REL_BEFORE.search(before)
    if rel and rel.group(1) in "同与" and rel.group(2).startswith("为"):
        return "", True  # 同为某地区国家的某国: a copula (同为, 与…同为), not a partner
    if rel and not any(ch in rel.group(2) for ch in "同与跟"):
        return rel.group(1), True
    stripped = before.rstrip()
    core = stripped
    while titles and core.endswith(("、", "兼")) and core[:-1].endswith(titles):
        core = core[:-1 - len(max((t for t in titles if core[:-1].endswith(t)), key=len))]
    if core != stripped:  # 与国务委员、国务院…: past a chain of titles that ends before a body
        m = _MARKER_RE.search(core)
        if m and m.group(1) in ("受到", "受到了", "由", "同", "与", "跟", "在"):
            return m.group(1), False
    if titles and stripped.endswith(titles):
        # 受到国家主席习近平: look past the title; 特别代表李辉: a title, not the verb 代表
        title = max((t for t in titles if stripped.endswith(t)), key=len)
        rest = stripped[:-len(title)]
        m = _MARKER_RE.search(rest)
        return (m.group(1), False) if m and m.group(1) in ("受到", "受到了", "由", "同", "与", "跟", "在") else ("", False)
    m = _MARKER_RE.search(stripped)
    if m:
        return m.group(1), False
    return ("", stripped.endswith("的"))


_SEAT = re.compile(r"^[^，,；;。、]{0,8}(轮值主席国|东道国|东道主|主席国)$")


def _chain_to_head(norm: str, ms: list[Mention], j: int, end: int, titles: tuple[str, ...]) -> int | None:
    """Index of the person (or country) that the modifiers before ``ms[j]`` lead to
    through titles: 政治局[委员、]中央外办[主任]王毅 → 王毅. None when the chain breaks."""
    pos = end
    for k in range(j, min(len(ms), j + 4)):
        gap = norm[pos:ms[k].start]
        if ms[k].label == "Person" and _title_gap(gap, titles):
            return k
        if ms[k].label == "Country" and _SEAT.match(gap):
            return k
        if ms[k].label == "Country" and gap == "驻":
            pos = ms[k].end  # 某国驻华大使某某: the host country belongs to the title
            continue
        if ms[k].label not in ("Organization", "Country"):
            return None
        if gap and not (gap.endswith(("、", "兼")) and gap[:-1] and _title_gap(gap[:-1], titles)):
            return None  # 古巴国务委员会主席…: a body of the country right after it is part of the chain
        pos = ms[k].end
    return None


def phrases(norm: str, lo: int, hi: int, mentions: list[Mention], titles: tuple[str, ...]) -> list[Phrase]:
    """The noun phrases of norm[lo:hi]: a person absorbs the country/organisation and title before it."""
    ms = [m for m in outermost(mentions) if lo <= m.start and m.end <= hi]
    out: list[Phrase] = []
    i = 0
    while i < len(ms):
        m = ms[i]
        ph = Phrase(m, [], m.start, m.end)
        j = i + 1
        while j < len(ms) and ph.head.label in ("Country", "Organization", "Place"):
            k = _chain_to_head(norm, ms, j, ph.end, titles)
            if k is None:
                break
            # 中共中央政治局委员、中央外办主任王毅; 东盟轮值主席国马来西亚: the last name is the head
            ph.mods.extend([ph.head, *ms[j:k]])
            ph.head = ms[k]
            ph.end = ms[k].end
            j = k + 1
        # 习近平特使、国务委员王勇; 习近平夫人彭丽媛: the envoy or spouse is the head, the
        # person named first only qualifies them
        while ph.head.label == "Person" and j < len(ms):
            gap = norm[ph.end:ms[j].start]
            env = _ENVOY.match(gap)
            if not env:
                break
            if ms[j].label == "Person" and (env.group(2) == "" or _title_gap(env.group(2).lstrip("、"), titles)):
                target: int | None = j
            elif ms[j].label in ("Organization", "Country") and env.group(2) in ("", "、"):
                # 习近平特使、国家发展改革委主任徐绍史: through the envoy's own body and title
                target = _chain_to_head(norm, ms, j + 1, ms[j].end, titles)
                if target is None or ms[target].label != "Person":
                    break
            else:
                break
            assert target is not None
            ph.mods.extend([ph.head, *ms[j:target]])
            ph.head = ms[target]
            ph.end = ms[target].end
            j = target + 1
        # a title right after the name (习近平主席, 托卡耶夫总统) belongs to the phrase
        if ph.head.label == "Person":
            tail = norm[ph.end:min(hi, ph.end + 8)]
            for t in titles:
                if tail.startswith(t):
                    ph.end += len(t)
                    break
        ph.marker, ph.relative = marker_before(norm, lo, ph.start, titles)
        out.append(ph)
        i = j
    return out


def groups(norm: str, phrases_: list[Phrase], titles: tuple[str, ...] = ()) -> list[Group]:
    """Coordinate phrases of one family joined by 、 和 及 以及 暨 同 与 跟."""
    out: list[Group] = []
    kept: list[Phrase] = []
    for ph in phrases_:  # 某某（某国总统）: what the brackets after a person say is about that person
        prev = kept[-1] if kept else None
        if prev is not None and prev.label == "Person" and norm[prev.end:prev.end + 1] in "（(":
            close = _BRACKETED.match(norm, prev.end)
            if close is not None and ph.end <= close.end():
                continue
        kept.append(ph)
    for ph in kept:
        if out:
            last = out[-1]
            gap = norm[last.end:ph.start]
            bracket = _BRACKETED.match(gap)
            if bracket is not None:  # A（某国总统）、B（…）: the brackets apart
                gap = gap[bracket.end():]
            gap_clean = re.sub(r"(外长|总统|总理|元首|领导人)$", "", gap)
            if gap == "" and last.label == ph.label == "Country":  # 沙特伊朗复交, 中美: a compound of countries
                last.phrases.append(ph)
                last.links.append("、")
                continue
            m = _CONJ.match(gap) or _CONJ.match(gap_clean) or _CONJ.match(_GROUP_TAIL.sub("", gap))
            link = m.group(1) if m else None
            if link is None and titles:  # 范明政和副总理陈红河: a conjunction, then the next one's title
                t = _CONJ_TITLE.match(gap)
                if t and _title_gap(t.group(2), titles):
                    link = t.group(1)
            if link in ("同", "与", "跟") and last.phrases[0].marker in ("在", "于"):
                link = None  # 在布达佩斯同匈牙利外长…: a partner after the place, not a second place
            if link is not None and FAMILY.get(last.label) == FAMILY.get(ph.label):
                last.phrases.append(ph)
                last.links.append(link.strip("，、") or "、")
                continue
        out.append(Group([ph]))
    return out


def time_gap(text: str) -> bool:
    """Only a time word (18日, 当天下午) between two parts of a clause."""
    return bool(_TIME_ADV.match(text))
