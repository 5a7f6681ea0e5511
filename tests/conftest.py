"""Shared fixtures: a small hand-made graph, the seeds built once per session,
and the helper that runs NLP + extraction on one sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import extract
from kg.graph import KnowledgeGraph
from kg.model import Assertion, Document, DocumentInfo, Entity, Statement
from kg.nlp.pipeline import analyze

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def triples(text: str, date: str | None = None, modal: bool = False, **doc) -> set[tuple[str, str, str]]:
    """(subject, predicate, object) surface triples stated as facts in ``text`` as one
    document; ``modal=True``: those kept only as planned, denied, asked ... assertions."""
    a = next(analyze([Document("t", "t", text, doc.pop("format", "text"), date=date, **doc)]))
    out = set()
    for r in extract(a).relations:
        if (r.modality is not None) != modal:
            continue
        o = r.object if isinstance(r.object, str) else r.object.norm
        out.add((r.subject.norm, r.predicate, o))
    return out


def make_small_kg() -> KnowledgeGraph:
    """A few entities and facts of every kind, independent of the extractor."""
    kg = KnowledgeGraph()
    kg.add_document(DocumentInfo(id="news-1.txt", source="news-1.txt", format="text",
                                 title="外长会见", date="2024-05-06", url="https://example.org/a"))
    kg.add_document(DocumentInfo(id="press-2.md", source="press-2.md", format="markdown-transcript",
                                 title="记者会", date="2024-03-07"))
    ents = [
        Entity("person/wang-yi", "Person", "王毅", "Wang Yi", {"王外长"}, {"wikidata": "Q17048"}, 5,
               {"news-1.txt", "press-2.md"}, curated=True),
        Entity("person/a1b2c3d4e5f6", "Person", "塔尼", None, set(), {}, 1, {"news-1.txt"}),
        Entity("country/CN", "Country", "中国", "China", {"中华人民共和国", "中方"},
               {"wikidata": "Q148", "iso2": "CN"}, 9, {"news-1.txt", "press-2.md"}, curated=True),
        Entity("country/LA", "Country", "老挝", "Laos", {"寮國"}, {"wikidata": "Q819", "iso2": "LA"}, 2,
               {"news-1.txt"}, curated=True),
        Entity("country/US", "Country", "美国", "United States", {"美"}, {"iso2": "US"}, 3, {"press-2.md"},
               curated=True),
        Entity("place/vientiane", "Place", "万象", "Vientiane", set(), {}, 1, {"news-1.txt"}, curated=True),
        Entity("org/mfa-cn", "Organization", "外交部", "Ministry of Foreign Affairs", {"中国外交部"}, {}, 2,
               {"press-2.md"}, curated=True),
        Entity("project/china-laos-railway", "Project", "中老铁路", "China–Laos Railway", {"中老鐵路"}, {}, 2,
               {"news-1.txt"}, curated=True),
        Entity("initiative/bri", "Initiative", "一带一路", "Belt and Road Initiative", {"一带一路倡议"}, {}, 3,
               {"news-1.txt", "press-2.md"}, curated=True),
        Entity("event/0f0e0d0c0b0a", "Event", "第三届“一带一路”国际合作高峰论坛", None, set(), {}, 1,
               {"news-1.txt"}, date="2023-10"),
    ]
    for e in ents:
        kg.add_entity(e)
    ev = "中国外交部长王毅在万象会见老挝外长塔尼，双方表示中老铁路运营良好。"
    a = Assertion("news-1.txt", ev, 0, len(ev), 0.8, "rule", "2024-05-06")
    kg.add_relation("person/wang-yi", "met", "person/a1b2c3d4e5f6", a)
    kg.add_relation("person/wang-yi", "position", "外交部长", a)
    kg.add_relation("person/wang-yi", "affiliation", "country/CN", a)
    kg.add_relation("person/wang-yi", "visited", "country/LA", a)
    name = Assertion("news-1.txt", ev, 0, len(ev), 0.95, "name")
    kg.add_relation("project/china-laos-railway", "locatedIn", "country/CN", name)
    kg.add_relation("project/china-laos-railway", "locatedIn", "country/LA", name)
    kg.add_relation("project/china-laos-railway", "locatedIn", "country/LA",
                    Assertion(None, "curated: projects.csv", confidence=1.0, method="reference",
                              source_file="projects.csv"))
    kg.add_relation("place/vientiane", "locatedIn", "country/LA",
                    Assertion(None, "curated: places.csv", confidence=1.0, method="reference",
                              source_file="places.csv"))
    ev2 = "中国成功举办第三届“一带一路”国际合作高峰论坛。"
    b = Assertion("press-2.md", ev2, 10, 10 + len(ev2), 0.8, "rule", "2023-10")
    kg.add_relation("country/CN", "hosted", "event/0f0e0d0c0b0a", b)
    kg.add_relation("event/0f0e0d0c0b0a", "partOf", "initiative/bri", b)
    kg.statements.append(Statement("press-2.md#s1", "press-2.md", "person/wang-yi",
                                   "美方应当同中方相向而行。", 40, 52, outlet="org/mfa-cn",
                                   mentions=["country/US", "country/CN"], date="2024-03-07"))
    return kg


@pytest.fixture
def small_kg() -> KnowledgeGraph:
    return make_small_kg()


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """The seeds built once per test session (folder with kg.json and every export)."""
    from kg.pipeline import build_to_dir

    out = tmp_path_factory.mktemp("seed-build")
    build_to_dir([SEEDS], out)
    return out
