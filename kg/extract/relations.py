"""Relations from trigger words and the arguments around them within a clause.

For each trigger (会见 → met, 访问 → visited, 出席 → participatedIn ...) the
subject is the nearest fitting mention before it in the clause (or the
clause's carried-over subject), the objects the fitting mentions after it.
A clause that negates, asks or speaks of the future before the trigger
("争取意大利不要退出", "将签署", "是否会访华") yields nothing.

Which mentions fit a property's subject and object is its domain and range in
ontology/kg.ttl (``kg.schema``). How a trigger's arguments are read is one
``TriggerExtractor`` method per property, registered with ``@_handles(prop)``
(or ``@_handles(prop, word=...)`` for one trigger word); a property with no
rule of its own takes the subject before the trigger and the coordinated
objects after it (``_plain``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from kg.model import Mention, RelationCandidate, Sentence
from kg.nlp.lexicon import Lexicon
from kg.schema import schema

_CLAUSE = re.compile(r"[，,；;：:。！？!?\n]")
_WITH = ("同", "与", "和", "跟")
# between A and B in "A 9日分别与塞舌尔总统 B": a time, an adverb, then 同/与/和/跟
_WITH_GAP = re.compile(r"^(外长|外交部长|总统|总理|主席|首相|部长|大使|国务卿|国王|副总理|副总统)?[\d日月号上下午今昨晚早]*"
                       r"(分别|先后|还|也|又|再次|首次|共同|当天|当日)*[同与和跟][^，,；;。]*$")
_LEADERS_GAP = re.compile(r"^(两国|三国|双方)?(元首|领导人|首脑|外长|总统|总理|防长)?(在[^，,；;。]{1,8})?(举行|进行)?(了)?(历史性|首次|正式|视频|电话)?$")
_AND_GAP = re.compile(r"^[、和及与以][^，,；;。同跟]*$")


@dataclass
class Clause:
    start: int
    end: int
    mentions: list[Mention]


def clauses(sentence: Sentence, norm: str, mentions: list[Mention]) -> list[Clause]:
    out, pos = [], sentence.start
    cuts = [sentence.start + m.end() for m in _CLAUSE.finditer(norm[sentence.start:sentence.end])]
    for cut in [*cuts, sentence.end]:
        if cut > pos:
            out.append(Clause(pos, cut, [m for m in mentions if pos <= m.start and m.end <= cut]))
        pos = cut
    return out


def _masked(norm: str, start: int, end: int, mentions: list[Mention]) -> str:
    """norm[start:end] with names blanked: 乌兹别克斯坦 holds 别, 不丹 holds 不."""
    chars = list(norm[start:end])
    for m in mentions:
        for k in range(max(m.start, start), min(m.end, end)):
            chars[k - start] = " "
    return "".join(chars)


def _blocked(prefix: str, lex: Lexicon) -> bool:
    """Negation, future or question before the trigger: not a stated fact.

    Words that merely contain a cue (分别, 不断, 未来) are masked first."""
    for w in lex.not_cues:
        if w in prefix:
            prefix = prefix.replace(w, " " * len(w))
    return any(w in prefix for w in (*lex.negation, *lex.future, *lex.question))


_NOT_YET_JOINED = ("申请", "欢迎", "支持", "有意", "寻求", "邀请", "考虑", "推动", "接纳", "争取", "劝说", "施压")
_PROGRAMME_CUES = ("共建", "标志性", "旗舰", "代表性", "重大项目", "成功例子", "早期收获", "项目", "工程", "成果")
_LOCATED_GAP = re.compile(r"^(位于|地处|坐落于|坐落在|地处于)$")
_TERRITORY_TAIL = re.compile(r"^(的)?(不可分割的)?(一部分|领土|固有领土|神圣领土|依法管辖的领土)")
# 在 E 上 / 期间 / 的报告中 / 开幕式上: the subject took part in E
_AT_EVENT = re.compile(r"^(的)?(报告|讲话|主旨演讲|演讲|致辞|开幕式|闭幕式|开幕|闭幕)?(当中|上|期间|中|时|之际)")
_COORD = re.compile(r"^(开幕式|闭幕式|开幕仪式|系列活动|活动|期间|全体会议)?[、，,和与及同跟暨\s]*(以及)?[、，,和与及同跟暨\s]*$")


def _coordinated(objs: list[Mention], norm: str, after: int, reach: int = 12) -> list[Mention]:
    """The first object close after the trigger, and those coordinated with it
    (访问伊朗、埃及和沙特): not every fitting name to the end of the clause."""
    if not objs or objs[0].start - after > reach:
        return []
    out = [objs[0]]
    for o in objs[1:]:
        if _COORD.match(norm[out[-1].end:o.start]) and o.start - out[-1].end <= 3:
            out.append(o)
        else:
            break
    return out


def outermost(mentions: list[Mention]) -> list[Mention]:
    """Drop mentions nested in another (the parts of 中老铁路 are not arguments)."""
    out = []
    for m in mentions:
        if not any(o is not m and o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start)
                   for o in mentions):
            out.append(m)
    return out


@dataclass
class _Trigger:
    """One trigger occurrence and the mentions around it in its clause.

    ``subj_cls`` / ``obj_cls`` are the property's domain and range in
    ontology/kg.ttl (``kg.schema``)."""

    prop: str
    word: str
    left: list[Mention]  # outermost mentions of the clause before the trigger
    right: list[Mention]  # ... and after it
    sentence: Sentence
    norm: str
    ti: int  # the trigger's offsets in norm
    tj: int
    carried: Mention | None  # the subject carried over from an earlier clause
    date: str | None
    subj_cls: frozenset[str]
    obj_cls: frozenset[str]


_Handler = Callable[["TriggerExtractor", _Trigger], list[RelationCandidate]]
#: (property, trigger word or None for any word) → the rule that reads that trigger's arguments
_HANDLERS: dict[tuple[str, str | None], _Handler] = {}
#: properties whose missing subject is the document's default one (the home country)
_DEFAULT_SUBJECT_PROPS = frozenset({"mediated", "hosted", "signed"})


def _handles(*props: str, word: str | None = None) -> Callable[[_Handler], _Handler]:
    """Register a TriggerExtractor method as the rule of these properties (and word)."""
    def register(fn: _Handler) -> _Handler:
        for p in props:
            _HANDLERS[(p, word)] = fn
        return fn
    return register


class TriggerExtractor:
    def __init__(self, lexicon: Lexicon, default_subject: Mention | None = None,
                 abbr: dict[str, str] | None = None) -> None:
        self.lex = lexicon
        self.default_subject = default_subject
        self.abbr = abbr or {}  # one-character country forms: 华 → country/CN
        self.extra: list[Mention] = []  # mentions the rules create (华 in 访华)
        self._triggers = sorted(((w, p) for p, ws in lexicon.triggers.items() for w in ws),
                                key=lambda x: -len(x[0]))

    def _find_triggers(self, norm: str, start: int, end: int,
                       mentions: list[Mention]) -> Iterator[tuple[int, int, str, str]]:
        # one word may trigger several properties (举办: hosted and heldIn), but
        # within a property the longest trigger wins (举行会谈 over 会谈)
        taken = {p: bytearray(end - start) for p in self.lex.triggers}
        inside = [(m.start, m.end) for m in mentions]
        for word, prop in self._triggers:
            i = norm.find(word, start, end)
            while i != -1:
                j = i + len(word)
                if not any(taken[prop][i - start:j - start]) and not any(a <= i < b for a, b in inside):
                    taken[prop][i - start:j - start] = b"\x01" * len(word)
                    yield i, j, word, prop
                i = norm.find(word, j, end)

    def extract(self, sentence: Sentence, norm: str, mentions: list[Mention],
                date: str | None = None, only: frozenset[str] | None = None) -> list[RelationCandidate]:
        out: list[RelationCandidate] = []
        carried: Mention | None = None
        as_member: Mention | None = None  # 作为 X 常任理事国，中国…: the organisation awaiting its member
        for cl in clauses(sentence, norm, mentions):
            ms = outermost(cl.mentions)
            if as_member is not None:
                lead = [m for m in ms if m.label == "Country" and m.start - cl.start <= 3]
                for c in lead:
                    out.append(self._rc(c, "memberOf", as_member, sentence, 0.7, date))
                as_member = None
            head = norm[cl.start:cl.end]
            if head.startswith("作为") and not any(m.label == "Country" for m in ms):
                orgs = [m for m in ms if m.label == "Organization"
                        and norm[m.end:m.end + 6].startswith(self.lex.triggers["memberOf"])]
                if orgs:
                    as_member = orgs[-1]
            subj_here = [m for m in ms if m.label in ("Person", "Country", "Organization")]
            for ti, tj, word, prop in sorted(self._find_triggers(norm, cl.start, cl.end, ms)):
                if only is not None and prop not in only:
                    continue
                left = [m for m in ms if m.end <= ti]
                right = [m for m in ms if m.start >= tj]
                prefix = _masked(norm, cl.start, ti, ms)
                if _blocked(prefix[-12:], self.lex):
                    continue
                # 来华|出席: the fused country is where the subject goes, never the subject
                left = [m for m in left if not (m.end - m.start == 1 and m.start > 0 and norm[m.start - 1] in "来赴访抵")]
                out.extend(self._apply(prop, word, left, right, sentence, norm, ti, tj, carried, date))
            if subj_here:
                carried = subj_here[0]
        return out

    def context_rules(self, sentence: Sentence, norm: str, mentions: list[Mention],
                      date: str | None = None) -> list[RelationCandidate]:
        """Constructions without a trigger verb.

        * 习近平主席在第三届…高峰论坛上宣布 → participatedIn (在 E 上/期间)
        * 以习近平同志为核心的党中央 → affiliation
        """
        out: list[RelationCandidate] = []
        for cl in clauses(sentence, norm, mentions):
            ms = outermost(cl.mentions)
            for ev in (m for m in ms if m.label == "Event"):
                before = norm[max(cl.start, ev.start - 2):ev.start]
                after = norm[ev.end:ev.end + 8]
                where = next((m for m in ms if m.label in ("Place", "Country") and norm[m.end:ev.start] == "的"
                              and norm[max(cl.start, m.start - 1):m.start] == "在"), None)
                if where is not None and _AT_EVENT.match(after):
                    # 在新加坡的东亚合作系列外长会期间: held there, and the subject took part
                    out.append(self._rc(ev, "heldIn", where, sentence, 0.65, date))
                    before = "在"
                    cut = where.start - 1
                elif "在" not in before or not _AT_EVENT.match(after):
                    continue
                else:
                    cut = ev.start - (len(before) - before.rindex("在"))
                if _blocked(norm[cl.start:cut][-8:], self.lex):
                    continue
                subj = [m for m in ms if m.end <= cut and m.label in ("Person", "Country", "Organization")]
                if subj:
                    out.append(self._rc(subj[0] if subj[0].label == "Person" else subj[-1], "participatedIn",
                                        ev, sentence, 0.7, date))
        out.extend(self._part_of_programme(sentence, norm, mentions, date))
        out.extend(self._territory(sentence, norm, mentions, date))
        cls_ = clauses(sentence, norm, mentions)
        for first, second in zip(cls_, cls_[1:], strict=False):
            # 中央外事工作会议上，习近平主席…: the event opens the sentence, the speaker follows
            evs = [m for m in outermost(first.mentions) if m.label == "Event" and m.start - first.start <= 1]
            if evs and _AT_EVENT.match(norm[evs[0].end:evs[0].end + 8]) and first.end - evs[0].end <= 8:
                people = [m for m in outermost(second.mentions) if m.label == "Person" and m.start - second.start <= 2]
                for p in people[:1]:
                    out.append(self._rc(p, "participatedIn", evs[0], sentence, 0.65, date))
        for p in (m for m in mentions if m.label == "Person"):
            tail = norm[p.end:p.end + 12]
            k = tail.find("为核心的")
            if k != -1 and k <= 3:
                org = next((m for m in mentions if m.label == "Organization"
                            and m.start == p.end + k + 4), None)
                if org is not None:
                    out.append(self._rc(p, "affiliation", org, sentence, 0.8, date))
        return out

    def _part_of_programme(self, sentence: Sentence, norm: str, mentions: list[Mention],
                           date: str | None) -> list[RelationCandidate]:
        """共建“一带一路”的成功例子很多，匈塞铁路、比雷埃夫斯港…等都是其中的代表:
        projects listed in a sentence about an initiative, with a cue that they
        belong to it, are part of it."""
        ms = outermost(mentions)
        inits = [m for m in ms if m.label == "Initiative"]
        projects = [m for m in ms if m.label == "Project"]
        text = norm[sentence.start:sentence.end]
        if len({m.ref or m.norm.strip("“”\"") for m in inits}) != 1 or not projects \
                or not any(c in text for c in _PROGRAMME_CUES):
            return []
        if _blocked(text, self.lex) and not any(c in text for c in ("已", "成功", "建成", "通车", "竣工")):
            return []
        return [self._rc(p, "partOf", inits[0], sentence, 0.6, date) for p in projects]

    def _territory(self, sentence: Sentence, norm: str, mentions: list[Mention],
                   date: str | None) -> list[RelationCandidate]:
        """台湾是中国不可分割的一部分, 南海诸岛是中国领土, X位于Y: where a place is."""
        out = []
        ms = outermost(mentions)
        for a, b in zip(ms, ms[1:], strict=False):
            gap = norm[a.end:b.start]
            tail = norm[b.end:b.end + 12]
            located = a.label in ("Place", "Project") and b.label in ("Country", "Place") and _LOCATED_GAP.match(gap)
            territory = a.label == "Place" and b.label == "Country" and re.match(r"^[是为属]", gap) \
                and len(gap) <= 14 and _TERRITORY_TAIL.match(tail) and not _blocked(gap, self.lex)
            if located or territory:
                out.append(self._rc(a, "locatedIn", b, sentence, 0.7, date))
        return out

    def _rc(self, s: Mention, p: str, o: Mention | str, sentence: Sentence, conf: float,
            date: str | None) -> RelationCandidate:
        return RelationCandidate(s, p, o, sentence, conf, "rule", date)

    def _apply(self, prop: str, word: str, left: list[Mention], right: list[Mention], sentence: Sentence,
               norm: str, ti: int, tj: int, carried: Mention | None, date: str | None) -> list[RelationCandidate]:
        """The relations one trigger states: the handler registered for (property, word),
        else for the property, else the plain subject-before / objects-after rule."""
        prop_def = schema().properties.get(prop)
        subj_cls, obj_cls = (prop_def.domain, prop_def.range) if prop_def else (frozenset(), frozenset())
        t = _Trigger(prop, word, left, right, sentence, norm, ti, tj, carried, date, subj_cls, obj_cls)
        handler = _HANDLERS.get((prop, word)) or _HANDLERS.get((prop, None)) or TriggerExtractor._plain
        return handler(self, t)

    @_handles("met")
    def _met(self, t: _Trigger) -> list[RelationCandidate]:
        """A 与 B 会谈 (pairs of the same class); 中美元首会晤 (two fused countries); A 会见 B."""
        norm, out = t.norm, []
        people = [m for m in t.left if m.label in t.subj_cls]
        pairs = self._with_pairs(people, norm)
        parties = [m for m in people if m.end - m.start == 1 and m.label == "Country"]
        if not pairs and len(parties) >= 2 and _LEADERS_GAP.match(norm[parties[-1].end:t.ti]):
            run = [parties[-1]]
            for m in reversed(parties[:-1]):
                if m.end == run[0].start:
                    run.insert(0, m)
            # 中美元首会晤, 中俄两国外长会谈: the countries of a compound meet
            pairs = [(run[0], run[1])] if len(run) == 2 else []
        if pairs:
            for a, b in pairs:
                if a.label == b.label:
                    out.append(self._rc(a, "met", b, t.sentence, 0.75, t.date))
            return out
        subj = people[-1] if people and people[-1].label == "Person" else None  # 在马耳他会见…: not a meeting of countries
        objs = [m for m in t.right if m.label in t.obj_cls]
        if subj:
            objs = [o for o in objs if o.label == subj.label]
            for o in objs[:4]:
                out.append(self._rc(subj, "met", o, t.sentence, 0.7, t.date))
        return out

    @_handles("visited")
    def _visited(self, t: _Trigger) -> list[RelationCandidate]:
        """A 访问 X、Y; 访华 (the fused country); 访华的 A (the visitor after 的); A 对 X 进行访问."""
        norm, tj, left, right, obj_cls = t.norm, t.tj, t.left, t.right, t.obj_cls
        subjects = self._relative_subjects(right, norm, tj)
        subj = subjects[0] if subjects else self._subject(left, t.subj_cls, t.carried)
        if subj is None:
            return []
        # 中方/日方 name a government, not a destination
        # in 到访的新加坡外长维文 the country after 的 is the visitor's own, not where he went
        rel_end = norm.find("的", tj, tj + 30) if subjects else -1
        objs = _coordinated([m for m in right if m.label in obj_cls and not m.norm.endswith("方")
                             and (not subjects or m.end <= rel_end)], norm, tj)
        abbr = self._abbr_object(t.word, norm, t.ti, tj, right, t.sentence)
        if abbr is not None:
            objs = [abbr]
        if subjects and not objs:
            # 正在乌拉圭进行正式访问的王毅, 对柬埔寨进行访问的王毅: the host comes first
            objs = [m for m in left if m.label in obj_cls
                    and norm[max(0, m.start - 1):m.start] in ("在", "对")][-1:]
        if subjects:
            return [self._rc(p, "visited", o, t.sentence, 0.7, t.date) for p in subjects for o in objs]
        prefix = norm[:t.ti]
        k = prefix.rfind("对")
        if not objs and k != -1 and subj.end <= k and ("进行" in prefix[k:] or t.ti - k <= 16):
            # 习近平对沙特、埃及、伊朗进行国事访问: the hosts come before the trigger
            objs = [m for m in left if m.label in obj_cls and m.start > k]
        return [self._rc(subj, "visited", o, t.sentence, 0.7, t.date) for o in objs]

    @_handles("heldIn")
    def _held_in(self, t: _Trigger) -> list[RelationCandidate]:
        """E 在 X 举行 / 在 X 举行 E."""
        norm, left, obj_cls = t.norm, t.left, t.obj_cls
        events = [m for m in left + t.right if m.label == "Event"]
        places = [m for m in left if m.label in obj_cls and "在" in norm[max(0, m.start - 3):m.start]]
        if not places:
            places = [m for m in left if m.label in obj_cls and norm[m.end:t.ti].strip() in ("", "举行")]
        if not (events and places):
            return []
        ev = [e for e in events if e.start >= t.ti] or events
        # 在东京新大谷酒店: the city and the venue; 发展周暨能源峰会: both events
        first = [m for m in places if norm[max(0, m.start - 1):m.start] == "在"]
        where = [first[-1] if first else places[-1]]
        for m in left:
            if m.start >= where[-1].end and m.label in obj_cls and norm[where[-1].end:m.start] == "":
                where.append(m)
        chosen = [ev[0]]
        for e in ev[1:]:
            if norm[chosen[-1].end:e.start] in ("暨", "和", "、", "及", "与"):
                chosen.append(e)
        return [self._rc(e, "heldIn", w, t.sentence, 0.7, t.date) for e in chosen for w in where]

    @_handles("memberOf", word="组成")
    def _composed_of(self, t: _Trigger) -> list[RelationCandidate]:
        """Y 是由 A、B…组成的: the members come between 由 and 组成."""
        k = t.norm.rfind("由", t.sentence.start, t.ti)
        orgs = [m for m in t.left if m.label == "Organization" and m.end <= k]
        if k == -1 or not orgs:
            return []
        return [self._rc(c, "memberOf", orgs[-1], t.sentence, 0.7, t.date)
                for c in t.left if c.label == "Country" and c.start > k]

    @_handles("memberOf")
    def _member_of(self, t: _Trigger) -> list[RelationCandidate]:
        """A、B 等 Y 成员国: the countries before the organisation right before the trigger."""
        orgs = [m for m in t.left if m.label == "Organization" and t.norm[m.end:t.ti].strip() in ("", "的")]
        countries = [m for m in t.left if m.label == "Country"]
        if not (orgs and countries and countries[0].end <= orgs[-1].start):
            return []
        return [self._rc(c, "memberOf", orgs[-1], t.sentence, 0.7, t.date)
                for c in countries if c.end <= orgs[-1].start]

    @_handles("hosted", word="东道主")
    def _host(self, t: _Trigger) -> list[RelationCandidate]:
        """A 是 E 的东道主 / A 作为东道主…E: up to three events after the word."""
        subj = self._subject(t.left, t.subj_cls, t.carried)
        if not subj:
            return []
        return [self._rc(subj, "hosted", o, t.sentence, 0.7, t.date)
                for o in [m for m in t.right if m.label in t.obj_cls][:3]]

    @_handles("hosted")
    def _hosted(self, t: _Trigger) -> list[RelationCandidate]:
        joint = self._jointly(t, [])
        return joint if joint is not None else self._plain(t)

    @_handles("participatedIn")
    def _participated(self, t: _Trigger) -> list[RelationCandidate]:
        """A 出席 E; 在北京出席 E (where E is held); 来华出席 E 的 A、B (the attendees after 的)."""
        norm, ti = t.norm, t.ti
        out = self._attended_where(norm, ti, t.tj, t.left, t.right, t.sentence, t.date)
        came = norm[max(0, ti - 2):ti] in ("来华", "访华", "赴华", "前来") or norm[ti - 1:ti] == "来"
        if came or not [m for m in t.left if m.label in t.subj_cls]:
            subjects = self._relative_subjects(t.right, norm, t.tj)  # (来华)出席论坛的 A、B
            if subjects:
                objs = [m for m in t.right if m.label in t.obj_cls and m.end <= subjects[0].start][:3]
                return out + [self._rc(p, t.prop, o, t.sentence, 0.7, t.date) for p in subjects for o in objs]
            if came:
                return out
        joint = self._jointly(t, out)
        return joint if joint is not None else self._plain(t, out)

    @_handles("joined", "withdrewFrom")
    def _joined_or_left(self, t: _Trigger) -> list[RelationCandidate]:
        return self._membership_change(t.prop, t.left, t.right, t.sentence, t.norm, t.ti, t.tj, t.date)

    @_handles("mediated")
    def _mediated(self, t: _Trigger) -> list[RelationCandidate]:
        """A 斡旋 X 和 Y: the parties, not the mediator itself."""
        return self._plain(t, distinct=True)

    def _jointly(self, t: _Trigger, out: list[RelationCandidate]) -> list[RelationCandidate] | None:
        """A 与 B 举行会谈并共同主持 E: both host (attend) it. None when the construction is absent."""
        if t.norm[max(0, t.ti - 2):t.ti] not in ("共同", "一起", "联合"):
            return None
        pairs = self._with_pairs([m for m in t.left if m.label == "Person"], t.norm)
        objs = _coordinated([m for m in t.right if m.label in t.obj_cls], t.norm, t.tj)
        if not (pairs and objs):
            return None
        return out + [self._rc(x, t.prop, o, t.sentence, 0.7, t.date) for pr in pairs for x in pr for o in objs[:2]]

    def _plain(self, t: _Trigger, out: list[RelationCandidate] | None = None,
               distinct: bool = False) -> list[RelationCandidate]:
        """The subject before the trigger (or carried over), the coordinated objects after it.

        For the properties in ``_DEFAULT_SUBJECT_PROPS`` a missing subject is the
        document's default one (the home country), at a lower confidence."""
        out = list(out or [])
        subj = self._subject(t.left, t.subj_cls, t.carried)
        if subj is None and t.prop in _DEFAULT_SUBJECT_PROPS and self.default_subject:
            subj = self.default_subject
        if subj is None:
            return out
        objs = _coordinated([m for m in t.right if m.label in t.obj_cls], t.norm, t.tj)
        if distinct:
            objs = [o for o in objs if o.ref != subj.ref or o.ref is None]
        conf = 0.7 if subj is not self.default_subject else 0.5
        out.extend(self._rc(subj, t.prop, o, t.sentence, conf, t.date) for o in objs[:4])
        return out

    def _attended_where(self, norm: str, ti: int, tj: int, left: list[Mention], right: list[Mention],
                        sentence: Sentence, date: str | None) -> list[RelationCandidate]:
        """在北京出席 E, 来华出席 E, 赴纽约参加 E: the event is held where the attendee is."""
        events = _coordinated([m for m in right if m.label == "Event"], norm, tj, reach=2)
        if not events:
            return []
        where: Mention | None = None
        places = [m for m in left if m.label in ("Place", "Country") and 0 <= ti - m.end <= 1]
        if places and norm[max(0, places[-1].start - 1):places[-1].start] in ("在", "赴", "到", "于"):
            where = places[-1]
        elif ti >= 2 and norm[ti - 2] in "来赴访" and norm[ti - 1] in self.abbr:
            k = ti - 1
            where = Mention(sentence.doc_id, k, k + 1, sentence.text[k - sentence.start], "Country", norm[k],
                            "rule", self.abbr[norm[k]], sentence.index, 0.8)
            self.extra.append(where)
        if where is None:
            return []
        return [self._rc(e, "heldIn", where, sentence, 0.65, date) for e in events]

    def _membership_change(self, prop: str, left: list[Mention], right: list[Mention], sentence: Sentence,
                           norm: str, ti: int, tj: int, date: str | None) -> list[RelationCandidate]:
        """意大利于2019年加入“一带一路”: the country right before 加入/退出 and the
        name right after it. An application, an invitation or support for someone
        else's bid (申请加入, 欢迎早日加入, 支持非盟加入) is not a membership."""
        countries = [m for m in left if m.label == "Country"]
        if not countries:
            return []
        subj = countries[-1]
        between = norm[subj.end:ti]
        if len(between) > 12 or any(m.start >= subj.end and m.label != "Country" for m in left) \
                or any(w in between or w in norm[max(0, subj.start - 4):subj.start] for w in _NOT_YET_JOINED):
            return []
        objs = [m for m in right if m.label in ("Initiative", "Organization") and m.start - tj <= 3]
        out = [self._rc(subj, prop, o, sentence, 0.7, date) for o in objs[:1]]
        if prop == "joined" and objs and objs[0].label == "Organization":
            out.append(self._rc(subj, "memberOf", objs[0], sentence, 0.7, date))
        return out

    def _abbr_object(self, word: str, norm: str, ti: int, tj: int, right: list[Mention],
                     sentence: Sentence) -> Mention | None:
        """访华, 来华, 赴美: the country is one character of the trigger or right after it."""
        if len(word) == 2 and word[1] in self.abbr and word[0] in "访来赴抵":
            k = tj - 1
        elif word in ("访", "赴") and tj < len(norm) and norm[tj] in self.abbr \
                and not any(m.start == tj for m in right):
            k = tj
        else:
            return None
        m = Mention(sentence.doc_id, k, k + 1, sentence.text[k - sentence.start], "Country", norm[k], "rule",
                    self.abbr[norm[k]], sentence.index, 0.8)
        self.extra.append(m)
        return m

    @staticmethod
    def _relative_subjects(right: list[Mention], norm: str, tj: int) -> list[Mention]:
        """访华的意大利副总理塔亚尼, 来华出席论坛的 A、B、C: the visitors follow 的."""
        k = norm.find("的", tj, tj + 30)
        if k == -1:
            return []
        people = [m for m in right if m.start > k and m.label == "Person"]
        if not people or any(m.label == "Person" for m in right if m.start < k):
            return []
        out = [people[0]]
        for p in people[1:]:
            if "、" in norm[out[-1].end:p.start] or "和" in norm[out[-1].end:p.start]:
                out.append(p)
        return out

    @staticmethod
    def _with_pairs(people: list[Mention], norm: str) -> list[tuple[Mention, Mention]]:
        """A (9日分别)与 [country, title] B 和 [title] C 会谈 → A–B, A–C."""
        pairs: list[tuple[Mention, Mention]] = []
        partners: set[int] = set()
        for i, a in enumerate(people):
            if id(a) in partners:
                continue
            for k in range(i + 1, len(people)):
                b = people[k]
                if b.label != a.label:
                    continue
                gap = norm[a.end:b.start]
                if len(gap) > 30 or not _WITH_GAP.match(gap):
                    break
                pairs.append((a, b))
                partners.add(id(b))
                prev = b
                for c in people[k + 1:]:  # 与 B 和 C: C is A's partner too
                    g = norm[prev.end:c.start]
                    if c.label == a.label and len(g) <= 10 and _AND_GAP.match(g):
                        pairs.append((a, c))
                        partners.add(id(c))
                        prev = c
                    else:
                        break
                break
        return pairs

    @staticmethod
    def _subject(left: list[Mention], classes: AbstractSet[str], carried: Mention | None) -> Mention | None:
        cands = [m for m in left if m.label in classes]
        if cands:
            # the head of "A的B" constructions is the last one; a title chain's person also is
            return cands[0] if cands[0].label == "Person" else cands[-1]
        if carried is not None and carried.label in classes:
            return carried
        return None
