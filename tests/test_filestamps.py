"""A re-build skips reading unchanged files (kg/filestamps.py), and never a changed one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import kg.filestamps
import kg.ingest
from kg.filestamps import RACY_NS, stamp, trusted

TEXTS = {
    "a.txt": "2024年3月7日，外交部长王毅在北京会见美国国务卿布林肯。",
    "b.txt": "老挝国家主席通伦访华。中老铁路开通运营。",
    # one good row, one broken row: the broken row is reported on every build, read or not
    "rows.jsonl": '{"text": "塞尔维亚总统武契奇会见中国驻塞尔维亚大使。"}\n{broken\n',
}


@pytest.fixture
def corpus(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    # files written a moment ago count as "racily clean" (RACY_NS): these tests look at the stamp alone
    monkeypatch.setattr(kg.filestamps, "RACY_NS", -10 * RACY_NS)
    src = tmp_path / "src"
    src.mkdir()
    for name, text in TEXTS.items():
        (src / name).write_text(text, encoding="utf-8")
    return src


def _build(src: Path, out: Path, **kw):
    from kg.pipeline import build_to_dir

    report = build_to_dir([src], out, formats=("nt",), jobs=1, **kw)
    return report, (out / "kg.json").read_bytes()


def _reads(monkeypatch) -> list[str]:
    """The files read from now on (the ingest reader, wrapped)."""
    seen: list[str] = []
    real = kg.ingest.load_file

    def load_file(path, doc_id, source):
        seen.append(Path(path).name)
        return real(path, doc_id, source)

    monkeypatch.setattr(kg.ingest, "load_file", load_file)
    return seen


def test_unchanged_files_are_not_read_and_the_graph_is_the_same(corpus, tmp_path, monkeypatch) -> None:
    first, json1 = _build(corpus, tmp_path / "o")
    reads = _reads(monkeypatch)
    again, json2 = _build(corpus, tmp_path / "o")
    assert reads == []
    assert json1 == json2 == _build(corpus, tmp_path / "fresh", use_cache=False)[1]
    assert (again.analysis["analysed"], again.analysis["from_cache"]) == (0, 3)
    assert again.read == first.read  # documents per file, counted without reading
    assert [(p.source, p.line) for p in again.rejected] == [(str(corpus / "rows.jsonl"), 2)]


def test_a_file_rewritten_with_the_same_size_and_time_is_read_again(corpus, tmp_path, monkeypatch) -> None:
    _build(corpus, tmp_path / "o")
    path = corpus / "b.txt"
    before = os.stat(path)
    new = "老挝国家主席通伦访美。中老铁路开通运营。"  # one character changed: same size in bytes
    assert len(new.encode()) == before.st_size
    path.write_text(new, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # modification time set back, as cp -p does
    assert os.stat(path).st_mtime_ns == before.st_mtime_ns
    reads = _reads(monkeypatch)
    report, json2 = _build(corpus, tmp_path / "o")
    assert reads == ["b.txt"]
    assert report.analysis["analysed"] == 1
    assert json2 == _build(corpus, tmp_path / "fresh", use_cache=False)[1]
    assert "访美" in json2.decode()


def test_a_file_whose_results_left_the_cache_is_read(corpus, tmp_path, monkeypatch) -> None:
    import sqlite3

    _build(corpus, tmp_path / "o")
    db = sqlite3.connect(tmp_path / "cache" / "analysis.sqlite")
    with db:
        db.execute("DELETE FROM analysis")
    db.close()
    reads = _reads(monkeypatch)
    report, _ = _build(corpus, tmp_path / "o")
    assert sorted(reads) == sorted(TEXTS) and report.analysis["analysed"] == 3


def test_no_cache_reads_everything(corpus, tmp_path, monkeypatch) -> None:
    _build(corpus, tmp_path / "o")
    reads = _reads(monkeypatch)
    _build(corpus, tmp_path / "o", use_cache=False)
    assert sorted(reads) == sorted(TEXTS)


def test_a_stamp_is_trusted_only_when_equal_and_older_than_the_racy_window(tmp_path) -> None:
    path = tmp_path / "f.txt"
    path.write_text("王毅会见布林肯。", encoding="utf-8")
    now = stamp(path)
    assert now is not None and stamp(tmp_path / "missing.txt") is None
    changed = max(now[1], now[2])
    assert trusted(now, changed + RACY_NS + 1, now)
    assert not trusted(now, changed + RACY_NS // 2, now)  # written just before the stamp was taken
    assert not trusted(now, changed + RACY_NS + 1, None)  # gone
    for i in range(5):  # size, mtime, ctime, inode or device differ
        other = list(now)
        other[i] += 1
        assert not trusted(tuple(other), changed + RACY_NS + 1, now)
