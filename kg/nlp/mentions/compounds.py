"""Runs of one-character country forms: before a compound cue (中美|关系),
listed fixed compounds (巴以), and enumerations (英、法、德)."""

from __future__ import annotations

import re

from kg.nlp.common_words import is_common_word
from kg.nlp.mentions.base import CJK, P_COMPOUND, Candidate, FinderBase
from kg.nlp.mentions.registry import Context, rule


class Compounds(FinderBase):
    @rule("cued_compounds", priority=P_COMPOUND, order=9, lexicon=("compound_chars", "compound_cues", "abbr_defaults"))
    def rule_cued_compounds(self, ctx: Context) -> list[Candidate]:
        """A run of one-character forms before a compound cue names each country."""
        return self.from_cued_compounds(ctx.text, ctx.hits)

    @rule("fixed_compounds", priority=P_COMPOUND, order=8,
          lexicon=("compound_overrides", "compound_cues", "fixed_compound_cues"))
    def rule_fixed_compounds(self, ctx: Context) -> list[Candidate]:
        """Listed fixed compounds (巴以) before a cue, even when the model split them."""
        return self.from_fixed_compounds(ctx.text)

    @rule("enumerations", priority=P_COMPOUND, order=5,
          lexicon=("compound_chars", "enumeration_before", "enumeration_after", "enumeration_counts"))
    def rule_enumerations(self, ctx: Context) -> list[Candidate]:
        """A list of one-character forms (英、法、德) names each country."""
        return self.from_enumerations(ctx.text)

    def from_cued_compounds(self, text: str, hits=None) -> list[Candidate]:
        """中|印|边界, 中美|关系: a run of one-character country forms before a
        compound cue names each country, however the model split it."""
        out: list[Candidate] = []
        hits = self.gaz.find(text) if hits is None else hits
        for m in self._compound_run.finditer(text):
            run, end = m.group(), m.end()
            if not text.startswith(self.lex.compound_cues, end):
                continue
            if m.start() > 0 and is_common_word(text[m.start() - 1:m.start() + 1]):
                continue  # 完美|日…: the first character belongs to the word before
            ids = self.abbr_ids(run)
            if ids and not self.ref.lookup(run):
                around = [text[h.start:h.end] for h in hits if h.start <= m.start() and h.end >= end]
                out += [c for c in self._parts(m.start(), ids, 0.8)
                        if all(self._agrees(w, c.ref) for w in around)]
        return out

    def from_fixed_compounds(self, text: str) -> list[Candidate]:
        """巴以问题, 巴以局势: listed fixed compounds before a compound cue, even when
        the model split them (巴|以)."""
        out = []
        for run, ids in self.lex.compound_overrides.items():
            if not all(rid in self.ref.entities for rid in ids):
                continue
            for m in re.finditer(re.escape(run), text):
                tail = text[m.end():m.end() + 4]
                if tail.startswith((*self.lex.compound_cues, *self.lex.fixed_compound_cues)):
                    out += self._parts(m.start(), ids, 0.8)
        return out

    def from_enumerations(self, text: str) -> list[Candidate]:
        """英、法、德: a list of one-character country forms names each country."""
        out = []
        for m in self._enumeration.finditer(text):
            before = text[m.start() - 1] if m.start() else ""
            after = text[m.end()] if m.end() < len(text) else ""
            counted = bool(after) and after in self.lex.enumeration_counts  # 美、英、法三国
            if (before and CJK.match(before) and before not in self.lex.enumeration_before and not counted) \
                    or (after and CJK.match(after) and after not in self.lex.enumeration_after):
                continue
            for k in range(m.start(), m.end(), 2):
                rid = self.gaz.abbr_default[text[k]]
                out.append(Candidate(k, k + 1, self._ref_class(rid), "rule", rid, P_COMPOUND, 0.8))
        return out
