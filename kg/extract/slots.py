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

from kg.extract import discourse, programme
from kg.extract.frames import Frame, Trigger
from kg.extract.modality import modality
from kg.extract.phrases import Group, Phrase, clause_spans, groups, marker_before, outermost, phrases
from kg.extract.slot_acts import ActSlots
from kg.extract.slot_base import (
    _AFTER_OTHERS,
    _CONTINUES,
    _PARTNER,
    _PROJECT_REF,
    _SPEECH,
    _blank,
    _countries,
    _Ctx,
)
from kg.model import AnalyzedDocument, Mention, RelationCandidate, Sentence

# 在旧金山举行(了)(历史性)会晤: the city and the head a meeting of office holders is named with
_NAMED_MEETING = re.compile(r"[^，,。；;在于]{0,6}?(?:在|于)(?P<place>[^，,。；;]{2,12}?)(?:举行|进行)了?[^，,。；;]{0,6}?(?P<head>会晤|会谈|峰会)")


class SlotFiller(ActSlots):
    """Runs every frame over one analysed document."""

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
        self._topic = None
        self._topic_sentence = 0
        self._topic_partners = []
        self._carried_mod = None
        self._last_object = {}
        self._located = None  # the last route's subject and its sentence
        self._office_country = {}
        self._meetings: list[RelationCandidate] = []
        self._ctopic = None
        self._etopic = None
        self._ctopic_sentence = 0
        self._places = []
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
                phs += self._addressee(a, norm, lo, hi, cms, phs, s)
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
                self._update_topic([g for g in gs if g.end <= first], norm, s.index, lo)
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
        out.extend(self._meetings)
        cues = self.frames.programme
        skip = programme.comparisons(norm, mentions, cues.get("comparison", ()))
        out.extend(programme.continued(a, mentions, cues, skip, dates))
        out.extend(programme.referred(a, mentions, cues, _PROJECT_REF, skip, dates))
        self.comparisons = skip
        return out

    def _addressee(self, a: AnalyzedDocument, norm: str, lo: int, hi: int, cms: list[Mention], phs: list[Phrase],
                   s: Sentence) -> list[Phrase]:
        """您 in a reporter's question is the one who answers it: the speaker of the next turn that
        is not a reporter's (a transcript's 记者：…您出席…？ then 王毅：…)."""
        taken = [(m.start, m.end) for m in cms] + [(p.start, p.end) for p in phs]
        out: list[Phrase] = []
        for hit in re.finditer("您", norm[lo:hi]):
            k = lo + hit.start()
            if any(x <= k < y for x, y in taken):
                continue
            nxt = next((seg for seg in a.document.segments if seg.start > k and seg.speaker
                        and not seg.speaker.rstrip().endswith(self.lex.reporter_suffixes)
                        and any(m.label == "Person" for m in a.speaker_mentions.get(seg.speaker, []))), None)
            if nxt is None:
                continue
            who = [m for m in a.speaker_mentions[nxt.speaker or ""] if m.label == "Person"][-1]
            m = Mention(a.document.id, k, k + 1, a.document.text[k], "Person", who.norm, "rule", who.ref, s.index, 0.6)
            self.extra.append(m)
            marker, _ = marker_before(norm, lo, k, self.titles)
            out.append(Phrase(m, [], k, k + 1, marker, False, [m]))
        return out

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
        kept = [p for p in phs if not any(st <= p.start and p.end <= en for st, en, _, _ in found)]
        for st, en, people, countries in found:
            self.extra.extend(people)
            self._office_country.update({id(p): c for p, c in zip(people, countries, strict=True)})
            marker, _ = marker_before(norm, lo, st, self.titles)
            kept.append(Phrase(people[0], [], st, en, marker, False, people))
            self._named_meeting(norm, a, s, lo, hi, st, en, people, when)
        return sorted(kept, key=lambda p: p.start)

    def _named_meeting(self, norm: str, a: AnalyzedDocument, s: Sentence, lo: int, hi: int, st: int, en: int,
                       people: list[Mention], when: str | None) -> None:
        """中美元首在旧金山举行会晤: the meeting is an event of its own, named the way the press
        names it (中美元首旧金山会晤, the listed one when the reference has it), held in that
        city, attended by the office holders."""
        m = _NAMED_MEETING.match(norm, en)
        if m is None or m.end() > hi:
            return
        places = outermost([x for x in a.mentions if x.label == "Place" and m.start("place") <= x.start
                            and x.end <= m.end("place")])
        if not places or places[0].start != m.start("place") or places[-1].end != m.end("place"):
            return  # (在旧金山斐洛里庄园: the city names the meeting, the venue is where it was too)
        place = places[0]
        name = norm[st:en].replace("两国", "") + place.norm + m.group("head")
        listed = [e for e in self.ref.lookup(name) if e.cls == "Event"]
        k, j = m.start("head"), m.end("head")
        ev = Mention(a.document.id, k, j, a.document.text[k:j], "Event", listed[0].name if listed else name, "rule",
                     listed[0].id if listed else None, s.index, 0.7)
        self.extra.append(ev)
        mod = modality(_blank(norm, lo, k, []), norm[j:j + 6], self.frames, self.lex.not_cues)
        self._meetings += [RelationCandidate(p, "participatedIn", ev, s, 0.65, "rule", when, mod) for p in people]
        self._meetings += [RelationCandidate(ev, "heldIn", x, s, 0.7, "rule", when, mod) for x in places]

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

    def _update_topic(self, gs: list[Group], norm: str, sentence: int, lo: int = -1) -> None:
        """The subject a later clause without one carries: the last person who
        was a clause's subject, for the rest of that sentence and the next; a
        sentence that opens without a subject (曾任…。先后毕业于…，曾赴…) keeps it alive."""
        if lo >= 0 and self._topic is not None and norm[lo:lo + 4].lstrip(" \u3000").startswith(
                self.lex.zero_subject_openers):
            self._topic_sentence = max(self._topic_sentence, sentence)
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

    def _lesser_status(self, norm: str, at: int) -> bool:
        """成为对话伙伴, 作为观察员国 right after the body: a status short of membership."""
        m = re.match(r"[^，,。；;]{0,2}?(成为|作为|担任|以)", norm[at:at + 6])
        return m is not None and norm.startswith(self.frames.not_member_words, at + m.end())

    def _at_home(self, person: Mention, place: Mention) -> bool:
        """Whether the reference puts the place in the listed person's own country."""
        rows = self.ref.entities
        own = rows[person.ref].row.get("country") if person.ref in rows else None
        where = place.ref if place.label == "Country" else rows[place.ref].row.get("country") \
            if place.ref in rows else None
        return own is not None and own == where

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
            if t.project_only and s.label != "Project":
                continue
            if t.place_before and isinstance(o, Mention) and self._at_home(s, o):
                continue  # 某国领导人在本国首都参观: a tour at home is not a trip
            if prop in ("joined", "memberOf") and isinstance(o, Mention) and self._lesser_status(norm, o.end):
                continue  # 加入某组织成为对话伙伴: a partner's status, not membership
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
