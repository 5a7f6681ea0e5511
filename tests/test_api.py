"""The notebook facade (kg.api): tables, lookups, SPARQL, graphs and HTML.

Most tests wrap the hand-made ``small_kg`` so they do not depend on the
extractor; one module-scoped build of two short documents checks the
build → facade path end to end.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
import rdflib

import kg
from kg.api import (
    CENTRALITY_COLUMNS,
    DOCUMENT_COLUMNS,
    ENTITY_COLUMNS,
    FACT_COLUMNS,
    STATEMENT_COLUMNS,
    TIMELINE_COLUMNS,
    Graph,
)
from kg.graph import KnowledgeGraph
from kg.model import Entity

NEWS = ("2024年5月6日，中国外交部长王毅在北京会见美国国务卿布林肯。双方同意加强沟通。\n"
        "2023年10月，第三届“一带一路”国际合作高峰论坛在北京举行。\n")
PRESS = ("---\ntitle: 外长记者会\ndate: 2024-03-07\n---\n"
         "十四届全国人大二次会议在梅地亚中心举行记者会。\n\n"
         "新华社记者：请介绍中美关系。\n\n"
         "王毅：中方愿同美方相向而行，美国应当停止打压中国。\n")


@pytest.fixture
def g(small_kg: KnowledgeGraph) -> Graph:
    return Graph(small_kg)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("corpus")
    (d / "news.txt").write_text(NEWS, encoding="utf-8")
    (d / "press.md").write_text(PRESS, encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def built(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Graph:
    return kg.build(corpus, out=tmp_path_factory.mktemp("out"))


# -- package surface ------------------------------------------------------------
def test_package_exports() -> None:
    assert kg.KnowledgeGraph is KnowledgeGraph  # the core class stays importable
    assert kg.Graph is Graph
    assert callable(kg.build) and callable(kg.load)
    with pytest.raises(AttributeError):
        kg.no_such_thing  # noqa: B018


def test_build_needs_paths() -> None:
    with pytest.raises(ValueError):
        kg.build()


# -- names ------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["老挝", "Laos", "寮國", "老撾", "country/LA", "laos"])
def test_name_lookup_any_script_or_language(g: Graph, name: str) -> None:
    assert g.ids(name) == ["country/LA"]


def test_traditional_form_not_listed_as_alias(g: Graph) -> None:
    assert g.ids("萬象") == ["place/vientiane"]  # OpenCC variant of 万象


def test_unknown_name_raises_with_hint(g: Graph) -> None:
    with pytest.raises(ValueError, match="no entity named"):
        g.facts(subject="不存在的人")


# -- entities / documents -------------------------------------------------------
def test_entities(g: Graph) -> None:
    df = g.entities()
    assert list(df.columns) == ENTITY_COLUMNS
    assert len(df) == 10
    assert df.iloc[0]["id"] == "country/CN"  # most mentioned first
    wang = df.set_index("id").loc["person/wang-yi"]
    assert wang["label"] == "王毅" and wang["label_en"] == "Wang Yi" and wang["class"] == "Person"
    assert wang["mentions"] == 5 and wang["documents"] == 2
    assert wang["aliases"] == ["王外长"] and wang["wikidata"] == "Q17048"
    people = g.entities("person")
    assert set(people["id"]) == {"person/wang-yi", "person/a1b2c3d4e5f6"}
    with pytest.raises(ValueError):
        g.entities("Planet")


def test_documents(g: Graph) -> None:
    df = g.documents()
    assert list(df.columns) == DOCUMENT_COLUMNS
    assert set(df["id"]) == {"news-1.txt", "press-2.md"}
    assert df.set_index("id").loc["news-1.txt", "title"] == "外长会见"


# -- facts ----------------------------------------------------------------------
def test_facts_met(g: Graph) -> None:
    df = g.facts(predicate="met")
    assert list(df.columns) == FACT_COLUMNS
    assert len(df) == 1
    row = df.iloc[0]
    assert {row["subject_label"], row["object_label"]} == {"王毅", "塔尼"}  # met is symmetric
    assert "会见老挝外长塔尼" in row["evidence"]
    assert row["document"] == "news-1.txt" and row["document_title"] == "外长会见"
    assert row["document_date"] == "2024-05-06" and row["method"] == "rule"
    assert row["confidence"] == pytest.approx(0.8)


def test_facts_symmetric_turns_to_named_subject(g: Graph) -> None:
    df = g.facts(subject="塔尼", predicate="met")
    assert list(zip(df["subject_label"], df["object_label"], strict=True)) == [("塔尼", "王毅")]
    df = g.facts(object="Wang Yi", predicate="met")
    assert list(df["subject_label"]) == ["塔尼"]


def test_facts_filters_and_curated(g: Graph) -> None:
    # Vientiane ⊂ Laos is known only from places.csv: hidden unless asked for
    assert g.facts(subject="万象").empty
    cur = g.facts(subject="Vientiane", include_curated=True)
    assert list(cur["object_label"]) == ["老挝"] and cur.iloc[0]["method"] == "reference"
    assert cur.iloc[0]["document"] is None
    # a fact backed by a document and by the reference data shows the document sentence
    rail = g.facts(subject="中老鐵路", object="Laos").iloc[0]
    assert rail["method"] == "name" and rail["document"] == "news-1.txt" and rail["sources"] == 2
    assert rail["confidence"] == pytest.approx(1.0)
    # per assertion
    per = g.facts(subject="中老铁路", object="老挝", assertions=True, include_curated=True)
    assert sorted(per["method"]) == ["name", "reference"]
    assert g.facts(min_confidence=0.9)["confidence"].min() >= 0.9
    pos = g.facts(predicate="position")
    assert list(pos["object_label"]) == ["外交部长"]
    assert list(g.facts(predicate="position", object="外交部长")["subject_label"]) == ["王毅"]
    assert g.facts(predicate="position", object="总统").empty
    with pytest.raises(ValueError):
        g.facts(predicate="likes")


# -- statements, timeline ---------------------------------------------------------
def test_statements_about(g: Graph) -> None:
    df = g.statements(about="美国")
    assert list(df.columns) == STATEMENT_COLUMNS
    assert len(df) == 1
    row = df.iloc[0]
    assert row["speaker"] == "王毅" and row["text"] == "美方应当同中方相向而行。"
    assert row["outlet"] == "外交部" and row["date"] == "2024-03-07" and row["document"] == "press-2.md"
    assert row["mentions"] == ["美国", "中国"]
    assert len(g.statements(about="United States")) == 1
    assert len(g.statements(speaker="Wang Yi")) == 1
    assert g.statements(about="老挝").empty
    assert len(g.statements(about="相向而行")) == 1  # not an entity: text search


def test_timeline_sorted(g: Graph) -> None:
    g.kg.add_entity(Entity("event/early", "Event", "早期会议", date="2019-04-25"))
    g.kg.add_entity(Entity("event/no-year", "Event", "无年份会议", date="--06-01"))
    g.kg.add_entity(Entity("event/undated", "Event", "无日期会议"))
    df = g.timeline()
    assert list(df.columns) == TIMELINE_COLUMNS
    assert list(df["date"]) == ["2019-04-25", "2023-10", "--06-01"]
    assert df["when"].iloc[:2].is_monotonic_increasing and pd.isna(df["when"].iloc[2])
    forum = df.set_index("id").loc["event/0f0e0d0c0b0a"]
    assert forum["participants"] == ["中国"] and forum["when"] == pd.Timestamp("2023-10-01")
    assert list(g.timeline(undated=True)["event"])[-1] == "无日期会议"


# -- graphs -----------------------------------------------------------------------
def test_networkx_views(g: Graph) -> None:
    m = g.to_networkx()
    assert isinstance(m, nx.MultiDiGraph) and m.has_edge("person/a1b2c3d4e5f6", "person/wang-yi", "met")
    u = g.to_networkx(undirected=True, include_curated=False)
    assert isinstance(u, nx.Graph) and not u.is_directed()
    assert not u.has_edge("place/vientiane", "country/LA")  # curated only
    assert u.has_edge("country/LA", "project/china-laos-railway")
    assert g.to_networkx(undirected=True).has_edge("place/vientiane", "country/LA")


def test_centrality(g: Graph) -> None:
    df = g.centrality(top=3)
    assert list(df.columns) == CENTRALITY_COLUMNS
    assert len(df) == 3
    # 王毅: 塔尼, 中国, 老挝; 中国: 王毅, 中老铁路, the forum (curated-only links left out)
    assert set(df["id"].iloc[:2]) == {"person/wang-yi", "country/CN"} and list(df["degree"].iloc[:2]) == [3, 3]
    assert df["degree"].is_monotonic_decreasing
    assert (df["betweenness"] >= 0).all()
    assert set(g.centrality(cls="Country")["class"]) == {"Country"}


def test_rdflib(g: Graph) -> None:
    ds = g.to_rdflib()
    assert isinstance(ds, rdflib.Dataset) and len(ds) > 0


def test_query_in_memory(g: Graph) -> None:
    df = g.query("SELECT ?l WHERE { ?p a kg:Person ; rdfs:label ?l FILTER(LANG(?l) = 'zh') } ORDER BY ?l")
    assert isinstance(df, pd.DataFrame) and list(df.columns) == ["l"]
    assert sorted(df["l"]) == ["塔尼", "王毅"]
    count = g.query("SELECT (COUNT(*) AS ?n) WHERE { ?a kg:met ?b }")
    assert count.iloc[0]["n"] == 1  # numbers come back as numbers
    assert g.query("ASK { ?a kg:met ?b }") is True
    short = g.query("SELECT ?a WHERE { ?a kg:met ?b }", short=True)
    assert list(short["a"]) == ["ent:person/a1b2c3d4e5f6"] or list(short["a"]) == ["ent:person/wang-yi"]
    triples = g.query("CONSTRUCT { ?a kg:met ?b } WHERE { ?a kg:met ?b }")
    assert list(triples.columns) == ["subject", "predicate", "object"] and len(triples) == 1


def test_query_rq_file(g: Graph) -> None:
    rq = Path(__file__).resolve().parent.parent / "ontology" / "queries" / "02-who-met-whom.rq"
    df = g.query(rq)
    assert {"aName", "bName", "evidence"} <= set(df.columns)
    assert {tuple(sorted((r.aName, r.bName))) for r in df.itertuples()} == {("塔尼", "王毅")}


def test_view_outside_jupyter_writes_file(g: Graph, tmp_path: Path) -> None:
    path = g.view(focus="Laos", depth=1, path=tmp_path / "laos.html")
    assert Path(path).is_file()
    page = Path(path).read_text(encoding="utf-8")
    assert "老挝" in page and "<html" in page.lower()
    with pytest.raises(ValueError):
        g.view(focus="不存在")


def test_view_in_jupyter_is_inline_iframe(g: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.api

    monkeypatch.setattr(kg.api, "_in_notebook", lambda: True)
    out = g.view(focus="老挝", depth=1)
    assert "<iframe srcdoc=" in out.data and "老挝" in out.data


# -- a real build -----------------------------------------------------------------
def test_build_end_to_end(built: Graph, corpus: Path) -> None:
    assert built.folder is not None and (built.folder / "kg.json").is_file()
    assert not built.problems
    met = built.facts(subject="王毅", predicate="met")
    assert "布林肯" in set(met["object_label"])
    row = met[met["object_label"] == "布林肯"].iloc[0]
    assert row["subject_label"] == "王毅" and "会见美国国务卿布林肯" in row["evidence"]
    assert row["document"] == "news.txt" and row["date"] == "2024-05-06"
    st = built.statements(about="美國")
    assert len(st) == 1 and "美国应当停止打压中国" in st.iloc[0]["text"]
    assert st.iloc[0]["speaker"] == "王毅"
    assert built.ids("Antony Blinken") == built.ids("布林肯")
    tl = built.timeline()
    assert list(tl["date"]) == sorted(tl["date"]) and len(tl) >= 1
    ents = built.entities()
    assert {"中国", "美国", "王毅", "布林肯"} <= set(ents["label"])


def test_load_and_query_on_disk(built: Graph) -> None:
    again = kg.load(built.folder)
    assert len(again) == len(built)
    df = again.query("SELECT ?b WHERE { ?a kg:met ?b }")
    assert len(df) >= 1
    assert (built.folder / ".oxigraph").is_dir()  # the folder's cached store was used


def test_displacy(built: Graph) -> None:
    page = built.displacy("news.txt", jupyter=False)
    assert isinstance(page, str)
    assert "王毅" in page and "person/wang-yi" in page and "Person" in page
    assert "布林肯" in page and "Country" in page
    with pytest.raises(KeyError):
        built.displacy("nope.txt")


def test_displacy_after_load(built: Graph) -> None:
    """A loaded graph finds the source file again and re-runs the NLP on it."""
    page = kg.load(built.folder).displacy("press", jupyter=False)  # unique id prefix
    assert "王毅" in page and "新华社" in page


# -- the modules behind the facade ---------------------------------------------------
def test_modules_work_without_the_facade(small_kg: KnowledgeGraph, g: Graph) -> None:
    """Each job's functions take a plain KnowledgeGraph and answer as the facade does."""
    from kg.api import names, networks, tables

    pd.testing.assert_frame_equal(tables.facts(small_kg, predicate="met"), g.facts(predicate="met"))
    pd.testing.assert_frame_equal(tables.entities(small_kg, "Country"), g.entities("Country"))
    pd.testing.assert_frame_equal(networks.centrality(small_kg, top=3), g.centrality(top=3))
    assert names.ids(small_kg, "Laos") == ["country/LA"]
    assert names.label(small_kg, "country/LA") == "老挝"
    assert names.label(small_kg, "no/such-id") == "no/such-id"
    assert names.class_name(" person ") == "Person"


