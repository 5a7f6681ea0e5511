"""Resolved extractions → the ``KnowledgeGraph``.

Relations are checked against the schema's domains and ranges *after*
resolution (an entity's final class can differ from one mention's guess);
curated reference facts between entities of the graph are added as
``reference`` assertions, which the exporters keep apart from extracted ones.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from kg.extract.frames import default_frames
from kg.graph import KnowledgeGraph
from kg.model import (
    Assertion,
    DocumentInfo,
    Entity,
    Extraction,
    Mention,
    RelationCandidate,
    Sentence,
    Statement,
)
from kg.reference import Reference
from kg.schema import Schema, schema


def _fits(pred: str, s: Entity, o: Entity | None, sch: Schema | None = None) -> bool:
    """Domain and range of ontology/kg.ttl (a literal property checks its subject only).

    ``sch``: the schema already looked up (assembly asks tens of thousands of times)."""
    return (sch or schema()).fits(pred, s.cls, o.cls if o is not None else None)


def mention_list(ex: Extraction) -> list[Mention]:
    """Every mention an extraction refers to (text, synthesised, relation ends)."""
    seen: dict[int, Mention] = {}
    for m in ex.analyzed.mentions + ex.extra_mentions:
        seen[id(m)] = m
    for r in ex.relations:
        seen[id(r.subject)] = r.subject
        if isinstance(r.object, Mention):
            seen[id(r.object)] = r.object
    for st in ex.statements:
        for sm in (st.speaker, st.outlet, st.event, *st.mentions):
            if sm is not None:
                seen[id(sm)] = sm
    return list(seen.values())


def assemble(extractions: list[Extraction], assigned: dict[int, str], entities: dict[str, Entity],
             reference: Reference) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    sch = schema()
    for ex in extractions:
        d = ex.analyzed.document
        kg.add_document(DocumentInfo(d.id, d.source, d.format, d.title, d.date, d.url, d.author, d.line))
    for e in entities.values():
        kg.add_entity(e)
    event_dates: dict[str, Counter[str]] = defaultdict(Counter)
    for ex in extractions:
        by_span: dict[tuple[int, int], list[Mention]] = defaultdict(list)
        for m in ex.analyzed.mentions + ex.extra_mentions:
            by_span[(m.start, m.end)].append(m)
        for span, date in ex.event_dates.items():
            for m in by_span.get(span, ()):
                if id(m) in assigned:
                    event_dates[assigned[id(m)]][date] += 1
        for r in ex.relations:
            _add(kg, r, assigned, reference, sch)
        for n, st in enumerate(ex.statements):
            speaker = assigned.get(id(st.speaker))
            if speaker is None:
                continue
            kg.statements.append(Statement(
                id=f"{st.doc_id}#s{n + 1}", doc_id=st.doc_id, speaker=speaker, text=st.text,
                start=st.start, end=st.end,
                outlet=assigned.get(id(st.outlet)) if st.outlet else None, question=st.question,
                mentions=sorted({assigned[id(m)] for m in st.mentions if id(m) in assigned}),
                date=st.date, event=assigned.get(id(st.event)) if st.event else None,
            ))
    for eid, dates in event_dates.items():
        ev = kg.entities.get(eid)
        if ev is None or ev.cls != "Event":
            continue
        if ev.date:
            # the text's own date wins over a curated one when they agree (2023-08 → 2023-08-22,
            # or a 2023-05-19 edition a text dates 2023年5月); a disagreeing one is a mistake
            # of the text's or of the date rule's, and the curated date stays
            agree = Counter({d: n for d, n in dates.items() if d.startswith(ev.date) or ev.date.startswith(d)})
            if not agree:
                continue
            dates = agree
        # the commonest date, then the most specific, then the earliest (a range's first day)
        ev.date = min(dates.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0]
    _add_reference_facts(kg, reference, sch)
    _add_supported_reference_facts(kg, extractions, assigned, reference, sch)
    return kg


def _add(kg: KnowledgeGraph, r: RelationCandidate, assigned: dict[int, str], ref: Reference | None = None,
         sch: Schema | None = None) -> None:
    s = assigned.get(id(r.subject))
    if s is None or s not in kg.entities:
        return
    if r.predicate == "visited" and ref is not None and s in ref.entities and not isinstance(r.object, str) \
            and ref.entities[s].row.get("country") == assigned.get(id(r.object)):
        return  # 习主席 "visited" 中国: a rule took the host for the visitor
    subj = kg.entities[s]
    if isinstance(r.object, str):
        if not _fits(r.predicate, subj, None, sch):
            return
        obj_id = r.object
    else:
        o = assigned.get(id(r.object))
        if o is None or o == s or o not in kg.entities or not _fits(r.predicate, subj, kg.entities[o], sch):
            return
        obj_id = o
    sent = r.sentence
    kg.add_relation(s, r.predicate, obj_id, Assertion(
        doc_id=sent.doc_id, evidence=sent.text, start=sent.start, end=sent.end,
        confidence=r.confidence, method=r.method, date=r.date, modality=r.modality,
        end_date=r.end_date, trigger=r.trigger, cameo=r.cameo,
    ))


def _add_reference_facts(kg: KnowledgeGraph, ref: Reference, sch: Schema | None = None) -> None:
    """Curated facts whose both ends are in the graph and that held when the documents speak:
    on the date of a document naming both ends (of any naming either, when none names both).
    An undated document admits only current facts (no end): a text of unknown date about
    Belarus and the SCO gets today's membership, a 2022 text none (member from 2024-07-04)."""
    for f in ref.facts:
        s = kg.entities.get(f.subject)
        if s is None:
            continue
        if f.predicate == "position":
            continue  # titles held at some time: not evidence that the text's person holds them now
        o = kg.entities.get(f.object)
        if o is None or not _fits(f.predicate, s, o, sch):
            continue
        docs = (s.documents & o.documents) or (s.documents | o.documents)
        if docs and not any(f.held_on(kg.documents[d].date if d in kg.documents else None) for d in docs):
            continue
        kg.add_relation(f.subject, f.predicate, f.object, Assertion(
            doc_id=None, evidence=f"curated: {f.source_file}", confidence=1.0, method="reference",
            date=f.date, end_date=f.end, source_file=f.source_file,
        ))


