"""The ontology, the SHACL shapes and ``kg validate``.

The ontology is a product contract (SCHEMA.md local names, bilingual labels,
alignments); the shapes must accept a well-formed export and name the problem
in a broken one, or ``kg validate`` is useless to a user.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

from kg.model import CLASSES, PROPERTIES
from kg.namespaces import ENT, KG, ORG, SDO, SEM, WDT
from kg.paths import ontology_dir
from kg.schema import schema
from kg.validate import load_graph, read_results, shapes_graph, validate, validate_graph

EXTRA_CLASSES = ("Document", "Assertion", "Statement", "ReferenceFile")
EXTRA_PROPERTIES = (
    "title", "source", "url", "author", "published", "format", "line",
    "subject", "predicate", "object", "evidence", "confidence", "method", "start", "end", "date", "curated",
    "speaker", "text", "askedBy", "question", "mentions", "atEvent",
    "mentionCount", "iso3166", "wikidata", "mentionedIn",
)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ontology_dir() / "kg.ttl", format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return shapes_graph()


# -- ontology --------------------------------------------------------------

def test_files_parse(onto: Graph, shapes: Graph) -> None:
    assert len(onto) > 300
    assert len(shapes) > 300
    assert (URIRef("https://w3id.org/kg-diplo/ontology"), RDF.type, OWL.Ontology) in onto


def test_prefix_kg_bound(onto: Graph) -> None:
    assert dict(onto.namespaces())["kg"] == URIRef(str(KG))


def test_header(onto: Graph) -> None:
    dct = "http://purl.org/dc/terms/"
    head = URIRef("https://w3id.org/kg-diplo/ontology")
    for p in ("title", "description", "license"):
        assert onto.value(head, URIRef(dct + p)) is not None, p
    assert onto.value(head, OWL.versionInfo) is not None


@pytest.mark.parametrize("name", CLASSES + EXTRA_CLASSES)
def test_class_declared_with_labels(onto: Graph, name: str) -> None:
    term = KG[name]
    assert (term, RDF.type, OWL.Class) in onto
    _assert_bilingual(onto, term)


@pytest.mark.parametrize("name", PROPERTIES + EXTRA_PROPERTIES)
def test_property_declared_with_labels(onto: Graph, name: str) -> None:
    term = KG[name]
    kinds = set(onto.objects(term, RDF.type))
    assert kinds & {OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property}, name
    _assert_bilingual(onto, term)


def test_seven_classes_and_fourteen_properties_exactly() -> None:
    assert len(CLASSES) == 7 and len(PROPERTIES) == 14


def test_position_is_datatype_property_rest_object(onto: Graph) -> None:
    assert (KG.position, RDF.type, OWL.DatatypeProperty) in onto
    assert onto.value(KG.position, RDFS.range) == RDF.langString
    for p in PROPERTIES:
        if p != "position":
            assert (KG[p], RDF.type, OWL.ObjectProperty) in onto, p


def test_met_symmetric(onto: Graph) -> None:
    assert (KG.met, RDF.type, OWL.SymmetricProperty) in onto


# domain → range of SCHEMA.md: the user's contract, stated here once on purpose so
# that kg.ttl (which kg.schema reads for everything else) cannot drift from it
SCHEMA_ENDS = {
    "position": ({"Person"}, None),
    "affiliation": ({"Person"}, {"Country", "Organization"}),
    "met": ({"Person", "Country"}, {"Person", "Country"}),
    "visited": ({"Person"}, {"Country", "Place"}),
    "participatedIn": ({"Person", "Country", "Organization"}, {"Event"}),
    "hosted": ({"Person", "Country", "Organization", "Place"}, {"Event"}),
    "heldIn": ({"Event"}, {"Place", "Country"}),
    "locatedIn": ({"Project", "Place"}, {"Country", "Place"}),
    "partOf": ({"Project", "Event"}, {"Initiative"}),
    "memberOf": ({"Country"}, {"Organization"}),
    "joined": ({"Country"}, {"Initiative", "Organization"}),
    "withdrewFrom": ({"Country"}, {"Initiative", "Organization"}),
    "mediated": ({"Person", "Country"}, {"Country"}),
    "signed": ({"Person", "Country"}, {"Organization", "Initiative", "Project"}),
}


@pytest.mark.parametrize("prop", sorted(SCHEMA_ENDS))
def test_domains_and_ranges_follow_schema(prop: str) -> None:
    dom, rng = SCHEMA_ENDS[prop]
    assert schema().domain(prop) == dom
    if rng is not None:
        assert schema().range(prop) == rng


@pytest.mark.parametrize("triple", [
    (KG.Person, RDFS.subClassOf, SDO.Person),
    (KG.Country, RDFS.subClassOf, SDO.Country),
    (KG.Place, RDFS.subClassOf, SDO.Place),
    (KG.Organization, RDFS.subClassOf, SDO.Organization),
    (KG.Organization, RDFS.subClassOf, ORG.Organization),
    (KG.Event, RDFS.subClassOf, SDO.Event),
    (KG.Event, RDFS.subClassOf, SEM.Event),
    (KG.Project, SKOS.closeMatch, SDO.Project),
    (KG.Document, RDFS.subClassOf, SDO.CreativeWork),
    (KG.Document, RDFS.subClassOf, PROV.Entity),
    (KG.Assertion, RDFS.subClassOf, PROV.Entity),
    (KG.Statement, RDFS.subClassOf, SDO.Quotation),
    (KG.position, SKOS.closeMatch, ORG.Post),
    (KG.position, SKOS.closeMatch, ORG.holds),
    (KG.position, SKOS.closeMatch, WDT.P39),
    (KG.participatedIn, OWL.equivalentProperty, WDT.P1344),
    (KG.participatedIn, OWL.inverseOf, WDT.P710),
    (KG.participatedIn, OWL.inverseOf, SEM.hasActor),
    (KG.heldIn, RDFS.subPropertyOf, SEM.hasPlace),
    (KG.locatedIn, SKOS.closeMatch, WDT.P17),
    (KG.locatedIn, SKOS.closeMatch, WDT.P276),
    (KG.partOf, SKOS.closeMatch, WDT.P361),
    (KG.memberOf, SKOS.closeMatch, WDT.P463),
    (KG.date, SKOS.closeMatch, WDT.P585),
    (KG.date, SKOS.closeMatch, SEM.hasTimeStamp),
])
def test_alignment(onto: Graph, triple: tuple) -> None:
    assert triple in onto


def test_position_comment_explains_org_shortcut(onto: Graph) -> None:
    en = [c for c in onto.objects(KG.position, RDFS.comment) if c.language == "en"]
    assert any("org:holds" in c and "org:Post" in c for c in en)


@pytest.mark.parametrize(("prop", "code"), [
    ("met", "040"), ("visited", "042"), ("hosted", "043"), ("mediated", "045"),
    ("signed", "057"), ("joined", "057"), ("withdrewFrom", "166"),
])
def test_cameo_codes(onto: Graph, prop: str, code: str) -> None:
    assert Literal(code) in set(onto.objects(KG[prop], KG.cameoCode))


# -- shapes on hand-made graphs -------------------------------------------

PREFIXES = """
@prefix kg: <https://w3id.org/kg-diplo/ontology#> .
@prefix doc: <https://w3id.org/kg-diplo/doc/> .
@prefix asr: <https://w3id.org/kg-diplo/assertion/> .
@prefix ref: <https://w3id.org/kg-diplo/reference/> .
@prefix stm: <https://w3id.org/kg-diplo/statement/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
"""
WANG, LAOS, CN, UN, EVENT = (f"<{ENT[i]}>" for i in
                             ("person/wang-yi", "country/LA", "country/CN", "org/un", "event/forum"))

GOOD = PREFIXES + f"""
{WANG} a kg:Person ; rdfs:label "王毅"@zh , "Wang Yi"@en ; skos:altLabel "王外长"@zh ;
    kg:position "外交部长"@zh ; kg:visited {LAOS} ; kg:met {CN} ; kg:mentionCount 3 ;
    kg:mentionedIn doc:news-1.txt ; owl:sameAs <http://www.wikidata.org/entity/Q17048> .
{LAOS} a kg:Country ; rdfs:label "老挝"@zh , "Laos"@en ; kg:iso3166 "LA" .
{CN} a kg:Country ; rdfs:label "中国"@zh .
{UN} a kg:Organization ; rdfs:label "联合国"@zh .
{EVENT} a kg:Event ; rdfs:label "峰会"@zh ; kg:date "2023-10"^^xsd:gYearMonth ; kg:heldIn {LAOS} .
doc:news-1.txt a kg:Document ; kg:source "news-1.txt" ; kg:published "2024-05-06"^^xsd:date .
ref:events.csv a kg:ReferenceFile .
asr:1 a kg:Assertion ; kg:subject {WANG} ; kg:predicate kg:position ; kg:object "外交部长"@zh ;
    kg:evidence "中国外交部长王毅访问老挝。" ; kg:confidence 0.8 ; kg:method "rule" ;
    kg:start 0 ; kg:end 12 ; kg:date "2024-05-06"^^xsd:date ; prov:wasDerivedFrom doc:news-1.txt .
