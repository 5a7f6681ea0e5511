"""Sentence splitting with offsets, respecting transcript turns."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.model import AnalyzedDocument, Document, Sentence, Token

_END = re.compile(r"[。！？!?；;…]+[”’」』)）]?|\n+")
MAX_LEN = 200  # longer stretches are cut at commas so the tagger sees bounded input
_SOFT = re.compile(r"[，,、：:]")


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    pos = start
    for m in _END.finditer(text, start, end):
        yield pos, m.end()
        pos = m.end()
    if pos < end:
        yield pos, end


def _cut_long(text: str, s: int, e: int) -> Iterator[tuple[int, int]]:
    while e - s > MAX_LEN:
        cut = None
        for m in _SOFT.finditer(text, s, s + MAX_LEN):
            cut = m.end()
        cut = cut if cut and cut > s + 20 else s + MAX_LEN
        yield s, cut
        s = cut
    yield s, e


def split_sentences(doc: Document, norm: str) -> list[Sentence]:
    """Sentences of ``doc`` (offsets into its text), each with its turn's speaker."""
    spans = [(seg.start, seg.end, seg.speaker) for seg in doc.segments] or [(0, len(norm), None)]
    covered = sorted(spans)
    # text outside any segment (a transcript's preamble) is a span of its own
    gaps: list[tuple[int, int, str | None]] = []
    pos = 0
    for s, e, _ in covered:
        if s > pos:
            gaps.append((pos, s, None))
        pos = max(pos, e)
    if pos < len(norm):
        gaps.append((pos, len(norm), None))
    out: list[Sentence] = []
    for s0, e0, speaker in sorted(covered + gaps):
        for s, e in _pieces(norm, s0, e0):
            for a, b in _cut_long(norm, s, e):
                while a < b and norm[a].isspace():
                    a += 1
                while b > a and norm[b - 1].isspace():
                    b -= 1
                if b > a:
                    out.append(Sentence(doc.id, len(out), a, b, doc.text[a:b], speaker))
    return out


def tokens_by_sentence(a: AnalyzedDocument) -> dict[int, list[Token]]:
    """The model's words of each sentence (sentence index → tokens), in one pass over both."""
    by_sentence: dict[int, list[Token]] = {}
    si = 0
    for t in a.tokens:
        while si < len(a.sentences) and t.start >= a.sentences[si].end:
            si += 1
        by_sentence.setdefault(si, []).append(t)
    return by_sentence
