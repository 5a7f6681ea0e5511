"""kg: a knowledge-graph builder for Chinese-language diplomatic text.

``kg.KnowledgeGraph`` is the core data structure (kg/graph.py). For notebooks,
``kg.build(...)`` and ``kg.load(...)`` return a ``kg.Graph`` (kg/api/): a thin
facade over a KnowledgeGraph (``graph.kg``) that answers with pandas
DataFrames, networkx and rdflib graphs and inline HTML. The facade is imported
lazily so the CLI does not pay for pandas at start-up. ``kg.nlp()`` returns
kg's spaCy pipeline (LAC tokenizer, kg's mentions as ``doc.ents``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.graph import KnowledgeGraph

if TYPE_CHECKING:
    from kg.api import Graph, build, load

__version__ = "0.1.0"
__all__ = ["Graph", "KnowledgeGraph", "__version__", "build", "load", "nlp"]

_API = {"Graph", "build", "load"}


def __getattr__(name: str) -> Any:
    if name == "nlp":  # the callable package kg.nlp: ``kg.nlp()`` is kg's spaCy pipeline
        import importlib

        return importlib.import_module("kg.nlp")
    if name in _API:
        from kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
