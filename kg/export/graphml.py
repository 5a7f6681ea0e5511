"""GraphML for Gephi, Cytoscape and yEd, written by networkx.

GraphML attributes must be scalars, so lists (aliases, positions, documents,
evidence) are joined into strings; every node keeps its Chinese ``label`` (the
attribute Gephi and Cytoscape show), English name and class, every edge its
relation type, confidence, dates, modality and best evidence sentence.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from kg.graph import KnowledgeGraph
from kg.model import Assertion, Relation
from kg.view.style import class_style, relation_label

#: Separator of list values inside one GraphML attribute.
SEP = " | "


def best_evidence(r: Relation) -> Assertion | None:
    """The assertion to show first: factual, from a document, most confident."""
    if not r.assertions:
        return None
    return max(r.assertions, key=lambda a: (a.modality is None, a.doc_id is not None, a.confidence,
                                            -len(a.evidence)))


def fact_dates(r: Relation) -> list[str]:
    """Sorted distinct dates of the facts behind a relation (when the act happened)."""
    return sorted({a.date for a in r.assertions if a.date})


def to_graphml_graph(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    """A networkx graph with only GraphML-safe attribute values (str, int, float, bool)."""
    g = nx.MultiDiGraph(name="kg")
    positions: dict[str, list[str]] = {}
    for r in kg.relations.values():
        if r.literal and r.factual:
            positions.setdefault(r.subject, []).append(r.object)
    for eid in sorted(kg.entities):
        e = kg.entities[eid]
        zh_cls, en_cls, colour, _ = class_style(e.cls)
        g.add_node(eid, label=e.label, label_en=e.label_en or "", cls=e.cls, class_zh=zh_cls,
                   color=colour, mentions=e.mentions, documents=len(e.documents), date=e.date or "",
                   curated=e.curated, wikidata=str(e.identifiers.get("wikidata", "")),
                   aliases=SEP.join(sorted(e.alt_labels - {e.label})),
                   positions=SEP.join(sorted(positions.get(eid, []))))
    for key in sorted(kg.relations):
        r = kg.relations[key]
        if r.literal or r.subject not in kg.entities or r.object not in kg.entities:
            continue
        best = best_evidence(r)
        dates = fact_dates(r)
        modalities = sorted({a.modality for a in r.assertions if a.modality})
        g.add_edge(r.subject, r.object, key=r.predicate, predicate=r.predicate,
                   label=relation_label(r.predicate)[0], label_en=relation_label(r.predicate)[1],
                   confidence=float(r.confidence), factual=r.factual,
                   modality="" if r.factual else SEP.join(modalities),
                   date_from=dates[0] if dates else "", date_to=dates[-1] if dates else "",
                   dates=SEP.join(dates), assertions=len(r.assertions),
                   curated_only=all(a.method == "reference" for a in r.assertions),
                   documents=SEP.join(sorted({a.doc_id for a in r.assertions if a.doc_id})),
                   evidence=best.evidence if best else "")
    return g


def write_graphml(kg: KnowledgeGraph, path: str | Path) -> Path:
    """Write ``graph.graphml`` (UTF-8) and return its path."""
    path = Path(path)
    if path.is_dir():
        path = path / "graph.graphml"
    nx.write_graphml(to_graphml_graph(kg), path, encoding="utf-8", prettyprint=True)
    return path
