"""Combination of candidates: the best win, crossing spans lose, a known
name inside a larger name stays as a nested mention (中老铁路 also mentions
中国 and 老挝)."""

from __future__ import annotations

from kg.model import Mention
from kg.nlp.lexicon import Lexicon
from kg.nlp.mentions.base import P_COMPOUND, P_PATTERN, P_UNIT, Candidate


def resolve_overlaps(cands: list[Candidate], lex: Lexicon) -> list[Candidate]:
    """Keep the best candidates; crossing spans lose, nesting is allowed for known names."""
    chosen: list[Candidate] = []
    for c in sorted(cands, key=lambda c: (-c.priority, -c.length, c.start)):
        ok = True
        for k in chosen:
            if c.end <= k.start or k.end <= c.start:
                continue
            if (c.start, c.end) == (k.start, k.end):
                ok = False
                break
            inside = k.start <= c.start and c.end <= k.end
            contains = c.start <= k.start and k.end <= c.end
            if inside and k.priority == P_UNIT and c.start != k.start:
                ok = False  # 某某大学|国际问题研究院: not a listed 国际问题研究院
                break
            if inside and c.source in ("reference", "rule") and c.priority >= P_COMPOUND:
                continue  # a known name inside a bigger one: nested mention
            if inside and c.source == "reference" and k.source == "rule":
                continue
            if contains and c.source == "rule" and c.priority == P_PATTERN:
                continue  # a name built around smaller names
            if contains and c.source == "model" and c.label in ("Organization", "Project", "Event") \
                    and c.label != "Place" and k.source in ("reference", "rule") \
                    and (k.start == c.start or (k.priority == P_COMPOUND and k.length == 1 and k.start < c.start + 4)) \
                    and c.length - k.length >= 1:
                continue  # 俄罗斯外交部 (ORG) around 俄罗斯; 中非农业博览会 around 中, 非
            ok = False
            break
        if ok:
            chosen.append(c)
    chosen.sort(key=lambda c: (c.start, -c.length))
    # a one-character form inside a longer name counts only in the name's leading
    # run (中老 in 中老铁路), not in its middle (新港 in 某某新港)
    singles = {c.start for c in chosen if c.length == 1 and c.source == "rule"}
    out = []
    for c in chosen:
        if c.length == 1 and c.source == "rule":
            outer = [k for k in chosen if k.length > 1 and k.start <= c.start < k.end]
            if outer and not all(p in singles for p in range(outer[0].start, c.start + 1)):
                continue
        out.append(c)
    return out

def flat(mentions: list[Mention]) -> list[Mention]:
    """Outermost mentions only (for NER-style output)."""
    out: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out
