"""Texts longer than spaCy's ``max_length`` are tokenized in pieces and still analysed whole."""

from __future__ import annotations

import pytest

from kg.model import Document
from kg.nlp.pipeline import analyze, chunk_spans, get_pipeline, make_doc

TEXT = ("第一段。中国外交部长王毅会见老挝外长。\n\n第二段 很长的一句话，没有句号" * 40) + "x" * 700


@pytest.mark.parametrize("limit", [1, 7, 50, 333, 10_000])
def test_chunks_cover_the_text_within_the_limit(limit: int) -> None:
    spans = chunk_spans(TEXT, limit)
    assert "".join(TEXT[a:b] for a, b in spans) == TEXT
    assert all(0 < b - a <= limit for a, b in spans)


def test_chunks_prefer_paragraphs_then_sentences() -> None:
    text = "甲" * 30 + "。" + "乙" * 10 + "\n\n" + "丙" * 30
    assert chunk_spans(text, 60)[0] == (0, 43)  # the paragraph break
    assert chunk_spans(text, 40)[0] == (0, 31)  # no break in reach: the sentence end


def test_text_over_max_length_is_analysed(monkeypatch: pytest.MonkeyPatch) -> None:
    nlp = get_pipeline()
    monkeypatch.setattr(nlp, "max_length", 200)
    doc = make_doc(nlp, TEXT)
    assert doc.text == TEXT
    text = "中国外交部长王毅在万象会见老挝外长沙伦赛。" * 30
    a = next(analyze([Document("long", "long", text, "text")]))
    names = {a.document.text[m.start:m.end] for m in a.mentions}
    assert {"王毅", "老挝"} <= names
    assert max(m.end for m in a.mentions) > 500  # mentions past the first piece keep document offsets
