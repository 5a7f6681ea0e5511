"""Hostile, broken and huge input: every decodable file is read, every other one is named with
its reason (console and report.json), no traceback, and a failed build never touches a good one.

The corpus is generated here. Tests run as root in CI, where permissions do not stop a read:
the unreadable cases are a FIFO (refused without opening it, since reading it would block the
build) and a file whose read raises PermissionError (patched when running as root, chmod 000
otherwise).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg.ingest
from kg.cli import app
from kg.pipeline import EXIT_INTERRUPTED, EXIT_NOTHING_BUILT, EXIT_SOME_REJECTED, EXIT_USAGE, FORMATS

runner = CliRunner()

GOOD = "外交部发言人毛宁在例行记者会上介绍了中老铁路的运营情况。"
HUGE_LINE_BYTES = 3_000_000


def make_corpus(root: Path) -> dict[str, str]:
    """Write the bad-file corpus into ``root``; returns file name → the reason expected for a rejected file."""
    root.mkdir()
    (root / "good.txt").write_text(GOOD, encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (root / "gbk.txt").write_bytes("国务院总理李强会见了巴基斯坦总理夏巴兹。".encode("gbk"))
    (root / "big5.txt").write_bytes("中國外交部長王毅在萬象會見寮國外長。".encode("big5"))
    (root / "bad-utf8.txt").write_bytes("匈塞铁路进展顺利，".encode() + b"\xff\xfe" + "塞尔维亚总统武契奇出席。".encode())
    (root / "page.html").write_text(
        "<html><head><title>新闻<script>var s = '<p>布林肯</p>'; document.write(s)</script>"
        "<body><div><p>国家主席习近平在北京会见法国总统马克龙<p>双方讨论了合作<b>问题"
        "<script>alert('金正恩')", encoding="utf-8")
    # one 3 MB line: real sentences far apart, the last one past spaCy's 1M-character max_length
    sentence = "美国国务卿布林肯访问了菲律宾。"
    pad = " " * ((HUGE_LINE_BYTES - 2 * len(sentence.encode())) // 2)
    (root / "huge.txt").write_text(sentence + pad + pad + "澜湄合作第八次外长会在曼谷举行。", encoding="utf-8")
    (root / "slides.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    os.symlink("loop-b.txt", root / "loop-a.txt")
    os.symlink("loop-a.txt", root / "loop-b.txt")
    os.mkfifo(root / "fifo.txt")
    (root / "secret.txt").write_text(GOOD, encoding="utf-8")
    (root / "vanishing.txt").write_text(GOOD, encoding="utf-8")
    return {
        "empty.txt": "empty file",
        "binary.txt": "binary",
        "slides.pdf": "unsupported file type .pdf",
        "loop-a.txt": "symbolic link loop",
        "loop-b.txt": "symbolic link loop",
        "fifo.txt": "not a regular file (a FIFO)",
        "secret.txt": "permission denied",
        "vanishing.txt": "no such file",
    }


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("bad-input")
    src = root / "in"
    expected = make_corpus(src)
    real_load = kg.ingest.load_file
    real_read = Path.read_bytes

    def load_file(path: Path, doc_id: str, source: str):
        if path.name == "vanishing.txt":  # deleted after the folder was listed
            path.unlink()
        return real_load(path, doc_id, source)

    def read_bytes(self: Path) -> bytes:
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(kg.ingest, "load_file", load_file)
        if os.geteuid() == 0:
            mp.setattr(Path, "read_bytes", read_bytes)
        else:
            (src / "secret.txt").chmod(0)
        res = runner.invoke(app, ["build", str(src), "--out", str(root / "out"), "-q"])
    return res, root / "out", expected


def test_corpus_exit_status_and_no_traceback(corpus_build) -> None:
    res, out, _ = corpus_build
    assert res.exit_code == EXIT_SOME_REJECTED, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)
    assert "Traceback" not in res.output


def test_every_decodable_file_is_processed(corpus_build) -> None:
    res, out, _ = corpus_build
    graph = json.loads((out / "kg.json").read_text(encoding="utf-8"))
    labels = {e["label"] for e in graph["entities"]}
    assert {"毛宁", "中老铁路"} <= labels  # good.txt
    assert "李强" in labels  # GBK without a declaration
    assert "王毅" in labels  # Big5 without a declaration
    assert "武契奇" in labels  # invalid UTF-8 bytes inside good text
    assert {"习近平", "马克龙"} <= labels  # HTML with unclosed tags
    assert not {"金正恩"} & labels  # <script> content is not text
    assert {"布林肯", "菲律宾"} <= labels  # 3 MB single line: the start ...
    assert any("澜湄" in x for x in labels)  # ... and the end, past spaCy's max_length
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    read = {Path(f["source"]).name for f in report["files_read"]}
    assert read == {"good.txt", "gbk.txt", "big5.txt", "bad-utf8.txt", "page.html", "huge.txt"}
    assert [Path(w["source"]).name for w in report["warnings"]] == ["bad-utf8.txt"]


def test_every_rejected_file_is_named_with_its_reason(corpus_build) -> None:
    res, out, expected = corpus_build
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    rejected = {Path(r["source"]).name: r["reason"] for r in report["rejected"]}
    assert set(rejected) == set(expected)
    for name, reason in expected.items():
        assert reason in rejected[name], (name, rejected[name])
    console = " ".join(res.output.split())
    for name in expected:
        assert f"{name}: {rejected[name]}" in console, name
    counts = report["counts"]
    assert counts["files_read"] == 6 and counts["files_rejected"] == len(expected)
    assert counts["documents"] == 6 and counts["entities"] > 10
    assert report["exit_code"] == EXIT_SOME_REJECTED
    assert set(report["seconds"]) >= {"read", "analyse", "write", "total"}
    assert report["versions"]["spacy"] and report["versions"]["python"]


# -- atomic output -------------------------------------------------------------
@pytest.fixture
def previous(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A good build folder, as the user had it before the next (bad) build."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    res = runner.invoke(app, ["build", str(src), "--out", str(out), "-q"])
    assert res.exit_code == 0, res.output
    return out, snapshot(out)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def no_litter(out: Path) -> bool:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")) == []


def test_a_typo_leaves_the_previous_output(previous, tmp_path: Path) -> None:
    out, before = previous
    res = runner.invoke(app, ["build", str(tmp_path / "seedz"), "--out", str(out), "-q"])
    assert res.exit_code == EXIT_NOTHING_BUILT
    assert "no such file" in res.output and "not touched" in " ".join(res.output.split())
    assert snapshot(out) == before and no_litter(out)


@pytest.mark.parametrize("failure, code", [(RuntimeError("disk full"), EXIT_NOTHING_BUILT),
                                           (KeyboardInterrupt(), EXIT_INTERRUPTED)])
def test_a_failed_or_interrupted_build_leaves_the_previous_output(previous, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch,
                                                                   failure: BaseException, code: int) -> None:
    from kg.export.rdfpass import RdfPass

    out, before = previous
    (tmp_path / "in" / "more.txt").write_text("国家主席习近平会见法国总统马克龙。", encoding="utf-8")

    def broken(*args, **kwargs):
        raise failure

    monkeypatch.setattr(RdfPass, "_write_piece", broken)  # in this process and in a forked child
    res = runner.invoke(app, ["build", str(tmp_path / "in"), "--out", str(out), "-q"])
    assert res.exit_code == code, res.output
    assert "Traceback" not in res.output and "was not changed" in res.output
    assert snapshot(out) == before and no_litter(out)


def test_a_successful_build_replaces_the_output_whole(previous, tmp_path: Path) -> None:
    out, before = previous
    (out / "stale.txt").write_text("from an older build", encoding="utf-8")
    res = runner.invoke(app, ["build", str(tmp_path / "in"), "--out", str(out), "-q", "--formats", "nt"])
    assert res.exit_code == 0, res.output
    files = set(snapshot(out))
    assert {"graph.nt", "kg.json", "report.json"} <= files and no_litter(out)
    assert "stale.txt" not in files and "graph.ttl" not in files and "graph.html" not in files


def test_a_folder_that_is_not_a_build_is_never_replaced(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    (home / "thesis.docx").write_bytes(b"precious")
    res = runner.invoke(app, ["build", str(src), "--out", str(home), "-q"])
    assert res.exit_code == EXIT_NOTHING_BUILT
    assert "other content" in res.output
    assert snapshot(home) == {"thesis.docx": b"precious"}


# -- option values -------------------------------------------------------------
def test_unknown_format_lists_the_accepted_ones(tmp_path: Path) -> None:
    res = runner.invoke(app, ["build", str(tmp_path), "--out", str(tmp_path / "o"), "--formats", "ttl,rdfxml"])
    assert res.exit_code == EXIT_USAGE
    text = " ".join(res.output.split())
    assert "rdfxml" in text and all(f in text for f in FORMATS)
    assert not (tmp_path / "o").exists()


def test_missing_query_file_is_no_such_file(tmp_path: Path) -> None:
    res = runner.invoke(app, ["query", str(tmp_path), "ontology/queries/nothere.rq"])
    assert res.exit_code == EXIT_USAGE
    assert "no such file" in res.output and "syntax" not in res.output.lower()


def test_unknown_query_format_lists_the_accepted_ones(tmp_path: Path) -> None:
    res = runner.invoke(app, ["query", str(tmp_path), "ASK {}", "--format", "xml"])
    assert res.exit_code == EXIT_USAGE
    assert all(f in res.output for f in ("table", "csv", "json"))
