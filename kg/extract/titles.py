"""Titles and appositions: 意大利总理伦齐, 外交部发言人毛宁, 习近平主席.

A title right before a person (chains joined by 、 or 兼 included) gives a
``position``; a country or organisation right before that title gives an
``affiliation``. A title right after the name (习近平主席, 拜登总统) gives a
``position`` too.
"""

from __future__ import annotations

from kg.model import Mention, RelationCandidate, Sentence
from kg.nlp.lexicon import Lexicon

_AFFILIABLE = {"Country", "Organization"}
_SEPARATORS = "、兼及暨 "


def _title_ending_at(text: str, end: int, lex: Lexicon) -> str | None:
    for t in lex.titles:  # longest first
        if end - len(t) >= 0 and text[end - len(t):end] == t:
            return t
    return None


def _title_starting_at(text: str, start: int, lex: Lexicon) -> str | None:
    for t in lex.titles:
        if text.startswith(t, start):
            return t
    return None


def extract_titles(sentence: Sentence, norm: str, mentions: list[Mention], lex: Lexicon,
                   mfa: Mention | None = None) -> tuple[list[RelationCandidate], list[Mention]]:
    """Position/affiliation candidates of one sentence, and synthesised org mentions.

    ``mfa`` is a template mention for the foreign ministry: a bare 外交部长
    with no country before it serves 外交部 (the speaker's own ministry).
    """
    out: list[RelationCandidate] = []
    extra: list[Mention] = []
    by_end = {m.end: m for m in mentions if m.label in _AFFILIABLE}
    for p in mentions:
        if p.label != "Person":
            continue
        pos = p.start
        while pos > sentence.start and norm[pos - 1] in " ：:\u3000":
            pos -= 1
        titles_seen = 0
        while pos > sentence.start:
            title = _title_ending_at(norm, pos, lex)
            org = None
            if title is None:
                # 中共中央政治局委员: an organisation name + a generic title word
                break
            tstart = pos - len(title)
            org = by_end.get(tstart)
            position = title
            if org is not None and org.label == "Organization" and len(title) <= 2:
                position = norm[org.start:pos]  # 中共中央政治局 + 委员
            out.append(RelationCandidate(p, "position", position, sentence, 0.85, "rule"))
            titles_seen += 1
            if org is not None:
                out.append(RelationCandidate(p, "affiliation", org, sentence, 0.8, "rule"))
                pos = org.start
                # 中国外交部长: a country before the organisation-less title chain
                prev = by_end.get(pos)
                if prev is not None and prev is not org:
                    out.append(RelationCandidate(p, "affiliation", prev, sentence, 0.7, "rule"))
            else:
                pos = tstart
            if "外交部" in title and mfa is not None and (org is None or org.ref == "country/CN"):
                k = tstart + title.index("外交部")
                m = Mention(p.doc_id, k, k + 3, sentence.text[k - sentence.start:k - sentence.start + 3],
                            "Organization", "外交部", "rule", mfa.ref, sentence.index, 0.7)
                extra.append(m)
                out.append(RelationCandidate(p, "affiliation", m, sentence, 0.7, "rule"))
            if pos > sentence.start and norm[pos - 1] in _SEPARATORS:
                pos -= 1
                continue
            if titles_seen > 4:
                break
        # a title right after the name: 习近平主席, 拜登总统
        after = _title_starting_at(norm, p.end, lex)
        if after and p.end + len(after) <= sentence.end:
            nxt = norm[p.end + len(after):p.end + len(after) + 1]
            if not nxt or not ("\u4e00" <= nxt <= "\u9fff") or after in lex.head_titles or len(after) >= 2:
                out.append(RelationCandidate(p, "position", after, sentence, 0.75, "rule"))
    return out, extra
