"""SPARQL over an export with embedded Oxigraph (pyoxigraph).

The export is loaded once into an on-disk Oxigraph store beside it
(``<build>/.oxigraph/``) and reused by later queries and by ``kg serve`` until the
export file changes (fingerprint = file name, size and mtime). Loading happens in
a temporary folder renamed into place, so two processes never see a half-loaded
store. Queries see the union of all graphs as their default graph with set semantics:
the store's default graph holds every distinct triple of the export once
(materialised at load time), so a fact three documents state is one row, while
``GRAPH ?g { … }`` still tells which document (or ``ref:``) supports it.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.namespaces import PREFIXES


def _error_base() -> type[Exception]:
    """The CLI's ClickException, so ``kg query`` prints "Error: …" instead of a traceback.

    typer ≥ 0.20 vendors click (``typer._click``); older typer uses click itself.
    """
    try:
        from typer._click.exceptions import ClickException
    except ImportError:
        try:
            from click import ClickException  # type: ignore[assignment]
        except ImportError:  # pragma: no cover
            return Exception
    return ClickException


if TYPE_CHECKING:
    _Base = Exception
else:
    _Base = _error_base()

#: A pyoxigraph term of a result row.
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

#: Graph files looked for in a build folder, best first (TriG keeps the named graphs).
SOURCES = ("graph.trig", "graph.nq", "graph.nt", "graph.ttl", "graph.jsonld")
STORE_DIR = ".oxigraph"
FINGERPRINT = "kg-fingerprint.json"
#: Answer formats of ``kg query --format``.
RESULT_FORMATS = ("table", "csv", "json")
#: Prefixes every query may use without declaring them.
QUERY_PREFIXES = {k: str(PREFIXES[k]) for k in
                  ("kg", "ent", "doc", "asr", "stm", "ref", "rdf", "rdfs", "skos", "owl", "prov",
                   "xsd", "schema", "wd", "wdt", "org", "sem")}

#: How many times this process (re)loaded a store from an export file; tests read it.
LOAD_COUNT = 0
_OPEN: dict[str, tuple[str, ox.Store]] = {}  # store dir -> (fingerprint, read-only store)


class QueryError(_Base):
    """A query that cannot run: no export, unreadable export, bad SPARQL."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass
class QueryResult:
    """A SELECT (rows), ASK (boolean) or CONSTRUCT/DESCRIBE (triples) answer."""

    kind: str  # "select" | "ask" | "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[list[Term | None]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)

    def __len__(self) -> int:
        if self.kind == "ask":
            return int(bool(self.boolean))
        return len(self.rows) if self.kind == "select" else len(self.triples)

    def values(self) -> list[dict[str, str | None]]:
        """Rows as plain dicts of strings (IRIs and literal values), for tests and notebooks."""
        return [{v: (None if t is None else term_value(t)) for v, t in zip(self.variables, row, strict=True)}
                for row in self.rows]


# -- the store --------------------------------------------------------------
def find_source(target: Path) -> Path:
    """The graph file to load: ``target`` itself, or the best export in the folder."""
    target = Path(target)
    if target.is_dir():
        for name in SOURCES:
            if (target / name).is_file():
                return target / name
        raise QueryError(f"{target}: no graph.trig, graph.nt or graph.ttl here; run `kg build` first")
    if target.is_file():
        if _format(target) is None:
            raise QueryError(f"{target}: not an RDF file (.trig, .nq, .nt, .ttl or .jsonld)")
        return target
    raise QueryError(f"{target}: no such build folder or graph file")


def store_dir(source: Path) -> Path:
    """``.oxigraph/`` for the folder's main export, ``.oxigraph-<file>/`` for another file.

    Separate stores keep ``kg query out/graph.ttl`` from replacing the store that
    ``kg serve out/`` is serving.
    """
    try:
        main = find_source(source.parent)
    except QueryError:
        main = None
    if main is not None and main.name == source.name:
        return source.parent / STORE_DIR
    return source.parent / f"{STORE_DIR}-{source.name}"


def _format(path: Path) -> ox.RdfFormat | None:
    try:
        return ox.RdfFormat.from_extension(path.suffix.lstrip(".").lower())
    except Exception:  # noqa: BLE001 - pyoxigraph raises various errors on unknown extensions
        return None


#: Bumped when the store layout changes, so stores cached by an older kg are rebuilt.
STORE_LAYOUT = 2  # 2: the default graph holds the distinct union of all graphs


def _fingerprint(source: Path) -> str:
    st = source.stat()
    return json.dumps({"source": source.name, "size": st.st_size, "mtime_ns": st.st_mtime_ns,
                       "layout": STORE_LAYOUT}, sort_keys=True)


def _materialise_union(store: ox.Store) -> None:
    """Copy every named-graph triple into the default graph (a set: each triple once).

    Why: Oxigraph's union-default-graph option yields a triple once per graph that
    holds it, so a fact stated by three documents came back as three rows.
    """
    default = ox.DefaultGraph()
    named = (ox.Quad(q.subject, q.predicate, q.object, default)
             for q in store.quads_for_pattern(None, None, None, None) if q.graph_name != default)
    store.bulk_extend(named)


