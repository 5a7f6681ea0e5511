"""People the model missed: after a country and a leader's title (a run of
transliteration characters), and after a by-line role (责任编辑：…)."""

from __future__ import annotations

import re

from kg.nlp.common_words import is_common_word
from kg.nlp.mentions.base import P_PATTERN, Candidate, FinderBase
from kg.nlp.mentions.matchers import alternation
from kg.nlp.mentions.registry import Context, rule


class TitledNames(FinderBase):
    def _compile(self) -> None:
        super()._compile()
        titles = alternation(self.lex.leader_titles)
        self._title_chain = re.compile(r"[^，,。；;、\s]{0,12}?" + titles)
        self._title_chain_long = re.compile(r"[^，,。；;、\s]{0,12}" + titles)
        self._byline_name = re.compile(
            "(" + alternation(self.lex.byline_roles) + r")[：:]\s*([\u4e00-\u9fff]{2,3})(?=[）)\]】\s、，]|$)")

    @rule("titled_names", priority=P_PATTERN, order=11,
          lexicon=("leader_titles", "head_titles", "translit_chars", "words_after_name"))
    def rule_titled_names(self, ctx: Context) -> list[Candidate]:
        """A transliterated name right after a country and a leader's title."""
        return self.from_titled_names(ctx.text, ctx.hits, ctx.tokens)

    @rule("bylines", priority=P_PATTERN, order=7, lexicon=("byline_roles",))
    def rule_bylines(self, ctx: Context) -> list[Candidate]:
        """The name after a by-line role (责任编辑：…, 记者 …)."""
        return self.from_bylines(ctx.text)

    def from_titled_names(self, text: str, hits, tokens) -> list[Candidate]:
        """阿尔及利亚总统特本会谈, 哈萨克斯坦副总理兼外长特列乌别尔季主持: after a country
        and a leader's title, a run of transliteration characters the model left
        untagged is the leader's name (the model knows few foreign names)."""
        out: list[Candidate] = []
        tagged = [(ts, te) for ts, te, tag in tokens if tag == "PER"]
        for h in hits:
            if self._ref_class(self._choose(h.ids, text)) != "Country":
                continue
            m = self._title_chain.match(text, h.end)
            if not m or not text[h.end:m.end()].endswith(tuple(self.lex.head_titles)):
                continue
            longer = self._title_chain_long.match(text, h.end)  # 副总理兼外长: the whole chain of titles
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
                if text.startswith(self.lex.words_after_name, cut) or cut == len(text) or not text[cut].strip() \
                        or text[cut] in "，,、。；;：:（(":
                    name = text[k:cut]
                    break
            else:
                continue
            if len(name) >= 2 and not self.ref.lookup(name) and not is_common_word(name):
                out.append(Candidate(k, k + len(name), "Person", "rule", None, P_PATTERN, 0.6))
        return out

    def from_bylines(self, text: str) -> list[Candidate]:
        """责任编辑：李思阳, （记者 马卓言）: the name after a by-line role is a person."""
        out = []
        for m in self._byline_name.finditer(text):
            name = m.group(2)
            if not self.ref.lookup(name) or any(r.cls == "Person" for r in self.ref.lookup(name)):
                out.append(Candidate(m.start(2), m.end(2), "Person", "rule", None, P_PATTERN, 0.7))
        return out
