"""HTML for notebooks: the interactive graph viewer inline, and displaCy entity highlighting.

Why: in Jupyter an analyst wants to see the graph and the recognised
entities in place; outside Jupyter the same calls write or return HTML to
open in a browser.
"""

from __future__ import annotations

import html
import os
import tempfile
from pathlib import Path
from typing import Any

from kg.graph import KnowledgeGraph
from kg.model import CLASSES, Document


def view(kg: KnowledgeGraph, focus: str | None = None, depth: int = 2, height: int = 600,
         path: str | os.PathLike[str] | None = None, inline: bool = False) -> Any:
    """The viewer page as an inline ``IPython.display.HTML`` iframe (``inline`` and no ``path``), else a file.

    The file is ``path`` or a new temporary file; its path is returned.
    """
    from kg.view.html import render_html, write_html

    if path is None and inline:
        from IPython.display import HTML

        page = render_html(kg, focus=focus, depth=depth)
        return HTML(f'<div class="kg-view"><iframe srcdoc="{html.escape(page, quote=True)}" '
                    f'style="width:100%;height:{int(height)}px;border:1px solid #ccc" '
                    'sandbox="allow-scripts" loading="lazy"></iframe></div>')
    if path is None:
        fd, name = tempfile.mkstemp(prefix="kg-view-", suffix=".html")
        os.close(fd)
        path = name
    return write_html(kg, Path(path), focus=focus, depth=depth)


def displacy(doc: Document, ents: list[dict[str, Any]], jupyter: bool) -> Any:
    """Render ``ents`` (displaCy manual format) over the document's text, coloured by class.

    Returns an ``IPython.display.HTML`` when ``jupyter``, else the HTML string.
    """
    from spacy import displacy as spacy_displacy

    from kg.view.style import class_style

    colors = {c.upper(): tint(class_style(c)[2]) for c in CLASSES}
    title = doc.title or doc.id
    if doc.date:
        title = f"{title} · {doc.date}"
    page = spacy_displacy.render({"text": doc.text, "ents": ents, "title": title}, style="ent", manual=True,
                                 jupyter=False, options={"colors": colors})
    if jupyter:
        from IPython.display import HTML

        return HTML(page)
    return page


def tint(colour: str, amount: float = 0.55) -> str:
    """A lighter version of a hex colour, so black text stays readable on it."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    r, g, b = (round(c + (255 - c) * amount) for c in (r, g, b))
    return f"#{r:02x}{g:02x}{b:02x}"


def in_notebook() -> bool:
    """True inside a Jupyter kernel (where HTML output is displayed)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"
