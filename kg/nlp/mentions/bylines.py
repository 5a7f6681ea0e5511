"""People named by a by-line role (责任编辑：…, 记者 …): the name after it."""

from __future__ import annotations

import re

from kg.nlp.mentions.base import P_PATTERN, Candidate, FinderBase
from kg.nlp.mentions.matchers import alternation
from kg.nlp.mentions.registry import Context, rule


class Bylines(FinderBase):
    def _compile(self) -> None:
        super()._compile()
        self._byline_name = re.compile(
            "(" + alternation(self.lex.byline_roles) + r")[：:]\s*([\u4e00-\u9fff]{2,3})(?=[）)\]】\s、，]|$)")

    @rule("bylines", priority=P_PATTERN, order=7, lexicon=("byline_roles",))
    def rule_bylines(self, ctx: Context) -> list[Candidate]:
        """The name after a by-line role (责任编辑：…, 记者 …)."""
        return self.from_bylines(ctx.text)

    def from_bylines(self, text: str) -> list[Candidate]:
        """责任编辑：张明华, 作者：林志强: the name after a by-line role is a person."""
        out = []
        for m in self._byline_name.finditer(text):
            name = m.group(2)
            if not self.ref.lookup(name) or any(r.cls == "Person" for r in self.ref.lookup(name)):
                out.append(Candidate(m.start(2), m.end(2), "Person", "rule", None, P_PATTERN, 0.7))
        return out
