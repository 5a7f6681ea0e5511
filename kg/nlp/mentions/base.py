"""What every mention rule shares: the candidate record, priorities, the
compiled word lists of the lexicon and helpers about listed names.

A rule (one module of this package) proposes :class:`Candidate` spans; the
finder ranks them by priority (reference > rules > model) and resolves
overlaps (``overlaps.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.nlp.common_words import is_common_word
from kg.nlp.gazetteer import Gazetteer
from kg.nlp.lexicon import Lexicon, longest_first
from kg.nlp.mentions.matchers import SuffixMatcher, alternation
from kg.reference import Reference

CJK = re.compile(r"[\u4e00-\u9fff]")
ORDINAL = re.compile(r"^(第?[一二三四五六七八九十百零〇\d]+(届|次|轮)|首届|首次|\d{4}年|[一二三四五六七八九十百]+大)$")
QUOTE_CHARS = set("“”\"《》「」")
JOIN_CHARS = set("-—–－·")
COUNT_OF_COUNTRIES = re.compile(r"^[一二两三四五六七八九十几多数各\d]+(国|大洲|大国)$")

# Priorities of candidates: on an overlap the higher wins (then the longer).
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


def in_quotes(text: str, pos: int) -> bool:
    """True inside a “…” span (an opening quote before ``pos`` not yet closed)."""
    return text.count("“", 0, pos) > text.count("”", 0, pos)


class FinderBase:
    """The resources of the rules and the helpers several rules use."""

    def __init__(self, reference: Reference, gazetteer: Gazetteer, lexicon: Lexicon) -> None:
        self.ref = reference
        self.gaz = gazetteer
        self.lex = lexicon
        self.disabled: frozenset[str] = frozenset()  # rules and parts left out
        self._suffixes = [
            *((s, "Place") for s in lexicon.place_suffixes),  # venues: 某某会议中心, 人民大会堂
            *((s, "Project") for s in lexicon.project_suffixes),
            *((s, "Event") for s in lexicon.event_suffixes),
            *((s, "Initiative") for s in lexicon.initiative_suffixes),
        ]
        self._suffixes.sort(key=lambda x: -len(x[0]))
        # every head of the four classes, found in one pass over a sentence (issue 15)
        self._heads = SuffixMatcher(self._suffixes)
        self._org_suffixes = SuffixMatcher([(s, "Organization") for s in lexicon.organization_suffixes])
        self._event_suffixes = tuple(suf for suf, cls in self._suffixes if cls == "Event")
        # a concept or award named after a person: up to four words (not 获/颁/领/得) before its head
        self._modifier_after = re.compile(
            r"(?:(?![获颁领得])[\u4e00-\u9fff]){0,4}" + alternation(lexicon.name_modifier_heads))
        self._school_tail = re.compile(alternation(lexicon.school_heads) + "$")
        self._school_of_university = re.compile(
            alternation(lexicon.university_heads) + "(?=.{2,}" + alternation(lexicon.school_heads) + "$)")
        self._category = re.compile(alternation(lexicon.category_words) + "(?=.{3,}$)")
        self._act_verb = re.compile(alternation(lexicon.act_verbs))
        self._titles = SuffixMatcher([(t, True) for t in lexicon.titles])
        self._org_heads = longest_first([*lexicon.organization_suffixes, *lexicon.body_heads])
        # one-character country forms that may stand in compounds (中, 美, 俄 ...)
        chars = "".join(sorted(set(gazetteer.abbr_default) & lexicon.compound_chars))
        self._compound_run = re.compile(f"[{chars}]{{2,3}}")
        self._enumeration = re.compile(f"[{chars}](、[{chars}]){{2,}}")
        self._head_words = tuple(suf for suf, _ in self._suffixes)
        self._japanese_surnames = tuple(sorted(lexicon.japanese_surnames))
        self._compile()

    def _compile(self) -> None:
        """Compile a rule module's patterns from the lexicon (each module extends this)."""

    def _ref_class(self, rid: str) -> str:
        return self.ref.entities[rid].cls

    def classify_name(self, name: str, default: str) -> str:
        """Class of an unlisted name by its head word (…铁路 Project, …峰会 Event)."""
        for matcher in (self._heads, self._org_suffixes):
            for suffix, cls in matcher.endings_of(name):
                if len(name) > len(suffix):
                    return cls
        return default

    def _strip_title(self, text: str) -> str:
        for t, _ in self._titles.endings_of(text):  # longest first, as lex.titles
            if len(text) > len(t):
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

    def _choose(self, ids: tuple[str, ...], text: str) -> str:
        """Pick among ambiguous referents: the one whose relatives the sentence names."""
        if len(ids) == 1:
            return ids[0]
        series = {self.ref.entities[rid].row.get("series") for rid in ids}
        if len(series) == 1 and f"event/{next(iter(series))}" in ids:
            # 中央外事工作会议 names the series and every edition: the series, which the resolver dates
            return f"event/{next(iter(series))}"
        best, score = ids[0], -1.0
        for rid in ids:
            e = self.ref.entities[rid]
            s = 0.0
            for key in ("country", "capital", "parent"):
                other = e.row.get(key)
                if other and other in self.ref.entities and self.ref.entities[other].name in text:
                    s += 1
            if e.cls == "Country":
                s += 0.5  # countries are by far the commonest referent of a bare short name
            if s > score:
                best, score = rid, s
        return best

    def _parts(self, start: int, ids, conf: float) -> list[Candidate]:
        """One country mention per character of a compound starting at ``start`` (中美 → 中, 美)."""
        return [Candidate(start + k, start + k + 1, self._ref_class(rid), "rule", rid, P_COMPOUND, conf)
                for k, rid in enumerate(ids)]

    def _agrees(self, word: str, rid: str | None) -> bool:
        """A short form's guess (阿 → 阿根廷) must agree with the full name of a
        listed name it sits in: 中阿某论坛 may be 中国—阿拉伯国家某论坛."""
        known = self.ref.lookup(word)
        full = known[0].name if known else word
        return full == word or rid is None or self.ref.entities[rid].name in full

    def _inside(self, text: str, start: int, end: int, rid: str | None = None) -> list[Candidate]:
        """Known names inside a known name (杭州 in 杭州亚运会): what the name states."""
        out = self._leading_compound(text, start, end)
        out = [c for c in out if self._agrees(text[start:end], c.ref)]
        for h in self.gaz.find(text[start:end], max_len=end - start - 1):
            if h.end - h.start < 2:
                continue
            rid = self._choose(h.ids, text)
            cls = self._ref_class(rid)
            if cls == "Place" and text[start + h.end:end] in self.lex.port_tails:
                continue  # 汉班托塔港: the port is the project; the city is not mentioned apart from it
            if h.end < end - start and is_common_word(text[start + h.start:start + h.end + 1]):
                continue  # 东海岸铁路: 东海 is part of the word 东海岸, no sea is named
            if cls in ("Place", "Country", "Initiative", "Organization"):
                out.append(Candidate(start + h.start, start + h.end, cls, "reference", rid, P_REFERENCE, 0.8))
            elif cls == "Event" and h.end - h.start >= 4 and h.start > 0 and start + h.end == end:
                # 上海合作组织|天津峰会: the event's short name ending the long one starts with its city
                out.extend(c for c in self._inside(text, start + h.start, end)
                           if c.label == "Place" and c.start == start + h.start)
        return out

    def _leading_compound(self, text: str, start: int, end: int) -> list[Candidate]:
        """中俄 in 中俄元首莫斯科会晤, 中日韩 in 中日韩外长会议: the parties a name lists;
        not 阿拉 in 阿拉伯国家联盟会议: each part must agree with a listed name the span starts with."""
        for n in (4, 3, 2):
            if end - start > n and not self.ref.lookup(text[start:start + n]) \
                    and not is_common_word(text[start + n - 1:start + n + 1]):  # 中法|文化年, not 中法文
                ids = self.abbr_ids(text[start:start + n])
                if ids:
                    around = [found[0].name for h in self.gaz.find(text[start:end])
                              if h.start == 0 and h.end < end - start and (found := self.ref.lookup(text[start:start + h.end]))]
                    return [c for c in self._parts(start, ids, 0.8)
                            if all(c.ref and self.ref.entities[c.ref].name in full for full in around)]
        return []

    def _country_form(self, name: str) -> str | None:
        """The listed country a name or one-character form stands for, or None."""
        if len(name) == 1:
            rid = self.gaz.abbr_default.get(name)
            return rid if rid and self._ref_class(rid) == "Country" else None
        return next((r.id for r in self.ref.lookup(name) if r.cls == "Country"), None)

    def _wraps_known(self, word: str, cls: str) -> bool:
        """中国全球发展倡议, 推进全球发展倡议: a known name of the same class with
        a few words around it is that name, which the gazetteer finds itself."""
        if cls not in ("Initiative", "Project", "Event"):
            return False
        for h in self.gaz.find(word):
            if self._ref_class(self._choose(h.ids, word)) != cls or h.end - h.start < 2:
                continue
            rest = word[h.end:].strip("“”\" \u3000")
            if ORDINAL.match(word[:h.start].strip("“”\"")):
                continue  # 第五届某某博览会: an edition of a listed series, a name of its own
            # 某某倡议 is the listed 某某; but 进博会记者会 is not 进博会 (an event's head names a new event)
            if h.start <= 4 and (not rest or (cls != "Event" and any(rest == suf for suf, _ in self._suffixes))):
                return True
        return False

    def _ends_title(self, text: str, pos: int) -> bool:
        """True when text[pos] is the last character of a title written before it
        (长 of 外长 in 老挝外长沙伦): a name cannot start there."""
        tail = text[max(0, pos + 1 - self._titles.max_len):pos + 1]
        return any(len(t) >= 2 for t, _ in self._titles.endings_of(tail))
