"""A notebook-friendly facade over the knowledge graph: ``kg.build``, ``kg.load`` and ``Graph``.

Why a facade: analysts work in Jupyter with pandas, networkx, rdflib and
displaCy. ``Graph`` answers their questions in those shapes (DataFrames,
networkx graphs, an rdflib Dataset, inline HTML) while the core
:class:`kg.graph.KnowledgeGraph` stays a plain, dependency-light data
structure used by the pipeline, the exporters and the CLI. ``kg.KnowledgeGraph``
is still the core class; the facade is ``kg.Graph`` and wraps one as ``.kg``.

Names (``subject=``, ``focus=``, ``about=``, ``speaker=``) may be an entity id,
a Simplified, Traditional or English name, or any alias: "王毅", "Wang Yi",
"寮國" and "country/LA" all work.
"""

from __future__ import annotations

import html
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from kg.graph import KnowledgeGraph
from kg.model import (
    CLASSES,
    LITERAL_PROPERTIES,
    PROPERTIES,
    SYMMETRIC_PROPERTIES,
    Assertion,
    Document,
    Problem,
    Relation,
)

__all__ = ["Graph", "build", "load"]

ENTITY_COLUMNS = ["id", "label", "label_en", "class", "mentions", "documents", "aliases", "wikidata"]
FACT_COLUMNS = ["subject", "subject_label", "predicate", "object", "object_label", "confidence",
                "evidence", "document", "document_title", "document_date", "date", "method", "sources"]
STATEMENT_COLUMNS = ["speaker", "text", "question", "outlet", "date", "document", "mentions"]
TIMELINE_COLUMNS = ["date", "event", "participants", "place", "id", "when"]
CENTRALITY_COLUMNS = ["id", "label", "class", "degree", "degree_centrality", "betweenness"]
DOCUMENT_COLUMNS = ["id", "title", "date", "format", "source", "entities"]

_NUMERIC = {
    "http://www.w3.org/2001/XMLSchema#integer": int,
    "http://www.w3.org/2001/XMLSchema#int": int,
    "http://www.w3.org/2001/XMLSchema#long": int,
    "http://www.w3.org/2001/XMLSchema#decimal": float,
    "http://www.w3.org/2001/XMLSchema#double": float,
    "http://www.w3.org/2001/XMLSchema#float": float,
}


# -- entry points -------------------------------------------------------------
def build(*paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
          out: str | os.PathLike[str] | None = None, progress: bool = False) -> Graph:
    """Build a graph from files or folders, the same way ``kg build`` does.

    Why: one call from a notebook gives a ready-to-explore :class:`Graph`.
    With ``out`` the build folder (kg.json, RDF, graph.html) is written too,
    and SPARQL then runs on its cached on-disk store. Unreadable files do not
    stop the build; they are listed in ``Graph.problems``.
    """
    flat = _flatten(paths)
    if not flat:
        raise ValueError("kg.build() needs at least one file or folder")
    if out is not None:
        from kg.pipeline import build_to_dir

        report = build_to_dir(flat, out, progress=progress)
        return Graph(report.graph, folder=Path(out), problems=report.problems, inputs=flat)
    from kg.pipeline import build as _build

    graph, problems = _build(flat, progress=progress)
    return Graph(graph, problems=problems, inputs=flat)


def load(path: str | os.PathLike[str]) -> Graph:
    """Open a build folder (or its kg.json) without re-running any NLP.

    Why: builds of large corpora take minutes; loading kg.json takes seconds.
    """
    path = Path(path)
    folder = path if path.is_dir() else path.parent
    return Graph(KnowledgeGraph.load(path), folder=folder)


