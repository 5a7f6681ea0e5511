"""The schema, read once from ``ontology/kg.ttl``.

Classes, properties, their domains and ranges, symmetry and CAMEO / PLOVER
codes are stated in the ontology and nowhere else: the extractor, the
assembler, the exporters and the tests ask this module instead of keeping
their own tables, so a change to ``kg.ttl`` (or a site ontology under
``KG_ONTOLOGY``) is a change everywhere.

    >>> from kg.schema import schema
    >>> schema().fits("visited", "Person", "Country")
    True
    >>> sorted(schema().range("heldIn"))
    ['Country', 'Place']
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from kg.paths import ontology_dir

if TYPE_CHECKING:  # rdflib is imported where kg.ttl is parsed, not on import (start-up)
    from rdflib import Graph, URIRef

__all__ = ["CameoCode", "PropertyDef", "Schema", "cameo_codes", "load_cameo", "load_schema", "schema"]

KG_NS = "https://w3id.org/kg-diplo/ontology#"

PropertyKind = Literal["object", "datatype", "annotation", "property"]


@dataclass(frozen=True)
class PropertyDef:
    """One ``kg:`` property as the ontology declares it.

    ``domain`` and ``range`` hold local names of ``kg:`` classes (a
    ``owl:unionOf`` is expanded); a range that is a datatype (``xsd:string``,
    ``rdf:langString``) is in ``datatype`` and leaves ``range`` empty.
    An empty ``domain`` or ``range`` means the ontology states none.
    """

    name: str
    kind: PropertyKind
    domain: frozenset[str] = frozenset()
    range: frozenset[str] = frozenset()
    datatype: str | None = None
    symmetric: bool = False
    cameo: tuple[str, ...] = ()
    plover: tuple[str, ...] = ()
    labels: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def iri(self) -> URIRef:
        from rdflib import URIRef

        return URIRef(KG_NS + self.name)

    @property
    def literal(self) -> bool:
        """True when the object is a literal, not an entity (kg:position)."""
        return self.kind == "datatype"

    def fits(self, subject_cls: str, object_cls: str | None) -> bool:
        """Whether a triple between these classes obeys the domain and range.

        A literal property needs only its subject to fit (``object_cls`` is
        None); an entity property needs both ends to be classes it names.
        """
        if subject_cls not in self.domain:
            return False
        if self.literal:
            return True
        return object_cls is not None and object_cls in self.range


@dataclass(frozen=True)
class Schema:
    """What ``kg.ttl`` says: its classes and properties by local name."""

    classes: tuple[str, ...]
    properties: dict[str, PropertyDef]
    source: str = ""

    def prop(self, name: str) -> PropertyDef:
        """The property called ``name``; KeyError names the unknown term."""
        try:
            return self.properties[name]
        except KeyError:
            raise KeyError(f"kg:{name} is not a property of {self.source or 'the ontology'}") from None

    def domain(self, name: str) -> frozenset[str]:
        return self.prop(name).domain

    def range(self, name: str) -> frozenset[str]:
        return self.prop(name).range

    def ends(self, name: str) -> tuple[frozenset[str], frozenset[str]]:
        """(domain, range) of a property, as sets of class local names."""
        p = self.prop(name)
        return p.domain, p.range

    def fits(self, name: str, subject_cls: str, object_cls: str | None) -> bool:
        return self.prop(name).fits(subject_cls, object_cls)

    def default_cameo(self, name: str) -> str | None:
        """The lowest CAMEO code of a property (met lists 040, 041, 044, 046: 040)."""
        p = self.properties.get(name)
        return min(p.cameo) if p is not None and p.cameo else None

    def default_cameo_codes(self) -> dict[str, str]:
        """property → its default CAMEO code, for the properties that have one."""
        return {n: min(p.cameo) for n, p in self.properties.items() if p.cameo}

    def terms(self) -> set[str]:
        """Every local name the ontology declares (classes and properties)."""
        return {*self.classes, *self.properties}


def _local(node: object) -> str | None:
    from rdflib import URIRef

    s = str(node)
    return s[len(KG_NS):] if isinstance(node, URIRef) and s.startswith(KG_NS) else None


def _classes(g: Graph, node: object) -> tuple[frozenset[str], str | None]:
    """kg class names of a domain/range node (a class or an owl:unionOf), or its datatype IRI."""
    from rdflib import BNode
    from rdflib.collection import Collection
    from rdflib.namespace import OWL

    if node is None:
        return frozenset(), None
    if isinstance(node, BNode):
        members = g.value(node, OWL.unionOf)
        if members is None:
            return frozenset(), None
        names = [_local(m) for m in Collection(g, members)]
        return frozenset(n for n in names if n), None
    name = _local(node)
    return (frozenset({name}), None) if name else (frozenset(), str(node))


def _literals(g: Graph, s: URIRef, p: URIRef) -> tuple[str, ...]:
    return tuple(sorted(str(o) for o in g.objects(s, p)))


def _parse(path: str) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    """kg.ttl's classes and one tuple of ``PropertyDef`` fields per property, in name order
    (plain values: kept compiled by ``kg.cache.memo``)."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import OWL, RDF, RDFS

    kinds: tuple[tuple[URIRef, PropertyKind], ...] = (
        (OWL.ObjectProperty, "object"), (OWL.DatatypeProperty, "datatype"),
        (OWL.AnnotationProperty, "annotation"), (RDF.Property, "property"),
    )
    g = Graph().parse(path, format="turtle")
    cameo, plover = URIRef(KG_NS + "cameoCode"), URIRef(KG_NS + "ploverType")
    classes = sorted((n for n in map(_local, g.subjects(RDF.type, OWL.Class)) if n), key=str)
    props: dict[str, tuple[Any, ...]] = {}
    for rdf_type, kind in kinds:
        for s in g.subjects(RDF.type, rdf_type):
            name = _local(s)
            if not name or name in props or not isinstance(s, URIRef):
                continue
            domain, _ = _classes(g, g.value(s, RDFS.domain))
            rng, datatype = _classes(g, g.value(s, RDFS.range))
            labels = {o.language or "": str(o) for o in g.objects(s, RDFS.label) if hasattr(o, "language")}
            props[name] = (name, kind, domain, rng, datatype, (s, RDF.type, OWL.SymmetricProperty) in g,
                           _literals(g, s, cameo), _literals(g, s, plover), labels)
    return tuple(classes), [props[n] for n in sorted(props)]


