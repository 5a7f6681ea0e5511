"""Event data: one row per dated interaction, in the shape political scientists use (GDELT, ICEWS, PLOVER).

Each extracted assertion of an interaction property (met, visited,
participatedIn, hosted, joined, withdrewFrom, mediated, signed) whose act
date has a year becomes a row: the two actors with their countries (a
person's through their affiliation, an organisation's seat, a place's
country), the CAMEO code (the frame's, else the property's default in
ontology/kg.ttl), its PLOVER type and Goldstein weight (ontology/cameo.csv),
the place, modality, confidence and the evidence sentence. Curated reference
facts are background knowledge, not reported acts, and never become rows.
Columns are documented in docs/events.md.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.graph import KnowledgeGraph
from kg.model import Assertion, Entity, Relation
from kg.reference import Reference, default_reference
from kg.schema import CameoCode, load_cameo, load_schema, schema
from kg.schema import cameo_codes as schema_cameo_codes

#: the interaction properties (issue 14); the others are states, not acts
INTERACTIONS: tuple[str, ...] = ("met", "visited", "participatedIn", "hosted", "joined", "withdrewFrom",
                                 "mediated", "signed")

COLUMNS: list[str] = [
    "event_id", "date", "end_date", "year",
    "actor1_id", "actor1_name", "actor1_name_en", "actor1_class", "actor1_country", "actor1_country_code",
    "actor2_id", "actor2_name", "actor2_name_en", "actor2_class", "actor2_country", "actor2_country_code",
    "property", "trigger", "event_code", "event_root_code", "plover_type", "goldstein", "quad_class",
    "place_id", "place_name", "place_country_code",
    "modality", "confidence", "method", "doc_id", "source_url", "evidence",
]

_YEAR = re.compile(r"^\d{4}")


#: a row of ontology/cameo.csv (kept under its old name)
Code = CameoCode


def cameo_codes(path: str | None = None) -> dict[str, Code]:
    """ontology/cameo.csv: CAMEO code → label, PLOVER type, Goldstein weight (kg.schema reads it)."""
    return load_cameo(str(path)) if path else schema_cameo_codes()


def default_codes(path: str | None = None) -> dict[str, str]:
    """property → its default CAMEO code: the lowest kg:cameoCode of the property in ontology/kg.ttl
    (met lists 040, 041, 044, 046: a meeting not otherwise coded is 040, consult)."""
    return (load_schema(str(path)) if path else schema()).default_cameo_codes()


def quad_class(code: str | None) -> int | None:
    """GDELT's QuadClass from the CAMEO root: 1 verbal and 2 material cooperation, 3 verbal and
    4 material conflict."""
    if not code or not code[:2].isdigit():
        return None
    root = int(code[:2])
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4


class _Countries:
    """An entity's country: itself, a person's affiliation, an organisation's seat, a place's or
    an event's location; from the graph first, then the reference rows."""

    def __init__(self, kg: KnowledgeGraph, ref: Reference) -> None:
        self.kg, self.ref = kg, ref
        self.out: dict[str, list[str]] = {}
        for (s, p, o), rel in kg.relations.items():
            if p in ("affiliation", "locatedIn", "heldIn") and rel.factual:
                self.out.setdefault(s, []).append(o)
        self._memo: dict[str, str | None] = {}

    def _cls(self, eid: str) -> str | None:
        e = self.kg.entities.get(eid)
        if e is not None:
            return e.cls
        r = self.ref.entities.get(eid)
        return r.cls if r is not None else None

    def of(self, eid: str, depth: int = 0) -> str | None:
        if eid in self._memo:
            return self._memo[eid]
        cls = self._cls(eid)
        found: str | None = None
        if cls == "Country":
            found = eid
        elif depth < 3 and cls in ("Person", "Organization", "Place", "Event", "Project"):
            row = self.ref.entities[eid].row if eid in self.ref.entities else {}
            # a listed row's own country first: a person is affiliated with many bodies, one state
            candidates = [row.get("country", ""), *self.out.get(eid, [])]
            for c in [c for c in candidates if c and self._cls(c) == "Country"] + \
                     [c for c in candidates if c and self._cls(c) != "Country"]:
                found = self.of(c, depth + 1)
                if found:
                    break
        self._memo[eid] = found
        return found

    def code(self, country: str | None) -> str | None:
        if not country:
            return None
        r = self.ref.entities.get(country)
        if r is not None and r.row.get("iso3"):
            return r.row["iso3"]
        e = self.kg.entities.get(country)
        return (e.identifiers.get("iso3") or None) if e is not None else None


def _event_id(rel: Relation, a: Assertion) -> str:
    key = "\x1f".join((rel.subject, rel.predicate, rel.object, a.doc_id or "", str(a.start), str(a.end)))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _place(kg: KnowledgeGraph, rel: Relation, venues: dict[str, list[str]]) -> str | None:
    """Where the act happened, where the graph says: the visited place, or the event's venue
    (``venues``: an event's factual heldIn objects, from :func:`_venues`)."""
    obj = kg.entities.get(rel.object)
    if obj is None:
        return None
    if rel.predicate == "visited" and obj.cls in ("Place", "Country"):
        return obj.id
    if obj.cls == "Event":
        held = venues.get(obj.id, [])
        places = [v for v in held if kg.entities.get(v) and kg.entities[v].cls == "Place"]
        return (places or held)[0] if places or held else None
    return None


