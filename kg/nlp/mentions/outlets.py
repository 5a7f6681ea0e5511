"""Outlets and bodies named where a text cites its source (据某某报道,
来源：某某, 某某的微博视频), Weibo @handles and quoted bodies (“某某”组织)."""

from __future__ import annotations

import re

from kg.nlp.common_words import is_common_word
from kg.nlp.mentions.base import P_PATTERN, P_REFERENCE, Candidate, FinderBase
from kg.nlp.mentions.matchers import alternation
from kg.nlp.mentions.registry import Context, rule
from kg.nlp.normalize import to_simplified

_HANDLE_NAME = re.compile(r"@([\w\u4e00-\u9fff\-]{2,30})")


class Outlets(FinderBase):
    def _compile(self) -> None:
        super()._compile()
        # 据某某网报道, 来源：某某新闻中心, （cr某某网）, 某某新闻的微博视频
        self._source_cues = re.compile(
            r"据([\u4e00-\u9fffA-Za-z]{2,12}?)(?:的)?(?:报道|消息)"
            r"|" + alternation(self.lex.source_labels) + r"[：:]\s*([\u4e00-\u9fffA-Za-z]{2,16})(?=$|[\s）)】\]，。,])"
            r"|[（(](?:cr|CR|via|来源[：:]?)\s*([\u4e00-\u9fffA-Za-z]{2,16})[）)]"
            r"|(?:^|[\s】#。！？])([\u4e00-\u9fff]{2,10})[A-Za-z]*的微博视频")
        self._quoted_org = re.compile(r"[“\"]([\u4e00-\u9fff]{2,10})[”\"](?=" + alternation(self.lex.quoted_org_heads) + ")")

    @rule("handles", priority=P_REFERENCE, order=1, lexicon=("media_tails", "handle_roles"))
    def rule_handles(self, ctx: Context) -> list[Candidate]:
        """Weibo @handles that name a listed name, a media account or a reporter."""
        return self.from_handles(ctx.original) if "@" in ctx.original else []

    @rule("sources", priority=P_PATTERN, order=10,
          lexicon=("source_labels", "media_tails", "not_entities", "not_source_starts", "quoted_org_heads"))
    def rule_sources(self, ctx: Context) -> list[Candidate]:
        """Outlets where a text cites its source, and quoted bodies."""
        return self.from_sources(ctx.text)

    def from_handles(self, original: str) -> list[Candidate]:
        """Weibo @handles (masked for the model) that name something: a listed
        name (@新华社记者团 → 新华社, @王毅), a media account (@某某新闻, @某某视频),
        or a reporter after 记者 (某某卫视记者@王小丫)."""
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
            if name and simple[max(0, m.start() - 2):m.start()] in self.lex.handle_roles and not is_common_word(name.group()):
                out.append(Candidate(hs + name.start(), m.end(1), "Person", "rule", None, P_PATTERN, 0.7))
        return out

    def from_sources(self, text: str) -> list[Candidate]:
        """Outlets named where a text cites its source (据X报道, 来源：X, X的微博
        视频) and quoted bodies (“青年之友”组织): an outlet or body, whatever the
        model made of it. A cited name the reference lists keeps its class (据王毅
        介绍 is not a cue; 据新华社报道 is found by the gazetteer too)."""
        out: list[Candidate] = []
        for m in self._source_cues.finditer(text):
            k = next(g for g in range(1, 5) if m.group(g))
            name, start = m.group(k), m.start(k)
            video = k == 4
            if video and not name.endswith(self.lex.media_tails):
                continue  # 上海小林的微博视频: a personal account may be anyone
            if is_common_word(name) or name in self.lex.not_entities or name.startswith(self.lex.not_source_starts):
                continue
            if name.endswith(self._event_suffixes):
                continue  # 来源：某某论坛新闻发布会: an event, found by the event pattern
            if name.endswith("视频") and name[:-2].endswith(self.lex.media_tails):
                name = name[:-2]  # 某某日报网视频: the outlet's video account
            listed = self.ref.lookup(name)
            if not listed:
                for h in self.gaz.find(name):
                    rid = self._choose(h.ids, name)
                    if h.end == len(name) and h.start > 0 and self._ref_class(rid) == "Organization" \
                            and self.ref.lookup(name[:h.start]):
                        start, name, listed = start + h.start, name[h.start:], [self.ref.entities[rid]]
                        break  # 香港凤凰卫视: a place, then a listed outlet
            if listed and listed[0].cls != "Organization":
                continue
            out.append(Candidate(start, start + len(name), "Organization", "rule", listed[0].id if listed else None,
                                 P_PATTERN, 0.7))
        for m in self._quoted_org.finditer(text):
            if not self.ref.lookup(m.group(1)) and not is_common_word(m.group(1)):
                out.append(Candidate(m.start(1), m.end(1), "Organization", "rule", None, P_PATTERN, 0.65))
        return out
