"""Text normalisation for matching, keeping every offset valid.

The normalised copy has exactly the length of the original, so a mention
found in it quotes the original characters by the same offsets: Traditional
input is matched in Simplified while evidence keeps the source text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import opencc

# Weibo noise: @handles and URLs are masked with spaces (same length);
# #话题# markers stay, since a hashtag that is a name is a mention of it.
_HANDLE = re.compile(r"@[\w\u4e00-\u9fff\-]{1,30}")
_URL = re.compile(r"https?://[^\s\u4e00-\u9fff]+")


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def converter_sources() -> list[Path]:
    """This module and OpenCC's: a table compiled through ``to_simplified`` is kept under them
    (``kg.cache.memo``), so a new OpenCC release or an edit here rebuilds it."""
    return [Path(__file__), Path(opencc.__file__)]


def to_simplified(text: str) -> str:
    """Traditional → Simplified with the same length (opencc phrase mode,
    falling back to character mode where a phrase changes the length)."""
    conv = _converter().convert(text)
    if len(conv) == len(text):
        return conv
    out = []
    for ch in text:
        c = _converter().convert(ch)
        out.append(c if len(c) == 1 else ch)
    return "".join(out)


def _mask(match: re.Match) -> str:
    return " " * (match.end() - match.start())


def normalize(text: str) -> str:
    """The matching copy of ``text``: Simplified, handles and URLs masked,
    full-width ASCII folded (same length)."""
    s = to_simplified(text)
    s = _URL.sub(_mask, s)
    s = _HANDLE.sub(_mask, s)
    return s.translate(_FULLWIDTH)


_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if chr(cp) not in "，：；！？（）"}
_FULLWIDTH[0x3000] = 0x20
