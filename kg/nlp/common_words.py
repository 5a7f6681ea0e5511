"""Common nouns the model sometimes tags as names (高速公路 LOC, 廉价 ORG).

jieba's dictionary carries a part-of-speech tag and a corpus frequency for
each word; a frequent word tagged as an ordinary noun, verb or adjective is
not a name. We reuse that table instead of curating a stoplist by hand.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path

# tags of proper names and abbreviations in jieba's dictionary
_NAME_TAGS = {"nr", "nrt", "nrfg", "ns", "nt", "nz", "j", "eng"}
_PLAIN_TAGS = {"n", "v", "vn", "a", "ad", "an", "d", "i", "l", "vd"}
MIN_FREQ = 20  # rarer words are too often unlisted names (海法 16)


#: The word sets, each by its test on a dictionary entry (word, frequency, tag).
_SETS: dict[str, Callable[[str, int, str], bool]] = {
    "long": lambda w, freq, tag: len(w) >= 4,
    "common": lambda w, freq, tag: tag not in _NAME_TAGS and freq >= MIN_FREQ,
    "plain": lambda w, freq, tag: tag in _PLAIN_TAGS,
    "nouns": lambda w, freq, tag: tag.startswith("n") and tag not in _NAME_TAGS,
    "idioms": lambda w, freq, tag: tag in ("i", "l") and len(w) >= 4,
}


@cache
def _table(name: str) -> frozenset[str]:
    """One word set, built from jieba's dictionary once and kept compiled (kg.cache.memo), each
    read back only when first asked for: reading the 350 K-line dictionary was most of a
    one-file build's start-up, and reading back all five sets (500 K words) still ~0.1 s,
    when a small build asks for two or three of them."""
    from kg.cache import memo

    keep = _SETS[name]
    return memo(f"jieba-set-{name}", [_dict_path(), Path(__file__)],
                lambda: frozenset(w for w, freq, tag in _entries() if keep(w, freq, tag)))


def load_all() -> None:
    """Every word set, for processes that fork workers (kg/preload.py): the workers share them."""
    for name in _SETS:
        _table(name)


def _dict_path() -> Path:
    spec = importlib.util.find_spec("jieba")  # its dictionary, without importing jieba (0.2 s)
    if spec is None or spec.origin is None:
        raise ImportError("jieba is not installed (kg reads its dictionary)")
    return Path(spec.origin).parent / "dict.txt"


def long_words() -> frozenset[str]:
    """Dictionary words of four or more characters (idioms, set phrases)."""
    return _table("long")


def inside_longer_word(text: str, s: int, e: int) -> bool:
    """True when text[s:e] is the tail part of a 4+ character dictionary word
    written around it (马平川 in 一马平川)."""
    words = long_words()
    for a in range(max(0, s - 6), s):  # starting before it: 邓小平 in 邓小平理论 stays a name
        for b in range(max(e, a + 4), min(len(text), a + 8) + 1):
            if (a, b) != (s, e) and text[a:b] in words:
                return True
    return False


@lru_cache(maxsize=1)
def _entries() -> tuple[tuple[str, int, str], ...]:
    out = []
    with _dict_path().open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 3 and len(parts[0]) >= 2:
                out.append((parts[0], int(parts[1]), parts[2]))
    return tuple(out)


def common_words() -> frozenset[str]:
    return _table("common")


def _plain_words() -> frozenset[str]:
    return _table("plain")


def is_plain_word(word: str) -> bool:
    """True for any dictionary noun, verb, adjective or idiom, however rare (封路,
    智库): stricter than is_common_word, for place tags, where a rare common
    noun is likelier than a place the dictionary calls a noun."""
    return word in _plain_words()


def _nouns() -> frozenset[str]:
    return _table("nouns")


def is_noun(word: str) -> bool:
    """True for a dictionary common noun (女篮, 电信, 教委): after a place it
    often names a body of that place, where an adjective or verb does not."""
    return word in _nouns()


def idioms() -> frozenset[str]:
    return _table("idioms")


def starts_idiom(text: str, s: int, e: int) -> bool:
    """True when text[s:e] opens an idiom written on (四平 in 四平八稳)."""
    words = idioms()
    return any(text[s:b] in words for b in range(max(e + 1, s + 4), min(len(text), s + 8) + 1))


def is_common_word(word: str) -> bool:
    """True for a frequent non-name dictionary word."""
    return word in common_words()