def _venues(kg: KnowledgeGraph) -> dict[str, list[str]]:
    """Event → its factual heldIn objects, in the graph's order (one pass, not one per event row)."""
    out: dict[str, list[str]] = {}
    for (s, p, o), r in kg.relations.items():
        if p == "heldIn" and r.factual:
            out.setdefault(s, []).append(o)
    return out


def interaction_assertions(kg: KnowledgeGraph) -> Iterator[tuple[Relation, Assertion]]:
    """Every extracted (not curated) assertion of an interaction property."""
    for rel in kg.relations.values():
        if rel.predicate not in INTERACTIONS:
            continue
        for a in rel.assertions:
            if a.method != "reference" and a.doc_id is not None:
                yield rel, a


def is_dated(a: Assertion) -> bool:
    """The act has a date with a year (``--05-05`` names a day of no known year: not dated)."""
    return bool(a.date and _YEAR.match(a.date))


def event_rows(kg: KnowledgeGraph, reference: Reference | None = None) -> tuple[list[dict[str, Any]], int]:
    """The rows of events.csv (sorted by date) and the number of interactions left out as undated."""
    ref = reference or default_reference()
    codes, defaults = cameo_codes(), default_codes()
    countries = _Countries(kg, ref)
    venues = _venues(kg)
    rows: list[dict[str, Any]] = []
    undated = 0
    for rel, a in interaction_assertions(kg):
        if not is_dated(a):
            undated += 1
            continue
        s, o = kg.entities.get(rel.subject), kg.entities.get(rel.object)
        if s is None or o is None:
            continue
        code = a.cameo or defaults.get(rel.predicate)
        info = codes.get(code or "")
        place = _place(kg, rel, venues)
        place_e = kg.entities.get(place) if place else None
        doc = kg.documents.get(a.doc_id or "")
        date = a.date or ""  # is_dated: a date with a year
        row: dict[str, object] = {"event_id": _event_id(rel, a), "date": date, "end_date": a.end_date,
                                  "year": int(date[:4])}
        for n, e in ((1, s), (2, o)):
            c = countries.of(e.id)
            row |= {f"actor{n}_id": e.id, f"actor{n}_name": e.label, f"actor{n}_name_en": _en(e),
                    f"actor{n}_class": e.cls, f"actor{n}_country": c, f"actor{n}_country_code": countries.code(c)}
        row |= {
            "property": rel.predicate, "trigger": a.trigger, "event_code": code,
            "event_root_code": code[:2] if code else None,
            "plover_type": info.plover_type if info else None, "goldstein": info.goldstein if info else None,
            "quad_class": quad_class(code),
            "place_id": place, "place_name": place_e.label if place_e else None,
            "place_country_code": countries.code(countries.of(place)) if place else None,
            "modality": a.modality, "confidence": round(a.confidence, 4), "method": a.method,
            "doc_id": a.doc_id, "source_url": doc.url if doc else None, "evidence": a.evidence,
        }
        rows.append(row)
    rows.sort(key=lambda r: (r["date"], r["actor1_id"], r["property"], r["actor2_id"], r["event_id"]))
    return rows, undated


def _en(e: Entity) -> str | None:
    return e.label_en or None


def write_events(kg: KnowledgeGraph, folder: str | Path, reference: Reference | None = None) -> list[Path]:
    """Write ``events.csv`` (always, a header at least) and ``events.parquet`` when pyarrow is importable."""
    folder = Path(folder)
    rows, _undated = event_rows(kg, reference)
    out = [folder / "events.csv"]
    with out[0].open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows({k: ("" if v is None else v) for k, v in r.items()} for r in rows)
    try:
        import pyarrow as pa
        import pyarrow.json as pa_json
        import pyarrow.parquet as pq
    except ImportError:
        return out
    pq.write_table(_table(pa, pa_json, rows), folder / "events.parquet")
    out.append(folder / "events.parquet")
    return out


def _table(pa: Any, pa_json: Any, rows: list[dict[str, Any]]) -> Any:  # pyarrow is optional (and untyped)
    """The rows as an Arrow table, through pyarrow's JSON reader.

    Why not ``pa.Table.from_pylist``: every ``pa.array`` from Python objects imports
    pandas (to ask whether they are pandas objects), ~0.4 s of a build that never uses
    it. JSON lines keep nulls, empty strings and the column types (schema given).
    """
    schema = _schema(pa)
    if not rows:  # not schema.empty_table(): that imports pandas too
        return pa.Table.from_batches([], schema)
    dump = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    data = "".join(dump(r) + "\n" for r in rows).encode("utf-8")
    return pa_json.read_json(
        io.BytesIO(data),
        read_options=pa_json.ReadOptions(use_threads=False, block_size=max(len(data), 1 << 16)),
        parse_options=pa_json.ParseOptions(explicit_schema=schema, unexpected_field_behavior="error"))


def _schema(pa: Any) -> Any:
    types = {"year": pa.int32(), "goldstein": pa.float64(), "quad_class": pa.int8(), "confidence": pa.float64()}
    return pa.schema([(c, types.get(c, pa.string())) for c in COLUMNS])
