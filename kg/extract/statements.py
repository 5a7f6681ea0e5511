"""Transcripts: each answer becomes a statement by its speaker.

A turn whose speaker label names a person (王毅, 外交部部长 王毅) is a
statement; when the turn before it is a reporter's (新华社记者), that
reporter's outlet asked, and its words are the question. Speakers and asking
outlets take part in the press conference the transcript reports.
"""

from __future__ import annotations

from kg.model import AnalyzedDocument, Mention, RelationCandidate, Segment, Sentence, StatementCandidate
from kg.nlp.lexicon import Lexicon


def _relocate(m: Mention, start: int, end: int, doc_id: str) -> Mention:
    """A speaker-label mention placed at its turn's start (labels are outside the text)."""
    return Mention(doc_id, start, end, m.text, m.label, m.norm, m.source, m.ref, None, m.confidence)


def extract_statements(a: AnalyzedDocument, lex: Lexicon, event: Mention | None,
                       date: str | None) -> tuple[list[StatementCandidate], list[RelationCandidate], list[Mention]]:
    doc = a.document
    statements: list[StatementCandidate] = []
    relations: list[RelationCandidate] = []
    extra: list[Mention] = []
    prev_outlets: list[Mention] = []
    prev_text: str | None = None
    seen_outlets: set[str] = set()
    for seg in doc.segments:
        label = seg.speaker or ""
        ms = a.speaker_mentions.get(label, [])
        people = [m for m in ms if m.label == "Person"]
        is_reporter = any(label.rstrip().endswith(s) for s in lex.reporter_suffixes)
        text = doc.text[seg.start:seg.end].strip()
        if is_reporter:
            outlets = [_relocate(m, seg.start, seg.start, doc.id) for m in ms if m.label == "Organization"]
            extra.extend(outlets)
            # 埃及尼罗河电视台记者: the label also names the outlet's country
            extra.extend(_relocate(m, seg.start, seg.start, doc.id) for m in ms if m.label == "Country")
            for o in outlets:
                if event is not None and o.norm not in seen_outlets:
                    seen_outlets.add(o.norm)
                    relations.append(RelationCandidate(o, "participatedIn", event, _label_sentence(doc.id, seg, label),
                                                       0.8, "transcript", date))
            prev_outlets, prev_text = outlets, text
            continue
        if people and label.startswith("主持人"):
            # the moderator's turns are not statements, but the moderator hosts the event
            if event is not None and label not in seen_outlets:
                seen_outlets.add(label)
                host = _relocate(people[-1], seg.start, seg.start, doc.id)
                extra.append(host)
                relations.append(RelationCandidate(host, "hosted", event, _label_sentence(doc.id, seg, label),
                                                   0.8, "transcript", date))
        elif people:
            speaker = _relocate(people[-1], seg.start, seg.start, doc.id)
            extra.append(speaker)
            inside = [m for m in a.mentions if seg.start <= m.start and m.end <= seg.end]
            statements.append(StatementCandidate(
                doc_id=doc.id, speaker=speaker, start=seg.start, end=seg.end, text=text,
                outlet=prev_outlets[0] if prev_outlets else None, question=prev_text,
                mentions=inside, event=event, date=seg.timestamp[:10] if seg.timestamp else date,
            ))
            if event is not None:
                relations.append(RelationCandidate(speaker, "participatedIn", event,
                                                   _label_sentence(doc.id, seg, label), 0.8, "transcript", date))
        prev_outlets, prev_text = [], None
    return statements, relations, extra


def _label_sentence(doc_id: str, seg: Segment, label: str) -> Sentence:
    return Sentence(doc_id, -1, seg.start, seg.start, label + "：", label)
