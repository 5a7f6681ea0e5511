"""The resolver: every mention gets an entity id, and the entities get their records.

Order of work in :meth:`Resolver.resolve`: a reference id (the gazetteer's,
or a curated name, alias or variant of the mention's class); then, for the
rest, grouping by name key and the passes that join groups (partial names of
people, short forms, event series editions, turned compounds); what is left
becomes a new entity keyed by class and name.
"""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from kg.model import CLASSES, Entity, Mention
from kg.nlp.normalize import to_simplified
from kg.reference import Reference, compiled
from kg.resolve.keys import collection, key_variants, name_key, new_entity_id, scope, short_form_of
from kg.resolve.series import EventSeries

# The passes that join unlisted names after the reference look-up, in order: a name
# (for ``disabled``, $KG_DISABLE_PASSES and ``kg rules``) and what each does. Each has
# accept/reject examples in ontology/resolve/examples/<name>.yaml (tests/test_resolver_passes.py).
PASSES: tuple[tuple[str, str], ...] = (
    ("partial_people", "布林 and 布林肯 in one document are one person: the longer name wins"),
    ("partial_to_listed", "河野 in a document that names the listed 河野太郎 is that person"),
    ("named_edition", "a series named in a document that names exactly one of its listed editions means it"),
    ("edition_by_year", "a yearly series named in a dated document means that year's edition"),
    ("short_forms", "an unlisted short form of a name the same document gives in full joins that name"),
    ("latest_in_feed", "a bare series name in an undated post of a feed means the latest edition the feed names"),
    ("reversed_compounds", "欧中领导人会晤 is 中欧领导人会晤: the order of a two-party compound does not matter"),
)
_SHORT_FORM_CLASSES = frozenset({"Organization", "Event"})  # 新航, 第二届高峰论坛: see keys.short_form_of
_DAY_SUFFIX = re.compile(r"（\d{4}-\d{2}-\d{2}）$")
_GENERIC_EVENT = re.compile(r"^(\d{4}年|第?[一二三四五六七八九十百零〇\d]+[届次轮]|首届|首次|本届|这次|此次)"
                            r"(峰会|高峰论坛|论坛|会议|会晤|会谈|记者会|年会|大会)$")


_PLACE_TAILS = ("市", "县")  # not 州/省: 某某州 and 某某市 are often two places


def reference_keys(reference: Reference) -> dict[str, list[str]]:
    """Name key → ids of the reference entities with a name of that key (in the reference's order).

    Kept compiled in the cache folder when the reference was loaded from files
    (``kg.cache.memo`` under them and the code making keys): ~12 K name keys took
    ~0.07 s at every start-up.
    """
    def index() -> dict[str, list[str]]:
        by_key: dict[str, list[str]] = defaultdict(list)
        for e in reference.entities.values():
            for n in e.names:
                by_key[name_key(n)].append(e.id)
        return dict(by_key)

    from kg.nlp.normalize import converter_sources
    from kg.resolve import keys

    return compiled(reference, "resolver-keys", [Path(keys.__file__), *converter_sources()], index)


