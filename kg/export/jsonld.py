"""graph.jsonld: compact JSON-LD, one node object per line, written subject by subject.

Why our own writer: pyoxigraph's JSON-LD serialiser (0.5) writes expanded JSON-LD
only (full IRIs, no ``@context``, the whole file on one line), which nobody reads or
diffs. This one writes the ``@context`` of kg's prefixes and kg: terms (so
``kg:mentionCount`` is ``mentionCount``) and one compact node object per line. It
takes each subject's N-Triples lines from :class:`kg.export.quads.Quads` as they are
written to graph.nt, so it holds one node at a time; the C JSON encoder does the
rest (``indent`` would switch to the pure-Python one, 10× slower on big graphs).
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring as _str  # the C encoder of a JSON string
from typing import TextIO

from rdflib.namespace import RDF, XSD

from kg.export.terms import prefixes, unescape
from kg.namespaces import KG


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


class JsonLdWriter:
    """Writes :meth:`node` per subject in order, joined by ``,``; the file's :meth:`head` and
    :data:`TAIL` are the caller's (kg/export/rdfpass.py writes the node list in pieces).

    Each node object is written as JSON text directly, not built as a dict for
    ``json.dumps``: the same bytes (keys sorted, ``,``/``:`` separators, the C string
    encoder), three times faster, which matters for half a million triples.
    """

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._pref = sorted(prefixes().items(), key=lambda kv: -len(kv[1]))
        self._terms = set(_kg_terms())
        self._kg = str(KG)
        self._type = f"<{RDF.type}>"
        self._string_tail = f"^^<{XSD.string}>"
        self._cache: dict[tuple[str, bool], str] = {}
        # per export: "<p> o" → (key, JSON text of the value); a key → its JSON text; datatypes
        self._pairs: dict[str, tuple[str, str]] = {}
        self._quoted: dict[str, str] = {"@id": '"@id"', "@type": '"@type"'}  # a key → its JSON text
        self._datatypes: dict[str, str] = {}
        self._first = True

    def piece(self, out: TextIO) -> None:
        """Go on in ``out``, a new piece of the node list (the caches are kept: they are per export)."""
        self._out = out
        self._first = True

    @staticmethod
    def head() -> str:
        """The document's text before the first node."""
        return '{"@context":' + json.dumps(jsonld_context(), ensure_ascii=False, sort_keys=True, indent=1) \
            + ',\n"@graph":[\n'

    #: the document's text after the last node
    TAIL = "\n]}\n"

    def compact(self, iri: str, vocab: bool = False) -> str:
        """A prefixed name (or a bare kg: term in property/type position) for ``iri``."""
        key = (iri, vocab)
        out = self._cache.get(key)
        if out is not None:
            return out
        out = iri
        if vocab and iri.startswith(self._kg) and iri[len(self._kg):] in self._terms:
            out = iri[len(self._kg):]
        else:
            for prefix, ns in self._pref:
                if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns):].startswith("//"):
                    out = f"{prefix}:{iri[len(ns):]}"
                    break
        if len(self._cache) < 1_000_000:
            self._cache[key] = out
        return out

    def node(self, s: str, lines: list[str]) -> None:
        """One subject's node object from its sorted N-Triples lines (``<s> <p> o .``)."""
        values: dict[str, list[str]] = {}  # JSON key → JSON texts of its values, in line order
        cut = len(s) + 1
        pairs, pair = self._pairs, self._pair
        for line in lines:
            rest = line[cut:-3]
            kv = pairs.get(rest)  # most predicate-object pairs recur (a type, a method, a document …)
            if kv is None:
                kv = pair(rest)
                if len(rest) < 200 and len(pairs) < 500_000:
                    pairs[rest] = kv
            known = values.get(kv[0])
            if known is None:
                values[kv[0]] = [kv[1]]
            else:
                known.append(kv[1])
        values["@id"] = [_str(self.compact(s[1:-1]))]
        q = self._quoted
        text = "{" + ",".join(f"{q[k]}:{v[0]}" if len(v) == 1 else f"{q[k]}:[{','.join(v)}]"
                              for k, v in sorted(values.items())) + "}"  # keys sorted as sort_keys=True does
        self._out.write(text if self._first else ",\n" + text)
        self._first = False

    def _pair(self, rest: str) -> tuple[str, str]:
        """(JSON-LD key, JSON text of the value) of ``<p> o``, a line without its subject."""
        gap = rest.index(" ")  # an IRI holds no space
        p, o = rest[:gap], rest[gap + 1:]
        if o[0] == "<" and p == self._type:
            return "@type", _str(self.compact(o[1:-1], vocab=True))
        key = self.compact(p[1:-1], vocab=True)
        if key not in self._quoted:
            self._quoted[key] = _str(key)
        if o[0] == "<":
            return key, '{"@id":' + _str(self.compact(o[1:-1])) + "}"
        return key, _str(unescape(o[1:-1])) if o[-1] == '"' else self._literal(o)  # a plain string is commonest

    def _literal(self, o: str) -> str:
        """The JSON-LD value of a tagged or typed literal term as :func:`kg.export.terms.lit` writes it."""
        q = o.rindex('"')  # a language tag or datatype IRI holds no quote
        value, tail = _str(unescape(o[1:q])), o[q + 1:]
        if tail[0] == "@":
            return '{"@language":' + _str(tail[1:]) + ',"@value":' + value + "}"
        if tail == self._string_tail:
            return value
        dt = self._datatypes.get(tail)
        if dt is None:
            dt = self._datatypes[tail] = _str(self.compact(tail[3:-1]))  # ^^<…>
        return '{"@type":' + dt + ',"@value":' + value + "}"
