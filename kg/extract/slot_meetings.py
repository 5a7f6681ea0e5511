"""Partners of meetings: 会见 B, A 与 B 会谈, 受到 B 会见, 会见荷兰国王, 来访的 B.

A mixin of the slot filler (see ``slots.py``): who meets whom, the visits a
meeting with a visitor states, and the countries an unnamed leader stands for.
"""

from __future__ import annotations

import re

from kg.extract.frames import Frame, Trigger
from kg.extract.phrases import FAMILY, Phrase
from kg.extract.slot_base import _INTRANSITIVE_END, _PARTNER, _PASSIVE, _Ctx
from kg.extract.slot_places import PlaceSlots
from kg.model import Mention

_MEETING_AS_MODIFIER = re.compile(r"(进程|机制|框架|成果|结果|精神|共识|议题|进展|纪要|安排)")
_RECEIVE = ("会见", "接见", "会晤", "单独会见", "亲切会见")  # verbs whose object may be left to the context


class MeetingSlots(PlaceSlots):
    def _met(self, frame: Frame, t: Trigger, ti: int, tj: int, ctx: _Ctx):
        norm = ctx.a.norm
        if ti > ctx.lo and norm[ti - 1] == "的" and _MEETING_AS_MODIFIER.match(norm, tj):
            return []  # 准则的磋商进程, 双方的会谈成果: the meeting qualifies a thing, it is no act here
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
            if g is not g0 and g.marker in _PARTNER and (g0 is None or g.start >= g0.end) and not any(
                    g.end <= j < ti and other.prop == "met" for other, j, _e in self._last_triggers):
                # (与法国总统会谈、会见英国首相: 法国 is the earlier act's partner, not this one's)
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
        members = [m for p in agents for m in p.mentions]
        if not partners and len(members) == 1 and members[0].label == "Person" and g0 is not None \
                and t.word in _RECEIVE and _INTRANSITIVE_END.match(norm[tj:tj + 6]) and self._topic is not None:
            # 某某访美期间，某国总统亲自接见: the one received is the person the text was about
            partners = [p for p in self._topic.phrases if p.label == "Person"
                        and all((m.ref or m.norm) != (members[0].ref or members[0].norm) for m in p.mentions)]
        if not partners:
            # 两国元首举行会谈, A和B举行会谈: the members meet each other
            if g0 is not None and len(g0.phrases) > 4:
                return []
            members = [m for p in agents for m in p.mentions]
            return [(x, y, conf * 0.9) for i, x in enumerate(members) for y in members[i + 1:]
                    if FAMILY.get(x.label) == FAMILY.get(y.label)]
        return self._pairs(agents, partners, conf) + self._unnamed_leaders(norm, agents, partners, conf) \
            + self._visiting_partners(partners, ti, ctx)

    def _visiting_partners(self, partners: list[Phrase], ti: int, ctx: _Ctx) -> list[tuple]:
        """与来访的某国总统某某会谈: the visitor visited where the meeting is (在 X), else the
        home country of the document (来访 is a visit to the speaker's country)."""
        norm = ctx.a.norm
        out: list[tuple] = []
        for p in partners:
            if not norm[max(ctx.lo, p.start - 4):p.start].endswith(("来访的", "到访的", "访华的")):
                continue
            place = [m for g in ctx.groups if g.end <= ti and g.marker == "在" and g.label in ("Place", "Country")
                     for m in g.mentions({"Place", "Country"})][-1:]
            venue = [x for x in place if x.ref in self.ref.entities and self.ref.entities[x.ref].row.get("kind") == "venue"]
            where = [x for x in place if x not in venue] + [c for c in map(lambda x: self._city_in_name(x, ctx), venue)
                                                            if c is not None]
            abroad = [c for c in (self._country_of(x) for x in where) if c is not None
                      and (self._default is None or c.ref != self._default.ref)]
            if abroad:
                where += abroad  # 在多哈会见到访的某某: the country the meeting's city is in
            elif self._default is not None:
                where.append(self._default)  # 来访: a visit to the speaker's country
            out += [(x, w, 0.65, "visited") for x in p.mentions if x.label == "Person" for w in where]
        return out

    def _country_of(self, place: Mention) -> Mention | None:
        """The country the reference puts a listed place in, mentioned where the place is."""
        row = self.ref.entities[place.ref].row if place.label == "Place" and place.ref in self.ref.entities else {}
        home = row.get("country")
        if not home or home not in self.ref.entities:
            return None
        c = Mention(place.doc_id, place.start, place.end, place.text, "Country", self.ref.entities[home].name,
                    "rule", home, place.sentence, 0.6)
        self.extra.append(c)
        return c

    def _unnamed_leaders(self, norm: str, agents: list[Phrase], partners: list[Phrase], conf: float) -> list[tuple]:
        """会见荷兰国王, 与法国总统会谈: a person meeting a country's unnamed leader is a
        meeting of their two countries (the person's country from the reference data)."""
        out = []
        for p in partners:
            if p.label != "Country" or not p.head.ref or not _leader_title_after(norm, p.head):
                continue
            for a in agents:
                for x in a.mentions:
                    home = self.ref.entities[x.ref].row.get("country") if x.label == "Person" and x.ref in \
                        self.ref.entities else None
                    if home and home != p.head.ref:
                        c = Mention(x.doc_id, x.start, x.end, x.text, "Country", self.ref.entities[home].name,
                                    "rule", home, x.sentence, 0.6)
                        self.extra.append(c)
                        out.append((c, p.head, conf * 0.8))
        return out


def _leader_title_after(norm: str, m: Mention) -> bool:
    """荷兰国王 said alone: a leader's title with no name and no aide's title after it."""
    t = next((w for w in ("国王", "总统", "总理", "首相", "元首", "女王", "埃米尔", "苏丹")
              if norm.startswith(w, m.end)), None)
    if t is None:
        return False
    rest = norm[m.end + len(t):m.end + len(t) + 8]
    if re.match(r"(首席|国家安全|特别|高级)?(顾问|助理|特使|代表|发言人|秘书|办公厅)", rest):
        return False  # 俄罗斯总统助理: the aide was met, not the leader
    return rest == "" or bool(re.match(r"([，,。；;、]|和|及|与|时|会谈|会晤|举行|通话|通电话)", rest))
