"""The export's dataset as N-Triples lines, produced subject by subject in sorted order.

Layout (see docs/sparql.md):

* default graph: entity descriptions, document nodes, statements, reference-file nodes;
* one named graph per source document (graph IRI = the document IRI): the direct
  triples and the ``kg:Assertion`` nodes that document supports;
* the named graph ``ref:`` (https://w3id.org/kg-diplo/reference/): curated reference
  facts as direct triples, with their ``kg:Assertion`` nodes.

Why an index and not a sorted list of all quads: the serialised text is 30 times the
size of the model (every assertion carries its evidence sentence), and sorting it whole
made memory grow with the corpus. :class:`Quads` keeps only an index from (graph,
subject) to the model objects that describe that subject; the lines of one subject are
made when it is written and dropped after. A line begins with its subject term, and no
subject term is a prefix of another (IRIs end with ``>``), so subjects in sorted order
with each subject's lines sorted is exactly the sorted order of all lines: the files
are the same bytes as a global sort would give, without one.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from operator import itemgetter

from kg.export.terms import (
    ALT_LABEL,
    ANY_URI,
    DEFAULT,
    DERIVED,
    LABEL,
    QID,
    REFERENCE_GRAPH,
    SAME_AS,
    TRUE,
    TYPE,
    assertion_iri,
    date_literal,
    decimal,
    integer,
    iri,
    k,
    lit,
    reference_iri,
    statement_iri,
)
from kg.graph import KnowledgeGraph
from kg.model import Assertion, Entity, Relation, Statement
from kg.namespaces import WD, document_iri, entity_iri

# kinds of source: what describes a subject in one graph
_ENTITY, _DOCUMENT, _REFFILE, _STATEMENT, _ASSERTION, _DIRECT = range(6)


class Quads:
    """An index of the dataset: (graph IRI or ``""``, subject term) → what describes it there.

    Building it reads the model once (a tuple per subject and graph, no text); the
    N-Triples lines come from :meth:`union` and :meth:`nquad_lines`, one subject at a time.
    """

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self._ents: dict[str, str] = {}
        self._docs: dict[str, str] = {}
        index: dict[tuple[str, str], list[tuple]] = {}

        def put(g: str, s: str, source: tuple) -> None:
            have = index.get((g, s))
            if have is None:
                index[(g, s)] = [source]
            else:
                have.append(source)

        docs: set[str] = set(kg.documents)
        for e in kg.entities.values():
            put(DEFAULT, self.ent(e.id), (_ENTITY, e))
            docs.update(e.documents)
        refs: dict[str, str] = {}  # reference-file IRI → its label
        graph_of: dict[str, str] = {}  # document id → its graph IRI
        for rel in kg.relations.values():
            extracted = any(a.method != "reference" for a in rel.assertions)
            direct: set[str] = set()  # the graphs stating the triple itself
            for a in rel.assertions:
                if a.method == "reference":
                    g = REFERENCE_GRAPH
                    refs.setdefault(reference_iri(a.source_file), a.source_file or "reference")
                    doc = f"ref:{a.source_file}"
                elif a.doc_id:
                    g = graph_of.get(a.doc_id) or graph_of.setdefault(a.doc_id, str(document_iri(a.doc_id)))
                    docs.add(a.doc_id)
                    doc = a.doc_id
                else:  # an extracted fact without a document: kept, unattributed
                    g, doc = DEFAULT, None
                if a.modality is None:  # a planned or denied act is an assertion, never a direct triple
                    direct.add(g)
                node = iri(assertion_iri(rel.subject, rel.predicate, rel.object, doc, a.start, a.end, a.method))
                put(g, node, (_ASSERTION, rel, a))
                for other in a.also_in:  # a near-duplicate document states it too (kg/dedup.py)
                    docs.add(other)
                    if a.modality is None:
                        direct.add(graph_of.get(other) or graph_of.setdefault(other, str(document_iri(other))))
            if direct:
                source = (_DIRECT, rel, extracted)  # one object in every graph: the union writes it once
                s = self.ent(rel.subject)
                for g in direct:
                    put(g, s, source)
        for st in kg.statements:
            put(DEFAULT, iri(statement_iri(st.id)), (_STATEMENT, st))
            docs.add(st.doc_id)
        for d in docs:
            put(DEFAULT, self.doc(d), (_DOCUMENT, d))
        for ref, label in refs.items():
            put(DEFAULT, iri(ref), (_REFFILE, label))
        self._index = index

    # -- terms, memoised per export ---------------------------------------------
    def ent(self, entity_id: str) -> str:
        have = self._ents.get(entity_id)
        if have is None:
            have = self._ents[entity_id] = iri(entity_iri(entity_id))
        return have

    def doc(self, doc_id: str) -> str:
        have = self._docs.get(doc_id)
        if have is None:
            have = self._docs[doc_id] = iri(document_iri(doc_id))
        return have

    # -- lines -------------------------------------------------------------------
    def union(self) -> Iterator[tuple[str, list[str]]]:
        """Each subject of the union of all graphs with its sorted, distinct N-Triples lines,
        in subject order, without the direct triples only curated data states (graph.nt)."""
        keys = sorted(self._index, key=itemgetter(1))
        for s, group in groupby(keys, key=itemgetter(1)):
            lines: list[str] = []
            done: set[int] = set()
            for key in group:
                for source in self._index[key]:
                    if source[0] == _DIRECT:
                        if not source[2] or id(source) in done:  # curated only: in graph ref: alone
                            continue
                        done.add(id(source))
                    self._lines(s, source, lines)
            if lines:
                yield s, sorted(set(lines))

    def nquad_lines(self) -> Iterator[str]:
        """N-Quads, default graph first, then named graphs by IRI; lines sorted in each."""
        for g, s in sorted(self._index):
            lines: list[str] = []
            for source in self._index[(g, s)]:
                self._lines(s, source, lines)
            if g == DEFAULT:
                yield from sorted(set(lines))
            else:
                tail = f" <{g}> .\n"
                for line in sorted(set(lines)):
                    yield line[:-3] + tail

    def _lines(self, s: str, source: tuple, out: list[str]) -> None:
        kind = source[0]
        if kind == _ASSERTION:
            self._assertion(s, source[1], source[2], out)
        elif kind == _DIRECT:
            rel = source[1]
            o = lit(rel.object, "zh") if rel.literal else self.ent(rel.object)
            out.append(f"{s} {k(rel.predicate)} {o} .\n")
        elif kind == _ENTITY:
            self._entity(s, source[1], out)
        elif kind == _DOCUMENT:
            self._document(s, source[1], out)
        elif kind == _STATEMENT:
            self._statement(s, source[1], out)
        else:  # _REFFILE
            out.append(f"{s} {TYPE} {k('ReferenceFile')} .\n")
            out.append(f"{s} {LABEL} {lit(source[1])} .\n")

    def _entity(self, s: str, e: Entity, out: list[str]) -> None:
        add = out.append
        add(f"{s} {TYPE} {k(e.cls)} .\n")
        add(f"{s} {LABEL} {lit(e.label, 'zh')} .\n")
        if e.label_en:
            add(f"{s} {LABEL} {lit(e.label_en, 'en')} .\n")
        for alt in e.alt_labels:
            if alt and alt != e.label and alt != e.label_en:
                add(f"{s} {ALT_LABEL} {lit(alt, 'en' if alt.isascii() else 'zh')} .\n")
        qid = e.identifiers.get("wikidata")
        if qid and QID.match(qid):
            add(f"{s} {SAME_AS} {iri(WD[qid])} .\n")
        iso = e.identifiers.get("iso3166") or e.identifiers.get("iso2")
        if iso:
            add(f"{s} {k('iso3166')} {lit(iso)} .\n")
        add(f"{s} {k('mentionCount')} {integer(e.mentions)} .\n")
        mentioned = k("mentionedIn")
        for doc_id in e.documents:
            add(f"{s} {mentioned} {self.doc(doc_id)} .\n")
        if e.date:
            add(f"{s} {k('date')} {date_literal(e.date)} .\n")
        if e.curated:
            add(f"{s} {k('curated')} {TRUE} .\n")

    def _document(self, d: str, doc_id: str, out: list[str]) -> None:
        add = out.append
        add(f"{d} {TYPE} {k('Document')} .\n")
        info = self.kg.documents.get(doc_id)
        if info is None:  # named by an entity, assertion or statement, not read in this build
            return
        add(f"{d} {k('source')} {lit(info.source)} .\n")
        add(f"{d} {k('format')} {lit(info.format)} .\n")
        if info.title:
            add(f"{d} {k('title')} {lit(info.title)} .\n")
        if info.date:
            add(f"{d} {k('published')} {date_literal(info.date)} .\n")
        if info.url:
            add(f"{d} {k('url')} {lit(info.url, datatype=ANY_URI)} .\n")
        if info.author:
            add(f"{d} {k('author')} {lit(info.author)} .\n")
        if info.line is not None:
            add(f"{d} {k('line')} {integer(info.line)} .\n")

    def _assertion(self, node: str, rel: Relation, a: Assertion, out: list[str]) -> None:
        add = out.append
        s = self.ent(rel.subject)
        o = lit(rel.object, "zh") if rel.literal else self.ent(rel.object)
        curated = a.method == "reference"
        add(f"{node} {TYPE} {k('Assertion')} .\n")
        add(f"{node} {k('subject')} {s} .\n")
        add(f"{node} {k('predicate')} {k(rel.predicate)} .\n")
        add(f"{node} {k('object')} {o} .\n")
        if a.evidence:
            add(f"{node} {k('evidence')} {lit(a.evidence)} .\n")
        add(f"{node} {k('confidence')} {decimal(a.confidence)} .\n")
        add(f"{node} {k('method')} {lit(a.method)} .\n")
        if a.start is not None:
            add(f"{node} {k('start')} {integer(a.start)} .\n")
        if a.end is not None:
            add(f"{node} {k('end')} {integer(a.end)} .\n")
        if a.date:
            add(f"{node} {k('date')} {date_literal(a.date)} .\n")
        if a.end_date:
            add(f"{node} {k('endDate')} {date_literal(a.end_date)} .\n")
        if a.modality:
            add(f"{node} {k('modality')} {lit(a.modality)} .\n")
        if a.trigger:
            add(f"{node} {k('trigger')} {lit(a.trigger, 'zh')} .\n")
        if a.cameo:
            add(f"{node} {k('cameoCode')} {lit(a.cameo)} .\n")
        if curated:
            add(f"{node} {k('curated')} {TRUE} .\n")
            add(f"{node} {DERIVED} {iri(reference_iri(a.source_file))} .\n")
        elif a.doc_id:
            add(f"{node} {DERIVED} {self.doc(a.doc_id)} .\n")
        for other in a.also_in:
            add(f"{node} {DERIVED} {self.doc(other)} .\n")

    def _statement(self, n: str, st: Statement, out: list[str]) -> None:
        add = out.append
        add(f"{n} {TYPE} {k('Statement')} .\n")
        add(f"{n} {k('speaker')} {self.ent(st.speaker)} .\n")
        add(f"{n} {k('text')} {lit(st.text)} .\n")
        add(f"{n} {k('start')} {integer(st.start)} .\n")
        add(f"{n} {k('end')} {integer(st.end)} .\n")
        if st.outlet:
            add(f"{n} {k('askedBy')} {self.ent(st.outlet)} .\n")
        if st.question:
            add(f"{n} {k('question')} {lit(st.question)} .\n")
        mentions = k("mentions")
        for m in st.mentions:
            add(f"{n} {mentions} {self.ent(m)} .\n")
        if st.event:
            add(f"{n} {k('atEvent')} {self.ent(st.event)} .\n")
        if st.date:
            add(f"{n} {k('date')} {date_literal(st.date)} .\n")
        add(f"{n} {DERIVED} {self.doc(st.doc_id)} .\n")
