"""Which date a sentence gives an event: constructions of news text, sentences written for this project."""

from dataclasses import dataclass

import pytest

from kg.extract.dates import event_day, find_dates


@dataclass
class _Span:
    start: int
    end: int


def _day(text: str, name: str, doc_date: str) -> str | None:
    k = text.index(name)
    return event_day(text, 0, len(text), _Span(k, k + len(name)), find_dates(text, doc_date))


@pytest.mark.parametrize(("text", "name", "doc_date", "expected"), [
    # the year inside the name is the edition's, the day comes from the text
    ("2026年某某合作论坛峰会8日在开罗开幕。", "2026年某某合作论坛峰会", "2026-05-09", "2026-05-08"),
    # a closing day: the first day of a stay of N days, else only the month
    ("为期两天的某某国际博览会今天在杭州闭幕。", "某某国际博览会", "2026-05-09", "2026-05-08"),
    ("某某国家领导人会晤27日在河内闭幕。", "某某国家领导人会晤", "2026-05-29", "2026-05"),
    # a range the parser reads as two days starts at the first
    ("本月12日至14日在北京举行的某某高峰论坛共形成百余项成果。", "某某高峰论坛", "2026-05-20", "2026-05-12"),
])
def test_event_day(text: str, name: str, doc_date: str, expected: str) -> None:
    assert _day(text, name, doc_date) == expected


def test_a_part_of_the_event_keeps_its_own_day() -> None:
    """某论坛开幕式18日举行: the day is the ceremony's, not the whole forum's."""
    assert _day("某某高峰论坛开幕式18日在北京举行。", "某某高峰论坛", "2026-05-19") is None


def test_a_ceremony_named_as_such_has_its_day() -> None:
    """某论坛欢迎宴会17日晚举行: the banquet is the event named, its day is its own."""
    assert _day("某某高峰论坛欢迎宴会17日晚在北京举行。", "某某高峰论坛欢迎宴会", "2026-05-18") == "2026-05-17"
