#!/usr/bin/env python3
"""The viewer at 50,000 nodes and 150,000 edges in headless Chromium (not a test).

    python benchmarks/bench_viewer.py [--nodes 50000] [--edges 150000]

Builds a synthetic graph (hubs and a long tail, like a real corpus), writes
graph.html, opens it in Debian's /usr/bin/chromium with every non-file://
request aborted, and prints: Python time to write the page, page size, time
from navigation to an interactive overview, and the in-page time of a search,
a focus (select + expand the neighbourhood) and a second expansion. The issue's
targets: open < 5 s, search / focus / expand < 1 s.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.graph import KnowledgeGraph  # noqa: E402
from kg.model import CLASSES, PROPERTIES, Assertion, DocumentInfo, Entity  # noqa: E402
from kg.view import write_html  # noqa: E402

ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


def synthetic(n: int, m: int, seed: int = 1) -> KnowledgeGraph:
    """``n`` entities, about ``m`` relations: preferential attachment, so a few hubs and a long tail."""
    rng = random.Random(seed)
    kg = KnowledgeGraph()
    for d in range(200):
        kg.add_document(DocumentInfo(id=f"d{d}.txt", source=f"d{d}.txt", format="text",
                                     title=f"文档{d}", date=f"20{10 + d % 14}-{d % 12 + 1:02d}-15"))
    ids = []
    for i in range(n):
        cls = CLASSES[i % len(CLASSES)]
        ids.append(f"{cls.lower()}/n{i:05d}")
        kg.add_entity(Entity(ids[-1], cls, f"实体{i}", f"Entity {i}", {f"別名{i}"}, {}, rng.randint(1, 20),
                             {f"d{rng.randrange(200)}.txt"}))
    props = [p for p in PROPERTIES if p != "position"]
    ends: list[int] = []  # every edge end once: choosing from it is preferential attachment
    while len(kg.relations) < m:
        i = rng.randrange(n)
        j = rng.choice(ends) if ends and rng.random() < 0.7 else rng.randrange(n)
        if i == j:
            continue
        d = rng.randrange(200)
        text = f"实体{i}与实体{j}的关系。"
        kg.add_relation(ids[i], rng.choice(props), ids[j],
                        Assertion(f"d{d}.txt", text, 0, len(text), 0.8, "rule", f"20{10 + d % 14}-{d % 12 + 1:02d}-15"))
        ends += (i, j)
    return kg


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=50_000)
    parser.add_argument("--edges", type=int, default=150_000)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    t0 = time.perf_counter()
    kg = synthetic(args.nodes, args.edges)
    print(f"synthetic graph: {len(kg.entities)} nodes, {len(kg.relations)} edges ({time.perf_counter() - t0:.1f} s)")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        t0 = time.perf_counter()
        path = write_html(kg, Path(tmp) / "graph.html")
        print(f"write_html: {time.perf_counter() - t0:.1f} s, {path.stat().st_size / 1e6:.1f} MB")
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        outside: list[str] = []
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://")
                   else (outside.append(r.request.url), r.abort()))
        t0 = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_function("window.kgView && window.kgView.ready", timeout=120_000)
        wall = time.perf_counter() - t0
        first = page.evaluate("kgView.firstDrawMs")
        drawn = page.evaluate("kgView.nodes.length")
        print(f"open: interactive overview {first / 1000:.2f} s after navigation ({wall:.2f} s wall), "
              f"{drawn} nodes drawn")
        hub = page.evaluate("kgView.data.meta.overview[0]")
        leaf = f"Entity {args.nodes - 7}"
        timing = page.evaluate("""([leaf, hub]) => {
            const t0 = performance.now();
            const hits = kgView.search(leaf);
            const t1 = performance.now();
            kgView.select(hits[0]);
            const t2 = performance.now();
            const added = kgView.expand(hub);
            const t3 = performance.now();
            return {search: t1 - t0, focus: t2 - t1, expand: t3 - t2, added: added, found: hits[0],
                    drawn: kgView.nodes.length};
        }""", [leaf, hub])
        # the search box, as a user types: input event to results list
        t0 = time.perf_counter()
        page.fill("#kg-search-input", "实体4242")
        page.wait_for_selector("#kg-search-results li")
        typed = time.perf_counter() - t0
        print(f"search '{leaf}': {timing['search']:.0f} ms (typing in the box to results: {typed * 1000:.0f} ms wall)")
        print(f"focus (select + draw its neighbourhood): {timing['focus']:.0f} ms")
        print(f"expand the top hub ({timing['added']} neighbours added): {timing['expand']:.0f} ms; "
              f"{timing['drawn']} nodes drawn")
        browser.close()
    if outside or errors:
        raise SystemExit(f"network: {outside} errors: {errors}")


if __name__ == "__main__":
    main()
