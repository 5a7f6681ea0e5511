"""Curated reference data: the world the extractor knows by name.

Reads ``ontology/reference/*.csv`` (one file per class, see
docs/architecture.md for the columns) into ``RefEntity`` rows, an alias index
and the curated facts (a project's countries, a person's posts ...).

Facts that hold for a time carry it: a person's posts (``positions`` from/to)
and memberships (``memberships.csv``: country, organisation or initiative,
status, from, to, source). ``Reference.facts_on(date)`` keeps those that held
on a date, so a 2022 text does not make Belarus an SCO member (2024-07-04).
"""

from __future__ import annotations

import calendar
import csv
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from kg.paths import reference_dir

T = TypeVar("T")

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


#: the membership statuses of memberships.csv; only ``member`` makes a memberOf fact
STATUSES = ("member", "observer", "partner", "dialogue partner")
_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def date_bounds(value: str | None) -> tuple[str, str] | None:
    """The first and last day an ISO date of any precision covers (2023-12 → 2023-12-01, 2023-12-31);
    None for no date or a year-less one (--03-06)."""
    if not value or not _ISO.match(value):
        return None
    y = int(value[:4])
    if len(value) == 4:
        return f"{y:04d}-01-01", f"{y:04d}-12-31"
    m = int(value[5:7])
    if len(value) == 7:
        return f"{value}-01", f"{value}-{calendar.monthrange(y, m)[1]:02d}"
    return value, value


@dataclass(frozen=True)
class RefFact:
    """A curated triple: subject key, property, object key or literal, and when it held.

    ``date`` is the first day (a post taken up, a membership begun, an act done),
    ``end`` the last (None: still holds); ``source`` names where the period is from."""

    subject: str
    predicate: str
    object: str
    source_file: str
    date: str | None = None
    end: str | None = None
    source: str | None = None

    def held_on(self, when: str | None) -> bool:
        """Whether the fact held at some time in the period ``when`` names (2023 = all of 2023).
        An undated ``when`` asks for current facts: those without an end."""
        span = date_bounds(when)
        if span is None:
            return self.end is None
        start, end = date_bounds(self.date), date_bounds(self.end)
        return (start is None or start[0] <= span[1]) and (end is None or end[1] >= span[0])


@dataclass(frozen=True)
class Membership:
    """One row of memberships.csv: a country's status in an organisation or initiative over a period."""

    country: str
    organization: str
    status: str
    start: str
    end: str | None
    source: str
    note: str = ""


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
        self.memberships: list[Membership] = []
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
        #: the files it was loaded from and the code that read them (``load_reference``), or none:
        #: tables compiled from it (the gazetteer's keys, the resolver's name keys) are kept in the
        #: cache folder under these (``kg.cache.memo``), so editing a table rebuilds them
        self.sources: list[Path] = []

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

    def facts_on(self, when: str | None) -> list[RefFact]:
        """The curated facts that held on ``when`` (ISO, any precision); undated: the current ones."""
        return [f for f in self.facts if f.held_on(when)]

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
        # undated current members; memberships.csv dates them and replaces these (load_reference)
        for m in split(r.get("members")):
            out.append(RefFact(m, "memberOf", e.id, src))
    elif cls == "Person":
        add("affiliation", r.get("country"))
        for entry in split(r.get("positions")):
            title, org, start, end = (s.strip() or None for s in ([*entry.split(";"), "", "", ""])[:4])
            if title:
                out.append(RefFact(e.id, "position", title, src, start, end, r.get("source") or None))
            if org:
                out.append(RefFact(e.id, "affiliation", org, src, start, end, r.get("source") or None))
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


def compiled(reference: Reference, name: str, code: Sequence[Path], build: Callable[[], T]) -> T:
    """``build()`` (a table made from ``reference``), kept in the cache folder under the files
    ``reference`` was loaded from and the ``code`` that makes the table (``kg.cache.memo``);
    made afresh for a reference not loaded from files."""
    if not reference.sources:
        return build()
    from kg.cache import memo

    return memo(name, [*reference.sources, *code], build)


def load_reference(directory: str | Path | None = None) -> Reference:
    """Load every reference table; a missing table is an empty one.

    The loaded reference is kept pickled in the cache folder under the tables and
    this module (``kg.cache.memo``): reading ~3,000 CSV rows into entities, facts and
    name indexes took ~0.07 s of every start-up, unpickling them takes half that.
    """
    import pickle

    from kg.cache import memo

    directory = Path(directory) if directory else reference_dir()
    tables = [directory / f"{stem}.csv" for stem in (*FILES, "memberships")]
    sources = [*(p for p in tables if p.exists()), Path(__file__)]
    data = memo("reference", sources, lambda: pickle.dumps(_read(directory), protocol=pickle.HIGHEST_PROTOCOL))
    ref = pickle.loads(data)  # noqa: S301 - written by this function into the user's own cache folder
    ref.sources = sources
    return ref


def _read(directory: Path) -> Reference:
    """The reference tables of ``directory`` read and indexed."""
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
    memberships = load_memberships(directory / "memberships.csv")
    if memberships:
        covered = {(m.country, m.organization) for m in memberships}
        facts = [f for f in facts if not (f.predicate == "memberOf" and (f.subject, f.object) in covered)]
        facts.extend(membership_facts(memberships, {e.id: e.cls for e in entities}))
    ref = Reference(entities, facts)
    ref.memberships = memberships
    return ref


def load_memberships(path: Path) -> list[Membership]:
    """memberships.csv rows; a missing file is none. Checked by tests/test_reference_periods.py."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [Membership(r["country"].strip(), r["organization"].strip(), r["status"].strip(),
                           r["from"].strip(), (r.get("to") or "").strip() or None, (r.get("source") or "").strip(),
                           (r.get("note") or "").strip())
                for r in csv.DictReader(fh)]


def membership_facts(rows: list[Membership], classes: Mapping[str, str]) -> list[RefFact]:
    """A member of an organisation is ``memberOf`` it from..to; a country that signed up to an
    initiative ``joined`` it on the first day and ``withdrewFrom`` it on the last (acts that, once
    done, stay done). Observers, partners of organisations and dialogue partners make no fact."""
    out: list[RefFact] = []
    for m in rows:
        cls = classes.get(m.organization)
        if cls == "Organization" and m.status == "member":
            out.append(RefFact(m.country, "memberOf", m.organization, "memberships.csv", m.start, m.end, m.source))
        elif cls == "Initiative":
            out.append(RefFact(m.country, "joined", m.organization, "memberships.csv", m.start, None, m.source))
            if m.end:
                out.append(RefFact(m.country, "withdrewFrom", m.organization, "memberships.csv", m.end, None,
                                   m.source))
    return out


@lru_cache(maxsize=4)
def default_reference() -> Reference:
    """The shipped reference data, loaded once per process."""
    return load_reference()
