"""Exports of a KnowledgeGraph (RDF here; the HTML view lives in kg.view)."""

from kg.export.rdf import FORMATS, REFERENCE_GRAPH, to_rdflib, write_rdf

__all__ = ["FORMATS", "REFERENCE_GRAPH", "to_rdflib", "write_rdf"]
