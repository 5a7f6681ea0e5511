"""Mentions → canonical entities: one node per real-world referent.

A mention recognised by the gazetteer carries its reference id. Any other
mention is looked up by its cleaned name (aliases, Traditional forms and
English names are all reference keys); failing that it becomes a new entity
keyed by class and normalised name, so the same name in two documents is one
node. Ids are stable: the reference key, or a hash of the normalised name.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable

from kg.model import CLASSES, Entity, Mention
from kg.nlp.normalize import to_simplified
from kg.reference import Reference

_STRIP = re.compile(r"[“”\"'‘’「」『』《》〈〉\s\u3000]")
_DOTS = re.compile(r"[·•・‧]")


def name_key(text: str) -> str:
    """The form two mentions of one name share: Simplified, NFKC, no quotes or dots."""
    s = unicodedata.normalize("NFKC", to_simplified(text))
    s = _DOTS.sub("", _STRIP.sub("", s))
    s = re.sub(r"[—–－‐]", "-", s)
    return s.lower() if s.isascii() else s


# Suffixes a name may carry or drop without naming something else:
# 北京市 is 北京, 金砖国家集团 is 金砖国家, 中国日报社 is 中国日报.
_SUFFIXES = {
    "Place": ("特别行政区", "自治区", "地区", "市", "省", "县"),
    "Organization": ("集团", "组织", "社", "机制"),
    "Country": ("国",),
}


def _variants(key: str, cls: str) -> list[str]:
    out = [key[: -len(suf)] for suf in _SUFFIXES.get(cls, ()) if key.endswith(suf) and len(key) - len(suf) >= 2]
    out += [key + suf for suf in _SUFFIXES.get(cls, ())]
    if cls in ("Project", "Event") and len(key) > 4:
        out.append(key[1] + key[0] + key[2:])  # 巴中经济走廊 is 中巴经济走廊
    return out


def new_entity_id(cls: str, key: str) -> str:
    return f"{cls.lower()}/{hashlib.sha1(key.encode('utf-8')).hexdigest()[:12]}"


class Resolver:
    """Assigns every mention an entity id and builds the entity records."""

    def __init__(self, reference: Reference) -> None:
        self.ref = reference
        self._by_key: dict[str, list[str]] = defaultdict(list)
        for e in reference.entities.values():
            for n in e.names:
                self._by_key[name_key(n)].append(e.id)

    def _reference_id(self, m: Mention) -> str | None:
        if m.ref and m.ref in self.ref.entities:
            return m.ref
        key = name_key(m.norm)
        ids = self._by_key.get(key, [])
        same = [i for i in ids if self.ref.entities[i].cls == m.label]
        if same:
            return same[0]
        if len(ids) == 1 and m.source == "model":
            return ids[0]  # the model's class guess loses to curated data
        for variant in _variants(key, m.label):
            same = [i for i in self._by_key.get(variant, []) if self.ref.entities[i].cls == m.label]
            if same:
                return same[0]
        return None

    def resolve(self, mentions: Iterable[Mention]) -> tuple[dict[int, str], dict[str, Entity]]:
        """Map ``id(mention)`` → entity id, and return the entities."""
        mentions = [m for m in mentions if m.label in CLASSES]
        assigned: dict[int, str] = {}
        open_class: dict[str, list[Mention]] = defaultdict(list)
        for m in mentions:
            rid = self._reference_id(m)
            if rid:
                assigned[id(m)] = rid
            else:
                open_class[name_key(m.norm)].append(m)
        self._merge_partial_people(open_class)
        self._attach_partial_to_listed(open_class, mentions, assigned)
        for key, ms in open_class.items():
            if not key:
                continue
            votes: Counter[str] = Counter()
            for m in ms:
                votes[m.label] += m.confidence + (0.5 if m.source == "rule" else 0.0)
            cls = votes.most_common(1)[0][0]
            eid = new_entity_id(cls, key)
            for m in ms:
                assigned[id(m)] = eid
        entities = self._entities(mentions, assigned)
        return assigned, entities

    def _attach_partial_to_listed(self, groups: dict[str, list[Mention]], mentions: list[Mention],
                                  assigned: dict[int, str]) -> None:
        """河野 in a document that names 河野太郎 is that listed person."""
        listed: dict[str, set[str]] = defaultdict(set)  # doc → listed person ids
        for m in mentions:
            rid = assigned.get(id(m))
            if rid and rid in self.ref.entities and self.ref.entities[rid].cls == "Person":
                listed[m.doc_id].add(rid)
        for key in list(groups):
            ms = groups[key]
            if len(key) < 2 or not all(m.label == "Person" for m in ms):
                continue
            for m in list(ms):
                cands = [rid for rid in listed.get(m.doc_id, ())
                         if any(n != key and (n.startswith(key) or n.endswith(key)) and len(n) > len(key)
                                for n in self.ref.entities[rid].names)]
                if len(cands) == 1:
                    assigned[id(m)] = cands[0]
                    ms.remove(m)
            if not ms:
                del groups[key]

    def _merge_partial_people(self, groups: dict[str, list[Mention]]) -> None:
        """布林 and 布林肯 in one document are one person: the longer name wins."""
        people = {k: ms for k, ms in groups.items() if any(m.label == "Person" for m in ms)}
        for short in sorted(people, key=len):
            if len(short) < 2:
                continue
            docs = {m.doc_id for m in people[short]}
            longer = [k for k in people if k != short and len(k) > len(short)
                      and (k.startswith(short) or k.endswith(short))
                      and docs & {m.doc_id for m in people[k]}]
            if len(longer) == 1 and short in groups:
                groups[longer[0]].extend(groups.pop(short))

    def _entities(self, mentions: list[Mention], assigned: dict[int, str]) -> dict[str, Entity]:
        surfaces: dict[str, Counter[str]] = defaultdict(Counter)
        classes: dict[str, str] = {}
        docs: dict[str, set[str]] = defaultdict(set)
        for m in mentions:
            eid = assigned.get(id(m))
            if eid is None:
                continue
            # a synthesised mention (记者会 → 十四届全国人大二次会议记者会) is named by its norm
            form = m.text if name_key(m.text) == name_key(m.norm) else m.norm
            surfaces[eid][form] += 1
            docs[eid].add(m.doc_id)
            classes.setdefault(eid, m.label)
        out: dict[str, Entity] = {}
        for eid, forms in surfaces.items():
            r = self.ref.entities.get(eid)
            if r is not None:
                label, cls = r.name, r.cls
                alts = set(r.aliases) | {f for f in forms if len(f) >= 2}
                e = Entity(eid, cls, label, r.en, alts, dict(r.identifiers), sum(forms.values()),
                           docs[eid], date=r.row.get("date") or None, curated=True)
            else:
                best = max(forms.items(), key=lambda kv: (kv[1], -len(kv[0]), kv[0]))[0]
                label = to_simplified(best)
                alts = {f for f in forms if len(f) >= 2}
                e = Entity(eid, classes[eid], label, None, alts, {}, sum(forms.values()), docs[eid])
            e.alt_labels.discard(e.label)
            out[eid] = e
        return out
