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

Each method hands its work to one module, one job each: ``names`` (names →
ids), ``tables`` (DataFrames), ``networks`` (networkx), ``sparql`` (SPARQL and
rdflib), ``display`` (HTML in notebooks), ``sources`` (re-reading source
files). Those functions take a ``KnowledgeGraph`` and can be used without the
facade.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from kg.api import display, names, networks, sources, tables
from kg.api.display import in_notebook as _in_notebook
from kg.api.networks import CENTRALITY_COLUMNS
from kg.api.sparql import memory_store, to_rdflib
from kg.api.sparql import query as run_sparql
from kg.api.tables import (
    DOCUMENT_COLUMNS,
    ENTITY_COLUMNS,
    FACT_COLUMNS,
    STATEMENT_COLUMNS,
    TIMELINE_COLUMNS,
)
from kg.graph import KnowledgeGraph
from kg.model import Document, Problem

__all__ = ["CENTRALITY_COLUMNS", "DOCUMENT_COLUMNS", "ENTITY_COLUMNS", "FACT_COLUMNS", "STATEMENT_COLUMNS",
           "TIMELINE_COLUMNS", "Graph", "build", "load"]


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

        report = build_to_dir(flat, Path(out), progress=progress)
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
        return names.ids(self.kg, name)

    # -- tables -------------------------------------------------------------
    def entities(self, cls: str | None = None) -> pd.DataFrame:
        """One row per entity, most mentioned first.

        Columns: id, label, label_en, class, mentions, documents (how many
        documents mention it), aliases (list), wikidata (QID or None).
        ``cls`` keeps one class ("Person", "country", …).
        """
        return tables.entities(self.kg, cls)

    def documents(self) -> pd.DataFrame:
        """One row per source document: id, title, date, format, source, entities (count).

        Why: to pick a document for :meth:`displacy` or to see what a build read.
        """
        return tables.documents(self.kg)

    def events(self) -> pd.DataFrame:
        """One row per dated interaction (met, visited, hosted, signed ...): the ``events.csv`` table of
        a build, with CAMEO code, PLOVER type, Goldstein weight and each actor's country (docs/events.md).

        Why: event-data questions (meetings per year, per partner country) are one ``groupby`` away.
        ``attrs["undated"]`` counts the interactions left out because the text gives no dated act.
        """
        return tables.events(self.kg)

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
        return tables.facts(self.kg, subject=subject, predicate=predicate, object=object,
                            min_confidence=min_confidence, include_curated=include_curated,
                            assertions=assertions)

    def statements(self, about: str | None = None, speaker: str | None = None) -> pd.DataFrame:
        """What was said at press conferences: one row per transcript turn.

        Columns: speaker, text, question (what the reporter asked), outlet (the
        reporter's organisation), date, document, mentions (labels of the
        entities named in the answer). ``about`` keeps turns that mention that
        entity (any of its names); a word that is no entity is searched in the
        text instead. ``speaker`` keeps one speaker.
        """
        return tables.statements(self.kg, about=about, speaker=speaker)

    def timeline(self, undated: bool = False) -> pd.DataFrame:
        """Dated events in date order: date, event, participants, place, id, when.

        ``date`` is as precise as the text allows (2023, 2023-10, 2023-10-18,
        or --10-18 when the year is unknown); ``when`` is a pandas Timestamp
        for plotting (the first day of a month or year; NaT without a year).
        Participants are who took part in or hosted the event; place is where
        it was held. Year-less dates come last; ``undated=True`` adds events
        without any date at the very end.
        """
        return tables.timeline(self.kg, undated=undated)

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
        return networks.to_networkx(self.kg, undirected=undirected, include_curated=include_curated)

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
        return networks.centrality(self.kg, top=top, cls=cls, include_curated=include_curated)

    def to_rdflib(self) -> Any:
        """The RDF export as an ``rdflib.Dataset`` (named graph per document, union as default).

        Why: for rdflib users, SPARQL via rdflib, or serialising to other formats.
        """
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
        return run_sparql(sparql, self.folder, self._memory_store, short=short)

    def _memory_store(self) -> Any:
        if self._store is None:
            self._store = memory_store(self.kg)
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
        inline = path is None and _in_notebook()
        return display.view(self.kg, focus=focus, depth=depth, height=height, path=path, inline=inline)

    def displacy(self, doc_id: str, jupyter: bool | None = None) -> Any:
        """Highlight one document's entity mentions with spaCy's displaCy (manual mode).

        Why: to see what the NLP stage recognised, in context. kg.json keeps no
        mention offsets, so the document is re-read from its source file and
        its mentions recomputed (seconds for one document). ``doc_id`` is a
        document id or an unambiguous prefix of one. Each highlight shows the
        class and the graph's entity id (linked to Wikidata when known).
        Returns an ``IPython.display.HTML`` in Jupyter, else the HTML string.
        """
        doc = sources.read_document(self.kg, sources.document_id(self.kg, doc_id), self.folder,
                                    self._inputs, self._texts)
        ents = sources.entity_spans(self.kg, doc)
        return display.displacy(doc, ents, jupyter=jupyter if jupyter is not None else _in_notebook())
