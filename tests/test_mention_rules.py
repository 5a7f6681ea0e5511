"""Every example of every mention rule (ontology/lexicon/examples/<rule>.yaml).

An accepted mention must be among the sentence's mentions and among the
candidates its rule proposes (so the example shows what that rule does); a
rejected one must not be among the mentions. Examples are data: adding a
rule or a case is adding YAML, not a test function.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

import pytest
import yaml

from kg.model import AnalyzedDocument, Document
from kg.nlp.gazetteer import default_gazetteer
from kg.nlp.lexicon import default_lexicon
from kg.nlp.mentions import MentionFinder, rules
from kg.nlp.pipeline import analyze
from kg.paths import ontology_dir
from kg.reference import default_reference

EXAMPLES = ontology_dir() / "lexicon" / "examples"


def _load() -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES.glob("*.yaml"))}


def _cases() -> list:
    out = []
    for rule, data in _load().items():
        for kind in ("accept", "reject"):
            for k, ex in enumerate(data.get(kind) or []):
                for m in ex["mentions"]:
                    out.append(pytest.param(rule, kind, ex["text"], m["text"], m["label"],
                                            id=f"{rule}-{kind}{k}-{m['text']}/{m['label']}"))
    return out


@lru_cache(maxsize=1)
def _finder() -> MentionFinder:
    return MentionFinder(default_reference(), default_gazetteer(), default_lexicon(), disabled=())


@cache
def _analysed(text: str) -> AnalyzedDocument:
    return next(analyze([Document(id="example", source="example", text=text, format="text")]))


def _proposed(a: AnalyzedDocument, rule: str) -> set[tuple[str, str]]:
    """(surface, label) of the candidates ``rule`` proposes in the document."""
    finder = _finder()
    method = next(r.method for r in rules() if r.name == rule)
    out = set()
    for s in a.sentences:
        toks = [t for t in a.tokens if s.start <= t.start < s.end]
        for c in getattr(finder, method)(finder.context(s, a.norm, toks)):
            out.add((s.text[c.start:c.end], c.label))
    return out


def test_every_rule_has_examples() -> None:
    data = _load()
    names = {r.name for r in rules()}
    assert set(data) <= names, f"examples for unknown rules: {set(data) - names}"
    for name in names:
        assert name in data, f"rule {name!r} has no ontology/lexicon/examples/{name}.yaml"
        assert data[name].get("accept") and data[name].get("reject"), f"{name}: needs accept and reject examples"


def test_every_rule_names_its_lexicon_lists() -> None:
    lex = default_lexicon()
    for r in rules():
        for name in r.lexicon:
            assert hasattr(lex, name), f"rule {r.name!r} reads an unknown lexicon list {name!r}"


@pytest.mark.parametrize(("rule", "kind", "text", "surface", "label"), _cases())
def test_rule_example(rule: str, kind: str, text: str, surface: str, label: str) -> None:
    a = _analysed(text)
    found = {(m.text, m.label) for m in a.mentions}
    if kind == "accept":
        assert (surface, label) in found, f"{rule}: {surface}/{label} not found in {text!r}: {sorted(found)}"
        proposed = _proposed(a, rule)
        assert (surface, label) in proposed, f"{rule} does not propose {surface}/{label}: {sorted(proposed)}"
    else:
        assert (surface, label) not in found, f"{rule}: {surface}/{label} wrongly found in {text!r}"


def test_examples_folder_is_beside_the_lexicon() -> None:
    assert EXAMPLES.is_dir() and Path(EXAMPLES.parent / "titles.yaml").is_file()


def test_suffix_matcher_agrees_with_endswith() -> None:
    """The compiled head matcher finds what a loop of str.endswith finds, in the same order."""
    from kg.nlp.mentions.matchers import SuffixMatcher

    pairs = [("跨海大桥", "Project"), ("大桥", "Project"), ("论坛", "Event"), ("高峰论坛", "Event"), ("桥", "Project")]
    matcher = SuffixMatcher(pairs)
    for text in ["两岸跨海大桥", "一座大桥", "第二届高峰论坛", "没有名字", "桥"]:
        scanned = matcher.scan(text)
        for end in range(len(text) + 1):
            expected = [(w, v) for w, v in pairs if text[:end].endswith(w)]
            assert scanned.get(end, []) == expected
        assert matcher.endings_of(text) == [(w, v) for w, v in pairs if text.endswith(w)]


def test_lexicon_rejects_an_unknown_list(tmp_path: Path) -> None:
    from kg.nlp.lexicon import load_lexicon

    (tmp_path / "titles.yaml").write_text("titles: [外长]\nhead_titles: [外长]\ntitlez: [总统]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="titlez"):
        load_lexicon(tmp_path)
    (tmp_path / "titles.yaml").write_text("titles: [外长]\nhead_titles: [外长]\n", encoding="utf-8")
    (tmp_path / "more.yaml").write_text("titles: [总统]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="also given"):
        load_lexicon(tmp_path)


def test_a_disabled_rule_proposes_nothing() -> None:
    finder = MentionFinder(default_reference(), default_gazetteer(), default_lexicon(), disabled=["enumerations"])
    assert "enumerations" not in {r.name for r in finder.rules}
    with pytest.raises(ValueError, match="unknown mention rules"):
        MentionFinder(default_reference(), default_gazetteer(), default_lexicon(), disabled=["no_such_rule"])


def test_a_name_of_a_series_and_of_its_editions_picks_the_series_whatever_the_order() -> None:
    editions = ("event/central-foreign-affairs-conference-2014", "event/central-foreign-affairs-conference-2023")
    ids = (*editions, "event/central-foreign-affairs-conference")
    assert _finder()._choose(ids, "中央外事工作会议在北京召开") == "event/central-foreign-affairs-conference"
    assert _finder()._choose(editions, "中央外事工作会议在北京召开") in editions  # no series among them
