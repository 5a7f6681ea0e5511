"""The statistical model's words (LAC PER/LOC/ORG/nz), repaired: X方 forms
(某方 → a country), compounds of one-character forms (中美), names the model
cut short (布林|肯) or glued to a title or a verb, teams and schools.
"""

from __future__ import annotations

from kg.nlp.common_words import inside_longer_word, is_common_word, starts_idiom
from kg.nlp.mentions.base import (
    CJK,
    P_COMPOUND,
    P_MODEL,
    P_PATTERN,
    P_UNIT,
    Candidate,
    in_quotes,
)
from kg.nlp.mentions.registry import Context, part, rule
from kg.nlp.mentions.token_classes import TokenClasses

_EDGE_MARKS = "#＃@ \u3000【】[]"


class ModelTokens(TokenClasses):
    """The ``tokens`` rule; its branches are registered as parts (``tokens.x_fang`` ...)."""

    @rule("tokens", priority=P_UNIT, order=3,
          lexicon=("not_country_fang", "compound_chars", "compound_cues", "fused_verbs", "visit_verbs",
                   "visit_target_chars", "translit_chars", "japanese_surnames",
                   "japanese_given_finals", "head_titles", "titles", "name_separators", "not_entities",
                   "university_heads", "school_heads", "team_words", "name_prefix_chars",
                   "name_modifier_heads"))
    def rule_tokens(self, ctx: Context) -> list[Candidate]:
        """The model's names, with compounds, X方 forms and repaired cuts."""
        return self.from_tokens(ctx.text, ctx.tokens)

    def from_tokens(self, text: str, tokens: list[tuple[int, int, str]]) -> list[Candidate]:
        """LAC entities, compounds, X方 and repaired transliterations."""
        out: list[Candidate] = []
        off = self.disabled  # parts of this rule left out (kg rules --ablate)
        n = len(tokens)
        i = 0
        while i < n:
            s, e, tag = tokens[i]
            while e - s > 1 and text[e - 1] in _EDGE_MARKS:  # 阿拉伯# in #阿拉伯##: LAC keeps the tag mark
                e -= 1
            while e - s > 1 and text[s] in _EDGE_MARKS:
                s += 1
            if "tokens.listed_start" not in off and tag in ("LOC", "ORG", "nz") and i > 0 and e - s >= 3:
                s = self._listed_start(text, tokens[i - 1], s, e)
            word = text[s:e]
            # X方: 匈方 → 匈牙利 (LAC often tags it PER)
            if "tokens.x_fang" not in off and len(word) == 2 and word[1] == "方" \
                    and word not in self.lex.not_country_fang:
                rid = self.gaz.abbr_default.get(word[0])
                if rid:  # the name is the one character; 方 means "side" (as in NER conventions)
                    out.append(Candidate(s, s + 1, self._ref_class(rid), "rule", rid, P_COMPOUND, 0.9))
                    i += 1
                    continue
            # 访华, 驻美, 对日: a verb or preposition fused with a one-character country form
            if "tokens.fused_verb" not in off and len(word) == 2 and word[0] in self.lex.fused_verbs \
                    and word[1] in self.gaz.abbr_default \
                    and (word[1] in self.lex.compound_chars or word[1] == "华") \
                    and (word[1] == "华" or not is_common_word(word)):  # 对比 is a verb, not 对|比(利时)
                rid = self.gaz.abbr_default[word[1]]
                out.append(Candidate(s + 1, e, self._ref_class(rid), "rule", rid, P_COMPOUND, 0.8))
                i += 1
                continue
            if "tokens.visit_verb" not in off and word in self.lex.visit_verbs and i + 1 < n \
                    and tokens[i + 1][1] - tokens[i + 1][0] == 1 and text[tokens[i + 1][0]] in self.gaz.abbr_default \
                    and text[tokens[i + 1][0]] in self.lex.visit_target_chars:
                rid = self.gaz.abbr_default[text[tokens[i + 1][0]]]  # 访|日
                out.append(Candidate(tokens[i + 1][0], tokens[i + 1][1], self._ref_class(rid), "rule", rid,
                                     P_COMPOUND, 0.8))
                i += 2
                continue
            if "tokens.glued_cue" not in off and tag in ("LOC", "ORG", "nz") and len(word) >= 3 \
                    and word[0] in self.gaz.abbr_default \
                    and word[0] in self.lex.compound_chars and word[1:] in self.lex.compound_cues \
                    and not self.ref.lookup(word):
                rid = self.gaz.abbr_default[word[0]]  # 对|美关系: the model glued the country to the cue
                out.append(Candidate(s, s + 1, self._ref_class(rid), "rule", rid, P_COMPOUND, 0.8))
                i += 1
                continue
            # compounds: 中美, 沙伊, 美日韩, 中老(铁路)
            for cut in range(len(word), 1, -1) if "tokens.compound" not in off else ():
                ids = self.abbr_ids(word[:cut])
                rest = word[cut:]
                nxt = text[e:e + 6]
                cue_after = nxt.startswith(self.lex.compound_cues)
                cue_inside = bool(rest) and (rest.startswith(self.lex.compound_cues)
                                             or rest.startswith(self._head_words))
                if ids and (cue_inside or (not rest and (tag in ("LOC", "ORG", "nz", "j") or cue_after))):
                    if self.ref.lookup(word[:cut]):
                        break  # a listed name (中亚, 中东) is not a compound
                    out += [c for c in self._parts(s, ids, 0.85) if self._agrees(word, c.ref)]
                    break
            if tag == "PER" and "tokens.person" not in off:
                j = i + 1
                end = e
                s = self._repair_left(text, tokens, i, s, e)
                if j < n and self._japanese(text[s:e]) and tokens[j][1] - tokens[j][0] == 1 \
                        and text[tokens[j][0]] in self.lex.japanese_given_finals and e - s == 3:
                    end = tokens[j][1]  # 岸田文|雄
                    j += 1
                # repair: 布林|肯, 马克|龙 — the rest of a transliteration
                if all(ch in self.lex.translit_chars for ch in word):
                    while j + 1 < n and text[tokens[j][0]:tokens[j][1]] in self.lex.name_separators \
                            and all(ch in self.lex.translit_chars for ch in text[tokens[j + 1][0]:tokens[j + 1][1]]):
                        end = tokens[j + 1][1]
                        j += 2
                    while j < n and tokens[j][2] not in ("w", "p", "c", "u", "LOC", "ORG", "TIME") \
                            and tokens[j][1] - tokens[j][0] <= 2 \
                            and all(ch in self.lex.translit_chars for ch in text[tokens[j][0]:tokens[j][1]]) \
                            and end - s < 8:
                        end = tokens[j][1]
                        j += 1
                s = self._repair_left(text, tokens, i, s, end)
                ps, pe = self._clean_person(text, s, end)
                if pe - ps >= 3 and any(len(w) >= 2 and text.startswith(w, pe - 1) for w in self.lex.name_end_words):
                    pe -= 1  # 某某巴|通电话: the model glued the verb's first character to the name
                if pe - ps == 1 and text[pe:end] in self.lex.head_titles and not self.ref.lookup(word):
                    # 江主席: a surname with a head title names that leader (resolved per document)
                    out.append(Candidate(ps, pe, "Person", "model", None, P_MODEL, 0.5))
                    i = j
                    continue
                if pe - ps >= 2 and not self.ref.lookup(text[ps:pe]) and is_common_word(text[ps:pe]):
                    ps = pe  # 老金, 惠民: ordinary words the model took for names
                if text[pe - 1:pe] == "国" and in_quotes(text, ps):
                    ps = pe  # “海洋国”: a coined word in quotes, not a person
                if self._modifier_after.match(text, pe) or "暨" in text[ps:pe]:
                    ps = pe  # 修昔底德陷阱, 诺贝尔和平奖: a concept or award; 文化周暨: a conjunction
                if pe - ps >= 2:
                    ids = None if self.ref.lookup(text[ps:pe]) else self.abbr_ids(text[ps:pe])
                    if ids and pe - ps <= 3:  # 韩美日 tagged PER is a compound (塔亚尼 is a person)
                        out += self._parts(ps, ids, 0.8)
                    else:
                        out.append(Candidate(ps, pe, "Person", "model", None, P_MODEL, 0.7))
                i = j
                continue
            if "tokens.university_school" not in off and tag == "ORG" and i + 1 < n and tokens[i + 1][2] == "ORG" \
                    and word.endswith(self.lex.university_heads) \
                    and self._school_tail.search(text[tokens[i + 1][0]:tokens[i + 1][1]]):
                # 某某大学|国际关系学院: the school, and the university it is part of
                out += [Candidate(s, tokens[i + 1][1], "Organization", "rule", None, P_UNIT, 0.65),
                        Candidate(s, e, "Organization", "rule", None, P_COMPOUND, 0.7)]
                i += 2
                continue
            if "tokens.translit_after_title" not in off and tag in ("nz", "n", "nw", "LOC", "ORG") and len(word) >= 3 \
                    and not self.ref.lookup(word) \
                    and all(ch in self.lex.translit_chars for ch in word) \
                    and bool(self._titles.endings_of(text[max(0, s - self._titles.max_len):s])):
                # 特别代表|卡尔松 (nz): a transliterated word right after a title is a person
                out.append(Candidate(s, e, "Person", "model", None, P_MODEL, 0.6))
                i += 1
                continue
            if "tokens.team" not in off and tag == "LOC" and i + 1 < n \
                    and text[tokens[i + 1][0]:tokens[i + 1][1]] in self.lex.team_words:
                out.append(Candidate(s, tokens[i + 1][1], "Organization", "model", None, P_MODEL + 1, 0.6))
                i += 2
                continue
            if "tokens.place_prefix" not in off and tag == "LOC" and word not in self.lex.not_entities:
                split = self._split_place_prefix(text, s, e)
                if split:
                    out.extend(split)
                    i += 1
                    continue
            if "tokens.org_repair" not in off and tag in ("LOC", "ORG"):
                span = self._repair_org(text, tokens, i)
                if span:
                    a, b = span[0], span[1]
                    while a < b and not CJK.match(text[a]):
                        a += 1  # 】某某外国语学院…: an edge mark in the first piece
                    if text[a:b].endswith(self.lex.place_suffixes):  # a venue: named around its head, like the pattern rule
                        out.append(Candidate(a, b, "Place", "rule", None, P_PATTERN, 0.65))
                    else:
                        out.append(Candidate(a, b, "Organization", "model", None, P_MODEL, 0.65))
                    i = span[2]
                    continue
            if "tokens.classify" not in off and tag in ("LOC", "ORG", "nz") and word not in self.lex.not_entities:
                cand = self._classify_token(text, s, e, tag)
                if isinstance(cand, list):
                    out.extend(cand)
                elif cand:
                    out.append(cand)
            i += 1
        return out

    def _clean_person(self, text: str, s: int, e: int) -> tuple[int, int]:
        """Trim what LAC glued to a name: edge symbols (王毅#), a title (王外长 →
        王), a leading preposition or time word (周普京 → 普京), nicknames (老金)."""
        while s < e and not CJK.match(text[s]) and text[s] not in "·":
            s += 1
        while e > s and not CJK.match(text[e - 1]):
            e -= 1
        name = self._strip_title(text[s:e])
        e = s + len(name)
        if name in self.lex.not_entities or not CJK.search(name):
            return s, s
        if not self.ref.lookup(name) and len(name) >= 3:
            for k in (1, 2):
                hits = [r for r in self.ref.lookup(name[k:]) if r.cls == "Person"]
                if hits and name[k - 1] in self.lex.name_prefix_chars:
                    return s + k, e
        if len(name) == 2 and name[0] == "老" and name[1] in self.lex.compound_chars:
            return s, s  # 老美: slang for a people, not a person
        if len(name) >= 3 and name[1] == "方" and name[0] in self.gaz.abbr_default:
            return s, s  # 匈方坚(持): an X方 form and the next verb
        if len(name) == 2 and name[0] in self.lex.short_name_prepositions and not self.ref.lookup(name):
            return s, s  # 向林: a preposition and one character of a name
        if len(name) >= 3 and s > 0 and text[s - 1] in self.lex.compound_chars \
                and name[0] in self.lex.compound_chars and is_common_word(name[1:]):
            return s, s  # 伊文化 in 中伊文化: a country form and a common word
        if inside_longer_word(text, s, e) or starts_idiom(text, s, e):
            return s, s  # 马平川 in 一马平川, 解铃 in 解铃还需系铃人
        return s, e

    def _repair_left(self, text: str, tokens, i: int, s: int, e: int) -> int:
        """会见埃|尔多安 → 埃尔多安, 首相岸|田文雄 → 岸田文雄: the first character of a
        name the model gave to the previous word."""
        if i == 0 or s == 0 or tokens[i][0] != s:
            return s
        ps, pe, ptag = tokens[i - 1]
        word = text[s:e]
        if self._japanese(text[s - 1:e]) and not self._japanese(word):
            return s - 1
        if pe - ps == 1 and ptag in ("v", "n", "vn", "a") and text[ps] in self.lex.translit_chars \
                and len(word) >= 3 and all(ch in self.lex.translit_chars for ch in word) \
                and not self.ref.lookup(word):
            return ps
        return s

    def _listed_start(self, text: str, prev: tuple[int, int, str], s: int, e: int) -> int:
        """应肯|尼亚国防学院 → 肯尼亚国防学院: a listed country or place the model cut after
        a preposition, whose first characters it gave to the previous word."""
        ps, pe, _tag = prev
        if pe != s:
            return s
        for k in (1, 2, 3):
            if s - k <= ps or not all(ch in self.lex.name_prefix_chars or ch == "应" for ch in text[ps:s - k]):
                continue
            for m in range(min(6, e - s + k), k, -1):
                if any(r.cls in ("Country", "Place") for r in self.ref.lookup(text[s - k:s - k + m])):
                    return s - k
        return s

    def _japanese(self, name: str) -> bool:
        return name.startswith(self._japanese_surnames)


# the branches of the tokens rule, each one can be left out on its own (``tokens.<part>``)
part("tokens", "x_fang", "某方 → the country of the one-character form (not 双方, 西方)")
part("tokens", "fused_verb", "访华, 驻美: a verb or preposition fused with a country form")
part("tokens", "visit_verb", "访|日: a verb of travel, then a one-character form as its own word")
part("tokens", "glued_cue", "对|美关系: the model glued a country form to a compound cue")
part("tokens", "compound", "中美, 美日韩: a run of one-character forms as one word")
part("tokens", "listed_start", "应肯|尼亚某学院: a listed name's first characters the model gave to the preposition before")
part("tokens", "person", "the model's PER words, repaired (cut transliterations, Japanese names, titles, common words)")
part("tokens", "university_school", "某某大学|某某学院: a school and the university it is part of")
part("tokens", "translit_after_title", "特别代表|卡尔松: a transliterated word right after a title is a person")
part("tokens", "team", "某国|队: a place and a team word")
part("tokens", "place_prefix", "上海虹口体育场 → 上海 + 虹口体育场: a listed place heading a longer place word")
part("tokens", "org_repair", "an organisation the model cut in pieces, put together")
part("tokens", "classify", "what one LOC/ORG/nz word names (token_classes.py)")
