"""CSV files for Neo4j's bulk importer (``neo4j-admin database import full``).

Why CSV and not Cypher: the offline importer loads millions of rows a minute
into an empty database, and the header row carries the types. Files (in
``<out>/neo4j/``):

* ``entities.csv`` — ``id:ID(Entity)``, names, class, counts, ``:LABEL``
  (``Entity`` plus the class: ``Entity;Person``)
* ``documents.csv`` — ``id:ID(Document)``, title, date, url, ``:LABEL`` = ``Document``
* ``relations.csv`` — ``:START_ID(Entity)``, ``:END_ID(Entity)``, ``:TYPE``
  (``MET``, ``PARTICIPATED_IN``…) with confidence, fact dates, modality and
  the best evidence sentence
* ``evidence.csv`` — one row per assertion: ``(:Entity)-[:STATED_IN]->(:Document)``
  with the predicate, the other end, the sentence, offsets, method, date

Arrays use Neo4j's default delimiter ``;``; a ``;`` inside an item becomes ``；``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from pathlib import Path

from kg.export.graphml import best_evidence, fact_dates
from kg.graph import KnowledgeGraph

HEADERS = {
    "entities.csv": ["id:ID(Entity)", "name", "name_en", "class", "mentions:int", "documents:int", "date",
                     "curated:boolean", "wikidata", "aliases:string[]", "positions:string[]", ":LABEL"],
    "documents.csv": ["id:ID(Document)", "title", "published", "url", "format", ":LABEL"],
    "relations.csv": [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE", "predicate", "confidence:float",
                      "factual:boolean", "modality", "date_from", "date_to", "assertions:int",
                      "documents:string[]", "evidence"],
    "evidence.csv": [":START_ID(Entity)", ":END_ID(Document)", ":TYPE", "predicate", "object", "evidence",
                     "start:int", "end:int", "method", "confidence:float", "date", "modality"],
}


def rel_type(predicate: str) -> str:
    """``participatedIn`` → ``PARTICIPATED_IN`` (Neo4j's convention for relationship types)."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", predicate).upper()


def _array(items: Iterable[object]) -> str:
    return ";".join(str(i).replace(";", "；") for i in items)


def _bool(value: bool) -> str:
    return "true" if value else "false"


def write_neo4j(kg: KnowledgeGraph, out: str | Path) -> list[Path]:
    """Write the four CSV files into ``out/neo4j/`` and return their paths."""
    folder = Path(out) / "neo4j"
    folder.mkdir(parents=True, exist_ok=True)
    positions: dict[str, list[str]] = {}
    for r in kg.relations.values():
        if r.literal and r.factual:
            positions.setdefault(r.subject, []).append(r.object)
    rows: dict[str, list[list]] = {name: [] for name in HEADERS}
    for eid in sorted(kg.entities):
        e = kg.entities[eid]
        rows["entities.csv"].append([
            eid, e.label, e.label_en or "", e.cls, e.mentions, len(e.documents), e.date or "", _bool(e.curated),
            e.identifiers.get("wikidata", ""), _array(sorted(e.alt_labels - {e.label})),
            _array(sorted(positions.get(eid, []))), f"Entity;{e.cls}"])
    for did in sorted(kg.documents):
        d = kg.documents[did]
        rows["documents.csv"].append([did, d.title or "", d.date or "", d.url or "", d.format or "", "Document"])
    for key in sorted(kg.relations):
        r = kg.relations[key]
        if r.subject not in kg.entities:
            continue
        if not r.literal and r.object in kg.entities:
            best = best_evidence(r)
            dates = fact_dates(r)
            rows["relations.csv"].append([
                r.subject, r.object, rel_type(r.predicate), r.predicate, r.confidence, _bool(r.factual),
                "" if r.factual else _array(sorted({a.modality for a in r.assertions if a.modality})),
                dates[0] if dates else "", dates[-1] if dates else "", len(r.assertions),
                _array(sorted({a.doc_id for a in r.assertions if a.doc_id})), best.evidence if best else ""])
        for a in r.assertions:
            if a.doc_id and a.doc_id in kg.documents:
                rows["evidence.csv"].append([
                    r.subject, a.doc_id, "STATED_IN", r.predicate, r.object, a.evidence,
                    "" if a.start is None else a.start, "" if a.end is None else a.end, a.method,
                    a.confidence, a.date or "", a.modality or ""])
    files = []
    for name, header in HEADERS.items():
        path = folder / name
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows[name])
        files.append(path)
    return files


def import_command(folder: str = "out/neo4j", database: str = "neo4j") -> str:
    """The ``neo4j-admin`` command that loads the files (Neo4j 5; the database must be stopped)."""
    return (f"neo4j-admin database import full {database} --overwrite-destination --multiline-fields=true "
            f"--nodes={folder}/entities.csv --nodes={folder}/documents.csv "
            f"--relationships={folder}/relations.csv --relationships={folder}/evidence.csv")
