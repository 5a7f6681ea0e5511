"""Back to the sources: find a document's file, re-read it, and recompute its mentions.

Why: kg.json keeps each document's metadata and every fact's evidence
sentence but no full texts or mention offsets, so showing a document's
entities in context means reading its file again and re-running the NLP
stage on that one document (seconds).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kg.graph import KnowledgeGraph
from kg.model import Document


def document_id(kg: KnowledgeGraph, doc_id: str) -> str:
    """The graph's document id for ``doc_id`` or for an unambiguous prefix of one (else ``KeyError``)."""
    if doc_id in kg.documents:
        return doc_id
    hits = sorted(d for d in kg.documents if d.startswith(doc_id))
    if len(hits) == 1:
        return hits[0]
    hint = f"; did you mean {', '.join(hits[:5])}?" if hits else ""
    raise KeyError(f"no single document {doc_id!r} in the graph{hint}")


def read_document(kg: KnowledgeGraph, doc_id: str, folder: Path | None, inputs: Sequence[Path],
                  cache: dict[str, Document]) -> Document:
    """The full document ``doc_id``, re-read from its source file.

    The source path is tried as recorded, then relative to the build
    ``folder`` and its parent, then by file name in each build input. Every
    document read on the way goes into ``cache`` (one file may hold many
    posts), which is consulted first.
    """
    from kg.ingest import read_paths

    if doc_id in cache:
        return cache[doc_id]
    info = kg.documents[doc_id]
    src = Path(info.source)
    candidates = [src]
    if not src.is_absolute():
        for base in ([folder, folder.parent] if folder else []):
            candidates.append(base / src)
    for root in inputs:
        candidates.append((root if root.is_dir() else root.parent) / src.name)
    for path in candidates:
        if not path.is_file():
            continue
        docs, _ = read_paths([path])
        for d in docs:
            cache.setdefault(d.id, d)
        same = [d for d in docs if d.id == doc_id] or [d for d in docs if d.line == info.line]
        if same:
            cache[doc_id] = same[0]
            return same[0]
    raise FileNotFoundError(f"{info.source}: source of {doc_id!r} not found (tried "
                            f"{', '.join(str(c) for c in candidates)})")


def entity_spans(kg: KnowledgeGraph, doc: Document) -> list[dict[str, Any]]:
    """The document's outermost mentions, recomputed, each with its graph entity id and Wikidata link.

    A mention the resolver maps to an id the graph lacks takes the graph's
    entity of the same name when there is exactly one. The dicts are
    displaCy's manual ``ents`` (start, end, label, kb_id, kb_url).
    """
    from kg.nlp.mentions import flat
    from kg.nlp.pipeline import analyze
    from kg.reference import default_reference
    from kg.resolve import Resolver

    analyzed = next(analyze([doc]))
    mentions = flat(analyzed.mentions)
    assigned, _ = Resolver(default_reference()).resolve(mentions)
    ents = []
    for m in mentions:
        eid = assigned.get(id(m))
        if eid not in kg.entities:
            found = kg.find(m.norm) or kg.find(m.text)
            eid = found[0].id if len(found) == 1 else eid
        ent = kg.entities.get(eid) if eid else None
        qid = ent.identifiers.get("wikidata") if ent else None
        ents.append({"start": m.start, "end": m.end, "label": m.label, "kb_id": eid or "",
                     "kb_url": f"https://www.wikidata.org/wiki/{qid}" if qid else "#"})
    return ents
