"""State and the shared slot helpers of the frame filler (``kg.extract.slots``).

The filler is split by job: this base holds the document state (topics,
history, the event in view) and how agents, relative heads and references
are found; ``slot_places`` fills places and venues, ``slot_members``
membership and mediation, ``slot_acts`` the partner and object slots, and
``slots`` runs the frames over a document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract import discourse
from kg.extract.frames import Frame, FrameSet, Trigger
from kg.extract.leaders import Leaders, load_roles
from kg.extract.modality import blank_spans
from kg.extract.phrases import Group, Phrase, clause_spans, groups, marker_before, outermost, phrases
from kg.model import AnalyzedDocument, Mention, Sentence
from kg.nlp.lexicon import Lexicon
from kg.reference import Reference

_PARTNER = ("同", "与", "跟", "和")
_PASSIVE = ("受到", "受到了", "被")
_TOGETHER = re.compile(r"(共同|一起|一道|一同|分别|联合|携手|同时)")
_WITNESS = ("见证", "祝贺", "出席")  # 见证/祝贺 A 签署, 出席…签字仪式: not the signatories
_SIGNED_ANAPHOR = re.compile(r"(此类|这类|这一|该|相关|上述)[^，,。；;]{0,6}(文件|协议|协定|备忘录|合同)")
_BODY_ANAPHOR = re.compile(r"^(这一|该|此|这个)[^，,。；;]{0,3}(机制|组织|倡议|协定|合作|集团|联盟)")
# 主办了一场主题为“…”的 E: a count and a quoted theme before the object
_THEMED = re.compile(r"^(了)?(一场|一次|一届|一个|首次|首届)?(主题为|题为|以)?[“\"][^”\"]{0,40}[”\"](为主题)?的$")
_PROJECT_REF = re.compile(r"(这条|该条|这座|该座|这一|该|此)[^，,。；;]{0,30}?(铁路|公路|大桥|桥梁|港口|港|项目|隧道|管道|走廊|电站|工程|钢厂|工厂|园区|工业园|大坝)")
_BARE_PROJECT = re.compile(r"(大桥|铁路|港口|港|隧道|管道|走廊|电站|大坝)")
_PEOPLE_BEFORE = re.compile(r"(领导人|代表|官员|元首|首脑|外长|部长|嘉宾|贵宾|政要|使节)(和|与|及)$")
_AFTER_OTHERS = re.compile(r"(?<![相连后承陆])继(?!续|承|任|而)")  # 继 X 之后, not 相继/继续
_HOST_ROLE = ("轮值主席国", "主席国", "东道国", "东道主", "主办国")
_TRIP = re.compile(r"(访问|行程|出访|之行|访华|巡访)")
_CONTINUES = re.compile(r"^(并|并且|并将|随后|然后|同时|还|也)")
_PIVOT = re.compile(r"(邀请|邀|请|派|派遣|委派|批准|同意|支持|欢迎|允许|接受|鼓励|敦促|呼吁|推动)$")
_INCLUDES = re.compile(r"^(会议|峰会|论坛|活动)?的[^，,。；;]{0,10}?(包括|有)")
_SPEECH = re.compile(r"(表示|说|指出|强调|称|认为|介绍|宣布|透露|回答)[：:，,]$")
_DEFAULT_AGENT = ("hosted", "mediated", "signed")  # 成功举办…, 斡旋…复交: the home country's own acts
_UNNAMED_SUBJECT = re.compile(r"((\d+|[一二三四五六七八九十百几]+)多?个(国家|国际组织)|他们|她们|许多国家|不少国家|越来越多的国家)")
_INTRANSITIVE_END = re.compile(r"^(了)?[。，,；;！!]?$|^(了)?(会议|峰会|会晤|论坛)?(并|，|。)")


@dataclass
class _Ctx:
    a: AnalyzedDocument
    sentence: Sentence
    groups: list[Group]
    lo: int
    hi: int
    date: str | None


class SlotBase:
    """The filler's resources and per-document state, and the helpers every slot uses."""

    def __init__(self, frames: FrameSet, lexicon: Lexicon, reference: Reference,
                 abbr: dict[str, str], home: str | None = "country/CN") -> None:
        self.frames = frames
        self.lex = lexicon
        self.ref = reference
        self.abbr = abbr  # one-character country forms: 华 → country/CN
        self.home = home
        self.titles = lexicon.titles
        self.extra: list[Mention] = []
        self.comparisons: set[int] = set()  # ids of mentions named only as a comparison (被称为“…”)
        self.leaders = Leaders(reference, load_roles())
        # per-document state, reset by ``reset`` (SlotFiller.extract)
        self._default: Mention | None = None
        self._history = discourse.History()
        self._topic: Group | None = None
        self._topic_sentence = 0
        self._topic_partners: list[Phrase] = []
        self._carried_mod: str | None = None
        self._last_object: dict[str, Mention] = {}
        self._located: tuple[Mention, int] | None = None  # the last route's subject and its sentence
        self._ctopic: Group | None = None
        self._etopic: tuple[list[Mention], int] | None = None
        self._ctopic_sentence = 0
        self._places: list[tuple[Mention, Mention, Sentence, str | None]] = []
        self._events: list[Mention] = []
        self._last_triggers: list[tuple[Trigger, int, int]] = []
        self._office_country: dict[int, Mention] = {}  # 中美元首: each synthesised leader's country mention

    def _agents(self, frame: Frame, ti: int, ctx: _Ctx, use_topic: bool = True
                ) -> tuple[list[Phrase], float, Group | None]:
        """The agent phrases of a trigger: a passive's 由/受到 X, else the first
        unmarked group before it, else the carried subject."""
        before = [g for g in ctx.groups if g.end <= ti]
        for i, g in enumerate(before):
            if g.marker in _PASSIVE or g.marker == "由":
                fit = [p for p in g.phrases if p.label in frame.agent]
                if not fit and any(g1.phrases[0].relative for g1 in before[i:]):
                    continue  # 由中国企业承建的某隧道位于…: the builder of a relative clause, not the agent
                if g.label == "Place" and i + 1 < len(before) and before[i + 1].start == g.end \
                        and before[i + 1].label == "Place":
                    g = before[i + 1]  # 由广东省珠海市承办: the city after its province
                    fit = [p for p in g.phrases if p.label in frame.agent]
                return fit, 0.75, g
        for i, g in enumerate(before):
            if g.marker == "" and "Person" in frame.agent and g.label in ("Country", "Organization") \
                    and i + 1 < len(before) and before[i + 1].label == "Person" \
                    and _title_like(ctx.a.norm[g.end:before[i + 1].start], self.titles):
                continue  # 埃塞俄比亚总理[海尔]马里亚姆: the model cut the name; the person is the subject
            if g.marker == "" and g.label == "Place" and i + 1 < len(before) and before[i + 1].start == g.end \
                    and before[i + 1].label == "Place" and before[i + 1].marker == "":
                continue  # 福建省厦门市承办: the city after its province acts
            if g.marker in ("和", "与", "及") and _PEOPLE_BEFORE.search(ctx.a.norm, max(ctx.lo, g.start - 8), g.start) \
                    and any(p.label in frame.agent for p in g.phrases):
                return [p for p in g.phrases if p.label in frame.agent], 0.7, g  # 多国领导人和某某等出席
            if g.marker == "" and any(g.start == j and t.prop in ("met", "visited") and not t.noun
                                      for t, _i, j in self._last_triggers):
                continue  # 会见荷兰国王、与法国总统会谈: the object of the verb before it, not a subject
            if g.marker == "" and any(p.label in frame.agent for p in g.phrases):
                # 巴西政府邀请 A 出席, 议会批准芬兰加入: the pivot's object acts
                for g1 in before[i + 1:]:
                    if g1.marker == "" and _PIVOT.search(ctx.a.norm[g.end:g1.start]) \
                            and any(p.label in frame.agent for p in g1.phrases):
                        return [p for p in g1.phrases if p.label in frame.agent], 0.7, g1
                return [p for p in g.phrases if p.label in frame.agent], 0.75, g
        speaker = self._first_person(ctx, ti) if frame.prop in _DEFAULT_AGENT else None
        if speaker is not None:
            return [Phrase(speaker)], 0.6, None  # 我们成功举办了某论坛: the speaker's country
        if "Project" in frame.agent:
            proj = self._project_reference(ctx, ti)
            if proj:
                return [Phrase(proj)], 0.65, None
        if _UNNAMED_SUBJECT.search(ctx.a.norm, ctx.lo, ti):
            return [], 0.0, None  # 80多个国家同中方签署…, 他们…: a subject the text does not name
        if frame.prop == "locatedIn" and self._located is not None and self._located[1] == ctx.sentence.index:
            return [Phrase(self._located[0])], 0.65, None  # 某港位于某国，是某地区最大的港口: the same project
        if frame.prop == "locatedIn":  # 某班列从某地出发，经某口岸进入某国: the sentence's subject
            for first in outermost([m for m in ctx.a.mentions if ctx.sentence.start <= m.start < ti]):
                mark, rel = marker_before(ctx.a.norm, ctx.sentence.start, first.start, self.titles)
                if first.label == "Project" and (mark == "" or rel):
                    return [Phrase(first)], 0.6, None
                if not (mark == "由" or ctx.a.norm.find("的", first.end, ti) != -1):
                    break  # (由某公司承建的某港…，成为…: the builder of a relative clause is not the subject)
        later = self._subject_after(ctx)
        if later and any(p.label in frame.agent for p in later):
            return [p for p in later if p.label in frame.agent], 0.7, None
        state_act = frame.prop in _DEFAULT_AGENT and self._topic_sentence != ctx.sentence.index and (
            (self._ctopic is not None and self._ctopic_sentence == ctx.sentence.index)
            or (frame.prop == "hosted" and self._default is not None
                and ctx.a.norm.startswith(("举办", "主办", "承办"), ti)))  # 成功举办某论坛: the country's act
        if use_topic and not state_act and self._topic is not None \
                and any(p.label in frame.agent for p in self._topic.phrases):
            # (某国此前居间斡旋，促成…: a state's act carries the country of this sentence, not an earlier person)
            return [p for p in self._topic.phrases if p.label in frame.agent], 0.65, None
        if use_topic and self._ctopic is not None and (
                "Person" not in frame.agent or frame.prop in ("hosted", "mediated", "signed")):
            return [p for p in self._ctopic.phrases if p.label in frame.agent], 0.6, None
        if use_topic and frame.prop in _DEFAULT_AGENT and self._default is not None:
            return [Phrase(self._default)], 0.5, None
        return [], 0.0, None

    def _first_person(self, ctx: _Ctx, ti: int) -> Mention | None:
        """A first-person subject (我们, 我国, 我方) in the clause before the trigger, with no
        name after it: the country the document speaks for (``home``), mentioned there."""
        norm = ctx.a.norm
        hits = [(norm.rfind(w, ctx.lo, ti), w) for w in self.lex.first_person_country]
        at, word = max(hits)
        if at < 0 or self.home not in self.ref.entities or any(at <= m.start < ti for m in ctx.a.mentions) \
                or (at > 0 and norm[at - 1] in self.lex.compound_prepositions):
            return None  # (同中方签署: 中方 is a name and a partner; 同我们一道: not the subject)
        if self._default is not None and self._default.start == at:
            return self._default
        s = ctx.sentence
        m = Mention(s.doc_id, at, at + len(word), s.text[at - s.start:at - s.start + len(word)], "Country",
                    self.ref.entities[self.home].name, "rule", self.home, s.index, 0.6)
        self.extra.append(m)
        return m

    def _relative_head(self, tj: int, ctx: _Ctx) -> tuple[Group | None, list[Group]]:
        """出席论坛的 A、B / 在 X 举行的 E: the group after 的 and the groups inside."""
        norm = ctx.a.norm
        k = norm.find("的", tj, min(ctx.hi, tj + 26))
        if k == -1 or re.search(r"[，,；;。]", norm[tj:k]):
            return None, []
        if norm.startswith("的有", k):
            head = next((g for g in ctx.groups if g.start >= k + 2 and g.start - (k + 2) <= 2), None)
            return head, [g for g in ctx.groups if tj <= g.start and g.end <= k]
        head = next((g for g in ctx.groups if g.start > k and (g.start - (k + 1) <= 6 or (
                     g.label == "Person" and _title_like(norm[k + 1:g.start], self.titles)))  # …的国务委员兼外长某某
                     and not re.search(r"[，,；;。]", norm[k:g.start])), None)
        inside = [g for g in ctx.groups if tj <= g.start and g.end <= k]
        return head, inside

    def _project_reference(self, ctx: _Ctx, ti: int) -> Mention | None:
        """这条铁路, 该项目, 这座大桥 before the trigger: the project named before."""
        norm = ctx.a.norm
        found = list(_PROJECT_REF.finditer(norm, ctx.lo, ti))
        m = found[-1] if found else None
        bare = _BARE_PROJECT.match(norm, ctx.lo) if m is None else None
        if m is None and bare is None:
            return None
        at = m.start() if m is not None else ctx.lo
        if m is not None:  # 这条由某企业承建的某某隧道: the demonstrative introduces the name that follows
            named = [x for x in outermost(ctx.a.mentions) if x.label == "Project" and x.start < m.end() <= x.end]
            if named:
                return named[0]
        earlier = [x for x in outermost(ctx.a.mentions) if x.end <= at and x.label == "Project"]
        if bare is not None:  # 大桥横跨…: the bare head of the project just named
            earlier = [x for x in earlier if x.norm.endswith(bare.group(1))]
        return earlier[-1] if earlier else None

    def _next_clause(self, ctx: _Ctx, start: int | None = None) -> tuple[int, list[Group]]:
        """The start and the coordinated groups of the clause after this one (or from ``start``):
        where a time clause's subject, a 作为 role's holder or a 其中包括 list is."""
        norm = ctx.a.norm
        spans = clause_spans(norm, ctx.hi if start is None else start, ctx.sentence.end)
        if not spans:
            return ctx.hi, []
        lo, hi = spans[0]
        ms = [x for x in ctx.a.mentions if lo <= x.start and x.end <= hi]
        return lo, groups(norm, phrases(norm, lo, hi, ms, self.titles), self.titles)

    def _subject_after(self, ctx: _Ctx) -> list[Phrase]:
        """会见拉夫罗夫时，王毅表示: a time clause takes the next clause's subject."""
        norm = ctx.a.norm
        if not norm[ctx.lo:ctx.hi].rstrip("，,").endswith(("时", "之际", "期间", "后", "之后", "前", "之前")):
            return []
        _lo, gs = self._next_clause(ctx)
        return list(gs[0].phrases) if gs and gs[0].marker == "" and gs[0].label == "Person" else []

    def _listed_after(self, ctx: _Ctx) -> list[Phrase]:
        """…出席，其中包括 A、B、C: the attendees are listed in the next clause."""
        norm = ctx.a.norm
        nxt = ctx.hi
        m = re.match(r"(其中)?(包括|有)", norm[nxt:nxt + 4])
        if not m:
            return []
        _lo, gs = self._next_clause(ctx, nxt)
        return list(gs[0].phrases) if gs and gs[0].label == "Person" else []

    def _event_topic(self) -> list[Mention]:
        return self._etopic[0] if self._etopic is not None else []

    def _current_event(self, pos: int) -> list[Mention]:
        """The event in view at ``pos``: the last named before it, else the first named (one or none)."""
        earlier = [m for m in self._events if m.end <= pos]
        return earlier[-1:] or self._events[:1]

    @staticmethod
    def _pairs(agents: list[Phrase], partners: list[Phrase], conf: float):
        out = []
        for a in agents:
            for x in a.mentions:
                for p in partners:
                    for y in p.mentions:
                        if x.label == y.label and x.label in ("Person", "Country"):
                            out.append((x, y, conf))
        return out

    def _abbr_at(self, t: Trigger, j: int, hi: int, norm: str) -> bool:
        """访华, 来华, 赴美: a one-character country right after the trigger word."""
        return j < hi and norm[j] in self.abbr and (not t.abbreviations or norm[j] in t.abbreviations) \
            and norm[max(0, j - 2):j] not in ("采访", "查访", "寻访", "专访")

    def _abbr_mention(self, k: int, ctx: _Ctx) -> Mention:
        m = Mention(ctx.a.document.id, k, k + 1, ctx.a.document.text[k], "Country", ctx.a.norm[k], "rule",
                    self.abbr[ctx.a.norm[k]], ctx.sentence.index, 0.8)
        self.extra.append(m)
        return m


def _title_like(gap: str, titles: tuple[str, ...]) -> bool:
    return 0 < len(gap) <= 12 and gap.endswith(titles) and not re.search(r"[，,；;。、和与同]", gap)


def _countries(g: Group) -> list[Mention]:
    """The countries a group names: countries, and the countries of its people (委内瑞拉总统马杜罗)."""
    out: list[Mention] = []
    for p in g.phrases:
        if p.members is not None:
            out.extend(m for m in p.members if m.label == "Country")
            if not any(m.label == "Country" for m in p.members):
                out.extend(p.countries)
        elif p.head.label == "Country":
            out.append(p.head)
        else:
            out.extend(m for m in p.mods if m.label == "Country")
    return out


def _blank(norm: str, lo: int, hi: int, gs: list[Group]) -> str:
    return blank_spans(norm, lo, hi, [p for g in gs for p in g.phrases])
