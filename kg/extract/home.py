"""Home diplomacy: the events a country's 主场外交 names are events it hosted.

Chinese reviews of a diplomatic year list the events a country hosted as its
"home" events, without a hosting verb::

    今年某国外交有三大主场活动：某论坛、某峰会和某博览会。
    某峰会是某国今年主场外交的重头戏。

The country is the one named before the cue in the clause (某国主场外交),
else the country the document speaks for (the slot filler's default). The
events are the list after the cue's colon, or the events the clause equates
with the cue (E 是…主场外交的…). A clause with a plan cue (将, 计划) keeps
them as planned. The cue words are data (``home_event_cues`` in
``ontology/lexicon/cues.yaml``).
"""

from __future__ import annotations

import re

from kg.extract.frames import FrameSet
from kg.extract.modality import blank_spans, modality
from kg.extract.phrases import unnested
from kg.model import Mention, RelationCandidate, Sentence
from kg.nlp.lexicon import Lexicon

_CLAUSE_END = re.compile(r"[。；;！？!?]")
_DASHED = re.compile(r"[^，,。；;]{0,8}(——|：|:)")  # 主场外交的重头戏——E
_ENUMERATOR = re.compile(r"(?:[一二三四五六七八九十]是|其[一二三四五六]|第[一二三四五六]，)")  # 一是…，二是…
_COUNTED = re.compile(r"[两二三四五六七八九十]+[大场项个]")  # 两大主场外交, 三场主场活动
_LIST_GAP = re.compile(r"^[\s、，,和与及以及等：:“”\"《》]*$")


def home_events(sentence: Sentence, norm: str, mentions: list[Mention], lex: Lexicon, frames: FrameSet,
                default: Mention | None, home: tuple[str, str] | None = None,
                pending: list[tuple[Mention, int]] | None = None,
                ) -> tuple[list[RelationCandidate], list[Mention]]:
    """``hosted`` candidates for the events a home-diplomacy cue lists or names, and the
    mentions of the home country (reference id, name) made at a cue when no country is named.
    ``pending`` carries, across the sentences of a document, a cue that listed nothing yet:
    the enumeration that follows it (一是…，二是…) names its events."""
    out: list[RelationCandidate] = []
    extra: list[Mention] = []
    ms = sorted(mentions, key=lambda m: m.start)
    if pending:
        out.extend(_enumerated(sentence, norm, ms, pending))
    for cue in lex.home_event_cues:  # longest first; a shorter cue inside a longer one is skipped
        k = norm.find(cue, sentence.start, sentence.end)
        while k != -1:
            if not any(c != cue and len(c) > len(cue) and norm.startswith(c, j)
                       for c in lex.home_event_cues for j in range(max(sentence.start, k - len(c)), k + 1)):
                out.extend(_one(sentence, norm, ms, k, k + len(cue), frames, lex, default, home, extra, pending))
            k = norm.find(cue, k + 1, sentence.end)
    return out, extra


def _one(s: Sentence, norm: str, ms: list[Mention], k: int, end: int, frames: FrameSet, lex: Lexicon,
         default: Mention | None, home: tuple[str, str] | None, extra: list[Mention],
         pending: list[tuple[Mention, int]] | None = None) -> list[RelationCandidate]:
    clause_start = max((m.end() for m in _CLAUSE_END.finditer(norm, s.start, k)), default=s.start)
    nxt = _CLAUSE_END.search(norm, end, s.end)
    clause_end = nxt.start() if nxt else s.end
    country = next((m for m in reversed(ms) if m.label == "Country" and clause_start <= m.start and m.end <= k
                    and k - m.end <= 12), None) or default
    if country is None and home is not None:  # the document never names its own country: the cue stands for it
        country = Mention(s.doc_id, k, end, s.text[k - s.start:end - s.start], "Country", home[1], "rule", home[0],
                          s.index, 0.6)
        extra.append(country)
    if country is None:
        return []
    colon = next((j for j in range(end, min(clause_end, end + 4)) if norm[j] in "：:"), None)
    events: list[Mention] = []
    if colon is not None:  # 三大主场活动：A、B和C
        at = colon + 1
        for m in unnested(ms):
            if m.start < at or m.start >= clause_end:
                continue
            if m.label == "Event" and _LIST_GAP.match(norm[at:m.start]):
                events.append(m)
                at = m.end
            elif m.start >= at:
                break
    elif (counted := _COUNTED.search(norm, max(clause_start, k - 4), k)) and counted.end() == k:
        # 办好A和B两大主场外交: the events right before the counted cue
        at = counted.start()
        for m in reversed(unnested(ms)):
            if m.label == "Event" and m.end <= at and _LIST_GAP.match(norm[m.end:at]) and m.start >= clause_start:
                events.append(m)
                at = m.start
            elif m.end <= at and m.start >= clause_start:
                break
    else:  # E 是某国主场外交的重头戏
        copula = norm.rfind("是", clause_start, k)
        if copula != -1:
            events = [m for m in ms if m.label == "Event" and clause_start <= m.start and m.end <= copula]
    if not events:  # 某国主场外交的重头戏——E: the event set off by a dash after the cue
        events = [m for m in unnested(ms) if m.label == "Event" and end <= m.start < clause_end
                  and _DASHED.match(norm, end, m.start)][:1]
    if not events and pending is not None:
        pending.append((country, s.index))  # 四大主场外交活动。一是…，二是…: the enumeration after it
    mod = modality(blank_spans(norm, clause_start, k, ms), norm[end:end + 6], frames, lex.not_cues)
    return [RelationCandidate(country, "hosted", e, s, 0.6, "rule", modality=mod) for e in events
            if not any(o is not e and o.label == "Event" and o.start <= e.start and e.end <= o.end for o in events)]


def _enumerated(s: Sentence, norm: str, ms: list[Mention], pending: list[tuple[Mention, int]]
                ) -> list[RelationCandidate]:
    """一是4月的某论坛，二是6月在某地举行的某峰会: each enumerated item's first event, within two
    sentences of the cue that announced the list."""
    country, at = pending[-1]
    if s.index - at > 2:
        pending.clear()
        return []
    out = []
    for item in _ENUMERATOR.finditer(norm, s.start, s.end):
        stop = _CLAUSE_END.search(norm, item.end(), s.end)
        limit = min(stop.start() if stop else s.end, _next_item(norm, item.end(), s.end))
        first = next((m for m in unnested(ms) if m.label == "Event" and item.end() <= m.start < limit), None)
        if first is not None:
            out.append(RelationCandidate(country, "hosted", first, s, 0.55, "rule"))
    return out


def _next_item(norm: str, start: int, end: int) -> int:
    nxt = _ENUMERATOR.search(norm, start, end)
    return nxt.start() if nxt else end
