"""What one model word (LOC/ORG/nz) names: a place, a country, an
organisation, a government, a school; or nothing (a common word, a count of
countries, a document), or only the listed name inside it.
"""

from __future__ import annotations

import re

from kg.nlp.common_words import inside_longer_word, is_common_word, is_noun, is_plain_word, starts_idiom
from kg.nlp.mentions.base import (
    CJK,
    COUNT_OF_COUNTRIES,
    P_COMPOUND,
    P_MODEL,
    P_PATTERN,
    P_REFERENCE,
    P_UNIT,
    Candidate,
    FinderBase,
    in_quotes,
)


class TokenClasses(FinderBase):
    """Classification of one model word; used by the ``tokens`` rule."""

    def _classify_token(self, text: str, s: int, e: int, tag: str) -> Candidate | list[Candidate] | None:
        word = text[s:e]
        if COUNT_OF_COUNTRIES.match(word):
            return None  # 三国, 九国: a number of countries
        if len(word) < 2 or (not CJK.search(word) and not (tag == "ORG" and len(word) >= 3 and word[0].isupper())):
            return None  # Latin-script names only as organisations the model is sure of (NASA, FIFA)
        if is_common_word(word) and not self.ref.lookup(word):
            return None  # 高速公路 (LOC), 廉价 (ORG): ordinary words
        if any(text[s:e + k].endswith(self.lex.document_heads) for k in (0, 1, 2)) and not self.ref.lookup(word):
            # 联合国宪章 (or 联合国宪|章): a document, not an organisation; its issuer is
            for h in self.gaz.find(word)[:1]:
                if h.start == 0 and h.end - h.start >= 2:
                    rid = self._choose(h.ids, word)
                    return Candidate(s, s + h.end, self._ref_class(rid), "reference", rid, P_REFERENCE, 0.85)
            return None
        if tag == "LOC" and not self.ref.lookup(word) and (inside_longer_word(text, s, e) or starts_idiom(text, s, e)
                                                           or is_plain_word(word)):
            return None  # 马平川 in 一马平川, 四平 in 四平八稳, 封路 (a rare noun)
        if tag == "LOC" and not self.ref.lookup(word) and text.startswith(self.lex.group_words, e):
            return None  # 阿拉伯国家: a group of countries, not a place
        if tag == "LOC" and len(word) <= 3 and word[-1] in self.lex.compound_chars \
                and set(word[:-1]) <= self.lex.travel_prefix_chars and not self.ref.lookup(word):
            return None  # 同来华, 来华: a preposition and a verb of travel before a country's one-character form
        if tag in ("LOC", "ORG") and not self.ref.lookup(word):
            # 某国代|总理: the model glued the first character of a title to a listed name
            for h in self.gaz.find(word)[:1]:
                if h.start == 0 and len(word) - h.end <= 2 and h.end >= 2 \
                        and text[s + h.end:s + h.end + 6].startswith(self.lex.titles):
                    rid = self._choose(h.ids, word)
                    return Candidate(s, s + h.end, self._ref_class(rid), "reference", rid, P_REFERENCE, 0.85)
        base = self._strip_title(word)
        if base != word and self.ref.lookup(base):  # 越南外长 → 越南
            rid = self.ref.lookup(base)[0].id
            return Candidate(s, s + len(base), self._ref_class(rid), "model", rid, P_MODEL, 0.75)
        if tag == "LOC":
            if self.abbr_ids(word):
                return None  # compounds are handled by the compound rule
            if len(word) == 2 and word[1] in self.lex.direction_chars and not self.ref.lookup(word) \
                    and self._country_form(word[0]) and word[0] in self.lex.compound_chars:
                # 缅北, 叙北: a part of a country, and the country it names
                return [Candidate(s, e, "Place", "rule", None, P_PATTERN, 0.65),
                        Candidate(s, s + 1, "Country", "reference", self._country_form(word[0]), P_COMPOUND, 0.8)]
            if len(word) >= 3 and word[0] in self.lex.compound_chars and not self.ref.lookup(word) \
                    and (is_common_word(word[:2]) or is_common_word(word[1:]) or word[1:] in self.lex.not_entities
                         or any(word[1:].startswith(c) for c in self.lex.compound_cues)
                         or (self.abbr_ids(word[:2]) and any(word[2:].startswith(c) for c in self.lex.compound_cues))):
                return None  # 美好愿景, 美西方, 中美关系: a country form and a common word, not a place
            hits = [h for h in self.gaz.find(word) if h.end - h.start >= 2]
            if hits and hits[-1].end == len(word) and hits[0].start > 0 \
                    and self._ref_class(self._choose(hits[-1].ids, word)) in ("Country", "Place"):
                # 访问|印尼 (one LOC token): a verb glued to a listed name; the name only
                h = hits[-1]
                rid = self._choose(h.ids, word)
                return Candidate(s + h.start, s + h.end, self._ref_class(rid), "reference", rid, P_REFERENCE, 0.85)
            # a place name ending in 港/桥 is still a place (香港); projects come from the pattern rule
            cls = "Country" if word.endswith(self.lex.state_name_tails) and len(word) >= 3 \
                else "Place"
            if cls == "Country" and in_quotes(text, s):
                return None  # “海洋国”: a coined word in quotes; every real state is listed
            if word.endswith(tuple(self.lex.team_words)):
                cls = "Organization"  # 俄罗斯队: a team
            return Candidate(s, e, cls, "model", None, P_MODEL, 0.65)
        if tag == "ORG" and word.endswith(self.lex.state_head_titles) \
                and not self.ref.lookup(word):
            # 越南国家主席 (one ORG token): the country, then a title
            for h in self.gaz.find(word)[:1]:
                rid = self._choose(h.ids, word)
                if h.start == 0 and self._ref_class(rid) == "Country":
                    return Candidate(s, s + h.end, "Country", "reference", rid, P_REFERENCE, 0.85)
            return None
        if tag == "ORG" and not self.ref.lookup(word):
            for k in range(len(word) - 1, 1, -1):
                rest = word[k:]
                listed = self.ref.lookup(word[:k])
                if not listed or rest.endswith(self._org_heads + self.lex.media_tails + self.lex.unit_words):
                    continue
                # 中国会|继续, 外交部定期|记者会, 非洲国家: a listed name and the next word;
                # but a place and a common noun often name a body (中国男篮, 上海电信, 某省教委)
                body = listed[0].cls in ("Country", "Place") and is_noun(rest) and rest not in self.lex.group_words
                if rest in self.lex.auxiliaries or (is_common_word(rest) and not body):
                    rid = listed[0].id
                    return Candidate(s, s + k, self._ref_class(rid), "reference", rid, P_REFERENCE, 0.85)
        if tag == "ORG" and re.match(r"^\d{3,}|^\d+(万|亿|千)$", word):
            return None  # 360万, 9787000000000丨出版社: numbers, not names
        if tag == "ORG" and word.endswith("部") and text[e:e + 1] == "长" and self.ref.lookup(word[:-1]):
            rid = self.ref.lookup(word[:-1])[0].id  # 外交部部|长: the ministry, then 部长
            return Candidate(s, e - 1, self._ref_class(rid), "model", rid, P_MODEL, 0.75)
        category = self._category.search(word) if tag == "ORG" else None
        if category and not self.ref.lookup(word):
            # 越南智库某某研究会: a category word between the country and the name
            return Candidate(s + category.end(), e, "Organization", "model", None, P_MODEL, 0.65)
        if tag == "ORG":
            if word[0] in self.lex.compound_prepositions and len(word) > 3:
                s, word = s + 1, word[1:]
            hits = self.gaz.find(word)
            if len(hits) >= 2 and hits[0].start == 0 and hits[1].start == hits[0].end and hits[0].end < len(word) - 3 \
                    and self._ref_class(self._choose(hits[0].ids, word)) == "Country" \
                    and self._ref_class(self._choose(hits[1].ids, word)) == "Place":
                # 法国|巴黎大学: the city names it; the country is a mention of its own
                rid = self._choose(hits[0].ids, word)
                lead = Candidate(s, s + hits[0].end, "Country", "reference", rid, P_REFERENCE, 0.85)
                after = self._classify_token(text, s + hits[0].end, e, tag)
                return [lead, *(after if isinstance(after, list) else [after] if after else [])]
            if word.endswith("政府"):
                gov = self._government(text, s, s + len(word) - 2)
                if gov:
                    return gov
            unit = self._school_of_university.search(word)
            if unit and unit.end() >= 4:  # 某某大学国际关系学院: the school, and the university it is part of
                return [Candidate(s, e, "Organization", "rule", None, P_UNIT, 0.65),
                        Candidate(s, s + unit.end(), "Organization", "rule", None, P_COMPOUND, 0.7)]
            if word in self.lex.titles:
                return None
            for tail in self.lex.member_tails:
                if word.endswith(tail) and self.ref.lookup(word[:-len(tail)]):
                    return None  # 东盟成员国: the organisation itself is found by the gazetteer
            cls = self.classify_name(word, "Organization")
            if self._wraps_known(word, cls):
                return None
            return Candidate(s, e, cls, "model", None, P_MODEL, 0.65)
        cls = self.classify_name(word, "")
        if cls and not self._wraps_known(word, cls):
            return Candidate(s, e, cls, "model", None, P_MODEL, 0.6)
        return None

    def _government(self, text: str, s: int, e: int) -> list[Candidate]:
        """X政府 names who governs: 中国政府 → 中国, 柬政府 → 柬埔寨, 特朗普政府 →
        the person 特朗普 (a country name before it is its own mention)."""
        head = text[s:e]
        hits = [r for r in self.ref.lookup(head) if r.cls == "Country"]
        if hits:
            return [Candidate(s, e, "Country", "model", hits[0].id, P_MODEL, 0.7)]
        if len(head) == 1 and head in self.gaz.abbr_default:
            return [Candidate(s, e, "Country", "rule", self.gaz.abbr_default[head], P_COMPOUND, 0.8)]
        out = []
        for h in self.gaz.find(head):
            rid = self._choose(h.ids, head)
            if h.start == 0 and self._ref_class(rid) == "Country" and len(head) - h.end >= 2:
                out.append(Candidate(s, s + h.end, "Country", "reference", rid, P_REFERENCE, 0.9))
                s, head = s + h.end, head[h.end:]
            break
        people = [r for r in self.ref.lookup(head) if r.cls == "Person"]
        if people:
            return [*out, Candidate(s, e, "Person", "model", people[0].id, P_MODEL, 0.7)]
        if 2 <= len(head) <= 6 and all(ch in self.lex.translit_chars for ch in head.removeprefix("小")):
            return [*out, Candidate(s, e, "Person", "model", None, P_MODEL, 0.6)]  # 小布什政府
        return []

    def _split_place_prefix(self, text: str, s: int, e: int) -> list[Candidate]:
        """上海虹口体育场 → 上海 + 虹口体育场; 上海地区 → 上海 (a known place
        or country heading a longer place word the model tagged as one)."""
        word = text[s:e]
        if self.ref.lookup(word):
            return []
        for h in self.gaz.find(word):
            if h.start != 0 or h.end < 2 or e - s - h.end < 2:
                break
            rid = self._choose(h.ids, word)
            if self._ref_class(rid) not in ("Place", "Country"):
                break
            rest = word[h.end:]
            head = Candidate(s, s + h.end, self._ref_class(rid), "reference", rid, P_REFERENCE, 0.85)
            if rest in self.lex.area_tails:
                return [head]  # 亚太地区: the name is 亚太, 地区 a generic tail
            if rest in self.lex.place_tails:
                return []
            if rest in self.lex.titles or is_common_word(rest) or COUNT_OF_COUNTRIES.match(rest) \
                    or any(rest.endswith(t) for t in (*self.lex.head_titles, *self.lex.office_titles)):
                return [head]  # 越南外长, 中亚五国: the name, then a title or a count
            if rest[-1] in self.lex.admin_chars and len(rest) <= 2:
                return []  # 北京市: one name
            if rest[0] in self.lex.place_joiners:
                return [head]  # 钓鱼台国宾馆|同来华: the rest is a preposition or a verb, not a second place
            return [head, Candidate(s + h.end, e, "Place", "model", None, P_MODEL, 0.6)]
        return []

    def _repair_org(self, text: str, tokens, i: int) -> tuple[int, int, int] | None:
        """An organisation the model cut in pieces: 中国国际经济|理事会 and
        某国国防|与|安全学院 (its head left outside), 某国|外交|与|贸易部
        and 国际与和|平研究中心 (its first words left outside). Returns (start,
        end, next token) or None."""
        s, e, tag = tokens[i]
        word = text[s:e]
        if self.ref.lookup(word):
            return None
        heads = self._org_heads + self.lex.place_suffixes
        if not word.endswith(heads) and not is_common_word(word):  # 廉价|航空公司 is a description
            # the head follows in the next tokens, with nothing but plain words between
            j, end = i + 1, e
            while j < len(tokens) and j <= i + 3:
                ts, te, tg = tokens[j]
                w = text[ts:te]
                if tg not in ("n", "vn", "a", "nz", "c", "ORG") or (tg == "c" and w not in self.lex.field_conjunctions):
                    break
                end = te
                j += 1
                if w.endswith(heads) and tg != "c":
                    return (s, end, j) if end - s <= 16 else None
            return None
        if any(u in word[:-2] for u in self.lex.university_heads):
            return None  # 外交学院某班和|某某大学研究生院: a named unit of its own
        if tag != "ORG":
            return None
        start = s
        if s > 0 and is_common_word(text[s - 1:s + 1]) and i > 0 and tokens[i - 1][1] == s:
            start = s - 1  # 和|平研究中心: the model split 和平
        k = i - 1
        if start < s and k >= 0 and tokens[k][1] - tokens[k][0] == 1:
            k -= 1  # the token that was only the borrowed character (和)
        # ... 外交|与|<ORG>: a conjunction between two fields of one body's name
        if start < s and k >= 0 and tokens[k][0] < start and text[tokens[k][0]:start] in self.lex.field_conjunctions:
            k -= 1  # 与和 glued: 与|和平 arrived as 与和|平
        elif k >= 0 and text[tokens[k][0]:tokens[k][1]] in self.lex.field_conjunctions:
            k -= 1
        else:
            return None if start == s else (start, e, i + 1)
        if k >= 1 and tokens[k][2] == "n" and tokens[k - 1][2] in ("LOC", "ORG") \
                and tokens[k - 1][1] == tokens[k][0]:
            return tokens[k - 1][0], e, i + 1
        return None if start == s else (start, e, i + 1)
