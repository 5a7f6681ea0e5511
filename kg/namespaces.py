"""RDF namespaces: the project's own and the standard vocabularies it aligns to.

``KG`` is a closed rdflib ``DefinedNamespace``: ``KG.met`` and ``KG["met"]`` are
IRIs, a term that ``ontology/kg.ttl`` does not declare (``KG.metx``) raises
AttributeError instead of minting a wrong IRI. tests/test_schema.py checks that
the terms listed here are exactly those of kg.ttl (``kg.schema`` reads the rest:
domains, ranges, CAMEO codes).
"""

from __future__ import annotations

from urllib.parse import quote

from rdflib import Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

BASE = "https://w3id.org/kg-diplo/"


class KG(DefinedNamespace):
    """Classes and properties of ontology/kg.ttl (SCHEMA.md local names)."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # classes
    Assertion: URIRef
    Country: URIRef
    Document: URIRef
    Event: URIRef
    Initiative: URIRef
    Organization: URIRef
    Person: URIRef
    Place: URIRef
    Project: URIRef
    ReferenceFile: URIRef
    Statement: URIRef
    # properties
    affiliation: URIRef
    askedBy: URIRef
    atEvent: URIRef
    author: URIRef
    cameoCode: URIRef
    confidence: URIRef
    curated: URIRef
    date: URIRef
    end: URIRef
    endDate: URIRef
    evidence: URIRef
    format: URIRef
    heldIn: URIRef
    hosted: URIRef
    iso3166: URIRef
    joined: URIRef
    line: URIRef
    locatedIn: URIRef
    mediated: URIRef
    memberOf: URIRef
    mentionCount: URIRef
    mentionedIn: URIRef
    mentions: URIRef
    met: URIRef
    method: URIRef
    modality: URIRef
    object: URIRef
    partOf: URIRef
    participatedIn: URIRef
    ploverType: URIRef
    position: URIRef
    predicate: URIRef
    published: URIRef
    question: URIRef
    signed: URIRef
    source: URIRef
    speaker: URIRef
    start: URIRef
    subject: URIRef
    text: URIRef
    title: URIRef
    trigger: URIRef
    url: URIRef
    visited: URIRef
    wikidata: URIRef
    withdrewFrom: URIRef


ENT = Namespace(BASE + "id/")  # entities: ENT["country/CN"]
DOC = Namespace(BASE + "doc/")  # source documents
ASR = Namespace(BASE + "assertion/")  # kg:Assertion nodes
STM = Namespace(BASE + "statement/")  # kg:Statement nodes
REF = Namespace(BASE + "reference/")  # curated reference files, as prov:Entity

SDO = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")

PREFIXES = {
    "kg": KG, "ent": ENT, "doc": DOC, "asr": ASR, "stm": STM, "ref": REF,
    "rdf": RDF, "rdfs": RDFS, "owl": OWL, "skos": SKOS, "xsd": XSD, "prov": PROV,
    "schema": SDO, "org": ORG, "sem": SEM, "wd": WD, "wdt": WDT,
}


def kg_term(name: str) -> URIRef:
    """``KG[name]`` for a name known only at run time; raises AttributeError for a name
    kg.ttl does not declare (mypy reads ``KG[...]`` as a type application, hence this)."""
    return URIRef(getattr(KG, name))


def entity_iri(entity_id: str) -> URIRef:
    """The IRI of an entity id (``country/CN`` → ``ent:country/CN``)."""
    return ENT[quote(entity_id, safe="/-_.~")]


def document_iri(doc_id: str) -> URIRef:
    """The IRI of a source document; its id is percent-encoded whole (``#L3`` too)."""
    return DOC[quote(doc_id, safe="-_.~")]
