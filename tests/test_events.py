"""events.csv / events.parquet / Graph.events() (issue 14): codes, dates and actors' countries,
on a graph built by hand and on a short invented text."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kg.export.events import COLUMNS, cameo_codes, default_codes, event_rows, quad_class, write_events
from kg.graph import KnowledgeGraph
from kg.model import Assertion, DocumentInfo, Entity


def _a(evidence: str, date: str | None, **kw) -> Assertion:
    return Assertion(doc_id="d1.txt", evidence=evidence, start=0, end=len(evidence), confidence=0.8,
                     date=date, **kw)


@pytest.fixture()
def graph() -> KnowledgeGraph:
    g = KnowledgeGraph()
    g.add_document(DocumentInfo("d1.txt", "d1.txt", "text", date="2023-06-02", url="https://example.org/d1"))
    for e in [
        Entity("person/wang-yi", "Person", "王毅", "Wang Yi", curated=True),
        Entity("person/anon-minister", "Person", "图瓦卢外长", None),  # not listed: country via affiliation
        Entity("country/TV", "Country", "图瓦卢", "Tuvalu", curated=True),
        Entity("country/CN", "Country", "中国", "China", curated=True),
        Entity("country/IT", "Country", "意大利", "Italy", curated=True),
        Entity("org/asean", "Organization", "东盟", "ASEAN", curated=True),
        Entity("initiative/bri", "Initiative", "一带一路", "Belt and Road Initiative", curated=True),
        Entity("event/x-forum", "Event", "某某论坛", None),
        Entity("place/vientiane", "Place", "万象", "Vientiane", curated=True),
    ]:
        g.add_entity(e)
    g.add_relation("person/anon-minister", "affiliation", "country/TV", _a("图瓦卢外长……", None))
    g.add_relation("event/x-forum", "heldIn", "place/vientiane", _a("论坛在万象举行。", "2023-05-30"))
    g.add_relation("person/wang-yi", "met", "person/anon-minister",
                   _a("王毅5月31日在北京会见图瓦卢外长。", "2023-05-31", trigger="会见"))
    g.add_relation("person/wang-yi", "visited", "place/vientiane",
                   _a("王毅5月28日至30日访问万象。", "2023-05-28", end_date="2023-05-30", trigger="访问", cameo="042"))
    g.add_relation("country/CN", "hosted", "event/x-forum", _a("中方主办论坛。", "2023-05", cameo="043"))
    g.add_relation("org/asean", "participatedIn", "event/x-forum", _a("东盟出席论坛。", "2023-05-30"))
    g.add_relation("country/IT", "withdrewFrom", "initiative/bri", _a("意大利12月退出一带一路。", "2023-12"))
    g.add_relation("country/IT", "joined", "initiative/bri", _a("意大利将重新加入？", "2024-02", modality="questioned"))
    # not rows: no date, a year-less date, a curated fact, a state rather than an act
    g.add_relation("country/CN", "signed", "initiative/bri", _a("中方签署文件。", None))
    g.add_relation("country/TV", "signed", "initiative/bri", _a("图瓦卢签署文件。", "--05-05"))
    g.add_relation("country/IT", "joined", "initiative/bri",
                   Assertion(doc_id=None, evidence="curated: memberships.csv", method="reference", date="2019-03-23"))
    g.add_relation("person/wang-yi", "affiliation", "country/CN", _a("中国外长王毅", "2023-05-31"))
    return g


def _by(rows: list[dict], prop: str) -> list[dict]:
    return [r for r in rows if r["property"] == prop]


def test_rows_codes_dates_and_countries(graph: KnowledgeGraph) -> None:
    rows, undated = event_rows(graph)
    assert undated == 2  # no date; a month-day of no known year
    assert [r["property"] for r in rows] == ["hosted", "visited", "participatedIn", "met", "withdrewFrom", "joined"]
    (met,) = _by(rows, "met")
    assert (met["date"], met["event_code"], met["plover_type"], met["goldstein"], met["quad_class"]) == \
        ("2023-05-31", "040", "CONSULT", 1.0, 1)  # no frame code: the property's default
    # a symmetric meeting is stored once, its ends in id order
    assert (met["actor1_id"], met["actor1_country_code"], met["actor2_country_code"]) == \
        ("person/anon-minister", "TUV", "CHN")
    assert met["actor1_country"] == "country/TV"  # through the unlisted minister's affiliation
    assert met["trigger"] == "会见" and met["source_url"] == "https://example.org/d1" and met["year"] == 2023
    (visit,) = _by(rows, "visited")
    assert (visit["date"], visit["end_date"], visit["event_code"], visit["goldstein"]) == \
        ("2023-05-28", "2023-05-30", "042", 1.9)
    assert (visit["place_id"], visit["place_country_code"], visit["actor2_country_code"]) == \
        ("place/vientiane", "LAO", "LAO")
    (host,) = _by(rows, "hosted")
    assert (host["event_code"], host["goldstein"], host["place_name"]) == ("043", 2.8, "万象")
    assert host["actor2_country"] == "country/LA"  # an event's country is its venue's
    (part,) = _by(rows, "participatedIn")
    assert part["event_code"] is None and part["actor1_country"] is None  # ASEAN has no one country
    (left,) = _by(rows, "withdrewFrom")
    assert (left["event_code"], left["plover_type"], left["goldstein"], left["quad_class"]) == \
        ("166", "SANCTION", -7.0, 4)
    assert left["actor2_country"] is None  # an initiative is no state
    (joined,) = _by(rows, "joined")
    assert joined["modality"] == "questioned" and joined["event_code"] == "057"
    assert all(r["method"] != "reference" for r in rows)


def test_write_events_csv_and_parquet(graph: KnowledgeGraph, tmp_path: Path) -> None:
    files = write_events(graph, tmp_path)
    with (tmp_path / "events.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == COLUMNS
        rows = list(reader)
    assert len(rows) == 6 and rows[0]["date"] == "2023-05"
    assert next(r for r in rows if r["property"] == "met")["actor1_name"] == "图瓦卢外长"
    pq = pytest.importorskip("pyarrow.parquet")
    assert tmp_path / "events.parquet" in files
    table = pq.read_table(tmp_path / "events.parquet")
    assert table.column_names == COLUMNS and table.num_rows == 6


def test_empty_graph_writes_a_header(tmp_path: Path) -> None:
    write_events(KnowledgeGraph(), tmp_path)
    assert (tmp_path / "events.csv").read_text(encoding="utf-8").strip() == ",".join(COLUMNS)


def test_code_tables() -> None:
    codes = cameo_codes()
    assert {"040", "042", "043", "044", "045", "046", "057", "166"} <= set(codes)
    assert (codes["045"].plover_type, codes["045"].goldstein) == ("CONSULT", 5.0)
    assert codes["057"].goldstein == 8.0 and codes["046"].goldstein == 7.0
    assert all(-10 <= c.goldstein <= 10 for c in codes.values())
    d = default_codes()
    assert (d["met"], d["visited"], d["hosted"], d["mediated"], d["signed"], d["withdrewFrom"]) == \
        ("040", "042", "043", "045", "057", "166")
    assert set(d.values()) <= set(codes)
    assert [quad_class(c) for c in ("040", "057", "080", "112", "166", None)] == [1, 1, 2, 3, 4, None]


def test_build_writes_events_and_api_returns_them(tmp_path: Path) -> None:
    import kg

    src = tmp_path / "in"
    src.mkdir()
    (src / "note.md").write_text(
        "---\ndate: 2022-11-04\n---\n国家主席习近平2日在北京会见来访的坦桑尼亚总统哈桑。\n", encoding="utf-8")
    g = kg.build(src, out=tmp_path / "out")
    with (tmp_path / "out" / "events.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    met = [r for r in rows if r["property"] == "met"]
    assert met, rows
    assert met[0]["date"] == "2022-11-02" and met[0]["event_code"].startswith("04")
    assert {met[0]["actor1_country_code"], met[0]["actor2_country_code"]} == {"CHN", "TZA"}
    df = g.events()
    assert list(df.columns) == COLUMNS and len(df) == len(rows)
    assert df.attrs["undated"] >= 0
