"""Write the viewer as one self-contained, offline, UTF-8 HTML file.

pyvis's own templates load vis-network, tom-select and Bootstrap from CDNs
even with ``cdn_resources="in_line"`` (pyvis #228/#229), its tom-select menu
garbles Chinese (#246) and its tooltips render HTML from the data (#92). So
the page is rendered from our own template: vis-network's script read from
the installed pyvis package, our viewer script/style from ``assets/``, and the
graph as an inert JSON block. A Content-Security-Policy that only allows those
exact scripts (by hash) and no network is defence in depth on top of escaping.
"""

from __future__ import annotations

import base64
import hashlib
import html
import importlib.util
import json
import re
from functools import cache
from importlib import resources
from pathlib import Path

from kg.graph import KnowledgeGraph
from kg.view.data import build_payload

_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def write_html(kg: KnowledgeGraph, path: Path, focus: str | None = None, depth: int = 2,
               title: str | None = None) -> Path:
    """Write the interactive graph to ``path`` (UTF-8, no network needed) and return it.

    ``focus`` (an entity id, name or alias) keeps only its ``depth``-hop
    neighbourhood; an unknown name raises ``ValueError``.
    """
    path = Path(path)
    if path.is_dir():
        path = path / "graph.html"
    page = render_html(kg, focus=focus, depth=depth, title=title)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8", newline="\n")
    return path


def render_html(kg: KnowledgeGraph, focus: str | None = None, depth: int = 2,
                title: str | None = None) -> str:
    """The page as a string (deterministic for the same graph and arguments)."""
    if title is None:
        title = "kg · 知识图谱"
        if focus:
            title = f"kg · {focus} · {depth}"
    payload = build_payload(kg, focus=focus, depth=depth, title=title)
    vis_js = inline_script(_vis_js())
    viewer_js = inline_script(_asset("viewer.js"))
    csp = ("default-src 'none'; "
           f"script-src {_csp_hash(vis_js)} {_csp_hash(viewer_js)}; "
           "style-src 'unsafe-inline'; img-src data:; font-src data:; "
           "base-uri 'none'; form-action 'none'")
    values = {
        "title": html.escape(title, quote=True),
        "csp": csp,  # fixed text (quotes are single), no data in it
        "css": _asset("viewer.css").replace("</", "<\\/"),
        "data": json_for_script(payload),
        "vis_js": vis_js,
        "viewer_js": viewer_js,
    }
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], _asset("viewer.html"))


def json_for_script(data: object) -> str:
    """JSON that cannot end its ``<script>`` element or start a comment/CDATA in it.

    ``<``, ``>`` and ``&`` only occur inside JSON strings, so escaping them as
    ``\\u003c`` etc. keeps the JSON equal while no ``</script`` or ``<!--`` can
    appear; U+2028/2029 and lone surrogates are escaped so the text is valid
    UTF-8 and valid JavaScript everywhere.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def inline_script(js: str) -> str:
    """Script text safe to place between ``<script>`` tags."""
    return re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE).replace("<!--", "<\\!--")


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


@cache
def _asset(name: str) -> str:
    return (resources.files("kg.view") / "assets" / name).read_text(encoding="utf-8")


@cache
def _vis_js() -> str:
    """vis-network's standalone script: a vendored copy if present, else pyvis's own."""
    vendored = resources.files("kg.view") / "assets" / "vis-network.min.js"
    if vendored.is_file():
        return _strip_source_map(vendored.read_text(encoding="utf-8"))
    spec = importlib.util.find_spec("pyvis")  # the package's folder, without importing it (pyvis imports IPython)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the pyvis package is not installed")
    root = Path(list(spec.submodule_search_locations)[0])
    found = sorted(root.glob("lib/vis-*/vis-network.min.js")) + sorted(
        root.glob("templates/lib/vis-*/vis-network.min.js"))
    if not found:
        raise FileNotFoundError(f"vis-network.min.js not found in the pyvis package at {root}")
    # Highest version wins: "vis-9.1.2" sorts after "vis-9.0.4".
    best = max(found, key=lambda p: tuple(int(x) for x in re.findall(r"\d+", p.parent.name)))
    return _strip_source_map(best.read_text(encoding="utf-8"))


def _strip_source_map(js: str) -> str:
    """Drop ``//# sourceMappingURL=``: the map is not shipped, and devtools would fetch it."""
    return re.sub(r"^//# sourceMappingURL=.*$", "", js, flags=re.MULTILINE)
