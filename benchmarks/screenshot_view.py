"""Take docs/screenshot.png: the seeds' graph (or the test graph) in headless Chromium.

    python benchmarks/screenshot_view.py [--out docs/screenshot.png] [--select 中老铁路]

Uses Debian's /usr/bin/chromium through Playwright with every non-file://
request aborted, so the picture is what an offline user sees.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


def graph_html(tmp: Path) -> Path:
    """Build the seeds when the pipeline is there; otherwise the shared test graph."""
    sys.path.insert(0, str(ROOT))
    if importlib.util.find_spec("kg.pipeline") is not None and (ROOT / "seeds").is_dir():
        from kg.pipeline import build_to_dir

        build_to_dir([ROOT / "seeds"], tmp, formats=("html",))
        return tmp / "graph.html"
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import make_small_kg

    from kg.view import write_html

    return write_html(make_small_kg(), tmp / "graph.html")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot.png")
    parser.add_argument("--select", default="", help="search this name and open its panel "
                        "(default: none, the first view a user sees)")
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=900)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        html = graph_html(Path(tmp))
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": args.height})
        outside: list[str] = []
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://")
                   else (outside.append(r.request.url), r.abort()))
        page.goto(html.as_uri())
        page.wait_for_function("window.kgView && window.kgView.ready", timeout=60_000)
        if args.select:
            page.fill("#kg-search-input", args.select)
            page.press("#kg-search-input", "Enter")
            # Frame the selection's neighbourhood with some context around it.
            page.evaluate("""() => {
                const net = kgView.network;
                const id = net.getSelectedNodes()[0];
                net.fit({nodes: [id, ...net.getConnectedNodes(id)], animation: false});
                net.moveTo({scale: net.getScale() * 0.7, animation: false});
            }""")
        page.wait_for_timeout(800)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(args.out))
        browser.close()
    if outside:
        raise SystemExit(f"the page tried to reach the network: {outside}")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
