"""An ordinal before a listed series' name means that edition (sentences written for this project)."""

import pytest

from kg.model import Document
from kg.pipeline import build_graph
from kg.resolve.series import _ordinal


@pytest.mark.parametrize(("word", "n"), [("首届", 1), ("首次", 1), ("第三届", 3), ("第十次", 10), ("第二十五次", 25),
                                         ("第12届", 12), ("第十一届", 11)])
def test_ordinal(word: str, n: int) -> None:
    assert _ordinal(word) == n


def test_ordinal_and_short_series_name_is_the_listed_edition() -> None:
    g = build_graph([Document(id="x", source="x", text="多国代表团将出席第二届一带一路论坛。", format="text",
                              date="2019-04-01")])
    assert "event/bri-forum-2" in g.entities


def test_ordinal_without_such_edition_stays_its_own_node() -> None:
    g = build_graph([Document(id="x", source="x", text="多国代表团将出席第九届一带一路论坛。", format="text",
                              date="2040-04-01")])
    assert not any(e.startswith("event/bri-forum") for e in g.entities)


def test_routine_briefings_are_one_node_a_day() -> None:
    docs = [Document(id="a", source="a", text="在5月6日的外交部例行记者会上，发言人毛宁回答了提问。", format="text",
                     date="2024-05-06"),
            Document(id="b", source="b", text="在5月7日的外交部例行记者会上，发言人林剑回答了提问。", format="text",
                     date="2024-05-07")]
    g = build_graph(docs)
    briefings = [e for e in g.entities.values() if e.cls == "Event" and "例行记者会" in e.label]
    assert sorted(e.label for e in briefings) == ["外交部例行记者会（2024-05-06）", "外交部例行记者会（2024-05-07）"]
    assert all("外交部例行记者会" in e.alt_labels for e in briefings)


@pytest.mark.parametrize(("date", "expected"), [("2018-07-01", "event/central-foreign-affairs-conference-2018"),
                                                ("2040-07-01", "event/central-foreign-affairs-conference")])
def test_a_name_shared_by_the_series_and_its_editions_is_dated_by_the_document(date: str, expected: str) -> None:
    g = build_graph([Document(id="x", source="x", text="中央外事工作会议在北京召开，会议总结了对外工作。",
                              format="text", date=date)])
    assert expected in g.entities
    assert not any(e.startswith("event/central-foreign-affairs-conference-2014") for e in g.entities)


def test_a_city_summit_name_shared_by_two_editions_is_not_the_series() -> None:
    g = build_graph([Document(id="x", source="x", text="上合组织比什凯克峰会取得成功。", format="text",
                              date="2040-07-01")])
    assert "event/sco-summit" not in g.entities
    assert "event/sco-summit-24" not in g.entities  # the Astana summit of the document's year is not it


def test_a_press_conference_the_sentence_names_is_the_ministers_one_node() -> None:
    text = "外交部长王毅在3月7日十四届全国人大二次会议新闻发布会上就中国外交政策和对外关系回答了中外记者提问。"
    g = build_graph([Document(id="x", source="x", text=text, format="text", date="2024-03-07")])
    presses = [e.id for e in g.entities.values() if e.cls == "Event" and e.id != "event/npc-14-2"]
    assert presses == ["event/npc-14-2-fm-press-conference"]  # (the session itself is named too)
