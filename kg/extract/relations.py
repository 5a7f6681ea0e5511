"""Relations from trigger words and the arguments around them within a clause.

For each trigger (会见 → met, 访问 → visited, 出席 → participatedIn ...) the
subject is the nearest fitting mention before it in the clause (or the
clause's carried-over subject), the objects the fitting mentions after it.
A clause that negates, asks or speaks of the future before the trigger
("争取意大利不要退出", "将签署", "是否会访华") yields nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.model import Mention, RelationCandidate, Sentence
from kg.nlp.lexicon import Lexicon

_CLAUSE = re.compile(r"[，,；;：:。！？!?\n]")

# property → (subject classes, object classes)
SIGNATURES: dict[str, tuple[set[str], set[str]]] = {
    "met": ({"Person", "Country"}, {"Person", "Country"}),
    "visited": ({"Person"}, {"Country", "Place"}),
    "participatedIn": ({"Person", "Country", "Organization"}, {"Event"}),
    "hosted": ({"Person", "Country", "Organization", "Place"}, {"Event"}),
    "heldIn": ({"Event"}, {"Place", "Country"}),
    "joined": ({"Country"}, {"Initiative", "Organization"}),
    "withdrewFrom": ({"Country"}, {"Initiative", "Organization"}),
    "mediated": ({"Person", "Country"}, {"Country"}),
    "signed": ({"Person", "Country"}, {"Organization", "Initiative", "Project"}),
    "memberOf": ({"Country"}, {"Organization"}),
}
_WITH = ("同", "与", "和", "跟")


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


def _blocked(prefix: str, lex: Lexicon) -> bool:
    """Negation, future or question before the trigger: not a stated fact."""
    return any(w in prefix for w in (*lex.negation, *lex.future, *lex.question))


_COORD = re.compile(r"^[、，,和与及同跟暨\s]*(以及)?[、，,和与及同跟暨\s]*$")


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


class TriggerExtractor:
    def __init__(self, lexicon: Lexicon, default_subject: Mention | None = None) -> None:
        self.lex = lexicon
        self.default_subject = default_subject
        self._triggers = sorted(((w, p) for p, ws in lexicon.triggers.items() for w in ws),
                                key=lambda x: -len(x[0]))

    def _find_triggers(self, norm: str, start: int, end: int, mentions: list[Mention]):
        taken = bytearray(end - start)
        inside = [(m.start, m.end) for m in mentions]
        for word, prop in self._triggers:
            i = norm.find(word, start, end)
            while i != -1:
                j = i + len(word)
                if not any(taken[i - start:j - start]) and not any(a <= i < b for a, b in inside):
                    taken[i - start:j - start] = b"\x01" * len(word)
                    yield i, j, word, prop
                i = norm.find(word, j, end)

    def extract(self, sentence: Sentence, norm: str, mentions: list[Mention],
                date: str | None = None) -> list[RelationCandidate]:
        out: list[RelationCandidate] = []
        carried: Mention | None = None
        for cl in clauses(sentence, norm, mentions):
            ms = outermost(cl.mentions)
            subj_here = [m for m in ms if m.label in ("Person", "Country", "Organization")]
            for ti, tj, word, prop in sorted(self._find_triggers(norm, cl.start, cl.end, ms)):
                left = [m for m in ms if m.end <= ti]
                right = [m for m in ms if m.start >= tj]
                prefix = norm[cl.start:ti]
                if _blocked(prefix[-12:], self.lex):
                    continue
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
                after = norm[ev.end:ev.end + 3]
                if "在" not in before or not after.startswith(("上", "期间", "中", "时", "之际", "开幕", "闭幕")):
                    continue
                cut = ev.start - (len(before) - before.rindex("在"))
                if _blocked(norm[cl.start:cut][-8:], self.lex):
                    continue
                subj = [m for m in ms if m.end <= cut and m.label in ("Person", "Country", "Organization")]
                if subj:
                    out.append(self._rc(subj[0] if subj[0].label == "Person" else subj[-1], "participatedIn",
                                        ev, sentence, 0.7, date))
        for p in (m for m in mentions if m.label == "Person"):
            tail = norm[p.end:p.end + 12]
            k = tail.find("为核心的")
            if k != -1 and k <= 3:
                org = next((m for m in mentions if m.label == "Organization"
                            and m.start == p.end + k + 4), None)
                if org is not None:
                    out.append(self._rc(p, "affiliation", org, sentence, 0.8, date))
        return out

    def _rc(self, s, p, o, sentence, conf, date) -> RelationCandidate:
        return RelationCandidate(s, p, o, sentence, conf, "rule", date)

    def _apply(self, prop, word, left, right, sentence, norm, ti, tj, carried, date):
        subj_cls, obj_cls = SIGNATURES.get(prop, (set(), set()))
        out: list[RelationCandidate] = []
        if prop == "met":
            people = [m for m in left if m.label in subj_cls]
            # A 同/与/和 B 会谈: both before the trigger
            pairs = []
            for a in people:
                for b in people:
                    gap = norm[a.end:b.start] if a.end <= b.start else ""
                    # A 同/与/和 [B's country and title] B
                    if gap.startswith(_WITH) and len(gap) <= 10 and not any(c in gap for c in "，,；。"):
                        pairs.append((a, b))
            if pairs:
                for a, b in pairs:
                    if a.label == b.label:
                        out.append(self._rc(a, "met", b, sentence, 0.75, date))
                return out
            subj = people[-1] if people else None
            objs = [m for m in right if m.label in obj_cls]
            if subj:
                objs = [o for o in objs if o.label == subj.label]
                for o in objs[:4]:
                    out.append(self._rc(subj, "met", o, sentence, 0.7, date))
            return out
        if prop == "visited":
            subj = self._subject(left, subj_cls, carried)
            if subj is None:
                return out
            if word.startswith("访") and len(word) == 2 and word[1] in "华美俄日欧非":
                return out  # 访华-type objects are resolved by the abbreviation rule below
            objs = _coordinated([m for m in right if m.label in obj_cls], norm, tj)
            prefix = norm[:ti]
            k = prefix.rfind("对")
            if not objs and k != -1 and subj.end <= k and ("进行" in prefix[k:] or ti - k <= 16):
                # 习近平对沙特、埃及、伊朗进行国事访问: the hosts come before the trigger
                objs = [m for m in left if m.label in obj_cls and m.start > k]
            for o in objs:
                out.append(self._rc(subj, "visited", o, sentence, 0.7, date))
            return out
        if prop == "heldIn":
            # E 在 X 举行 / 在 X 举行 E
            events = [m for m in left + right if m.label == "Event"]
            places = [m for m in left if m.label in obj_cls and "在" in norm[max(0, m.start - 3):m.start]]
            if not places:
                places = [m for m in left if m.label in obj_cls and norm[m.end:ti].strip() in ("", "举行")]
            if events and places:
                ev = [e for e in events if e.start >= ti] or events
                out.append(self._rc(ev[0], "heldIn", places[-1], sentence, 0.7, date))
            return out
        if prop == "memberOf":
            orgs = [m for m in left if m.label == "Organization" and norm[m.end:ti].strip() in ("", "的")]
            countries = [m for m in left if m.label == "Country"]
            if orgs and countries and countries[0].end <= orgs[-1].start:
                for c in countries:
                    if c.end <= orgs[-1].start:
                        out.append(self._rc(c, "memberOf", orgs[-1], sentence, 0.7, date))
            return out
        if prop == "hosted" and word == "东道主":
            subj = self._subject(left, subj_cls, carried)
            for o in [m for m in right if m.label in obj_cls][:3]:
                if subj:
                    out.append(self._rc(subj, "hosted", o, sentence, 0.7, date))
            return out
        subj = self._subject(left, subj_cls, carried)
        if subj is None and prop in ("mediated", "hosted", "signed", "joined") and self.default_subject:
            subj = self.default_subject
        if subj is None:
            return out
        objs = _coordinated([m for m in right if m.label in obj_cls], norm, tj)
        if prop == "mediated":
            objs = [o for o in objs if o.ref != subj.ref or o.ref is None]
        for o in objs[:4]:
            conf = 0.7 if subj is not self.default_subject else 0.5
            out.append(self._rc(subj, prop, o, sentence, conf, date))
            if prop == "joined" and o.label == "Organization":
                out.append(self._rc(subj, "memberOf", o, sentence, conf, date))
        return out

    @staticmethod
    def _subject(left: list[Mention], classes: set[str], carried: Mention | None) -> Mention | None:
        cands = [m for m in left if m.label in classes]
        if cands:
            # the head of "A的B" constructions is the last one; a title chain's person also is
            return cands[0] if cands[0].label == "Person" else cands[-1]
        if carried is not None and carried.label in classes:
            return carried
        return None
