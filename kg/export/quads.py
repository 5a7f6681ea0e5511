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

from collections.abc import Iterator, Sequence

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
    assertion_iri_of,
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


class _Terms:
    """kg: terms as N-Triples IRIs by attribute (``T.subject``), each made once: an attribute
    costs less than a call of ``k(name)`` for each of the half a million lines of a large graph."""

    def __getattr__(self, name: str) -> str:
        value = k(name)
        setattr(self, name, value)
        return value


T = _Terms()

# kinds of source: what describes a subject in one graph
_ENTITY, _DOCUMENT, _REFFILE, _STATEMENT, _ASSERTION, _DIRECT = range(6)


class Quads:
    """An index of the dataset: subject term → graph IRI (or ``""``) → what describes it there.

    Building it reads the model once (a tuple per subject and graph, no text); the
    N-Triples lines come from :meth:`subjects` (the files) and :meth:`nquad_lines` (rdflib), one
    subject at a time.
    """

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self._ents: dict[str, str] = {}
        self._docs: dict[str, str] = {}
        index: dict[str, dict[str, list[tuple]]] = {}  # subject → graph → sources

        def put(g: str, s: str, source: tuple) -> None:
            graphs = index.get(s)
            if graphs is None:
                index[s] = {g: [source]}
            elif (have := graphs.get(g)) is None:
                graphs[g] = [source]
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
            triple = f"{rel.subject}\x1f{rel.predicate}\x1f{rel.object}\x1f"  # of the assertions' IRIs
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
                node = f"<{assertion_iri_of(triple, doc, a.start, a.end, a.method)}>"
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
    def groups(self) -> list[tuple[str, dict[str, list[tuple]]]]:
        """The subjects in order, each with what describes it in each graph: what :meth:`subjects`
        walks, and what may be cut into pieces for several processes."""
        index = self._index
        return [(s, index[s]) for s in sorted(index)]

    def subjects(self, groups: Sequence[tuple[str, dict[str, list[tuple]]]] | None = None,
                 ) -> Iterator[tuple[str, list[str], list[tuple[str, list[str]]]]]:
        """Every subject in order (or those of ``groups``, a piece of :meth:`groups`), with its lines in the union (graph.nt; without the direct
        triples only curated data states) and, per graph, its lines there (graph.trig).

        Lines are sorted and distinct; the union's list is empty for a subject that only
        curated data states, and it is the per-graph list itself when the two are equal.
        """
        for s, graphs in groups if groups is not None else self.groups():
            per_graph: list[tuple[str, list[str]]] = []
            union: set[str] = set()
            differs = False  # some graph holds a line the union leaves out
            for g, sources in graphs.items():
                shown: list[str] = []
                hidden: list[str] = []  # the direct triple of a relation only curated data states
                for source in sources:
                    self._lines(s, source, hidden if source[0] == _DIRECT and not source[2] else shown)
                lines = sorted(set(shown).union(hidden)) if hidden else sorted(set(shown))
                per_graph.append((g, lines))
                differs = differs or bool(hidden)
                union.update(shown)
            if len(per_graph) == 1 and not differs:
                yield s, per_graph[0][1], per_graph
            else:
                yield s, sorted(union), per_graph

    def nquad_lines(self) -> Iterator[str]:
        """N-Quads, default graph first, then named graphs by IRI; lines sorted in each."""
        index = self._index
        for g, s in sorted((g, s) for s, graphs in index.items() for g in graphs):
            lines: list[str] = []
            for source in index[s][g]:
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
            out.append(f"{s} {TYPE} {T.ReferenceFile} .\n")
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
            add(f"{s} {T.iso3166} {lit(iso)} .\n")
        add(f"{s} {T.mentionCount} {integer(e.mentions)} .\n")
        mentioned = T.mentionedIn
        for doc_id in e.documents:
            add(f"{s} {mentioned} {self.doc(doc_id)} .\n")
        if e.date:
            add(f"{s} {T.date} {date_literal(e.date)} .\n")
        if e.curated:
            add(f"{s} {T.curated} {TRUE} .\n")

    def _document(self, d: str, doc_id: str, out: list[str]) -> None:
        add = out.append
        add(f"{d} {TYPE} {T.Document} .\n")
        info = self.kg.documents.get(doc_id)
        if info is None:  # named by an entity, assertion or statement, not read in this build
            return
        add(f"{d} {T.source} {lit(info.source)} .\n")
        add(f"{d} {T.format} {lit(info.format)} .\n")
        if info.title:
            add(f"{d} {T.title} {lit(info.title)} .\n")
        if info.date:
            add(f"{d} {T.published} {date_literal(info.date)} .\n")
        if info.url:
            add(f"{d} {T.url} {lit(info.url, datatype=ANY_URI)} .\n")
        if info.author:
            add(f"{d} {T.author} {lit(info.author)} .\n")
        if info.line is not None:
            add(f"{d} {T.line} {integer(info.line)} .\n")

    def _assertion(self, node: str, rel: Relation, a: Assertion, out: list[str]) -> None:
        add = out.append
        s = self.ent(rel.subject)
        o = lit(rel.object, "zh") if rel.literal else self.ent(rel.object)
        curated = a.method == "reference"
        add(f"{node} {TYPE} {T.Assertion} .\n")
        add(f"{node} {T.subject} {s} .\n")
        add(f"{node} {T.predicate} {k(rel.predicate)} .\n")
        add(f"{node} {T.object} {o} .\n")
        if a.evidence:
            add(f"{node} {T.evidence} {lit(a.evidence)} .\n")
        add(f"{node} {T.confidence} {decimal(a.confidence)} .\n")
        add(f"{node} {T.method} {lit(a.method)} .\n")
        if a.start is not None:
            add(f"{node} {T.start} {integer(a.start)} .\n")
        if a.end is not None:
            add(f"{node} {T.end} {integer(a.end)} .\n")
        if a.date:
            add(f"{node} {T.date} {date_literal(a.date)} .\n")
        if a.end_date:
            add(f"{node} {T.endDate} {date_literal(a.end_date)} .\n")
        if a.modality:
            add(f"{node} {T.modality} {lit(a.modality)} .\n")
        if a.trigger:
            add(f"{node} {T.trigger} {lit(a.trigger, 'zh')} .\n")
        if a.cameo:
            add(f"{node} {T.cameoCode} {lit(a.cameo)} .\n")
        if curated:
            add(f"{node} {T.curated} {TRUE} .\n")
            add(f"{node} {DERIVED} {iri(reference_iri(a.source_file))} .\n")
        elif a.doc_id:
            add(f"{node} {DERIVED} {self.doc(a.doc_id)} .\n")
        for other in a.also_in:
            add(f"{node} {DERIVED} {self.doc(other)} .\n")

    def _statement(self, n: str, st: Statement, out: list[str]) -> None:
        add = out.append
        add(f"{n} {TYPE} {T.Statement} .\n")
        add(f"{n} {T.speaker} {self.ent(st.speaker)} .\n")
        add(f"{n} {T.text} {lit(st.text)} .\n")
        add(f"{n} {T.start} {integer(st.start)} .\n")
        add(f"{n} {T.end} {integer(st.end)} .\n")
        if st.outlet:
            add(f"{n} {T.askedBy} {self.ent(st.outlet)} .\n")
        if st.question:
            add(f"{n} {T.question} {lit(st.question)} .\n")
        mentions = T.mentions
        for m in st.mentions:
            add(f"{n} {mentions} {self.ent(m)} .\n")
        if st.event:
            add(f"{n} {T.atEvent} {self.ent(st.event)} .\n")
        if st.date:
            add(f"{n} {T.date} {date_literal(st.date)} .\n")
        add(f"{n} {DERIVED} {self.doc(st.doc_id)} .\n")
