"""kg: a knowledge-graph builder for Chinese-language diplomatic text."""

from kg.graph import KnowledgeGraph

__version__ = "0.1.0"
__all__ = ["KnowledgeGraph", "__version__"]
