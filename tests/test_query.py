"""SPARQL over the export: example queries, the cached store, output formats, errors."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg import query as kq
from kg.export.rdf import write_rdf
from kg.graph import KnowledgeGraph
from kg.model import Assertion, DocumentInfo, Entity
from kg.query import QueryError, format_result, run_query

ROOT = Path(__file__).resolve().parent.parent
QUERIES = sorted((ROOT / "ontology" / "queries").glob("*.rq"))
CORE = ("01-projects-by-country", "02-who-met-whom", "05-statements-about-country", "15-facts-by-document")


def q(name: str) -> str:
    return (ROOT / "ontology" / "queries" / f"{name}.rq").read_text(encoding="utf-8")


@pytest.fixture
def build(small_kg: KnowledgeGraph, tmp_path: Path) -> Path:
    write_rdf(small_kg, tmp_path)
    return tmp_path


def test_at_least_twelve_documented_queries() -> None:
    assert len(QUERIES) >= 12
    for path in QUERIES:
        assert path.read_text(encoding="utf-8").startswith("# "), path.name


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_example_query_runs(build: Path, path: Path) -> None:
    result = run_query(build, path.read_text(encoding="utf-8"))
    assert result.kind == "select"
    for fmt in ("table", "csv", "json"):
        assert format_result(result, fmt)


def test_projects_by_country(build: Path) -> None:
    rows = run_query(build, q("01-projects-by-country")).values()
    assert {"countryName": "老挝", "projectName": "中老铁路"}.items() <= next(
        r for r in rows if r["countryName"] == "老挝").items()
    laos = next(r for r in rows if r["countryName"] == "老挝")
    assert laos["sources"] == "2"  # the document and the curated projects.csv


def test_who_met_whom(build: Path) -> None:
    rows = run_query(build, q("02-who-met-whom")).values()
    assert len(rows) == 1
    assert {rows[0]["aName"], rows[0]["bName"]} == {"王毅", "塔尼"}
    assert rows[0]["published"] == "2024-05-06"
    assert "会见" in rows[0]["evidence"]


def test_countries_visited_by_wang_yi(build: Path) -> None:
    rows = run_query(build, q("03-countries-visited-by-minister")).values()
    assert [r["countryName"] for r in rows] == ["老挝"]


def test_events_in_range_and_hosted_by_china(build: Path) -> None:
    (row,) = run_query(build, q("04-events-in-date-range")).values()
    assert row["eventName"].startswith("第三届") and row["hosts"] == "中国"
    (row,) = run_query(build, q("11-events-hosted-by-china")).values()
    assert row["date"] == "2023-10"


def test_statements_about_united_states(build: Path) -> None:
    rows = run_query(build, q("05-statements-about-country")).values()
    assert [(r["kind"], r["speakerName"], r["text"]) for r in rows] == [
        ("statement", "王毅", "美方应当同中方相向而行。")]


def test_provenance_and_curated(build: Path) -> None:
    # the example names a fact of the seeds; its VALUES lines are meant to be edited
    text = q("12-assertion-provenance")
    assert text.count('"拉夫罗夫"@zh "Sergey Lavrov"@en') == 2
    rows = run_query(build, text.replace('"拉夫罗夫"@zh "Sergey Lavrov"@en', '"塔尼"@zh')).values()
    assert len(rows) == 1
    assert rows[0]["start"] == "0" and rows[0]["end"] == "33" and rows[0]["title"] == "外长会见"
    assert rows[0]["graph"].endswith("/doc/news-1.txt")
    by_prop = {r["property"].rsplit("#", 1)[1]: r for r in run_query(build, q("13-curated-vs-extracted")).values()}
    assert (by_prop["locatedIn"]["curatedOnly"], by_prop["locatedIn"]["extractedOnly"],
            by_prop["locatedIn"]["both"]) == ("1", "1", "1")


def test_other_examples(build: Path) -> None:
    assert {r["name"] for r in run_query(build, q("08-entities-linked-to-wikidata")).values()} == {
        "中国", "老挝", "王毅"}
    assert run_query(build, q("09-people-and-positions")).values()[0]["position"] == "外交部长"
    assert run_query(build, q("14-most-mentioned-entities")).values()[0]["name"] == "中国"
    docs = {r["doc"].rsplit("/", 1)[1]: r["facts"] for r in run_query(build, q("15-facts-by-document")).values()}
    assert docs == {"news-1.txt": "6", "press-2.md": "2"}


def richer_kg() -> KnowledgeGraph:
    """Joined / left the BRI, memberships, and a fact two documents state."""
    kg = KnowledgeGraph()
    for i, d in ((1, "2019-03-23"), (2, "2023-12-06")):
        kg.add_document(DocumentInfo(id=f"d{i}.txt", source=f"d{i}.txt", format="text", date=d))
    for e in (Entity("country/IT", "Country", "意大利", "Italy"), Entity("country/EG", "Country", "埃及", "Egypt"),
              Entity("initiative/bri", "Initiative", "一带一路", "Belt and Road Initiative"),
              Entity("org/brics", "Organization", "金砖国家", "BRICS")):
        kg.add_entity(e)
    kg.add_relation("country/IT", "joined", "initiative/bri", Assertion("d1.txt", "意大利加入一带一路。", 0, 9,
                                                                        0.8, "rule", "2019-03"))
    kg.add_relation("country/IT", "withdrewFrom", "initiative/bri",
                    Assertion("d2.txt", "意大利退出一带一路。", 0, 9, 0.8, "rule", "2023-12"))
    for i in (1, 2):
        kg.add_relation("country/EG", "memberOf", "org/brics",
                        Assertion(f"d{i}.txt", "埃及是金砖国家成员。", 20, 30, 0.6, "rule"))
    return kg


def test_examples_on_richer_graph(tmp_path: Path) -> None:
    write_rdf(richer_kg(), tmp_path)
    rows = run_query(tmp_path, q("06-belt-and-road-joined-left")).values()
    assert sorted((r["change"], r["countryName"], r["date"]) for r in rows) == [
        ("joined", "意大利", "2019-03"), ("left", "意大利", "2023-12")]
    (row,) = run_query(tmp_path, q("07-facts-backed-by-several-documents")).values()
    assert (row["sName"], row["oName"], row["documents"]) == ("埃及", "金砖国家", "2")
    assert float(row["bestConfidence"]) == 0.6
    (row,) = run_query(tmp_path, q("10-organisations-and-members")).values()
    assert (row["orgName"], row["members"]) == ("金砖国家", "埃及")


def loads() -> int:
    return kq.LOAD_COUNT


def test_store_is_built_once_and_reused(build: Path) -> None:
    before = loads()
    run_query(build, "SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    assert loads() == before + 1
    store = build / ".oxigraph"
    stamp = (store / kq.FINGERPRINT).stat().st_mtime_ns
    kq._close(store)  # drop the in-process handle: the next query reopens from disk
    run_query(build, "SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    assert loads() == before + 1
    assert (store / kq.FINGERPRINT).stat().st_mtime_ns == stamp
    # a newer export replaces the store
    trig = build / "graph.trig"
    trig.write_text(trig.read_text(encoding="utf-8") + "\n<urn:x> <urn:y> <urn:z> .\n", encoding="utf-8")
    assert run_query(build, "ASK { <urn:x> <urn:y> <urn:z> }").boolean is True
    assert loads() == before + 2


def test_store_reused_across_processes(build: Path) -> None:
    run_query(build, "ASK {}")
    code = ("import sys; from pathlib import Path; import kg.query as q; "
            "q.run_query(Path(sys.argv[1]), 'ASK {}'); print(q.LOAD_COUNT)")
    out = subprocess.run([sys.executable, "-c", code, str(build)], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.strip() == "0"


def test_union_default_graph_and_named_graphs(build: Path) -> None:
    # the curated-only 万象 locatedIn 老挝 lives in the ref: graph; queries see it
    assert run_query(build, "ASK { ent:place\\/vientiane kg:locatedIn ent:country\\/LA }").boolean
    rows = run_query(build, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s kg:visited ?o } }").values()
    assert [r["g"] for r in rows] == ["https://w3id.org/kg-diplo/doc/news-1.txt"]
    ref = run_query(build, "SELECT ?s WHERE { GRAPH ref: { ?s kg:locatedIn ?o } }").values()
    assert len(ref) == 2


def test_graph_file_target(build: Path) -> None:
    """graph.ttl holds only what documents state: the curated-only triple is absent."""
    ttl = build / "graph.ttl"
    assert not run_query(ttl, "ASK { ent:place\\/vientiane kg:locatedIn ent:country\\/LA }").boolean
    assert run_query(ttl, "ASK { ?s kg:met ?o }").boolean
    # its own store, so the folder's store (maybe being served) is left alone
    assert (build / ".oxigraph-graph.ttl").is_dir()
    before = loads()
    assert run_query(build, "ASK { ent:place\\/vientiane kg:locatedIn ent:country\\/LA }").boolean
    assert run_query(ttl, "ASK { ?s kg:met ?o }").boolean
    assert loads() == before + 1  # the folder's store once; the graph.ttl store reused


def test_declared_prefixes_win(build: Path) -> None:
    sparql = ("PREFIX kg: <urn:nothing#>\nSELECT * WHERE { ?s kg:met ?o }")
    assert len(run_query(build, sparql)) == 0


def test_formats(build: Path) -> None:
    sel = run_query(build, "SELECT ?p ?l WHERE { ?p a kg:Person ; rdfs:label ?l } ORDER BY ?l")
    table = format_result(sel, "table").splitlines()
    assert table[0].split() == ["p", "l"] and table[-1] == "(3 rows)"
    assert any("ent:person/wang-yi" in line and "王毅" in line for line in table)
    rows = list(csv.reader(io.StringIO(format_result(sel, "csv"))))
    assert rows[0] == ["p", "l"] and len(rows) == 4
    data = json.loads(format_result(sel, "json"))
    assert data["head"]["vars"] == ["p", "l"]
    b = data["results"]["bindings"][-1]
    assert b["p"] == {"type": "uri", "value": "https://w3id.org/kg-diplo/id/person/wang-yi"}
    assert b["l"] == {"type": "literal", "value": "王毅", "xml:lang": "zh"}
    ask = run_query(build, "ASK { ?s kg:met ?o }")
    assert format_result(ask, "table") == "yes"
    assert json.loads(format_result(ask, "json")) == {"head": {}, "boolean": True}
    con = run_query(build, "CONSTRUCT { ?s kg:met ?o } WHERE { ?s kg:met ?o }")
    assert con.kind == "graph" and len(con) == 1
    assert "kg:met" in format_result(con, "table")
    assert json.loads(format_result(con, "json"))
    assert format_result(con, "csv").startswith("subject,predicate,object")
    with pytest.raises(QueryError):
        format_result(sel, "xml")


def test_errors(build: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    with pytest.raises(QueryError, match="syntax"):
        run_query(build, "SELEC ?x WHERE {")
    empty = tmp_path_factory.mktemp("empty")
    with pytest.raises(QueryError, match="kg build"):
        run_query(empty, "ASK {}")
    with pytest.raises(QueryError, match="no such"):
        run_query(empty / "missing", "ASK {}")
    bad = empty / "graph.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(QueryError, match="cannot load"):
        run_query(bad, "ASK {}")


def test_cli_prints_error_not_traceback(build: Path) -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    runner = CliRunner()
    ok = runner.invoke(app, ["query", str(build), str(ROOT / "ontology/queries/02-who-met-whom.rq")])
    assert ok.exit_code == 0, ok.output
    assert "塔尼" in ok.output
    bad = runner.invoke(app, ["query", str(build), "SELEC nothing"])
    assert bad.exit_code != 0
    assert "syntax" in bad.output and "Traceback" not in bad.output


# -- the real seeds, once the pipeline exists ---------------------------------
@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if importlib.util.find_spec("kg.pipeline") is None:
        pytest.skip("kg.pipeline is not there yet")
    out = tmp_path_factory.mktemp("seeds-build")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(ROOT / "seeds"), "--out", str(out),
                           "--formats", "ttl,nt,jsonld,trig", "--quiet"],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=1800)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert (out / "graph.trig").exists()
    return out


@pytest.mark.slow
@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_example_queries_on_seeds(seeds_build: Path, path: Path) -> None:
    result = run_query(seeds_build, path.read_text(encoding="utf-8"))
    if path.stem in CORE:
        assert len(result) >= 1, f"{path.stem} found nothing in the seeds"
