"""Ingest helpers on their own: date parsing, speaker labels, encoding guesses."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.ingest.dates import find_date, parse_date, parse_timestamp_line
from kg.ingest.encoding import decode_bytes
from kg.ingest.errors import IngestError
from kg.ingest.speakers import looks_like_speaker


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("Thu, 30 Dec 2021 05:06:25 GMT", "2021-12-30"),
        ("2018-03-08", "2018-03-08"),
        ("2023-10-17T08:00:00+08:00", "2023-10-17"),
        ("2018年3月8日", "2018-03-08"),
        ("2018/3/8", "2018-03-08"),
        ("２０２１年１２月３０日", "2021-12-30"),
        ("2021-12", "2021-12"),
        ("2021年12月", "2021-12"),
        ("2021", "2021"),
        (dt.date(2021, 12, 30), "2021-12-30"),
        (dt.datetime(2021, 12, 30, 5, 6), "2021-12-30"),
        ("3月7日", None),
        ("2018-13-01", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(value: object, iso: str | None) -> None:
    assert parse_date(value) == iso


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2021年12月30日，国务委员兼外交部长王毅接受采访", "2021-12-30"),
        ("据新华社北京3月7日电 3月7日,十四届全国人大二次会议", None),
        ("2023年是中国外交的开拓之年", None),
        ("会议于2018-03-08举行，2019-01-01闭幕", "2018-03-08"),
        ("October 17, 2023 - 俄罗斯外交部长与王毅会晤", "2023-10-17"),
        ("二〇二三年十月十八日于北京", "2023-10-18"),
        ("截至2023年，2018年3月8日的记者会", "2018-03-08"),
    ],
)
def test_find_date(text: str, iso: str | None) -> None:
    assert find_date(text) == iso


def test_find_date_looks_only_at_the_beginning() -> None:
    assert find_date("中" * 600 + "2021年12月30日") is None


def test_timestamp_line() -> None:
    assert parse_timestamp_line("[ 2018-03-08 10:02 ]") == "2018-03-08T10:02"
    assert parse_timestamp_line("[2018-03-08 9:05:30]") == "2018-03-08T09:05:30"
    assert parse_timestamp_line("2018-03-08 10:02 会议开始") is None


@pytest.mark.parametrize(
    "label",
    ["王毅", "中央广播电视总台央视记者", "主持人 何绍仁", "外交部部长 王毅", "《人民日报》记者", "俄通-塔斯社记者",
     "CGTN记者", "问", "答", "安东尼奥·古特雷斯"],
)
def test_speaker_labels(label: str) -> None:
    assert looks_like_speaker(label)


@pytest.mark.parametrize(
    "label",
    ["王毅表示", "他说", "例如", "一是", "第一", "原标题", "http", "10", "据新华社北京3月7日电 3月7日,十四届",
     "我看到一位外国记者表示", "这是一个非常长的句子并不是一个说话人的名字而是正文的一部分吧"],
)
def test_not_speaker_labels(label: str) -> None:
    assert not looks_like_speaker(label)


def test_decode_prefers_plausible_legacy_encoding() -> None:
    simplified = "中华人民共和国外交部部长王毅今天在北京会见了老挝外长。"
    traditional = "中華人民共和國外交部部長王毅今天在北京會見了寮國外長。"
    assert decode_bytes(simplified.encode("gb18030")).encoding == "gb18030"
    assert decode_bytes(traditional.encode("big5")).text == traditional
    assert decode_bytes(traditional.encode("utf-8")).encoding == "utf-8"


def test_decode_rejects_random_bytes() -> None:
    junk = bytes((i * 197 + 13) % 256 for i in range(3000))
    with pytest.raises(IngestError):
        decode_bytes(junk)
