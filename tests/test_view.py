"""The HTML viewer without a browser: offline, escaped, filtered, laid out, deterministic."""

from __future__ import annotations

import json
import random
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kg.graph import KnowledgeGraph
from kg.model import CLASSES, PROPERTIES, Assertion, DocumentInfo, Entity
from kg.view import LAYOUT_THRESHOLD, build_payload, render_html, resolve_focus, write_html
from kg.view.data import fold
from kg.view.html import json_for_script
from kg.view.layout import compute_positions
from kg.view.overview import OVERVIEW_SIZE

IMG = '<img src=x onerror="window.__pwned=1">'
SCRIPT = "<script>window.__pwned=1</script>"


def hostile_kg() -> KnowledgeGraph:
    """Labels, titles, evidence and identifiers an attacker controls."""
    kg = KnowledgeGraph()
    kg.add_document(DocumentInfo(id="evil.html", source="evil.html", format="html",
                                 title=f"标题{IMG}", date="2024-01-02", url="javascript:window.__pwned=1"))
    kg.add_entity(Entity("person/evil", "Person", f"恶意{IMG}", SCRIPT, {f"别名{SCRIPT}", "</script><!--"},
                         {"wikidata": 'Q1"><script>window.__pwned=1</script>'}, 3, {"evil.html"}))
    kg.add_entity(Entity("country/CN", "Country", "中国", "China", set(), {"wikidata": "Q148"}, 9,
                         {"evil.html"}, curated=True))
    evidence = f"证据{IMG}{SCRIPT}\u2028 -->"
    a = Assertion("evil.html", evidence, 0, len(evidence), 0.9, "rule", "2024-01-02")
    kg.add_relation("person/evil", "affiliation", "country/CN", a)
    kg.add_relation("person/evil", "position", f"职务{IMG}", a)
    return kg


