"""RDF export of a KnowledgeGraph: Turtle, N-Triples, JSON-LD and TriG.

Layout (see docs/sparql.md):

* default graph: entity descriptions, document nodes, statements, reference-file nodes;
* one named graph per source document (graph IRI = the document IRI): the direct
  triples and the ``kg:Assertion`` nodes that document supports;
* the named graph ``ref:`` (https://w3id.org/kg-diplo/reference/): curated reference
  facts as direct triples, with their ``kg:Assertion`` nodes.

``graph.trig`` keeps that layout. ``graph.ttl``, ``graph.nt`` and ``graph.jsonld`` are
the union of all graphs *minus* the direct triples that only the reference data
supports: direct triples in graph.ttl state what the documents state, which is what
the evaluation scores (SCHEMA.md). Curated-only facts stay visible there through
their ``kg:Assertion`` nodes (``kg:curated true``).

Why not build an rdflib graph and serialise it: rdflib needs minutes and gigabytes
for a million triples. Quads are generated once as N-Triples term strings (cheap to
sort, so every file is byte-for-byte deterministic), N-Triples is written directly,
and Turtle/TriG go through pyoxigraph's (Rust) serialisers. ``to_rdflib`` parses the
same quads, so the rdflib view and the files cannot disagree.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Iterable, Iterator
from datetime import date as _date
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
import rdflib
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.graph import KnowledgeGraph
from kg.namespaces import ASR, KG, PREFIXES, REF, STM, WD, document_iri, entity_iri, kg_term

#: The named graph holding curated reference facts.
REFERENCE_GRAPH = str(REF)
FORMATS: tuple[str, ...] = ("ttl", "nt", "jsonld", "trig")
FILE_NAMES = {"ttl": "graph.ttl", "nt": "graph.nt", "jsonld": "graph.jsonld", "trig": "graph.trig"}

DEFAULT = ""  # graph key of the default graph

_ESC = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_QID = re.compile(r"^Q[1-9][0-9]*$")

Quad = tuple[str, str, str, str]  # (graph, subject, predicate, object) as N-Triples terms


# -- terms ------------------------------------------------------------------
def _iri(iri: object) -> str:
    return f"<{iri}>"


def _lit(value: object, lang: str | None = None, datatype: object | None = None) -> str:
    text = f'"{str(value).translate(_ESC)}"'
    if lang:
        return f"{text}@{lang}"
    if datatype is not None and str(datatype) != str(XSD.string):
        return f"{text}^^<{datatype}>"
    return text


def _int(n: int) -> str:
    return _lit(int(n), datatype=XSD.integer)


def _decimal(x: float) -> str:
    """Canonical xsd:decimal lexical form (no exponent, at most 4 decimals)."""
    s = f"{float(x):.4f}".rstrip("0")
    return _lit(s + "0" if s.endswith(".") else s, datatype=XSD.decimal)


_TRUE = _lit("true", datatype=XSD.boolean)


@lru_cache(maxsize=1 << 16)
def date_literal(value: str) -> str:
    """``kg:date`` / ``kg:published`` literal typed by its shape; untyped when unknown."""
    v = value.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            _date.fromisoformat(v)
            return _lit(v, datatype=XSD.date)
        if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", v):
            return _lit(v, datatype=XSD.gYearMonth)
        if re.fullmatch(r"\d{4}", v):
            return _lit(v, datatype=XSD.gYear)
        if re.fullmatch(r"--(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])", v):
            return _lit(v, datatype=XSD.gMonthDay)
    except ValueError:
        pass
    return _lit(v)


def assertion_iri(s: str, p: str, o: str, doc: str | None, start: int | None, end: int | None,
                  method: str) -> str:
    """Stable IRI of one assertion: the same fact from the same place keeps its IRI."""
    key = "\x1f".join(map(str, (s, p, o, doc, start, end, method)))
    return str(ASR[hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]])


def statement_iri(statement_id: str) -> str:
    return str(STM[quote(statement_id, safe="-_.~")])


def reference_iri(source_file: str | None) -> str:
    return str(REF[quote(source_file or "reference", safe="-_.~")])


# -- quads ------------------------------------------------------------------
_T = _iri(RDF.type)
_LABEL, _ALT = _iri(RDFS.label), _iri(SKOS.altLabel)
_DERIVED = _iri(PROV.wasDerivedFrom)


@cache
def _k(name: str) -> str:
    return _iri(kg_term(name))


def _ent(entity_id: str) -> str:
    return _iri(entity_iri(entity_id))


class _Quads:
    """The dataset as N-Triples-term quads, plus the curated-only direct triples."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        # one set of N-Triples lines per graph: strings sort and hash faster than tuples
        self.graphs: dict[str, set[str]] = {DEFAULT: set()}
        self.hidden: set[str] = set()  # lines of the curated-only direct triples
        graphs = self.graphs

        def add(quad: Quad) -> None:
            g, s, p, o = quad
            lines = graphs.get(g)
            if lines is None:
                lines = graphs[g] = set()
            lines.add(f"{s} {p} {o} .\n")

        ents: dict[str, str] = {}

        def _ent(entity_id: str) -> str:  # noqa: F811 - a per-export cache of the module function
            iri = ents.get(entity_id)
            if iri is None:
                iri = ents[entity_id] = _iri(entity_iri(entity_id))
            return iri

        docs_seen: dict[str, str] = {}

        def doc_node(doc_id: str) -> str:
            d = docs_seen.get(doc_id)
            if d is None:
                d = docs_seen[doc_id] = _iri(document_iri(doc_id))
                add((DEFAULT, d, _T, _k("Document")))
            return d

        for e in kg.entities.values():
            s = _ent(e.id)
            add((DEFAULT, s, _T, _k(e.cls)))
            add((DEFAULT, s, _LABEL, _lit(e.label, "zh")))
            if e.label_en:
                add((DEFAULT, s, _LABEL, _lit(e.label_en, "en")))
            for alt in e.alt_labels:
                if alt and alt != e.label and alt != e.label_en:
                    add((DEFAULT, s, _ALT, _lit(alt, "en" if alt.isascii() else "zh")))
            qid = e.identifiers.get("wikidata")
            if qid and _QID.match(qid):
                add((DEFAULT, s, _iri(OWL.sameAs), _iri(WD[qid])))
            iso = e.identifiers.get("iso3166") or e.identifiers.get("iso2")
            if iso:
                add((DEFAULT, s, _k("iso3166"), _lit(iso)))
            add((DEFAULT, s, _k("mentionCount"), _int(e.mentions)))
            for doc_id in e.documents:
                add((DEFAULT, s, _k("mentionedIn"), doc_node(doc_id)))
            if e.date:
                add((DEFAULT, s, _k("date"), date_literal(e.date)))
            if e.curated:
                add((DEFAULT, s, _k("curated"), _TRUE))

        for info in kg.documents.values():
            d = doc_node(info.id)
            add((DEFAULT, d, _k("source"), _lit(info.source)))
            add((DEFAULT, d, _k("format"), _lit(info.format)))
            if info.title:
                add((DEFAULT, d, _k("title"), _lit(info.title)))
            if info.date:
                add((DEFAULT, d, _k("published"), date_literal(info.date)))
            if info.url:
                add((DEFAULT, d, _k("url"), _lit(info.url, datatype=XSD.anyURI)))
            if info.author:
                add((DEFAULT, d, _k("author"), _lit(info.author)))
            if info.line is not None:
                add((DEFAULT, d, _k("line"), _int(info.line)))

        refs_seen: set[str] = set()
        for rel in kg.relations.values():
            s = _ent(rel.subject)
            p_iri = kg_term(rel.predicate)
            p = _iri(p_iri)
            o = _lit(rel.object, "zh") if rel.literal else _ent(rel.object)
            extracted = any(a.method != "reference" for a in rel.assertions)
            for a in rel.assertions:
                curated = a.method == "reference"
                if curated:
                    g = REFERENCE_GRAPH
                    source = reference_iri(a.source_file)
                    if source not in refs_seen:
                        refs_seen.add(source)
                        add((DEFAULT, _iri(source), _T, _k("ReferenceFile")))
                        add((DEFAULT, _iri(source), _LABEL, _lit(a.source_file or "reference")))
                    src = _iri(source)
                    if not extracted:
                        self.hidden.add(f"{s} {p} {o} .\n")
                elif a.doc_id:
                    src = doc_node(a.doc_id)
                    g = str(document_iri(a.doc_id))
                else:  # an extracted fact without a document: keep it, unattributed
                    g, src = DEFAULT, None
                if a.modality is None:
                    add((g, s, p, o))  # a planned or denied act is an assertion, never a direct triple
                node = _iri(assertion_iri(rel.subject, rel.predicate, rel.object,
                                          a.doc_id if not curated else f"ref:{a.source_file}",
                                          a.start, a.end, a.method))
                add((g, node, _T, _k("Assertion")))
                add((g, node, _k("subject"), s))
                add((g, node, _k("predicate"), _iri(p_iri)))
                add((g, node, _k("object"), o))
                if a.evidence:
                    add((g, node, _k("evidence"), _lit(a.evidence)))
                add((g, node, _k("confidence"), _decimal(a.confidence)))
                add((g, node, _k("method"), _lit(a.method)))
                if a.start is not None:
                    add((g, node, _k("start"), _int(a.start)))
                if a.end is not None:
                    add((g, node, _k("end"), _int(a.end)))
                if a.date:
                    add((g, node, _k("date"), date_literal(a.date)))
                if a.end_date:
                    add((g, node, _k("endDate"), date_literal(a.end_date)))
                if a.modality:
                    add((g, node, _k("modality"), _lit(a.modality)))
                if a.trigger:
                    add((g, node, _k("trigger"), _lit(a.trigger, "zh")))
                if a.cameo:
                    add((g, node, _k("cameoCode"), _lit(a.cameo)))
                if curated:
                    add((g, node, _k("curated"), _TRUE))
                if src:
                    add((g, node, _DERIVED, src))
                for other in a.also_in:  # a near-duplicate document states it too (kg/dedup.py)
                    add((g, node, _DERIVED, doc_node(other)))
                    if a.modality is None:
                        add((str(document_iri(other)), s, p, o))

        for st in kg.statements:
            n = _iri(statement_iri(st.id))
            add((DEFAULT, n, _T, _k("Statement")))
            add((DEFAULT, n, _k("speaker"), _ent(st.speaker)))
            add((DEFAULT, n, _k("text"), _lit(st.text)))
            add((DEFAULT, n, _k("start"), _int(st.start)))
            add((DEFAULT, n, _k("end"), _int(st.end)))
            if st.outlet:
                add((DEFAULT, n, _k("askedBy"), _ent(st.outlet)))
            if st.question:
                add((DEFAULT, n, _k("question"), _lit(st.question)))
            for m in st.mentions:
                add((DEFAULT, n, _k("mentions"), _ent(m)))
            if st.event:
                add((DEFAULT, n, _k("atEvent"), _ent(st.event)))
            if st.date:
                add((DEFAULT, n, _k("date"), date_literal(st.date)))
            add((DEFAULT, n, _DERIVED, doc_node(st.doc_id)))

    def nquad_lines(self) -> Iterator[str]:
        """N-Quads, default graph first, then named graphs by IRI; lines sorted in each."""
        for g in sorted(self.graphs):
            if g == DEFAULT:
                yield from sorted(self.graphs[g])
            else:
                tail = f" <{g}> .\n"
                for line in sorted(self.graphs[g]):
                    yield line[:-3] + tail

    def union_lines(self) -> list[str]:
        """Sorted N-Triples lines of the union, without curated-only direct triples."""
        lines: set[str] = set()
        for g in self.graphs.values():
            lines |= g
        lines -= self.hidden
        return sorted(lines)


