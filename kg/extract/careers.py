"""Careers: the list of posts a profile gives a person.

A profile names one person, then a career verb and a list of posts separated
by 、 or ，, closed by 等职, 等 or the sentence's end::

    某某少将（退役），现任某大学某研究中心主任，兼任某学会副会长、某协会理事等。
    曾任某大学某研究所副所长、某系副主任、主任等职。

Each post is a body and a title. A post written without a body is one more
title of the previous post's body (某系副主任、主任 → 某系主任); a unit written
without its parent (某研究所副所长、某系主任) belongs to the previous post's
top-level body. The position is the post as written (the body makes it
specific: 主任 of which centre); a current post also gives an affiliation
with the top-level body (某大学, not its centre), a former one (曾任, 历任)
does not: the person no longer acts for it. A sentence that opens with a
career verb continues the profile of the sentence before.

titles.py reads titles written around a name (某大学教授某某, 某某主席); this
module reads the lists a verb opens, which can run over several sentences.
"""

from __future__ import annotations

import re

from kg.extract.titles import title_ending_at, top_level
from kg.model import Mention, RelationCandidate, Sentence
from kg.nlp.lexicon import Lexicon
from kg.reference import Reference

_SEGMENT_END = "、，,"
_LIST_END = "。；;！？!?\n"
_LEADING = ("并且", "同时", "并", "还", "也", "他", "她", "其")
_GAP = re.compile(r"[（(][^（()）]{0,8}[）)]")  # 某某少将（退役）: a note in brackets after the name


def _verb_at(norm: str, k: int, lex: Lexicon) -> tuple[str, bool] | None:
    """The career verb starting at k, and whether its posts are current."""
    for v in lex.career_former:
        if norm.startswith(v, k):
            return v, False
    for v in lex.career_current:
        if norm.startswith(v, k):
            return v, True
    return None


class _Profile:
    """Reads the posts of one list; keeps the previous post's body for the next."""

    def __init__(self, person: Mention, current: bool) -> None:
        self.person = person
        self.current = current
        self.body = ""  # the previous post's body as written (某大学某系)
        self.top = ""  # its top-level body (某大学)


