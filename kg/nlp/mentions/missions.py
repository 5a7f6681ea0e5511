"""Missions and forces stationed abroad (某国驻某国大使馆, 驻某国美军): an
organisation, and the host country as a mention of its own."""

from __future__ import annotations

import re

from kg.nlp.mentions.base import P_COMPOUND, P_PATTERN, Candidate, FinderBase
from kg.nlp.mentions.matchers import alternation
from kg.nlp.mentions.registry import Context, rule


class Missions(FinderBase):
    def _compile(self) -> None:
        super()._compile()
        self._mission = re.compile(r"驻([\u4e00-\u9fff]{1,8}?)(" + alternation(self.lex.mission_heads) + ")")
        forces = "".join(sorted(self.lex.stationed_force_chars))
        self._stationed_forces = re.compile(r"驻([\u4e00-\u9fff]{1,6}?)([" + forces + "])军")

    @rule("missions", priority=P_PATTERN, order=0, lexicon=("mission_heads", "stationed_force_chars"))
    def rule_missions(self, ctx: Context) -> list[Candidate]:
        """Missions and forces stationed in a listed country (they win ties: the finder runs them first)."""
        return self.from_missions(ctx.text)

    def from_missions(self, text: str) -> list[Candidate]:
        """中国驻智利大使馆, 驻肯尼亚使馆, 驻德美军: a mission or force stationed in a
        listed country is an organisation (the host country is its own mention)."""
        out: list[Candidate] = []
        for m in self._mission.finditer(text):
            if not self._country_form(m.group(1)):
                continue
            start = m.start()
            for h in self.gaz.find(text[max(0, start - 12):start]):
                if h.end == min(12, start) and self._ref_class(self._choose(h.ids, text)) == "Country":
                    start -= h.end - h.start  # the sending country: 中国|驻智利大使馆
            out += [Candidate(start, m.end(), "Organization", "rule", None, P_PATTERN, 0.75), self._host(m)]
        for m in self._stationed_forces.finditer(text):
            if self._country_form(m.group(1)):
                out += [Candidate(m.start(), m.end(), "Organization", "rule", None, P_PATTERN, 0.7), self._host(m)]
        return out

    def _host(self, m: re.Match[str]) -> Candidate:
        """The host country inside a mission's name (智利 in 中国驻智利大使馆): its own mention."""
        return Candidate(m.start(1), m.end(1), "Country", "reference", self._country_form(m.group(1)), P_COMPOUND, 0.85)
