"""The orchestrator: runs every enabled rule on a sentence and combines the
candidates into mentions (ranked by priority, overlaps resolved).

Rules are the methods registered with ``@rule`` in the modules of this
package (see ``registry.py``); adding one is adding a method to a module,
a mixin here, its word lists under ``ontology/lexicon/`` and its examples
under ``ontology/lexicon/examples/`` (docs/rules.md).
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from kg.model import Mention, Sentence, Token
from kg.nlp.gazetteer import Gazetteer
from kg.nlp.lexicon import Lexicon
from kg.nlp.mentions.base import Candidate
from kg.nlp.mentions.bylines import Bylines
from kg.nlp.mentions.compounds import Compounds
from kg.nlp.mentions.listed import ListedNames
from kg.nlp.mentions.missions import Missions
from kg.nlp.mentions.outlets import Outlets
from kg.nlp.mentions.overlaps import resolve_overlaps
from kg.nlp.mentions.patterns import HeadPatterns
from kg.nlp.mentions.quoted import QuotedNames
from kg.nlp.mentions.registry import PARTS, RULES, Context, Rule
from kg.nlp.mentions.titled import TitledNames
from kg.nlp.mentions.tokens import ModelTokens
from kg.nlp.normalize import to_simplified
from kg.reference import Reference

DISABLE_ENV = "KG_DISABLE_RULES"  # comma-separated rule names, for ablation builds (kg rules --ablate)


class MentionFinder(Missions, Outlets, ListedNames, ModelTokens, HeadPatterns, Compounds, QuotedNames, Bylines,
                    TitledNames):
    """Finds mentions in sentences given LAC tokens; stateless per call.

    ``disabled`` names rules to leave out (default: ``$KG_DISABLE_RULES``).
    """

    def __init__(self, reference: Reference, gazetteer: Gazetteer, lexicon: Lexicon,
                 disabled: Iterable[str] | None = None) -> None:
        super().__init__(reference, gazetteer, lexicon)
        if disabled is None:
            disabled = [n.strip() for n in os.environ.get(DISABLE_ENV, "").split(",") if n.strip()]
        unknown = set(disabled) - set(RULES) - set(PARTS)
        if unknown:
            raise ValueError(f"unknown mention rules: {', '.join(sorted(unknown))}; "
                             f"known: {', '.join(sorted(RULES))} and parts {', '.join(sorted(PARTS))}")
        self.disabled = frozenset(disabled)
        self.rules: list[Rule] = [r for r in sorted(RULES.values(), key=lambda r: r.order) if r.name not in self.disabled]

    def candidates(self, ctx: Context) -> dict[str, list[Candidate]]:
        """Each enabled rule's candidates for one sentence, by rule name."""
        return {r.name: getattr(self, r.method)(ctx) for r in self.rules}

    def context(self, sentence: Sentence, norm: str, tokens: list[Token]) -> Context:
        """What the rules see of ``sentence`` (``norm``: the document's normalised text)."""
        base = sentence.start
        text = norm[sentence.start:sentence.end]
        toks = [(t.start - base, t.end - base, t.tag) for t in tokens]
        return Context(
            text=text, original=sentence.text, tokens=toks,
            bounds={0, len(text)} | {t[0] for t in toks} | {t[1] for t in toks},
            person_cuts={k for ts, te, tag in toks if tag == "PER" and te - ts == 2 for k in range(ts + 1, te)},
            name_tokens=[(ts, te) for ts, te, tag in toks if tag in ("PER", "LOC", "ORG", "nz")],
            hits=self.gaz.find(text),  # once per sentence: several rules read it
        )

    def find(self, sentence: Sentence, norm: str, tokens: list[Token]) -> list[Mention]:
        """All mentions of ``sentence``; offsets are document offsets."""
        base = sentence.start
        ctx = self.context(sentence, norm, tokens)
        text = ctx.text
        by_rule = self.candidates(ctx)
        missions = by_rule.pop("missions", [])
        cands = [c for found in by_rule.values() for c in found]
        stationed = [(c.start, c.end) for c in missions if c.label == "Organization"]
        # 美军 in 驻某国美军: the stationed force is the organisation the sentence names
        cands = [c for c in cands if c.label != "Organization"
                 or not any(s <= c.start and c.end <= e and (s, e) != (c.start, c.end) for s, e in stationed)]
        chosen = resolve_overlaps(missions + cands, self.lex)  # on a tie the host country (驻|某) wins
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
