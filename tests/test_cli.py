"""The command line as a user meets it: build a folder with a bad file, mentions as JSON lines."""

from __future__ import annotations

import json

import rdflib
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()


def test_build_reports_bad_files_and_processes_the_rest(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text("外交部发言人毛宁在例行记者会上介绍了中老铁路的运营情况。", encoding="utf-8")
    (src / "broken.txt").write_bytes(b"\x00\x01\x02\xff\xfe\x00garbage")
    (src / "slides.pdf").write_bytes(b"%PDF-1.4")
    out = tmp_path / "out"
    res = runner.invoke(app, ["build", str(src), str(tmp_path / "missing"), "--out", str(out), "-q"])
    assert res.exit_code == 3, res.output  # built, but some files were rejected
    assert "broken.txt" in res.output and "binary" in res.output
    assert "slides.pdf" in res.output and "unsupported" in res.output
    assert "missing" in res.output
    assert "1 documents" in res.output
    for name in ("kg.json", "graph.ttl", "graph.nt", "graph.jsonld", "graph.trig", "graph.html"):
        assert (out / name).exists(), name
    g = rdflib.Graph().parse(out / "graph.ttl")
    assert dict(g.namespaces())["kg"]
    labels = {str(o) for o in g.objects(None, rdflib.RDFS.label)}
    assert "毛宁" in labels and "中老铁路" in labels


def test_build_with_nothing_readable_fails(tmp_path):
    res = runner.invoke(app, ["build", str(tmp_path / "nothing-here"), "--out", str(tmp_path / "o"), "-q"])
    assert res.exit_code == 1
    assert "no such file" in " ".join(res.output.split())  # rich may wrap long paths


def test_mentions_json_lines_with_offsets():
    lines = ["美国国务卿布林肯访华。", "", "匈塞铁路进展顺利"]
    res = runner.invoke(app, ["mentions"], input="\n".join(lines) + "\n")
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in res.output.strip("\n").split("\n")]
    assert len(rows) == 3 and rows[1] == {"mentions": []}
    first = {(m["text"], m["label"]) for m in rows[0]["mentions"]}
    assert ("美国", "Country") in first and ("布林肯", "Person") in first
    for line, row in zip(lines, rows, strict=True):
        for m in row["mentions"]:
            assert line[m["start"]:m["end"]] == m["text"]
    assert rows[2]["mentions"][0]["label"] == "Project"
