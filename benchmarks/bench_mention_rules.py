"""Time of the mention rules on a corpus, per rule: prints figures, asserts nothing.

    python benchmarks/bench_mention_rules.py [PATH ...] [--repeat 3] [--profile]

The text is analysed once (sentences, LAC words); then every sentence's
mentions are found ``--repeat`` times and the best time is kept, for the
whole finder (``find``) and for ``from_patterns`` alone (the head-word rule,
a third of the build time before its suffixes were compiled: issue 15).
With ``--profile`` it also counts ``str.endswith`` calls during one pass of
``from_patterns``. Run it against an older checkout with
``PYTHONPATH=<checkout>`` to compare (the finder's public methods are the same).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="*", default=[str(ROOT / "seeds")],
                    help="files or folders of text; a .txt file is read one document per line")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", action="store_true")
    a = ap.parse_args()

    from kg.model import Document
    from kg.nlp.gazetteer import default_gazetteer
    from kg.nlp.lexicon import default_lexicon
    from kg.nlp.mentions import MentionFinder
    from kg.nlp.pipeline import analyze
    from kg.nlp.sentences import tokens_by_sentence
    from kg.reference import default_reference

    texts: list[str] = []
    for p in map(Path, a.paths):
        files = sorted(p.rglob("*.txt")) if p.is_dir() else [p]
        for f in files:
            body = f.read_text(encoding="utf-8")
            texts += [t for t in body.split("\n") if t.strip()] if p.is_file() else [body]
    docs = [Document(id=f"d{i}", source="bench", text=t, format="text") for i, t in enumerate(texts)]
    analysed = list(analyze(docs, batch_size=64))
    finder = MentionFinder(default_reference(), default_gazetteer(), default_lexicon())
    work = []
    for an in analysed:
        by_sentence = tokens_by_sentence(an)
        for s in an.sentences:
            toks = by_sentence.get(s.index, [])
            rel = [(t.start - s.start, t.end - s.start, t.tag) for t in toks]
            work.append((s, an.norm, toks, an.norm[s.start:s.end], rel))
    chars = sum(len(w[3]) for w in work)
    print(f"{len(docs)} documents, {len(work)} sentences, {chars} characters")

    def best(fn) -> float:
        times = []
        for _ in range(a.repeat):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        return min(times)

    def all_patterns() -> None:
        for _s, _norm, _toks, text, rel in work:
            finder.from_patterns(text, rel)

    def all_find() -> None:
        for s, norm, toks, _text, _rel in work:
            finder.find(s, norm, toks)

    tp, tf = best(all_patterns), best(all_find)
    print(f"from_patterns: {tp:.3f}s ({chars / tp:,.0f} chars/s)")
    print(f"find (all rules): {tf:.3f}s ({chars / tf:,.0f} chars/s)")
    try:
        from kg.nlp.mentions import Context
    except ImportError:
        Context = None  # an older checkout: no registry
    if Context is not None:
        per: dict[str, float] = {r.name: 0.0 for r in finder.rules}
        for _s, _norm, _toks, text, rel in work:
            ctx = Context(text=text, original=text, tokens=rel,
                          bounds={0, len(text)} | {t[0] for t in rel} | {t[1] for t in rel},
                          hits=finder.gaz.find(text))
            for r in finder.rules:
                t = time.perf_counter()
                getattr(finder, r.method)(ctx)
                per[r.name] += time.perf_counter() - t
        for name, sec in sorted(per.items(), key=lambda x: -x[1]):
            print(f"  rule {name:16s} {sec:.3f}s")
    if a.profile:
        prof = cProfile.Profile()
        prof.enable()
        all_patterns()
        prof.disable()
        stats = pstats.Stats(prof)
        calls = sum(v[1] for k, v in stats.stats.items() if k[2] == "<method 'endswith' of 'str' objects>")
        print(f"str.endswith calls in one from_patterns pass: {calls:,}")


if __name__ == "__main__":
    main()
