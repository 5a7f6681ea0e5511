"""Foreign names the model does not know, found by what stands around them.

* 某国总统某某会谈, 某国副总理兼外长某某主持: after a country and a leader's title
  (a chain of titles joined by 兼 included), a run of transliteration characters
  the model left untagged is the leader's name; it ends where a verb or a
  function word begins.
* 某某斯基宫, 某某拉蒂宫: a run of transliteration characters before a palace head is
  one place, even when the model cut it or took part of it for a person.

Written as rules of their own, not spaCy patterns, because both read the
gazetteer's hits and the model's tags together.
"""

from __future__ import annotations

import re

from kg.nlp.common_words import is_common_word
from kg.nlp.mentions.base import P_PATTERN, Candidate, FinderBase
from kg.nlp.mentions.matchers import alternation
from kg.nlp.mentions.registry import Context, rule


class TitledNames(FinderBase):
    def _compile(self) -> None:
        super()._compile()
        titles = alternation(self.lex.leader_titles) if self.lex.leader_titles else "(?!)"
        self._chain = re.compile(rf"[^，,。；;、\s]{{0,12}}?(?:{titles})")
        self._chain_long = re.compile(rf"[^，,。；;、\s]{{0,12}}(?:{titles})")
        heads = alternation(self.lex.translit_venue_heads) if self.lex.translit_venue_heads else "(?!)"
        self._venue = re.compile(rf"(?:{heads})")

    @rule("titled_names", priority=P_PATTERN, order=11, lexicon=("leader_titles", "translit_chars", "name_end_words"))
    def rule_titled_names(self, ctx: Context) -> list[Candidate]:
        """The untagged transliterated name after a country and a leader's title."""
        return self.from_titled_names(ctx.text, ctx.hits, ctx.tokens)

    def from_titled_names(self, text: str, hits, tokens) -> list[Candidate]:
        out: list[Candidate] = []
        tagged = [(ts, te) for ts, te, tag in tokens if tag == "PER"]
        for h in hits:
            if self._ref_class(self._choose(h.ids, text)) != "Country":
                continue
            m = self._chain.match(text, h.end)
            if m is None:
                continue
            longer = self._chain_long.match(text, h.end)  # 副总理兼外长: the whole chain of titles
            if longer and text[longer.end():longer.end() + 1] in self.lex.translit_chars \
                    and text[m.end():m.end() + 1] not in self.lex.translit_chars:
                m = longer
            k = j = m.end()
            while j < len(text) and j - k < 7 and text[j] in self.lex.translit_chars:
                j += 1
            if j - k < 2:
                continue
            name = None
            for cut in range(j, k + 1, -1):  # the name ends where a verb or a function word begins
                if cut == len(text) or text.startswith(self.lex.name_end_words, cut) or not text[cut].strip() \
                        or text[cut] in "，,、。；;：:（(":
                    name = text[k:cut]
                    break
            if name is None and j - k < 7:
                name = text[k:j]  # 某国总统某某今年…: the run ends where the transliteration does
            if any((ts <= k and k + len(name or "") <= te)
                   or (ts == k and text.startswith(self.lex.name_end_words, te)) for ts, te in tagged):
                continue  # the model named the person there already (卢拉|因在: its boundary is better)
            if name and len(name) >= 2 and not self.ref.lookup(name) and not is_common_word(name):
                out.append(Candidate(k, k + len(name), "Person", "rule", None, P_PATTERN, 0.6))
        return out

    @rule("translit_venues", priority=P_PATTERN, order=12, lexicon=("translit_chars", "translit_venue_heads"))
    def rule_translit_venues(self, ctx: Context) -> list[Candidate]:
        """A transliterated name before a palace head (某某斯基宫) is one place."""
        out: list[Candidate] = []
        text = ctx.text
        for v in self._venue.finditer(text):
            i = v.start()
            while i > 0 and v.start() - i < 10 and text[i - 1] in self.lex.translit_chars:
                i -= 1
            if v.start() - i >= 3 and not self.ref.lookup(text[i:v.end()]):
                out.append(Candidate(i, v.end(), "Place", "rule", None, P_PATTERN + 1, 0.6))
        return out

    @rule("city_dialogues", priority=P_PATTERN, order=13, lexicon=("city_named_heads",))
    def rule_city_dialogues(self, ctx: Context) -> list[Candidate]:
        """Two or more listed countries, a listed city, then a dialogue head (甲国和乙国某城对话):
        talks named after the city that hosted them. 对话 alone is too common a word to be
        an event head; the countries and the city before it make it a name."""
        out: list[Candidate] = []
        text = ctx.text
        hits = sorted(ctx.hits, key=lambda h: (h.start, -h.end))
        by_end = {h.end: h for h in hits if self._ref_class(self._choose(h.ids, text)) == "Country"}
        for h in hits:
            head = next((w for w in self.lex.city_named_heads if text.startswith(w, h.end)), None)
            if head is None or self._ref_class(self._choose(h.ids, text)) != "Place":
                continue
            k, parties = h.start, 0
            while k in by_end:
                k, parties = by_end[k].start, parties + 1
                if k > 0 and text[k - 1] in "和与、" and k - 1 in by_end:
                    k -= 1
            if parties >= 2 or (parties == 1 and len(text[k:h.start]) <= 2 and self.abbr_ids(text[k:h.start])):
                out.append(Candidate(k, h.end + len(head), "Event", "rule", None, P_PATTERN, 0.65))
        return out
