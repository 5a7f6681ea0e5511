"""Turn a KnowledgeGraph into the data the viewer embeds.

Separate from the HTML so that filtering (ego networks), node styling and the
JSON payload can be tested without a browser. Nodes and edges are
vis-network-shaped dicts (colours come from the class table in the page); the
side-panel details travel next to them in plain lists.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict, deque
from collections.abc import Iterable

from kg.graph import KnowledgeGraph
from kg.model import SYMMETRIC_PROPERTIES, Assertion, Entity
from kg.view.layout import compute_positions
from kg.view.overview import ALL_LIMIT, OVERVIEW_SIZE, communities, importance, overview, ranked
from kg.view.style import CLASS_STYLE, FONT_FACE, class_style, relation_label

#: Kept for callers: positions always come from Python now (browser physics froze big pages).
LAYOUT_THRESHOLD = 300
#: Above this many edges, edge labels start hidden (they can be switched on).
EDGE_LABEL_LIMIT = 600

_QID = re.compile(r"^Q[1-9][0-9]*$")
_HTTP = re.compile(r"^https?://", re.IGNORECASE)
_FOLD = re.compile(r"[\s\-\u2010-\u2015\u2212\u30fb\u00b7\u2022\uff0d\ufe58\ufe63_.,'\"“”‘’「」《》()（）]+")


def fold(text: str) -> str:
    """Search key: NFKC, case-folded, without spaces, dashes, dots and quotes.

    "China–Laos Railway", "china-laos railway" and "CHINA LAOS RAILWAY" all fold
    to the same key. The viewer's JavaScript implements the same function.
    """
    return _FOLD.sub("", unicodedata.normalize("NFKC", text).casefold())


def _converters() -> list:
    """OpenCC converters (s2t, t2s) when installed, to add script variants to search."""
    try:
        import opencc
    except ImportError:
        return []
    try:
        return [opencc.OpenCC("s2t"), opencc.OpenCC("t2s")]
    except Exception:  # broken OpenCC data files: search still works on given aliases
        return []


def resolve_focus(kg: KnowledgeGraph, focus: str) -> list[str]:
    """Entity ids meant by ``focus``: an id, a name/alias (any case), or its script variant."""
    focus = focus.strip()
    if focus in kg.entities:
        return [focus]
    found = sorted(e.id for e in kg.find(focus))
    if found:
        return found
    wanted = {fold(focus)} | {fold(c.convert(focus)) for c in _converters()}
    wanted.discard("")
    found = sorted(e.id for e in kg.entities.values()
                   if wanted & {fold(n) for n in _names(e)})
    if found:
        return found
    hints = sorted(e.label for e in kg.entities.values()
                   if any(w in fold(n) for w in wanted for n in _names(e)))[:5]
    hint = f"; did you mean {', '.join(hints)}?" if hints else ""
    raise ValueError(f"no entity named {focus!r} in the graph{hint}")


def _names(e: Entity) -> list[str]:
    return [e.label, *([e.label_en] if e.label_en else []), *sorted(e.alt_labels)]


def ego_ids(kg: KnowledgeGraph, centres: Iterable[str], depth: int) -> set[str]:
    """Entity ids within ``depth`` hops of ``centres``, edges taken as undirected."""
    adjacent: dict[str, set[str]] = defaultdict(set)
    for r in kg.relations.values():
        if not r.literal and r.subject in kg.entities and r.object in kg.entities:
            adjacent[r.subject].add(r.object)
            adjacent[r.object].add(r.subject)
    seen = {c: 0 for c in centres}
    queue = deque(seen)
    while queue:
        node = queue.popleft()
        if seen[node] >= depth:
            continue
        for nb in adjacent[node]:
            if nb not in seen:
                seen[nb] = seen[node] + 1
                queue.append(nb)
    return set(seen)


def build_payload(kg: KnowledgeGraph, focus: str | None = None, depth: int = 2,
                  title: str | None = None) -> dict:
    """Everything the viewer needs, as JSON-ready plain data (deterministic order).

    Every entity and relation travels in the page (search and expansion need
    them), but only the overview (or, for a focus or a small graph, every linked
    entity) is drawn at first; see kg/view/overview.py and docs/viewer.md.
    """
    centres: list[str] = []
    if focus:
        centres = resolve_focus(kg, focus)
        keep = ego_ids(kg, centres, max(depth, 0))
    else:
        keep = set(kg.entities)
    entity_ids = sorted(keep)
    relations = [r for key, r in sorted(kg.relations.items())
                 if r.subject in keep and (r.literal or r.object in keep)]
    edge_rels = [r for r in relations if not r.literal]

    docs = _DocTable(kg)
    texts = _TextTable()
    degree: dict[str, int] = defaultdict(int)
    pairs = []
    for r in edge_rels:
        degree[r.subject] += 1
        degree[r.object] += 1
        pairs.append((r.subject, r.object))
    linked = [eid for eid in entity_ids if degree[eid]]
    score = importance({eid: kg.entities[eid].mentions for eid in entity_ids}, degree)
    community = communities(linked, pairs, score) if linked else {}
    # The whole graph can be drawn when it is small; above ALL_LIMIT only the
    # overview and what the user expands are drawn (no full layout needed).
    whole = len(linked) <= ALL_LIMIT
    positions = compute_positions(entity_ids, pairs) if whole else {}
    first, first_pos = overview(linked, pairs, score, community) if linked else ([], {})
    # A focus (kg view --focus) or a graph that fits on the first screen opens whole.
    start = "all" if whole and (centres or len(linked) <= OVERVIEW_SIZE + 10) else "overview"

    nodes: list[dict] = []
    info: list[dict] = []
    converters = _converters()
    for eid in entity_ids:
        e = kg.entities[eid]
        _, _, _, shape = class_style(e.cls)
        node: dict = {
            "id": eid,
            "label": e.label,
            "shape": shape,
            "size": round(min(8 + 4 * math.log2(1 + e.mentions + degree[eid]), 32), 1),
        }
        if eid in centres:
            node["borderWidth"] = 3
        if eid in positions:
            node["x"], node["y"] = positions[eid]
        if eid in first_pos:
            node["ox"], node["oy"] = first_pos[eid]
        nodes.append(node)
        variants = sorted({c.convert(n) for c in converters for n in _names(e)} - set(_names(e)))
        info.append({
            "id": eid,
            "cls": e.cls,
            "zh": e.label,
            "en": e.label_en or "",
            "aliases": sorted(e.alt_labels - {e.label}),
            "variants": variants,
            "ids": _identifiers(e.identifiers),
            "date": e.date or "",
            "mentions": e.mentions,
            "degree": degree[eid],
            "score": score[eid],
            "community": community.get(eid, -1),
            "curated": e.curated,
            "docs": sorted(docs.index(d) for d in e.documents),
            "positions": [],
            "statements": [],
            "focus": eid in centres,
        })
    node_info = {n["id"]: n for n in info}
    for r in relations:
        if r.literal:
            node_info[r.subject]["positions"].append(
                {"value": r.object, "a": [_assertion(a, docs, texts) for a in r.assertions]})
    for s in sorted(kg.statements, key=lambda s: s.id):
        if s.speaker in node_info:
            node_info[s.speaker]["statements"].append(
                {"t": texts.index(s.text), "d": docs.index(s.doc_id), "date": s.date or ""})

    parallel: dict[tuple[str, str], int] = defaultdict(int)
    edges: list[dict] = []
    edge_info: list[dict] = []
    modal = 0
    for n, r in enumerate(edge_rels):
        zh, _ = relation_label(r.predicate)
        pair = (min(r.subject, r.object), max(r.subject, r.object))
        rank = parallel[pair]
        parallel[pair] += 1
        # Only planned, denied, asked ...: not a fact, so never drawn like one (dashed, named, hidden at first).
        modalities = [] if r.factual else sorted({a.modality for a in r.assertions if a.modality})
        modal += bool(modalities)
        edge: dict = {
            "id": f"e{n}",
            "from": r.subject,
            "to": r.object,
            "label": zh,
            "arrows": "" if r.predicate in SYMMETRIC_PROPERTIES else "to",
            "width": round(1 + min(len(r.assertions) - 1, 6) * 0.5, 1),
            "dashes": bool(modalities) or all(a.method == "reference" for a in r.assertions),
        }
        if rank:
            edge["smooth"] = {"enabled": True, "type": "curvedCW" if rank % 2 else "curvedCCW",
                              "roundness": round(0.15 * ((rank + 1) // 2), 2)}
        edges.append(edge)
        dates = sorted({a.date for a in r.assertions if a.date and a.modality is None} or
                       {a.date for a in r.assertions if a.date})
        edge_info.append({
            "id": f"e{n}",
            "p": r.predicate,
            "from": r.subject,
            "to": r.object,
            "conf": r.confidence,
            "mod": modalities,
            "dates": [dates[0], dates[-1]] if dates else [],
            "a": [_assertion(a, docs, texts) for a in r.assertions],
        })

    present = sorted({r.predicate for r in edge_rels}, key=_predicate_order)
    counts: defaultdict[str, int] = defaultdict(int)
    for r in edge_rels:
        counts[r.predicate] += 1
    class_counts: defaultdict[str, int] = defaultdict(int)
    for eid in entity_ids:
        class_counts[kg.entities[eid].cls] += 1
    classes = [*CLASS_STYLE, *sorted(set(class_counts) - set(CLASS_STYLE))]
    members: dict[int, list[str]] = defaultdict(list)
    for eid in ranked(linked, score):
        members[community[eid]].append(eid)
    return {
        "meta": {
            "title": title or "",
            "focus": centres,
            "depth": depth if focus else None,
            "precomputed": True,
            "edgeLabels": len(edge_rels) <= EDGE_LABEL_LIMIT,
            "nodes": len(entity_ids),
            "edges": len(edge_rels),
            "linked": len(linked),
            "isolated": len(entity_ids) - len(linked),
            "modal": modal,
            "overview": first,
            "whole": whole,
            "start": start,
        },
        "classes": [
            {"id": c, "zh": class_style(c)[0], "en": class_style(c)[1], "color": class_style(c)[2],
             "shape": class_style(c)[3], "count": class_counts.get(c, 0)}
            for c in classes
        ],
        "relations": [
            {"id": p, "zh": relation_label(p)[0], "en": relation_label(p)[1], "count": counts[p],
             "symmetric": p in SYMMETRIC_PROPERTIES}
            for p in present
        ],
        "communities": [{"id": c, "size": len(m), "top": m[:5]} for c, m in sorted(members.items())],
        "docs": docs.rows,
        "texts": texts.rows,
        "nodes": nodes,
        "edges": edges,
        "info": info,
        "edgeInfo": edge_info,
        "options": _vis_options(),
    }


def _predicate_order(p: str) -> tuple[int, str]:
    from kg.model import PROPERTIES

    return (PROPERTIES.index(p) if p in PROPERTIES else len(PROPERTIES), p)


def _identifiers(ids: dict[str, str]) -> list[dict]:
    """Identifiers as rows; only a well-formed Wikidata QID becomes a link."""
    rows = []
    for key in sorted(ids):
        value = str(ids[key])
        row = {"k": key, "v": value}
        if key.lower() == "wikidata" and _QID.match(value):
            row["url"] = f"https://www.wikidata.org/wiki/{value}"
        rows.append(row)
    return rows


def _assertion(a: Assertion, docs: _DocTable, texts: _TextTable) -> dict:
    d = docs.index(a.doc_id) if a.doc_id else -1
    date = a.date or (docs.rows[d]["date"] if d >= 0 else "")
    return {"t": texts.index(a.evidence), "d": d, "date": date or "", "m": a.method,
            "c": a.confidence, "src": a.source_file or ""}


def _darker(colour: str) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(v * 0.7) for v in (r, g, b)))


def _vis_options() -> dict:
    """vis-network options: positions always come from Python (physics off), so the first
    draw is immediate and the same graph always gives the same picture."""
    return {
        "autoResize": True,
        "nodes": {"font": {"face": FONT_FACE, "size": 16, "color": "#222222",
                           "strokeWidth": 4, "strokeColor": "#ffffff"}},
        "edges": {
            "color": {"color": "#9aa5b1", "highlight": "#333333", "hover": "#555555", "inherit": False},
            "font": {"face": FONT_FACE, "size": 12, "color": "#444444", "strokeWidth": 3,
                     "strokeColor": "#ffffff", "align": "horizontal"},
            "smooth": False,
            "selectionWidth": 2,
            "arrows": {"to": {"scaleFactor": 0.6}},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": False,
            "hideEdgesOnZoom": False,
            "navigationButtons": False,
            "keyboard": False,
            "multiselect": False,
        },
        "layout": {"randomSeed": 7, "improvedLayout": False},
        "physics": {"enabled": False},
    }


class _DocTable:
    """Documents by index, so each assertion stores a number, not a copy of the title."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self._kg = kg
        self._index: dict[str, int] = {}
        self.rows: list[dict] = []
        for doc_id in sorted(kg.documents):
            self.index(doc_id)

    def index(self, doc_id: str) -> int:
        if doc_id not in self._index:
            d = self._kg.documents.get(doc_id)
            url = d.url if d and d.url and _HTTP.match(d.url) else ""
            self._index[doc_id] = len(self.rows)
            self.rows.append({"id": doc_id, "title": (d.title if d else None) or "",
                              "date": (d.date if d else None) or "", "url": url})
        return self._index[doc_id]


class _TextTable:
    """Evidence sentences stored once: one sentence often supports several relations."""

    def __init__(self) -> None:
        self._index: dict[str, int] = {}
        self.rows: list[str] = []

    def index(self, text: str) -> int:
        if text not in self._index:
            self._index[text] = len(self.rows)
            self.rows.append(text)
        return self._index[text]
