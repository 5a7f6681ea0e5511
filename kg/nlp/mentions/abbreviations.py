"""Document-level choice among countries sharing a one-character form
(土方: Turkey or Turkmenistan) from the names around it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.model import Mention

if TYPE_CHECKING:
    from kg.nlp.mentions.finder import MentionFinder


def disambiguate_abbreviations(mentions: list[Mention], finder: MentionFinder, window: int = 2000) -> None:
    """土方 after 土库曼斯坦 is Turkmenistan, not the default Turkey.

    A one-character form shared by several countries refers to the one the
    document named in full most recently (within ``window`` characters);
    people the reference ties to a country count as naming it.
    """
    abbr = finder.gaz.abbr
    ref = finder.ref.entities
    _agree_with_listed_names(mentions, abbr, ref)
    named: list[tuple[int, str]] = []  # (offset, country id) of full names
    for m in mentions:
        if m.ref in ref and len(m.norm) >= 2 and m.source != "rule":
            e = ref[m.ref]
            cid = m.ref if e.cls == "Country" else e.row.get("country")
            if cid:
                named.append((m.start, cid))
    if not named:
        return
    for m in mentions:
        if m.source != "rule" or m.label != "Country" or not m.norm or len(abbr.get(m.norm[0], ())) < 2:
            continue
        options = set(abbr[m.norm[0]])
        before = [(off, cid) for off, cid in named if cid in options and m.start - window <= off < m.start]
        if before and before[-1][1] != m.ref:
            m.ref = before[-1][1]

def _agree_with_listed_names(mentions: list[Mention], abbr: dict, ref: dict) -> None:
    """中乌某铁路: a one-character form inside a listed project (or organisation)
    whose reference row names its countries is one of those countries (乌 may be
    Uzbekistan there, not the default Ukraine)."""
    for outer in mentions:
        row = ref[outer.ref].row if outer.ref in ref else None
        listed = [c for c in (row or {}).get("countries", "").split("|") if c]
        if not listed:
            continue
        for m in mentions:
            if m is outer or m.label != "Country" or len(m.norm) != 1 or not (outer.start <= m.start < outer.end):
                continue
            if m.ref in listed:
                continue
            options = [c for c in abbr.get(m.norm, ()) if c in listed]
            if len(options) == 1:
                m.ref = options[0]
