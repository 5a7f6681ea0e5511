"""Common nouns the model sometimes tags as names (高速公路 LOC, 廉价 ORG).

jieba's dictionary carries a part-of-speech tag and a corpus frequency for
each word; a frequent word tagged as an ordinary noun, verb or adjective is
not a name. We reuse that table instead of curating a stoplist by hand.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jieba

# tags of proper names and abbreviations in jieba's dictionary
_NAME_TAGS = {"nr", "nrt", "nrfg", "ns", "nt", "nz", "j", "eng"}
MIN_FREQ = 20  # rarer words are too often unlisted names (海法 16)


@lru_cache(maxsize=1)
def long_words() -> frozenset[str]:
    """Dictionary words of four or more characters (idioms, set phrases)."""
    path = Path(jieba.__file__).parent / "dict.txt"
    with path.open(encoding="utf-8") as fh:
        return frozenset(w for w in (line.split(" ", 1)[0] for line in fh) if len(w) >= 4)


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
def common_words() -> frozenset[str]:
    path = Path(jieba.__file__).parent / "dict.txt"
    out = set()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) < 3 or len(parts[0]) < 2:
                continue
            word, freq, tag = parts[0], parts[1], parts[2]
            if tag not in _NAME_TAGS and int(freq) >= MIN_FREQ:
                out.add(word)
    return frozenset(out)


def is_common_word(word: str) -> bool:
    """True for a frequent non-name dictionary word."""
    return word in common_words()
