"""Resolution: one node per referent across documents, stable ids."""

from __future__ import annotations

from kg.model import Document
from kg.pipeline import build_graph


def test_one_node_across_documents_and_scripts():
    docs = [Document("a.txt", "a.txt", "沙特阿拉伯与伊朗在北京恢复外交关系。", "text"),
            Document("b.txt", "b.txt", "沙烏地阿拉伯外交大臣費薩爾訪問德黑蘭。沙特表示欢迎。", "text")]
    g = build_graph(docs)
    saudi = [e for e in g.entities.values() if e.label == "沙特阿拉伯"]
    assert len(saudi) == 1
    assert saudi[0].documents == {"a.txt", "b.txt"}
    assert saudi[0].label_en == "Saudi Arabia"


def test_new_entities_merge_by_normalised_name_and_ids_are_stable():
    docs = [Document("a.txt", "a.txt", "第七届中国—东北亚博览会在长春开幕。", "text"),
            Document("b.txt", "b.txt", "第七届中国-东北亚博览会吸引多国企业。", "text")]
    g1 = build_graph(docs)
    g2 = build_graph(list(reversed(docs)))
    ev1 = [e for e in g1.entities.values() if e.cls == "Event" and "东北亚博览会" in e.label]
    assert len(ev1) == 1
    assert set(g1.entities) == set(g2.entities)


def test_every_relation_has_evidence_from_its_document():
    g = build_graph([Document("a.txt", "a.txt", "外交部发言人毛宁主持例行记者会。", "text")])
    assert g.relations
    for r in g.relations.values():
        for a in r.assertions:
            if a.method != "reference":
                assert a.doc_id == "a.txt" and a.evidence and 0 < a.confidence <= 1


def test_name_variants_resolve_to_listed_entities():
    g = build_graph([Document("c.txt", "c.txt",
                              "日本外相河野太郎抵达北京市。河野表示，巴中经济走廊和金砖国家集团都很重要。", "text")])
    labels = {e.label for e in g.entities.values()}
    assert "北京市" not in labels and "北京" in labels
    assert "河野" not in labels and "河野太郎" in labels
    assert "中巴经济走廊" in labels and "巴中经济走廊" not in labels
    assert "金砖国家" in labels and "金砖国家集团" not in labels


def test_an_unlisted_city_is_also_named_without_its_suffix() -> None:
    g = build_graph([Document(id="x", source="x", text="开工仪式在吉尔吉斯斯坦贾拉拉巴德市举行。", format="text",
                              date="2024-12-28")])
    city = next(e for e in g.entities.values() if e.label == "贾拉拉巴德市")
    assert "贾拉拉巴德" in city.alt_labels


def test_a_listed_body_written_after_its_country_is_that_body() -> None:
    g = build_graph([Document(id="x", source="x", text="中国外交学院教授李明表示，双方应加强合作。", format="text",
                              date="2024-05-06")])
    assert "org/cfau" in g.entities
    assert not any(e.label == "中国外交学院" for e in g.entities.values())
