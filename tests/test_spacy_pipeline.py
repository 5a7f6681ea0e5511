"""kg's NLP as a spaCy pipeline: ``nlp = kg.nlp(); doc = nlp(text)`` gives LAC tokens and kg's entities."""

from __future__ import annotations

import csv
import shutil

import pytest

import kg
from kg.model import Document
from kg.nlp.mentions import flat
from kg.nlp.pipeline import analyze
from kg.paths import reference_dir

TEXT = "外交部长王毅在北京会见来访的法国外长。\n\n两国外长同意加强合作。"


@pytest.fixture(scope="module")
def nlp():
    return kg.nlp()


def test_tokens_are_lac_words_with_their_tags(nlp) -> None:
    from kg.nlp.lac import default_lac

    doc = nlp(TEXT)
    assert doc.text == TEXT
    words = [(t.text, t.tag_) for t in doc if not t.is_space]
    expected = [w for s in TEXT.split("\n\n") for w in default_lac().analyze([s])[0]]
    assert words == expected
    assert {t.pos_ for t in doc if t.tag_ == "PER"} == {"PROPN"}
    assert [t.pos_ for t in doc if t.is_space] == ["SPACE"]


def test_entities_are_the_builds_mentions(nlp) -> None:
    doc = nlp(TEXT)
    ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    a = next(analyze([Document("d", "d", TEXT, "text")]))
    assert ents == [(m.start, m.end, m.label) for m in flat(a.mentions)]  # all on word boundaries here
    assert ("王毅", "Person", "person/wang-yi") in {(e.text, e.label_, e.kb_id_) for e in doc.ents}
    assert {(s.start_char, s.end_char) for s in doc.spans["kg"]} >= {(e[0], e[1]) for e in ents}
    assert doc._.kg_mentions == [(m.start, m.end, m.label, m.ref or "") for m in a.mentions]


def test_docs_serialise_and_pipe_runs_in_processes(nlp) -> None:
    from spacy.tokens import Doc

    doc = nlp(TEXT)
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert [(e.text, e.label_) for e in again.ents] == [(e.text, e.label_) for e in doc.ents]
    texts = ["王毅会见布林肯。", "意大利宣布退出。", "中老铁路开通运营。"]
    alone = [[(e.text, e.label_) for e in d.ents] for d in nlp.pipe(texts)]
    assert [[(e.text, e.label_) for e in d.ents] for d in nlp.pipe(texts, n_process=2, batch_size=1)] == alone


def test_pipe_and_plain_spacy_use(nlp) -> None:
    texts = ["王毅会见布林肯。", "意大利宣布退出。", ""]
    docs = list(nlp.pipe(texts))
    assert [d.text for d in docs] == texts
    assert [e.label_ for e in docs[0].ents] == ["Person", "Person"]
    assert [e.text for e in docs[1].ents] == ["意大利"]
    assert len(docs[2]) == 0 and not docs[2].ents
    assert "kg_mentions" in nlp.pipe_names and nlp.get_pipe_meta("kg_mentions").default_config


def test_resources_come_from_config_not_singletons(tmp_path) -> None:
    """A reference folder given in the config is the one the mentions use."""
    ref = tmp_path / "reference"
    shutil.copytree(reference_dir(), ref)
    with (ref / "countries.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow(["country/ZZ", "泽塔兰", "Zetaland", "", "", "", "", "ZZ", "ZZZ", "", ""])
    text = "泽塔兰宣布加入。"
    own = kg.nlp(reference=str(ref))
    assert [(e.text, e.kb_id_) for e in own(text).ents] == [("泽塔兰", "country/ZZ")]
    nlp = kg.nlp()
    nlp.initialize()  # spaCy's own initialize runs with kg's components
    assert "country/ZZ" not in {e.kb_id_ for e in nlp(text).ents}
    later = kg.nlp()
    later.get_pipe("kg_mentions").initialize(reference=str(ref))
    assert [e.kb_id_ for e in later(text).ents] == ["country/ZZ"]


def test_rules_can_be_disabled_by_config() -> None:
    nlp = kg.nlp(disabled_rules=["gazetteer", "tokens"])
    finder = nlp.get_pipe("kg_mentions").analyzer.finder
    assert {"gazetteer", "tokens"} <= finder.disabled
    assert "tokens" not in {r.name for r in finder.rules}
