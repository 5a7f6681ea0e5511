"""Lines → document text plus speaker segments, shared by every line-based format.

Each format turns its source lines into ``SourceLine``s (markup removed,
turn openings and time marks recognised); ``assemble`` joins them into
``Document.text`` and computes each turn's ``Segment`` offsets in that text,
so the offsets stay right whatever markup the format removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.ingest.dates import parse_timestamp_line
from kg.ingest.speakers import MAX_SPEAKER_LEN, looks_like_speaker
from kg.model import Segment

#: Indentation to drop at paragraph starts (ASCII, full-width and no-break spaces).
INDENT = " \t\u3000\xa0"
#: A line wholly in parentheses, e.g. "(据新华社北京3月7日电)": an attribution, not a turn's words.
_NOTE = re.compile(r"^[（(][^（()）]*[)）]$")
_TURN = re.compile(rf"^(?P<label>[^:：\n]{{1,{MAX_SPEAKER_LEN}}})(?P<colon>[:：])")


@dataclass
class SourceLine:
    """One line of a source, already stripped of markup."""

    text: str
    speaker: str | None = None  # set when the line opens a turn
    body: int = 0  # where the turn's words start in ``text`` (after "王毅：")
    timestamp: str | None = None  # ISO time mark; such lines are dropped from the text
    heading: bool = False  # a heading ends the current turn


@dataclass
class Assembled:
    text: str
    segments: list[Segment] = field(default_factory=list)
    timestamps: list[str] = field(default_factory=list)
    turns: int = 0


@dataclass
class _Turn:
    speaker: str
    timestamp: str | None
    start: int | None = None
    end: int | None = None
    open: bool = True


def clean_speaker(label: str) -> str:
    return " ".join(label.split())


def plain_line(raw: str) -> SourceLine:
    """Classify a plain-text line: a time mark, a turn opening ("王毅：…", "主持人 何绍仁："), or text."""
    ts = parse_timestamp_line(raw)
    if ts:
        return SourceLine("", timestamp=ts)
    text = raw.strip(INDENT).rstrip()
    m = _TURN.match(text)
    if m and looks_like_speaker(m["label"]):
        return SourceLine(text, speaker=clean_speaker(m["label"]), body=m.end("colon"))
    return SourceLine(text)


def count_turns(lines: Iterable[str]) -> int:
    return sum(1 for raw in lines if plain_line(raw).speaker)


def assemble(lines: Iterable[SourceLine], *, min_turns: int = 2) -> Assembled:
    """Join lines (blank runs collapsed, indentation dropped) and locate each turn's words.

    A turn runs from its first words (on the speaker's line or the next) to the
    end of its last content line before the next turn or heading. A time mark
    belongs to the turn before it when that turn has none (live transcripts
    stamp each turn after it), else to the next turn. Fewer than ``min_turns``
    turns is not a transcript: no segments then.
    """
    parts: list[str] = []
    pos = 0  # offset where the next part starts
    turns: list[_Turn] = []
    timestamps: list[str] = []
    pending_ts: str | None = None
    for ln in lines:
        if ln.timestamp:
            timestamps.append(ln.timestamp)
            if turns and turns[-1].timestamp is None:
                turns[-1].timestamp = ln.timestamp
            else:
                pending_ts = ln.timestamp
            continue
        stripped = ln.text.lstrip(INDENT)
        shift = len(ln.text) - len(stripped)
        text = stripped.rstrip()
        if not text:
            if parts and parts[-1]:
                parts.append("")
                pos += 1
            continue
        start = pos
        parts.append(text)
        pos += len(text) + 1
        cur = turns[-1] if turns and turns[-1].open else None
        if ln.speaker:
            turn = _Turn(ln.speaker, pending_ts)
            pending_ts = None
            body = max(0, ln.body - shift)
            words = text[body:].lstrip(INDENT)
            if words:
                turn.start = start + len(text) - len(words)
                turn.end = start + len(text)
            turns.append(turn)
        elif ln.heading:
            if cur:
                cur.open = False
        elif cur and not _NOTE.match(text):
            if cur.start is None:
                cur.start = start
            cur.end = start + len(text)
    while parts and not parts[-1]:
        parts.pop()
    out = Assembled("\n".join(parts), timestamps=timestamps, turns=len(turns))
    if len(turns) >= min_turns:
        out.segments = [
            Segment(t.start, t.end if t.end is not None else t.start, t.speaker, t.timestamp)
            for t in turns
            if t.start is not None
        ]
    return out