def _stored_fingerprint(location: Path) -> str | None:
    try:
        return (location / FINGERPRINT).read_text(encoding="utf-8")
    except OSError:
        return None


def ensure_store(target: Path) -> Path:
    """Load the export into its on-disk store unless an up-to-date one exists; return its folder."""
    global LOAD_COUNT
    source = find_source(target)
    location = store_dir(source)
    fp = _fingerprint(source)
    if _stored_fingerprint(location) == fp:
        return location
    close_store(location)
    tmp = location.with_name(f"{location.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        store = ox.Store(str(tmp))
        store.bulk_load(path=str(source), format=_format(source))
        _materialise_union(store)
        store.flush()
        del store
        gc.collect()  # closes RocksDB before the folder is renamed
    except (SyntaxError, ValueError, OSError) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise QueryError(f"{source}: cannot load: {exc}") from exc
    (tmp / FINGERPRINT).write_text(fp, encoding="utf-8")
    shutil.rmtree(location, ignore_errors=True)
    try:
        tmp.rename(location)
    except OSError:  # another process put a fresh store there first
        shutil.rmtree(tmp, ignore_errors=True)
    LOAD_COUNT += 1
    return location


def open_store(target: Path) -> ox.Store:
    """The export's store, read-only (so a running ``kg serve`` can share it)."""
    location = ensure_store(target)
    fp = _stored_fingerprint(location) or ""
    key = str(location.resolve())
    cached = _OPEN.get(key)
    if cached and cached[0] == fp:
        return cached[1]
    try:
        store = ox.Store.read_only(str(location))
    except OSError as exc:
        raise QueryError(f"{location}: cannot open the query store: {exc}") from exc
    _OPEN[key] = (fp, store)
    return store


def close_store(location: Path) -> None:
    if _OPEN.pop(str(location.resolve()), None) is not None:
        gc.collect()


# -- queries ----------------------------------------------------------------
def run_query(target: Path, sparql: str) -> QueryResult:
    """Run one SPARQL query over the export at ``target`` (a build folder or graph file)."""
    store = open_store(Path(target))
    try:
        answer = store.query(sparql, prefixes=QUERY_PREFIXES)  # the default graph is the distinct union
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            names = [v.value for v in answer.variables]
            rows = [[sol[n] for n in names] for sol in answer]
            return QueryResult("select", variables=names, rows=rows)
        return QueryResult("graph", triples=list(answer))
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from exc
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from exc


def term_value(term: Term) -> str:
    """The IRI, blank-node id or literal value of a term (a quoted triple as N-Triples)."""
    return str(term) if isinstance(term, ox.Triple) else term.value


def shorten(term: Term | None) -> str:
    """A term as a person reads it: prefixed IRIs, literal values without quotes."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        iri = term.value
        for prefix, ns in sorted(QUERY_PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return f"<{iri}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term_value(term)


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """Render as ``table`` (aligned text), ``csv`` or ``json`` (SPARQL 1.1 JSON results).

    ASK gives yes/no (table), a one-cell CSV or ``{"boolean": …}``; CONSTRUCT and
    DESCRIBE give Turtle (table), subject/predicate/object CSV or JSON-LD.
    """
    fmt = fmt.lower()
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"unknown format {fmt!r}; accepted: {', '.join(RESULT_FORMATS)}")
    if result.kind == "ask":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result.boolean)})
        if fmt == "csv":
            return f"boolean\r\n{str(bool(result.boolean)).lower()}\r\n"
        return "yes" if result.boolean else "no"
    if result.kind == "graph":
        if fmt == "table":
            return (ox.serialize(result.triples, format=ox.RdfFormat.TURTLE,
                                 prefixes=QUERY_PREFIXES) or b"").decode("utf-8")
        if fmt == "json":
            return (ox.serialize(result.triples, format=ox.RdfFormat.JSON_LD) or b"").decode("utf-8")
        return _csv(["subject", "predicate", "object"],
                    [[term_value(t.subject), t.predicate.value, term_value(t.object)] for t in result.triples])
    if fmt == "json":
        bindings = [{v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
                    for row in result.rows]
        return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False, indent=1)
    if fmt == "csv":
        return _csv(result.variables, [["" if t is None else term_value(t) for t in row] for row in result.rows])
    return _table(result.variables, [[shorten(t) for t in row] for row in result.rows])


def _csv(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def _width(text: str) -> int:
    """Display width: CJK and full-width characters take two columns."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(header: list[str], rows: list[list[str]]) -> str:
    cells = [[c.replace("\n", " ") for c in row] for row in rows]
    widths = [max([_width(h)] + [_width(r[i]) for r in cells]) for i, h in enumerate(header)]

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(header), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


_close = close_store  # the name used before it was public
