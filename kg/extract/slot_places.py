"""Places of acts and events: 在 X 举行, venues and their cities, visits in a place."""

from __future__ import annotations

import re

from kg.extract.frames import Frame, Trigger
from kg.extract.phrases import Group, Phrase
from kg.extract.slot_base import (
    _PARTNER,
    SlotBase,
    _Ctx,
)
from kg.model import AnalyzedDocument, Mention, RelationCandidate
from kg.reference import RefEntity


class PlaceSlots(SlotBase):
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
            # (由某国承办的某会晤…在某地举行: the head of the relative clause is the subject)
            events = [m for g in before if g.marker == "" or g.phrases[0].relative for m in g.mentions({"Event"})][:1]
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

    def _listed_city(self, venue: Mention) -> RefEntity | None:
        """The city the reference data puts a listed venue in (its parent)."""
        row = self.ref.entities[venue.ref].row if venue.ref in self.ref.entities else {}
        return self.ref.entities.get(row.get("parent") or "")

    def _marked_after_city(self, g: Group, ctx: _Ctx) -> bool:
        """在纽约联合国总部 with 纽约 left out by the model: the venue is still the 在 phrase."""
        if g.marker or g.label != "Place":
            return False
        venue = g.phrases[0].head
        city = self._listed_city(venue)
        return city is not None and any(
            ctx.a.norm.endswith(n, ctx.lo, venue.start) and ctx.a.norm[venue.start - len(n) - 1] in "在于"
            for n in city.names if len(n) >= 2 and venue.start - len(n) - 1 >= ctx.lo)

    def _city_in_name(self, venue: Mention, ctx: _Ctx) -> Mention | None:
        """在北京人民大会堂, 在纽约联合国总部: the venue's listed city, when its name starts
        the venue's name or is written right before it."""
        city = self._listed_city(venue)
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

    def _note_place(self, agents: list[Phrase], ti: int, ctx: _Ctx, mod: str | None) -> None:
        """Remember where an agent acted (在 X 会见, 在 X 出席) for ``_visits_in_place``."""
        if mod is not None or re.search(r"(视频|线上|远程|连线|通电话|通话)", ctx.a.norm[ctx.lo:ti + 8]):
            return  # 在北京同 B 以视频方式共同出席: B is not in 北京
        at = [g for g in ctx.groups if g.end <= ti and g.marker == "在" and g.label == "Place"]
        for g in at[-1:]:
            for p in agents:
                for who in p.mentions:
                    if who.label == "Person" and id(who) not in self._office_country:  # (中美元首: inferred people)
                        for m in g.mentions({"Place"}):
                            self._places.append((who, m, ctx.sentence, ctx.date))

    def _visits_in_place(self, found: list[RelationCandidate], a: AnalyzedDocument) -> list[RelationCandidate]:
        """A visitor's 在 X during the visit: a city X is visited when it lies in a
        country the document says the person visited (正在俄罗斯访问的 A 在莫斯科…)."""
        visited: dict[str, set[str]] = {}
        for r in found:
            if r.predicate == "visited" and r.modality is None and isinstance(r.object, Mention) and r.object.ref:
                own = self.ref.entities[r.subject.ref].row.get("country") if r.subject.ref in self.ref.entities else None
                if own != r.object.ref:  # 习主席 "visited" 中国: a misread act, not a trip
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
