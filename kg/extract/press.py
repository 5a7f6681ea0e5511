"""Press conferences a text reports without naming them as events.

* 外交部长某某就中国外交政策和对外关系回答中外记者提问 (the yearly formula, or any
  answer to reporters in a text about 两会): the
  minister spoke at that year's two-sessions press conference. The series'
  name is the mention; the resolver picks the edition of the text's year
  (a 2017年 or #2017两会# in the text, else the document's date).
* 在5月6日的外交部例行记者会上，发言人某某…: a ministry's routine briefing is an
  event of its day, attended by the spokesperson the sentence names.
"""

from __future__ import annotations

import re

from kg.extract.dates import find_dates
from kg.model import AnalyzedDocument, Mention, RelationCandidate

_ANSWERS = re.compile(r"(答记者问|答中外记者问|回答了?(?:中外)?记者(?:的)?提问|在[“\"]?两会[”\"]?记者会上|在记者会上)")
_ROLES = (("外交部长", "外长记者会"), ("外长", "外长记者会"), ("总理", "总理记者会"))
_TWO_SESSIONS = re.compile(r"(?:(?P<year>(?:19|20)\d\d)年?(?:全国)?两会|两会|全国人大[^，。]{0,6}会议"
                           r"|外交政策和对外关系)")  # the yearly formula of the minister's press conference
_SESSION = re.compile(r"[一二三四五六七八九十]+届全国人大[一二三四五六七八九十]+次会议")
_PRESS_HEADS = ("记者会", "新闻发布会", "发布会", "记者招待会")
_BRIEFINGS = ("例行记者会", "例行新闻发布会", "例行吹风会", "定期记者会")


def two_sessions_press(a: AnalyzedDocument) -> tuple[list[Mention], list[RelationCandidate]]:
    """A minister or premier answering reporters in a text about the two sessions
    attended that session's press conference (外长记者会 / 总理记者会)."""
    mentions: list[Mention] = []
    rels: list[RelationCandidate] = []
    sessions = list(_TWO_SESSIONS.finditer(a.norm))
    if not sessions:
        return mentions, rels
    years = [m.group("year") for m in sessions if m.group("year")]
    for s in a.sentences:
        cue = _ANSWERS.search(a.norm, s.start, s.end)
        if cue is None:
            continue
        people = [m for m in a.mentions if s.start <= m.start and m.end <= cue.start() and m.label == "Person"]
        if not people:
            continue
        who = people[-1]
        before = a.norm[max(s.start, who.start - 12):who.start] + a.norm[who.end:who.end + 2]
        kind = next((series for role, series in _ROLES if role in before), None)
        if kind is None:
            continue
        name = f"{years[0]}年全国两会{kind}" if len(set(years)) == 1 else f"两会{kind}"
        session = _SESSION.search(a.norm, s.start, cue.start())
        if session is not None:  # 在十三届全国人大三次会议新闻发布会上…回答: that session's press conference
            name = session.group(0) + kind
        named = next((m for m in a.mentions if m.label == "Event" and s.start <= m.start and m.end <= cue.start()
                      and m.norm.endswith(_PRESS_HEADS) and not m.ref), None)
        if named is not None:
            named.norm = name  # the press conference the sentence names is the minister's: one node
            ev = named
        else:
            ev = Mention(a.document.id, cue.start(), cue.end(), a.document.text[cue.start():cue.end()], "Event",
                         name, "rule", None, s.index, 0.7)
            mentions.append(ev)
        rels.append(RelationCandidate(who, "participatedIn", ev, s, 0.7, "rule", None,
                                      trigger=cue.group(0), cameo="044"))
    return mentions, rels


def briefings(a: AnalyzedDocument) -> tuple[list[Mention], list[RelationCandidate]]:
    """外交部例行记者会: a ministry's routine briefing is an event of its day (named
    with the sentence's date, else the document's), attended by the spokesperson the
    sentence names (发言人某某)."""
    mentions: list[Mention] = []
    rels: list[RelationCandidate] = []
    for s in a.sentences:
        for w in _BRIEFINGS:
            k = a.norm.find(w, s.start, s.end)
            if k == -1 or any(m.label == "Event" and m.start <= k < m.end for m in a.mentions):
                continue
            org = next((m for m in a.mentions if m.label == "Organization" and m.end == k), None)
            chair = None
            if org is None and a.norm[max(s.start, k - 3):k].endswith(("主持", "在", "举行")):
                # 外交部发言人某某10日主持例行记者会: the spokesperson's ministry holds the briefing
                spoke = [(o, p) for o in a.mentions if o.label == "Organization" and s.start <= o.start
                         and a.norm.startswith("发言人", o.end)
                         for p in a.mentions if p.label == "Person" and p.start == o.end + 3 and p.end <= k]
                if spoke:
                    org, who = spoke[0]
                    chair = who if a.norm[max(s.start, k - 3):k].endswith("主持") else None
            if org is None:
                continue
            dates = [d.value for d in find_dates(a.norm[s.start:s.end], a.document.date) if len(d.value) == 10]
            day = dates[0] if dates else (a.document.date if a.document.date and len(a.document.date) == 10 else None)
            name = f"{org.norm}{w}（{day}）" if day else org.norm + w  # one briefing a day, named with its day
            at = org.start if org.end == k else k
            ev = Mention(a.document.id, at, k + len(w), a.document.text[at:k + len(w)], "Event",
                         name, "rule", None, s.index, 0.75)
            mentions.append(ev)
            if chair is not None:
                rels.append(RelationCandidate(chair, "hosted", ev, s, 0.7, "rule", None, trigger="主持", cameo="043"))
            for m in a.mentions:
                if s.start <= m.start < s.end and m.label == "Person" and a.norm[max(s.start, m.start - 3):m.start] \
                        .endswith("发言人"):
                    rels.append(RelationCandidate(m, "participatedIn", ev, s, 0.7, "rule", None,
                                                  trigger="发言人", cameo="044"))
    return mentions, rels


_ASKED = re.compile(r"记者(?:的)?(?:提问|问|发问)")


def asking_outlets(a: AnalyzedDocument, events: list[Mention]) -> list[RelationCandidate]:
    """某通讯社记者提问：…, 在回答某报记者提问时…: the outlet whose reporter asked took part in
    the press conference the text reports (the last one named before, else the first after)."""
    if not events:
        return []
    out: list[RelationCandidate] = []
    seen: set[tuple[int, str]] = set()
    for s in a.sentences:
        for cue in _ASKED.finditer(a.norm, s.start, s.end):
            outlet = next((m for m in a.mentions if m.label == "Organization" and m.end == cue.start()), None)
            if outlet is None:
                continue
            ev = max((e for e in events if e.start <= cue.start()), key=lambda e: e.start, default=events[0])
            key = (id(ev), outlet.ref or outlet.norm)
            if key not in seen:
                seen.add(key)
                out.append(RelationCandidate(outlet, "participatedIn", ev, s, 0.65, "rule", None,
                                             trigger="记者提问", cameo="044"))
    return out
