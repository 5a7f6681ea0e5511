"""RDF namespaces: the project's own and the standard vocabularies it aligns to."""

from __future__ import annotations

from urllib.parse import quote

from rdflib import Namespace
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/kg-diplo/"
KG = Namespace(BASE + "ontology#")  # classes and properties (SCHEMA.md local names)
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


def entity_iri(entity_id: str):
    return ENT[quote(entity_id, safe="/-_.~")]


def document_iri(doc_id: str):
    return DOC[quote(doc_id, safe="-_.~")]