@cache
def load_schema(path: str) -> Schema:
    """Parse one ontology file (cached per path).

    The parse is kept compiled in the cache folder under the file and this module
    (``kg.cache.memo``): parsing kg.ttl with rdflib, and importing rdflib, was ~0.1 s
    of every build's start-up.
    """
    from kg.cache import memo

    classes, props = memo("schema", [Path(path), Path(__file__)], lambda: _parse(path))
    return Schema(classes=tuple(classes), properties={p[0]: PropertyDef(*p) for p in props}, source=path)


def schema() -> Schema:
    """The schema of the ontology in use (``ontology/kg.ttl``, or under ``KG_ONTOLOGY``)."""
    folder = ontology_dir()
    if _LAST[0] != folder:  # asked per relation fit: skip building the path string each time
        _LAST[:] = [folder, str(Path(folder) / "kg.ttl")]
    return load_schema(_LAST[1])


_LAST: list = [None, ""]


@dataclass(frozen=True)
class CameoCode:
    """One row of ontology/cameo.csv: what a CAMEO code means for event data."""

    code: str
    label: str
    plover_type: str
    goldstein: float | None


@cache
def load_cameo(path: str) -> dict[str, CameoCode]:
    """Parse one CAMEO table (cached per path)."""
    with open(path, encoding="utf-8", newline="") as fh:
        return {r["code"]: CameoCode(r["code"], r["label"], r["plover_type"],
                                     float(r["goldstein"]) if r["goldstein"] else None)
                for r in csv.DictReader(fh)}


def cameo_codes() -> dict[str, CameoCode]:
    """CAMEO code → label, PLOVER type, Goldstein weight (``ontology/cameo.csv``); the
    codes each property corresponds to are ``schema().prop(p).cameo`` (kg.ttl)."""
    return load_cameo(str(Path(ontology_dir()) / "cameo.csv"))
