"""Loads ``ontology/lexicon/*.yaml``: the word lists of the rules.

Knowledge of the extractor lives in data, one file per word class (titles,
person names, country forms, name heads, stoplists, extraction cues) and one
list per concept. Every list is a field of :class:`Lexicon`; the loader
fails on a list no field declares and on a declared list no file gives, so a
typo in either place is caught at start-up rather than silently ignored.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg.datafiles import read_yaml
from kg.paths import ontology_dir

Words = tuple[str, ...]
Chars = frozenset[str]


@dataclass(frozen=True)
class Lexicon:
    """Word lists by concept. ``tuple`` fields are longest first (the rules
    prefer the longest match), ``frozenset`` fields are sets of words or of
    characters (a YAML string lists characters)."""

    # titles.yaml
    titles: Words
    head_titles: Chars
    state_head_titles: Words = ()
    office_titles: Words = ()
    leader_titles: Words = ()
    byline_roles: Words = ()
    bound_titles: Words = ()
    career_current: Words = ()
    career_former: Words = ()
    career_ends: Words = ()
    military_ranks: Words = ()
    service_prefixes: Words = ()
    handle_roles: Words = ()
    # person_names.yaml
    translit_chars: Chars = frozenset()
    japanese_surnames: Chars = frozenset()
    japanese_given_finals: Chars = frozenset()
    name_modifier_heads: Words = ()
    name_separators: Words = ()
    name_prefix_chars: Chars = frozenset()
    short_name_prepositions: Chars = frozenset()
    name_end_words: Words = ()
    translit_venue_heads: Words = ()
    city_named_heads: Words = ()
    # country_forms.yaml
    abbr_defaults: dict[str, str] = field(default_factory=dict)
    compound_chars: Chars = frozenset()
    compound_cues: Words = ()
    compound_overrides: dict[str, Words] = field(default_factory=dict)
    not_country_fang: Chars = frozenset()
    fused_verbs: Chars = frozenset()
    visit_verbs: Words = ()
    visit_target_chars: Chars = frozenset()
    compound_prepositions: Chars = frozenset()
    travel_prefix_chars: Chars = frozenset()
    fixed_compound_cues: Words = ()
    enumeration_before: Chars = frozenset()
    enumeration_after: Chars = frozenset()
    enumeration_counts: Chars = frozenset()
    mission_heads: Words = ()
    stationed_force_chars: Chars = frozenset()
    state_name_tails: Words = ()
    direction_chars: Chars = frozenset()
    # name_heads.yaml
    project_suffixes: Words = ()
    place_suffixes: Words = ()
    event_suffixes: Words = ()
    initiative_suffixes: Words = ()
    organization_suffixes: Words = ()
    media_tails: Words = ()
    meeting_heads: Chars = frozenset()
    document_heads: Words = ()
    quoted_event_heads: Words = ()
    quoted_initiative_heads: Words = ()
    quoted_full_initiative_heads: Words = ()
    quoted_org_heads: Words = ()
    unquoted_initiative_heads: Words = ()
    body_heads: Words = ()
    university_heads: Words = ()
    school_heads: Words = ()
    unit_words: Words = ()
    team_words: Chars = frozenset()
    category_words: Words = ()
    member_tails: Words = ()
    port_tails: Chars = frozenset()
    # stoplists.yaml
    not_entities: Chars = frozenset()
    generic_prefixes: Words = ()
    place_tails: Words = ()
    area_tails: Chars = frozenset()
    group_words: Words = ()
    admin_chars: Chars = frozenset()
    place_joiners: Chars = frozenset()
    not_source_starts: Words = ()
    theme_cues: Words = ()
    act_verbs: Words = ()
    auxiliaries: Chars = frozenset()
    name_conjunctions: Words = ()
    field_conjunctions: Chars = frozenset()
    routine_words: Words = ()
    source_labels: Words = ()
    # cues.yaml (kg/extract)
    negation: Words = ()
    future: Words = ()
    question: Words = ()
    not_cues: Words = ()
    first_person_country: Chars = frozenset()
    home_event_cues: Words = ()
    zero_subject_openers: Words = ()
    reporter_suffixes: Words = ()


def longest_first(words: Iterable[str]) -> tuple[str, ...]:
    """Distinct words, longest first (ties alphabetical), for longest-match scans."""
    return tuple(sorted(dict.fromkeys(words), key=lambda w: (-len(w), w)))


def _convert(name: str, kind: str, value: Any) -> Any:
    if name == "compound_overrides":
        return {k: tuple(v) for k, v in (value or {}).items()}  # order is the referents' order
    if name == "abbr_defaults":
        return dict(value)
    if kind.startswith(("Chars", "frozenset")):
        return frozenset(value)
    return longest_first(value)


def read_lists(path: str | Path) -> dict[str, Any]:
    """All lists of a lexicon folder (every ``*.yaml`` but ``examples/``) or of one file."""
    path = Path(path)
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    lists: dict[str, Any] = {}
    for f in files:
        for key, value in (read_yaml(f) or {}).items():  # parsed once, kept (kg/datafiles.py)
            if key in lists:
                raise ValueError(f"{f}: list {key!r} is also given by another lexicon file")
            lists[key] = value
    return lists


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """The lexicon of ``path`` (a folder of YAML files, or one file), by default ``ontology/lexicon/``."""
    if path is None:
        folder = ontology_dir() / "lexicon"
        # a site ontology (KG_ONTOLOGY) may still hold the one-file lexicon.yaml of earlier versions
        path = folder if folder.is_dir() else ontology_dir() / "lexicon.yaml"
        raw = read_lists(path)
        path = None
    else:
        raw = read_lists(path)
    fields = {f.name: f for f in dataclasses.fields(Lexicon)}
    unknown = sorted(set(raw) - set(fields))
    if unknown:
        raise ValueError(f"lexicon lists no Lexicon field declares: {', '.join(unknown)}")
    missing = sorted(n for n, f in fields.items() if n not in raw)
    if missing and not path:
        raise ValueError(f"lexicon lists missing from ontology/lexicon/: {', '.join(missing)}")
    return Lexicon(**{n: _convert(n, str(fields[n].type), v) for n, v in raw.items()})


@lru_cache(maxsize=2)
def default_lexicon() -> Lexicon:
    return load_lexicon()