def _segments(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    k = start
    for i in range(start, end):
        if norm[i] in _SEGMENT_END:
            out.append((k, i))
            k = i + 1
    out.append((k, end))
    return out


def _subject(norm: str, s: Sentence, at: int, people: list[Mention], lex: Lexicon) -> Mention | None:
    """The person right before the verb: 某某，现任…; 某某少将（退役），现任…."""
    before = [p for p in people if p.end <= at]
    if not before:
        return None
    p = before[-1]
    gap = _GAP.sub("", norm[p.end:at]).strip("，, ")
    if gap and title_ending_at(gap, len(gap), lex) != gap and gap not in _LEADING:
        return None
    return p


def extract_careers(sentences: list[Sentence], norm: str, mentions: list[Mention], lex: Lexicon,
                    ref: Reference) -> tuple[list[RelationCandidate], list[Mention]]:
    """Position and affiliation candidates of the profiles in a document, and the
    top-level bodies it had to name itself (某协会 of 某协会某分会)."""
    out: list[RelationCandidate] = []
    extra: list[Mention] = []
    orgs = [m for m in mentions if m.label in ("Organization", "Country")]
    people = sorted((m for m in mentions if m.label == "Person"), key=lambda m: m.start)
    topic: Mention | None = None  # the profile's person, carried to the next sentence
    prev_end = -1
    for s in sentences:
        if prev_end >= 0 and "\n" in norm[prev_end:s.start]:
            topic = None  # a new paragraph
        prev_end = s.end
        carried, topic = topic, None
        k = s.start
        while k < s.end and norm[k] in " \u3000":
            k += 1
        opener = next((p for p in people if p.start == k), None)
        if opener is not None and norm[opener.end:opener.end + 1] in "，,（(":
            topic = opener  # 某某，1966年生。曾任…: the person a profile opens with
        lead = next((w for w in _LEADING if norm.startswith(w, k)), "")
        profile: _Profile | None = None
        i = s.start
        while i < s.end:
            hit = _verb_at(norm, i, lex)
            if hit is None:
                i += 1
                continue
            verb, current = hit
            person = _subject(norm, s, i, people, lex)
            if person is None and i == k + len(lead) and carried is not None:
                person = carried  # 曾任…: the profile of the sentence before
            if person is None and profile is not None and norm[i - 1] in _SEGMENT_END:
                person = profile.person  # …主任，兼任…: the same profile goes on
            if person is None:
                i += len(verb)
                continue
            keep = profile
            profile = _Profile(person, current)
            if keep is not None and keep.person is person:
                profile.body, profile.top = keep.body, keep.top
            i = _read_posts(profile, s, i + len(verb), norm, orgs, lex, ref, out, extra)
            topic = person
    return out, extra


def _read_posts(profile: _Profile, s: Sentence, start: int, norm: str, orgs: list[Mention], lex: Lexicon,
                ref: Reference, out: list[RelationCandidate], extra: list[Mention]) -> int:
    """Reads posts from ``start`` to the list's end; returns where the list ended."""
    end = next((j for j in range(start, s.end) if norm[j] in _LIST_END), s.end)
    for a, b in _segments(norm, start, end):
        seg = norm[a:b]
        if _verb_at(norm, a, lex) is not None:
            return a  # …，兼任…: a new list
        closed = next((w for w in lex.career_ends if seg.endswith(w)), "")
        seg = seg[:len(seg) - len(closed)] if closed else seg
        title = title_ending_at(seg, len(seg), lex)
        if not title:
            return a
        body = seg[:len(seg) - len(title)]
        at = a
        if body:
            lead = next((m for m in sorted(orgs, key=lambda m: m.end - m.start) if m.start == at), None)
            if lead is not None and lead.label == "Country" and (
                    lead.end - at == len(body) or norm[lead.end] == "驻"):
                # 现任某国总统, 曾任某国驻某国大使: the country is the affiliation, the rest the position
                out.append(RelationCandidate(profile.person, "position", body[lead.end - at:] + title, s, 0.75,
                                             "rule"))
                if profile.current:
                    out.append(RelationCandidate(profile.person, "affiliation", lead, s, 0.75, "rule"))
                profile.body, profile.top = body, ""
                if closed:
                    return b
                continue
            top = top_level(body, lex)
            if (lead is None or lead.ref is None) and profile.top.endswith(lex.university_heads) \
                    and body.endswith(lex.school_heads) and not any(h in body for h in lex.university_heads if h not in lex.school_heads):
                # 某大学某研究所副所长、某系主任: an unlisted unit after a university's is that university's
                body, top = profile.top + body, None
                at = -1
            profile.body, profile.top = body, top or profile.top
            if at >= 0 and profile.current and top is not None:
                named = _body_mention(top, at, s, norm, orgs, ref)
                out.append(RelationCandidate(profile.person, "affiliation", named, s, 0.75, "rule"))
                if not any(named is m for m in orgs):
                    extra.append(named)
        elif profile.body:
            body = profile.body  # 某系副主任、主任: one more title of the same body
        elif profile.current:  # 现任外交部副部长: a listed title that names its body
            within = next((m for m in orgs if m.start == a and m.end < b and m.label == "Organization"), None)
            if within is not None:
                out.append(RelationCandidate(profile.person, "affiliation", within, s, 0.75, "rule"))
        out.append(RelationCandidate(profile.person, "position", body + title, s,
                                     0.75 if profile.current else 0.7, "rule"))
        if closed:
            return b
    return end


def _body_mention(top: str, at: int, s: Sentence, norm: str, orgs: list[Mention], ref: Reference) -> Mention:
    """The mention of the top-level body: the model's own when it spans exactly that, else a new one."""
    for m in orgs:
        if m.start == at and m.end == at + len(top):
            return m
    hits = [e for e in ref.lookup(top) if e.cls == "Organization"]
    return Mention(s.doc_id, at, at + len(top), s.text[at - s.start:at - s.start + len(top)], "Organization",
                   top, "rule", hits[0].id if hits else None, s.index, 0.6)
