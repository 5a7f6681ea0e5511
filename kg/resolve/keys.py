"""Name keys: when two names are one name, and when one is a short form of another.

Why a module of its own: the resolver, the event-series passes and the
rules that test short forms all compare names the same way; the scopes
(one post, one feed file) in which such comparisons may be made live here too.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from kg.model import Mention
from kg.nlp.normalize import to_simplified

_STRIP = re.compile(r"[“”\"'‘’「」『』《》〈〉\s\u3000]")
_DOTS = re.compile(r"[·•・‧]")


@lru_cache(maxsize=65536)  # the resolver asks again and again for the same names (issue 15)
def name_key(text: str) -> str:
    """The form two mentions of one name share: Simplified, NFKC, no quotes or dots."""
    s = unicodedata.normalize("NFKC", to_simplified(text))
    s = _DOTS.sub("", _STRIP.sub("", s))
    s = re.sub(r"[—–－‐]", "-", s)
    return s.lower() if s.isascii() else s


def new_entity_id(cls: str, key: str) -> str:
    """The stable id of an unlisted entity: its class and a hash of its name key."""
    return f"{cls.lower()}/{hashlib.sha1(key.encode('utf-8')).hexdigest()[:12]}"


# Suffixes a name may carry or drop without naming something else:
# 北京市 is 北京, 金砖国家集团 is 金砖国家, 中国日报社 is 中国日报.
_SUFFIXES = {
    "Place": ("特别行政区", "自治区", "地区", "市", "省", "县"),
    "Organization": ("集团", "组织", "社", "机制"),
    "Country": ("国",),
}


def key_variants(key: str, cls: str) -> list[str]:
    """Other keys of the same name: with or without a class suffix, a two-party compound turned."""
    out = [key[: -len(suf)] for suf in _SUFFIXES.get(cls, ()) if key.endswith(suf) and len(key) - len(suf) >= 2]
    out += [key + suf for suf in _SUFFIXES.get(cls, ())]
    if cls in ("Project", "Event") and len(key) > 4:
        out.append(key[1] + key[0] + key[2:])  # 巴中经济走廊 is 中巴经济走廊
    return out


_ORDINAL = re.compile(r"^(第[一二三四五六七八九十百零〇\d]+[届次轮]|首届|首次)")
# heads that name the same kind of gathering: 第二届高峰论坛 is 第二届…国际合作高峰论坛
_HEAD_CLASSES = (("高峰论坛", "峰会", "论坛"), ("会晤", "会谈"), ("博览会", "博会", "展览会", "交易会"),
                 ("选举", "大选"), ("记者会", "新闻发布会", "发布会"))
_ORG_TAILS = ("股份有限公司", "有限公司", "公司", "集团")


def _head_class(key: str) -> tuple[int, str] | None:
    for i, heads in enumerate(_HEAD_CLASSES):
        for h in heads:
            if key.endswith(h):
                return i, key[: -len(h)]
    return None


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def short_form_of(short: str, long: str, cls: str) -> bool:
    """Whether ``short`` is a within-document short form of ``long``: 新航 of
    新加坡航空公司, 第二届高峰论坛 or 第二届一带一路峰会 of 第二届“一带一路”国际合作高峰论坛.

    Only ever used among names one document mentions, where the writer relies
    on the reader connecting them.
    """
    if len(short) >= len(long) or len(short) < 2:
        return False
    if cls == "Organization":
        if any(long == short + t for t in _ORG_TAILS):
            return True  # 新加坡航空 of 新加坡航空公司
        bare = long.removeprefix("中国")  # 国航 of 中国国际航空公司
        return len(short) <= 3 and any(short[0] == x[0] and _subsequence(short, x) for x in {long, bare} if x)
    if cls != "Event":
        return False
    so, lo = _ORDINAL.match(short), _ORDINAL.match(long)
    if bool(so) != bool(lo) or (so and lo and so.group() != lo.group()):
        return False
    hs, hl = _head_class(short), _head_class(long)
    if not hs or not hl or hs[0] != hl[0]:
        return False
    core_s = hs[1][so.end():] if so else hs[1]
    core_l = hl[1][lo.end():] if lo else hl[1]
    return (bool(so) or len(core_s) >= 2) and _subsequence(core_s, core_l)


def collection(doc_id: str) -> str:
    """Posts of one feed file (a.csv#L3, a.csv#L9) discuss the same events."""
    return doc_id.split("#L", 1)[0]


def scope(m: Mention) -> str:
    """Where a short form may find its full name: events across a feed file,
    organisations within one post."""
    return collection(m.doc_id) if m.label == "Event" else m.doc_id
