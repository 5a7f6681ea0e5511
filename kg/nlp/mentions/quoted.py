"""Quoted names with a head: “某某”倡议 (initiative), “…”活动 (event),
“某某倡议” (the head inside the quotes)."""

from __future__ import annotations

import re

from kg.nlp.common_words import is_common_word
from kg.nlp.mentions.base import CJK, P_PATTERN, Candidate, FinderBase
from kg.nlp.mentions.matchers import alternation
from kg.nlp.mentions.registry import Context, rule


class QuotedNames(FinderBase):
    def _compile(self) -> None:
        super()._compile()
        lex = self.lex
        self._quoted_initiative = re.compile(
            r"[“\"]([^“”\"，。；、]{2,10})[”\"](" + alternation(lex.quoted_initiative_heads) + ")")
        self._quoted_full_initiative = re.compile(
            r"[“\"]([^“”\"，。；、\s]{2,14}" + alternation(lex.quoted_full_initiative_heads) + r")[”\"]")
        self._quoted_event = re.compile(r"[“\"]([^“”\"。；]{4,40})[”\"](" + alternation(lex.quoted_event_heads) + ")")

    @rule("quoted_names", priority=P_PATTERN, order=6,
          lexicon=("quoted_event_heads", "quoted_initiative_heads", "quoted_full_initiative_heads", "not_entities"))
    def rule_quoted_names(self, ctx: Context) -> list[Candidate]:
        """A quoted name followed by (or ending in) an event or initiative head."""
        return self.from_quoted_names(ctx.text)

    def from_quoted_names(self, text: str) -> list[Candidate]:
        """A quoted name followed by a head: “蓝色海洋”倡议 (initiative), “…”系列活动 (event)."""
        out = []
        for m in self._quoted_event.finditer(text):  # “青年使者”系列活动: a named activity
            if not self.ref.lookup(m.group(1).strip()):
                out.append(Candidate(m.start(), m.end(), "Event", "rule", None, P_PATTERN, 0.7))
        for m in self._quoted_full_initiative.finditer(text):  # “绿色家园倡议”: the head inside the quotes
            inner = m.group(1)
            if not self.ref.lookup(inner) and not self._wraps_known(inner, "Initiative") \
                    and not is_common_word(inner[:-2]) and inner[:-2] not in self.lex.not_entities:
                out.append(Candidate(m.start(1), m.end(1), "Initiative", "rule", None, P_PATTERN, 0.7))
        for m in self._quoted_initiative.finditer(text):
            inner = m.group(1).strip()
            if inner in self.lex.not_entities or self.ref.lookup(inner) or not CJK.search(inner) \
                    or self._wraps_known(inner + m.group(2), "Initiative"):
                continue
            out.append(Candidate(m.start() + 1, m.end(), "Initiative", "rule", None, P_PATTERN, 0.7))
        return out
