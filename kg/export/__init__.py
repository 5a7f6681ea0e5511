"""Exports of a KnowledgeGraph (RDF here; the HTML view lives in kg.view).

The names below are loaded on first use: a build imports only the writers it runs
(kg/export/rdfpass.py), not pyoxigraph's parsers behind ``to_rdflib``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["FORMATS", "REFERENCE_GRAPH", "to_rdflib", "write_rdf"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from kg.export import rdf

        return getattr(rdf, name)
    raise AttributeError(f"module 'kg.export' has no attribute {name!r}")