class Resolver:
    """Assigns every mention an entity id and builds the entity records."""

    def __init__(self, reference: Reference, disabled: Iterable[str] | None = None) -> None:
        """``disabled``: passes to leave out (default: ``$KG_DISABLE_PASSES``, comma-separated),
        to measure what each contributes; unknown names fail."""
        if disabled is None:
            disabled = [x for x in os.environ.get("KG_DISABLE_PASSES", "").split(",") if x.strip()]
        self.disabled = {x.strip() for x in disabled}
        unknown = self.disabled - {n for n, _ in PASSES}
        if unknown:
            raise ValueError(f"unknown resolver passes: {sorted(unknown)} (known: {[n for n, _ in PASSES]})")
        self.ref = reference
        self._by_key = reference_keys(reference)
        self.series = EventSeries(reference, self._by_key)
        self._keys_of: dict[str, set[str]] = {}

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
        if m.label == "Event":
            edition = self.series.ordinal_edition(key, self._by_key)
            if edition is not None:
                return edition
        variants = key_variants(key, m.label)
        if m.label == "Event":
            variants += self._place_moved(key)
        for variant in variants:
            same = [i for i in self._by_key.get(variant, []) if self.ref.entities[i].cls == m.label]
            if same:
                return same[0]
        if m.label == "Organization":
            return self._country_prefixed(key)
        return None

    def _country_prefixed(self, key: str) -> str | None:
        """中国外交学院 is 外交学院: a listed body of that country, written after its country's name."""
        for n in (2, 3, 4, 5):
            countries = [i for i in self._by_key.get(key[:n], []) if self.ref.entities[i].cls == "Country"]
            if not countries or len(key) - n < 2:
                continue
            bodies = [i for i in self._by_key.get(key[n:], []) if self.ref.entities[i].cls == "Organization"
                      and self.ref.entities[i].row.get("country") == countries[0]]
            if bodies:
                return bodies[0]
        return None

    def _place_moved(self, key: str) -> list[str]:
        """杭州G20峰会 is G20杭州峰会: a leading place name may sit after the
        organiser's name instead."""
        out = []
        for k in (2, 3, 4):
            place = key[:k]
            if not any(self.ref.entities[i].cls in ("Place", "Country") for i in self._by_key.get(place, ())):
                continue
            out += [key[k:j] + place + key[j:] for j in range(k + 1, len(key) - 1)]
        return out

    def resolve(self, mentions: Iterable[Mention],
                doc_dates: dict[str, str] | None = None) -> tuple[dict[int, str], dict[str, Entity]]:
        """Map ``id(mention)`` → entity id, and return the entities.

        ``doc_dates`` (document id → ISO date) lets a year-less short form
        (两会记者会 in a 2022 post) pick the edition of its document's year."""
        self.series.doc_dates = doc_dates or {}
        self.series.kept = {}
        mentions = [m for m in mentions if m.label in CLASSES]
        assigned: dict[int, str] = {}
        open_class: dict[str, list[Mention]] = defaultdict(list)
        for m in mentions:
            rid = self._reference_id(m)
            if rid:
                assigned[id(m)] = rid
            else:
                key = self.series.edition_key(name_key(m.norm)) if m.label == "Event" else name_key(m.norm)
                open_class[key].append(m)
        series_of = self.series.series_of

        listed: dict[str, list[Mention]] = {}  # the last list of_series made

        def of_series(again: bool = True) -> list[Mention]:
            """The mentions the series passes look at (assigned to a series or an edition), in order:
            a few hundred of a large corpus's 100 K mentions, each pass walked all of them twice.
            ``again=False``: the list an earlier series pass made, if any (named_edition only moves
            mentions from a series to one of its editions, so no mention enters the list)."""
            if again or "series" not in listed:
                listed["series"] = [m for m in mentions if assigned.get(id(m)) in series_of]
            return listed["series"]

        run: dict[str, Callable[[], None]] = {
            "partial_people": lambda: self._merge_partial_people(open_class),
            "partial_to_listed": lambda: self._attach_partial_to_listed(open_class, mentions, assigned),
            "named_edition": lambda: self.series.to_named_edition(of_series(), assigned),
            "edition_by_year": lambda: self.series.by_document_year(of_series(again=False), assigned, open_class),
            "short_forms": lambda: self._attach_short_forms(open_class, mentions, assigned),
            "latest_in_feed": lambda: self.series.latest_in_feed(of_series(), assigned, open_class),
            "reversed_compounds": lambda: self._merge_reversed_compounds(open_class),
        }
        for name, _doc in PASSES:
            if name not in self.disabled:
                run[name]()
        for key, ms in open_class.items():
            if not key or (len(key) == 1 and all(m.label == "Person" for m in ms)):
                continue  # a bare surname (江主席) nobody in the document's listed people matches
            if len(key) == 2 and all(m.label == "Organization" and m.source == "model" for m in ms):
                continue  # 联通, 普惠: two-character organisation guesses are too often word fragments
            if all(m.label == "Event" for m in ms) and _GENERIC_EVENT.match(key):
                continue  # 2016年峰会, 第十五次峰会: a bare head with a date or number names nothing by itself
            votes: dict[str, float] = defaultdict(float)
            for m in ms:
                votes[m.label] += m.confidence + (0.5 if m.source == "rule" else 0.0)
            cls = max(votes, key=votes.__getitem__)  # the first class to reach the highest vote
            eid = new_entity_id(cls, key)
            for m in ms:
                assigned[id(m)] = eid
        entities = self._entities(mentions, assigned)
        for eid, forms in self.series.kept.items():  # 上海合作组织天津峰会 stays a name of the edition it means
            if eid in entities:
                entities[eid].alt_labels |= {f for f in forms if f != entities[eid].label}
        for e in entities.values():  # 外交部例行记者会（2022-02-24）: a routine event of one day, also by its plain name
            day = _DAY_SUFFIX.search(e.label) if e.cls == "Event" else None
            if day is not None:
                e.alt_labels.add(e.label[:day.start()])
        return assigned, entities

    def _attach_partial_to_listed(self, groups: dict[str, list[Mention]], mentions: list[Mention],
                                  assigned: dict[int, str]) -> None:
        """河野 in a document that names 河野太郎 is that listed person."""
        listed: dict[str, set[str]] = defaultdict(set)  # doc, and feed file → listed person ids
        for m in mentions:
            rid = assigned.get(id(m))
            if rid and rid in self.ref.entities and self.ref.entities[rid].cls == "Person":
                listed[m.doc_id].add(rid)
                listed["file:" + collection(m.doc_id)].add(rid)

        def fits(rid: str, key: str, strict: bool) -> bool:
            for n in self.ref.entities[rid].names:
                if n == key or len(n) <= len(key):
                    continue
                if strict:  # across posts only a whole part of a foreign name: 敦 of 敦·帕马威奈
                    if n.startswith(key + "·") or n.endswith("·" + key):
                        return True
                elif n.startswith(key) or (len(key) > 1 and n.endswith(key)):
                    return True
            return False

        for key in list(groups):
            ms = groups[key]
            if not key or not all(m.label == "Person" for m in ms):
                continue
            for m in list(ms):
                cands = [rid for rid in listed.get(m.doc_id, ()) if fits(rid, key, False)]
                if not cands and m.doc_id != collection(m.doc_id):
                    cands = [rid for rid in listed.get("file:" + collection(m.doc_id), ()) if fits(rid, key, True)]
                if len(cands) == 1:
                    assigned[id(m)] = cands[0]
                    ms.remove(m)
            if not ms:
                del groups[key]

    def _merge_reversed_compounds(self, groups: dict[str, list[Mention]]) -> None:
        """欧中领导人会晤 is 中欧领导人会晤: the order of a two-party compound
        at the start of an event or project name does not change the referent."""
        singles = {a for a in self.ref.by_abbr if len(a) == 1}
        for key in sorted(groups):
            if len(key) < 4 or key[0] not in singles or key[1] not in singles or key not in groups:
                continue
            if not {m.label for m in groups[key]} & {"Event", "Project"}:
                continue
            other = key[1] + key[0] + key[2:]
            if other in groups and other != key:
                keep, drop = sorted((key, other), key=lambda k: (-len(groups[k]), k))
                groups[keep].extend(groups.pop(drop))

    def _attach_short_forms(self, groups: dict[str, list[Mention]], mentions: list[Mention],
                            assigned: dict[int, str]) -> None:
        """Unlisted short forms (新航, 第二届高峰论坛) of a name the same document
        gives in full join that name's entity, when exactly one name fits."""
        # scope → class → target → name keys
        full: dict[str, dict[str, dict[str, set[str]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(set)))
        for m in mentions:  # only these classes have short forms (below); a target's names are its own
            rid = assigned.get(id(m)) if m.label in _SHORT_FORM_CLASSES else None
            if rid and rid in self.ref.entities:
                full[scope(m)][m.label][rid] |= self._name_keys(rid)
        for key, group in groups.items():
            for m in group:
                if m.label in _SHORT_FORM_CLASSES:
                    full[scope(m)][m.label]["key:" + key].add(key)
        for key in sorted(groups, key=lambda k: (-len(k), k)):  # 新加坡航空 joins 新加坡航空公司 before 新航
            ms = groups.get(key)
            if not ms or {m.label for m in ms} - _SHORT_FORM_CLASSES:
                continue
            # a target's names do not depend on the scope, and nothing below changes which keys
            # are groups until this key is done: whether a target fits is asked once per key
            shorter: dict[tuple[str, str], bool] = {}
            in_scope: dict[tuple[str, str], set[str]] = {}
            for m in list(ms):
                where, cls = scope(m), m.label
                fits = in_scope.get((where, cls))
                if fits is None:
                    fits = set()
                    for target, names in full[where][cls].items():
                        if target == "key:" + key or (target.startswith("key:") and target[4:] not in groups):
                            continue
                        hit = shorter.get((cls, target))
                        if hit is None:
                            hit = shorter[(cls, target)] = any(short_form_of(key, n, cls) for n in names)
                        if hit:
                            fits.add(target)
                    in_scope[(where, cls)] = fits
                fits = set(fits)
                by_year = len(fits) > 1
                if by_year:
                    fits = self.series.same_year(fits, m.doc_id, {(c, t): ns for c, by in full[where].items()
                                                                  for t, ns in by.items()})
                if len(fits) != 1:
                    continue
                target = fits.pop()
                if by_year and target in self.ref.entities:
                    # 两会记者会 in a 2019 post is the 2019 edition, but not one of its names
                    m.norm = self.ref.entities[target].name
                ms.remove(m)
                if target.startswith("key:"):
                    groups[target[4:]].append(m)
                else:
                    assigned[id(m)] = target
            if not ms:
                del groups[key]

    def _name_keys(self, rid: str) -> set[str]:
        """The name keys of a listed entity (asked once per mention otherwise: issue 15)."""
        keys = self._keys_of.get(rid)
        if keys is None:
            keys = self._keys_of[rid] = {name_key(n) for n in self.ref.entities[rid].names}
        return keys

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
        get = assigned.get
        for m in mentions:
            eid = get(id(m))
            if eid is None:
                continue
            # a synthesised mention (记者会 → 十四届全国人大二次会议记者会) is named by its norm
            text = m.text
            form = text if text == m.norm or name_key(text) == name_key(m.norm) else m.norm
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
                if classes[eid] == "Place":  # 某某市 is also called 某某 (the name a reader searches for)
                    alts |= {label[:-len(suf)] for suf in _PLACE_TAILS if label.endswith(suf) and len(label) - len(suf) >= 2}
                e = Entity(eid, classes[eid], label, None, alts, {}, sum(forms.values()), docs[eid])
            e.alt_labels.discard(e.label)
            out[eid] = e
        return out
