"""Names as an analyst types them: entity ids, labels and class names.

Why a module of its own: every table, network and display function takes
names ("王毅", "Wang Yi", "寮國", "country/LA") and shows labels, so the
look-ups live in one place.
"""

from __future__ import annotations

from kg.graph import KnowledgeGraph
from kg.model import CLASSES


def ids(kg: KnowledgeGraph, name: str) -> list[str]:
    """Entity ids meant by ``name`` (id, label, English name, alias, Traditional form).

    Raises ``ValueError`` (with suggestions) when nothing matches.
    """
    from kg.view.data import resolve_focus

    return resolve_focus(kg, name)


def label(kg: KnowledgeGraph, entity_id: str) -> str:
    """The entity's label, or the id itself when the graph has no such entity."""
    e = kg.entities.get(entity_id)
    return e.label if e else entity_id


def class_name(cls: str) -> str:
    """The ontology's spelling of a class name typed in any case ("person" → "Person")."""
    for c in CLASSES:
        if c.lower() == cls.strip().lower():
            return c
    raise ValueError(f"unknown class {cls!r}; one of {', '.join(CLASSES)}")
