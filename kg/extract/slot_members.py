"""Membership, its changes and mediation: 是 Y 成员国, 成为/接收…为成员国, 在 X 斡旋下."""

from __future__ import annotations

import re

from kg.extract.frames import Frame, Trigger
from kg.extract.phrases import Group, Phrase, groups, outermost, phrases
from kg.extract.slot_base import (
    _PIVOT,
    SlotBase,
    _countries,
    _Ctx,
)
from kg.model import Mention

_LIST_AFTER = re.compile(r"[：:、，,]?(有|包括|如|即|是|为|的)?[：:]?")  # 成员国有：A、B; 成员国包括 A


class MemberSlots(SlotBase):
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
        reach = 10 if norm.startswith("作为", ctx.lo) else 2  # 作为某组织扩员后的首任轮值主席国，A…
        org = next((g for g in reversed(ctx.groups) if g.end <= ti and ti - g.end <= reach
                    and g.label in ("Organization", "Initiative")
                    and not re.search(r"[，,；;。、和与]", norm[g.end:ti])), None)
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
        for i in range(len(holders) - 1, 0, -1):
            if _PIVOT.search(norm[holders[i - 1].end:holders[i].start]):
                holders = holders[i:]  # 某方支持某国担任某组织轮值主席国: the supporter is no member by it
                break
        countries = [m for g in holders for m in _countries(g)]
        if not countries and norm[ctx.lo:ctx.lo + 2] in ("作为", "同为", "均为"):
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
        if countries and re.search(r"(是|为|同为|均为|都是|作为|已是|担任|接任|出任)", cue) and len(cue) <= 12:
            return [(c, o, 0.7) for c in countries for o in org.mentions({"Organization", "Initiative"})]
        nxt = next((g for g in ctx.groups if g.start >= ti + len(t.word) and g.start - ti - len(t.word) <= 4), None)
        if nxt is not None and not _LIST_AFTER.fullmatch(norm, ti + len(t.word), nxt.start):
            nxt = None  # 某组织成员加入中国…: a verb between the word and the country, not a list of members
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
