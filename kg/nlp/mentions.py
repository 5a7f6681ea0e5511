"""Typed entity mentions of one sentence, from three sources combined.

* reference data (gazetteer): high precision, knows canonical ids;
* the statistical model (LAC PER/LOC/ORG/nz): open-class names nobody listed;
* rules: compounds (中美 → 中国, 美国), ``X方`` forms (匈方 → 匈牙利),
  transliterated names LAC cut short (布林|肯 → 布林肯), and names built
  from a head word (…铁路, …峰会, …倡议) with the words before it.

Candidates are ranked (reference > rules > model) and overlaps resolved:
crossing spans lose, a known name inside a larger name is kept as a nested
mention (中老铁路 also mentions 中国 and 老挝).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.model import Mention, Sentence, Token
from kg.nlp.common_words import inside_longer_word, is_common_word, is_noun, is_plain_word, starts_idiom
from kg.nlp.gazetteer import Gazetteer
from kg.nlp.lexicon import Lexicon, longest_first
from kg.nlp.normalize import to_simplified
from kg.reference import Reference

_CJK = re.compile(r"[\u4e00-\u9fff]")
_ORDINAL = re.compile(r"^(第?[一二三四五六七八九十百零〇\d]+(届|次|轮)|首届|首次|\d{4}年|[一二三四五六七八九十百]+大)$")
_QUOTE_CHARS = set("“”\"《》「」")
_JOIN_CHARS = set("-—–－·")
_COUNT_OF_COUNTRIES = re.compile(r"^[一二两三四五六七八九十几多数各\d]+(国|大洲|大国)$")
# a year right after a yearly event's name: #全国两会2022#
_YEAR_AFTER = re.compile(r"(?:19|20)\d{2}(?![\d年月日%万亿])")
_YEAR_BEFORE = re.compile(r"((?<![\dA-Za-z])(?:19|20)\d{2}年?|(?<!\d)\d{4}年|第[一二三四五六七八九十百零〇\d]+[届次]|首届)[“\"]?$")
_DOCUMENT_HEADS = ("宪章", "决议", "公约", "条约", "宣言", "声明", "公报", "白皮书")
_QUOTED_INITIATIVE = re.compile(r"[“\"]([^“”\"，。；、]{2,10})[”\"](倡议|计划|战略|构想|方案|行动)")
_QUOTED_FULL_INITIATIVE = re.compile(r"[“\"]([^“”\"，。；、\s]{2,14}(?:倡议|计划|战略|构想|愿景))[”\"]")
_QUOTED_EVENT = re.compile(r"[“\"]([^“”\"。；]{4,40})[”\"](活动|沙龙|讲坛|对话会|论坛|研讨会|座谈会|系列活动)")
_BYLINE_NAME = re.compile(r"(责任编辑|编辑|记者|作者)[：:]\s*([\u4e00-\u9fff]{2,3})(?=[）)\]】\s、，]|$)")
_HANDLE_NAME = re.compile(r"@([\w\u4e00-\u9fff\-]{2,30})")
# 据证券时报网报道, 来源：湖北广电融媒体新闻中心, （cr中国一带一路网）, 看看新闻KNEWS的微博视频
_SOURCE_CUES = re.compile(
    r"据([\u4e00-\u9fffA-Za-z]{2,12}?)(?:的)?(?:报道|消息)"
    r"|(?:来源|转自|转载自|稿源)[：:]\s*([\u4e00-\u9fffA-Za-z]{2,16})(?=$|[\s）)】\]，。,])"
    r"|[（(](?:cr|CR|via|来源[：:]?)\s*([\u4e00-\u9fffA-Za-z]{2,16})[）)]"
    r"|(?:^|[\s】#。！？])([\u4e00-\u9fff]{2,10})[A-Za-z]*的微博视频")
_MISSION = re.compile(r"驻([\u4e00-\u9fff]{1,8}?)(总领事馆|总领馆|大使馆|使馆|领事馆|代表处|代表团|使团)")
_STATIONED_FORCES = re.compile(r"驻([\u4e00-\u9fff]{1,6}?)([美俄日英法中])军")
_QUOTED_ORG = re.compile(r"[“\"]([\u4e00-\u9fff]{2,10})[”\"](?=组织|机构|协会|联盟)")
_EDGE_MARKS = "#＃@ \u3000【】[]"
_AUXILIARIES = set("会将要能也还就都已")
_UNIT_WORDS = ("军区", "出版社", "工党", "旅游局", "航空公司", "电视台", "卫视", "大学", "队")
_FUSED_HEADS = set("访来驻在赴旅援对涉抵离返回")
_UNIT = re.compile(r"(学院|系|研究所|研究院|研究中心|中心)$")
_TEAM = {"队", "男队", "女队", "国家队", "代表队"}

P_REFERENCE, P_COMPOUND, P_PATTERN, P_MODEL = 6, 5, 4, 2
P_UNIT = 7  # a university's school: its parts are the university only, not a listed short form


@dataclass
class Candidate:
    start: int  # sentence-relative
    end: int
    label: str
    source: str
    ref: str | None
    priority: int
    confidence: float

    @property
    def length(self) -> int:
        return self.end - self.start


class MentionFinder:
    """Finds mentions in sentences given LAC tokens; stateless per call."""

    def __init__(self, reference: Reference, gazetteer: Gazetteer, lexicon: Lexicon) -> None:
        self.ref = reference
        self.gaz = gazetteer
        self.lex = lexicon
        self._suffixes = [
            *((s, "Place") for s in lexicon.place_suffixes),  # venues: 桑顿会议中心, 人民大会堂
            *((s, "Project") for s in lexicon.project_suffixes),
            *((s, "Event") for s in lexicon.event_suffixes),
            *((s, "Initiative") for s in lexicon.initiative_suffixes),
        ]
        self._suffixes.sort(key=lambda x: -len(x[0]))
        # a concept or award named after a person: up to four words (not 获/颁/领/得) before its head
        self._modifier_after = re.compile(
            r"(?:(?![获颁领得])[\u4e00-\u9fff]){0,4}(?:" + "|".join(map(re.escape, lexicon.name_modifier_heads)) + ")")
        self._org_heads = longest_first(
            [*lexicon.organization_suffixes, "学院", "研究所", "研究中心", "联络会", "教研部", "中心"])
        # one-character country forms that may stand in compounds (中, 美, 俄 ...)
        chars = "".join(sorted(set(gazetteer.abbr_default) & lexicon.compound_chars))
        self._compound_run = re.compile(f"[{chars}]{{2,3}}")
        self._enumeration = re.compile(f"[{chars}](、[{chars}]){{2,}}")

    # -- helpers ------------------------------------------------------------
    def _ref_class(self, rid: str) -> str:
        return self.ref.entities[rid].cls

    def classify_name(self, name: str, default: str) -> str:
        """Class of an unlisted name by its head word (…铁路 Project, …峰会 Event)."""
        for suffix, cls in self._suffixes:
            if name.endswith(suffix) and len(name) > len(suffix):
                return cls
        for suffix in self.lex.organization_suffixes:
            if name.endswith(suffix) and len(name) > len(suffix):
                return "Organization"
        return default

    def _strip_title(self, text: str) -> str:
        for t in self.lex.titles:
            if text.endswith(t) and len(text) > len(t):
                return text[: -len(t)]
        return text

    def abbr_ids(self, run: str) -> list[str] | None:
        """Referents of a run of one-character forms (中美 → 中国, 美国), or None."""
        fixed = self.lex.compound_overrides.get(run)
        if fixed and all(rid in self.ref.entities for rid in fixed):
            return list(fixed)
        if not 2 <= len(run) <= 4 or any(ch not in self.gaz.abbr_default or ch not in self.lex.compound_chars
                                         for ch in run):
            return None
        ids = [self.gaz.abbr_default[ch] for ch in run]
        return ids if len(set(ids)) == len(ids) else None

    # -- sources ------------------------------------------------------------
    def _not_part_of_name(self, text: str, h, name_tokens) -> bool:
        """False for a listed person's name that is only part of a longer name the
        model found (马斯 and 达尔 in 马斯达尔); true when the rest of that token is
        a title or a listed name (埃米尔|塔米姆, 会见普京)."""
        for ts, te in name_tokens:
            if ts <= h.start and h.end <= te and (ts, te) != (h.start, h.end):
                rest = text[ts:h.start] + text[h.end:te]
                return rest in self.lex.titles or is_common_word(rest) \
                    or any(r.cls != "Person" for r in self.ref.lookup(rest))
        return True

    def from_gazetteer(self, text: str, bounds: set[int], person_cuts: set[int] = frozenset(),
                       name_tokens: list[tuple[int, int]] = (), hits=None) -> list[Candidate]:
        out = []
        for h in self.gaz.find(text) if hits is None else hits:
            surface = text[h.start:h.end]
            # a short name must align with word boundaries: 外交部 is not in 外交部长;
            # but the model's person tokens often swallow the first character of a
            # country that follows a preposition (向英|国): those cuts do not count
            rid = self._choose(h.ids, text)
            aligned = (h.start in bounds or h.start in person_cuts) and h.end in bounds
            if self._ref_class(rid) == "Person" and not h.ambiguous:
                # 会见普京|时: LAC glues verbs to names; but not 达尔 inside the name 马斯达尔
                aligned = (h.start in bounds or h.end in bounds) and self._not_part_of_name(text, h, name_tokens)
            if h.end - h.start == 3 and h.end in bounds and self._ref_class(rid) in ("Place", "Country"):
                aligned = True  # 到达|沃斯: a three-character place whose end the model kept
            if h.end - h.start <= 3 and _CJK.search(surface) and not aligned:
                continue
            conf = 0.95 if not h.ambiguous else 0.75
            cls = self._ref_class(rid)
            if cls == "Event" and not self.ref.entities[rid].row.get("date"):
                # 2023年全国两会, 全国两会2022, 第三届进博会: one edition of a recurring event, a node of its own
                before = _YEAR_BEFORE.search(text, 0, h.start)
                span = ((before.start(), h.end) if before and before.end() == h.start
                        else (h.start, after.end()) if (after := _YEAR_AFTER.match(text, h.end)) else None)
                if span:
                    out.append(Candidate(*span, "Event", "rule", None, P_REFERENCE, 0.8))
                    continue
            out.append(Candidate(h.start, h.end, cls, "reference", rid, P_REFERENCE, conf))
            if cls in ("Event", "Project") and h.end - h.start >= 4:
                out.extend(self._inside(text, h.start, h.end, rid))
            elif cls == "Place" and h.end - h.start >= 4:
                # 中国香港 (a country, then a listed place), not 朝鲜半岛
                out.extend(c for c in self._inside(text, h.start, h.end)
                           if c.label == "Country" and c.start == h.start and self.ref.lookup(text[c.end:h.end]))
        return out

    def _parts(self, start: int, ids, conf: float) -> list[Candidate]:
        """One country mention per character of a compound starting at ``start`` (中美 → 中, 美)."""
        return [Candidate(start + k, start + k + 1, self._ref_class(rid), "rule", rid, P_COMPOUND, conf)
                for k, rid in enumerate(ids)]

    def _leading_compound(self, text: str, start: int, end: int) -> list[Candidate]:
        """中美 in 中美元首旧金山会晤, 中阿巴 in 中阿巴外长对话: the parties a name lists;
        not 阿拉 in 阿拉伯国家联盟会议: each part must agree with a listed name the span starts with."""
        for n in (4, 3, 2):
            if end - start > n and not self.ref.lookup(text[start:start + n]) \
                    and not is_common_word(text[start + n - 1:start + n + 1]):  # 中俄|文化年, not 中俄文
                ids = self.abbr_ids(text[start:start + n])
                if ids:
                    around = [found[0].name for h in self.gaz.find(text[start:end])
                              if h.start == 0 and h.end < end - start and (found := self.ref.lookup(text[start:start + h.end]))]
                    return [c for c in self._parts(start, ids, 0.8)
                            if all(c.ref and self.ref.entities[c.ref].name in full for full in around)]
        return []

    def _agrees(self, word: str, rid: str | None) -> bool:
        """A short form's guess (阿 → 阿根廷) must agree with the full name of a
        listed name it sits in: 中阿合作论坛 is 中国—阿拉伯国家合作论坛."""
        known = self.ref.lookup(word)
        full = known[0].name if known else word
        return full == word or rid is None or self.ref.entities[rid].name in full

    def _inside(self, text: str, start: int, end: int, rid: str | None = None) -> list[Candidate]:
        """Known names inside a known name (北京 in 北京冬奥会): what the name states."""
        out = self._leading_compound(text, start, end)
        out = [c for c in out if self._agrees(text[start:end], c.ref)]
        for h in self.gaz.find(text[start:end], max_len=end - start - 1):
            if h.end - h.start < 2:
                continue
            rid = self._choose(h.ids, text)
            cls = self._ref_class(rid)
            if cls == "Place" and text[start + h.end:end] in ("港", "港口"):
                continue  # 比雷埃夫斯港: the port is the project; the city is not mentioned apart from it
            if cls in ("Place", "Country", "Initiative", "Organization"):
                out.append(Candidate(start + h.start, start + h.end, cls, "reference", rid, P_REFERENCE, 0.8))
        return out

    def _choose(self, ids: tuple[str, ...], text: str) -> str:
        """Pick among ambiguous referents: the one whose relatives the sentence names."""
        if len(ids) == 1:
            return ids[0]
        best, score = ids[0], -1
        for rid in ids:
            e = self.ref.entities[rid]
            s = 0
            for key in ("country", "capital", "parent"):
                other = e.row.get(key)
                if other and other in self.ref.entities and self.ref.entities[other].name in text:
                    s += 1
            if e.cls == "Country":
                s += 0.5  # countries are by far the commonest referent of a bare short name
            if s > score:
                best, score = rid, s
        return best

    def from_tokens(self, text: str, tokens: list[tuple[int, int, str]]) -> list[Candidate]:
        """LAC entities, compounds, X方 and repaired transliterations."""
        out: list[Candidate] = []
        n = len(tokens)
        i = 0
        while i < n:
            s, e, tag = tokens[i]
            while e - s > 1 and text[e - 1] in _EDGE_MARKS:  # 阿拉伯# in #阿拉伯##: LAC keeps the tag mark
                e -= 1
            while e - s > 1 and text[s] in _EDGE_MARKS:
                s += 1
            word = text[s:e]
            # X方: 匈方 → 匈牙利 (LAC often tags it PER)
            if len(word) == 2 and word[1] == "方" and word not in self.lex.not_country_fang:
                rid = self.gaz.abbr_default.get(word[0])
                if rid:  # the name is the one character; 方 means "side" (as in NER conventions)
                    out.append(Candidate(s, s + 1, self._ref_class(rid), "rule", rid, P_COMPOUND, 0.9))
                    i += 1
                    continue
            after_prep = self.abbr_ids(word[1:]) if len(word) >= 3 and word[0] in "同与和在对向跟" \
                and tag in ("LOC", "ORG", "nz", "PER") and not self.ref.lookup(word[1:]) else None
            if after_prep:
                out += self._parts(s + 1, after_prep, 0.8)  # 同|亚非拉: a preposition, then a compound
                i += 1
                continue
            # 访华, 驻美, 对日: a verb or preposition fused with a one-character country form
            if len(word) == 2 and word[0] in _FUSED_HEADS and word[1] in self.gaz.abbr_default \
                    and (word[1] in self.lex.compound_chars or word[1] == "华") \
                    and (word[1] == "华" or not is_common_word(word)):  # 对比 is a verb, not 对|比(利时)
                rid = self.gaz.abbr_default[word[1]]
                out.append(Candidate(s + 1, e, self._ref_class(rid), "rule", rid, P_COMPOUND, 0.8))
                i += 1
                continue
            if word in ("访", "赴", "驻") and i + 1 < n and tokens[i + 1][1] - tokens[i + 1][0] == 1 \
                    and text[tokens[i + 1][0]] in self.gaz.abbr_default and text[tokens[i + 1][0]] in "华美日俄英法德韩朝印":
                rid = self.gaz.abbr_default[text[tokens[i + 1][0]]]  # 访|日
                out.append(Candidate(tokens[i + 1][0], tokens[i + 1][1], self._ref_class(rid), "rule", rid,
                                     P_COMPOUND, 0.8))
                i += 2
                continue
            if tag in ("LOC", "ORG", "nz") and len(word) >= 3 and word[0] in self.gaz.abbr_default \
                    and word[0] in self.lex.compound_chars and word[1:] in self.lex.compound_cues \
                    and not self.ref.lookup(word):
                rid = self.gaz.abbr_default[word[0]]  # 对|美关系: the model glued the country to the cue
                out.append(Candidate(s, s + 1, self._ref_class(rid), "rule", rid, P_COMPOUND, 0.8))
                i += 1
                continue
            # compounds: 中美, 沙伊, 美日韩, 中老(铁路)
            for cut in range(len(word), 1, -1):
                ids = self.abbr_ids(word[:cut])
                rest = word[cut:]
                nxt = text[e:e + 6]
                cue_after = any(nxt.startswith(c) for c in self.lex.compound_cues)
                cue_inside = bool(rest) and (any(rest.startswith(c) for c in self.lex.compound_cues)
                                             or any(rest.startswith(c) for c, _ in self._suffixes))
                if ids and (cue_inside or (not rest and (tag in ("LOC", "ORG", "nz", "j") or cue_after))):
                    if self.ref.lookup(word[:cut]):
                        break  # a listed name (中亚, 中东) is not a compound
                    out += [c for c in self._parts(s, ids, 0.85) if self._agrees(word, c.ref)]
                    break
            if tag == "PER":
                j = i + 1
                end = e
                s = self._repair_left(text, tokens, i, s, e)
                if j < n and self._japanese(text[s:e]) and tokens[j][1] - tokens[j][0] == 1 \
                        and text[tokens[j][0]] in self.lex.japanese_given_finals and e - s == 3:
                    end = tokens[j][1]  # 冈田克|也
                    j += 1
                # repair: 布林|肯, 巴特策|策格 — the rest of a transliteration
                if all(ch in self.lex.translit_chars for ch in word):
                    while j + 1 < n and text[tokens[j][0]:tokens[j][1]] in ("·", "•", "・") \
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
                if j < n and tokens[j][0] == end and text[tokens[j][0]:tokens[j][1]].endswith("宫") \
                        and all(ch in self.lex.translit_chars for ch in text[s:tokens[j][1] - 1]):
                    # 康斯坦|丁诺夫斯基宫: a transliterated palace name the model cut in two
                    out.append(Candidate(s, tokens[j][1], "Place", "model", None, P_MODEL, 0.6))
                    i = j + 1
                    continue
                ps, pe = self._clean_person(text, s, end)
                if pe - ps == 1 and text[pe:end] in self.lex.head_titles and not self.ref.lookup(word):
                    # 江主席: a surname with a head title names that leader (resolved per document)
                    out.append(Candidate(ps, pe, "Person", "model", None, P_MODEL, 0.5))
                    i = j
                    continue
                if pe - ps >= 2 and not self.ref.lookup(text[ps:pe]) and is_common_word(text[ps:pe]):
                    ps = pe  # 老金, 惠民: ordinary words the model took for names
                if text[pe - 1:pe] == "国" and _in_quotes(text, ps):
                    ps = pe  # “陆锁国”: a coined word in quotes, not a person
                if self._modifier_after.match(text, pe) or "暨" in text[ps:pe]:
                    ps = pe  # 格里芬悖论, 扎耶德可持续奖: a concept or award; 发展周暨: a conjunction
                if pe - ps >= 2:
                    ids = None if self.ref.lookup(text[ps:pe]) else self.abbr_ids(text[ps:pe])
                    if ids and pe - ps <= 3:  # 韩美日 tagged PER is a compound (塔亚尼 is a person)
                        out += self._parts(ps, ids, 0.8)
                    else:
                        out.append(Candidate(ps, pe, "Person", "model", None, P_MODEL, 0.7))
                i = j
                continue
            if tag == "ORG" and i + 1 < n and tokens[i + 1][2] == "ORG" and word.endswith(("大学", "学院")) \
                    and _UNIT.search(text[tokens[i + 1][0]:tokens[i + 1][1]]):
                # 复旦大学|国际问题研究院: the school, and the university it is part of
                out += [Candidate(s, tokens[i + 1][1], "Organization", "rule", None, P_UNIT, 0.65),
                        Candidate(s, e, "Organization", "rule", None, P_COMPOUND, 0.7)]
                i += 2
                continue
            if i > 0 and tag not in ("PER", "LOC", "ORG", "w", "m", "TIME") and 3 <= len(word) <= 5:
                ps_ = tokens[i - 1][0]
                for k in (1, 2):
                    rest = word[k:]
                    if text[ps_:s + k] in self.lex.titles and 2 <= len(rest) <= 3 and _CJK.match(rest) \
                            and not is_common_word(rest) and not self.ref.lookup(rest) \
                            and not any(ch in "的了是在和与及等" for ch in rest):
                        # 秘书|长高金洪: the model glued the end of a title to the name after it
                        out.append(Candidate(s + k, e, "Person", "model", None, P_MODEL, 0.6))
                        break
            if tag in ("nz", "n", "nw", "LOC", "ORG") and len(word) >= 3 and not self.ref.lookup(word) \
                    and all(ch in self.lex.translit_chars for ch in word) \
                    and any(text[:s].endswith(t) for t in self.lex.titles):
                # 高级代表|博雷利 (nz): a transliterated word right after a title is a person
                out.append(Candidate(s, e, "Person", "model", None, P_MODEL, 0.6))
                i += 1
                continue
            if tag == "LOC" and i + 1 < n and text[tokens[i + 1][0]:tokens[i + 1][1]] in _TEAM:
                out.append(Candidate(s, tokens[i + 1][1], "Organization", "model", None, P_MODEL + 1, 0.6))
                i += 2
                continue
            if tag == "LOC" and word not in self.lex.not_entities:
                split = self._split_place_prefix(text, s, e)
                if split:
                    out.extend(split)
                    i += 1
                    continue
            if len(word) == 1 and 0 < i < n - 1 and text[tokens[i + 1][0]:tokens[i + 1][1]] in self.lex.head_titles:
                leader = self._leader_by_name_part(text[tokens[i - 1][0]:tokens[i - 1][1]], word)
                if leader:  # 英国|梅|首相: the one listed British leader called 梅
                    out.append(Candidate(s, e, "Person", "reference", leader, P_REFERENCE, 0.7))
                    i += 1
                    continue
            if tag in ("LOC", "ORG", "nz") and i > 0 and 2 <= len(word) <= 4 and not self.ref.lookup(word) \
                    and self._ends_title(text, s) \
                    and _CJK.match(word[1:]) and not self.ref.lookup(word[1:]) and not is_common_word(word[1:]):
                # 泰国外|长敦: the model glued the end of a title to the (short) name after it
                out.append(Candidate(s + 1, e, "Person", "model", None, P_MODEL, 0.5 if len(word) == 2 else 0.6))
                i += 1
                continue
            if tag in ("LOC", "ORG"):
                span = self._repair_org(text, tokens, i)
                if span:
                    a, b = span[0], span[1]
                    while a < b and not _CJK.match(text[a]):
                        a += 1  # 】中国外交学院…: an edge mark in the first piece
                    if text[a:b].endswith(self.lex.place_suffixes):  # a venue: named around its head, like the pattern rule
                        out.append(Candidate(a, b, "Place", "rule", None, P_PATTERN, 0.65))
                    else:
                        out.append(Candidate(a, b, "Organization", "model", None, P_MODEL, 0.65))
                    i = span[2]
                    continue
            if tag in ("LOC", "ORG", "nz") and word not in self.lex.not_entities:
                cand = self._classify_token(text, s, e, tag)
                if isinstance(cand, list):
                    out.extend(cand)
                elif cand:
                    out.append(cand)
            i += 1
        return out

    def _ends_title(self, text: str, pos: int) -> bool:
        """True when text[pos] is the last character of a title written before it
        (长 of 外长 in 泰国外长敦): a name cannot start there."""
        return any(len(t) >= 2 and pos >= len(t) - 1 and text[pos - len(t) + 1:pos + 1] == t for t in self.lex.titles)

    def _leader_by_name_part(self, country: str, part: str) -> str | None:
        """The one listed person of ``country`` one of whose name parts is
        ``part`` (梅 of 特雷莎·梅), or None."""
        states = [r.id for r in self.ref.lookup(country) if r.cls == "Country"]
        if not states:
            return None
        found = {e.id for e in self.ref.entities.values()
                 if e.cls == "Person" and e.row.get("country") == states[0]
                 and any(part in n.split("·") for n in e.names if "·" in n)}
        return found.pop() if len(found) == 1 else None

    def _repair_org(self, text: str, tokens, i: int) -> tuple[int, int, int] | None:
        """An organisation the model cut in pieces: 中国亚太安全|理事会 and
        加纳武装部队指挥|与|参谋学院 (its head left outside), 匈牙利|外交|与|对外经济部
        and 战略与和|平研究中心 (its first words left outside). Returns (start,
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
                if tg not in ("n", "vn", "a", "nz", "c", "ORG") or (tg == "c" and w not in ("与", "和")):
                    break
                end = te
                j += 1
                if w.endswith(heads) and tg != "c":
                    return (s, end, j) if end - s <= 16 else None
            return None
        if any(u in word[:-2] for u in ("大学", "学院")):
            return None  # 军事学院参谋班和|国防大学研究生院: a named unit of its own
        if tag != "ORG":
            return None
        start = s
        if s > 0 and is_common_word(text[s - 1:s + 1]) and i > 0 and tokens[i - 1][1] == s:
            start = s - 1  # 和|平研究中心: the model split 和平
        k = i - 1
        if start < s and k >= 0 and tokens[k][1] - tokens[k][0] == 1:
            k -= 1  # the token that was only the borrowed character (和)
        # ... 外交|与|<ORG>: a conjunction between two fields of one body's name
        if start < s and k >= 0 and tokens[k][0] < start and text[tokens[k][0]:start] in ("与", "和"):
            k -= 1  # 与和 glued: 与|和平 arrived as 与和|平
        elif k >= 0 and text[tokens[k][0]:tokens[k][1]] in ("与", "和"):
            k -= 1
        else:
            return None if start == s else (start, e, i + 1)
        if k >= 1 and tokens[k][2] == "n" and tokens[k - 1][2] in ("LOC", "ORG") \
                and tokens[k - 1][1] == tokens[k][0]:
            return tokens[k - 1][0], e, i + 1
        return None if start == s else (start, e, i + 1)

    def _japanese(self, name: str) -> bool:
        return any(name.startswith(x) for x in self.lex.japanese_surnames)

    def _repair_left(self, text: str, tokens, i: int, s: int, e: int) -> int:
        """查|武什奥卢 → 查武什奥卢, 相野|田佳彦 → 野田佳彦: the first character of a
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

    def _split_place_prefix(self, text: str, s: int, e: int) -> list[Candidate]:
        """北京先农坛体育场 → 北京 + 先农坛体育场; 北京地区 → 北京 (a known place
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
            if rest in ("地区", "一带", "境内", "全境"):
                return [head]  # 亚太地区: the name is 亚太, 地区 a generic tail
            if rest in self.lex.place_tails:
                return []
            if rest in self.lex.titles or is_common_word(rest) or _COUNT_OF_COUNTRIES.match(rest) \
                    or any(rest.endswith(t) for t in self.lex.head_titles | {"委员长", "书记", "部长"}):
                return [head]  # 蒙古国外长, 中东三国: the name, then a title or a count
            if rest[-1] in "省市县区镇乡村" and len(rest) <= 2:
                return []  # 北京市: one name
            if rest[0] in "同与和跟在对向从于并及来赴访抵":
                return [head]  # 人民大会堂|同来华: the rest is a preposition or a verb, not a second place
            return [head, Candidate(s + h.end, e, "Place", "model", None, P_MODEL, 0.6)]
        return []

    def _clean_person(self, text: str, s: int, e: int) -> tuple[int, int]:
        """Trim what LAC glued to a name: edge symbols (王毅#), a title (王外长 →
        王), a leading preposition or time word (周普京 → 普京), nicknames (老金)."""
        while s < e and not _CJK.match(text[s]) and text[s] not in "·":
            s += 1
        while e > s and not _CJK.match(text[e - 1]):
            e -= 1
        name = self._strip_title(text[s:e])
        e = s + len(name)
        if name in self.lex.not_entities or not _CJK.search(name):
            return s, s
        if not self.ref.lookup(name) and len(name) >= 3:
            for k in (1, 2):
                hits = [r for r in self.ref.lookup(name[k:]) if r.cls == "Person"]
                if hits and name[k - 1] in "向同与和对在周上据被让请由给从跟为经将把":
                    return s + k, e
        if len(name) == 2 and name[0] == "老" and name[1] in self.lex.compound_chars:
            return s, s  # 老美: slang for a people, not a person
        if len(name) >= 3 and name[1] == "方" and name[0] in self.gaz.abbr_default:
            return s, s  # 匈方坚(持): an X方 form and the next verb
        if len(name) == 2 and name[0] in "向同与和对跟" and not self.ref.lookup(name):
            return s, s  # 向敦: a preposition and one character of a name
        if len(name) >= 3 and s > 0 and text[s - 1] in self.lex.compound_chars \
                and name[0] in self.lex.compound_chars and is_common_word(name[1:]):
            return s, s  # 伊文化 in 中伊文化: a country form and a common word
        if inside_longer_word(text, s, e) or starts_idiom(text, s, e):
            return s, s  # 马平川 in 一马平川, 解铃 in 解铃还须系铃人
        return s, e

    def _classify_token(self, text: str, s: int, e: int, tag: str) -> Candidate | list[Candidate] | None:
        word = text[s:e]
        if _COUNT_OF_COUNTRIES.match(word):
            return None  # 三国, 九国: a number of countries
        if len(word) < 2 or (not _CJK.search(word) and not (tag == "ORG" and len(word) >= 3 and word[0].isupper())):
            return None  # Latin-script names only as organisations the model is sure of (NASA, FIFA)
        if is_common_word(word) and not self.ref.lookup(word):
            return None  # 高速公路 (LOC), 廉价 (ORG): ordinary words
        if any(text[s:e + k].endswith(_DOCUMENT_HEADS) for k in (0, 1, 2)) and not self.ref.lookup(word):
            # 联合国宪章 (or 联合国宪|章): a document, not an organisation; its issuer is
            for h in self.gaz.find(word)[:1]:
                if h.start == 0 and h.end - h.start >= 2:
                    rid = self._choose(h.ids, word)
                    return Candidate(s, s + h.end, self._ref_class(rid), "reference", rid, P_REFERENCE, 0.85)
            return None
        if tag == "LOC" and not self.ref.lookup(word) and (inside_longer_word(text, s, e) or starts_idiom(text, s, e)
                                                           or is_plain_word(word)):
            return None  # 马平川 in 一马平川, 四平 in 四平八稳, 封路 (a rare noun)
        if tag == "LOC" and not self.ref.lookup(word) and text.startswith(("国家", "世界"), e):
            return None  # 阿拉伯国家: a group of countries, not a place
        if tag == "LOC" and len(word) <= 3 and word[-1] in self.lex.compound_chars \
                and set(word[:-1]) <= set("同与和跟并来赴访抵") and not self.ref.lookup(word):
            return None  # 同来华, 来华: a preposition and a verb of travel before a country's one-character form
        if tag in ("LOC", "ORG") and not self.ref.lookup(word):
            # 泰国代|总理: the model glued the first character of a title to a listed name
            for h in self.gaz.find(word)[:1]:
                if h.start == 0 and len(word) - h.end <= 2 and h.end >= 2 \
                        and text[s + h.end:s + h.end + 6].startswith(self.lex.titles):
                    rid = self._choose(h.ids, word)
                    return Candidate(s, s + h.end, self._ref_class(rid), "reference", rid, P_REFERENCE, 0.85)
        base = self._strip_title(word)
        if base != word and self.ref.lookup(base):  # 蒙古国外长 → 蒙古国
            rid = self.ref.lookup(base)[0].id
            return Candidate(s, s + len(base), self._ref_class(rid), "model", rid, P_MODEL, 0.75)
        if tag == "LOC":
            if self.abbr_ids(word):
                return None  # compounds are handled by the compound rule
            if len(word) == 2 and word[1] in "北南东西" and not self.ref.lookup(word) \
                    and self._country_form(word[0]) and word[0] in self.lex.compound_chars:
                # 缅北, 叙北: a part of a country, and the country it names
                return [Candidate(s, e, "Place", "rule", None, P_PATTERN, 0.65),
                        Candidate(s, s + 1, "Country", "reference", self._country_form(word[0]), P_COMPOUND, 0.8)]
            if len(word) >= 3 and word[0] in self.lex.compound_chars and not self.ref.lookup(word) \
                    and (is_common_word(word[:2]) or is_common_word(word[1:]) or word[1:] in self.lex.not_entities
                         or any(word[1:].startswith(c) for c in self.lex.compound_cues)
                         or (self.abbr_ids(word[:2]) and any(word[2:].startswith(c) for c in self.lex.compound_cues))):
                return None  # 美好愿景, 美西方, 俄乌战争: a country form and a common word, not a place
            hits = [h for h in self.gaz.find(word) if h.end - h.start >= 2]
            if hits and hits[-1].end == len(word) and hits[0].start > 0 \
                    and self._ref_class(self._choose(hits[-1].ids, word)) in ("Country", "Place"):
                # 斡旋|沙特 (one LOC token): a verb glued to a listed name; the name only
                h = hits[-1]
                rid = self._choose(h.ids, word)
                return Candidate(s + h.start, s + h.end, self._ref_class(rid), "reference", rid, P_REFERENCE, 0.85)
            # a place name ending in 港/桥 is still a place (香港); projects come from the pattern rule
            cls = "Country" if re.search(r"(共和国|王国|合众国|联邦|酋长国|公国|国)$", word) and len(word) >= 3 \
                else "Place"
            if cls == "Country" and _in_quotes(text, s):
                return None  # “陆联国”: a coined word in quotes; every real state is listed
            if word.endswith(("队", "男队", "女队")):
                cls = "Organization"  # 俄罗斯队: a team
            return Candidate(s, e, cls, "model", None, P_MODEL, 0.65)
        if tag == "ORG" and any(word.endswith(t) for t in ("委员长", "国务委员长", "总统", "总理", "主席", "首相")) \
                and not self.ref.lookup(word):
            # 朝鲜国务委员长 (one ORG token): the country, then a title
            for h in self.gaz.find(word)[:1]:
                rid = self._choose(h.ids, word)
                if h.start == 0 and self._ref_class(rid) == "Country":
                    return Candidate(s, s + h.end, "Country", "reference", rid, P_REFERENCE, 0.85)
            return None
        if tag == "ORG" and not self.ref.lookup(word):
            for k in range(len(word) - 1, 1, -1):
                rest = word[k:]
                listed = self.ref.lookup(word[:k])
                if not listed or rest.endswith(self._org_heads + self.lex.media_tails + _UNIT_WORDS):
                    continue
                # 中国会|坚持, 外交部例行|记者会, 拉美国家: a listed name and the next word;
                # but a place and a common noun often name a body (中国女篮, 天津电信, 吉林省教委)
                body = listed[0].cls in ("Country", "Place") and is_noun(rest) and rest not in ("国家", "世界")
                if rest in _AUXILIARIES or (is_common_word(rest) and not body):
                    rid = listed[0].id
                    return Candidate(s, s + k, self._ref_class(rid), "reference", rid, P_REFERENCE, 0.85)
        if tag == "ORG" and re.match(r"^\d{3,}|^\d+(万|亿|千)$", word):
            return None  # 360万, 9787511563163丨出版社: numbers, not names
        if tag == "ORG" and word.endswith("部") and text[e:e + 1] == "长" and self.ref.lookup(word[:-1]):
            rid = self.ref.lookup(word[:-1])[0].id  # 外交部部|长: the ministry, then 部长
            return Candidate(s, e - 1, self._ref_class(rid), "model", rid, P_MODEL, 0.75)
        category = re.search(r"(智库|媒体|官媒|机构|组织|企业|高校)(?=.{3,}$)", word) if tag == "ORG" else None
        if category and not self.ref.lookup(word):
            # 巴基斯坦智库巴中学会: a category word between the country and the name
            return Candidate(s + category.end(), e, "Organization", "model", None, P_MODEL, 0.65)
        if tag == "ORG":
            if word[0] in "同与和在对向跟" and len(word) > 3:
                s, word = s + 1, word[1:]
            hits = self.gaz.find(word)
            if len(hits) >= 2 and hits[0].start == 0 and hits[1].start == hits[0].end and hits[0].end < len(word) - 3 \
                    and self._ref_class(self._choose(hits[0].ids, word)) == "Country" \
                    and self._ref_class(self._choose(hits[1].ids, word)) == "Place":
                # 英国|伦敦大学: the city names it; the country is a mention of its own
                rid = self._choose(hits[0].ids, word)
                lead = Candidate(s, s + hits[0].end, "Country", "reference", rid, P_REFERENCE, 0.85)
                rest = self._classify_token(text, s + hits[0].end, e, tag)
                return [lead, *(rest if isinstance(rest, list) else [rest] if rest else [])]
            if word.endswith("政府"):
                gov = self._government(text, s, s + len(word) - 2)
                if gov:
                    return gov
            unit = re.search(r"(大学|学院)(?=.{2,}(学院|系|研究所|研究院|研究中心|中心)$)", word)
            if unit and unit.end() >= 4:  # 暨南大学国际关系学院: the school, and the university it is part of
                return [Candidate(s, e, "Organization", "rule", None, P_UNIT, 0.65),
                        Candidate(s, s + unit.end(), "Organization", "rule", None, P_COMPOUND, 0.7)]
            if word in self.lex.titles:
                return None
            for tail in ("成员国", "成员"):
                if word.endswith(tail) and self.ref.lookup(word[:-len(tail)]):
                    return None  # 上合组织成员国: the organisation itself is found by the gazetteer
            cls = self.classify_name(word, "Organization")
            if self._wraps_known(word, cls):
                return None
            return Candidate(s, e, cls, "model", None, P_MODEL, 0.65)
        cls = self.classify_name(word, "")
        if cls and not self._wraps_known(word, cls):
            return Candidate(s, e, cls, "model", None, P_MODEL, 0.6)
        return None

    def _wraps_known(self, word: str, cls: str) -> bool:
        """中国一带一路倡议, 对接一带一路倡议: a known name of the same class with
        a few words around it is that name, which the gazetteer finds itself."""
        if cls not in ("Initiative", "Project", "Event"):
            return False
        for h in self.gaz.find(word):
            if self._ref_class(self._choose(h.ids, word)) != cls or h.end - h.start < 2:
                continue
            rest = word[h.end:].strip("“”\" \u3000")
            if _ORDINAL.match(word[:h.start].strip("“”\"")):
                continue  # 第二届中国—东盟博览会: an edition of the listed series, a name of its own
            # 一带一路倡议 is 一带一路; but 两会记者会 is not 两会 (an event's head names a new event)
            if h.start <= 4 and (not rest or (cls != "Event" and any(rest == suf for suf, _ in self._suffixes))):
                return True
        return False

    def _government(self, text: str, s: int, e: int) -> list[Candidate]:
        """X政府 names who governs: 中国政府 → 中国, 柬政府 → 柬埔寨, 奥巴马政府 →
        the person 奥巴马 (a country name before it is its own mention)."""
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

    def from_quoted_names(self, text: str) -> list[Candidate]:
        """A quoted name followed by a head: “双暂停”倡议 (initiative), “…故事”活动 (event)."""
        out = []
        for m in _QUOTED_EVENT.finditer(text):  # “100天讲述…故事”活动: a named activity
            if not self.ref.lookup(m.group(1).strip()):
                out.append(Candidate(m.start(), m.end(), "Event", "rule", None, P_PATTERN, 0.7))
        for m in _QUOTED_FULL_INITIATIVE.finditer(text):  # “马斯达尔倡议”: the head inside the quotes
            inner = m.group(1)
            if not self.ref.lookup(inner) and not self._wraps_known(inner, "Initiative") \
                    and not is_common_word(inner[:-2]) and inner[:-2] not in self.lex.not_entities:
                out.append(Candidate(m.start(1), m.end(1), "Initiative", "rule", None, P_PATTERN, 0.7))
        for m in _QUOTED_INITIATIVE.finditer(text):
            inner = m.group(1).strip()
            if inner in self.lex.not_entities or self.ref.lookup(inner) or not _CJK.search(inner) \
                    or self._wraps_known(inner + m.group(2), "Initiative"):
                continue
            out.append(Candidate(m.start() + 1, m.end(), "Initiative", "rule", None, P_PATTERN, 0.7))
        return out

    def from_bylines(self, text: str) -> list[Candidate]:
        """责任编辑：李思阳, （记者 马卓言）: the name after a by-line role is a person."""
        out = []
        for m in _BYLINE_NAME.finditer(text):
            name = m.group(2)
            if not self.ref.lookup(name) or any(r.cls == "Person" for r in self.ref.lookup(name)):
                out.append(Candidate(m.start(2), m.end(2), "Person", "rule", None, P_PATTERN, 0.7))
        return out

    def from_handles(self, original: str) -> list[Candidate]:
        """Weibo @handles (masked for the model) that name something: a listed
        name (@CGTN记者团 → CGTN, @汪文斌), a media account (@央视新闻, @海客视频),
        or a reporter after 记者 (中阿卫视记者@蔼霖娜)."""
        out: list[Candidate] = []
        simple = to_simplified(original)
        for m in _HANDLE_NAME.finditer(simple):
            handle, hs = m.group(1), m.start(1)
            listed = self.ref.lookup(handle)
            if listed:
                out.append(Candidate(hs, m.end(1), listed[0].cls, "reference", listed[0].id, P_REFERENCE, 0.85))
                continue
            if handle.endswith(self.lex.media_tails) and len(handle) >= 3:
                out.append(Candidate(hs, m.end(1), "Organization", "rule", None, P_PATTERN, 0.7))
                continue
            hits = [h for h in self.gaz.find(handle) if h.start == 0 and h.end - h.start >= 2]
            if hits:
                rid = self._choose(hits[0].ids, handle)
                out.append(Candidate(hs, hs + hits[0].end, self._ref_class(rid), "reference", rid, P_REFERENCE, 0.8))
                continue
            name = re.search(r"[\u4e00-\u9fff]{2,4}$", handle)
            if name and simple[max(0, m.start() - 2):m.start()] in ("记者", "主持") and not is_common_word(name.group()):
                out.append(Candidate(hs + name.start(), m.end(1), "Person", "rule", None, P_PATTERN, 0.7))
        return out

    def from_sources(self, text: str) -> list[Candidate]:
        """Outlets named where a text cites its source (据X报道, 来源：X, X的微博
        视频) and quoted bodies (“丝路之友”组织): an outlet or body, whatever the
        model made of it. A cited name the reference lists keeps its class (据王毅
        介绍 is not a cue; 据新华社报道 is found by the gazetteer too)."""
        out: list[Candidate] = []
        for m in _SOURCE_CUES.finditer(text):
            k = next(g for g in range(1, 5) if m.group(g))
            name, start = m.group(k), m.start(k)
            video = k == 4
            if video and not name.endswith(self.lex.media_tails):
                continue  # 北京鲁戈的微博视频: a personal account may be anyone
            if is_common_word(name) or name in self.lex.not_entities or name.startswith(("外媒", "媒体", "报道", "有关", "相关")):
                continue
            if name.endswith(tuple(suf for suf, cls in self._suffixes if cls == "Event")):
                continue  # 来源：外交部例行记者会: an event, found by the event pattern
            if name.endswith("视频") and name[:-2].endswith(self.lex.media_tails):
                name = name[:-2]  # 美国侨报网视频: the outlet's video account
            listed = self.ref.lookup(name)
            if not listed:
                for h in self.gaz.find(name):
                    rid = self._choose(h.ids, name)
                    if h.end == len(name) and h.start > 0 and self._ref_class(rid) == "Organization" \
                            and self.ref.lookup(name[:h.start]):
                        start, name, listed = start + h.start, name[h.start:], [self.ref.entities[rid]]
                        break  # 迪拜中阿卫视: a place, then a listed outlet
            if listed and listed[0].cls != "Organization":
                continue
            out.append(Candidate(start, start + len(name), "Organization", "rule", listed[0].id if listed else None,
                                 P_PATTERN, 0.7))
        for m in _QUOTED_ORG.finditer(text):
            if not self.ref.lookup(m.group(1)) and not is_common_word(m.group(1)):
                out.append(Candidate(m.start(1), m.end(1), "Organization", "rule", None, P_PATTERN, 0.65))
        return out

    def from_missions(self, text: str) -> list[Candidate]:
        """中国驻波兰大使馆, 驻加纳使馆, 驻韩美军: a mission or force stationed in a
        listed country is an organisation (the host country is its own mention)."""
        out: list[Candidate] = []
        for m in _MISSION.finditer(text):
            if not self._country_form(m.group(1)):
                continue
            start = m.start()
            for h in self.gaz.find(text[max(0, start - 12):start]):
                if h.end == min(12, start) and self._ref_class(self._choose(h.ids, text)) == "Country":
                    start -= h.end - h.start  # the sending country: 中国|驻波兰大使馆
            out += [Candidate(start, m.end(), "Organization", "rule", None, P_PATTERN, 0.75), self._host(m)]
        for m in _STATIONED_FORCES.finditer(text):
            if self._country_form(m.group(1)):
                out += [Candidate(m.start(), m.end(), "Organization", "rule", None, P_PATTERN, 0.7), self._host(m)]
        return out

    def _country_form(self, name: str) -> str | None:
        """The listed country a name or one-character form stands for, or None."""
        if len(name) == 1:
            rid = self.gaz.abbr_default.get(name)
            return rid if rid and self._ref_class(rid) == "Country" else None
        return next((r.id for r in self.ref.lookup(name) if r.cls == "Country"), None)

    def _host(self, m: re.Match[str]) -> Candidate:
        """The host country inside a mission's name (波兰 in 中国驻波兰大使馆): its own mention."""
        return Candidate(m.start(1), m.end(1), "Country", "reference", self._country_form(m.group(1)), P_COMPOUND, 0.85)

    def from_cued_compounds(self, text: str, hits=None) -> list[Candidate]:
        """俄|乌|战争, 中美|关系: a run of one-character country forms before a
        compound cue names each country, however the model split it."""
        out: list[Candidate] = []
        hits = self.gaz.find(text) if hits is None else hits
        for m in self._compound_run.finditer(text):
            run, end = m.group(), m.end()
            if not any(text.startswith(c, end) for c in self.lex.compound_cues):
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
        """巴以和平, 巴以冲突: listed fixed compounds before a compound cue, even when
        the model split them (巴|以)."""
        out = []
        for run, ids in self.lex.compound_overrides.items():
            if not all(rid in self.ref.entities for rid in ids):
                continue
            for m in re.finditer(re.escape(run), text):
                tail = text[m.end():m.end() + 4]
                if any(tail.startswith(c) for c in (*self.lex.compound_cues, "和平", "问题", "局势", "冲突")):
                    out += self._parts(m.start(), ids, 0.8)
        return out

    def from_enumerations(self, text: str) -> list[Candidate]:
        """英、法、德、澳: a list of one-character country forms names each country."""
        out = []
        for m in self._enumeration.finditer(text):
            before = text[m.start() - 1] if m.start() else ""
            after = text[m.end()] if m.end() < len(text) else ""
            counted = bool(after) and after in "等各两三四五六七八九十"  # 美、日、印、澳四国
            if (before and _CJK.match(before) and before not in "向对与和同跟在从等及" and not counted) \
                    or (after and _CJK.match(after) and after not in "等及和与各四五六七八九十两三国"):
                continue
            for k in range(m.start(), m.end(), 2):
                rid = self.gaz.abbr_default[text[k]]
                out.append(Candidate(k, k + 1, self._ref_class(rid), "rule", rid, P_COMPOUND, 0.8))
        return out

    def from_patterns(self, text: str, tokens: list[tuple[int, int, str]]) -> list[Candidate]:
        """Names built around a head word: 第三届“一带一路”国际合作高峰论坛, 佩列沙茨跨海大桥."""
        out: list[Candidate] = []
        starts = {ts: k for k, (ts, _te, _tg) in enumerate(tokens)}
        for i, (s, e, _tag) in enumerate(tokens):
            word = text[s:e]
            for suffix, cls in self._suffixes:
                i0, s0 = i, s
                if not word.endswith(suffix):
                    # a head spread over tokens (外长|对话, 文化|年)
                    if len(suffix) <= len(word) or text[max(0, e - len(suffix)):e] != suffix \
                            or e - len(suffix) not in starts:
                        continue
                    i0 = starts[e - len(suffix)]
                    s0 = tokens[i0][0]
                start, proper = self._expand_left(text, tokens, i0, s0, e - len(suffix))
                if cls == "Event":
                    start, proper = self._listed_modifier(text, start, e - len(suffix), proper)
                    close = text.find("”", start, e)
                    if close != -1 and "“" not in text[start:close]:
                        # “中国+中亚五国”外长第二次会晤: the quoted format opens the name
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
                        and not _ORDINAL.match(name[:opening]):  # 第八届“一带一路高峰论坛” keeps its ordinal
                    start += opening + 1  # 阿联酋“马斯达尔倡议”: the quoted name, not the country before it
                    name = text[start:e]
                if cls == "Initiative":
                    proper = quoted or self._named_initiative(text, start, e, suffix)
                if self._wraps_known(name, cls):
                    break  # 中国一带一路倡议: the listed 一带一路, which the gazetteer finds
                if any(k in text[max(0, start - 14):start + 1] for k in ("主题为“", "题为“", "主题是“")):
                    break  # 主题为“中国的外交政策和对外关系”记者会: a theme, not the event's name
                if self._ends_title(text, start):
                    break  # 外|长敦会谈: the name would start inside a title (外长敦 is a person)
                if cls == "Event" and suffix in self.lex.meeting_heads and self._names_a_person(text, tokens, start, e):
                    break  # 王毅会晤拉夫罗夫: an unnamed meeting is a relation, not an event
                if len(name) <= len(suffix) or not proper or name in self.lex.not_entities:
                    break
                if cls == "Event" and _ACT_VERB.search(name[:-len(suffix)]):
                    break  # 托卡耶夫主持会议: a clause about an event, not its name
                counted = (_COUNT_OF_COUNTRIES.match(name[:2]) or _COUNT_OF_COUNTRIES.match(name[:3])) \
                    and not any(h.start == 0 for h in self.gaz.find(name))  # 二十国集团 is a name
                if cls == "Event" and ("例行" in name or counted):
                    break  # 外交部例行记者会 (routine), 三国联合军演 (a count of countries): no name
                if any(r.cls in ("Place", "Country") for r in self.ref.lookup(word)):
                    break  # 香港 ends in 港 but is a listed place, not a project's head
                if cls in ("Project", "Place"):
                    stripped = self._strip_leading_countries(text, start, e, places=cls == "Place")
                    if e - stripped > len(suffix):
                        start = stripped
                    elif cls == "Project" or e - start <= len(suffix):
                        break  # 阿布扎比展览中心 keeps its city: without it only the head is left
                    name = text[start:e]
                out.append(Candidate(start, e, cls, "rule", None, P_PATTERN, 0.7))
                out.extend(self._leading_compound(text, start, e))
                break
        return out

    def _listed_modifier(self, text: str, start: int, head_start: int, proper: bool) -> tuple[int, bool]:
        """蒙内铁路通车仪式, 钱凯港开港仪式: a listed project, place or organisation
        right before the words of an event head names the event (descriptive
        events take their identity from what they open or sign), even where the
        model cut the listed name into pieces the left walk stops at."""
        lo = max(0, start - 16)
        for h in sorted(self.gaz.find(text[lo:head_start]), key=lambda h: h.start):
            if lo + h.start < start <= lo + h.end and h.end - h.start >= 2 \
                    and self._ref_class(self._choose(h.ids, text)) in ("Project", "Organization", "Event", "Place"):
                return lo + h.start, True
        return start, proper

    def from_titled_names(self, text: str, hits, tokens) -> list[Candidate]:
        """阿尔及利亚总统特本会谈, 哈萨克斯坦副总理兼外长特列乌别尔季主持: after a country
        and a leader's title, a run of transliteration characters the model left
        untagged is the leader's name (the model knows few foreign names)."""
        out: list[Candidate] = []
        tagged = [(ts, te) for ts, te, tag in tokens if tag == "PER"]
        for h in hits:
            if self._ref_class(self._choose(h.ids, text)) != "Country":
                continue
            m = _TITLE_CHAIN.match(text, h.end)
            if not m or not text[h.end:m.end()].endswith(tuple(self.lex.head_titles)):
                continue
            longer = _TITLE_CHAIN_LONG.match(text, h.end)  # 副总理兼外长: the whole chain of titles
            if longer and text[longer.end():longer.end() + 1] in self.lex.translit_chars \
                    and text[m.end():m.end() + 1] not in self.lex.translit_chars:
                m = longer
            k = m.end()
            j = k
            while j < len(text) and j - k < 7 and text[j] in self.lex.translit_chars:
                j += 1
            if j - k < 2 or any(ts < j and k < te for ts, te in tagged):
                continue
            name = text[k:j]
            # the name ends where a verb or a function word begins
            for cut in range(j, k + 1, -1):
                if text.startswith(_AFTER_NAME, cut) or cut == len(text) or not text[cut].strip() \
                        or text[cut] in "，,、。；;：:（(":
                    name = text[k:cut]
                    break
            else:
                continue
            if len(name) >= 2 and not self.ref.lookup(name) and not is_common_word(name):
                out.append(Candidate(k, k + len(name), "Person", "rule", None, P_PATTERN, 0.6))
        return out

    def _names_a_person(self, text: str, tokens, start: int, end: int) -> bool:
        span = text[start:end]
        if any(tag == "PER" and start <= ts < end for ts, _te, tag in tokens):
            return True
        if not any(t in span for t in self.lex.head_titles):
            return False
        # a title shared by several parties names a meeting series (中国—中亚外长会晤),
        # a title of one party names a person (法国总统会谈)
        parties = sum(1 for h in self.gaz.find(span) if h.end - h.start >= 2)
        compound = any(self.abbr_ids(span[k:k + n]) for k in range(len(span)) for n in (2, 3))
        return parties < 2 and not compound

    def _named_initiative(self, text: str, start: int, end: int, suffix: str) -> bool:
        """An unquoted initiative is a 倡议/议程 whose modifier is more than a
        country (全球发展倡议, not 中国倡议)."""
        if suffix not in ("倡议", "议程", "丝绸之路"):
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
            modifier = tag == "a" and len(w) == 1 and j + 1 < len(tokens) and tokens[j + 1][2] == "n"  # 高|级别
            # 国际形势|与|中国外交研讨会: a conjunction between nouns inside a name
            conj = tag in ("c", "p") and w in ("与", "和", "及") and j > 0 and tokens[j - 1][2] in ("n", "nz", "LOC", "ORG") \
                and not any(text[:ts].endswith(suf) for suf, _ in self._suffixes)  # not between two full names
            compound = len(w) >= 2 and bool(self.abbr_ids(w))  # 中老|泰铁路: the model tagged 中老 as 'a'
            if tag in ("v", "p", "c", "u", "d", "r", "a", "ad", "xc", "f", "q", "vd", "s") \
                    and not translit_verb and not modifier and not conj and not compound:
                break
            if tag == "w" and (not (set(w) <= (_QUOTE_CHARS | _JOIN_CHARS)) or "——" in text[max(0, ts - 1):te + 1]):
                break  # 重头戏——一带一路…: a double dash sets off an apposition, it joins no name
            if tag == "TIME" and not re.fullmatch(r"\d{4}年", w):
                break
            if tag == "m" and not _ORDINAL.match(w):
                break
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
        if tag in ("LOC", "ORG", "PER", "nz", "m") or _ORDINAL.match(w) or set(w) & _QUOTE_CHARS:
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
        """克罗地亚佩列沙茨跨海大桥 → 佩列沙茨跨海大桥, 约翰内斯堡桑顿会议中心 → 桑顿会议中心
        (the country or city is its own mention)."""
        keep = ("Country", "Place") if places else ("Country",)
        moved = True
        while moved:
            moved = False
            for h in self.gaz.find(text[start:end]):
                if h.start == 0 and self._ref_class(self._choose(h.ids, text)) in keep \
                        and end - (start + h.end) >= 4 and text[start + h.end] not in _JOIN_CHARS:
                    start += h.end
                    moved = True
                break
        return start

    # -- combination --------------------------------------------------------
    def find(self, sentence: Sentence, norm: str, tokens: list[Token]) -> list[Mention]:
        """All mentions of ``sentence``; offsets are document offsets."""
        base = sentence.start
        text = norm[sentence.start:sentence.end]
        toks = [(t.start - base, t.end - base, t.tag) for t in tokens]
        bounds = {0, len(text)} | {t[0] for t in toks} | {t[1] for t in toks}
        person_cuts = {k for ts, te, tag in toks if tag == "PER" and te - ts == 2 for k in range(ts + 1, te)}
        name_tokens = [(ts, te) for ts, te, tag in toks if tag in ("PER", "LOC", "ORG", "nz")]
        handles = self.from_handles(sentence.text) if "@" in sentence.text else []
        hits = self.gaz.find(text)  # once per sentence: two sources read it
        cands = (handles + self.from_gazetteer(text, bounds, person_cuts, name_tokens, hits) + self.from_tokens(text, toks)
                 + self.from_patterns(text, toks) + self.from_enumerations(text)
                 + self.from_quoted_names(text) + self.from_bylines(text) + self.from_fixed_compounds(text)
                 + self.from_cued_compounds(text, hits) + self.from_sources(text)
                 + self.from_titled_names(text, hits, toks))
        missions = self.from_missions(text)
        stationed = [(c.start, c.end) for c in missions if c.label == "Organization"]
        # 美军 in 驻韩美军: the stationed force is the organisation the sentence names
        cands = [c for c in cands if c.label != "Organization"
                 or not any(s <= c.start and c.end <= e and (s, e) != (c.start, c.end) for s, e in stationed)]
        chosen = resolve_overlaps(missions + cands, self.lex)  # on a tie the host country (驻|韩) wins
        out = []
        for c in chosen:
            if c.label == "Place" and c.ref and c.length >= 4 and text[c.start:c.end].endswith("地区") \
                    and self.ref.lookup(text[c.start:c.end - 2]):
                c.end -= 2  # 南亚地区: the name is 南亚
            surface = text[c.start:c.end]
            if not surface.strip():  # a masked @handle: its own characters name it
                surface = to_simplified(sentence.text[c.start:c.end])
            out.append(Mention(
                doc_id=sentence.doc_id, start=base + c.start, end=base + c.end,
                text=sentence.text[c.start:c.end], label=c.label, norm=surface, source=c.source,
                ref=c.ref, sentence=sentence.index, confidence=c.confidence,
            ))
        return out


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
    """中吉乌铁路: a one-character form inside a listed project (or organisation)
    whose reference row names its countries is one of those countries (乌 is
    Uzbekistan here, not the default Ukraine)."""
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


_TITLE_CHAIN = re.compile(r"[^，,。；;、\s]{0,12}?(总统|总理|首相|外长|外交部长|国王|副总统|副总理|主席|国务卿|议长)")
_TITLE_CHAIN_LONG = re.compile(r"[^，,。；;、\s]{0,12}(总统|总理|首相|外长|外交部长|国王|副总统|副总理|主席|国务卿|议长)")
_AFTER_NAME = ("会谈", "会见", "会晤", "举行", "表示", "出席", "主持", "通电话", "通话", "同", "和", "与", "在",
               "的", "等", "于", "率", "抵达", "访问", "说", "称", "一行", "夫妇", "就", "对", "将", "已", "也")
_ACT_VERB = re.compile(r"(主持|出席|参加|会见|举行|召开|宣布|表示)")


def _in_quotes(text: str, pos: int) -> bool:
    """True inside a “…” span (an opening quote before ``pos`` not yet closed)."""
    return text.count("“", 0, pos) > text.count("”", 0, pos)


def resolve_overlaps(cands: list[Candidate], lex: Lexicon) -> list[Candidate]:
    """Keep the best candidates; crossing spans lose, nesting is allowed for known names."""
    chosen: list[Candidate] = []
    for c in sorted(cands, key=lambda c: (-c.priority, -c.length, c.start)):
        ok = True
        for k in chosen:
            if c.end <= k.start or k.end <= c.start:
                continue
            if (c.start, c.end) == (k.start, k.end):
                ok = False
                break
            inside = k.start <= c.start and c.end <= k.end
            contains = c.start <= k.start and k.end <= c.end
            if inside and k.priority == P_UNIT and c.start != k.start:
                ok = False  # 复旦大学|国际问题研究院: not the listed 国际问题研究院
                break
            if inside and c.source in ("reference", "rule") and c.priority >= P_COMPOUND:
                continue  # a known name inside a bigger one: nested mention
            if inside and c.source == "reference" and k.source == "rule":
                continue
            if contains and c.source == "rule" and c.priority == P_PATTERN:
                continue  # a name built around smaller names
            if contains and c.source == "model" and c.label in ("Organization", "Project", "Event") \
                    and c.label != "Place" and k.source in ("reference", "rule") \
                    and (k.start == c.start or (k.priority == P_COMPOUND and k.length == 1 and k.start < c.start + 4)) \
                    and c.length - k.length >= 1:
                continue  # 俄罗斯外交部 (ORG) around 俄罗斯; 中非经贸博览会 around 中, 非
            ok = False
            break
        if ok:
            chosen.append(c)
    chosen.sort(key=lambda c: (c.start, -c.length))
    # a one-character form inside a longer name counts only in the name's leading
    # run (中老 in 中老铁路), not in its middle (新港 in 海法新港)
    singles = {c.start for c in chosen if c.length == 1 and c.source == "rule"}
    out = []
    for c in chosen:
        if c.length == 1 and c.source == "rule":
            outer = [k for k in chosen if k.length > 1 and k.start <= c.start < k.end]
            if outer and not all(p in singles for p in range(outer[0].start, c.start + 1)):
                continue
        out.append(c)
    return out


def flat(mentions: list[Mention]) -> list[Mention]:
    """Outermost mentions only (for NER-style output)."""
    out: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out
