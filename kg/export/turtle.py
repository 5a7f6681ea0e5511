"""Turtle and TriG from the export's sorted N-Triples lines, one subject at a time.

Why not a library: pyoxigraph's serialiser wrote these files before, from graph.nt
parsed back, but every triple then crosses into Python as three term objects and
back (~1 s per format for half a million triples, the largest part of a re-build's
export); rdflib is slower still. The lines are already N-Triples, sorted and grouped
by subject (kg/export/quads.py), so Turtle needs only each term's short form: a
prefixed name where the local part is a valid ``PN_LOCAL``, ``a`` for ``rdf:type``,
bare numbers and booleans. The output is byte for byte what pyoxigraph's serialiser
writes for the same statements and prefixes (the layout: ``;`` between predicates,
``,`` between objects, a tab of indent per level), and the tests keep it so, with
pyoxigraph as the oracle and as the parser that must read the files back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_XSD = "http://www.w3.org/2001/XMLSchema#"
# numbers and booleans Turtle writes bare (its INTEGER, DECIMAL, DOUBLE and boolean tokens)
_BARE = {
    f"<{_XSD}integer>": re.compile(r"[+-]?[0-9]+"),
    f"<{_XSD}decimal>": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    f"<{_XSD}double>": re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.?[0-9]+)[eE][+-]?[0-9]+"),
    f"<{_XSD}boolean>": re.compile(r"true|false"),
}
# characters a local name may hold as they are (PN_CHARS of Turtle), and those it may hold escaped
_PN_BASE = ("A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
            "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff")
_PN_REST = f"{_PN_BASE}_\\-0-9\u00b7\u0300-\u036f\u203f-\u2040:"


_ASCII_FIRST = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_:0123456789")
_ASCII_NEXT = _ASCII_FIRST | {"-"}
_ASCII_PLAIN = re.compile(r"[A-Za-z_:0-9][A-Za-z_\-0-9:.]*(?<!\.)")  # kg's IRIs are ASCII (percent-encoded)


@cache
def _plain() -> re.Pattern[str]:
    """A local name with nothing to escape, any script: compiled when first needed (a non-ASCII
    IRI), as its character classes cost ~10 ms to compile."""
    return re.compile(f"[{_PN_BASE}_:0-9][{_PN_REST}.]*(?<!\\.)")


def _allowed(c: str, first: bool) -> bool:
    """``c`` may stand unescaped first in a local name, or after its first character."""
    if c.isascii():
        return c in (_ASCII_FIRST if first else _ASCII_NEXT)
    return _plain().fullmatch(c if first else "a" + c) is not None


_ESCAPABLE = frozenset("_~.-!$&'()*+,;=/?#@%")
# characters N-Triples lines may hold raw (kg.export.terms.lit escapes only \\ " \n \r) that Turtle escapes
_CONTROL = re.compile("[\x00-\x1f\x7f]")
_CONTROL_ESCAPES = {"\b": "\\b", "\t": "\\t", "\f": "\\f"}


def local_name(value: str) -> str | None:
    """``value`` as a Turtle local name (escaped where Turtle allows), or None when it cannot be one."""
    if not value or (_ASCII_PLAIN.fullmatch(value) if value.isascii() else _plain().fullmatch(value)):
        return value  # "" too: the namespace itself is ``prefix:``
    out = []
    last = len(value) - 1
    for i, c in enumerate(value):
        if _allowed(c, i == 0) or (c == "." and 0 < i < last):
            out.append(c)
        elif c in _ESCAPABLE:
            out.append("\\" + c)
        else:
            return None
    return "".join(out)


class Turtle:
    """N-Triples → Turtle under fixed prefixes: terms (each IRI worked out once) and statements."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.prefixes = dict(prefixes)
        # longest namespace first, so a namespace inside another never takes the other's IRIs
        self._by_length = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        self.iris: dict[str, str] = {}  # N-Triples IRI → its Turtle form
        self._pairs: dict[str, tuple[str, str, str]] = {}  # see _pair

    def header(self) -> str:
        """The ``@prefix`` lines, sorted (pyoxigraph writes them in its own order)."""
        return "".join(sorted(f"@prefix {name}: <{ns}> .\n" for name, ns in self.prefixes.items()))

    def iri(self, term: str) -> str:
        """``<…>`` as a prefixed name when one fits, else as it is."""
        have = self.iris.get(term)
        if have is None:
            have = term
            value = term[1:-1]
            for name, ns in self._by_length:
                if value.startswith(ns):
                    local = local_name(value[len(ns):])
                    if local is not None:
                        have = f"{name}:{local}"
                        break
            self.iris[term] = have
        return have

    def typed(self, term: str) -> str:
        """A literal with a datatype: bare when Turtle has a token for it, else ``"…"^^prefix:name``."""
        cut = term.rindex('"^^<')
        datatype = term[cut + 3:]
        bare = _BARE.get(datatype)
        if bare is not None and bare.fullmatch(term, 1, cut):
            return term[1:cut]
        return f"{term[:cut + 3]}{self.iri(datatype)}"

    def statement(self, lines: Iterable[str], indent: str = "") -> str:
        """One subject's N-Triples lines (sorted, so a predicate's objects are together) as one
        Turtle statement: ``s p o1 , o2 ;\\n\\tq o3 .\\n``. ``indent`` is ``"\\t"`` inside a TriG graph."""
        pairs, pair = self._pairs, self._pair
        parts: list[str] = []
        add = parts.append
        predicate = ""
        cut = 0  # where the predicate starts: the subject is the same on every line
        for line in lines:
            if not cut:
                cut = line.index(" ") + 1  # the subject is an IRI: no space
                subject = self.iri(line[:cut - 1])
            rest = line[cut:]
            p, short, o = pairs.get(rest) or pair(rest)
            if p == predicate:
                add(f" , {o}")
            elif predicate:
                add(f" ;\n{indent}\t{short} {o}")
                predicate = p
            else:
                add(f"{indent}{subject} {short} {o}")
                predicate = p
        if predicate:
            add(" .\n")
        return "".join(parts)

    def _pair(self, rest: str) -> tuple[str, str, str]:
        """(predicate, its Turtle form, the object's) of ``<p> o .``, a line without its subject.

        Most pairs recur (a type, a method, a document, a confidence …), so short ones are
        kept: a line then costs a dictionary lookup.
        """
        p, o = rest.split(" ", 1)  # the predicate is an IRI: no space
        o = o.rstrip(" .\n")  # the object ends in ", > or a language tag: never in these
        if o[-1] == ">":  # an IRI or a typed literal
            o = self.iri(o) if o[0] == "<" else self.typed(o)
        else:  # a plain or language-tagged literal is as in N-Triples, but for these
            if _CONTROL.search(o):
                o = escape_controls(o)
            if o[-1] != '"':  # RDF language tags are case-insensitive: written in lower case
                cut = o.rindex('"@') + 2
                o = o[:cut] + o[cut:].lower()
        out = (p, "a" if p == _RDF_TYPE else self.iri(p), o)
        if len(rest) < 200 and len(self._pairs) < 500_000:
            self._pairs[rest] = out
        return out

    def graph(self, graph: str) -> str:
        """The line opening a named graph in TriG (closed by ``}\\n``)."""
        return f"{self.iri(f'<{graph}>')} {{\n"


def escape_controls(text: str) -> str:
    """Control characters as Turtle writes them (``\\t``, ``\\u001B`` …)."""
    return _CONTROL.sub(lambda m: _CONTROL_ESCAPES.get(m.group(), f"\\u{ord(m.group()):04X}"), text)
