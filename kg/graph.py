"""The knowledge graph: entities, typed relations with their assertions,
statements and document metadata.

This is the hand-off point between the building stages (ingest → nlp →
extract → resolve) and the consuming ones (export, view, query, API). It is
deliberately plain: dicts of dataclasses, a ``to_networkx`` view, and a JSON
round trip (``kg.json`` in every build folder) so consumers never re-run NLP.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, fields
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from kg.model import (
    CLASSES,
    PROPERTIES,
    SYMMETRIC_PROPERTIES,
    Assertion,
    DocumentInfo,
    Entity,
    Relation,
    Statement,
)

if TYPE_CHECKING:
    import networkx as nx

FORMAT_VERSION = 1


class KnowledgeGraph:
    """Entities keyed by id, relations keyed by (subject, predicate, object)."""

    def __init__(self) -> None:
        self.entities: dict[str, Entity] = {}
        self.relations: dict[tuple[str, str, str], Relation] = {}
        self.documents: dict[str, DocumentInfo] = {}
        self.statements: list[Statement] = []
        # per relation: (its assertion list, its length, first index of each assertion key), so
        # add_relation finds a repeated assertion without scanning them all (a fact stated in
        # thousands of documents); rebuilt when the list was replaced or changed elsewhere
        self._seen: dict[tuple[str, str, str], tuple[list[Assertion], int, dict[tuple, int]]] = {}

    # -- building -----------------------------------------------------------
    def add_entity(self, entity: Entity) -> Entity:
        """Add or merge an entity (same id → labels, mentions, documents merge)."""
        have = self.entities.get(entity.id)
        if have is None:
            self.entities[entity.id] = entity
            return entity
        have.alt_labels |= entity.alt_labels
        have.alt_labels.discard(have.label)
        have.documents |= entity.documents
        have.mentions += entity.mentions
        have.label_en = have.label_en or entity.label_en
        have.date = have.date or entity.date
        have.curated = have.curated or entity.curated
        for k, v in entity.identifiers.items():
            have.identifiers.setdefault(k, v)
        return have

    def add_relation(self, subject: str, predicate: str, obj: str, assertion: Assertion) -> Relation:
        """Add one assertion of a triple; symmetric triples are stored once, ordered."""
        if predicate not in PROPERTIES:
            raise ValueError(f"unknown property {predicate!r}")
        if predicate in SYMMETRIC_PROPERTIES and obj < subject:
            subject, obj = obj, subject
        key = (subject, predicate, obj)
        rel = self.relations.get(key)
        if rel is None:
            rel = self.relations[key] = Relation(subject, predicate, obj)
        seen = self._seen.get(key)
        if seen is None or seen[0] is not rel.assertions or seen[1] != len(rel.assertions):
            index: dict[tuple, int] = {}
            for i, a in enumerate(rel.assertions):
                index.setdefault(_assertion_key(a), i)
        else:
            index = seen[2]
        i = index.get(_assertion_key(assertion), -1)
        if i >= 0:
            if rel.assertions[i].modality is not None and assertion.modality is None:
                rel.assertions[i] = assertion  # one sentence states it as a fact: the fact wins
        else:
            index[_assertion_key(assertion)] = len(rel.assertions)
            rel.assertions.append(assertion)
        self._seen[key] = (rel.assertions, len(rel.assertions), index)
        return rel

    def add_document(self, info: DocumentInfo) -> None:
        self.documents[info.id] = info

    # -- reading ------------------------------------------------------------
    def entities_of(self, cls: str | None = None) -> Iterator[Entity]:
        for e in self.entities.values():
            if cls is None or e.cls == cls:
                yield e

    def relations_of(self, entity_id: str) -> Iterator[Relation]:
        for r in self.relations.values():
            if r.subject == entity_id or (not r.literal and r.object == entity_id):
                yield r

    def find(self, name: str) -> list[Entity]:
        """Entities whose label, English label or alias equals ``name``."""
        want = name.strip().lower()
        return [
            e
            for e in self.entities.values()
            if want in {e.label.lower(), (e.label_en or "").lower(), *(a.lower() for a in e.alt_labels)}
        ]

    def stats(self) -> dict[str, dict[str, int]]:
        per_class: dict[str, int] = {c: 0 for c in CLASSES}
        for e in self.entities.values():
            per_class[e.cls] = per_class.get(e.cls, 0) + 1
        per_prop: dict[str, int] = {p: 0 for p in PROPERTIES}
        for r in self.relations.values():
            per_prop[r.predicate] += 1
        return {"documents": {"total": len(self.documents)}, "entities": per_class, "relations": per_prop}

    def to_networkx(self) -> nx.MultiDiGraph:
        """Entities as nodes, entity-to-entity relations as keyed edges.

        ``position`` (a literal) becomes a node attribute list, not an edge.
        """
        import networkx as nx  # here, not at import: a build never needs it (start-up)

        g = nx.MultiDiGraph()
        for e in self.entities.values():
            g.add_node(
                e.id, label=e.label, label_en=e.label_en, cls=e.cls, mentions=e.mentions,
                date=e.date, curated=e.curated, positions=[],
            )
        for r in self.relations.values():
            if r.literal:
                if r.subject in g:
                    g.nodes[r.subject]["positions"].append(r.object)
                continue
            g.add_edge(
                r.subject, r.object, key=r.predicate, predicate=r.predicate,
                confidence=r.confidence, evidence=[a.evidence for a in r.assertions],
                documents=sorted({a.doc_id for a in r.assertions if a.doc_id}),
            )
        return g

    # -- persistence --------------------------------------------------------
    def to_dict(self) -> dict:
        return {"format": FORMAT_VERSION, **{name: list(records) for name, records in self._sections(_fields)}}

    def _sections(self, fields_of: Callable[[object], dict]) -> Iterator[tuple[str, Iterator[dict]]]:
        """kg.json's lists, each sorted by id, as plain dicts: what ``asdict`` gives, faster
        (the fields hold strings, numbers and flat lists or dicts of them)."""
        yield "documents", (fields_of(d) for d in sorted(self.documents.values(), key=lambda d: d.id))
        yield "entities", ({**fields_of(e), "alt_labels": sorted(e.alt_labels), "documents": sorted(e.documents)}
                           for e in sorted(self.entities.values(), key=lambda e: e.id))
        yield "relations", ({"subject": r.subject, "predicate": r.predicate, "object": r.object,
                             "assertions": [fields_of(a) for a in r.assertions]}
                            for _, r in sorted(self.relations.items()))
        yield "statements", (fields_of(s) for s in sorted(self.statements, key=lambda s: s.id))

    @classmethod
    def from_dict(cls, data: dict) -> KnowledgeGraph:
        kg = cls()
        for d in data.get("documents", []):
            kg.add_document(DocumentInfo(**d))
        for e in data.get("entities", []):
            e = dict(e, alt_labels=set(e["alt_labels"]), documents=set(e["documents"]))
            kg.entities[e["id"]] = Entity(**e)
        for r in data.get("relations", []):
            rel = Relation(r["subject"], r["predicate"], r["object"],
                           [Assertion(**a) for a in r["assertions"]])
            kg.relations[(rel.subject, rel.predicate, rel.object)] = rel
        kg.statements = [Statement(**s) for s in data.get("statements", [])]
        return kg

    def save(self, path: str | Path) -> Path:
        """Write ``kg.json``: sorted, one record a line, so two builds of the same input diff cleanly.

        Written record by record with the C JSON encoder (``indent`` would run Python's
        pure encoder over the whole graph, and hold all of the text at once).
        """
        path = Path(path)
        if path.is_dir() or not path.suffix:
            path.mkdir(parents=True, exist_ok=True)
            path = path / "kg.json"
        dump = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
        sections = dict(self._sections(_fields_view))  # read at once by the encoder: no copies
        with path.open("w", encoding="utf-8", newline="\n", buffering=1 << 20) as fh:
            fh.write("{")
            for i, name in enumerate(sorted([*sections, "format"])):  # keys sorted, as sort_keys would
                fh.write(("" if i == 0 else ",\n") + json.dumps(name) + ":")
                if name == "format":
                    fh.write(str(FORMAT_VERSION))
                    continue
                fh.write("[")
                for j, record in enumerate(sections[name]):
                    fh.write(("\n" if j == 0 else ",\n") + dump(record))
                fh.write("\n]")
            fh.write("}\n")
        return path

    @classmethod
    def load(cls, path: str | Path) -> KnowledgeGraph:
        path = Path(path)
        if path.is_dir():
            path = path / "kg.json"
        if not path.exists():
            raise FileNotFoundError(f"{path}: no kg.json here; run `kg build` first")
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))

    def __len__(self) -> int:
        return len(self.entities)

    def __repr__(self) -> str:
        return (f"<KnowledgeGraph {len(self.entities)} entities, {len(self.relations)} relations, "
                f"{len(self.documents)} documents, {len(self.statements)} statements>")


def _fields(obj: object) -> dict:
    """A dataclass's fields as a dict; lists and dicts copied (their items are plain values)."""
    out = _fields_view(obj)
    for f, v in out.items():
        if isinstance(v, (list, dict)):
            out[f] = v.copy()
    return out


def _fields_view(obj: object) -> dict:
    """A dataclass's fields as a dict sharing their values (for writing, not for handing out)."""
    d = obj.__dict__
    cls: type = type(obj)
    return {f: d[f] for f in _field_names(cls)}


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _assertion_key(a: Assertion) -> tuple:
    """Two assertions with this key are one (the same sentence span of one document, one method)."""
    return (a.doc_id, a.start, a.end, a.method)



def merge(graphs: Iterable[KnowledgeGraph]) -> KnowledgeGraph:
    """Union of several graphs (entity ids are stable, so this is a plain merge)."""
    out = KnowledgeGraph()
    for g in graphs:
        for d in g.documents.values():
            out.add_document(d)
        for e in g.entities.values():
            out.add_entity(Entity(**{**asdict(e), "alt_labels": set(e.alt_labels),
                                     "documents": set(e.documents)}))
        for r in g.relations.values():
            for a in r.assertions:
                out.add_relation(r.subject, r.predicate, r.object, a)
        out.statements.extend(g.statements)
    return out
