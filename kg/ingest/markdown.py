"""Markdown → plain lines: headings become plain lines, emphasis/link markup goes.

Bold speaker labels (``**王毅:**`` / ``**王毅**：``) open transcript turns. When
a file has none, plain ``王毅：`` labels are recognised as in a text file.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from kg.ingest.lines import SourceLine, clean_speaker, plain_line
from kg.ingest.speakers import MAX_SPEAKER_LEN, plausible_label

_HEADING = re.compile(r"^\s{0,3}(?P<level>#{1,6})\s+(?P<text>.*?)(?:\s+#+)?\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_BOLD_TURN = re.compile(
    rf"^\s*\*\*\s*(?P<label>[^*\n]{{1,{MAX_SPEAKER_LEN}}}?)\s*"
    r"(?:(?P<c1>[:：])\s*\*\*|\*\*\s*(?P<c2>[:：]))\s*(?P<rest>.*)$"
)
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_BULLET = re.compile(r"^\s{0,3}[-*+]\s+")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_CODE = re.compile(r"`([^`]+)`")
_EM = re.compile(r"(?<!\*)\*(?![\s*])(.+?)(?<![\s*])\*(?!\*)")
_UNDERLINE = re.compile(r"__(.+?)__")
_BR = re.compile(r"<br\s*/?>", re.I)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")


def strip_inline(s: str) -> str:
    """Remove inline Markdown (bold, emphasis, code, links, images, escapes) and unescape entities."""
    s = _IMAGE.sub(r"\1", s)
    s = _LINK.sub(r"\1", s)
    s = _CODE.sub(r"\1", s)
    s = s.replace("**", "")
    s = _UNDERLINE.sub(r"\1", s)
    s = _EM.sub(r"\1", s)
    s = _BR.sub("", s)
    s = _ESCAPE.sub(r"\1", s)
    return html.unescape(s)


def has_bold_turns(lines: list[str]) -> bool:
    return any(_BOLD_TURN.match(ln) for ln in lines)


def is_heading(line: str) -> bool:
    return bool(_HEADING.match(line))


@dataclass
class MarkdownLines:
    lines: list[SourceLine]
    headings: list[str]


def markdown_lines(raw_lines: list[str]) -> MarkdownLines:
    """Convert Markdown source lines; bold labels open turns if present, else plain labels do."""
    bold = has_bold_turns(raw_lines)
    out: list[SourceLine] = []
    headings: list[str] = []
    in_code = False
    for raw in raw_lines:
        if _FENCE.match(raw):
            in_code = not in_code
            continue
        if in_code:
            out.append(SourceLine(raw))
            continue
        h = _HEADING.match(raw)
        if h:
            text = strip_inline(h["text"]).strip()
            headings.append(text)
            out.append(SourceLine(text, heading=True))
            continue
        if _RULE.match(raw):
            out.append(SourceLine(""))
            continue
        line = _BULLET.sub("", _QUOTE.sub("", raw))
        m = _BOLD_TURN.match(line) if bold else None
        if m and plausible_label(m["label"]):
            label = clean_speaker(m["label"])
            colon = m["c1"] or m["c2"]
            out.append(SourceLine(f"{label}{colon}{strip_inline(m['rest'])}", speaker=label, body=len(label) + 1))
            continue
        sl = plain_line(strip_inline(line))
        if bold and sl.speaker:  # bold labels mark the turns; a plain "X：" is prose here
            sl = SourceLine(sl.text)
        out.append(sl)
    return MarkdownLines(out, headings)
