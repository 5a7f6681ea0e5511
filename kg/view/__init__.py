"""The interactive HTML graph viewer (vis-network via pyvis, fully offline).

``write_html(kg, path)`` writes one self-contained page: search by any name or
alias, filters by class, relation, document and date, a side panel with the
evidence behind every node and edge, Chinese/English labels.
"""

from __future__ import annotations

from kg.view.data import LAYOUT_THRESHOLD, build_payload, resolve_focus
from kg.view.html import render_html, write_html

__all__ = ["LAYOUT_THRESHOLD", "build_payload", "render_html", "resolve_focus", "write_html"]
