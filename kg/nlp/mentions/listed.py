"""Names the reference lists (the gazetteer): high precision, canonical ids.
A short name must align with the model's word boundaries; a listed event
with a year or an ordinal is one edition of it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet

from kg.nlp.common_words import is_common_word
from kg.nlp.gazetteer import GazetteerHit as Hit
from kg.nlp.mentions.base import CJK, P_REFERENCE, Candidate, FinderBase
from kg.nlp.mentions.registry import Context, rule

# a year right after a yearly event's name: #某会2022#
_YEAR_AFTER = re.compile(r"(?:19|20)\d{2}(?![\d年月日%万亿])")
_YEAR_BEFORE = re.compile(r"((?<![\dA-Za-z])(?:19|20)\d{2}年?|(?<!\d)\d{4}年|第[一二三四五六七八九十百零〇\d]+[届次]|首届)[“\"]?$")

class ListedNames(FinderBase):
    @rule("gazetteer", priority=P_REFERENCE, order=2, lexicon=("titles", "name_prefix_chars", "name_end_words"))
    def rule_gazetteer(self, ctx: Context) -> list[Candidate]:
        """Names the reference lists, aligned with word boundaries."""
        return self.from_gazetteer(ctx.text, ctx.bounds, ctx.person_cuts, ctx.name_tokens, ctx.hits)

    def from_gazetteer(self, text: str, bounds: set[int], person_cuts: AbstractSet[int] = frozenset(),
                       name_tokens: Sequence[tuple[int, int]] = (), hits: list[Hit] | None = None) -> list[Candidate]:
        out = []
        for h in self.gaz.find(text) if hits is None else hits:
            surface = text[h.start:h.end]
            # a short name must align with word boundaries: 外交部 is not in 外交部长;
            # but the model's person tokens often swallow the first character of a
            # country that follows a preposition (向英|国): those cuts do not count
            rid = self._choose(h.ids, text)
            aligned = (h.start in bounds or h.start in person_cuts) and h.end in bounds
            if self._ref_class(rid) == "Person" and not h.ambiguous:
                # 会见拉莫斯|时: LAC glues verbs to names; but not a listed 达尔 inside a longer name 阿卜杜达尔
                aligned = (h.start in bounds or h.end in bounds) and self._not_part_of_name(text, h, name_tokens)
                # 同拜|登通|电话: the model cut a listed name between a preposition and the verb after it
                aligned = aligned or (h.start > 0 and text[h.start - 1] in self.lex.name_prefix_chars
                                      and text.startswith(self.lex.name_end_words, h.end))
            if h.end - h.start == 3 and h.end in bounds and self._ref_class(rid) in ("Place", "Country"):
                aligned = True  # 抵|达喀尔: a three-character place whose end the model kept
            if h.end in bounds and h.start - 1 in bounds and text[h.start - 1] in self.lex.name_prefix_chars \
                    and self._ref_class(rid) in ("Place", "Country") and h.end - h.start >= 2:
                aligned = True  # 在里|加|举行: the model gave the place's first character to the preposition
            if h.start in bounds and text[h.end:h.end + 1] == "段" and h.end + 1 in bounds \
                    and self._ref_class(rid) == "Place" and h.end - h.start >= 2:
                aligned = True  # 甲城至乙城段: the model kept the section word with the city
            if h.end - h.start <= 3 and CJK.search(surface) and not aligned:
                continue
            conf = 0.95 if not h.ambiguous else 0.75
            cls = self._ref_class(rid)
            if cls == "Event" and not self.ref.entities[rid].row.get("date"):
                # 2019年博鳌论坛, 亚运会2026, 第五届进博会: one edition of a recurring event, a node of its own
                before = _YEAR_BEFORE.search(text, 0, h.start)
                span = ((before.start(), h.end) if before and before.end() == h.start
                        else (h.start, after.end()) if (after := _YEAR_AFTER.match(text, h.end)) else None)
                if span:
                    out.append(Candidate(span[0], span[1], "Event", "rule", None, P_REFERENCE, 0.8))
                    continue
            out.append(Candidate(h.start, h.end, cls, "reference", rid, P_REFERENCE, conf))
            if cls in ("Event", "Project") and h.end - h.start >= 4:
                out.extend(self._inside(text, h.start, h.end, rid))
            elif cls == "Place" and h.end - h.start >= 4:
                # 中国香港 (a country, then a listed place), not 朝鲜半岛
                out.extend(c for c in self._inside(text, h.start, h.end)
                           if c.label == "Country" and c.start == h.start and self.ref.lookup(text[c.end:h.end]))
        return out

    def _not_part_of_name(self, text: str, h, name_tokens) -> bool:
        """False for a listed person's name that is only part of a longer name the
        model found (阿卜杜 and 达尔 in 阿卜杜达尔); true when the rest of that token is
        a title or a listed name (国王|阿卜杜拉, 会见拉莫斯)."""
        for ts, te in name_tokens:
            if ts <= h.start and h.end <= te and (ts, te) != (h.start, h.end):
                rest = text[ts:h.start] + text[h.end:te]
                return rest in self.lex.titles or is_common_word(rest) or rest in self.lex.name_end_words \
                    or (ts == h.start and text.startswith(self.lex.name_end_words, h.end)) \
                    or any(r.cls != "Person" for r in self.ref.lookup(rest))
        return True
