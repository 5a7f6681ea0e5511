"""Curated reference data: the world the extractor knows by name.

Reads ``ontology/reference/*.csv`` (one file per class, see
docs/architecture.md for the columns) into ``RefEntity`` rows, an alias index
and the curated facts (a project's countries, a person's posts ...).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.paths import reference_dir

#: file stem → class
FILES: dict[str, str] = {
    "countries": "Country",
    "places": "Place",
    "organizations": "Organization",
    "people": "Person",
    "projects": "Project",
    "initiatives": "Initiative",
    "events": "Event",
}


def split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split("|") if v.strip())


@dataclass(frozen=True)
class RefFact:
    """A curated triple: subject key, property, object key or literal."""

    subject: str
    predicate: str
    object: str
    source_file: str
    date: str | None = None


@dataclass
class RefEntity:
    id: str
    cls: str
    name: str
    en: str | None = None
    aliases: tuple[str, ...] = ()
    abbr: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    wikidata: str | None = None
    identifiers: dict[str, str] = field(default_factory=dict)
    row: dict[str, str] = field(default_factory=dict)
    source_file: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """Every full surface form (canonical, aliases, English)."""
        out = [self.name, *self.aliases]
        if self.en:
            out.append(self.en)
        return tuple(dict.fromkeys(out))


class Reference:
    """All reference rows, indexed by id and by surface form."""

    def __init__(self, entities: list[RefEntity], facts: list[RefFact]) -> None:
        self.entities: dict[str, RefEntity] = {}
        for e in entities:
            if e.id in self.entities:
                raise ValueError(f"reference id {e.id!r} is defined twice "
                                 f"({self.entities[e.id].source_file}, {e.source_file})")
            self.entities[e.id] = e
        self.facts = facts
        self.by_name: dict[str, list[str]] = {}
        self.by_abbr: dict[str, list[str]] = {}
        for e in self.entities.values():
            for n in e.names:
                self.by_name.setdefault(n, []).append(e.id)
                if n.isascii():
                    self.by_name.setdefault(n.lower(), []).append(e.id)
            for a in e.abbr:
                self.by_abbr.setdefault(a, []).append(e.id)
        for d in (self.by_name, self.by_abbr):
            for k, v in d.items():
                d[k] = list(dict.fromkeys(v))
        self._one_char: dict[frozenset, dict[str, str]] = {}

    def one_character_forms(self, defaults: Mapping[str, str]) -> dict[str, str]:
        """The referent of each one-character form (中 → 中国, 美 → 美国): the
        lexicon's default where several rows share the form, else its only
        row; lexicon defaults for forms no row lists are added. Cached, since
        both the NLP and the extract stage ask for it."""
        key = frozenset(defaults.items())
        if key not in self._one_char:
            out: dict[str, str] = {}
            for a, ids in self.by_abbr.items():
                if len(a) != 1:
                    continue
                want = defaults.get(a)
                if want in ids:
                    out[a] = want
                elif len(ids) == 1:
                    out[a] = ids[0]
            for a, want in defaults.items():
                if want in self.entities and a not in out:
                    out[a] = want
            self._one_char[key] = out
        return self._one_char[key]

    def lookup(self, surface: str) -> list[RefEntity]:
        ids = self.by_name.get(surface) or self.by_name.get(surface.lower(), [])
        return [self.entities[i] for i in ids]

    def facts_about(self, entity_id: str) -> list[RefFact]:
        return [f for f in self.facts if f.subject == entity_id]

    def __len__(self) -> int:
        return len(self.entities)


def _facts_for(cls: str, e: RefEntity) -> list[RefFact]:
    """Turn class-specific columns into curated triples."""
    r, src, out = e.row, e.source_file, []

    def add(p: str, o: str | None, date: str | None = None) -> None:
        if o:
            out.append(RefFact(e.id, p, o, src, date))

    if cls == "Place":
        add("locatedIn", r.get("country"))
        add("locatedIn", r.get("parent"))
    elif cls == "Organization":
        for m in split(r.get("members")):
            out.append(RefFact(m, "memberOf", e.id, src))
    elif cls == "Person":
        add("affiliation", r.get("country"))
        for entry in split(r.get("positions")):
            title, org, start, _end = ([*entry.split(";"), "", "", ""])[:4]
            add("position", title.strip(), start.strip() or None)
            add("affiliation", org.strip() or None)
    elif cls == "Project":
        for c in split(r.get("countries")):
            add("locatedIn", c)
        for p in split(r.get("places")):
            add("locatedIn", p)
        add("partOf", r.get("initiative"))
    elif cls == "Event":
        add("heldIn", r.get("place") or r.get("country"))
        add("partOf", r.get("initiative"))
    return out


def load_reference(directory: str | Path | None = None) -> Reference:
    """Load every reference table; a missing table is an empty one."""
    directory = Path(directory) if directory else reference_dir()
    entities: list[RefEntity] = []
    facts: list[RefFact] = []
    for stem, cls in FILES.items():
        path = directory / f"{stem}.csv"
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            for lineno, row in enumerate(csv.DictReader(fh), start=2):
                row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
                if not row.get("id") or not row.get("name"):
                    raise ValueError(f"{path.name}:{lineno}: a row needs id and name")
                ids = {k: row[k] for k in ("iso2", "iso3") if row.get(k)}
                if row.get("wikidata"):
                    ids["wikidata"] = row["wikidata"]
                e = RefEntity(
                    id=row["id"], cls=cls, name=row["name"], en=row.get("en") or None,
                    aliases=split(row.get("aliases")), abbr=split(row.get("abbr")),
                    ambiguous=split(row.get("ambiguous")), wikidata=row.get("wikidata") or None,
                    identifiers=ids, row=row, source_file=path.name,
                )
                entities.append(e)
                facts.extend(_facts_for(cls, e))
    return Reference(entities, facts)


@lru_cache(maxsize=4)
def default_reference() -> Reference:
    """The shipped reference data, loaded once per process."""
    return load_reference()
