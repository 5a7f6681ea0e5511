"""Relative and range dates against the document's date (issue 14); sentences written for these tests."""

from __future__ import annotations

import pytest

from kg.extract.dates import find_dates, resolve_date

# 2024-03-07 is a Thursday
DOC = "2024-03-07"


@pytest.mark.parametrize(
    ("text", "doc_date", "value"),
    [
        ("外长今天抵达达喀尔", DOC, "2024-03-07"),
        ("双方今日签署联合声明", DOC, "2024-03-07"),
        ("部长昨天同来宾通电话", DOC, "2024-03-06"),
        ("昨日两国元首互致贺电", "2024-03-01", "2024-02-29"),
        ("前天抵达的代表团", DOC, "2024-03-05"),
        ("总理明天将出席论坛", DOC, "2024-03-08"),
        ("上周五，特使抵达开罗", DOC, "2024-03-01"),
        ("本周三举行的磋商", DOC, "2024-03-06"),
        ("下周一开幕的博览会", DOC, "2024-03-11"),
        ("上星期日的会谈", DOC, "2024-03-03"),
        ("本月18日将举行峰会", DOC, "2024-03-18"),
        ("上月两国恢复直航", "2024-01-15", "2023-12"),
        ("上个月22日的会晤", DOC, "2024-02-22"),
        ("去年5月双方建交", DOC, "2023-05"),
        ("今年3月大使递交国书", "2022-06-30", "2022-03"),
        ("主席18日在北京会见来宾", "2024-03-20", "2024-03-18"),
        ("新华社北京2日电", "2024-03-02", "2024-03-02"),
        ("大使28日抵达", "2024-03-02", "2024-02-28"),  # well after the 2nd: last month
    ],
)
def test_relative_dates(text: str, doc_date: str, value: str) -> None:
    assert resolve_date(text, doc_date) == value


@pytest.mark.parametrize(
    ("text", "doc_date", "start", "end"),
    [
        ("博览会于3月6日至10日在上海举行", "2024-05-01", "2024-03-06", "2024-03-10"),
        ("代表团6日至10日访问越南", "2024-05-12", "2024-05-06", "2024-05-10"),
        ("2023年3月6日—10日，会议在日内瓦举行", None, "2023-03-06", "2023-03-10"),
        ("议会代表团于9月28日至10月3日访华", "2021-10-05", "2021-09-28", "2021-10-03"),
        ("论坛定于4月8-9日举行", "2019", "2019-04-08", "2019-04-09"),
        ("展会3月6日到8日举办", None, "--03-06", "--03-08"),
    ],
)
def test_ranges(text: str, doc_date: str | None, start: str, end: str) -> None:
    (d,) = find_dates(text, doc_date)
    assert (d.value, d.end_date) == (start, end)
    assert text[d.start:d.end].endswith("日")


@pytest.mark.parametrize(
    "text",
    ["外长今天抵达达喀尔", "上周五，特使抵达开罗", "本月18日将举行峰会", "上月两国恢复直航",
     "主席18日在北京会见来宾", "代表团6日至10日访问越南", "去年5月双方建交"],
)
def test_undated_document_resolves_relative_dates_to_nothing(text: str) -> None:
    assert find_dates(text, None) == []


def test_day_relative_words_need_a_full_document_date() -> None:
    assert find_dates("外长今天抵达", "2024-03") == []
    assert resolve_date("主席18日会见", "2024-03") == "2024-03-18"  # the month is enough for a bare day
    assert find_dates("主席18日会见", "2024") == []


@pytest.mark.parametrize(
    "text",
    ["他在今日头条上发文", "第18日的比赛", "近5日的降雨", "会议于10:18日程调整", "每3日一班"],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text, DOC) == []


def test_single_dates_are_not_ranges() -> None:
    ds = find_dates("2019年4月8日开幕，2023年闭幕", None)
    assert [(d.value, d.end_date) for d in ds] == [("2019-04-08", None), ("2023", None)]
