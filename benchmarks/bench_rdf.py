#!/usr/bin/env python3
"""Benchmark the RDF export and SPARQL at scale (not a test; run by hand).

    python benchmarks/bench_rdf.py                     # ~20k and ~1M triples
    python benchmarks/bench_rdf.py --triples 1000000 --rdflib-query-max 0

For each size it builds a synthetic KnowledgeGraph (entities, relations with
assertions, documents, statements), then times: export to nt / ttl / trig /
jsonld, rdflib load of graph.nt, pyoxigraph load (the `kg query` store), and three
queries (count by predicate, a 2-hop join, a label lookup) with pyoxigraph and,
below --rdflib-query-max triples, rdflib. Prints seconds, triples/s and peak RSS.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.export.rdf import write_rdf  # noqa: E402
from kg.graph import KnowledgeGraph  # noqa: E402
from kg.model import Assertion, DocumentInfo, Entity, Statement  # noqa: E402
from kg.query import ensure_store, run_query  # noqa: E402

PREFIX = ("PREFIX kg: <https://w3id.org/kg-diplo/ontology#>\n"
          "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n")
QUERIES = {
    "count by predicate": PREFIX + "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p",
    "2-hop join": PREFIX + """SELECT ?a ?c WHERE {
        ?a kg:met ?b . ?b kg:affiliation ?c . ?c a kg:Country } LIMIT 100000""",
    "label lookup": PREFIX + 'SELECT ?e ?l WHERE { ?e rdfs:label "中国"@zh ; rdfs:label ?l }',
}
CHARS = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
CLASSES = ("Person", "Country", "Place", "Organization", "Project", "Initiative", "Event")
PREDS = {  # predicate -> (subject class, object class)
    "met": ("Person", "Person"), "visited": ("Person", "Country"), "affiliation": ("Person", "Country"),
    "participatedIn": ("Person", "Event"), "hosted": ("Country", "Event"), "heldIn": ("Event", "Place"),
    "locatedIn": ("Project", "Country"), "partOf": ("Project", "Initiative"),
    "memberOf": ("Country", "Organization"), "joined": ("Country", "Initiative"),
    "signed": ("Country", "Project"), "position": ("Person", None),
}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def synthetic_kg(target_triples: int, seed: int = 42) -> KnowledgeGraph:
    """About ``target_triples`` triples: ~7 per entity, ~13 per relation, ~6 per document."""
    rnd = random.Random(seed)
    unit = max(1, target_triples // 40)  # 1 unit ≈ 40 triples
    n_ent, n_rel, n_doc, n_st = unit * 2, unit * 2, max(2, unit // 10), max(1, unit // 10)
    kg = KnowledgeGraph()
    docs = [f"doc-{i:06d}.txt" for i in range(n_doc)]
    for i, d in enumerate(docs):
        kg.add_document(DocumentInfo(id=d, source=d, format="text", title=f"标题{i}",
                                     date=f"20{10 + i % 15}-{1 + i % 12:02d}-{1 + i % 28:02d}"))
    by_cls: dict[str, list[str]] = {c: [] for c in CLASSES}
    kg.add_entity(Entity("country/CN", "Country", "中国", "China", {"中方"}, {"wikidata": "Q148"}, 99,
                         set(docs[:3]), curated=True))
    by_cls["Country"].append("country/CN")
    for i in range(n_ent):
        cls = CLASSES[i % len(CLASSES)] if i % 10 else "Person"
        name = "".join(rnd.choice(CHARS) for _ in range(3)) + str(i)
        eid = f"{cls.lower()}/{i:08x}"
        kg.add_entity(Entity(eid, cls, name, f"Name {i}", {name + "氏"}, {}, rnd.randint(1, 50),
                             {rnd.choice(docs), rnd.choice(docs)},
                             date="2023-10" if cls == "Event" else None))
        by_cls[cls].append(eid)
    made = 0
    while made < n_rel:
        p = rnd.choice(list(PREDS))
        scls, ocls = PREDS[p]
        s = rnd.choice(by_cls[scls])
        o = rnd.choice(["外交部长", "总统", "总理", "发言人"]) if ocls is None else rnd.choice(by_cls[ocls])
        if s == o:
            continue
        doc = rnd.choice(docs)
        start = rnd.randrange(0, 5000)
        kg.add_relation(s, p, o, Assertion(doc, f"证据句{made}：{s}与{o}。", start, start + 30,
                                           round(rnd.random(), 3), "rule", "2024-05-06"))
        if made % 20 == 0:
            kg.add_relation(s, p, o, Assertion(None, "curated", confidence=1.0, method="reference",
                                               source_file="bench.csv"))
        made += 1
    people = by_cls["Person"]
    for i in range(n_st):
        kg.statements.append(Statement(f"{docs[i % n_doc]}#s{i}", docs[i % n_doc], rnd.choice(people),
                                       f"发言{i}。", 0, 10, mentions=[rnd.choice(by_cls["Country"])],
                                       date="2024-03-07"))
    return kg


def timed(label: str, fn, n: int | None = None):
    t = time.perf_counter()
    out = fn()
    dt = time.perf_counter() - t
    rate = f"{n / dt:>12,.0f} triples/s" if n else " " * 21
    print(f"  {label:36s} {dt:9.2f} s  {rate}  peak RSS {peak_rss_mb():8.0f} MB", flush=True)
    return out, dt


def bench(target: int, rdflib_query_max: int, rdflib_load_max: int, keep: Path | None) -> None:
    print(f"\n== synthetic graph, target {target:,} triples")
    kg, _ = timed("build KnowledgeGraph", lambda: synthetic_kg(target))
    print(f"  {kg!r}")
    out = keep or Path(tempfile.mkdtemp(prefix="bench-rdf-"))
    try:
        for fmt in ("nt", "ttl", "trig", "jsonld"):
            timed(f"export {fmt} (alone)", lambda f=fmt, g=kg: write_rdf(g, out, formats=(f,)))
        timed("export all four (one call)", lambda g=kg: write_rdf(g, out))
        n = sum(1 for _ in (out / "graph.nt").open("rb"))
        sizes = ", ".join(f"{p.name} {p.stat().st_size / 1e6:.1f} MB" for p in sorted(out.glob("graph.*")))
        print(f"  graph.nt: {n:,} triples; {sizes}")
        del kg

        timed("pyoxigraph load (graph.trig, disk)", lambda: ensure_store(out), n)
        ox_times = {}
        for name, sparql in QUERIES.items():
            res, dt = timed(f"pyoxigraph query: {name}", lambda s=sparql: run_query(out, s))
            ox_times[name] = (len(res), dt)
        print("  rows: " + ", ".join(f"{k} {v[0]}" for k, v in ox_times.items()))

        if n <= rdflib_load_max:
            import rdflib

            g = rdflib.Graph()
            timed("rdflib load graph.nt", lambda: g.parse(out / "graph.nt", format="nt"), n)
            if n <= rdflib_query_max:
                rows = {}
                for name, sparql in QUERIES.items():
                    res, _ = timed(f"rdflib query: {name}", lambda s=sparql: list(g.query(s)))
                    rows[name] = len(res)
                print("  rows: " + ", ".join(f"{k} {v}" for k, v in rows.items())
                      + "  (oxigraph counts a fact once per graph that holds it)")
            else:
                print(f"  rdflib queries skipped ({n:,} > --rdflib-query-max {rdflib_query_max:,})")
            del g
        else:
            print(f"  rdflib load skipped ({n:,} > --rdflib-load-max {rdflib_load_max:,})")
    finally:
        if keep is None:
            shutil.rmtree(out, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--triples", default="20000,1000000", help="comma-separated target sizes")
    ap.add_argument("--rdflib-query-max", type=int, default=250_000,
                    help="skip rdflib queries above this many triples (they are very slow)")
    ap.add_argument("--rdflib-load-max", type=int, default=2_000_000, help="skip rdflib load above this")
    ap.add_argument("--keep", type=Path, help="write the exports here and keep them")
    a = ap.parse_args(argv)
    print(f"python {sys.version.split()[0]}")
    for size in (int(s) for s in a.triples.split(",") if s.strip()):
        bench(size, a.rdflib_query_max, a.rdflib_load_max, a.keep / str(size) if a.keep else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