def test_keyword_names_of_the_facade_are_kept() -> None:
    """Notebooks call the facade by keyword; renaming a parameter would break them."""
    import inspect

    expected = {
        "entities": ["cls"], "documents": [], "events": [], "statements": ["about", "speaker"],
        "facts": ["subject", "predicate", "object", "min_confidence", "include_curated", "assertions"],
        "timeline": ["undated"], "to_networkx": ["undirected", "include_curated"],
        "centrality": ["top", "cls", "include_curated"], "to_rdflib": [], "query": ["sparql", "short"],
        "view": ["focus", "depth", "height", "path"], "displacy": ["doc_id", "jupyter"], "ids": ["name"],
    }
    for method, params in expected.items():
        assert list(inspect.signature(getattr(Graph, method)).parameters)[1:] == params, method


def test_sparql_values_are_plain_python() -> None:
    import pyoxigraph as ox

    from kg.api.sparql import py_value

    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert py_value(ox.Literal("7", datatype=ox.NamedNode(xsd + "integer"))) == 7
    assert py_value(ox.Literal("0.5", datatype=ox.NamedNode(xsd + "decimal"))) == 0.5
    assert py_value(ox.Literal("true", datatype=ox.NamedNode(xsd + "boolean"))) is True
    assert py_value(ox.Literal("x7", datatype=ox.NamedNode(xsd + "integer"))) == "x7"
    assert py_value(ox.NamedNode("https://example.org/a")) == "https://example.org/a"
    assert py_value(None) is None


def test_document_prefix_must_be_unique(small_kg: KnowledgeGraph) -> None:
    from kg.api.sources import document_id

    assert document_id(small_kg, "news") == "news-1.txt"
    assert document_id(small_kg, "press-2.md") == "press-2.md"
    with pytest.raises(KeyError, match="did you mean"):
        document_id(small_kg, "")  # every id starts with the empty prefix


def test_tint_is_lighter() -> None:
    from kg.api.display import tint

    assert tint("#000000") == "#8c8c8c"
    assert tint("#ffffff") == "#ffffff"