# Curated facts a sentence supports by naming both ends: a person and their
# country, a project and its countries or initiative, an event and its venue or
# series. (A place's country or a country's memberships are background
# knowledge the text rarely states: they stay curated-only.)
_SENTENCE_LEVEL = {("heldIn", "Event"), ("partOf", "Event"), ("partOf", "Project"), ("affiliation", "Person"),
                   ("locatedIn", "Project")}
_SENTENCE_PREDICATES = {p for p, _ in _SENTENCE_LEVEL}


def _add_supported_reference_facts(kg: KnowledgeGraph, extractions: list[Extraction],
                                   assigned: dict[int, str], ref: Reference, sch: Schema | None = None) -> None:
    near = default_frames().geography.near
    facts: dict[str, list] = defaultdict(list)
    for f in ref.facts:
        if f.predicate in _SENTENCE_PREDICATES:
            facts[f.subject].append(f)
    ends_of_facts = set(facts) | {f.object for fs in facts.values() for f in fs}  # the mentions worth a look
    get = assigned.get
    for ex in extractions:
        a = ex.analyzed
        first: dict[str, int] = {}
        sentences_of: dict[str, set[int]] = defaultdict(set)  # entity → sentences naming it
        ends: dict[tuple[int, str], list[int]] = defaultdict(list)  # (sentence, entity) → mention ends
        for m in a.mentions:
            # (the mentions of a large corpus are 100 K: the commonest case, no fact, first)
            if (eid := get(id(m))) not in ends_of_facts or m.sentence is None or eid is None:
                continue
            first.setdefault(eid, m.sentence)
            sentences_of[eid].add(m.sentence)
            ends[(m.sentence, eid)].append(m.end)

        for eid in first:
            subj = kg.entities.get(eid)
            if subj is None:
                continue
            for f in facts.get(eid, ()):
                # only facts a sentence can state, between two entities the document names
                if (f.predicate, subj.cls) not in _SENTENCE_LEVEL or f.object not in first:
                    continue
                common = sentences_of[eid] & sentences_of[f.object]  # (the cheapest test that fails most)
                if not common:
                    continue
                obj = kg.entities.get(f.object)
                if obj is None or not _fits(f.predicate, subj, obj, sch):
                    continue
                if a.document.date and not f.held_on(a.document.date):
                    continue  # a dated text: only what held then (秦刚 and the foreign ministry in 2023)
                together = [i for i in sorted(common)
                            if not (f.predicate == "locatedIn" and _beside(near, a.sentences, ends[(i, f.object)], i))]
                if not together:
                    continue
                sent = a.sentences[together[0]]
                kg.add_relation(eid, f.predicate, f.object, Assertion(
                    doc_id=a.document.id, evidence=sent.text, start=sent.start, end=sent.end,
                    confidence=0.6, method="curated-cooccurrence", date=f.date,
                    end_date=f.end, source_file=f.source_file,
                ))


def _beside(near: re.Pattern[str], sentences: list[Sentence], ends: list[int], i: int) -> bool:
    """位于某城以东25公里: a mention of the place (ending at one of ``ends``) in sentence i is
    followed by a 'near' word, so the place is beside, not the location."""
    sent = sentences[i] if i < len(sentences) else None
    return sent is not None and any(near.match(sent.text, end - sent.start) for end in ends)  # (the text: norm is let go)
