"""Names built around a head word (…铁路 Project, …峰会 Event, …倡议
Initiative, …会议中心 Place) with the name-like words before it.

The heads of all four classes are found in one Aho–Corasick pass over the
sentence (``SuffixMatcher``), then each head takes the words to its left.
"""

from __future__ import annotations

import re

from kg.nlp.mentions.base import (
    COUNT_OF_COUNTRIES,
    JOIN_CHARS,
    ORDINAL,
    P_PATTERN,
    QUOTE_CHARS,
    Candidate,
    FinderBase,
)
from kg.nlp.mentions.registry import Context, rule


class HeadPatterns(FinderBase):
    @rule("patterns", priority=P_PATTERN, order=4,
          lexicon=("project_suffixes", "place_suffixes", "event_suffixes", "initiative_suffixes", "generic_prefixes",
                   "not_entities", "meeting_heads", "head_titles", "theme_cues", "act_verbs",
                   "unquoted_initiative_heads", "name_conjunctions", "translit_chars"))
    def rule_patterns(self, ctx: Context) -> list[Candidate]:
        """Names built around a head word with the name-like words before it."""
        return self.from_patterns(ctx.text, ctx.tokens)

    def from_patterns(self, text: str, tokens: list[tuple[int, int, str]]) -> list[Candidate]:
        """Names built around a head word: 第二届中非和平安全论坛, 萨瓦纳跨海大桥."""
        out: list[Candidate] = []
        starts = {ts: k for k, (ts, _te, _tg) in enumerate(tokens)}
        heads = self._heads.scan(text)  # every head ending at each offset, longest first
        for i, (s, e, _tag) in enumerate(tokens):
            word = text[s:e]
            for suffix, cls in heads.get(e, ()):
                i0, s0 = i, s
                if len(suffix) > len(word):
                    # a head spread over tokens (外长|对话, 文化|年)
                    if e - len(suffix) not in starts:
                        continue
                    i0 = starts[e - len(suffix)]
                    s0 = tokens[i0][0]
                start, proper = self._expand_left(text, tokens, i0, s0, e - len(suffix))
                if cls == "Event":
                    start, proper = self._listed_modifier(text, start, e - len(suffix), proper)
                    close = text.find("”", start, e)
                    if close != -1 and "“" not in text[start:close]:
                        # “中国+东盟十国”外长第三次会议: the quoted format opens the name
                        opening = text.rfind("“", max(0, start - 16), start)
                        if opening != -1 and not re.search(r"[，,。；;：:！？]", text[opening:start]):
                            start, proper = opening, True
                quoted = text[start] in "“\"「" and e < len(text) and text[e] in "”\"」"
                if quoted:
                    start += 1
                name = self._trim_generic(text[start:e])
                start = e - len(name)
                opening = max(name.rfind("“"), name.rfind('"'))
                if opening > 0 and "”" not in name[opening:] and e < len(text) and text[e] in "”\"" \
                        and not ORDINAL.match(name[:opening]):  # 第五届“某某合作论坛” keeps its ordinal
                    start += opening + 1  # 越南“绿色家园倡议”: the quoted name, not the country before it
                    name = text[start:e]
                if cls == "Initiative":
                    proper = quoted or self._named_initiative(text, start, e, suffix)
                if self._wraps_known(name, cls):
                    break  # 中国全球发展倡议: the listed 全球发展倡议, which the gazetteer finds
                if any(k in text[max(0, start - 14):start + 1] for k in self.lex.theme_cues):
                    break  # 主题为“新时代的青年交流”研讨会: a theme, not the event's name
                if self._ends_title(text, start):
                    break  # 外|长沙伦会谈: the name would start inside a title (外长沙伦 is a person)
                if cls == "Event" and suffix in self.lex.meeting_heads and self._names_a_person(text, tokens, start, e):
                    break  # 某某会晤某某: an unnamed meeting is a relation, not an event
                if len(name) <= len(suffix) or not proper or name in self.lex.not_entities:
                    break
                if cls == "Event" and self._act_verb.search(name[:-len(suffix)]):
                    break  # 某某总统主持会议: a clause about an event, not its name
                counted = (COUNT_OF_COUNTRIES.match(name[:2]) or COUNT_OF_COUNTRIES.match(name[:3])) \
                    and not any(h.start == 0 for h in self.gaz.find(name))  # 二十国集团 is a name
                if cls == "Event" and (any(w in name for w in self.lex.routine_words) or counted):
                    break  # 外交部例行记者会 (routine), 四国联合军演 (a count of countries): no name
                if any(r.cls in ("Place", "Country") for r in self.ref.lookup(word)):
                    break  # 香港 ends in 港 but is a listed place, not a project's head
                if cls in ("Project", "Place"):
                    stripped = self._strip_leading_countries(text, start, e, places=cls == "Place")
                    if e - stripped > len(suffix):
                        start = stripped
                    elif cls == "Project" or e - start <= len(suffix):
                        break  # 迪拜展览中心 keeps its city: without it only the head is left
                    name = text[start:e]
                out.append(Candidate(start, e, cls, "rule", None, P_PATTERN, 0.7))
                # the known names inside a built name state what it is about (台湾|地区选举, 中老|铁路)
                out.extend(self._inside(text, start, e) if cls in ("Event", "Project")
                           else self._leading_compound(text, start, e))
                break
        return out

    def _listed_modifier(self, text: str, start: int, head_start: int, proper: bool) -> tuple[int, bool]:
        """亚吉铁路开通仪式, 瓜达尔港开港仪式: a listed project, place or organisation
        right before the words of an event head names the event (descriptive
        events take their identity from what they open or sign), even where the
        model cut the listed name into pieces the left walk stops at."""
        lo = max(0, start - 16)
        for h in sorted(self.gaz.find(text[lo:head_start]), key=lambda h: h.start):
            if lo + h.start < start <= lo + h.end and h.end - h.start >= 2 \
                    and self._ref_class(self._choose(h.ids, text)) in ("Project", "Organization", "Event", "Place"):
                return lo + h.start, True
        return start, proper

    def _names_a_person(self, text: str, tokens, start: int, end: int) -> bool:
        span = text[start:end]
        if any(tag == "PER" and start <= ts < end for ts, _te, tag in tokens):
            return True
        if not any(t in span for t in self.lex.head_titles):
            return False
        # a title shared by several parties names a meeting series (中国—中亚外长会晤),
        # a title of one party names a person (越南总理会谈)
        parties = sum(1 for h in self.gaz.find(span) if h.end - h.start >= 2)
        compound = any(self.abbr_ids(span[k:k + n]) for k in range(len(span)) for n in (2, 3))
        return parties < 2 and not compound

    def _named_initiative(self, text: str, start: int, end: int, suffix: str) -> bool:
        """An unquoted initiative is a 倡议/议程 whose modifier is more than a
        country (全球发展倡议, not 越南倡议)."""
        if suffix not in self.lex.unquoted_initiative_heads:
            return False
        head = text[start:end - len(suffix)]
        return len(head) >= 4 and not self.ref.lookup(head) and not self.abbr_ids(head)

    def _expand_left(self, text, tokens, i, s, head_start) -> tuple[int, bool]:
        """Walk left over name-like words; report whether any proper element was seen."""
        start = s
        proper = head_start > s and bool(self._proper_piece(text[s:head_start], "n"))
        j = i - 1
        length = 0
        while j >= 0 and length < 24:
            ts, te, tag = tokens[j]
            w = text[ts:te]
            translit_verb = tag == "v" and len(w) <= 3 and all(ch in self.lex.translit_chars for ch in w)
            # 高|级别; 某某|可持续|奖: an adjective before a noun, inside a name when a name word precedes it
            modifier = tag == "a" and j + 1 < len(tokens) and tokens[j + 1][2] == "n" and (
                len(w) == 1 or (j > 0 and tokens[j - 1][2] in ("PER", "nz", "ORG") and not w.startswith("最")))
            # 区域经济|与|安全合作研讨会: a conjunction between nouns inside a name
            conj = tag in ("c", "p") and w in self.lex.name_conjunctions and j > 0 and tokens[j - 1][2] in ("n", "nz", "LOC", "ORG") \
                and not self._heads.endings_of(text[max(0, ts - self._heads.max_len):ts]) \
                and not (j + 1 < len(tokens) and ORDINAL.match(text[tokens[j + 1][0]:tokens[j + 1][1]]))
            # (not between two full names: 某峰会开幕式和第十四届某颁奖典礼, an ordinal opens a name)
            compound = len(w) >= 2 and bool(self.abbr_ids(w))  # 中老|缅铁路: the model tagged 中老 as 'a'
            # 某城|至|某城高速公路: a route named by its two ends
            route = w in ("至", "到") and j > 0 and tokens[j - 1][2] == "LOC" and tokens[j + 1][2] == "LOC"
            if w == "纪念" and length:  # 纪念某战争胜利80周年大会: a commemoration's name opens with 纪念
                start = ts
                proper = proper or bool(re.search(r"周年", text[ts:head_start]))
                break
            if tag in ("v", "p", "c", "u", "d", "r", "a", "ad", "xc", "f", "q", "vd", "s") \
                    and not translit_verb and not modifier and not conj and not compound and not route:
                break
            if tag == "w" and (not (set(w) <= (QUOTE_CHARS | JOIN_CHARS)) or "——" in text[max(0, ts - 1):te + 1]):
                break  # 重头戏——某某论坛…: a double dash sets off an apposition, it joins no name
            if tag == "TIME" and not re.fullmatch(r"\d{4}年|[\d一二三四五六七八九十百]+周年", w):
                break  # (2024年某论坛, 某战争胜利80周年大会 keep their year or anniversary)
            if tag == "m" and (not ORDINAL.match(w) or re.fullmatch(r"\d+次", w)):
                break  # (过去3次某对话: a count of meetings, not an ordinal; 第3次 is one)
            if self._proper_piece(w, tag):
                proper = True
            start = ts
            length += te - ts
            j -= 1
        # an unmatched opening quote at the start is dropped
        while start < s and text[start] in "”\"":
            start += 1
        return start, proper

    def _proper_piece(self, w: str, tag: str) -> bool:
        if tag in ("LOC", "ORG", "PER", "nz", "m") or ORDINAL.match(w) or set(w) & QUOTE_CHARS:
            return True
        if self.ref.lookup(w) or self.abbr_ids(w):
            return True
        return len(w) >= 2 and all(ch in self.lex.translit_chars for ch in w)

    def _trim_generic(self, name: str) -> str:
        changed = True
        while changed:
            changed = False
            for g in self.lex.generic_prefixes:
                if name.startswith(g) and len(name) > len(g) + 1:
                    name = name[len(g):]
                    changed = True
        return name.lstrip("”\"、，, ")

    def _strip_leading_countries(self, text: str, start: int, end: int, places: bool = False) -> int:
        """肯尼亚萨瓦纳跨海大桥 → 萨瓦纳跨海大桥, 上海国家会展中心 → 国家会展中心
        (the country or city is its own mention)."""
        keep = ("Country", "Place") if places else ("Country",)
        moved = True
        while moved:
            moved = False
            for h in self.gaz.find(text[start:end]):
                if h.start == 0 and self._ref_class(self._choose(h.ids, text)) in keep \
                        and end - (start + h.end) >= 4 and text[start + h.end] not in JOIN_CHARS:
                    start += h.end
                    moved = True
                break
        return start
