"""One schema: ``kg.schema`` reads ontology/kg.ttl, and everything else agrees with it.

The namespace, the model's Literal types and the SHACL shapes each restate a
part of the ontology for their own reasons (a closed namespace, static types,
validation messages); these tests make a drift between them a failure.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from kg.model import CLASSES, METHODS, MODALITIES, PROPERTIES, Entity
from kg.namespaces import KG, kg_term
from kg.schema import KG_NS, cameo_codes, load_schema, schema
from kg.validate import shapes_graph


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return shapes_graph()


def _local(node: object) -> str:
    return str(node)[len(KG_NS):] if str(node).startswith(KG_NS) else str(node)


# -- the schema itself ---------------------------------------------------------

def test_reads_domains_ranges_and_codes() -> None:
    s = schema()
    assert s.ends("visited") == (frozenset({"Person"}), frozenset({"Country", "Place"}))
    assert s.range("heldIn") == {"Place", "Country"}
    assert s.domain("hosted") == {"Person", "Country", "Organization", "Place"}
    assert s.prop("met").symmetric and not s.prop("visited").symmetric
    assert s.prop("met").cameo == ("040", "041", "044", "046")
    assert s.default_cameo("met") == "040" and s.default_cameo("memberOf") is None
    assert s.prop("joined").plover == ("AGREE",)


def test_fits_follows_domain_and_range() -> None:
    s = schema()
    assert s.fits("visited", "Person", "Country")
    assert not s.fits("visited", "Country", "Country")
    assert not s.fits("visited", "Person", "Organization")
    assert not s.fits("visited", "Person", None)  # an entity property needs its object
    assert s.fits("position", "Person", None) and s.prop("position").literal
    assert not s.fits("position", "Country", None)


def test_unknown_property_is_named() -> None:
    with pytest.raises(KeyError, match="kg:metx"):
        schema().prop("metx")


def test_contract_classes_and_properties_are_in_the_ontology() -> None:
    s = schema()
    assert set(CLASSES) <= set(s.classes)
    assert set(PROPERTIES) <= set(s.properties)
    for p in PROPERTIES:  # relation ends are entity classes, and every relation states both ends
        dom, rng = s.ends(p)
        assert dom and dom <= set(CLASSES), p
        assert (rng and rng <= set(CLASSES)) or s.prop(p).literal, p


def test_a_site_ontology_changes_the_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """KG_ONTOLOGY points at another ontology folder: its domains are the ones used."""
    from kg.assemble import _fits
    from kg.paths import ontology_dir

    site = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), site)
    ttl = site / "kg.ttl"
    ttl.write_text(ttl.read_text(encoding="utf-8").replace(
        "    rdfs:domain kg:Person ;\n    rdfs:range [ a owl:Class ; owl:unionOf ( kg:Country kg:Place ) ] ;\n"
        "    kg:cameoCode \"042\" ;",
        "    rdfs:domain [ a owl:Class ; owl:unionOf ( kg:Person kg:Organization ) ] ;\n"
        "    rdfs:range [ a owl:Class ; owl:unionOf ( kg:Country kg:Place ) ] ;\n    kg:cameoCode \"042\" ;", 1),
        encoding="utf-8")
    assert load_schema(str(ttl)).domain("visited") == {"Person", "Organization"}
    monkeypatch.setenv("KG_ONTOLOGY", str(site))
    org = Entity("org/x", "Organization", "某组织")
    laos = Entity("country/LA", "Country", "老挝")
    assert _fits("visited", org, laos)
    monkeypatch.delenv("KG_ONTOLOGY")
    assert not _fits("visited", org, laos)


# -- the closed namespace --------------------------------------------------------

def test_namespace_terms_are_the_ontology_terms() -> None:
    declared = set(KG.__annotations__)
    assert declared == schema().terms(), (
        "kg/namespaces.py KG and ontology/kg.ttl disagree: "
        f"only in KG {sorted(declared - schema().terms())}, only in kg.ttl {sorted(schema().terms() - declared)}")


def test_namespace_fails_on_a_typo() -> None:
    assert KG.met == URIRef(KG_NS + "met") == KG["met"] == kg_term("met")
    with pytest.raises(AttributeError):
        _ = KG.metx
    with pytest.raises(AttributeError):
        _ = KG["metx"]
    with pytest.raises(AttributeError):
        kg_term("metx")


# -- the SHACL shapes ----------------------------------------------------------------

def _required_classes(g: Graph, shape: object) -> set[str]:
    """kg classes a shape requires: its sh:class, or the sh:class alternatives of its sh:or."""
    out = {_local(c) for c in g.objects(shape, SH["class"])}
    for alternatives in g.objects(shape, SH["or"]):
        for alt in Collection(g, alternatives):
            out |= {_local(c) for c in g.objects(alt, SH["class"])}
    return out


def _subject_shape_classes(g: Graph, prop: URIRef) -> set[str]:
    """Classes required of the subjects of ``prop`` by node shapes targeting them."""
    out: set[str] = set()
    for s in g.subjects(SH.targetSubjectsOf, prop):
        if (s, SH.path, None) not in g:
            out |= _required_classes(g, s)
    return out


def _path_shapes(g: Graph, prop: URIRef) -> tuple[set[str], set[str]]:
    """(target classes of the node shapes holding a property shape on ``prop``,
    classes those property shapes require of the values)."""
    owners: dict[object, list[object]] = {}
    for node_shape, prop_shape in g.subject_objects(SH.property):
        owners.setdefault(prop_shape, []).append(node_shape)
    targets: set[str] = set()
    values: set[str] = set()
    for ps in g.subjects(SH.path, prop):
        values |= _required_classes(g, ps)
        for holder in [*owners.get(ps, []), ps]:
            targets |= {_local(c) for c in g.objects(holder, SH.targetClass)}
    return targets, values


def _with_class_range() -> list[str]:
    return sorted(n for n, p in schema().properties.items() if p.domain and p.range)


def _with_domain_only() -> list[str]:
    return sorted(n for n, p in schema().properties.items() if p.domain and not p.range)


@pytest.mark.parametrize("name", _with_class_range())
def test_shapes_check_domain_and_range(shapes: Graph, name: str) -> None:
    """A property between kg classes: the shapes require exactly its domain of the subjects
    (a subject shape, or property shapes on the domain's classes) and its range of the values."""
    p = schema().prop(name)
    targets, values = _path_shapes(shapes, p.iri)
    assert values == p.range, f"shapes.ttl requires {sorted(values)} of kg:{name} values, kg.ttl {sorted(p.range)}"
    subjects = _subject_shape_classes(shapes, p.iri)
    assert p.domain in (subjects, targets), \
        f"shapes.ttl requires {sorted(subjects or targets)} of kg:{name} subjects, kg.ttl {sorted(p.domain)}"


@pytest.mark.parametrize("name", _with_domain_only())
def test_shapes_check_every_attribute(shapes: Graph, name: str) -> None:
    """An attribute with a domain is checked on (some of) its domain's classes."""
    p = schema().prop(name)
    targets, _ = _path_shapes(shapes, p.iri)
    subjects = _subject_shape_classes(shapes, p.iri)
    assert (targets and targets <= p.domain) or (subjects and subjects <= p.domain), \
        f"no shape in shapes.ttl checks kg:{name} on {sorted(p.domain)}"


def _in_list(g: Graph, prop: URIRef) -> list[str]:
    for ps in g.subjects(SH.path, prop):
        for lst in g.objects(ps, SH["in"]):
            return [_local(v) for v in Collection(g, lst)]
    raise AssertionError(f"no sh:in on {prop}")


def test_shapes_value_lists_match_the_model(shapes: Graph) -> None:
    assert _in_list(shapes, KG.predicate) == list(PROPERTIES)
    assert set(_in_list(shapes, KG.method)) == set(METHODS)
    assert set(_in_list(shapes, KG.modality)) == set(MODALITIES)


def test_cameo_codes_of_the_ontology_are_in_the_cameo_table() -> None:
    """kg.ttl's kg:cameoCode / kg:ploverType and ontology/cameo.csv tell one story."""
    table = cameo_codes()
    for name, p in schema().properties.items():
        for code in p.cameo:
            assert code in table, f"kg:{name} kg:cameoCode {code} is not in ontology/cameo.csv"
            if p.plover:
                assert table[code].plover_type in p.plover, (name, code, table[code].plover_type)
