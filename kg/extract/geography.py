"""Where places and projects lie, as news states it without a verb.

Two constructions, both driven by ``ontology/frames/geography.yaml``:

* a country (or a province) followed by a descriptor and a place puts the
  place in it: 埃及北部港口城市亚历山大, 智利的瓦尔帕莱索, and a coordinated
  place with its own descriptor shares the country (…亚历山大和南部城市阿斯旺);
* a route's list of places after 连接/途经/横跨 runs through descriptors,
  possessives and coordinators (横跨某国首都某城的某湾: every place of the chain),
  but stops at a verb, a comma or a number.

Written here rather than as spaCy Matcher patterns because both depend on the
mentions found before (their labels and the reference data's place kinds),
not on token attributes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from kg.model import Mention, RelationCandidate, Sentence
from kg.reference import Reference

# Places that are not "in" a country by apposition: seas, oceans, straits, continents.
_NOT_IN_COUNTRY = {"continent", "region", "subregion", "sea", "ocean", "strait", "canal", "historic-route"}


_SPAN_JOINS = ("至", "到", "—", "–", "-", "－")
_SECTION = re.compile(r"(?:区段|路段|段)")


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@dataclass(frozen=True)
class Geography:
    """The descriptor vocabulary of ``geography.yaml``, compiled once."""

    directions: tuple[str, ...] = ()
    modifiers: tuple[str, ...] = ()
    nouns: tuple[str, ...] = ()
    coordinators: tuple[str, ...] = ()
    copula: tuple[str, ...] = ()
    region_kinds: tuple[str, ...] = ()
    near_words: tuple[str, ...] = ()

    @classmethod
    def from_data(cls, data: dict) -> Geography:
        return cls(**{k: tuple(data.get(k) or ()) for k in
                      ("directions", "modifiers", "nouns", "coordinators", "copula", "region_kinds")},
                   near_words=tuple(data.get("near") or ()))

    @cached_property
    def descriptor(self) -> re.Pattern[str]:
        """<的>? <direction>? <的>? <modifier>* <noun>? <的>?: what may stand between a country and its place."""
        d, m, n = _alt(self.directions), _alt(self.modifiers), _alt(self.nouns)
        return re.compile(rf"^的?(?:{d})?的?(?:{m})*(?:{n})?的?$")

    @cached_property
    def carried(self) -> re.Pattern[str]:
        """<coordinator> <descriptor with a noun>: a second place of the same country (…和首都某城)."""
        c, d, m, n = _alt(self.coordinators), _alt(self.directions), _alt(self.modifiers), _alt(self.nouns)
        return re.compile(rf"^(?:{c})(?:{d})?的?(?:{m})*(?:{n})$")

    @cached_property
    def near(self) -> re.Pattern[str]:
        """以北, 附近 … (``near`` in geography.yaml): used with ``.match(text, pos)`` right after a place."""
        return re.compile(f"(?:{_alt(self.near_words)})" if self.near_words else "(?!)")

    @cached_property
    def route_glue(self) -> re.Pattern[str]:
        """What may join the places of one route list: descriptors, coordinators, 至/到, 境内, 段."""
        parts = _alt(self.directions + self.modifiers + self.nouns + self.coordinators
                     + ("的", "至", "到", "—", "-", "境内", "段", "边境", "之间", "交界处", "两国", "三国"))
        return re.compile(rf"^(?:{parts})*$")


def kind(m: Mention, ref: Reference) -> str:
    if m.ref and m.ref in ref.entities:
        return ref.entities[m.ref].row.get("kind", "") or ""
    return ""


def _known_country(m: Mention, ref: Reference) -> str:
    if m.ref and m.ref in ref.entities:
        return ref.entities[m.ref].row.get("country", "") or ""
    return ""


def appositions(sentence: Sentence, norm: str, flat: list[Mention], ref: Reference,
                geo: Geography) -> list[RelationCandidate]:
    """Country + descriptor + place (and the places coordinated or chained with it) → place locatedIn country.

    ``flat``: the sentence's outermost mentions in text order. A place right after
    its country with nothing between is left to the name rules (希腊比雷埃夫斯港)."""
    out: list[RelationCandidate] = []
    anchor: Mention | None = None  # the country named last
    placed: Mention | None = None  # the last place put in it
    prev: Mention | None = None
    for m in flat:
        gap = norm[prev.end:m.start] if prev is not None else ""
        if m.label == "Country":
            anchor, placed = m, None
        elif m.label == "Place" and anchor is not None and kind(m, ref) not in _NOT_IN_COUNTRY:
            known = _known_country(m, ref)
            fits = not (known and anchor.ref and known != anchor.ref)
            if fits and prev is anchor and 0 < len(gap) <= 12 and geo.descriptor.match(gap):
                out.append(RelationCandidate(m, "locatedIn", anchor, sentence, 0.75, "name"))
                placed = m
            elif fits and prev is placed and placed is not None and (
                    geo.carried.match(gap) or gap in _SPAN_JOINS or (0 < len(gap) <= 12 and gap not in geo.coordinators
                                                                      and geo.descriptor.match(gap))):
                # (某国境内甲城至乙城: both ends of a span inside the country)
                # …某港和首都某城 (coordinated, with its own descriptor); …南部某地区的某省 (a chain)
                out.append(RelationCandidate(m, "locatedIn", anchor, sentence, 0.7, "name"))
                placed = m
            else:
                anchor, placed = None, None
        else:
            anchor, placed = None, None
        prev = m
    return out


def route_objects(norm: str, tj: int, hi: int, after: list[Mention], labels: set[str],
                  geo: Geography) -> list[Mention]:
    """The places of a route list starting right after a trigger at ``tj`` (连接 A 和 B, 横跨 X 首都 Y 的 Z):
    consecutive place mentions joined only by descriptors, coordinators and possessives.
    ``after``: outermost mentions from ``tj`` to the clause end ``hi``, in text order."""
    out: list[Mention] = []
    pos = tj
    for m in after:
        if m.start < pos:
            continue
        gap = norm[pos:m.start]
        if gap and not geo.route_glue.match(gap):
            break
        if gap.endswith("的") and not out:
            break  # 连接…的 X: a relative clause, its head is not on the route
        if m.label not in labels:
            break
        out.append(m)
        pos = m.end
    return [m for m in out if not geo.near.match(norm, m.end)]


def copula_region(norm: str, tj: int, after: list[Mention], ref: Reference, geo: Geography) -> list[Mention]:
    """是南美洲最大的深水港, 是东南亚首条高铁: the region right after the copula, when a
    superlative or a possessive follows (not 是中国在海外…, a country as actor)."""
    first = next((m for m in after if m.start >= tj), None)
    if first is None or first.start != tj or first.label != "Place":
        return []
    if kind(first, ref) in ("sea", "ocean", "strait", "canal"):
        return []
    rest = norm[first.end:first.end + 14]
    if re.match(r"^(地区|境内|国家)?(最|首|第一|唯一|规模最|[^，,。；;]{0,10}(最|首个|首条|第一))", rest) \
            or re.match(r"^[^，,。；;的]{0,8}(沿岸|地区)?的", rest):
        return [first]
    return []


_DASH = re.compile(r"[—–\-－]")
_CJK_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,6}$")


def route_name_places(doc_id: str, text: str, norm: str, mentions: list[Mention], sentences: list[Sentence],
                      suffixes: tuple[str, ...], ref: Reference) -> list[Mention]:
    """某某—某某铁路 names its two ends: each part of a dashed project name is a place,
    wherever the document writes it (the model may have cut an unknown name there
    into one-character country forms). A project named after a listed one (某某铁路隧道)
    also names that one. Returns the new mentions."""
    ends: set[str] = set()
    inner_projects: list[Mention] = []
    for m in mentions:
        if m.label != "Project" or not _DASH.search(m.norm):
            continue
        body, stripped = m.norm, 0
        while True:  # 某某—某某铁路隧道: the railway's tunnel; its ends are the railway's
            suf = next((x for x in sorted(suffixes, key=len, reverse=True) if body.endswith(x) and x != body), None)
            if suf is None:
                break
            body, stripped = body[: -len(suf)], stripped + 1
        if not stripped:
            continue
        last = next(x for x in sorted(suffixes, key=len, reverse=True) if m.norm.endswith(x))
        inner = m.norm[: -len(last)]
        listed = [h for h in ref.lookup(inner) if h.cls == "Project"]
        if stripped >= 2 and listed and not any(x.start == m.start and x.end == m.start + len(inner) for x in mentions):
            inner_projects.append(Mention(doc_id, m.start, m.start + len(inner), text[m.start:m.start + len(inner)],
                                          "Project", inner, "rule", listed[0].id, m.sentence, 0.8))
        parts = _DASH.split(body)
        if len(parts) == 2 and all(_CJK_NAME.match(p) for p in parts):
            for p in parts:
                hits = ref.lookup(p)
                if not any(h.cls == "Country" for h in hits):
                    ends.add(p)
    out: list[Mention] = []
    for name in sorted(ends):
        for hit in re.finditer(re.escape(name), norm):
            i, j = hit.span()
            if any(x.start <= i and j <= x.end and x.end - x.start > j - i and x.label not in ("Country", "Person")
                   for x in mentions if x.start < j and i < x.end) and not any(
                    x.start == i and x.end == j for x in mentions):
                # inside a longer name other than a cut-up country form: the project's own name
                inside_project = any(x.label == "Project" and x.start <= i and j <= x.end for x in mentions)
                if not inside_project:
                    continue
            if any(x.start == i and x.end == j and x.label in ("Place", "Country") for x in mentions):
                continue
            known = [h for h in ref.lookup(name) if h.cls == "Place"]
            sent = next((s.index for s in sentences if s.start <= i < s.end), None)
            out.append(Mention(doc_id, i, j, text[i:j], "Place", name, "rule",
                               known[0].id if known else None, sent, 0.7))
    return out + inner_projects


def sections(sentence: Sentence, norm: str, flat: list[Mention], geo: Geography) -> list[RelationCandidate]:
    """某铁路某国境内甲城至乙城段: a project's section named by its two ends runs through both
    (``flat``: the sentence's outermost mentions in text order)."""
    out: list[RelationCandidate] = []
    for i, p in enumerate(flat):
        if p.label != "Project":
            continue
        rest = flat[i + 1:i + 4]
        if rest and rest[0].label == "Country" and norm[p.end:rest[0].start] == "":
            rest = rest[1:]  # 某铁路某国境内…: the country the section lies in (appositions place the ends there)
        if len(rest) < 2 or rest[0].label != "Place" or rest[1].label != "Place":
            continue
        a, b = rest[0], rest[1]
        if norm[a.end:b.start] in _SPAN_JOINS and _SECTION.match(norm, b.end) \
                and geo.descriptor.match(_strip_country(norm, p.end, a.start, flat)):
            out += [RelationCandidate(p, "locatedIn", m, sentence, 0.75, "rule") for m in (a, b)]
    return out


def _strip_country(norm: str, start: int, end: int, flat: list[Mention]) -> str:
    """The words between two mentions with a country mention between them taken out."""
    inner = [m for m in flat if start <= m.start and m.end <= end and m.label == "Country"]
    return norm[inner[-1].end:end] if inner else norm[start:end]