def big_kg(n: int, seed: int = 1) -> KnowledgeGraph:
    """A synthetic graph of ``n`` entities with hubs, like a real build's degree spread."""
    rng = random.Random(seed)
    kg = KnowledgeGraph()
    for d in range(20):
        kg.add_document(DocumentInfo(id=f"d{d}.txt", source=f"d{d}.txt", format="text",
                                     title=f"文档{d}", date=f"2023-{d % 12 + 1:02d}-15"))
    ids = []
    for i in range(n):
        cls = CLASSES[i % len(CLASSES)]
        eid = f"{cls.lower()}/n{i:05d}"
        ids.append(eid)
        kg.add_entity(Entity(eid, cls, f"实体{i}", f"Entity {i}", {f"別名{i}"}, {}, rng.randint(1, 20),
                             {f"d{rng.randrange(20)}.txt"}))
    edge_props = [p for p in PROPERTIES if p != "position"]
    for i in range(1, n):
        for j in {rng.randrange(max(1, i // 4)) if rng.random() < 0.5 else rng.randrange(i)}:
            d = rng.randrange(20)
            text = f"实体{i}与实体{j}的关系。"
            kg.add_relation(ids[i], rng.choice(edge_props), ids[j],
                            Assertion(f"d{d}.txt", text, 0, len(text), 0.8, "rule", f"2023-{d % 12 + 1:02d}-15"))
    for _ in range(n // 2):
        i, j = rng.randrange(n), rng.randrange(n)
        if i != j:
            text = f"实体{i}和实体{j}。"
            kg.add_relation(ids[i], rng.choice(edge_props), ids[j],
                            Assertion("d0.txt", text, 0, len(text), 0.7, "rule", "2023-01-15"))
    return kg


def embedded_data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert m, "no embedded data block"
    return json.loads(m.group(1))


class _Resources(HTMLParser):
    """Collects every attribute that could make the browser fetch something."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.scripts_with_src: list[str] = []
        self.links: list[dict] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for key in ("src", "href", "srcset", "poster", "data", "action", "background"):
            if a.get(key):
                self.urls.append(a[key] or "")
        self.scripts += tag == "script"
        if tag == "script" and "src" in a:
            self.scripts_with_src.append(a["src"] or "")
        if tag == "link":
            self.links.append(a)


def test_single_file_without_external_resources(small_kg: KnowledgeGraph, tmp_path: Path) -> None:
    page = write_html(small_kg, tmp_path / "graph.html").read_text(encoding="utf-8")
    parser = _Resources()
    parser.feed(page)
    assert parser.scripts_with_src == []
    assert parser.links == []
    assert not [u for u in parser.urls if re.match(r"\s*(https?:)?//", u, re.I)]
    assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", page, re.I)
    assert "@import" not in page
    for cdn in ("cdnjs", "unpkg.com", "jsdelivr", "bootstrapcdn", "tom-select"):
        assert cdn not in page
    assert "vis.Network" in page and "kgView" in page  # vis-network and the viewer are inlined
    assert parser.scripts == 3  # data, vis-network, viewer
    assert "sourceMappingURL" not in page
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp and "unsafe-eval" not in csp


def test_utf8_on_disk(small_kg: KnowledgeGraph, tmp_path: Path) -> None:
    raw = write_html(small_kg, tmp_path / "sub" / "graph.html").read_bytes()
    assert b'<meta charset="utf-8">' in raw[:1024]
    text = raw.decode("utf-8")  # strict: fails on any non-UTF-8 byte
    assert "中老铁路" in text and "会见" in text
    assert b"\r\n" not in raw


def test_hostile_text_never_becomes_markup(tmp_path: Path) -> None:
    page = write_html(hostile_kg(), tmp_path / "evil.html").read_text(encoding="utf-8")
    assert "<img" not in page.lower()
    assert "window.__pwned=1</script>" not in page
    parser = _Resources()
    parser.feed(page)
    assert parser.scripts == 3 and parser.urls == []
    assert "javascript:window" not in page
    data = embedded_data(page)
    node = next(n for n in data["info"] if n["id"] == "person/evil")
    assert node["zh"] == f"恶意{IMG}" and node["en"] == SCRIPT
    assert "</script><!--" in node["aliases"]
    assert node["positions"][0]["value"] == f"职务{IMG}"
    assert f"证据{IMG}{SCRIPT}\u2028 -->" in data["texts"]
    assert data["docs"][0]["title"] == f"标题{IMG}" and data["docs"][0]["url"] == ""
    assert "url" not in node["ids"][0]  # not a QID: shown as text, never a link


def test_json_for_script_escapes_breakouts() -> None:
    value = {"s": "</script><!-- <script> & \u2028\u2029 \ud800 –"}
    text = json_for_script(value)
    for bad in ("</", "<!--", "<script", "\u2028", "\u2029", "\ud800"):
        assert bad not in text
    assert json.loads(text) == value


def test_title_is_escaped(small_kg: KnowledgeGraph) -> None:
    page = render_html(small_kg, title=f"图{SCRIPT}")
    assert f"<title>图{SCRIPT}" not in page
    assert "<title>图&lt;script&gt;" in page


def test_focus_and_depth(small_kg: KnowledgeGraph) -> None:
    ids = lambda p: {n["id"] for n in p["nodes"]}  # noqa: E731
    one = build_payload(small_kg, focus="王毅", depth=1)
    assert ids(one) == {"person/wang-yi", "person/a1b2c3d4e5f6", "country/CN", "country/LA"}
    assert one["meta"]["focus"] == ["person/wang-yi"]
    two = build_payload(small_kg, focus="王毅", depth=2)
    assert ids(two) == ids(one) | {"project/china-laos-railway", "place/vientiane", "event/0f0e0d0c0b0a"}
    assert all(e["from"] in ids(two) and e["to"] in ids(two) for e in two["edges"])
    assert ids(build_payload(small_kg, focus="王毅", depth=0)) == {"person/wang-yi"}


@pytest.mark.parametrize("name", ["王毅", "王外长", "wang yi", "WANG-YI", "person/wang-yi", "王外長"])
def test_focus_by_any_name(small_kg: KnowledgeGraph, name: str) -> None:
    assert resolve_focus(small_kg, name) == ["person/wang-yi"]


def test_focus_unknown_name(small_kg: KnowledgeGraph) -> None:
    with pytest.raises(ValueError, match="no entity named"):
        build_payload(small_kg, focus="不存在的人")


def test_focus_file_via_cli(small_kg: KnowledgeGraph, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    small_kg.save(tmp_path)
    result = CliRunner().invoke(app, ["view", str(tmp_path), "--focus", "中老铁路", "--depth", "1"])
    assert result.exit_code == 0, result.output
    data = embedded_data((tmp_path / "focus-1.html").read_text(encoding="utf-8"))
    assert {n["id"] for n in data["nodes"]} == {"project/china-laos-railway", "country/CN", "country/LA"}
    result = CliRunner().invoke(app, ["view", str(tmp_path)])
    assert result.exit_code == 0 and (tmp_path / "graph.html").exists()


def test_styles_labels_and_sizes(small_kg: KnowledgeGraph) -> None:
    data = build_payload(small_kg)
    assert [c["id"] for c in data["classes"]] == list(CLASSES)
    assert len({(c["color"], c["shape"]) for c in data["classes"]}) == 7
    assert {e["label"] for e in data["edges"]} == {"会见", "隶属", "访问", "位于", "主办", "属于"}
    assert {r["id"]: r["en"] for r in data["relations"]}["met"] == "met"
    size = {n["id"]: n["size"] for n in data["nodes"]}
    assert size["country/CN"] > size["person/wang-yi"] > size["person/a1b2c3d4e5f6"]
    shapes = {n["id"]: n["shape"] for n in data["nodes"]}
    assert shapes["person/wang-yi"] != shapes["country/CN"]
    info = {n["id"]: n for n in data["info"]}
    assert info["person/wang-yi"]["ids"] == [
        {"k": "wikidata", "v": "Q17048", "url": "https://www.wikidata.org/wiki/Q17048"}]
    assert info["person/wang-yi"]["positions"][0]["value"] == "外交部长"
    assert "中老鐵路" in info["project/china-laos-railway"]["aliases"]
    # Curated-only facts are dashed; a met edge (symmetric) has no arrow.
    met = next(e for e in data["edges"] if e["label"] == "会见")
    assert met["arrows"] == ""


def test_small_graphs_open_whole_without_physics(small_kg: KnowledgeGraph) -> None:
    data = build_payload(small_kg)
    assert data["options"]["physics"] == {"enabled": False}  # positions from Python: no jiggling, same picture
    assert data["meta"]["start"] == "all" and data["meta"]["whole"] is True
    linked = {n["id"] for n in data["info"] if n["degree"]}
    assert {n["id"] for n in data["nodes"] if "x" in n} >= linked
    assert data["meta"]["isolated"] == len(data["info"]) - len(linked) == 2  # 美国, 外交部: statements only


def test_overview_of_a_big_graph() -> None:
    """A big graph opens on its most important entities with their own layout, communities named."""
    kg = big_kg(1500)
    data = build_payload(kg)
    meta = data["meta"]
    assert meta["start"] == "overview"
    first = meta["overview"]
    assert 20 <= len(first) <= OVERVIEW_SIZE + 10
    score = {n["id"]: n["score"] for n in data["info"]}
    best = sorted(score, key=lambda i: -score[i])[:10]
    assert set(best) <= set(first)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert all("ox" in nodes[i] and "oy" in nodes[i] for i in first)
    assert not any("ox" in n for i, n in nodes.items() if i not in first)
    # labels readable at the first screen's scale: overview nodes are not piled up
    pts = [(nodes[i]["ox"], nodes[i]["oy"]) for i in first]
    close = sum(1 for a in range(len(pts)) for b in range(a) if abs(pts[a][0] - pts[b][0]) < 20
                and abs(pts[a][1] - pts[b][1]) < 10)
    assert close <= 2
    comms = data["communities"]
    assert comms and comms[0]["size"] >= comms[-1]["size"]
    assert all(n["community"] >= 0 for n in data["info"] if n["degree"])


def test_modal_relations_are_not_drawn_as_facts(small_kg: KnowledgeGraph) -> None:
    text = "王毅将访问美国。"
    small_kg.add_relation("person/wang-yi", "visited", "country/US",
                          Assertion("news-1.txt", text, 0, len(text), 0.7, "rule", "2024-06", modality="planned"))
    data = build_payload(small_kg)
    (info,) = [e for e in data["edgeInfo"] if e["to"] == "country/US"]
    assert info["mod"] == ["planned"]
    edge = next(e for e in data["edges"] if e["id"] == info["id"])
    assert edge["dashes"] is True
    assert data["meta"]["modal"] == 1
    factual = next(e for e in data["edgeInfo"] if e["p"] == "met")
    assert factual["mod"] == [] and factual["dates"] == ["2024-05-06", "2024-05-06"]


def test_positions_precomputed_above_threshold() -> None:
    kg = big_kg(LAYOUT_THRESHOLD + 100)
    data = build_payload(kg)
    assert data["meta"]["precomputed"] is True
    assert data["options"]["physics"] == {"enabled": False}
    assert data["options"]["layout"]["improvedLayout"] is False
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == len(data["nodes"])


def test_layout_of_thousands_is_quick() -> None:
    kg = big_kg(2000)
    ids = sorted(kg.entities)
    edges = [(r.subject, r.object) for r in kg.relations.values()]
    start = time.perf_counter()
    pos = compute_positions(ids, edges)
    assert time.perf_counter() - start < 20
    assert len(pos) == 2000


@pytest.mark.parametrize("n", [1, 2, 7, 22, 60])
def test_small_layouts_pair_nodes_exactly_as_the_grid_does(n: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Small graphs list close pairs from all pairs at once (kg/view/layout.py): the same pairs in
    the same order as the grid, so the same positions to the last bit."""
    import numpy as np

    from kg.view import layout

    rng = np.random.default_rng(n)
    for scale in (0.5, 3.0, 12.0):
        pos = rng.uniform(-scale, scale, size=(n, 2))
        if n > 2:
            pos[1] = pos[0]  # two nodes on one spot
            pos[2] = (3.0, -6.0)  # on a cell's corner
        got, want = layout._all_pairs(pos, 3.0), layout._grid_pairs(pos, 3.0)
        assert [a.tolist() for a in got] == [a.tolist() for a in want]
    ids = [f"e{i}" for i in range(n)]
    edges = [(f"e{i}", f"e{(i * 7 + 3) % n}") for i in range(n)]
    small = compute_positions(ids, edges)
    monkeypatch.setattr(layout, "_ALL_PAIRS_UP_TO", -1)  # the grid for every size
    assert compute_positions(ids, edges) == small


def test_deterministic(small_kg: KnowledgeGraph) -> None:
    assert render_html(small_kg) == render_html(KnowledgeGraph.from_dict(small_kg.to_dict()))
    kg = big_kg(LAYOUT_THRESHOLD + 50)
    assert render_html(kg) == render_html(big_kg(LAYOUT_THRESHOLD + 50))


def test_fold_ignores_case_dashes_and_spaces() -> None:
    assert fold("China–Laos Railway") == fold("china-laos railway") == fold("CHINA—LAOS  RAILWAY")
    assert fold("安东尼奥·古特雷斯") == fold("安东尼奥古特雷斯")
    assert fold("ＵＮ") == fold("un")
