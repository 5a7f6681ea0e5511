"""What each mention rule contributes on a corpus (issue 17): prints a table, asserts nothing.

    python benchmarks/ablate_rules.py CORPUS [CORPUS ...] [--rule NAME ...]
        [--score GOLD_DIR] [--score-root ROOT]

For every registered rule, the corpus's mentions are found with that rule
left out: mentions lost and gained, sentences changed and a few lost mentions
(``kg rules --ablate`` prints the same table). ``--score`` also builds the
seeds with ``kg build --no-cache`` once per rule left out
(``$KG_DISABLE_RULES``) and scores them against the gold annotations
(../shared/eval/score.py): the entity micro F1 without each rule. A file
named ``*.lines.txt`` is read as one document per line.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def entity_f1(gold: Path, root: Path, disabled: str) -> float:
    """Entity micro F1 of the score script with ``disabled`` rules left out of the build."""
    env = dict(os.environ, KG_DISABLE_RULES=disabled)
    out = subprocess.run(
        [sys.executable, str(gold.parent / "score.py"), "--gold-dir", str(gold), "--root", str(root),
         "--build", f"{sys.executable} -m kg build {{input}} --out {{out}} --no-cache"],
        env=env, capture_output=True, text=True, check=True).stdout
    section = out.split("entities", 1)[1].split("relations", 1)[0]
    m = re.search(r"MICRO\s+\d+\s+\d+\s+\d+\s+[\d.]+\s+[\d.]+\s+([\d.]+)", section)
    if not m:
        raise RuntimeError(f"no entity MICRO line in the score output:\n{out}")
    return float(m.group(1))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="+")
    ap.add_argument("--rule", action="append", help="only these rules (default: all)")
    ap.add_argument("--score", type=Path, help="gold folder of the seed score, e.g. ../shared/eval/gold")
    ap.add_argument("--score-root", type=Path, default=ROOT, help="project root the score script builds from")
    a = ap.parse_args()

    from kg.nlp.mentions.ablation import ablate, format_effects, read_corpus

    total, effects = ablate(read_corpus(a.corpus), a.rule)
    f1 = None
    if a.score:
        f1 = {"(none)": entity_f1(a.score.resolve(), a.score_root, "")}
        print(f"entity F1 with every rule: {f1['(none)']:.3f}", flush=True)
        for e in effects:
            f1[e.rule] = entity_f1(a.score.resolve(), a.score_root, e.rule)
            print(f"  without {e.rule}: {f1[e.rule]:.3f}", flush=True)
    print(format_effects(total, effects, f1))


if __name__ == "__main__":
    main()