# -- public API -------------------------------------------------------------
def prefixes() -> dict[str, str]:
    return {k: str(v) for k, v in PREFIXES.items()}


def to_rdflib(kg: KnowledgeGraph) -> rdflib.Dataset:
    """The export as an rdflib Dataset: named graphs as in graph.trig, union as default view."""
    q = _Quads(kg)
    ds = rdflib.Dataset(default_union=True)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True, replace=True)
    graphs: dict[str, rdflib.Graph] = {DEFAULT: ds.default_graph}
    nq = "".join(q.nquad_lines()).encode("utf-8")
    terms: dict[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple, rdflib.term.Node] = {}

    def term(t: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> rdflib.term.Node:
        have = terms.get(t)
        if have is None:
            if isinstance(t, ox.NamedNode):
                have = rdflib.URIRef(t.value)
            elif not isinstance(t, ox.Literal):  # no blank nodes or quoted triples are exported
                raise TypeError(f"unexpected term in the export: {t}")
            elif t.language:
                have = rdflib.Literal(t.value, lang=t.language)
            elif t.datatype.value == str(XSD.string):
                have = rdflib.Literal(t.value)
            else:
                have = rdflib.Literal(t.value, datatype=rdflib.URIRef(t.datatype.value))
            terms[t] = have
        return have

    def quads() -> Iterator[tuple]:
        for x in ox.parse(nq, format=ox.RdfFormat.N_QUADS):
            g = "" if isinstance(x.graph_name, ox.DefaultGraph) else x.graph_name.value
            graph = graphs.get(g)
            if graph is None:
                graph = graphs[g] = ds.graph(rdflib.URIRef(g))
            yield term(x.subject), term(x.predicate), term(x.object), graph

    ds.addN(quads())
    return ds


def write_rdf(kg: KnowledgeGraph, out_dir: Path,
              formats: Iterable[str] = FORMATS) -> list[Path]:
    """Write graph.ttl / graph.nt / graph.jsonld / graph.trig into ``out_dir``.

    Same KnowledgeGraph in, same bytes out: quads are sorted before serialising and
    no blank nodes or timestamps are written.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    wanted = [f.lower().lstrip(".") for f in formats]
    unknown = sorted(set(wanted) - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown RDF format(s) {unknown}; choose from {list(FORMATS)}")
    q = _Quads(kg)
    written: list[Path] = []
    nt = b""
    if {"ttl", "nt", "jsonld"} & set(wanted):
        nt = "".join(q.union_lines()).encode("utf-8")
    for fmt in FORMATS:
        if fmt not in wanted:
            continue
        path = out_dir / FILE_NAMES[fmt]
        if fmt == "nt":
            path.write_bytes(nt)
        elif fmt == "ttl":
            _serialize(nt, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TURTLE, path)
        elif fmt == "trig":
            nq = "".join(q.nquad_lines()).encode("utf-8")
            _serialize(nq, ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG, path)
            del nq
        elif fmt == "jsonld":
            path.write_text(jsonld_text(nt), encoding="utf-8")
        written.append(path)
    return written


def _serialize(data: bytes, src: ox.RdfFormat, dst: ox.RdfFormat, path: Path) -> None:
    """Serialise sorted statements with pyoxigraph (streaming to disk); @prefix lines sorted.

    pyoxigraph writes the prefixes in its own order; sorting them keeps the bytes
    independent of that.
    """
    tmp = path.with_name(path.name + ".tmp")
    ox.serialize(ox.parse(data, format=src), output=str(tmp), format=dst, prefixes=prefixes())
    with tmp.open("rb") as src_file, path.open("wb") as out:
        head: list[bytes] = []
        line = src_file.readline()
        while line.startswith(b"@prefix "):
            head.append(line)
            line = src_file.readline()
        out.writelines(sorted(head))
        out.write(line)
        shutil.copyfileobj(src_file, out, 1 << 20)
    tmp.unlink()


# -- JSON-LD ----------------------------------------------------------------
def jsonld_context() -> dict[str, object]:
    """Prefixes plus every kg: local name as a bare term (kg:mentionCount → mentionCount)."""
    ctx: dict[str, object] = dict(prefixes())
    for name in _kg_terms():
        ctx[name] = f"kg:{name}"
    return ctx


def _kg_terms() -> list[str]:
    """Every class and property ontology/kg.ttl declares (kg.schema)."""
    from kg.schema import schema

    return sorted(schema().terms())


def jsonld_text(nt: bytes) -> str:
    """Compact, sorted JSON-LD of sorted N-Triples: one node object per subject, one per line.

    One line per node keeps diffs readable and lets the C JSON encoder do the work
    (``indent`` would switch to the pure-Python one, 10× slower on big graphs).
    """
    pref = sorted(prefixes().items(), key=lambda kv: -len(kv[1]))
    terms = set(_kg_terms())
    kg_ns, rdf_type, xsd_string = str(KG), str(RDF.type), str(XSD.string)
    cache: dict[tuple[str, bool], str] = {}

    def compact(iri: str, vocab: bool = False) -> str:
        key = (iri, vocab)
        out = cache.get(key)
        if out is not None:
            return out
        out = iri
        if vocab and iri.startswith(kg_ns) and iri[len(kg_ns):] in terms:
            out = iri[len(kg_ns):]
        else:
            for prefix, ns in pref:
                if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns):].startswith("//"):
                    out = f"{prefix}:{iri[len(ns):]}"
                    break
        if len(cache) < 1_000_000:
            cache[key] = out
        return out

    def value(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> object:
        if isinstance(term, ox.NamedNode):
            return {"@id": compact(term.value)}
        if not isinstance(term, ox.Literal):  # no blank nodes or quoted triples are exported
            raise TypeError(f"unexpected term in the export: {term}")
        if term.language:
            return {"@value": term.value, "@language": term.language}
        dt = term.datatype.value
        if dt == xsd_string:
            return term.value
        return {"@value": term.value, "@type": compact(dt)}

    dump = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
    parts = ['{"@context":', json.dumps(jsonld_context(), ensure_ascii=False, sort_keys=True, indent=1),
             ',\n"@graph":[\n']
    node: dict[str, Any] = {}  # the node object being filled; empty before the first subject
    current = None
    first = True

    def flush(n: dict[str, Any]) -> None:
        nonlocal first
        for k, v in n.items():  # a single value needs no array
            if isinstance(v, list) and len(v) == 1:
                n[k] = v[0]
        parts.append(dump(n) if first else ",\n" + dump(n))
        first = False

    for t in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES):
        s = t.subject.value
        if s != current:
            if node:
                flush(node)
            current = s
            node = {"@id": compact(s)}
        p = t.predicate.value
        if p == rdf_type and isinstance(t.object, ox.NamedNode):
            node.setdefault("@type", []).append(compact(t.object.value, vocab=True))
        else:
            node.setdefault(compact(p, vocab=True), []).append(value(t.object))
    if node:
        flush(node)
    parts.append("\n]}\n")
    return "".join(parts)
