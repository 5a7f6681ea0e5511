"""Mentions → canonical entities: one node per real-world referent.

A mention recognised by the gazetteer carries its reference id. Any other
mention is looked up by its cleaned name (aliases, Traditional forms and
English names are all reference keys); failing that it becomes a new entity
keyed by class and normalised name, so the same name in two documents is one
node. Ids are stable: the reference key, or a hash of the normalised name.

``keys`` compares names, ``series`` picks the edition of a recurring event,
``resolver`` runs the passes in order.
"""

from __future__ import annotations

from kg.resolve.keys import name_key, new_entity_id, short_form_of
from kg.resolve.resolver import PASSES, Resolver

__all__ = ["PASSES", "Resolver", "name_key", "new_entity_id", "short_form_of"]
