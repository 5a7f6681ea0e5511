"""The document's own date from datelines, post times, transcripts' first lines and file names
(issue 14). Texts written for these tests; undated stays undated."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.ingest import read_paths
from kg.ingest.dates import dateline_date, document_date, file_name_date, post_time, session_year


@pytest.mark.parametrize(
    ("name", "iso"),
    [
        ("2024-03-07_briefing.txt", "2024-03-07"),
        ("20231205-weibo.txt", "2023-12-05"),
        ("news-202403.md", "2024-03"),
        ("statements_2019.csv", "2019"),
        ("000_a3f92024c1d7e8b0.txt", None),  # digits inside a hash
        ("report12345678.txt", None),
        ("notes.txt", None),
    ],
)
def test_file_name_date(name: str, iso: str | None) -> None:
    assert file_name_date(name) == iso


def test_session_year() -> None:
    assert session_year("十四届全国人大三次会议新闻中心") == 2025
    assert session_year("十三届全国政协二次会议开幕") == 2019
    assert session_year("十届全国人大一次会议") == 2003
    assert session_year("全国人大常委会会议") is None


@pytest.mark.parametrize(
    ("text", "hint", "iso"),
    [
        ("新华社北京4月12日电 国务委员会见了来访的客人。", "2022", "2022-04-12"),
        ("本报北京6月3日电（记者 李明）外交部发言人表示……", "2021", "2021-06-03"),
        ("中新网11月20日电 据报道，", "2020-11", "2020-11-20"),
        ("新华社北京25日电 总理主持召开会议。", "2023-05", "2023-05-25"),
        ("北京时间9月9日凌晨，代表团抵达。", "2019", "2019-09-09"),
        ("新华社北京4月12日电 国务委员会见了来访的客人。", "2022-05", None),  # the file says May: trust neither
        ("新华社北京4月12日电 国务委员会见了来访的客人。", None, None),  # no year anywhere
        ("新华社北京25日电 总理主持召开会议。", "2023", None),  # a day alone needs the month
        ("3月5日上午，十四届全国人大三次会议在人民大会堂开幕。", None, "2025-03-05"),
        ("十三届全国政协一次会议新闻中心3月4日举行记者会。", None, "2018-03-04"),
    ],
)
def test_dateline_date(text: str, hint: str | None, iso: str | None) -> None:
    assert dateline_date(text, hint) == iso


def test_session_year_only_dates_its_own_line() -> None:
    text = "外交部长答记者问\n部长回顾了3月1日的访问。\n十四届全国人大二次会议期间举行。"
    assert dateline_date(text) is None


def test_post_time() -> None:
    assert post_time("大使今天递交了国书。 2022-08-16 09:41 来自 微博网页版") == "2022-08-16"
    assert post_time("大使递交国书 2022年8月16日 09:41") == "2022-08-16"
    assert post_time("2020年8月16日两国建交纪念日") is None


def test_document_date_order() -> None:
    # a full metadata date wins over a dateline
    assert document_date("2022-01-02", "新华社北京4月12日电 ……", "x.txt") == "2022-01-02"
    # a post time wins over the first date named in a post
    post = "2019年5月1日生效的协定今天又被提起。 2022-08-16 09:41 来自 iPhone客户端"
    assert document_date("2019-05-01", post, "dump.txt", "weibo") == "2022-08-16"
    # the file name's year completes a dateline; its full date stands alone
    assert document_date(None, "新华社北京4月12日电 ……", "xinhua-2022.txt") == "2022-04-12"
    assert document_date(None, "外长会见来宾。", "2021-07-09.txt") == "2021-07-09"
    assert document_date("2021", "外长会见来宾。", "2021-07-09.txt") == "2021-07-09"
    assert document_date("2020", "外长会见来宾。", "2021-07-09.txt") == "2020"  # disagreeing: keep the metadata
    assert document_date(None, "外长4月12日会见来宾。", "notes.txt") is None


def test_read_paths_dates_documents(tmp_path: Path) -> None:
    (tmp_path / "xinhua_2022.txt").write_text("新华社北京4月12日电 国务委员在北京会见了来访的客人。\n", encoding="utf-8")
    (tmp_path / "undated.txt").write_text("新华社北京4月12日电 国务委员在北京会见了来访的客人。\n", encoding="utf-8")
    (tmp_path / "posts.txt").write_text(
        "微博内容\n大使今天递交了国书。 2022-08-16 09:41 来自 微博网页版\n部长昨天抵达河内。\n", encoding="utf-8")
    docs, problems = read_paths([tmp_path])
    assert not problems
    dates = {d.id: d.date for d in docs}
    assert dates["xinhua_2022.txt"] == "2022-04-12"
    assert dates["undated.txt"] is None
    assert dates["posts.txt#L2"] == "2022-08-16"
    assert dates["posts.txt#L3"] is None
