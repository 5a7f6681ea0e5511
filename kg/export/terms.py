"""RDF terms of the export as N-Triples strings, and the stable IRIs of its nodes.

Terms are plain strings (``<iri>``, ``"text"@zh``, ``"3"^^<…#integer>``) rather than
rdflib or pyoxigraph objects: a line of N-Triples is then one f-string, strings sort
fast (every file is sorted, so byte-for-byte deterministic), and the serialisers parse
them back in Rust.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date as _date
from functools import cache, lru_cache
from urllib.parse import quote

from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.namespaces import ASR, PREFIXES, REF, STM, document_iri, entity_iri, kg_term

#: The named graph holding curated reference facts.
REFERENCE_GRAPH = str(REF)
DEFAULT = ""  # graph key of the default graph

_UNESC = {"\\": "\\", '"': '"', "n": "\n", "r": "\r"}
_ESCAPED = re.compile(r"\\(.)")
_XSD_STRING = str(XSD.string)
_ASR = str(ASR)
_INTEGER, _DECIMAL = f"^^<{XSD.integer}>", f"^^<{XSD.decimal}>"
QID = re.compile(r"^Q[1-9][0-9]*$")


def iri(value: object) -> str:
    """``<value>`` (the IRIs written here are built by kg.namespaces, so need no checking)."""
    return f"<{value}>"


def lit(value: object, lang: str | None = None, datatype: object | None = None) -> str:
    """A literal: escaped as N-Triples requires; ``xsd:string`` is left implicit."""
    v = str(value)
    if "\\" in v or '"' in v or "\n" in v or "\r" in v:  # rare: four scans beat one translate()
        v = v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if lang:
        return f'"{v}"@{lang}'
    if datatype is not None and str(datatype) != _XSD_STRING:
        return f'"{v}"^^<{datatype}>'
    return f'"{v}"'


def unescape(text: str) -> str:
    """The value of a literal's body as :func:`lit` escaped it."""
    return _ESCAPED.sub(lambda m: _UNESC[m.group(1)], text) if "\\" in text else text


def integer(n: int) -> str:
    return f'"{int(n)}"{_INTEGER}'


def decimal(x: float) -> str:
    """Canonical xsd:decimal lexical form (no exponent, at most 4 decimals)."""
    s = f"{float(x):.4f}".rstrip("0")
    return f'"{s}0"{_DECIMAL}' if s.endswith(".") else f'"{s}"{_DECIMAL}'


TRUE = lit("true", datatype=XSD.boolean)
TYPE = iri(RDF.type)
LABEL, ALT_LABEL = iri(RDFS.label), iri(SKOS.altLabel)
DERIVED = iri(PROV.wasDerivedFrom)
SAME_AS = iri(OWL.sameAs)
ANY_URI = XSD.anyURI


@lru_cache(maxsize=1 << 16)
def date_literal(value: str) -> str:
    """``kg:date`` / ``kg:published`` literal typed by its shape; untyped when unknown."""
    v = value.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            _date.fromisoformat(v)
            return lit(v, datatype=XSD.date)
        if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", v):
            return lit(v, datatype=XSD.gYearMonth)
        if re.fullmatch(r"\d{4}", v):
            return lit(v, datatype=XSD.gYear)
        if re.fullmatch(r"--(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])", v):
            return lit(v, datatype=XSD.gMonthDay)
    except ValueError:
        pass
    return lit(v)


def assertion_iri(s: str, p: str, o: str, doc: str | None, start: int | None, end: int | None,
                  method: str) -> str:
    """Stable IRI of one assertion: the same fact from the same place keeps its IRI."""
    return assertion_iri_of(f"{s}\x1f{p}\x1f{o}\x1f", doc, start, end, method)


def assertion_iri_of(triple: str, doc: str | None, start: int | None, end: int | None, method: str) -> str:
    """:func:`assertion_iri` with the triple's part of the key made once per relation
    (``s\\x1fp\\x1fo\\x1f``): the export asks for tens of thousands."""
    key = f"{triple}{doc}\x1f{start}\x1f{end}\x1f{method}"
    return _ASR + hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]  # = str(ASR[…]), without rdflib's checks


def statement_iri(statement_id: str) -> str:
    return str(STM[quote(statement_id, safe="-_.~")])


def reference_iri(source_file: str | None) -> str:
    return str(REF[quote(source_file or "reference", safe="-_.~")])


@cache
def k(name: str) -> str:
    """The kg: term ``name`` as an N-Triples IRI."""
    return iri(kg_term(name))


def ent(entity_id: str) -> str:
    """An entity's IRI as an N-Triples term."""
    return iri(entity_iri(entity_id))


def doc(doc_id: str) -> str:
    """A document's IRI as an N-Triples term."""
    return iri(document_iri(doc_id))


def prefixes() -> dict[str, str]:
    """The prefixes of kg.namespaces as plain strings."""
    return {name: str(ns) for name, ns in PREFIXES.items()}
