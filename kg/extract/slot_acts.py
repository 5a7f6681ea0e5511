"""Partners and objects of acts: 会见 B, 出席 E, 访问 X, 签署 Y, 连接 A 和 B."""

from __future__ import annotations

import re

from kg.extract.frames import Frame, Trigger
from kg.extract.geography import copula_region, route_objects
from kg.extract.phrases import Group, Phrase, outermost
from kg.extract.slot_base import (
    _BODY_ANAPHOR,
    _HOST_ROLE,
    _INCLUDES,
    _INTRANSITIVE_END,
    _PARTNER,
    _PASSIVE,
    _SIGNED_ANAPHOR,
    _THEMED,
    _TOGETHER,
    _TRIP,
    _WITNESS,
    _Ctx,
)
from kg.extract.slot_meetings import MeetingSlots
from kg.extract.slot_members import MemberSlots
from kg.extract.titles import leading_country
from kg.model import Mention

_TRIP_VERBS = ("赴", "前往", "到访", "访问", "飞赴", "出访")


class ActSlots(MeetingSlots, MemberSlots):
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
        if t.prop == "visited" and head is not None and norm.startswith("的", tj) and head.label in (
                "Organization", "Country") and not inside:
            return []  # 向到访的某国某中心代表团介绍: the visitor is the delegation, not the clause's subject
        if head is not None and head.label == "Country" and "Person" in frame.agent \
                and any(norm.startswith(w, head.end) for w in self.titles) \
                and not any(g.start >= head.end and g.label == "Person" and g.start - head.end <= 8
                            for g in ctx.groups):
            # 会见来华出席论坛的某国外长: an unnamed office holder attended, not the clause's subject;
            # the event is still held where the attendee came (来华)
            return [(o, place, 0.65, "heldIn") for o in self._objects(frame, t, ti, tj, ctx) if o.label == "Event"
                    for place in self._attended_at(ti, ctx)]
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
        if t.prop == "participatedIn" and out:
            out += self._respective_places(objs, ti, ctx)
        return out

    def _host_countries(self, first: Group, ctx: _Ctx) -> list[Mention]:
        """The countries of a list of bodies one travels to (赴某国某研究所、某国某大学…)."""
        chain = [first]
        for g in ctx.groups:
            if g.start > chain[-1].start and g.label in ("Organization", "Country") \
                    and ctx.a.norm[chain[-1].end:g.start] in ("", "、", "和", "及", "以及"):
                chain.append(g)
        out: list[Mention] = []
        for g in chain:
            for ph in g.phrases:
                for x in ph.mentions:
                    c = x if x.label == "Country" else next(
                        (m for m in ctx.a.mentions if m.label == "Country" and (m.start == x.start or m.end == x.start)),
                        None) or leading_country(x, ctx.a.mentions, ctx.a.norm, self.ref)
                    if c is not None and all((c.ref or c.norm) != (o.ref or o.norm) for o in out):
                        if c not in ctx.a.mentions:
                            self.extra.append(c)
                        out.append(c)
        return out

    def _respective_places(self, objs: list[Mention], ti: int, ctx: _Ctx) -> list[tuple]:
        """赴甲国、乙国和丙国出席 X、Y 以及 Z: as many places as events, each event held in the
        place of its rank (the respective reading the list structure states)."""
        events = sorted((o for o in objs if o.label == "Event"), key=lambda o: o.start)
        trip = next((g for g in reversed(ctx.groups) if g.end <= ti and ti - g.end <= 1
                     and g.label in ("Place", "Country")), None)
        if len(events) < 2 or trip is None or not ctx.a.norm[max(ctx.lo, trip.start - 2):trip.start].endswith(
                _TRIP_VERBS):
            return []
        places = [p.head for p in trip.phrases]
        if len(places) != len(events):
            return []
        return [(e, p, 0.6, "heldIn") for e, p in zip(events, places, strict=True)]

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
        if t.abbreviation and self._abbr_at(t, tj, ctx.hi, norm) and not any(
                m.start == tj and m.end - m.start > 1 and m.label in ("Country", "Organization")
                for m in ctx.a.mentions):  # (赴美国某研究所: the full name, not 赴美)
            there = [m for m in ctx.a.mentions if m.start == tj and m.end == tj + 1 and m.label == "Country"]
            return there[:1] or [self._abbr_mention(tj, ctx)]
        if t.completed:  # 结束对德国的正式访问, 结束在瑞士出席年会的行程: the trip's place
            if not _TRIP.search(norm, tj, ctx.hi):
                return []
            return [m for g in ctx.groups if 0 <= g.start - tj <= 2 and g.marker in ("对", "在")
                    for m in g.mentions(set(frame.object))]
        if t.place_before:  # 某某在某国某港参观某项目: where the tour was (在某国某城: both)
            chain: list[Group] = []
            for g in reversed([g for g in ctx.groups if ctx.lo <= g.start and g.end <= ti]):
                if ti - g.end > 1 if not chain else g.end != chain[-1].start:
                    break
                chain.append(g)
                if g.marker:
                    break
            if not chain or chain[-1].marker != "在":
                return []
            return [m for g in chain for m in g.mentions(set(frame.object))]
        reach = 14 if frame.prop in ("signed", "joined", "withdrewFrom") else 10
        objs: list[Mention] = []
        if frame.prop == "signed" and norm.startswith("《", tj):
            # 签署《…丝绸之路经济带和21世纪海上丝绸之路建设的谅解备忘录》: what the title names
            close = norm.find("》", tj, ctx.sentence.end)
            if close != -1:
                inner = [m for m in ctx.a.mentions if tj < m.start and m.end <= close and m.label in frame.object]
                if inner:
                    return outermost(inner)
        owner_end = -1  # 退出中国的一带一路倡议: where the owner's 的 ends
        for nxt in (g for g in ctx.groups if g.start >= tj):
            gap = norm[tj:nxt.start]
            relative = bool(gap.endswith("的") and len(gap) <= 30
                            and re.search(r"(举行|召开|举办|主办|承办|开幕|签署|签订|达成)的$", gap)) \
                or bool(_THEMED.match(gap)) or nxt.start == owner_end
            if frame.prop in ("participatedIn", "hosted") and gap.endswith("的") and len(gap) <= 24:
                relative = True  # 出席中国援建的 X 竣工仪式: any relative clause before the event
            if re.search(r"[，,；;。]", gap) or (len(gap) > reach and not relative) \
                    or ("的" in gap and not relative):
                break
            objs = nxt.mentions(set(frame.object))
            if frame.prop == "visited" and nxt.label == "Organization":
                # 赴美国国家战略研究所、英国伦敦大学…和新加坡国立大学…: the country that starts
                # (or is written right before) each organisation's name
                objs = self._host_countries(nxt, ctx)
            if not objs and nxt.label in ("Country", "Organization") and norm.startswith("的", nxt.end) \
                    and frame.prop in ("joined", "withdrewFrom", "signed") \
                    and any(g.start == nxt.end + 1 and g.label in frame.object for g in ctx.groups):
                owner_end = nxt.end + 1
                continue  # 退出中国的一带一路倡议: past the owner before 的
            if not objs and nxt.label in ("Country", "Organization") and frame.prop in ("participatedIn", "hosted") \
                    and any(g.start == nxt.end and g.label == "Event" for g in ctx.groups):
                owner_end = nxt.end
                continue  # 出席俄罗斯纪念某胜利80周年庆典: past the country whose event it is
            if not objs and nxt.marker in ("同", "与", "和") and re.match(
                    r"[^，,。；;]{0,10}?(签署|签订|达成|缔结|商签)的", norm[nxt.end:nxt.end + 14]):
                continue  # 退出同中国签署的共建“一带一路”谅解备忘录: past the partner of the relative clause
            if objs or (nxt.marker not in ("在", "于", "由") and not (
                    frame.prop in ("participatedIn", "hosted") and norm[nxt.end:nxt.end + 8].find("的") != -1)):
                break  # past 在巴西举行的, 由 X 主办的, 中国援建的 before the event
            if frame.prop == "signed":  # 签署《…丝绸之路经济带和…海上丝绸之路…》: every name in the title
                objs = [m for g in ctx.groups if g.start >= tj for m in g.mentions(set(frame.object))]
        if objs and frame.prop == "visited":  # 抵达乌兹别克斯坦(首都)撒马尔罕: the city named after its country
            last = objs[-1]
            objs = objs + [m for g in ctx.groups if g.start >= last.end and g.label == "Place"
                           and (g.start == last.end or (g.start - last.end <= 8 and last.label == "Country"
                                and self.frames.geography.descriptor.match(norm[last.end:g.start])))
                           and not any(last.end <= x.start and x.end <= g.start for x in ctx.a.mentions)
                           for m in g.mentions({"Place"})][:1]
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
            objs = self._route(t, ti, tj, ctx) or [o for o in objs if not self.frames.geography.near.match(norm, o.end)]
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
                lead = leading_country(m, ctx.a.mentions, norm, self.ref, longest=8)  # 赞比亚三国政府: 赞比亚
                if lead is not None:
                    self.extra.append(lead)
                if lead is not None and (lead.ref or lead.norm) not in seen:
                    seen.add(lead.ref or lead.norm)
                    named.append(Phrase(lead))
        if not objs:
            objs = [m for g in ctx.groups if k < g.start and g.end <= ti
                    for m in g.mentions({"Initiative", "Project", "Organization"})]
        return named, objs

    def _listed(self, name: str, ti: int, tj: int, ctx: _Ctx) -> Mention | None:
        hits = self.ref.lookup(name)
        if not hits:
            return None
        e = hits[0]
        m = Mention(ctx.a.document.id, ti, tj, ctx.a.document.text[ti:tj], e.cls, e.name, "rule", e.id,
                    ctx.sentence.index, 0.7)
        self.extra.append(m)
        return m

    def _proposer(self, initiative: Mention, country: Mention) -> bool:
        row = self.ref.entities[initiative.ref].row if initiative.ref in self.ref.entities else {}
        return bool(country.ref) and row.get("proposer") == country.ref
