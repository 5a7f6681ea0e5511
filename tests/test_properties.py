"""Property tests (Hypothesis): any text in, no crash, offsets inside the text, normalisation
length-preserving, output independent of file order.

Kept cheap on purpose: LAC runs on every NLP example, so the NLP properties draw few, short
examples (``deadline=None``: the first call loads the models).
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract import extract
from kg.ingest.encoding import decode_bytes
from kg.ingest.errors import IngestError
from kg.ingest.formats import SUPPORTED_SUFFIXES, parse_text
from kg.ingest.origin import Origin
from kg.model import Document
from kg.nlp.normalize import normalize
from kg.nlp.pipeline import analyze
from kg.nlp.sentences import split_sentences

CHEAP = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NLP = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Words that make the extractor work: names, titles, triggers, punctuation, Traditional forms.
WORDS = ["王毅", "布林肯", "中国", "美国", "老挝", "寮國", "外交部长", "外長", "会见", "會見", "访问", "中老铁路",
         "一带一路", "高峰论坛", "第三届", "2024年5月6日", "在", "和", "与", "表示", "说", "：", "，", "。", "？",
         "“", "”", "《", "》", "（", "）", "#", "@人民日报", "http://t.cn/x", "\n", "\n\n", " ", "\u3000",
         "记者", "问", "答", "**王毅**：", "不", "将", "是否"]
chinese_text = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=3)), max_size=25).map("".join)
any_text = st.one_of(st.text(max_size=200), chinese_text)


@CHEAP
@given(st.binary(max_size=400))
def test_decoding_any_bytes_gives_text_or_a_reason(data: bytes) -> None:
    try:
        decoded = decode_bytes(data)
    except IngestError as err:
        assert err.reason
        return
    assert decoded.text.strip() and "\r" not in decoded.text


@CHEAP
@given(any_text, st.sampled_from(sorted(SUPPORTED_SUFFIXES)))
def test_parsing_any_text_gives_documents_or_a_reason(text: str, suffix: str) -> None:
    try:
        docs, problems = parse_text(text, Origin("f" + suffix, "f" + suffix, "utf-8", suffix))
    except IngestError as err:
        assert err.reason
        return
    for d in docs:
        assert d.text.strip()
        for seg in d.segments:
            assert 0 <= seg.start <= seg.end <= len(d.text)


@CHEAP
@given(any_text)
def test_normalisation_preserves_length(text: str) -> None:
    assert len(normalize(text)) == len(text)


@CHEAP
@given(any_text)
def test_sentences_are_inside_the_text(text: str) -> None:
    doc = Document("d", "d", text, "text")
    for s in split_sentences(doc, normalize(text)):
        assert 0 <= s.start < s.end <= len(text)
        assert s.text == text[s.start:s.end]


@NLP
@given(chinese_text)
def test_nlp_and_extraction_of_any_text(text: str) -> None:
    a = next(analyze([Document("d", "d", text, "text")]))
    for m in a.mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert m.text == text[m.start:m.end]
    ex = extract(a)
    for r in ex.relations:
        s = r.sentence
        assert 0 <= s.start <= s.end <= len(text)
        for m in (r.subject, r.object):
            if not isinstance(m, str):
                assert 0 <= m.start < m.end <= len(text)
    for stm in ex.statements:
        assert 0 <= stm.start <= stm.end <= len(text)


POOL = ["中国外交部长王毅在万象会见老挝外长沙伦赛。", "美国国务卿布林肯访问了菲律宾。",
        "国家主席习近平在北京会见法国总统马克龙。", "中老铁路运营良好，老挝方面表示感谢。",
        "王毅表示，中方愿同美方相向而行。", "匈塞铁路进展顺利，塞尔维亚总统武契奇出席。"]


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(POOL), min_size=2, max_size=4), st.randoms(use_true_random=False))
def test_graph_is_independent_of_file_order(tmp_path_factory, texts: list[str], rnd) -> None:
    from kg.pipeline import build

    folder = tmp_path_factory.mktemp("order")
    paths = []
    for i, t in enumerate(texts):
        p = folder / f"doc{i}.txt"
        p.write_text(t, encoding="utf-8")
        paths.append(p)
    shuffled = paths[:]
    rnd.shuffle(shuffled)
    a, _ = build(paths)
    b, _ = build(shuffled)
    assert _canonical(a) == _canonical(b)


def _canonical(graph) -> tuple[object, list[str]]:
    """kg.json content with every list sorted (a relation lists its assertions in reading order,
    which is no difference in meaning), and the N-Triples of the RDF export (sorted by the exporter)."""
    from kg.export.quads import Quads

    def norm(x: object) -> object:
        if isinstance(x, dict):
            return {k: norm(v) for k, v in x.items()}
        if isinstance(x, list):
            return sorted((norm(v) for v in x), key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
        return x

    return norm(graph.to_dict()), list(Quads(graph).nquad_lines())
