#!/usr/bin/env python3
"""Time every example query (ontology/queries/*.rq) on the seed build (not a test).

    python benchmarks/bench_queries.py [--build out/] [--repeat 5]

Builds the seeds into a temporary folder unless --build names an existing
build, loads the Oxigraph store once (as `kg query` does on first use), then
runs each query --repeat times and prints rows and the best and median time.
Exits 1 if a query's median is 1 s or more: each example must answer in under 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.query import run_query  # noqa: E402

LIMIT = 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", type=Path, help="an existing seed build (else built here)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        build = args.build
        if build is None:
            from kg.pipeline import build_to_dir

            build = Path(tmp)
            t0 = time.perf_counter()
            build_to_dir([ROOT / "seeds"], build, formats=("trig",))
            print(f"seed build: {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        run_query(build, "ASK { ?s ?p ?o }")
        print(f"store load: {time.perf_counter() - t0:.2f} s")
        slow = []
        print(f"{'query':45} {'rows':>5} {'best':>8} {'median':>8}")
        for path in sorted((ROOT / "ontology" / "queries").glob("*.rq")):
            text = path.read_text(encoding="utf-8")
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                rows = run_query(build, text).values()
                times.append(time.perf_counter() - t0)
            median = statistics.median(times)
            print(f"{path.name:45} {len(rows):5d} {min(times) * 1000:6.1f}ms {median * 1000:6.1f}ms")
            if median >= LIMIT:
                slow.append(path.name)
    if slow:
        raise SystemExit(f"over {LIMIT} s: {', '.join(slow)}")


if __name__ == "__main__":
    main()
