"""What each mention rule contributes on a corpus: mentions with every rule,
then with each rule left out in turn.

The corpus is analysed once (sentences, LAC words); only the rules are re-run,
so an ablation of all rules costs a few passes of the rule stage. A rule that
changes one sentence of a large corpus shows as such (``sentences`` column).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.model import Document, Mention
from kg.nlp.sentences import tokens_by_sentence

Key = tuple[str, int, int, str]  # document, start, end, label


@dataclass
class RuleEffect:
    rule: str
    priority: int
    proposed: int = 0  # candidates the rule proposed
    lost: int = 0  # mentions found with every rule but not without this one
    gained: int = 0  # mentions found only without it
    sentences: int = 0  # sentences whose mentions change
    examples: list[str] = field(default_factory=list)  # a few lost mentions, for the reader


def read_corpus(paths: Iterable[str | Path]) -> list[Document]:
    """Documents of files or folders (kg's readers); a ``.txt`` file whose name
    ends in ``.lines.txt`` is one document per line."""
    from kg.ingest import read_paths

    docs: list[Document] = []
    plain: list[Path] = []
    for p in map(Path, paths):
        if p.is_file() and p.name.endswith(".lines.txt"):
            lines = [t for t in p.read_text(encoding="utf-8").split("\n") if t.strip()]
            docs += [Document(id=f"{p.name}:{i + 1}", source=str(p), text=t, format="text") for i, t in enumerate(lines)]
        else:
            plain.append(p)
    if plain:
        found, _problems = read_paths(plain)
        docs += found
    return docs


def ablate(documents: Sequence[Document], only: Sequence[str] | None = None) -> tuple[int, list[RuleEffect]]:
    """(mentions with every rule, one effect per rule left out)."""
    from kg.nlp.gazetteer import default_gazetteer
    from kg.nlp.lexicon import default_lexicon
    from kg.nlp.mentions import MentionFinder, disambiguate_abbreviations, rules
    from kg.nlp.pipeline import analyze
    from kg.reference import default_reference

    ref, gaz, lex = default_reference(), default_gazetteer(), default_lexicon()
    analysed = list(analyze(list(documents)))
    work = [(a, s, toks) for a in analysed for by in [tokens_by_sentence(a)] for s in a.sentences
            for toks in [by.get(s.index, [])]]

    def run(disabled: tuple[str, ...]) -> tuple[dict[tuple[str, int], set[Key]], dict[str, int]]:
        finder = MentionFinder(ref, gaz, lex, disabled=disabled)
        per_sentence: dict[tuple[str, int], set[Key]] = {}
        proposed: dict[str, int] = {}
        by_doc: dict[str, list[Mention]] = {}
        for a, s, toks in work:
            found = finder.find(s, a.norm, toks)
            by_doc.setdefault(a.document.id, []).extend(found)
            for name, cands in finder.candidates(finder.context(s, a.norm, toks)).items():
                proposed[name] = proposed.get(name, 0) + len(cands)
        for a, s, _toks in work:
            per_sentence.setdefault((a.document.id, s.index), set())
        for doc_id, ms in by_doc.items():
            disambiguate_abbreviations(ms, finder)
            for m in ms:
                per_sentence.setdefault((doc_id, m.sentence if m.sentence is not None else -1), set()).add(
                    (doc_id, m.start, m.end, m.label))
        return per_sentence, proposed

    full, proposed = run(())
    total = sum(len(v) for v in full.values())
    texts = {a.document.id: a.document.text for a in analysed}
    effects = []
    for r in rules(parts=True):
        if only and r.name not in only:
            continue
        without, _ = run((r.name,))
        e = RuleEffect(r.name, r.priority, proposed.get(r.name, -1))
        for key, ms in full.items():
            other = without.get(key, set())
            lost, gained = ms - other, other - ms
            e.lost += len(lost)
            e.gained += len(gained)
            if lost or gained:
                e.sentences += 1
            for doc_id, start, end, label in sorted(lost):
                if len(e.examples) < 3:
                    e.examples.append(f"{texts[doc_id][start:end]}/{label}")
        effects.append(e)
    return total, effects


def format_effects(total: int, effects: Sequence[RuleEffect], f1: dict[str, float] | None = None) -> str:
    """A plain-text table, most contributing rule first."""
    head = f"{'rule':32s} {'prio':>4s} {'proposed':>8s} {'lost':>6s} {'gained':>6s} {'sentences':>9s}"
    if f1 is not None:
        head += f" {'entity F1 without':>17s}"
    lines = [f"mentions with every rule: {total}", head]
    for e in sorted(effects, key=lambda e: (-e.lost - e.gained, e.rule)):
        proposed = f"{e.proposed:8d}" if e.proposed >= 0 else f"{'(part)':>8s}"
        prio = f"{e.priority:4d}" if e.priority >= 0 else f"{'':4s}"
        row = f"{e.rule:32s} {prio} {proposed} {e.lost:6d} {e.gained:6d} {e.sentences:9d}"
        if f1 is not None:
            row += f" {f1.get(e.rule, float('nan')):17.3f}"
        lines.append(row + ("   e.g. " + ", ".join(e.examples) if e.examples else ""))
    return "\n".join(lines)
