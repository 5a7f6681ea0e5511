"""Loads ``ontology/lexicon.yaml``: cue words, titles, suffixes and stoplists."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from kg.paths import ontology_dir


@dataclass(frozen=True)
class Lexicon:
    titles: tuple[str, ...]
    head_titles: frozenset[str]
    translit_chars: frozenset[str]
    not_country_fang: frozenset[str]
    compound_cues: tuple[str, ...]
    abbr_defaults: dict[str, str]
    project_suffixes: tuple[str, ...]
    event_suffixes: tuple[str, ...]
    initiative_suffixes: tuple[str, ...]
    organization_suffixes: tuple[str, ...]
    not_entities: frozenset[str]
    generic_prefixes: tuple[str, ...]
    triggers: dict[str, tuple[str, ...]]
    negation: tuple[str, ...]
    future: tuple[str, ...]
    question: tuple[str, ...]
    first_person_country: frozenset[str]
    reporter_suffixes: tuple[str, ...]
    compound_chars: frozenset[str] = frozenset()
    place_tails: tuple[str, ...] = ()
    meeting_heads: frozenset[str] = frozenset()
    not_cues: tuple[str, ...] = ()
    place_suffixes: tuple[str, ...] = ()
    japanese_surnames: frozenset[str] = frozenset()
    japanese_given_finals: frozenset[str] = frozenset()
    compound_overrides: dict[str, tuple[str, ...]] = field(default_factory=dict)
    name_modifier_heads: tuple[str, ...] = ()
    media_tails: tuple[str, ...] = ()


def longest_first(words) -> tuple[str, ...]:
    return tuple(sorted(dict.fromkeys(words), key=lambda w: (-len(w), w)))


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    path = Path(path) if path else ontology_dir() / "lexicon.yaml"
    d = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Lexicon(
        titles=longest_first(d["titles"]),
        head_titles=frozenset(d["head_titles"]),
        translit_chars=frozenset(d["translit_chars"]),
        not_country_fang=frozenset(d["not_country_fang"]),
        compound_cues=longest_first(d["compound_cues"]),
        abbr_defaults=dict(d["abbr_defaults"]),
        project_suffixes=longest_first(d["project_suffixes"]),
        event_suffixes=longest_first(d["event_suffixes"]),
        initiative_suffixes=longest_first(d["initiative_suffixes"]),
        organization_suffixes=longest_first(d["organization_suffixes"]),
        not_entities=frozenset(d["not_entities"]),
        generic_prefixes=longest_first(d["generic_prefixes"]),
        triggers={k: longest_first(v) for k, v in d["triggers"].items()},
        negation=longest_first(d["negation"]),
        future=longest_first(d["future"]),
        question=longest_first(d["question"]),
        first_person_country=frozenset(d["first_person_country"]),
        reporter_suffixes=longest_first(d["reporter_suffixes"]),
        compound_chars=frozenset(d.get("compound_chars", "")),
        place_tails=longest_first(d.get("place_tails", [])),
        meeting_heads=frozenset(d.get("meeting_heads", [])),
        not_cues=longest_first(d.get("not_cues", [])),
        place_suffixes=longest_first(d.get("place_suffixes", [])),
        japanese_surnames=frozenset(d.get("japanese_surnames", [])),
        japanese_given_finals=frozenset(d.get("japanese_given_finals", "")),
        compound_overrides={k: tuple(v) for k, v in (d.get("compound_overrides") or {}).items()},
        name_modifier_heads=longest_first(d.get("name_modifier_heads", [])),
        media_tails=longest_first(d.get("media_tails", [])),
    )


@lru_cache(maxsize=2)
def default_lexicon() -> Lexicon:
    return load_lexicon()
