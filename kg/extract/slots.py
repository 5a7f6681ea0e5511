"""Frame slot filling: who did what, with whom, where.

For each trigger of ``ontology/frames`` in a clause, the general
constructions of Chinese news fill the frame's slots:

* coordination: a slot takes a whole coordinated group (A、B和C);
* obliques: 在 X is a place, 同/与 X a partner or co-agent, 由/受到 X the agent
  of a passive, 对 X 进行访问 the host, 应 X 邀请 nobody's act;
* relative clauses: 来华出席论坛的 A, 由 X 主办的 E, 在 X 举行的 E, 正在 X 访问的 A;
* group references (两国元首, 上述外长) and event references (此次峰会, 开幕式);
* the subject carried across clauses and sentences (…抵达莫斯科，随后会见…; 他);
* modality: a plan, an invitation, a denial or a question is an assertion
  with a ``modality``, not a fact.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kg.extract import discourse, programme
from kg.extract.frames import Frame, FrameSet, Trigger
from kg.extract.geography import copula_region, route_objects
from kg.extract.leaders import Leaders, load_roles
from kg.extract.modality import modality
from kg.extract.phrases import FAMILY, Group, Phrase, clause_spans, groups, marker_before, outermost, phrases
from kg.model import AnalyzedDocument, Mention, RelationCandidate, Sentence
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
_NEAR = re.compile(r"^(以北|以南|以东|以西|附近|周边|郊外|外海|沿岸|对岸)")  # 位于利马以北: not in it
_PEOPLE_BEFORE = re.compile(r"(领导人|代表|官员|元首|首脑|外长|部长|嘉宾|贵宾|政要|使节)(和|与|及)$")
_AFTER_OTHERS = re.compile(r"(?<![相连后承陆])继(?!续|承|任|而)")  # 继 X 之后, not 相继/继续
_HOST_ROLE = ("轮值主席国", "主席国", "东道国", "东道主", "主办国")
_TRIP = re.compile(r"(访问|行程|出访|之行|访华|巡访)")
_CONTINUES = re.compile(r"^(并|并且|并将|随后|然后|同时|还|也)")
_PIVOT = re.compile(r"(邀请|邀|请|派|派遣|委派|批准|同意|支持|欢迎|允许|接受|鼓励|敦促|呼吁|推动)$")
_INCLUDES = re.compile(r"^(会议|峰会|论坛|活动)?的[^，,。；;]{0,10}?(包括|有)")
_SPEECH = re.compile(r"(表示|说|指出|强调|称|认为|介绍|宣布|透露|回答)[：:，,]$")
_DEFAULT_AGENT = ("hosted", "mediated", "signed")  # 成功举办…, 斡旋…复交: the home country's own acts
_INTRANSITIVE_END = re.compile(r"^(了)?[。，,；;！!]?$|^(了)?(会议|峰会|会晤|论坛)?(并|，|。)")


@dataclass
class _Ctx:
    a: AnalyzedDocument
    sentence: Sentence
    groups: list[Group]
    lo: int
    hi: int
    date: str | None


class SlotFiller:
    """Runs every frame over one analysed document."""

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

    # -- document -----------------------------------------------------------
    def extract(self, a: AnalyzedDocument, dates: Callable[[Sentence], str | None],
                default: Mention | None = None) -> list[RelationCandidate]:
        """``default``: the agent of a subjectless 举办/斡旋/签署 in this document
        (the home country, when the document names it)."""
        self.extra = []
        self._default = default
        norm = a.norm
        sentence_at = {}
        for s in a.sentences:
            sentence_at[s.index] = s

        synthesized = discourse.named_ceremonies(norm, a.mentions, a.document.id)
        synthesized += discourse.ceremonies(norm, outermost(a.mentions + synthesized), a.document.id)
        for m in synthesized:
            m.sentence = next((x.index for x in a.sentences if x.start <= m.start < x.end), None)
        self.extra.extend(synthesized)
        mentions = outermost(a.mentions + synthesized)
        anaphors = discourse.event_references(norm, mentions)
        history = discourse.History()
        self._history = history
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
        self._events = [m for m in mentions if m.label == "Event"]
        out: list[RelationCandidate] = []
        for s in a.sentences:
            ms = [m for m in mentions if s.start <= m.start and m.end <= s.end]
            # antecedents may come earlier in the same sentence, or inside a longer name (拉脱维亚外交部)
            history.add([m for m in a.mentions if s.start <= m.start and m.end <= s.end])
            date = dates(s)
            for lo, hi in clause_spans(norm, s.start, s.end):
                cms = [m for m in ms if lo <= m.start and m.end <= hi]
                phs = phrases(norm, lo, hi, cms, self.titles)
                refs = [(rs, re_, ant) for rs, re_, ant in anaphors if lo <= rs and re_ <= hi]
                phs += [Phrase(ant, [], rs, re_, *marker_before(norm, lo, rs, self.titles)) for rs, re_, ant in refs]
                phs += self._references(norm, lo, hi, cms, phs, history)
                phs = self._office_holders(norm, lo, hi, cms, phs, a, s, date or a.document.date)
                phs.sort(key=lambda p: p.start)
                gs = groups(norm, phs, self.titles)
                ctx = _Ctx(a, s, gs, lo, hi, date)
                clause_out = []
                self._last_triggers = self._triggers(norm, lo, hi, cms, [(rs, re_) for rs, re_, _ in refs])
                for trig, ti, tj in self._last_triggers:
                    clause_out.extend(self._fill(trig, ti, tj, ctx))
                out.extend(clause_out)
                if clause_out:
                    self._carried_mod = clause_out[-1].modality
                if hi >= s.end:
                    self._carried_mod = None
                first = min((ti for _t, ti, _tj in self._last_triggers), default=hi)
                self._update_topic([g for g in gs if g.end <= first], norm, s.index)
                self._update_country_topic([g for g in gs if g.end <= first], s.index)
                self._update_event_topic(gs, s.index)
                if _SPEECH.search(norm[lo:hi]):
                    self._topic = None  # 汪文斌表示：…: what follows is what was said, not what he did
                for i, g in enumerate(gs):
                    history.add_group(g.mentions({"Person"}))
                    joined = [g] + [g1 for g1 in gs[i + 1:i + 2] if g1.marker in _PARTNER
                                    and len(norm[g.end:g1.start]) <= len(g1.marker)]
                    history.add_country_group([c for x in joined for c in _countries(x)])  # 甲国某某和乙国某某
        out.extend(self._visits_in_place(out, a))
        cues = self.frames.programme
        skip = programme.comparisons(norm, mentions, cues.get("comparison", ()))
        out.extend(programme.continued(a, mentions, cues, skip, dates))
        out.extend(programme.referred(a, mentions, cues, _PROJECT_REF, skip, dates))
        self.comparisons = skip
        return out

    # -- references and topic ----------------------------------------------
    def _references(self, norm: str, lo: int, hi: int, cms: list[Mention], phs: list[Phrase],
                    history: discourse.History) -> list[Phrase]:
        taken = [(m.start, m.end) for m in cms] + [(p.start, p.end) for p in phs]
        out: list[Phrase] = []
        in_clause = {(m.ref or m.norm) for p in phs for m in p.mentions if m.label == "Person"}
        for s, e, kind, n in discourse.group_references(norm, lo, hi, taken):
            before = norm[max(lo, s - 2):s]
            if any(m.end == s and m.label == "Country" for m in cms) or before.endswith(("中方", "我国")):
                continue  # 中阿双方, 中国、坦桑尼亚、赞比亚三国政府: the countries just named
            members = history.resolve(kind, n, s, in_clause)
            countries = history.resolve("countries", n, s, set()) if kind in ("pair", "people") else []
            if not members:
                members = countries
            if not members:
                continue
            marker, _ = marker_before(norm, lo, s, self.titles)
            ph = discourse.reference_phrase(s, e, members, marker)
            ph.countries = countries  # 双方 for a frame of countries (在美国调解下，双方草签…)
            out.append(ph)
        for s, e in discourse.pronouns(norm, lo, hi, taken):
            marker, _ = marker_before(norm, lo, s, self.titles)
            if marker in ("同", "与", "跟", "和", "为", "对", "向"):
                # 李强同他举行会晤: the partner is the last other person named, not the subject
                people = history.resolve("people", 1, s, in_clause)
            else:
                people = self._topic.mentions({"Person"}) if self._topic is not None else []
            if people and len(people) == 1:
                out.append(Phrase(people[0], [], s, e, marker, False, people))
        return out

    def _office_holders(self, norm: str, lo: int, hi: int, cms: list[Mention], phs: list[Phrase],
                        a: AnalyzedDocument, s: Sentence, when: str | None) -> list[Phrase]:
        """中美元首, 中俄两国外长: the phrase of the countries' office holders on the
        document's date instead of the countries' own phrases."""
        found = self.leaders.compounds(norm, a.document.text, lo, hi, [m for m in cms if m.label == "Country"],
                                       when, s.index)
        if not found:
            return phs
        kept = [p for p in phs if not any(st <= p.start and p.end <= en for st, en, _ in found)]
        for st, en, people in found:
            self.extra.extend(people)
            marker, _ = marker_before(norm, lo, st, self.titles)
            kept.append(Phrase(people[0], [], st, en, marker, False, people))
        return sorted(kept, key=lambda p: p.start)

    def _update_country_topic(self, gs: list[Group], sentence: int) -> None:
        subj = next((g for g in gs if g.marker == "" and g.label == "Country"), None)
        if subj is not None:
            self._ctopic = Group(subj.split_partner()[0])
            self._ctopic_sentence = sentence
        elif self._ctopic is not None and sentence - self._ctopic_sentence > 1:
            self._ctopic = None

    def _update_event_topic(self, gs: list[Group], sentence: int) -> None:
        """E 由 A 主办，B 承办，在上海举行: the event a sentence opened with stays its topic."""
        if self._etopic is not None and self._etopic[1] != sentence:
            self._etopic = None
        subj = next((g for g in gs if g.marker == "" and g.label == "Event"), None)
        if subj is not None and (self._etopic is None or gs and gs[0] is subj):
            self._etopic = (subj.mentions({"Event"}), sentence)

    def _event_topic(self) -> list[Mention]:
        return self._etopic[0] if self._etopic is not None else []

    def _update_topic(self, gs: list[Group], norm: str, sentence: int) -> None:
        """The subject a later clause without one carries: the last person who
        was a clause's subject, for the rest of that sentence and the next."""
        subj = next((g for g in gs if g.marker == "" and g.label == "Person"), None)
        if subj is not None:
            agents, partners = subj.split_partner()
            self._topic = Group(agents)
            self._topic_sentence = sentence
            # 习近平同 B 通过视频连线，共同出席…: B acts with the carried subject
            self._topic_partners = partners + [p for g in gs if g.marker in _PARTNER and g.label == "Person"
                                               for p in g.phrases]
        elif self._topic is not None and sentence - self._topic_sentence > 1:
            self._topic = None

    # -- triggers -----------------------------------------------------------
    def _triggers(self, norm: str, lo: int, hi: int, cms: list[Mention], refs: list[tuple[int, int]]):
        taken: dict[str, bytearray] = {}
        inside = [(m.start, m.end, m) for m in cms]
        blocked = bytearray(hi - lo)
        for rs, re_ in refs:  # 会晤由…主持: a reference to an event is not a meeting verb
            blocked[rs - lo:re_ - lo] = b"\x01" * (re_ - rs)
        found = []
        for t in self.frames.triggers:
            i = norm.find(t.word, lo, hi)
            while i != -1:
                j = i + len(t.word)
                mask = taken.setdefault(t.prop, bytearray(hi - lo))
                host = next((m for a, b, m in inside if a <= i < b), None)
                ok = host is None or (t.prop == "met" and host.label == "Event" and host.end == j
                                      and norm[max(lo, host.start - 2):host.start] in ("举行", "进行"))
                if ok and not any(mask[i - lo:j - lo]) and not any(blocked[i - lo:j - lo]) \
                        and (not t.only_abbreviation or self._abbr_at(t, j, hi, norm)):
                    mask[i - lo:j - lo] = b"\x01" * (j - i)
                    found.append((t, i, j))
                i = norm.find(t.word, j, hi)
        found.sort(key=lambda x: x[1])
        return found

    def _abbr_at(self, t: Trigger, j: int, hi: int, norm: str) -> bool:
        """访华, 来华, 赴美: a one-character country right after the trigger word."""
        return j < hi and norm[j] in self.abbr and (not t.abbreviations or norm[j] in t.abbreviations) \
            and norm[max(0, j - 2):j] not in ("采访", "查访", "寻访", "专访")

    # -- slots ----------------------------------------------------------------
    def _fill(self, t: Trigger, ti: int, tj: int, ctx: _Ctx) -> list[RelationCandidate]:
        frame = self.frames.frames[t.prop]
        norm = ctx.a.norm
        before_txt = _blank(norm, ctx.lo, ti, ctx.groups)
        after_txt = _blank(norm, tj, min(ctx.hi, tj + 14), ctx.groups).replace(" ", "")
        mod = None if t.renounce else modality(before_txt, after_txt, self.frames, self.lex.not_cues)
        if mod is None and self._carried_mod and _CONTINUES.match(norm[ctx.lo:ti]):
            mod = self._carried_mod  # …将赴利马出席峰会，并对秘鲁进行国事访问
        if t.state and mod in ("planned", "hoped"):
            mod = None
        handler = {"partner": self._met, "after": self._after, "at": self._held_in,
                   "parties": self._mediated, "status": self._member}[frame.object_slot]
        pairs = handler(frame, t, ti, tj, ctx)
        pairs += self._precedent(frame, pairs, ti, ctx)
        if t.prop in ("met", "participatedIn", "visited"):
            self._note_place([Phrase(s) for s, _o, *_ in pairs], ti, ctx, mod)
        out = []
        seen = set()
        rest = re.split(r"[，,。；;]", norm[tj:ctx.hi], maxsplit=1)[0]
        under_way = mod is None and t.prop in ("joined", "withdrewFrom", "memberOf") \
            and any(w in rest for w in self.frames.unfinished)
        for item in pairs:
            s, o, conf = item[:3]
            prop = item[3] if len(item) > 3 else frame.prop
            # 签署加入某组织义务的备忘录: under way, not done
            item_mod = "planned" if under_way and prop in ("joined", "withdrewFrom", "memberOf") else mod
            if isinstance(o, Mention):
                self._last_object[prop] = o
            if s is o or (isinstance(o, Mention) and (s.ref or s.norm) == (o.ref or o.norm)):
                continue
            key = (id(s), id(o), prop)
            if key in seen:
                continue
            seen.add(key)
            out.append(RelationCandidate(s, prop, o, ctx.sentence, conf, "rule", ctx.date,
                                         modality=item_mod, trigger=t.word if prop == frame.prop else None,
                                         cameo=t.cameo if prop == frame.prop else None))
        if t.prop == "locatedIn" and out and mod is None:
            self._located = (out[0].subject, ctx.sentence.index)
        return out

    def _precedent(self, frame: Frame, pairs: list, ti: int, ctx: _Ctx) -> list:
        """继 X 之后，Y 也加入…: X did the same before Y (a past act, whatever Y's tense)."""
        norm = ctx.a.norm
        ks = [x.start() for x in _AFTER_OTHERS.finditer(norm, ctx.sentence.start, ti)]
        if not ks or not pairs:
            return []
        k = ks[-1]
        end = min((e for e in (norm.find("之后", k, ti), norm.find("以后", k, ti)) if e != -1), default=-1)
        if end == -1 or end - k > 24 or re.search(r"[，,。；;]", norm[k:end]):
            return []
        inside = outermost([m for m in ctx.a.mentions if k < m.start and m.end <= end])
        if not inside or inside[0].start != k + 1 or re.search(r"[^、和与及]", "".join(
                norm[a.end:b.start] for a, b in zip(inside, inside[1:], strict=False))):
            return []  # 继 X、Y 之后: only names and their conjunctions
        earlier = [m for m in inside if m.label in frame.agent]
        done = {id(x) for x, *_ in pairs}
        return [(m, *item[1:]) for item in pairs for m in earlier if id(m) not in done
                and item[0].label == m.label][: 4 * len(pairs)]

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
            if g.marker == "" and any(p.label in frame.agent for p in g.phrases):
                # 巴西政府邀请 A 出席, 议会批准芬兰加入: the pivot's object acts
                for g1 in before[i + 1:]:
                    if g1.marker == "" and _PIVOT.search(ctx.a.norm[g.end:g1.start]) \
                            and any(p.label in frame.agent for p in g1.phrases):
                        return [p for p in g1.phrases if p.label in frame.agent], 0.7, g1
                return [p for p in g.phrases if p.label in frame.agent], 0.75, g
        if "Project" in frame.agent:
            proj = self._project_reference(ctx, ti)
            if proj:
                return [Phrase(proj)], 0.65, None
        if frame.prop == "locatedIn" and self._located is not None and self._located[1] == ctx.sentence.index:
            return [Phrase(self._located[0])], 0.65, None  # 某港位于某国，是某地区最大的港口: the same project
        if frame.prop == "locatedIn":  # 某班列从某地出发，经某口岸进入某国: the sentence's subject
            first = next(iter(outermost([m for m in ctx.a.mentions if ctx.sentence.start <= m.start < ti])), None)
            mark, rel = marker_before(ctx.a.norm, ctx.sentence.start, first.start, self.titles) if first else ("", 0)
            if first is not None and first.label == "Project" and (mark == "" or rel):
                return [Phrase(first)], 0.6, None
        later = self._subject_after(ctx)
        if later and any(p.label in frame.agent for p in later):
            return [p for p in later if p.label in frame.agent], 0.7, None
        state_act = frame.prop in _DEFAULT_AGENT and self._ctopic is not None \
            and self._ctopic_sentence == ctx.sentence.index and self._topic_sentence != ctx.sentence.index
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

    def _met(self, frame: Frame, t: Trigger, ti: int, tj: int, ctx: _Ctx):
        norm = ctx.a.norm
        before = [g for g in ctx.groups if g.end <= ti]
        passive = next((g for g in before if g.marker in _PASSIVE), None)
        if passive is not None:
            patient = next((g for g in before if g.marker == "" and g.end <= passive.start
                            and FAMILY.get(g.label) == FAMILY.get(passive.label)), None)
            agents = patient.phrases if patient else (self._topic.phrases if self._topic else [])
            return self._pairs(agents, passive.phrases, 0.75)
        agents, conf, g0 = self._agents(frame, ti, ctx)
        partners: list[Phrase] = []
        if g0 is not None:
            agents, partners = g0.split_partner()
            agents = [p for p in agents if p.label in frame.agent]
        for g in before:
            if g is not g0 and g.marker in _PARTNER and (g0 is None or g.start >= g0.end):
                partners.extend(g.phrases)
        if not partners:
            head, _inside = self._relative_head(tj, ctx)
            if head is not None and head.label in ("Person", "Country"):
                partners = list(head.phrases)  # 会见前来出席峰会的 A、B 和 C
        if not partners:
            nxt = next((g for g in ctx.groups if g.start >= tj), None)
            if nxt is not None and nxt.start - tj <= 10 and "，" not in norm[tj:nxt.start]:
                partners = list(nxt.phrases)
        if norm[max(ctx.lo, ti - 3):ti].endswith(("参加", "出席", "陪同", "参加了", "出席了")):
            return []  # 王沪宁、栗战书等参加会见: they attended someone's meeting
        if not partners:
            # 两国元首举行会谈, A和B举行会谈: the members meet each other
            if g0 is not None and len(g0.phrases) > 4:
                return []
            members = [m for p in agents for m in p.mentions]
            return [(x, y, conf * 0.9) for i, x in enumerate(members) for y in members[i + 1:]
                    if FAMILY.get(x.label) == FAMILY.get(y.label)]
        return self._pairs(agents, partners, conf)

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

    def _after(self, frame: Frame, t: Trigger, ti: int, tj: int, ctx: _Ctx):
        norm = ctx.a.norm
        if t.prop in ("joined", "withdrewFrom") and t.status:
            return self._member_change(frame, t, ti, tj, ctx)
        if norm.startswith("下", tj):
            return self._under(frame, ti, ctx)
        if t.noun and norm[ctx.lo:ti].endswith("作为"):
            return self._as_role(frame, ti, tj, ctx)
        if t.prop == "hosted":
            held = next((g for g in ctx.groups if g.label == "Event" and 0 <= ti - g.end <= 1 and g.marker == ""
                         and norm[g.end:ti] in ("", "的")), None)
            if held is not None and not any(g.marker in ("由", *_PASSIVE) for g in ctx.groups if g.end <= ti):
                # 杭州G20峰会举办, 峰会的成功举办: the event was held; its host is the home country, if any
                host = [Phrase(self._default)] if self._default is not None else []
                return [(x, e, 0.5) for p in host for x in p.mentions for e in held.mentions({"Event"})]
        head, inside = self._relative_head(tj, ctx)
        objs: list[Mention] = []
        agents: list[Phrase] = []
        conf = 0.75
        if head is not None and head.label == "Person" and "Person" in frame.agent:
            agents = head.phrases  # 来华出席论坛的 A、B; 正在 X 访问的 A
            objs = [m for g in inside for m in g.mentions(set(frame.object))]
            if not objs and t.abbreviation:
                objs = self._objects(frame, t, ti, tj, ctx)
            if not objs:  # 正在俄罗斯访问的 A, 对柬埔寨进行访问的 A
                objs = [m for g in ctx.groups if g.end <= ti and ti - g.end <= 4
                        and g.marker in ("在", "对", "于") for m in g.mentions(set(frame.object))][-1:]
            if not objs and t.intransitive:  # 应邀与会的 A: the event the text is about
                objs = self._current_event(ti)
        elif head is not None and head.label in frame.object and (
                not inside or any(g.marker == "由" for g in ctx.groups if g.end <= ti)):
            objs = head.mentions(set(frame.object))  # 由 X 主办的 E; X 举行的 E
            agents, conf, _ = self._agents(frame, ti, ctx, use_topic=False)
            if not agents:
                near = [g for g in ctx.groups if g.end <= ti and ti - g.end <= 3]
                agents = [p for g in near[-1:] for p in g.phrases if p.label in frame.agent]
        named = next((g for g in ctx.groups if g.start == tj and g.label == "Event"), None)
        at = named.end if named is not None and _INCLUDES.match(norm[named.end:named.end + 16]) else tj
        includes = _INCLUDES.match(norm[at:at + 16])
        if not agents and includes:
            # 出席的外国领导人包括 A、B; 出席某峰会的各国元首有：A、B: the list after 包括/有 attends
            k = at + includes.end()
            lst = next((g for g in ctx.groups if g.start >= k and g.start - k <= 2 and g.label == "Person"), None)
            if lst is None and norm[k:k + 1] in "：:" and ctx.hi <= k + 1:
                _lo, nxt = self._next_clause(ctx)  # …有：A（某国总统）、B…: the list after the colon
                lst = next((g for g in nxt[:1] if g.label == "Person"), None)
            if lst is not None:
                agents, conf = list(lst.phrases), 0.7
                if not objs:
                    objs = [m for m in self._event_topic() if m.end <= ti] or \
                        self._current_event(ti)
        if not agents:
            agents, conf, g0 = self._agents(frame, ti, ctx)
            if agents and t.prop != "met":
                agents = self._co_agents(agents, g0, frame, ti, ctx)
            if g0 is None or all(p.label not in ("Person",) for p in agents):
                listed = self._listed_after(ctx)  # N位元首出席，其中包括 A、B
                if listed:
                    agents, conf = listed, 0.7
        if not objs:
            objs = self._objects(frame, t, ti, tj, ctx)
        if not objs and "Event" in frame.object:
            by = next((g for g in ctx.groups if g.end <= ti and g.marker == "由"), None)
            if by is not None:  # E 由 A 主持: the object comes first
                objs = [m for g in ctx.groups if g.end <= by.start and g.marker == ""
                        for m in g.mentions({"Event"})][:1]
            if not objs and not [g for g in ctx.groups if g.start >= tj and g.label == "Event"]:
                objs = [m for m in self._event_topic() if m.end <= ti]
        if t.prop == "signed":
            agents, objs = self._signatories(agents, objs, ti, tj, ctx)
        out: list[tuple] = [(x, o, conf) for p in agents for x in p.mentions if x.label in frame.agent
                            for o in objs if o.label in frame.object]
        if t.prop == "joined":  # joining an organisation makes a member
            out += [(x, o, c, "memberOf") for x, o, c in out if o.label == "Organization"]
        if t.prop == "signed":  # 同中国签署共建“一带一路”合作文件: a partner joins the initiative
            out += [(x, o, c, "joined") for x, o, c in out if x.label == "Country" and o.label == "Initiative"
                    and not self._proposer(o, x)]
        if t.prop == "hosted":  # 轮值主席国某国总统某某主持会议: the chair's country hosts too
            out += [(c, o, conf) for p in agents if p.label == "Person" for c in p.mods if c.label == "Country"
                    and norm[max(ctx.lo, c.start - 6):c.start].endswith(_HOST_ROLE)
                    for o in objs if o.label in frame.object]
        if t.prop == "hosted" and _TOGETHER.search(norm[ctx.lo:ti]):
            chairs = [x for p in agents for x in p.mentions if x.label == "Person"]
            out += [(x, y, 0.6, "met") for i, x in enumerate(chairs) for y in chairs[i + 1:]]  # co-chairs meet
        if t.prop in ("participatedIn", "hosted") and out:
            out += [(o, place, 0.65, "heldIn") for o in objs if o.label == "Event"
                    for place in self._attended_at(ti, ctx)]
        return out

    def _proposer(self, initiative: Mention, country: Mention) -> bool:
        row = self.ref.entities[initiative.ref].row if initiative.ref in self.ref.entities else {}
        return bool(country.ref) and row.get("proposer") == country.ref

    def _attended_at(self, ti: int, ctx: _Ctx) -> list[Mention]:
        """在布达佩斯出席 E, 来华出席 E: the event is held where its attendee is."""
        norm = ctx.a.norm
        if ti >= 2 and norm[ti - 2] in "来赴" and norm[ti - 1] in self.abbr:
            return [self._abbr_mention(ti - 1, ctx)]
        def distance(g: Group) -> int:  # characters between the place and the trigger, partners aside
            return ti - g.end - sum(x.end - x.start for x in ctx.groups
                                    if x.start >= g.end and x.end <= ti and x.marker in _PARTNER)

        at = [g for g in ctx.groups if g.end <= ti and distance(g) <= 10 and g.label in ("Place", "Country")
              and (g.marker in ("在", "于") or self._marked_after_city(g, ctx))]
        if not at or any(g.start >= at[-1].end and g.end <= ti and g.label != "Place"
                         and g.marker not in _PARTNER for g in ctx.groups):
            return []
        if re.search(r"(视频|线上|远程|连线|书面)", norm[at[-1].end:ti + 6]):
            return []  # 在北京以视频方式出席: the attendee is not where the event is
        out = at[-1].mentions({"Place", "Country"})
        for g in ctx.groups:  # 在南非约翰内斯堡: the city too
            if g.start == (out[-1].end if out else -1) and g.end <= ti and g.label == "Place":
                out += g.mentions({"Place"})
        return out + [c for p in out for c in [self._city_in_name(p, ctx)] if c is not None]

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

    def _under(self, frame: Frame, ti: int, ctx: _Ctx):
        """会晤在 A 和 B 共同主持下进行: the agents follow 在, the object is the clause's subject."""
        at = [g for g in ctx.groups if g.end <= ti and g.marker == "在"]
        if not at:
            return []
        agents = [p for g in ctx.groups if at[0].start <= g.start and g.end <= ti for p in g.phrases
                  if p.label in frame.agent]
        subj = [g for g in ctx.groups if g.end <= at[0].start and g.marker == ""]
        objs = [m for g in subj[:1] for m in g.mentions(set(frame.object))]
        if not objs:
            objs = self._current_event(ti)
        return [(x, o, 0.7) for p in agents for x in p.mentions for o in objs]

    def _as_role(self, frame: Frame, ti: int, tj: int, ctx: _Ctx):
        """作为东道主，巴西…: the next clause's subject holds the role, for the event in view."""
        lo, gs = self._next_clause(ctx)
        if not gs or gs[0].marker != "" or gs[0].start - lo > 3:
            return []
        events = [m for g in gs for m in g.mentions({"Event"})][:1]
        if not events:
            events = self._current_event(ctx.sentence.end)
        return [(x, e, 0.65) for p in gs[0].phrases for x in p.mentions if x.label in frame.agent for e in events]

    def _co_agents(self, agents: list[Phrase], g0: Group | None, frame: Frame, ti: int, ctx: _Ctx) -> list[Phrase]:
        """A 同 B 共同出席 E (also with A carried from an earlier clause): B is an agent too."""
        out = list(agents)
        start = g0.end if g0 is not None else ctx.lo
        if g0 is None and _TOGETHER.search(ctx.a.norm[ctx.lo:ti]) and not any(
                g.marker in _PARTNER for g in ctx.groups if g.end <= ti):
            out += [p for p in self._topic_partners if p.label in frame.agent]
        for g in ctx.groups:
            if g is g0 or g.start < start or g.end > ti:
                continue
            if g0 is None and not _TOGETHER.search(ctx.a.norm[g.end:ti]):
                continue
            if g.marker in _PARTNER and (_TOGETHER.search(ctx.a.norm[g.end:ti]) or ti - g.end <= 2
                                         or frame.prop == "signed"):
                out.extend(p for p in g.phrases if p.label in frame.agent)
        return out

    def _objects(self, frame: Frame, t: Trigger, ti: int, tj: int, ctx: _Ctx) -> list[Mention]:
        norm = ctx.a.norm
        if t.object_from_word:
            m = self._listed(t.object_from_word, ti, tj, ctx)
            return [m] if m else []
        if t.abbreviation and self._abbr_at(t, tj, ctx.hi, norm):
            there = [m for m in ctx.a.mentions if m.start == tj and m.end == tj + 1 and m.label == "Country"]
            return there[:1] or [self._abbr_mention(tj, ctx)]
        if t.completed:  # 结束对德国的正式访问, 结束在瑞士出席年会的行程: the trip's place
            if not _TRIP.search(norm, tj, ctx.hi):
                return []
            return [m for g in ctx.groups if 0 <= g.start - tj <= 2 and g.marker in ("对", "在")
                    for m in g.mentions(set(frame.object))]
        reach = 14 if frame.prop in ("signed", "joined", "withdrewFrom") else 10
        objs: list[Mention] = []
        if frame.prop == "signed" and norm.startswith("《", tj):
            # 签署《…丝绸之路经济带和21世纪海上丝绸之路建设的谅解备忘录》: what the title names
            close = norm.find("》", tj, ctx.sentence.end)
            if close != -1:
                inner = [m for m in ctx.a.mentions if tj < m.start and m.end <= close and m.label in frame.object]
                if inner:
                    return outermost(inner)
        for nxt in (g for g in ctx.groups if g.start >= tj):
            gap = norm[tj:nxt.start]
            relative = bool(gap.endswith("的") and len(gap) <= 30
                            and re.search(r"(举行|召开|举办|主办|承办|开幕|签署|签订|达成)的$", gap)) \
                or bool(_THEMED.match(gap))
            if frame.prop in ("participatedIn", "hosted") and gap.endswith("的") and len(gap) <= 24:
                relative = True  # 出席中国援建的 X 竣工仪式: any relative clause before the event
            if re.search(r"[，,；;。]", gap) or (len(gap) > reach and not relative) \
                    or ("的" in gap and not relative):
                break
            objs = nxt.mentions(set(frame.object))
            if not objs and frame.prop == "visited" and nxt.label == "Organization":
                # 赴美国国家战略研究所: the country that starts the organisation's name
                objs = [m for m in ctx.a.mentions if m.start == nxt.start and m.label == "Country"][:1]
            if not objs and nxt.marker in ("同", "与", "和") and re.match(
                    r"[^，,。；;]{0,10}?(签署|签订|达成|缔结|商签)的", norm[nxt.end:nxt.end + 14]):
                continue  # 退出同中国签署的共建“一带一路”谅解备忘录: past the partner of the relative clause
            if objs or (nxt.marker not in ("在", "于", "由") and not (
                    frame.prop in ("participatedIn", "hosted") and norm[nxt.end:nxt.end + 8].find("的") != -1)):
                break  # past 在巴西举行的, 由 X 主办的, 中国援建的 before the event
            if frame.prop == "signed":  # 签署《…丝绸之路经济带和…海上丝绸之路…》: every name in the title
                objs = [m for g in ctx.groups if g.start >= tj for m in g.mentions(set(frame.object))]
        if objs and frame.prop == "visited":  # 抵达乌兹别克斯坦撒马尔罕: the city named right after its country
            last = objs[-1]
            objs = objs + [m for g in ctx.groups if g.start == last.end and g.label == "Place"
                           for m in g.mentions({"Place"})]
        if not objs and frame.prop == "visited" and any(
                g.label == "Organization" and 0 <= g.start - tj <= 2 for g in ctx.groups):
            # 在亚的斯亚贝巴访问非盟总部: the place where the organisation was visited
            objs = [m for g in ctx.groups if g.marker == "在" and g.end <= ti and ti - g.end <= 2
                    for m in g.mentions({"Place", "Country"})]
        if not objs and frame.prop == "visited":
            # 对埃及进行国事访问: the host comes before the trigger
            k = norm.rfind("对", ctx.lo, ti)
            if k != -1:
                objs = [m for g in ctx.groups if g.marker == "对" and g.start >= k and g.end <= ti
                        for m in g.mentions(set(frame.object))]
        if not objs and frame.prop == "participatedIn" and _INTRANSITIVE_END.match(norm[tj:tj + 6]):
            objs = self._current_event(ti)
        if not objs and frame.prop == "signed" and (_SIGNED_ANAPHOR.search(norm[tj:ctx.hi]) or (
                t.word in ("签字", "签约") and _INTRANSITIVE_END.match(norm[tj:tj + 6]))):
            objs = self._last_signed_object(ti, ctx)  # 签署此类文件; 分别代表两国政府签字
        if frame.prop == "locatedIn" and t.copula:
            return self._route(t, ti, tj, ctx)
        if frame.prop == "locatedIn":
            objs = self._route(t, ti, tj, ctx) or [o for o in objs if not _NEAR.match(norm[o.end:o.end + 3])]
        if not objs and frame.prop in ("joined", "withdrewFrom") and _INTRANSITIVE_END.match(norm[tj:tj + 6]) \
                and frame.prop in self._last_object:
            objs = [self._last_object[frame.prop]]  # A 退出 Y。B 次年也相继退出: the same body
        if not objs and frame.prop in ("joined", "withdrewFrom") and _BODY_ANAPHOR.match(norm[tj:tj + 8]):
            # 退出这一机制, 加入该组织: the body named before
            objs = [m for m in outermost(ctx.a.mentions) if m.end <= ti
                    and m.label in ("Organization", "Initiative")][-1:]
        return objs

    def _route(self, t: Trigger, ti: int, tj: int, ctx: _Ctx) -> list[Mention]:
        """连接 A 和 B, 横跨某国首都某城的某湾, 经 A 进入 B: every place of the route list
        (位于某城以北: near a place is not in it); 是<region>最长的…: the region."""
        geo = self.frames.geography
        after = [m for m in outermost(ctx.a.mentions) if tj <= m.start and m.end <= ctx.hi]
        if t.copula:
            return copula_region(ctx.a.norm, tj, after, self.ref, geo)
        objs = route_objects(ctx.a.norm, tj, ctx.hi, after, {"Place", "Country"}, geo)
        if objs:  # 经 A 进入 B, 从 A 进入 B: the places marked before the trigger are on the route too
            objs = [m for g in ctx.groups if g.end <= ti and g.marker in ("经", "从", "自")
                    for m in g.mentions({"Place", "Country"})] + objs
        return objs

    def _current_event(self, pos: int) -> list[Mention]:
        """The event in view at ``pos``: the last named before it, else the first named (one or none)."""
        earlier = [m for m in self._events if m.end <= pos]
        return earlier[-1:] or self._events[:1]

    def _last_signed_object(self, pos: int, ctx: _Ctx) -> list[Mention]:
        ms = [m for m in outermost(ctx.a.mentions) if m.end <= pos and m.label in ("Initiative", "Project")]
        return ms[-1:]

    def _signatories(self, agents: list[Phrase], objs: list[Mention], ti: int, tj: int, ctx: _Ctx):
        """见证 A、B 签署 / 见证…的签署: the witnesses are not signatories; the
        governments named after 见证 are."""
        norm = ctx.a.norm
        k = max(norm.rfind(w, ctx.lo, ti) for w in _WITNESS)
        if k == -1:
            return agents, objs
        named = [p for g in ctx.groups if k < g.start and g.end <= ti for p in g.phrases
                 if p.label == "Country"]
        # 中葡两国政府, 中国、坦桑尼亚、赞比亚三国政府: countries inside the governments' names
        seen = {p.head.ref or p.head.norm for p in named}
        for m in ctx.a.mentions:
            if k < m.start and m.end <= ti and m.label == "Country" and (m.ref or m.norm) not in seen:
                seen.add(m.ref or m.norm)
                named.append(Phrase(m))
            elif k < m.start and m.end <= ti and m.label == "Organization" and m.norm.endswith("政府"):
                lead = self._leading_country(m, ctx)  # 赞比亚三国政府 (the model's span): 赞比亚
                if lead is not None and (lead.ref or lead.norm) not in seen:
                    seen.add(lead.ref or lead.norm)
                    named.append(Phrase(lead))
        if not objs:
            objs = [m for g in ctx.groups if k < g.start and g.end <= ti
                    for m in g.mentions({"Initiative", "Project", "Organization"})]
        return named, objs

    def _leading_country(self, m: Mention, ctx: _Ctx) -> Mention | None:
        """The listed country a longer name starts with (某国三国政府 → 某国)."""
        for n in range(min(8, m.end - m.start - 1), 1, -1):
            hits = [e for e in self.ref.lookup(m.norm[:n]) if e.cls == "Country"]
            if hits:
                c = Mention(ctx.a.document.id, m.start, m.start + n, ctx.a.document.text[m.start:m.start + n],
                            "Country", m.norm[:n], "rule", hits[0].id, ctx.sentence.index, 0.7)
                self.extra.append(c)
                return c
        return None

    def _listed(self, name: str, ti: int, tj: int, ctx: _Ctx) -> Mention | None:
        hits = self.ref.lookup(name)
        if not hits:
            return None
        e = hits[0]
        m = Mention(ctx.a.document.id, ti, tj, ctx.a.document.text[ti:tj], e.cls, e.name, "rule", e.id,
                    ctx.sentence.index, 0.7)
        self.extra.append(m)
        return m

    def _abbr_mention(self, k: int, ctx: _Ctx) -> Mention:
        m = Mention(ctx.a.document.id, k, k + 1, ctx.a.document.text[k], "Country", ctx.a.norm[k], "rule",
                    self.abbr[ctx.a.norm[k]], ctx.sentence.index, 0.8)
        self.extra.append(m)
        return m

    # -- heldIn, mediated, membership -----------------------------------------
    def _held_in(self, frame: Frame, t: Trigger, ti: int, tj: int, ctx: _Ctx):
        norm = ctx.a.norm
        if t.place_after:  # 会场设在某会展中心, 会议地点为某宫: the venue of the event in view
            near = [g for g in ctx.groups if g.start >= tj and g.end - tj <= 24
                    and not re.search(r"[，,；;。]", norm[tj:g.start])]
            venues = [m for g in near for m in g.mentions(set(frame.object))][-1:]  # …所在地某宫: the last
            return [(e, p, 0.7) for e in self._current_event(ti) for p in venues]
        head, inside = self._relative_head(tj, ctx)
        before = [g for g in ctx.groups if g.end <= ti]
        if head is not None and head.label == "Event" and not inside:
            events = head.mentions({"Event"})
        else:
            events = [m for g in before if g.marker == "" for m in g.mentions({"Event"})][:1]
            if not events:
                nxt = next((g for g in ctx.groups if g.start >= tj), None)
                if nxt is not None and nxt.label == "Event" and nxt.start - tj <= 4:
                    events = nxt.mentions({"Event"})
            if not events and not any(g.marker == "" for g in before):
                events = [m for m in self._event_topic() if m.end <= ti]
        at = [i for i, g in enumerate(before) if g.marker in ("在", "于") and g.label in ("Place", "Country")]
        if not events or not at:
            return []
        i = at[-1]
        places = before[i].mentions(set(frame.object))
        last = before[i].end
        for g in before[i + 1:]:  # 在肯尼亚蒙巴萨西站, 在南非约翰内斯堡桑顿会议中心, 在埃塞俄比亚首都亚的斯亚贝巴
            gap = norm[last:g.start]
            if g.label not in ("Place", "Country") or not (gap == "" or (
                    len(gap) <= 8 and self.frames.geography.descriptor.match(gap))):
                break
            places += g.mentions(set(frame.object))
            last = g.end
        places += [c for p in places for c in [self._city_in_name(p, ctx)] if c is not None]
        return [(e, p, 0.75) for e in events for p in places]

    def _marked_after_city(self, g: Group, ctx: _Ctx) -> bool:
        """在纽约联合国总部 with 纽约 left out by the model: the venue is still the 在 phrase."""
        if g.marker or g.label != "Place":
            return False
        venue = g.phrases[0].head
        row = self.ref.entities[venue.ref].row if venue.ref in self.ref.entities else {}
        city = self.ref.entities.get(row.get("parent") or "")
        return city is not None and any(
            ctx.a.norm.endswith(n, ctx.lo, venue.start) and ctx.a.norm[venue.start - len(n) - 1] in "在于"
            for n in city.names if len(n) >= 2 and venue.start - len(n) - 1 >= ctx.lo)

    def _city_in_name(self, venue: Mention, ctx: _Ctx) -> Mention | None:
        """在北京人民大会堂, 在纽约联合国总部: the venue's listed city, when its name starts
        the venue's name or is written right before it."""
        row = self.ref.entities[venue.ref].row if venue.ref in self.ref.entities else {}
        city = self.ref.entities.get(row.get("parent") or "")
        if city is None:
            return None
        norm = ctx.a.norm
        names = [n for n in sorted(city.names, key=len, reverse=True) if len(n) >= 2]
        at = next(((venue.start, n) for n in names if norm.startswith(n, venue.start) and len(n) < venue.end - venue.start),
                  None)
        if at is None:  # 在纽约联合国总部: the city written right before the venue, which the model left out
            at = next(((venue.start - len(n), n) for n in names if norm.endswith(n, ctx.lo, venue.start)
                       and not any(m.start < venue.start and m.end > venue.start - len(n) for m in ctx.a.mentions)),
                      None)
        if at is None:
            return None
        k, name = at
        m = Mention(ctx.a.document.id, k, k + len(name), ctx.a.document.text[k:k + len(name)],
                    city.cls, name, "rule", city.id, ctx.sentence.index, 0.7)
        self.extra.append(m)
        return m

    def _mediated(self, frame: Frame, t: Trigger, ti: int, tj: int, ctx: _Ctx):
        norm = ctx.a.norm
        before = [g for g in ctx.groups if g.end <= ti]
        mediators = [p for g in before if g.marker in ("在", "经") for p in g.phrases if p.label in frame.agent]
        parties: list[Mention] = []
        if mediators:
            # 在 X 斡旋下，A 和 B …: the parties open the next clause
            after = norm[tj:tj + 2]
            if after.startswith("下"):
                parties = self._parties_after(tj, ctx, exclude={m.ref or m.norm for p in mediators for m in p.mentions})
            else:
                mediators = []
        if not mediators:
            agents, _, g0 = self._agents(frame, ti, ctx)
            mediators = agents
            between = [g for g in before if g0 is not None and g.start >= g0.end and g.marker in ("在",)]
            parties = [m for g in between for m in _countries(g)]
            if not parties:
                parties = self._parties_after(tj, ctx, same_clause=True)
        return [(m, p, 0.7) for ph in mediators for m in ph.mentions if m.label in frame.agent
                for p in parties]

    def _parties_after(self, tj: int, ctx: _Ctx, same_clause: bool = False,
                       exclude: set[str] | None = None) -> list[Mention]:
        s = ctx.sentence
        norm = ctx.a.norm
        hi = ctx.hi if same_clause else s.end
        lo = tj
        ms = outermost([m for m in ctx.a.mentions if lo <= m.start and m.end <= hi])
        phs = phrases(norm, lo, hi, ms, self.titles)
        gs = groups(norm, phs, self.titles)
        out: list[Mention] = []
        ref = re.match(r"^[下，,]*(两国|双方|两方)", norm[lo:lo + 6])
        if ref and (not gs or gs[0].start > lo + ref.end()):
            # 在中方斡旋下，两国…: the two countries named before
            return self._history.resolve("countries", 2, lo + ref.start(1), exclude or set())
        for g in gs:  # the parties named before the clause's first place or verb phrase
            if g.marker in ("在", "于") and out:
                break
            out.extend(c for c in _countries(g) if all((c.ref or c.norm) != (x.ref or x.norm) for x in out))
        return out if len(out) >= 2 else []

    def _member(self, frame: Frame, t: Trigger, ti: int, tj: int, ctx: _Ctx):
        """Y 成员国 A、B / A 是 Y 成员国 / A 同为 Y 创始成员国 / Y 由 A、B 组成 /
        作为 Y 成员国，A …"""
        norm = ctx.a.norm
        if t.word in ("成立", "创建", "创立", "组建"):
            # A、B、C 成立了 Y: the founders are members
            agents, _, _ = self._agents(frame, ti, ctx)
            org = next((g for g in ctx.groups if g.start >= tj and g.start - tj <= 3
                        and g.label in ("Organization", "Initiative")), None)
            if org is None:
                return []
            return [(c, o, 0.65) for p in agents for c in p.mentions
                    if c.label == "Country" for o in org.mentions({"Organization", "Initiative"})]
        if t.word == "组成":
            by = next((g for g in ctx.groups if g.end <= ti and g.marker == "由"), None)
            if by is None:
                return []
            orgs = [g for g in ctx.groups if g.end <= by.start and g.marker == ""
                    and g.label in ("Organization", "Initiative")]
            if not orgs:
                return []
            members = [c for g in ctx.groups if g.start >= by.start and g.end <= ti for c in _countries(g)]
            return [(c, o, 0.7) for c in members for o in orgs[-1].mentions({"Organization", "Initiative"})]
        org = next((g for g in reversed(ctx.groups) if g.end <= ti and ti - g.end <= 2
                    and g.label in ("Organization", "Initiative")), None)
        if org is None:
            # Y 现有 A、B…5个成员国 / Y 的成员国包括 A、B: the body, a verb of having, the list
            body = next((g for g in ctx.groups if g.end <= ti and g.label in ("Organization", "Initiative")), None)
            lead = [g for g in ctx.groups if body is not None and body.end <= g.start and g.end <= ti
                    and g.label == "Country"]
            if body is not None and lead and re.search(r"(现有|共有|包括|拥有|有)", norm[body.end:lead[0].start]) \
                    and not re.search(r"[，,；;]", norm[body.end:ti]):
                return [(c, o, 0.7) for g in lead for c in _countries(g)
                        for o in body.mentions({"Organization", "Initiative"})]
            return []
        if norm[max(ctx.lo, ti - 4):ti].endswith(self.frames.not_member_words):
            return []
        if norm[ti:ti + 6].startswith(self.frames.not_member_words):
            return []
        holders = [g for g in ctx.groups if g.end <= org.start and g.label in ("Country", "Organization")]
        countries = [m for g in holders for m in _countries(g)]
        if not countries and norm[ctx.lo:ctx.lo + 2] == "作为":
            # 作为 Y 成员国，A …: the member is the next clause's subject
            lo, gs = self._next_clause(ctx)
            if gs and gs[0].marker == "" and gs[0].label == "Country" and gs[0].start - lo <= 3:
                return [(c, o, 0.7) for c in _countries(gs[0])
                        for o in org.mentions({"Organization", "Initiative"})]
            return []
        if not countries and self._ctopic is not None and re.match(r"^(是|为|同为|均为|也是)", norm[ctx.lo:ctx.lo + 2]):
            countries = [c for p in self._ctopic.phrases for c in ([p.head] if p.label == "Country" else [])]
            cue = "是"
        else:
            cue = norm[holders[-1].end:org.start] if countries else ""  # (三国均为: the reference's end, not its antecedent's)
        if countries and re.search(r"(是|为|同为|均为|都是|作为|已是|担任)", cue) and len(cue) <= 12:
            return [(c, o, 0.7) for c in countries for o in org.mentions({"Organization", "Initiative"})]
        nxt = next((g for g in ctx.groups if g.start >= ti + len(t.word) and g.start - ti - len(t.word) <= 4), None)
        if nxt is not None:
            return [(c, o, 0.7) for c in _countries(nxt) for o in org.mentions({"Organization", "Initiative"})]
        # Y 现有 A、B…5个成员国
        lead = [g for g in ctx.groups if org.end <= g.start and g.end <= ti]
        if lead and re.search(r"(现有|包括|有)", norm[org.end:lead[0].start]):
            return [(c, o, 0.7) for g in lead for c in _countries(g)
                    for o in org.mentions({"Organization", "Initiative"})]
        return []

    def _member_change(self, frame: Frame, t: Trigger, ti: int, tj: int, ctx: _Ctx):
        """成为 Y 成员 / 给予 A Y 成员国地位 / 接收 A 为成员国 / Y 新增 A 三个成员:
        the status word after the organisation decides membership."""
        norm = ctx.a.norm
        after = [g for g in ctx.groups if g.start >= tj]
        before = [g for g in ctx.groups if g.end <= ti]
        if t.grant:
            countries = [m for g in after[:1] for m in _countries(g)]
            org = next((g for g in after[1:2] if g.label in ("Organization", "Initiative")), None)
            if org is None:
                org = next((g for g in reversed(before) if g.label in ("Organization", "Initiative")), None)
            if org is None:  # 会议接收某国为成员国: the body whose meeting it is (某组织成员国元首理事会会议)
                inner = [m for e in self._current_event(ti) for m in ctx.a.mentions
                         if m.label == "Organization" and e.start <= m.start and m.end <= e.end]
                org = Group([Phrase(inner[0])]) if inner else None
            tail_from = max([g.end for g in after[:2]] or [tj])
        else:
            agents, _, _ = self._agents(frame, ti, ctx)
            countries = [m for p in agents for m in p.mentions if m.label == "Country"]
            org = next((g for g in after[:1] if g.label in ("Organization", "Initiative")
                        and g.start - tj <= 4), None)
            tail_from = org.end if org else tj
            if org is None and re.match(r"^(该组织|该机制)?(的)?(新|正式|第[^，,。；;]{1,4})?(成员|会员)", norm[tj:tj + 10]):
                # 金砖国家扩员，A、B 成为新成员: the body the sentence is about
                org = next((g for g in reversed(before) if g.label in ("Organization", "Initiative")), None)
                if org is None:
                    earlier = [Group([Phrase(m)]) for m in outermost(ctx.a.mentions)
                               if ctx.sentence.start <= m.start and m.end <= ti
                               and m.label in ("Organization", "Initiative")]
                    org = earlier[-1] if earlier else None
        if org is None or not countries:
            return []
        tail = norm[tail_from:tail_from + 12].lstrip("为第一二三四五六七八九十个0123456789")
        if (tail.startswith(self.frames.not_member_words) or not re.match(
                r"^[^，,。；;]{0,6}?(" + "|".join(self.frames.member_words) + ")", tail)) \
                and not re.match(r"^(正式)?(成员|会员)", tail):
            return []
        objs = org.mentions({"Organization", "Initiative"})
        out = [(c, o, 0.7) for c in countries for o in objs]
        return out + [(c, o, 0.7, "memberOf") for c, o, _ in out if o.label == "Organization"]

    # -- visits in place ---------------------------------------------------
    def _note_place(self, agents: list[Phrase], ti: int, ctx: _Ctx, mod: str | None) -> None:
        """Remember where an agent acted (在 X 会见, 在 X 出席) for ``_visits_in_place``."""
        if mod is not None or re.search(r"(视频|线上|远程|连线|通电话|通话)", ctx.a.norm[ctx.lo:ti + 8]):
            return  # 在北京同 B 以视频方式共同出席: B is not in 北京
        at = [g for g in ctx.groups if g.end <= ti and g.marker == "在" and g.label == "Place"]
        for g in at[-1:]:
            for p in agents:
                for who in p.mentions:
                    if who.label == "Person":
                        for m in g.mentions({"Place"}):
                            self._places.append((who, m, ctx.sentence, ctx.date))

    def _visits_in_place(self, found: list[RelationCandidate], a: AnalyzedDocument) -> list[RelationCandidate]:
        """A visitor's 在 X during the visit: a city X is visited when it lies in a
        country the document says the person visited (正在俄罗斯访问的 A 在莫斯科…)."""
        visited: dict[str, set[str]] = {}
        for r in found:
            if r.predicate == "visited" and r.modality is None and isinstance(r.object, Mention) and r.object.ref:
                visited.setdefault(r.subject.ref or r.subject.norm, set()).add(r.object.ref)
        out = []
        for who, m, sentence, date in self._places:
            row = self.ref.entities[m.ref].row if m.ref in self.ref.entities else {}
            home = self.ref.entities[who.ref].row.get("country") if who.ref in self.ref.entities else None
            if row.get("kind") not in ("city", "capital"):
                continue
            # during a visit the text reports, or a listed leader acting in a foreign city
            if row.get("country") not in visited.get(who.ref or who.norm, ()) and not (
                    home and row.get("country") and home != row.get("country")):
                continue
            out.append(RelationCandidate(who, "visited", m, sentence, 0.6, "rule", date, trigger="在", cameo="042"))
        return out


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
    chars = list(norm[lo:hi])
    for g in gs:
        for p in g.phrases:
            for k in range(max(p.start, lo), min(p.end, hi)):
                chars[k - lo] = " "
    return "".join(chars)


