"""Names and evidence with quotes, backslashes, newlines and control characters: IRIs stay valid and
every RDF serialisation stays parseable, with the text intact."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kg.export.rdf import write_rdf
from kg.graph import KnowledgeGraph
from kg.model import Assertion, DocumentInfo, Entity

HOSTILE = ['他说"你好"\\n', "反斜杠\\\\和\\", "换行\n回车\r制表\t", "控制\x00\x01\x07\x0b\x0c\x1b\x7f符",
           "<script>alert('x')</script> & ]]> '单引号' `反引号`", "空格 和 #井号 ?问 /斜杠 %25 {括号} |竖线",
           "\u200b零宽\u2028行分隔\u2029\ufeff", "😀 emoji 𠀀"]


def hostile_kg() -> KnowledgeGraph:
    kg = KnowledgeGraph()
    doc = 'doc "1" <a> \\ #?.txt'
    kg.add_document(DocumentInfo(id=doc, source=doc, format="text", title=HOSTILE[0], url="http://e.org/a b\"c"))
    ids = []
    for name in HOSTILE:
        eid = f"person/{name}"  # ids minted from hostile names, not only slugs
        ids.append(eid)
        kg.add_entity(Entity(eid, "Person", name, name, {name + "别名"}, {}, 1, {doc}))
    for i in range(len(ids) - 1):
        ev = HOSTILE[i] + "会见" + HOSTILE[i + 1]
        kg.add_relation(ids[i], "met", ids[i + 1], Assertion(doc, ev, 0, len(ev), 0.8, "rule"))
        kg.add_relation(ids[i], "position", HOSTILE[i + 1], Assertion(doc, ev, 0, len(ev), 0.8, "rule"))
    return kg


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hostile")
    write_rdf(hostile_kg(), out)
    return out


@pytest.mark.parametrize("name, fmt", [("graph.ttl", "turtle"), ("graph.nt", "nt"), ("graph.trig", "trig"),
                                       ("graph.jsonld", "json-ld")])
def test_every_format_parses_with_the_text_intact(export: Path, name: str, fmt: str) -> None:
    quads = list(ox.parse(path=str(export / name)))
    assert quads
    for q in quads:
        for term in (q.subject, q.predicate, q.object):
            if isinstance(term, ox.NamedNode):
                assert not any(c in term.value for c in ' "<>\\{}|^`\n'), term.value  # a valid IRI
    literals = {q.object.value for q in quads if isinstance(q.object, ox.Literal)}
    for text in HOSTILE:
        assert text in literals, repr(text)
    ds = rdflib.Dataset(default_union=True)
    ds.parse(export / name, format=fmt)  # a second, independent parser
    assert {str(o) for o in ds.objects(None, rdflib.RDFS.label)} >= set(HOSTILE)


def test_iris_minted_from_any_name_are_valid() -> None:
    from kg.namespaces import document_iri, entity_iri

    for name in HOSTILE:
        ox.NamedNode(str(entity_iri(f"person/{name}")))  # raises on an invalid IRI
        ox.NamedNode(str(document_iri(name)))
