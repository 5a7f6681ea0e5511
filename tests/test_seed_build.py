"""The five seed documents end to end: what a user gets from `kg build seeds/`."""

from __future__ import annotations

from collections import Counter

import pytest

from kg.graph import KnowledgeGraph
from kg.pipeline import build_to_dir
from kg.validate import validate
from tests.conftest import SEEDS

pytestmark = pytest.mark.slow


def test_seed_export_satisfies_the_shapes(seed_build):
    conforms, report = validate(seed_build)
    assert conforms, report


def test_every_relation_is_traceable(seed_build):
    g = KnowledgeGraph.load(seed_build)
    assert len(g.documents) > 100  # every Weibo post is its own document
    for r in g.relations.values():
        assert r.assertions
        for a in r.assertions:
            assert a.evidence.strip()
            assert 0 < a.confidence <= 1
            if a.method != "reference":
                doc = g.documents[a.doc_id]
                assert doc.source.endswith(".txt")


def test_one_node_per_name_and_class(seed_build):
    g = KnowledgeGraph.load(seed_build)
    per = Counter((e.cls, e.label) for e in g.entities.values())
    assert [k for k, n in per.items() if n > 1] == []
    for name, cls in [("中国", "Country"), ("王毅", "Person"), ("一带一路", "Initiative"), ("外交部", "Organization")]:
        assert sum(1 for e in g.entities.values() if e.label == name and e.cls == cls) == 1


def test_transcripts_yield_statements_by_wang_yi(seed_build):
    g = KnowledgeGraph.load(seed_build)
    wang = next(e for e in g.entities.values() if e.label == "王毅")
    said = [s for s in g.statements if s.speaker == wang.id]
    assert len(said) >= 20
    assert any(s.outlet for s in said)


def test_rebuild_is_byte_identical(seed_build, tmp_path):
    again = tmp_path / "again"
    build_to_dir([SEEDS], again, formats=("ttl", "nt", "trig", "jsonld"))
    for name in ("kg.json", "graph.ttl", "graph.nt", "graph.trig", "graph.jsonld"):
        assert (again / name).read_bytes() == (seed_build / name).read_bytes(), name
