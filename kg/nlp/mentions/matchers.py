"""Compiled word-list matchers: one automaton per rule family, not a loop of
``str.endswith`` per token and per word (issue 15)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Generic, TypeVar

import ahocorasick

V = TypeVar("V")


def alternation(words: Iterable[str]) -> str:
    """A regex group matching any of ``words``, longest first (so a longer word wins)."""
    ordered = sorted(dict.fromkeys(words), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(map(re.escape, ordered)) + ")"


class SuffixMatcher(Generic[V]):
    """Which listed words end at each position of a text.

    Built once from ``(word, value)`` pairs in order of preference; a scan of
    a text (Aho–Corasick, one pass) gives, for every end offset, the pairs
    that end there in that same order, and ``endings_of`` answers the same for
    one word through a length-indexed table.
    """

    def __init__(self, pairs: Sequence[tuple[str, V]]) -> None:
        self.pairs = list(pairs)
        by_word: dict[str, list[tuple[int, str, V]]] = defaultdict(list)
        for rank, (word, value) in enumerate(self.pairs):
            by_word[word].append((rank, word, value))
        self._by_word = dict(by_word)
        self._lengths = sorted({len(w) for w in by_word}, reverse=True)
        self.max_len = self._lengths[0] if self._lengths else 0
        self._auto = ahocorasick.Automaton()
        for word, entries in by_word.items():
            self._auto.add_word(word, entries)
        if by_word:
            self._auto.make_automaton()

    def scan(self, text: str) -> dict[int, list[tuple[str, V]]]:
        """End offset (exclusive) → the pairs ending there, in order of preference."""
        found: dict[int, list[tuple[int, str, V]]] = defaultdict(list)
        if self._by_word:
            for last, entries in self._auto.iter(text):
                found[last + 1].extend(entries)
        return {end: [(w, v) for _r, w, v in sorted(entries, key=lambda e: e[0])] for end, entries in found.items()}

    def endings_of(self, word: str) -> list[tuple[str, V]]:
        """The pairs whose word ``word`` ends with, in order of preference."""
        hits: list[tuple[int, str, V]] = []
        for n in self._lengths:
            if n <= len(word):
                hits.extend(self._by_word.get(word[len(word) - n:], ()))
        return [(w, v) for _r, w, v in sorted(hits, key=lambda e: e[0])]
