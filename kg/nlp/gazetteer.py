"""Reference-data matching with pyahocorasick (Aho–Corasick automaton).

Every full surface form of every reference entity (canonical name, aliases,
English names; quote and dash variants) is a key. Matching runs on the
normalised (Simplified) text, so Traditional input finds the same entries.

The key table of reference data loaded from files is kept compiled in the
cache folder (:func:`kg.cache.memo`, under those files and the code that makes
the keys): making the variants of ~12 K names was most of the gazetteer's 0.1 s
at start-up; only the automaton is built each time.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick

from kg.nlp.lexicon import Lexicon, default_lexicon
from kg.nlp.normalize import to_simplified
from kg.reference import Reference, compiled, default_reference

#: key → (candidate reference ids, sorted; whether the key is ambiguous)
KeyTable = dict[str, tuple[tuple[str, ...], bool]]

_DASHES = "-—–－‐"
_QUOTES = ("“”", '""', "「」", "")


@dataclass(frozen=True)
class GazetteerHit:
    start: int
    end: int
    ids: tuple[str, ...]  # candidate reference ids (several when ambiguous)
    ambiguous: bool


def _variants(name: str) -> set[str]:
    """Spelling variants seen in real text: quotes, dashes, interpuncts."""
    base = to_simplified(name)
    out = {base}
    if any(q in base for q in "“”\"「」"):
        plain = base.replace("“", "").replace("”", "").replace('"', "").replace("「", "").replace("」", "")
        out.add(plain)
        out.add(base.replace("“", '"').replace("”", '"'))
    for v in list(out):
        if any(d in v for d in _DASHES):
            for d in _DASHES:
                out.add("".join(d if c in _DASHES else c for c in v))
        if "·" in v:
            out.add(v.replace("·", "•"))
            out.add(v.replace("·", "・"))
    return {v for v in out if v}


def key_table(reference: Reference) -> KeyTable:
    """Every matching key of ``reference`` with its candidate ids and whether it is ambiguous
    (several entities, or a name a row marks ambiguous)."""
    keys: dict[str, dict[str, bool]] = {}
    for e in reference.entities.values():
        amb = set(e.ambiguous)
        for name in e.names:
            if len(name) < 2:  # one-character forms only live in compounds
                continue
            for v in _variants(name):
                key = v.lower() if v.isascii() else v
                keys.setdefault(key, {})[e.id] = name in amb
    return {key: (tuple(sorted(flags)), len(flags) > 1 or any(flags.values())) for key, flags in keys.items()}


def compiled_key_table(reference: Reference) -> KeyTable:
    """``key_table(reference)``, read back from the cache folder when the reference was loaded
    from files none of which (nor the code making keys) changed since."""
    from kg.nlp.normalize import converter_sources

    return compiled(reference, "gazetteer-keys", [Path(__file__), *converter_sources()],
                    lambda: key_table(reference))


class Gazetteer:
    def __init__(self, reference: Reference, lexicon: Lexicon) -> None:
        self.reference = reference
        keys = compiled_key_table(reference)
        self._automaton = ahocorasick.Automaton()
        for key, (key_ids, ambiguous) in keys.items():
            self._automaton.add_word(key, (len(key), key_ids, ambiguous, key.isascii()))
        if keys:
            self._automaton.make_automaton()
        self._empty = not keys
        # one-character forms used inside compounds (中 in 中美) and X方
        self.abbr: dict[str, tuple[str, ...]] = {}
        for a, ids in reference.by_abbr.items():
            a = to_simplified(a)
            if len(a) == 1:
                self.abbr[a] = tuple(dict.fromkeys((*self.abbr.get(a, ()), *ids)))
        self.abbr_default: dict[str, str] = dict(reference.one_character_forms(lexicon.abbr_defaults))
        for ch, want in self.abbr_default.items():
            if want not in self.abbr.get(ch, ()):  # a lexicon default no row lists
                self.abbr[ch] = (*self.abbr.get(ch, ()), want)

    def find(self, text: str, max_len: int | None = None) -> list[GazetteerHit]:
        """Longest-first, non-overlapping matches in normalised ``text``
        (``max_len`` keeps only shorter names: the parts of a name)."""
        if self._empty:
            return []
        low = text.lower()
        hits: list[GazetteerHit] = []
        cands = []
        for end_idx, (n, ids, amb, ascii_key) in self._automaton.iter(low):
            start, end = end_idx - n + 1, end_idx + 1
            if ascii_key and ((start > 0 and low[start - 1].isalnum() and low[start - 1].isascii())
                              or (end < len(low) and low[end].isalnum() and low[end].isascii())):
                continue
            if ascii_key and n <= 5 and not text[start:end].isupper():
                continue  # an acronym (WHO, UN, AU) only in capitals: "who" is a word
            if max_len is None or end - start <= max_len:
                cands.append((start, end, ids, amb))
        cands.sort(key=lambda c: (c[0], -(c[1] - c[0])))
        # choose greedily by length first, then position, so a long name wins over its parts
        chosen: list[tuple[int, int, tuple[str, ...], bool]] = []
        occupied = bytearray(len(text) + 1)
        for c in sorted(cands, key=lambda c: (-(c[1] - c[0]), c[0])):
            if any(occupied[c[0]:c[1]]):
                continue
            occupied[c[0]:c[1]] = b"\x01" * (c[1] - c[0])
            chosen.append(c)
        for start, end, ids, amb in sorted(chosen):
            hits.append(GazetteerHit(start, end, ids, amb))
        return hits


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return Gazetteer(default_reference(), default_lexicon())
