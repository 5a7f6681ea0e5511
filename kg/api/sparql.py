"""SPARQL and RDF on a loaded graph: answers as DataFrames, the export as an rdflib Dataset.

Why: a graph from a build folder is queried through that folder's cached
Oxigraph store (``kg.query``), a graph built in memory through a store made
from its TriG export; either way the answer comes back as a DataFrame of
plain Python values (or a bool for ASK).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from kg.graph import KnowledgeGraph

_NUMERIC: dict[str, type[int] | type[float]] = {
    "http://www.w3.org/2001/XMLSchema#integer": int,
    "http://www.w3.org/2001/XMLSchema#int": int,
    "http://www.w3.org/2001/XMLSchema#long": int,
    "http://www.w3.org/2001/XMLSchema#decimal": float,
    "http://www.w3.org/2001/XMLSchema#double": float,
    "http://www.w3.org/2001/XMLSchema#float": float,
}
TRIPLE_COLUMNS = ["subject", "predicate", "object"]


def to_rdflib(kg: KnowledgeGraph) -> Any:
    """The RDF export as an ``rdflib.Dataset`` (named graph per document, union as default)."""
    from kg.export.rdf import to_rdflib as export

    return export(kg)


def query(sparql: str | os.PathLike[str], folder: Path | None, memory_store: Callable[[], Any],
          short: bool = False) -> pd.DataFrame | bool:
    """Run SPARQL text (or a .rq file) on ``folder``'s store, else on ``memory_store()``.

    ``memory_store`` is called only when there is no usable folder, so a caller
    can build (and cache) the in-memory store lazily.
    """
    import pyoxigraph as ox

    from kg.query import QUERY_PREFIXES, QueryError, run_query, shorten

    def py(term: Any) -> Any:
        return shorten(term) if short and isinstance(term, ox.NamedNode) else py_value(term)

    text = query_text(sparql)
    if folder is not None:
        try:
            result = run_query(folder, text)
        except QueryError as exc:
            if "no graph" not in str(exc):
                raise
        else:
            if result.kind == "ask":
                return bool(result.boolean)
            if result.kind == "graph":
                return triples_frame(result.triples, py)
            return pd.DataFrame([[py(t) for t in row] for row in result.rows], columns=result.variables)
    store = memory_store()
    try:
        answer = store.query(text, prefixes=QUERY_PREFIXES, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from exc
    if isinstance(answer, ox.QueryBoolean):
        return bool(answer)
    if isinstance(answer, ox.QuerySolutions):
        names = [v.value for v in answer.variables]
        return pd.DataFrame([[py(sol[n]) for n in names] for sol in answer], columns=names)
    return triples_frame(list(answer), py)


def memory_store(kg: KnowledgeGraph) -> Any:
    """An in-memory pyoxigraph store holding the graph's TriG export (for graphs with no folder)."""
    import pyoxigraph as ox

    from kg.export.rdf import write_rdf

    store = ox.Store()
    with tempfile.TemporaryDirectory(prefix="kg-query-") as tmp:
        (trig,) = write_rdf(kg, Path(tmp), ["trig"])
        store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    return store


def query_text(sparql: str | os.PathLike[str]) -> str:
    """The query itself: the text of a path (or of a one-line string ending in .rq naming a file)."""
    if isinstance(sparql, os.PathLike) or (isinstance(sparql, str) and sparql.endswith(".rq")
                                           and "\n" not in sparql and Path(sparql).is_file()):
        return Path(sparql).read_text(encoding="utf-8")
    return str(sparql)


def py_value(term: Any) -> Any:
    """A pyoxigraph term as a plain Python value (numbers and booleans typed, the rest as text)."""
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


def triples_frame(triples: Sequence[Any], py: Callable[[Any], Any] = py_value) -> pd.DataFrame:
    """CONSTRUCT/DESCRIBE answers as subject, predicate, object columns."""
    return pd.DataFrame([[py(t.subject), py(t.predicate), py(t.object)] for t in triples],
                        columns=TRIPLE_COLUMNS)
