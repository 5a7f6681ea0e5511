"""The graph as pandas tables: entities, documents, facts, events, statements, timeline.

Why: analysts filter, group and plot DataFrames; each function here turns one
part of a :class:`~kg.graph.KnowledgeGraph` into one table with fixed columns
(the ``*_COLUMNS`` constants), so an empty answer still has its columns.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pandas as pd

from kg.api.names import class_name, ids, label
from kg.graph import KnowledgeGraph
from kg.model import LITERAL_PROPERTIES, PROPERTIES, SYMMETRIC_PROPERTIES, Assertion, Relation

ENTITY_COLUMNS = ["id", "label", "label_en", "class", "mentions", "documents", "aliases", "wikidata"]
FACT_COLUMNS = ["subject", "subject_label", "predicate", "object", "object_label", "confidence",
                "evidence", "document", "document_title", "document_date", "date", "method", "sources"]
STATEMENT_COLUMNS = ["speaker", "text", "question", "outlet", "date", "document", "mentions"]
TIMELINE_COLUMNS = ["date", "event", "participants", "place", "id", "when"]
DOCUMENT_COLUMNS = ["id", "title", "date", "format", "source", "entities"]


def entities(kg: KnowledgeGraph, cls: str | None = None) -> pd.DataFrame:
    """One row per entity (of class ``cls`` if given), most mentioned first."""
    want = class_name(cls) if cls else None
    rows = [
        {"id": e.id, "label": e.label, "label_en": e.label_en, "class": e.cls, "mentions": e.mentions,
         "documents": len(e.documents), "aliases": sorted(e.alt_labels),
         "wikidata": e.identifiers.get("wikidata")}
        for e in kg.entities.values() if want is None or e.cls == want
    ]
    df = pd.DataFrame(rows, columns=ENTITY_COLUMNS)
    return df.sort_values(["mentions", "documents", "id"], ascending=[False, False, True],
                          ignore_index=True)


def documents(kg: KnowledgeGraph) -> pd.DataFrame:
    """One row per source document with the number of entities it mentions, in reading order."""
    counts: dict[str, int] = defaultdict(int)
    for e in kg.entities.values():
        for d in e.documents:
            counts[d] += 1
    rows: list[dict[str, Any]] = [
        {"id": d.id, "title": d.title, "date": d.date, "format": d.format, "source": d.source,
         "entities": counts[d.id]} for d in kg.documents.values()]
    rows.sort(key=lambda r: (r["source"], kg.documents[r["id"]].line or 0, r["id"]))
    return pd.DataFrame(rows, columns=DOCUMENT_COLUMNS)


def events(kg: KnowledgeGraph) -> pd.DataFrame:
    """The ``events.csv`` table of a build; ``attrs["undated"]`` counts interactions left out."""
    from kg.export.events import COLUMNS, event_rows

    rows, undated = event_rows(kg)
    df = pd.DataFrame(rows, columns=COLUMNS)
    df.attrs["undated"] = undated
    return df


def facts(kg: KnowledgeGraph, subject: str | None = None, predicate: str | None = None,
          object: str | None = None, min_confidence: float = 0.0, include_curated: bool = False,
          assertions: bool = False) -> pd.DataFrame:
    """Relations as a table, one row per fact (or per assertion), each with its evidence sentence.

    See :meth:`kg.api.Graph.facts` for the meaning of each argument.
    """
    literal = object if object and predicate in LITERAL_PROPERTIES else None
    s_ids = set(ids(kg, subject)) if subject else None
    o_ids = set(ids(kg, object)) if object and literal is None else None
    if predicate is not None and predicate not in PROPERTIES:
        raise ValueError(f"unknown predicate {predicate!r}; one of {', '.join(PROPERTIES)}")
    rows: list[dict[str, Any]] = []
    for rel in kg.relations.values():
        if predicate is not None and rel.predicate != predicate:
            continue
        from_docs = [a for a in rel.assertions if a.method != "reference"]
        if not from_docs and not include_curated:
            continue
        if not assertions and rel.confidence < min_confidence:
            continue
        s, o = rel.subject, rel.object
        if literal is not None and o != literal:
            continue
        if not _ends_match(s, o, s_ids, o_ids, literal=rel.literal):
            if rel.predicate in SYMMETRIC_PROPERTIES and _ends_match(o, s, s_ids, o_ids, literal=False):
                s, o = o, s
            else:
                continue
        if assertions:
            chosen = [a for a in (rel.assertions if include_curated else from_docs)
                      if a.confidence >= min_confidence]
        else:
            chosen = [best_assertion(rel)]
        for a in chosen:
            rows.append(_fact_row(kg, rel, s, o, a, per_assertion=assertions))
    df = pd.DataFrame(rows, columns=FACT_COLUMNS)
    return df.sort_values(["confidence", "sources", "predicate", "subject_label", "object_label"],
                          ascending=[False, False, True, True, True], ignore_index=True)


def _fact_row(kg: KnowledgeGraph, rel: Relation, s: str, o: str, a: Assertion,
              per_assertion: bool) -> dict[str, Any]:
    doc = kg.documents.get(a.doc_id) if a.doc_id else None
    return {
        "subject": s, "subject_label": label(kg, s), "predicate": rel.predicate,
        "object": o, "object_label": o if rel.literal else label(kg, o),
        "confidence": a.confidence if per_assertion else rel.confidence,
        "evidence": a.evidence, "document": a.doc_id,
        "document_title": doc.title if doc else None, "document_date": doc.date if doc else None,
        "date": a.date, "method": a.method, "sources": len(rel.assertions),
    }


def _ends_match(s: str, o: str, s_ids: set[str] | None, o_ids: set[str] | None, literal: bool) -> bool:
    if s_ids is not None and s not in s_ids:
        return False
    return o_ids is None or (not literal and o in o_ids)


def best_assertion(rel: Relation) -> Assertion:
    """The assertion to show: from a document before curated, then most confident, dated, first."""
    return min(rel.assertions, key=lambda a: (a.method == "reference", a.method == "curated-cooccurrence",
                                              -a.confidence, a.date is None, a.doc_id or "", a.start or 0))


def statements(kg: KnowledgeGraph, about: str | None = None, speaker: str | None = None) -> pd.DataFrame:
    """Press-conference turns in date order, kept when they mention ``about`` or are by ``speaker``.

    ``about`` that names no entity is searched in the text and question instead.
    """
    about_ids: set[str] = set()
    about_text: str | None = None
    if about:
        try:
            about_ids = set(ids(kg, about))
        except ValueError:
            about_text = about
    speaker_ids = set(ids(kg, speaker)) if speaker else None
    rows = []
    for st in sorted(kg.statements, key=lambda s: (s.date is None, s.date or "", s.id)):
        if speaker_ids is not None and st.speaker not in speaker_ids:
            continue
        if about_ids and not about_ids & set(st.mentions):
            continue
        if about_text and about_text not in st.text and about_text not in (st.question or ""):
            continue
        doc = kg.documents.get(st.doc_id)
        rows.append({
            "speaker": label(kg, st.speaker), "text": st.text, "question": st.question,
            "outlet": label(kg, st.outlet) if st.outlet else None,
            "date": st.date or (doc.date if doc else None), "document": st.doc_id,
            "mentions": [label(kg, m) for m in st.mentions],
        })
    return pd.DataFrame(rows, columns=STATEMENT_COLUMNS)


def timeline(kg: KnowledgeGraph, undated: bool = False) -> pd.DataFrame:
    """Events in date order with who took part or hosted and where they were held."""
    participants: dict[str, list[str]] = defaultdict(list)
    places: dict[str, list[str]] = defaultdict(list)
    for rel in kg.relations.values():
        if rel.predicate in ("participatedIn", "hosted"):
            participants[rel.object].append(label(kg, rel.subject))
        elif rel.predicate == "heldIn":
            places[rel.subject].append(label(kg, rel.object))
    rows = []
    for e in kg.entities_of("Event"):
        if not e.date and not undated:
            continue
        rows.append({"date": e.date, "event": e.label, "participants": sorted(set(participants[e.id])),
                     "place": "、".join(sorted(set(places[e.id]))) or None, "id": e.id,
                     "when": timestamp(e.date)})
    rows.sort(key=lambda r: (r["date"] is None, pd.isna(r["when"]), r["date"] or "", r["event"]))
    return pd.DataFrame(rows, columns=TIMELINE_COLUMNS)


def timestamp(date: str | None) -> pd.Timestamp:
    """A kg date (2023, 2023-10, 2023-10-18) as the Timestamp of its first day; NaT without a year."""
    if not date or date.startswith("--"):
        return pd.NaT
    try:
        return pd.Timestamp(date if len(date) > 4 else f"{date}-01-01")
    except (ValueError, TypeError):
        return pd.NaT
