"""Typed entity mentions of one sentence, from registered rules combined.

* reference data (gazetteer): high precision, knows canonical ids;
* the statistical model (LAC PER/LOC/ORG/nz): open-class names nobody listed;
* rules: compounds (中美 → 中国, 美国), ``X方`` forms, transliterated names
  the model cut short, and names built from a head word (…铁路, …峰会,
  …倡议) with the words before it.

One module per source of candidates; each rule is registered with a name, a
priority and the lexicon lists it reads (``registry.py``), and its examples
are data under ``ontology/lexicon/examples/``. Candidates are ranked
(reference > rules > model) and overlaps resolved (``overlaps.py``).
"""

from __future__ import annotations

from kg.nlp.mentions.abbreviations import disambiguate_abbreviations
from kg.nlp.mentions.base import P_COMPOUND, P_MODEL, P_PATTERN, P_REFERENCE, P_UNIT, Candidate
from kg.nlp.mentions.finder import MentionFinder
from kg.nlp.mentions.overlaps import flat, resolve_overlaps
from kg.nlp.mentions.registry import RULES, Context, Rule, rules

__all__ = [
    "P_COMPOUND", "P_MODEL", "P_PATTERN", "P_REFERENCE", "P_UNIT", "RULES", "Candidate", "Context",
    "MentionFinder", "Rule", "disambiguate_abbreviations", "flat", "resolve_overlaps", "rules",
]
