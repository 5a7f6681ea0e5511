"""The HTML viewer in headless Chromium, with every outside request blocked.

CI installs Debian's chromium and Playwright (.ci/run); on a machine without
them these tests skip. Playwright's own browser download is never used.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.graph import KnowledgeGraph
from kg.view import write_html

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: apt-get install -y chromium (CI does this in .ci/run)")
    if importlib.util.find_spec("playwright") is None:
        pytest.skip("playwright not installed: pip install playwright (no `playwright install` needed)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Viewer:
    """A page that records console errors and every attempt to leave file://."""

    def __init__(self, page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.outside: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", self._seen)
        page.route("**/*", self._route)

    def _seen(self, request) -> None:
        if not request.url.startswith(("file://", "data:")) and request.url not in self.outside:
            self.outside.append(request.url)

    def _route(self, route) -> None:
        if route.request.url.startswith(("file://", "data:")):
            route.continue_()
        else:
            if route.request.url not in self.outside:
                self.outside.append(route.request.url)
            route.abort()

    def open(self, path: Path, timeout: float = 30_000) -> None:
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.kgView && window.kgView.ready", timeout=timeout)

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def node_point(self, node_id: str) -> tuple[float, float]:
        """Page coordinates of a node's centre, after zooming onto it."""
        self.js("id => kgView.network.focus(id, {scale: 1.6, animation: false})", node_id)
        self.page.wait_for_timeout(100)
        return tuple(self.js("""id => {
            const p = kgView.network.canvasToDOM(kgView.network.getPositions([id])[id]);
            const r = document.getElementById('kg-graph').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }""", node_id))

    def assert_clean(self) -> None:
        assert self.outside == [], f"the page tried to reach the network: {self.outside}"
        assert self.errors == [], f"console errors: {self.errors}"


@pytest.fixture
def viewer(browser) -> Iterator[Viewer]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        yield Viewer(context.new_page())
    finally:
        context.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[KnowledgeGraph, Path]:
    """The seeds' graph and the build's own graph.html once the pipeline exists,
    else the hand-made small graph."""
    if importlib.util.find_spec("kg.pipeline") is not None:
        from kg.pipeline import build_to_dir

        root = Path(__file__).resolve().parent.parent
        out = tmp_path_factory.mktemp("seeds-build")
        build_to_dir([root / "seeds"], out, formats=("html",))
        return KnowledgeGraph.load(out), out / "graph.html"
    from conftest import make_small_kg

    kg = make_small_kg()
    return kg, write_html(kg, tmp_path_factory.mktemp("view") / "graph.html")


@pytest.fixture(scope="module")
def graph(built: tuple[KnowledgeGraph, Path]) -> KnowledgeGraph:
    return built[0]


@pytest.fixture(scope="module")
def graph_html(built: tuple[KnowledgeGraph, Path]) -> Path:
    return built[1]


def _evidenced_node(kg: KnowledgeGraph) -> str:
    """The entity with the most document-backed relations (so it has evidence to show)."""
    count: dict[str, int] = {}
    for r in kg.relations.values():
        if any(a.doc_id for a in r.assertions):
            for end in (r.subject, r.object):
                if end in kg.entities:
                    count[end] = count.get(end, 0) + 1
    return max(sorted(count), key=lambda e: count[e])


def test_loads_and_draws(viewer: Viewer, graph: KnowledgeGraph, graph_html: Path) -> None:
    viewer.open(graph_html)
    assert viewer.js("document.querySelectorAll('#kg-graph canvas').length") == 1
    # the first view is the overview: the most important entities, not the whole graph
    drawn = viewer.js("kgView.nodes.getIds()")
    assert 0 < len(drawn) <= 60 < len(graph.entities)
    top = max(graph.entities.values(), key=lambda e: e.mentions)
    assert top.id in drawn
    assert viewer.js("document.characterSet") == "UTF-8"
    assert "人物" in viewer.js("document.getElementById('kg-legend').textContent")
    viewer.assert_clean()


@pytest.mark.parametrize("query", ["China–Laos Railway", "china-laos railway", "中老鐵路", "中老铁路"])
def test_search_finds_railway(viewer: Viewer, graph: KnowledgeGraph, graph_html: Path, query: str) -> None:
    railway = graph.find("中老铁路")
    assert railway, "the graph has no 中老铁路"
    viewer.open(graph_html)
    viewer.page.fill("#kg-search-input", query)
    first = viewer.page.locator("#kg-search-results li").first
    assert first.get_attribute("data-node") == railway[0].id
    viewer.page.press("#kg-search-input", "Enter")
    assert viewer.js("kgView.network.getSelectedNodes()") == [railway[0].id]
    assert viewer.page.locator("#kg-panel").is_visible()
    assert viewer.page.locator("#kg-panel h2").first.text_content() == "中老铁路"
    viewer.assert_clean()


def test_click_node_shows_evidence(viewer: Viewer, graph: KnowledgeGraph, graph_html: Path) -> None:
    node = _evidenced_node(graph)
    viewer.open(graph_html)
    x, y = viewer.node_point(node)
    # two hubs can be drawn on top of each other: the click selects the one on top
    on_top = viewer.js("""id => kgView.network.getNodeAt(
        kgView.network.canvasToDOM(kgView.network.getPositions([id])[id]))""", node)
    if on_top != node and any(a.doc_id for r in graph.relations_of(on_top) for a in r.assertions):
        node = on_top
    viewer.page.mouse.click(x, y)
    assert viewer.js("kgView.network.getSelectedNodes()") == [node]
    panel = viewer.page.locator("#kg-panel")
    assert panel.is_visible()
    quotes = panel.locator("blockquote").all_text_contents()
    evidence = {a.evidence for r in graph.relations_of(node) for a in r.assertions if a.doc_id}
    assert evidence & set(quotes), f"no evidence sentence of {node} in the panel"
    titles = {d.title for d in graph.documents.values() if d.title}
    assert any(t in panel.text_content() for t in titles)
    # Drawn neighbours stay lit, the rest is dimmed.
    lit = {node} | {e for r in graph.relations_of(node) if not r.literal and r.factual for e in (r.subject, r.object)}
    drawn = set(viewer.js("kgView.nodes.getIds()"))
    assert viewer.js("kgView.nodes.get().filter(n => n.color && n.color.background.startsWith('rgba')).length") \
        == len(drawn - lit)
    viewer.assert_clean()


def test_edge_panel_and_language_toggle(viewer: Viewer, graph: KnowledgeGraph, graph_html: Path) -> None:
    viewer.open(graph_html)
    edge = viewer.js("kgView.data.edgeInfo.find(e => e.a.some(a => a.d >= 0)).id")
    viewer.js("id => kgView.selectEdge(id)", edge)
    assert viewer.page.locator("#kg-panel blockquote").count() >= 1
    viewer.page.click("#kg-lang")
    assert viewer.js("document.documentElement.lang") == "en"
    assert "Person" in viewer.js("document.getElementById('kg-legend').textContent")
    labelled = [e for e in graph.entities.values() if e.label_en]
    assert viewer.js("id => kgView.nodes.get(id).label", labelled[0].id) == labelled[0].label_en
    viewer.page.click("#kg-lang")
    assert viewer.js("id => kgView.nodes.get(id).label", labelled[0].id) == labelled[0].label
    # Relation names: Chinese by default, English after the toggle, gone when switched off.
    drawn = "id => kgView.network.body.edges[id].labelModule.elementOptions.label"
    met = viewer.js("kgView.data.edgeInfo.find(e => e.p === 'met' && !e.mod.length).id")
    viewer.js("id => kgView.selectEdge(id)", met)  # draws it when the overview does not
    # a graph above EDGE_LABEL_LIMIT edges starts with relation names hidden
    viewer.page.check("#kg-edge-labels")
    assert viewer.js(drawn, met) == "会见"
    viewer.page.click("#kg-lang")
    assert viewer.js(drawn, met) == "met"
    viewer.page.uncheck("#kg-edge-labels")
    assert viewer.js(drawn, met).strip() == ""
    viewer.assert_clean()


def test_filters(viewer: Viewer, tmp_path: Path) -> None:
    from conftest import make_small_kg

    viewer.open(write_html(make_small_kg(), tmp_path / "g.html"))
    hidden = "kgView.nodes.get().filter(n => n.hidden).map(n => n.id).sort()"
    viewer.page.uncheck("#kg-legend input[data-value=Country]")
    assert viewer.js(hidden) == ["country/CN", "country/LA"]  # 美国 has no link: listed, not drawn
    viewer.page.click("#kg-reset")
    assert viewer.js(hidden) == []
    viewer.page.uncheck("#kg-relations input[data-value=met]")
    assert viewer.js("kgView.edges.get().filter(e => e.hidden).map(e => e.label)") == ["会见"]
    viewer.page.click("#kg-reset")
    viewer.page.select_option("#kg-doc", label="2024-03-07 记者会")
    shown = "kgView.nodes.get().filter(n => !n.hidden).map(n => n.id).sort()"
    assert "person/a1b2c3d4e5f6" not in viewer.js(shown)  # only in news-1.txt
    assert "event/0f0e0d0c0b0a" in viewer.js(shown)
    viewer.page.click("#kg-reset")
    viewer.page.fill("#kg-date-from", "2024-01-01")
    viewer.page.dispatch_event("#kg-date-from", "change")
    assert viewer.js("kgView.edges.get().filter(e => !e.hidden).map(e => e.label).sort()") == \
        sorted(["会见", "隶属", "访问", "位于", "位于"])  # curated-only 万象→老挝 has no date
    viewer.assert_clean()


def test_hostile_text_is_shown_not_run(viewer: Viewer, tmp_path: Path) -> None:
    from test_view import IMG, SCRIPT, hostile_kg

    viewer.open(write_html(hostile_kg(), tmp_path / "evil.html"))
    viewer.page.fill("#kg-search-input", "恶意")
    assert IMG in viewer.page.locator("#kg-search-results li").first.text_content()
    x, y = viewer.node_point("person/evil")
    viewer.page.mouse.move(x, y)
    viewer.page.wait_for_timeout(400)
    tip = viewer.page.locator("div.vis-tooltip")
    assert IMG in tip.text_content() and tip.locator("img").count() == 0
    viewer.page.mouse.click(x, y)
    panel = viewer.page.locator("#kg-panel")
    text = panel.text_content()
    assert IMG in text and SCRIPT in text and "</script><!--" in text
    assert panel.locator("img, script, iframe").count() == 0
    assert viewer.js("document.querySelectorAll('img, iframe').length") == 0
    assert viewer.js("document.scripts.length") == 3
    assert viewer.js("Array.from(document.querySelectorAll('a')).every(a => /^https:/.test(a.href))")
    viewer.page.wait_for_timeout(200)
    assert viewer.js("typeof window.__pwned") == "undefined"
    viewer.assert_clean()


def test_two_thousand_nodes_become_interactive(viewer: Viewer, tmp_path: Path) -> None:
    from test_view import big_kg

    kg = big_kg(2000)
    path = write_html(kg, tmp_path / "big.html")
    start = time.perf_counter()
    viewer.open(path, timeout=60_000)
    wall = time.perf_counter() - start
    first_draw_ms = viewer.js("kgView.firstDrawMs")
    print(f"\n2,000 nodes / {len(kg.relations)} relations: first draw {first_draw_ms / 1000:.2f} s "
          f"after navigation, {wall:.2f} s wall")
    assert first_draw_ms < 15_000
    assert viewer.js("kgView.network.physics.options.enabled") is False
    assert viewer.js("kgView.nodes.length") <= 60  # the overview, not 2,000 unreadable nodes
    # Interactive: a search selects and focuses a node right away.
    viewer.page.fill("#kg-search-input", "Entity 1234")
    viewer.page.press("#kg-search-input", "Enter")
    assert viewer.js("kgView.network.getSelectedNodes()") == [
        next(e.id for e in kg.entities.values() if e.label_en == "Entity 1234")]
    # focusing drew its neighbourhood; expanding a hub adds its neighbours next to it
    before = viewer.js("kgView.nodes.length")
    hub = viewer.js("kgView.data.meta.overview[0]")
    assert viewer.js("id => kgView.expand(id)", hub) > 0
    assert viewer.js("kgView.nodes.length") > before
    viewer.assert_clean()
