"""RDF export: formats round-trip, bytes are deterministic, provenance is complete."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.export.rdf import REFERENCE_GRAPH, date_literal, to_rdflib, write_rdf
from kg.graph import KnowledgeGraph
from kg.model import Assertion, DocumentInfo, Entity
from kg.namespaces import KG, WD, document_iri, entity_iri

RDFLIB_FORMAT = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig"}
#: the evaluation scorer, shared beside the checkout (``../shared``); the test skips without it
SCORE = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"


@pytest.fixture
def export(small_kg: KnowledgeGraph, tmp_path: Path) -> Path:
    write_rdf(small_kg, tmp_path)
    return tmp_path


def rdflib_load(path: Path) -> rdflib.Dataset:
    ds = rdflib.Dataset(default_union=True)
    ds.parse(path, format=RDFLIB_FORMAT[path.suffix.lstrip(".")])
    return ds


def ox_quads(path: Path) -> set[ox.Quad]:
    return set(ox.parse(path=str(path)))


def test_writes_all_formats(export: Path) -> None:
    for name in ("graph.ttl", "graph.nt", "graph.jsonld", "graph.trig"):
        assert (export / name).stat().st_size > 0
        (export / name).read_bytes().decode("utf-8")  # UTF-8, whatever the locale


def test_formats_round_trip_rdflib_and_oxigraph(export: Path) -> None:
    union = ox_quads(export / "graph.nt")
    assert all(isinstance(q.graph_name, ox.DefaultGraph) for q in union)
    for ext in ("ttl", "nt", "jsonld"):
        path = export / f"graph.{ext}"
        assert ox_quads(path) == union, ext
        assert len(rdflib_load(path)) == len(union), ext
    trig = ox_quads(export / "graph.trig")
    ds = rdflib.Dataset()
    ds.parse(export / "graph.trig", format="trig")
    assert sum(len(g) for g in ds.graphs()) == len(trig)
    # graph.nt is the trig union minus the curated-only direct triples
    trig_triples = {q.triple for q in trig}
    assert {q.triple for q in union} <= trig_triples
    assert len(trig_triples - {q.triple for q in union}) == 1  # 万象 locatedIn 老挝 (curated only)


def test_to_rdflib_matches_trig(small_kg: KnowledgeGraph, export: Path) -> None:
    ds = to_rdflib(small_kg)
    out = rdflib.Dataset()
    out.parse(export / "graph.trig", format="trig")
    assert set(ds.quads()) == set(out.quads())
    names = {str(g.identifier) for g in ds.graphs()}
    assert {str(document_iri("news-1.txt")), str(document_iri("press-2.md")), REFERENCE_GRAPH} <= names
    assert dict(ds.namespaces())["kg"] == rdflib.URIRef(str(KG))


def test_deterministic(small_kg: KnowledgeGraph, tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    write_rdf(small_kg, a)
    # a copy through kg.json: same graph, different insertion order of sets and dicts
    copy = KnowledgeGraph.from_dict(small_kg.to_dict())
    copy.entities = dict(reversed(list(copy.entities.items())))
    copy.relations = dict(reversed(list(copy.relations.items())))
    write_rdf(copy, b)
    for name in ("graph.ttl", "graph.nt", "graph.jsonld", "graph.trig"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    lines = (a / "graph.nt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)
    assert "_:" not in (a / "graph.nt").read_text(encoding="utf-8")


def test_kg_prefix_bound(export: Path) -> None:
    for ext in ("ttl", "trig"):
        text = (export / f"graph.{ext}").read_text(encoding="utf-8")
        assert f"@prefix kg: <{KG}> ." in text
        assert dict(rdflib_load(export / f"graph.{ext}").namespaces())["kg"] == rdflib.URIRef(str(KG))
    assert '"kg": "https://w3id.org/kg-diplo/ontology#"' in (export / "graph.jsonld").read_text("utf-8")


def test_entities(export: Path) -> None:
    g = rdflib_load(export / "graph.ttl")
    wang = rdflib.URIRef(str(entity_iri("person/wang-yi")))
    cn = rdflib.URIRef(str(entity_iri("country/CN")))
    assert (wang, RDF.type, KG.Person) in g
    assert (wang, RDFS.label, rdflib.Literal("王毅", lang="zh")) in g
    assert (wang, RDFS.label, rdflib.Literal("Wang Yi", lang="en")) in g
    assert (wang, SKOS.altLabel, rdflib.Literal("王外长", lang="zh")) in g
    assert (wang, OWL.sameAs, WD.Q17048) in g
    assert (wang, KG.curated, rdflib.Literal(True)) in g
    assert (wang, KG.mentionedIn, rdflib.URIRef(str(document_iri("press-2.md")))) in g
    assert (cn, KG.iso3166, rdflib.Literal("CN")) in g
    assert (cn, KG.mentionCount, rdflib.Literal(9)) in g
    event = rdflib.URIRef(str(entity_iri("event/0f0e0d0c0b0a")))
    assert g.value(event, KG.date) == rdflib.Literal("2023-10", datatype=XSD.gYearMonth)
    doc = rdflib.URIRef(str(document_iri("news-1.txt")))
    assert (doc, RDF.type, KG.Document) in g
    assert g.value(doc, KG.published) == rdflib.Literal("2024-05-06", datatype=XSD.date)
    assert g.value(doc, KG.url) == rdflib.Literal("https://example.org/a", datatype=XSD.anyURI)


@pytest.mark.parametrize("value,datatype", [
    ("2024-05-06", XSD.date), ("2024-05", XSD.gYearMonth), ("2024", XSD.gYear),
    ("--05-06", XSD.gMonthDay), ("2024-13", None), ("2024-02-30", None), ("去年", None),
])
def test_date_literal_typed_by_shape(value: str, datatype) -> None:
    expected = f'"{value}"' + (f"^^<{datatype}>" if datatype else "")
    assert date_literal(value) == expected


def test_direct_triples_and_reference_graph(export: Path) -> None:
    g = rdflib_load(export / "graph.ttl")
    e = lambda i: rdflib.URIRef(str(entity_iri(i)))  # noqa: E731
    assert (e("person/wang-yi"), KG.met, e("person/a1b2c3d4e5f6")) in g or \
        (e("person/a1b2c3d4e5f6"), KG.met, e("person/wang-yi")) in g
    assert (e("person/wang-yi"), KG.position, rdflib.Literal("外交部长", lang="zh")) in g
    # curated and extracted: direct triple kept
    assert (e("project/china-laos-railway"), KG.locatedIn, e("country/LA")) in g
    # curated only: no direct triple in graph.ttl, but its assertion is there
    vientiane = (e("place/vientiane"), KG.locatedIn, e("country/LA"))
    assert vientiane not in g
    asr = [a for a in g.subjects(KG.subject, vientiane[0]) if g.value(a, KG.predicate) == KG.locatedIn]
    assert asr and g.value(asr[0], KG.curated) == rdflib.Literal(True)
    # … and the reference named graph of graph.trig has it as a direct triple
    ds = rdflib.Dataset()
    ds.parse(export / "graph.trig", format="trig")
    ref = ds.graph(rdflib.URIRef(REFERENCE_GRAPH))
    assert vientiane in ref
    assert vientiane not in ds.graph(rdflib.URIRef(str(document_iri("news-1.txt"))))
    news = ds.graph(rdflib.URIRef(str(document_iri("news-1.txt"))))
    assert (e("person/wang-yi"), KG.visited, e("country/LA")) in news
    assert (e("country/CN"), KG.hosted, e("event/0f0e0d0c0b0a")) not in news


def test_every_direct_triple_has_assertion(export: Path) -> None:
    for ext in ("ttl", "trig"):
        g = rdflib_load(export / f"graph.{ext}")
        props = [KG[p] for p in ("position", "affiliation", "met", "visited", "participatedIn", "hosted",
                                 "heldIn", "locatedIn", "partOf", "memberOf", "joined", "withdrewFrom",
                                 "mediated", "signed")]
        triples = [(s, p, o) for p in props for s, o in g.subject_objects(p)]
        assert len(triples) >= (9 if ext == "trig" else 8)
        for s, p, o in triples:
            found = [a for a in g.subjects(KG.subject, s)
                     if g.value(a, KG.predicate) == p and (a, KG.object, o) in g]
            assert found, (s, p, o)
            for a in found:
                assert (a, RDF.type, KG.Assertion) in g
                assert str(g.value(a, KG.evidence)).strip()
                assert g.value(a, PROV.wasDerivedFrom) is not None
                assert g.value(a, KG.confidence).datatype == XSD.decimal


def test_assertion_iris_are_stable(small_kg: KnowledgeGraph) -> None:
    def assertion_nodes(kg: KnowledgeGraph) -> set:
        return set(to_rdflib(kg).subjects(RDF.type, KG.Assertion))

    first = assertion_nodes(small_kg)
    small_kg.add_relation("person/wang-yi", "visited", "country/US",
                          Assertion("press-2.md", "王毅访问美国。", 1, 8, 0.7, "rule"))
    second = assertion_nodes(small_kg)
    assert first < second and len(second - first) == 1


def test_statements(export: Path) -> None:
    g = rdflib_load(export / "graph.ttl")
    (st,) = list(g.subjects(RDF.type, KG.Statement))
    assert g.value(st, KG.speaker) == rdflib.URIRef(str(entity_iri("person/wang-yi")))
    assert str(g.value(st, KG.text)) == "美方应当同中方相向而行。"
    assert g.value(st, KG.askedBy) == rdflib.URIRef(str(entity_iri("org/mfa-cn")))
    assert rdflib.URIRef(str(entity_iri("country/US"))) in set(g.objects(st, KG.mentions))
    assert g.value(st, PROV.wasDerivedFrom) == rdflib.URIRef(str(document_iri("press-2.md")))


def test_awkward_literals_and_ids(tmp_path: Path) -> None:
    """Quotes, backslashes, newlines and non-slug ids survive every format."""
    kg = KnowledgeGraph()
    kg.add_document(DocumentInfo(id="a b/c#L3.txt", source="a b/c.txt", format="weibo", line=3,
                                 title='引号"与\\反斜杠\n换行'))
    kg.add_entity(Entity("org/新华社 x", "Organization", "新华社", "Xinhua", {"Xinhua News Agency", "新華社"},
                         documents={"a b/c#L3.txt"}))
    kg.add_entity(Entity("country/CN", "Country", "中国", "China"))
    kg.add_relation("org/新华社 x", "affiliation", "country/CN",
                    Assertion("a b/c#L3.txt", '他说："你好"\\', 0, 5, 1 / 3, "model", "--05-06"))
    write_rdf(kg, tmp_path)
    union = ox_quads(tmp_path / "graph.nt")
    for ext in ("ttl", "jsonld"):
        assert ox_quads(tmp_path / f"graph.{ext}") == union
        assert len(rdflib_load(tmp_path / f"graph.{ext}")) == len(union)
    g = rdflib_load(tmp_path / "graph.ttl")
    doc = rdflib.URIRef(str(document_iri("a b/c#L3.txt")))
    assert str(g.value(doc, KG.title)) == '引号"与\\反斜杠\n换行'
    assert g.value(doc, KG.line) == rdflib.Literal(3)
    org = rdflib.URIRef(str(entity_iri("org/新华社 x")))
    assert (org, SKOS.altLabel, rdflib.Literal("Xinhua News Agency", lang="en")) in g
    (a,) = list(g.subjects(KG.subject, org))
    assert str(g.value(a, KG.confidence)) == "0.3333"
    assert g.value(a, KG.date) == rdflib.Literal("--05-06", datatype=XSD.gMonthDay)


def test_unknown_format_rejected(small_kg: KnowledgeGraph, tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_rdf(small_kg, tmp_path, formats=("rdfxml",))
    assert write_rdf(small_kg, tmp_path, formats=("nt",)) == [tmp_path / "graph.nt"]


@pytest.mark.skipif(not SCORE.exists(), reason=f"shared scorer not available at {SCORE}")
def test_scorer_accepts_export(export: Path) -> None:
    spec = importlib.util.spec_from_file_location("kg_eval_score", SCORE)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    ds = score.load_graph(export / "graph.ttl")
    nodes, triples, evidence = score.graph_view(ds)
    assert len(nodes) == 10
    assert all((s, p, o) in evidence for s, p, o in triples)
    gold = {
        "entities": [{"type": "Person", "name": "王毅", "aliases": ["王外长"]},
                     {"type": "Person", "name": "塔尼"},
                     {"type": "Country", "name": "老挝", "aliases": ["寮国"]},
                     {"type": "Place", "name": "万象"},
                     {"type": "Project", "name": "中老铁路"}],
        "relations": [{"s": "塔尼", "p": "met", "o": "王毅"}, {"s": "王毅", "p": "position", "o": "外交部长"},
                      {"s": "王毅", "p": "visited", "o": "老挝"},
                      {"s": "中老铁路", "p": "locatedIn", "o": "老挝"}, {"s": "万象", "p": "locatedIn", "o": "老挝"}],
    }
    result = score.score(gold, ds)
    assert result["evidence"]["with_evidence"] == result["evidence"]["triples"]
    assert result["relations"]["met"]["tp"] == 1
    assert result["relations"]["position"]["tp"] == 1
    assert result["relations"]["visited"]["tp"] == 1
    assert result["entities"]["Person"]["tp"] == 2
    # extracted 中老铁路 locatedIn 老挝 counts; curated-only 万象 locatedIn 老挝 is no direct triple
    assert result["relations"]["locatedIn"]["tp"] == 1
    assert result["detail"]["missed_relations"] == ["万象 locatedIn 老挝"]