def _flatten(paths: Sequence[Any]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if isinstance(p, str | os.PathLike):
            out.append(Path(p))
        else:
            out.extend(Path(x) for x in p)
    return out


# -- the facade ---------------------------------------------------------------
class Graph:
    """A knowledge graph seen as DataFrames, networkx, rdflib and inline HTML.

    ``kg`` is the core :class:`~kg.graph.KnowledgeGraph`; ``folder`` the build
    folder it was loaded from or written to (None for an in-memory build);
    ``problems`` the files the build could not use.
    """

    def __init__(self, kg: KnowledgeGraph, folder: Path | None = None,
                 problems: Sequence[Problem] = (), inputs: Sequence[Path] = ()) -> None:
        self.kg = kg
        self.folder = Path(folder) if folder is not None else None
        self.problems = list(problems)
        self._inputs = [Path(p) for p in inputs]
        self._store: Any = None  # in-memory pyoxigraph store, built on first query
        self._texts: dict[str, Document] = {}

    def __repr__(self) -> str:
        where = f" from {self.folder}" if self.folder else ""
        return (f"<kg.Graph{where}: {len(self.kg.entities)} entities, {len(self.kg.relations)} relations, "
                f"{len(self.kg.documents)} documents, {len(self.kg.statements)} statements>")

    def __len__(self) -> int:
        return len(self.kg)

    # -- names --------------------------------------------------------------
    def ids(self, name: str) -> list[str]:
        """Entity ids meant by ``name`` (id, label, English name, alias, Traditional form).

        Why: every other method takes names the way an analyst types them.
        Raises ``ValueError`` (with suggestions) when nothing matches.
        """
        from kg.view.data import resolve_focus

        return resolve_focus(self.kg, name)

    def _label(self, entity_id: str) -> str:
        e = self.kg.entities.get(entity_id)
        return e.label if e else entity_id

    # -- tables -------------------------------------------------------------
    def entities(self, cls: str | None = None) -> pd.DataFrame:
        """One row per entity, most mentioned first.

        Columns: id, label, label_en, class, mentions, documents (how many
        documents mention it), aliases (list), wikidata (QID or None).
        ``cls`` keeps one class ("Person", "country", …).
        """
        want = _class_name(cls) if cls else None
        rows = [
            {"id": e.id, "label": e.label, "label_en": e.label_en, "class": e.cls, "mentions": e.mentions,
             "documents": len(e.documents), "aliases": sorted(e.alt_labels),
             "wikidata": e.identifiers.get("wikidata")}
            for e in self.kg.entities.values() if want is None or e.cls == want
        ]
        df = pd.DataFrame(rows, columns=ENTITY_COLUMNS)
        return df.sort_values(["mentions", "documents", "id"], ascending=[False, False, True],
                              ignore_index=True)

    def documents(self) -> pd.DataFrame:
        """One row per source document: id, title, date, format, source, entities (count).

        Why: to pick a document for :meth:`displacy` or to see what a build read.
        """
        counts: dict[str, int] = defaultdict(int)
        for e in self.kg.entities.values():
            for d in e.documents:
                counts[d] += 1
        rows = [{"id": d.id, "title": d.title, "date": d.date, "format": d.format, "source": d.source,
                 "entities": counts[d.id]} for d in self.kg.documents.values()]
        rows.sort(key=lambda r: (r["source"], self.kg.documents[r["id"]].line or 0, r["id"]))
        return pd.DataFrame(rows, columns=DOCUMENT_COLUMNS)

    def events(self) -> pd.DataFrame:
        """One row per dated interaction (met, visited, hosted, signed ...): the ``events.csv`` table of
        a build, with CAMEO code, PLOVER type, Goldstein weight and each actor's country (docs/events.md).

        Why: event-data questions (meetings per year, per partner country) are one ``groupby`` away.
        ``attrs["undated"]`` counts the interactions left out because the text gives no dated act.
        """
        from kg.export.events import COLUMNS, event_rows

        rows, undated = event_rows(self.kg)
        df = pd.DataFrame(rows, columns=COLUMNS)
        df.attrs["undated"] = undated
        return df

    def facts(self, subject: str | None = None, predicate: str | None = None, object: str | None = None,
              min_confidence: float = 0.0, include_curated: bool = False,
              assertions: bool = False) -> pd.DataFrame:
        """Relations as a table, each with the sentence that states it.

        By default one row per fact (subject, predicate, object) carrying the
        fact's combined confidence, its best evidence (the most confident
        assertion from a document) and ``sources`` (how many assertions back
        it); ``assertions=True`` gives one row per assertion instead, with that
        assertion's own confidence. Facts known only from the curated reference
        data are left out unless ``include_curated`` (they then show method
        "reference" and no document). For symmetric relations (``met``) a
        ``subject``/``object`` filter matches either end, and the row is turned
        so the named entity is the subject. ``position`` objects are literals
        (``facts(predicate="position", object="外交部长")`` matches the text).
        """
        literal = object if object and predicate in LITERAL_PROPERTIES else None
        s_ids = set(self.ids(subject)) if subject else None
        o_ids = set(self.ids(object)) if object and literal is None else None
        if predicate is not None and predicate not in PROPERTIES:
            raise ValueError(f"unknown predicate {predicate!r}; one of {', '.join(PROPERTIES)}")
        rows: list[dict[str, Any]] = []
        for rel in self.kg.relations.values():
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
                chosen = [_best(rel)]
            for a in chosen:
                rows.append(self._fact_row(rel, s, o, a, per_assertion=assertions))
        df = pd.DataFrame(rows, columns=FACT_COLUMNS)
        return df.sort_values(["confidence", "sources", "predicate", "subject_label", "object_label"],
                              ascending=[False, False, True, True, True], ignore_index=True)

    def _fact_row(self, rel: Relation, s: str, o: str, a: Assertion, per_assertion: bool) -> dict[str, Any]:
        doc = self.kg.documents.get(a.doc_id) if a.doc_id else None
        return {
            "subject": s, "subject_label": self._label(s), "predicate": rel.predicate,
            "object": o, "object_label": o if rel.literal else self._label(o),
            "confidence": a.confidence if per_assertion else rel.confidence,
            "evidence": a.evidence, "document": a.doc_id,
            "document_title": doc.title if doc else None, "document_date": doc.date if doc else None,
            "date": a.date, "method": a.method, "sources": len(rel.assertions),
        }

    def statements(self, about: str | None = None, speaker: str | None = None) -> pd.DataFrame:
        """What was said at press conferences: one row per transcript turn.

        Columns: speaker, text, question (what the reporter asked), outlet (the
        reporter's organisation), date, document, mentions (labels of the
        entities named in the answer). ``about`` keeps turns that mention that
        entity (any of its names); a word that is no entity is searched in the
        text instead. ``speaker`` keeps one speaker.
        """
        about_ids: set[str] = set()
        about_text: str | None = None
        if about:
            try:
                about_ids = set(self.ids(about))
            except ValueError:
                about_text = about
        speaker_ids = set(self.ids(speaker)) if speaker else None
        rows = []
        for st in sorted(self.kg.statements, key=lambda s: (s.date is None, s.date or "", s.id)):
            if speaker_ids is not None and st.speaker not in speaker_ids:
                continue
            if about_ids and not about_ids & set(st.mentions):
                continue
            if about_text and about_text not in st.text and about_text not in (st.question or ""):
                continue
            doc = self.kg.documents.get(st.doc_id)
            rows.append({
                "speaker": self._label(st.speaker), "text": st.text, "question": st.question,
                "outlet": self._label(st.outlet) if st.outlet else None,
                "date": st.date or (doc.date if doc else None), "document": st.doc_id,
                "mentions": [self._label(m) for m in st.mentions],
            })
        return pd.DataFrame(rows, columns=STATEMENT_COLUMNS)

    def timeline(self, undated: bool = False) -> pd.DataFrame:
        """Dated events in date order: date, event, participants, place, id, when.

        ``date`` is as precise as the text allows (2023, 2023-10, 2023-10-18,
        or --10-18 when the year is unknown); ``when`` is a pandas Timestamp
        for plotting (the first day of a month or year; NaT without a year).
        Participants are who took part in or hosted the event; place is where
        it was held. Year-less dates come last; ``undated=True`` adds events
        without any date at the very end.
        """
        participants: dict[str, list[str]] = defaultdict(list)
        places: dict[str, list[str]] = defaultdict(list)
        for rel in self.kg.relations.values():
            if rel.predicate in ("participatedIn", "hosted"):
                participants[rel.object].append(self._label(rel.subject))
            elif rel.predicate == "heldIn":
                places[rel.subject].append(self._label(rel.object))
        rows = []
        for e in self.kg.entities_of("Event"):
            if not e.date and not undated:
                continue
            rows.append({"date": e.date, "event": e.label, "participants": sorted(set(participants[e.id])),
                         "place": "、".join(sorted(set(places[e.id]))) or None, "id": e.id,
                         "when": _timestamp(e.date)})
        rows.sort(key=lambda r: (r["date"] is None, pd.isna(r["when"]), r["date"] or "", r["event"]))
        return pd.DataFrame(rows, columns=TIMELINE_COLUMNS)

    # -- graphs -------------------------------------------------------------
    def to_networkx(self, undirected: bool = False, include_curated: bool = True) -> nx.Graph:
        """The entity graph for networkx algorithms.

        Default: the core ``MultiDiGraph`` (one keyed edge per predicate, with
        confidence, evidence and documents). ``undirected=True`` gives a simple
        ``nx.Graph`` whose edges carry ``predicates`` and ``weight`` (how many
        relations join the pair), which is what centrality and community
        detection want. ``include_curated=False`` drops relations known only
        from the reference data, leaving what the documents say.
        """
        g = self.kg.to_networkx()
        if not include_curated:
            curated_only = [(s, o, p) for (s, p, o), r in self.kg.relations.items()
                            if not r.literal and all(a.method == "reference" for a in r.assertions)]
            g.remove_edges_from([(s, o, p) for s, o, p in curated_only if g.has_edge(s, o, p)])
        if not undirected:
            return g
        u = nx.Graph()
        u.add_nodes_from(g.nodes(data=True))
        for s, o, p in g.edges(keys=True):
            if s == o:
                continue
            if u.has_edge(s, o):
                u[s][o]["predicates"].append(p)
                u[s][o]["weight"] += 1
            else:
                u.add_edge(s, o, predicates=[p], weight=1)
        return u

    def centrality(self, top: int = 20, cls: str | Sequence[str] | None = None,
                   include_curated: bool = False) -> pd.DataFrame:
        """The best-connected entities: degree and betweenness on the undirected graph.

        Why: "who matters most in these documents" in one table. Columns: id,
        label, class, degree (number of distinct neighbours),
        degree_centrality, betweenness (normalised; sampled above 2,000 nodes).
        Sorted by degree, then betweenness. Curated-only links are left out by
        default so the ranking reflects the documents. ``cls`` restricts the
        rows (not the graph) to one or more classes.
        """
        g = self.to_networkx(undirected=True, include_curated=include_curated)
        g.remove_nodes_from([n for n, d in list(g.degree()) if d == 0])
        if g.number_of_nodes() == 0:
            return pd.DataFrame(columns=CENTRALITY_COLUMNS)
        deg = nx.degree_centrality(g)
        k = 500 if g.number_of_nodes() > 2000 else None
        btw = nx.betweenness_centrality(g, k=k, seed=0 if k else None)
        want = None
        if cls:
            want = {_class_name(c) for c in ([cls] if isinstance(cls, str) else cls)}
        rows = [{"id": n, "label": self._label(n), "class": g.nodes[n].get("cls"), "degree": g.degree(n),
                 "degree_centrality": round(deg[n], 4), "betweenness": round(btw[n], 4)}
                for n in g.nodes if want is None or g.nodes[n].get("cls") in want]
        df = pd.DataFrame(rows, columns=CENTRALITY_COLUMNS)
        df = df.sort_values(["degree", "betweenness", "id"], ascending=[False, False, True], ignore_index=True)
        return df.head(top) if top else df

    def to_rdflib(self) -> Any:
        """The RDF export as an ``rdflib.Dataset`` (named graph per document, union as default).

        Why: for rdflib users, SPARQL via rdflib, or serialising to other formats.
        """
        from kg.export.rdf import to_rdflib

        return to_rdflib(self.kg)

    # -- SPARQL -------------------------------------------------------------
    def query(self, sparql: str | os.PathLike[str], short: bool = False) -> pd.DataFrame | bool:
        """Run SPARQL (text, or a path to a .rq file) and return a DataFrame.

        SELECT gives one column per variable (IRIs and strings as text, numbers
        as numbers, unbound as None); CONSTRUCT/DESCRIBE give subject,
        predicate, object columns; ASK gives a bool. The usual prefixes (kg:,
        ent:, rdfs:, skos:, prov:, …) need no declaration. A graph loaded from
        or built into a folder is queried through that folder's cached
        Oxigraph store; an in-memory build gets an in-memory store.
        ``short=True`` writes IRIs as prefixed names (``ent:country/CN``) for reading.
        """
        import pyoxigraph as ox

        from kg.query import QUERY_PREFIXES, QueryError, run_query, shorten

        def py(term: Any) -> Any:
            return shorten(term) if short and isinstance(term, ox.NamedNode) else _py(term)

        text = _query_text(sparql)
        if self.folder is not None:
            try:
                result = run_query(self.folder, text)
            except QueryError as exc:
                if "no graph" not in str(exc):
                    raise
            else:
                if result.kind == "ask":
                    return bool(result.boolean)
                if result.kind == "graph":
                    return _triples_frame(result.triples, py)
                return pd.DataFrame([[py(t) for t in row] for row in result.rows], columns=result.variables)
        store = self._memory_store()
        try:
            answer = store.query(text, prefixes=QUERY_PREFIXES, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        if isinstance(answer, ox.QueryBoolean):
            return bool(answer)
        if isinstance(answer, ox.QuerySolutions):
            names = [v.value for v in answer.variables]
            return pd.DataFrame([[py(sol[n]) for n in names] for sol in answer], columns=names)
        return _triples_frame(list(answer), py)

    def _memory_store(self) -> Any:
        if self._store is None:
            import pyoxigraph as ox

            from kg.export.rdf import write_rdf

            store = ox.Store()
            with tempfile.TemporaryDirectory(prefix="kg-query-") as tmp:
                (trig,) = write_rdf(self.kg, Path(tmp), ["trig"])
                store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
            self._store = store
        return self._store

    # -- HTML ---------------------------------------------------------------
    def view(self, focus: str | None = None, depth: int = 2, height: int = 600,
             path: str | os.PathLike[str] | None = None) -> Any:
        """The interactive graph viewer (search, filters, evidence), inline in Jupyter.

        ``focus`` (a name in any script or language) keeps its ``depth``-hop
        neighbourhood, which keeps the page small. In Jupyter (and no ``path``)
        this returns an ``IPython.display.HTML`` iframe holding the whole page
        (offline, ~0.5 MB); elsewhere it writes the page to ``path`` (or a
        temporary file) and returns that path to open in a browser.
        """
        from kg.view.html import render_html, write_html

        if path is None and _in_notebook():
            from IPython.display import HTML

            page = render_html(self.kg, focus=focus, depth=depth)
            return HTML(f'<div class="kg-view"><iframe srcdoc="{html.escape(page, quote=True)}" '
                        f'style="width:100%;height:{int(height)}px;border:1px solid #ccc" '
                        'sandbox="allow-scripts" loading="lazy"></iframe></div>')
        if path is None:
            fd, name = tempfile.mkstemp(prefix="kg-view-", suffix=".html")
            os.close(fd)
            path = name
        return write_html(self.kg, Path(path), focus=focus, depth=depth)

    def displacy(self, doc_id: str, jupyter: bool | None = None) -> Any:
        """Highlight one document's entity mentions with spaCy's displaCy (manual mode).

        Why: to see what the NLP stage recognised, in context. kg.json keeps no
        mention offsets, so the document is re-read from its source file and
        its mentions recomputed (seconds for one document). ``doc_id`` is a
        document id or an unambiguous prefix of one. Each highlight shows the
        class and the graph's entity id (linked to Wikidata when known).
        Returns an ``IPython.display.HTML`` in Jupyter, else the HTML string.
        """
        from spacy import displacy

        from kg.nlp.mentions import flat
        from kg.nlp.pipeline import analyze
        from kg.reference import default_reference
        from kg.resolve import Resolver
        from kg.view.style import class_style

        doc = self._document(self._doc_id(doc_id))
        analyzed = next(analyze([doc]))
        mentions = flat(analyzed.mentions)
        assigned, _ = Resolver(default_reference()).resolve(mentions)
        ents = []
        for m in mentions:
            eid = assigned.get(id(m))
            if eid not in self.kg.entities:
                found = self.kg.find(m.norm) or self.kg.find(m.text)
                eid = found[0].id if len(found) == 1 else eid
            ent = self.kg.entities.get(eid) if eid else None
            qid = ent.identifiers.get("wikidata") if ent else None
            ents.append({"start": m.start, "end": m.end, "label": m.label, "kb_id": eid or "",
                         "kb_url": f"https://www.wikidata.org/wiki/{qid}" if qid else "#"})
        colors = {c.upper(): _tint(class_style(c)[2]) for c in CLASSES}
        title = doc.title or doc.id
        if doc.date:
            title = f"{title} · {doc.date}"
        page = displacy.render({"text": doc.text, "ents": ents, "title": title}, style="ent", manual=True,
                               jupyter=False, options={"colors": colors})
        if jupyter if jupyter is not None else _in_notebook():
            from IPython.display import HTML

            return HTML(page)
        return page

    def _doc_id(self, doc_id: str) -> str:
        if doc_id in self.kg.documents:
            return doc_id
        hits = sorted(d for d in self.kg.documents if d.startswith(doc_id))
        if len(hits) == 1:
            return hits[0]
        hint = f"; did you mean {', '.join(hits[:5])}?" if hits else ""
        raise KeyError(f"no single document {doc_id!r} in the graph{hint}")

    def _document(self, doc_id: str) -> Document:
        """The full document, re-read from its source file (cached)."""
        from kg.ingest import read_paths

        if doc_id in self._texts:
            return self._texts[doc_id]
        info = self.kg.documents[doc_id]
        src = Path(info.source)
        candidates = [src]
        if not src.is_absolute():
            for base in ([self.folder, self.folder.parent] if self.folder else []):
                candidates.append(base / src)
        for root in self._inputs:
            candidates.append((root if root.is_dir() else root.parent) / src.name)
        for path in candidates:
            if not path.is_file():
                continue
            docs, _ = read_paths([path])
            for d in docs:
                self._texts.setdefault(d.id, d)
            same = [d for d in docs if d.id == doc_id] or [d for d in docs if d.line == info.line]
            if same:
                self._texts[doc_id] = same[0]
                return same[0]
        raise FileNotFoundError(f"{info.source}: source of {doc_id!r} not found (tried "
                                f"{', '.join(str(c) for c in candidates)})")


# -- helpers ------------------------------------------------------------------
def _class_name(cls: str) -> str:
    for c in CLASSES:
        if c.lower() == cls.strip().lower():
            return c
    raise ValueError(f"unknown class {cls!r}; one of {', '.join(CLASSES)}")


def _ends_match(s: str, o: str, s_ids: set[str] | None, o_ids: set[str] | None, literal: bool) -> bool:
    if s_ids is not None and s not in s_ids:
        return False
    return o_ids is None or (not literal and o in o_ids)


def _best(rel: Relation) -> Assertion:
    """The assertion to show: from a document before curated, then most confident, dated, first."""
    return min(rel.assertions, key=lambda a: (a.method == "reference", a.method == "curated-cooccurrence",
                                              -a.confidence, a.date is None, a.doc_id or "", a.start or 0))


def _timestamp(date: str | None) -> pd.Timestamp:
    if not date or date.startswith("--"):
        return pd.NaT
    try:
        return pd.Timestamp(date if len(date) > 4 else f"{date}-01-01")
    except (ValueError, TypeError):
        return pd.NaT


def _query_text(sparql: str | os.PathLike[str]) -> str:
    if isinstance(sparql, os.PathLike) or (isinstance(sparql, str) and sparql.endswith(".rq")
                                           and "\n" not in sparql and Path(sparql).is_file()):
        return Path(sparql).read_text(encoding="utf-8")
    return str(sparql)


def _py(term: Any) -> Any:
    """A pyoxigraph term as a plain Python value."""
    if term is None:
        return None
    import pyoxigraph as ox

    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        if dt in _NUMERIC:
            try:
                return _NUMERIC[dt](term.value)
            except ValueError:
                return term.value
        if dt == "http://www.w3.org/2001/XMLSchema#boolean":
            return term.value == "true"
    return term.value


def _triples_frame(triples: Sequence[Any], py: Any = _py) -> pd.DataFrame:
    return pd.DataFrame([[py(t.subject), py(t.predicate), py(t.object)] for t in triples],
                        columns=["subject", "predicate", "object"])


def _tint(colour: str, amount: float = 0.55) -> str:
    """A lighter version of a hex colour, so black text stays readable on it."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    r, g, b = (round(c + (255 - c) * amount) for c in (r, g, b))
    return f"#{r:02x}{g:02x}{b:02x}"


def _in_notebook() -> bool:
    """True inside a Jupyter kernel (where HTML output is displayed)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"