asr:2 a kg:Assertion ; kg:subject {WANG} ; kg:predicate kg:visited ; kg:object {LAOS} ;
    kg:evidence "中国外交部长王毅访问老挝。" ; kg:confidence 0.8 ; prov:wasDerivedFrom doc:news-1.txt .
asr:3 a kg:Assertion ; kg:subject {CN} ; kg:predicate kg:met ; kg:object {WANG} ;
    kg:evidence "中方会见王毅。" ; kg:confidence 0.5 ; prov:wasDerivedFrom doc:news-1.txt .
asr:4 a kg:Assertion ; kg:subject {EVENT} ; kg:predicate kg:heldIn ; kg:object {LAOS} ;
    kg:evidence "curated: events.csv" ; kg:confidence 1.0 ; kg:method "reference" ; kg:curated true ;
    prov:wasDerivedFrom ref:events.csv .
stm:s1 a kg:Statement ; kg:speaker {WANG} ; kg:text "中老友谊万古长青。" ; kg:askedBy {UN} ;
    kg:mentions {LAOS} ; kg:atEvent {EVENT} ; prov:wasDerivedFrom doc:news-1.txt .
"""


def _check(ttl: str) -> tuple[bool, list]:
    data = Graph().parse(data=ttl, format="turtle")
    shapes = shapes_graph()
    conforms, results = validate_graph(data, shapes=shapes)
    return conforms, read_results(results, data, shapes)


def test_conforming_graph() -> None:
    conforms, problems = _check(GOOD)
    assert conforms, "\n".join(p.line() for p in problems)
    assert problems == []


def _problems_for(extra: str) -> list:
    conforms, problems = _check(GOOD + extra)
    assert not conforms
    return problems


def test_entity_without_zh_label() -> None:
    problems = _problems_for(f"<{ENT['person/x']}> a kg:Person ; rdfs:label \"Nobody\"@en .")
    assert any("person/x" in p.focus and "Chinese name" in p.message and p.path == "rdfs:label"
               for p in problems)


def test_entity_with_two_zh_labels() -> None:
    problems = _problems_for(f"{UN} rdfs:label \"联合国组织\"@zh .")
    assert any("org/un" in p.focus and "skos:altLabel" in p.message for p in problems)


def test_assertion_without_evidence() -> None:
    problems = _problems_for(
        f"asr:9 a kg:Assertion ; kg:subject {WANG} ; kg:predicate kg:visited ; kg:object {LAOS} ;"
        " kg:confidence 0.7 ; prov:wasDerivedFrom doc:news-1.txt .")
    assert any(p.focus == "asr:9" and p.path == "kg:evidence" for p in problems)


def test_assertion_blank_evidence_bad_confidence_and_source() -> None:
    problems = _problems_for(
        f"asr:9 a kg:Assertion ; kg:subject {WANG} ; kg:predicate kg:visits ; kg:object {LAOS} ;"
        f" kg:evidence \"  \" ; kg:confidence 1.5 ; kg:start 9 ; kg:end 3 ; prov:wasDerivedFrom {UN} .")
    paths = {p.path for p in problems if p.focus == "asr:9"}
    assert {"kg:evidence", "kg:confidence", "kg:predicate", "kg:start", "prov:wasDerivedFrom"} <= paths


def test_visited_organization() -> None:
    problems = _problems_for(
        f"{WANG} kg:visited {UN} .\n"
        f"asr:9 a kg:Assertion ; kg:subject {WANG} ; kg:predicate kg:visited ; kg:object {UN} ;"
        " kg:evidence \"王毅访问联合国。\" ; kg:confidence 0.7 ; prov:wasDerivedFrom doc:news-1.txt .")
    bad = [p for p in problems if p.shape == "kgsh:visited-object"]
    assert len(bad) == 1
    assert "王毅" in bad[0].focus and "联合国" in (bad[0].value or "")
    assert "kg:Country or kg:Place" in bad[0].message


def test_held_in_subject_must_be_event() -> None:
    # RDFS inference from rdfs:domain would make the subject an Event and hide this.
    problems = _problems_for(f"{CN} kg:heldIn {LAOS} .")
    assert any(p.shape == "kgsh:heldIn-subject" and "中国" in p.focus for p in problems)


def test_relation_without_assertion() -> None:
    problems = _problems_for(f"{WANG} kg:affiliation {CN} .")
    assert any(p.shape == "kgsh:RelationBacked" and p.path == "kg:affiliation" for p in problems)


def test_met_backed_in_either_order() -> None:
    # GOOD has WANG kg:met CN backed by an assertion CN met WANG
    conforms, _ = _check(GOOD)
    assert conforms


def test_event_date_datatype() -> None:
    problems = _problems_for(f"{EVENT} kg:date \"2023-13\"^^xsd:gYearMonth .")
    assert any("峰会" in p.focus and p.path == "kg:date" for p in problems)
    problems = _problems_for(f"<{ENT['event/y']}> a kg:Event ; rdfs:label \"会议\"@zh ; kg:date \"2023\" .")
    assert any("event/y" in p.focus and p.path == "kg:date" for p in problems)


def test_document_needs_source() -> None:
    problems = _problems_for("doc:other.txt a kg:Document ; kg:title \"无\" .")
    assert any(p.focus == "doc:other.txt" and p.path == "kg:source" for p in problems)


def test_position_must_be_zh_literal() -> None:
    problems = _problems_for(
        f"{WANG} kg:position \"minister\" .\n"
        f"asr:9 a kg:Assertion ; kg:subject {WANG} ; kg:predicate kg:position ; kg:object \"minister\" ;"
        " kg:evidence \"minister Wang\" ; kg:confidence 0.7 ; prov:wasDerivedFrom doc:news-1.txt .")
    assert any(p.shape == "kgsh:position-object" for p in problems)


def test_entity_with_two_classes() -> None:
    problems = _problems_for(f"{LAOS} a kg:Place .")
    assert any(p.shape == "kgsh:EntityShape-oneClass" and "老挝" in p.focus for p in problems)


# -- validate() on folders ---------------------------------------------------

def test_validate_folder_ok(tmp_path: Path) -> None:
    (tmp_path / "graph.ttl").write_text(GOOD, encoding="utf-8")
    conforms, report = validate(tmp_path)
    assert conforms, report
    # says what was checked, so a clean report is not read as "nothing ran"
    first = report.splitlines()[0]
    m = re.match(r"conforms: (\d+) nodes? checked against (\d+) shapes, 0 violations", first)
    assert m and int(m.group(1)) > 0 and int(m.group(2)) > 10, first


def test_validate_folder_broken(tmp_path: Path) -> None:
    (tmp_path / "graph.ttl").write_text(GOOD + f"<{ENT['person/x']}> a kg:Person ; rdfs:label \"X\"@en .",
                                        encoding="utf-8")
    conforms, report = validate(tmp_path)
    assert not conforms
    first, *rest = report.splitlines()
    assert first.startswith("1 violation in 1 focus node")
    assert any("person/x" in line and "rdfs:label" in line for line in rest)
    assert "kgsh:EntityShape-zhLabel" in report


def test_validate_prefers_ttl_then_trig_then_nt(tmp_path: Path) -> None:
    g = Graph().parse(data=GOOD, format="turtle")
    g.serialize(tmp_path / "graph.nt", format="nt", encoding="utf-8")
    conforms, report = validate(tmp_path)
    assert conforms and "graph.nt" in report
    (tmp_path / "graph.ttl").write_text(GOOD, encoding="utf-8")
    assert "graph.ttl" in validate(tmp_path)[1]


def test_validate_graph_file_and_missing(tmp_path: Path) -> None:
    path = tmp_path / "x.ttl"
    path.write_text(GOOD, encoding="utf-8")
    assert validate(path)[0]
    conforms, report = validate(tmp_path / "nothing")
    assert not conforms and "no such file" in report
    empty = tmp_path / "empty"
    empty.mkdir()
    conforms, report = validate(empty)
    assert not conforms and "graph.ttl" in report


def test_validate_unparsable(tmp_path: Path) -> None:
    (tmp_path / "graph.ttl").write_text("this is not turtle", encoding="utf-8")
    conforms, report = validate(tmp_path)
    assert not conforms and "cannot parse" in report


def test_trig_named_graphs_merged(tmp_path: Path) -> None:
    # the assertion and its document in different named graphs must still conform
    trig = PREFIXES + f"""
    doc:news-1.txt {{
        {WANG} kg:visited {LAOS} .
        asr:2 a kg:Assertion ; kg:subject {WANG} ; kg:predicate kg:visited ; kg:object {LAOS} ;
            kg:evidence "王毅访问老挝。" ; kg:confidence 0.8 ; prov:wasDerivedFrom doc:news-1.txt .
    }}
    {{
        {WANG} a kg:Person ; rdfs:label "王毅"@zh .
        {LAOS} a kg:Country ; rdfs:label "老挝"@zh .
        doc:news-1.txt a kg:Document ; kg:source "news-1.txt" .
    }}
    """
    (tmp_path / "graph.trig").write_text(trig, encoding="utf-8")
    assert len(load_graph(tmp_path / "graph.trig")) == 14
    conforms, report = validate(tmp_path)
    assert conforms, report


# -- the real exporter --------------------------------------------------------

def test_small_kg_export_conforms(small_kg, tmp_path: Path) -> None:
    rdf = pytest.importorskip("kg.export.rdf", reason="kg/export/rdf.py (the RDF exporter) is not there yet")
    rdf.write_rdf(small_kg, tmp_path)
    for name in ("graph.ttl", "graph.trig", "graph.nt"):
        conforms, report = validate(tmp_path / name)
        assert conforms, f"{name}:\n{report}"
    ds = rdf.to_rdflib(small_kg)
    data = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        data.add((s, p, o))
    conforms, _ = validate_graph(data)
    assert conforms


def test_small_kg_export_broken_is_reported(small_kg, tmp_path: Path) -> None:
    rdf = pytest.importorskip("kg.export.rdf", reason="kg/export/rdf.py (the RDF exporter) is not there yet")
    small_kg.entities["country/LA"].label = ""  # exported as an empty @zh label
    small_kg.relations[("person/wang-yi", "visited", "country/LA")].assertions[0].evidence = ""
    rdf.write_rdf(small_kg, tmp_path, formats=["ttl"])
    conforms, report = validate(tmp_path)
    assert not conforms
    assert "kg:evidence" in report
    assert any("country/LA" in line and "Chinese name" in line for line in report.splitlines())


# -- helpers -----------------------------------------------------------------

def _assert_bilingual(g: Graph, term: URIRef) -> None:
    for p in (RDFS.label, RDFS.comment):
        langs = {o.language for o in g.objects(term, p) if isinstance(o, Literal)}
        assert {"zh", "en"} <= langs, f"{term} {p}: {langs}"
