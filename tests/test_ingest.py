"""Ingest: every supported format, on short excerpts of the real seed files.

Excerpts are copied inline (not read from seeds/) so each test states the
input it relies on; the last tests read the whole seeds/ folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.ingest import IngestError, read_file, read_paths
from kg.model import Document

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# --- excerpts of the seed files ------------------------------------------------------------------

WEIBO = (
    "微博内容\n"
    "#2023我们在一线# 【2023大国外交在现场】从沙伊复交、首届中国-中亚峰会召开，到第三届“一带一路”国际合作高峰论坛、"
    "中美元首会晤等等……这一年@CGTN记者团 参与报道了多个重要的中国外交大事件，见证了很多不平凡的时刻。一起来回顾！ \n"
    "October 17, 2023 - 俄罗斯外交部长 Sergei Lavrov 与中国外交部长王毅举行会晤，北京。\n"
    "\n"
    "普京将参加10月17日在中国举行的&quot;一带一路&quot;论坛，中国外交部长王毅说。 \n"
)

MARKDOWN_TRANSCRIPT = """

# 中国将坚定做世界的和平力量稳定力量进步力量

## ——中共中央政治局委员、外交部长王毅就中国外交政策和对外关系回答中外记者提问

3月7日,十四届全国人大二次会议在梅地亚中心举行记者会。中共中央政治局委员、外交部长王毅就中国外交政策和对外关系回答中外记者提问。

**王毅:**各位记者朋友,大家早上好!很高兴在两会期间再次同大家见面。下面我愿回答大家的提问。

**中央广播电视总台央视记者:**首先请您介绍一下,中国外交在去年取得了哪些突出的成果?

**王毅:**2023年是中国外交的开拓之年,更是收获之年。

一年来,习近平主席主持两大主场外交,出席三场多场峰会,开展四次重要出访。

**巴基斯坦通讯社记者:**习近平主席提出共建“一带一路”倡议十年来,很多国家都感受到“一带一路”带来的变化。

**王毅:**习近平主席提出“一带一路”倡议十多年来,共建“一带一路”取得丰硕成果。

我们将推动“心联通”日益深入。

(据新华社北京3月7日电)
"""

PLAIN_TRANSCRIPT = """

中共中央政治局委员、外交部长王毅就中国外交政策和对外关系回答中外记者提问

据新华社北京3月7日电 3月7日,十四届全国人大二次会议在梅地亚中心举行记者会。中共中央政治局委员、外交部长王毅就中国外交政策和对外关系回答中外记者提问。

中央广播电视总台央视记者:首先请您介绍一下,中国外交在去年取得了哪些突出的成果?

王毅:2023年是中国外交的开拓之年,更是收获之年。

一年来,习近平主席主持两大主场外交,出席三场多边峰会,开展四次重要出访。

《人民日报》记者:中国外交如何更好服务高质量发展?

王毅:我们将坚定不移推进高水平对外开放。
"""

HEADER_TRANSCRIPT = """title: 外交部部长王毅就中国外交政策和对外关系回答中外记者问
url: http://www.scio.gov.cn/xwfbh/gbwxwfbh/xwfbh/wjb/Document/1624965/1624965.htm
author: 国务院新闻办公室网站
content:
十三届全国人大一次会议新闻中心3月8日（星期四）上午10时在梅地亚中心多功能厅举行记者会，请外交部部长王毅就“中国外交政策和对外关系”回答中外记者提问。
记者会现场（新华社记者 邢广利 摄）
主持人 何绍仁：
各位记者朋友，大家上午好。欢迎参加十三届全国人大一次会议记者会。有请王部长。
[ 2018-03-08 10:02 ]
外交部部长 王毅：
各位记者朋友，大家上午好。现在我愿意回答大家的问题。
[ 2018-03-08 10:03 ]
人民日报社记者：
谢谢主持人，外长，您好。今年中国外交有哪些亮点，能否请您给我们介绍一下？谢谢。
[ 2018-03-08 10:04 ]
王毅：
党的十八大以来，我们确实走出了一条具有中国特色、中国气派、中国风格的大国外交之路。
[ 2018-03-08 10:06 ]
王毅：
上合组织是在中国诞生的，青岛峰会是扩员后的首次峰会。我们愿与各成员方共同努力，推动峰会实现三大目标：
一是进一步弘扬“上海精神”。
[ 2018-03-08 10:09 ]
""".replace("content:\n", "content: \n")  # the seed has a trailing space there

HTML_FRONT_MATTER = """
---
title: '王毅谈2021年中国外交：从党的百年成就中汲取力量，在博弈较量中勇毅前行'
categories:
 - 金融
 - 新浪财经
 - 新浪财经－国內
headimg: 'https://n.sinaimg.cn/finance/cece9e13/20200514/343233024.png'
author: 新浪财经
comments: false
date: Thu, 30 Dec 2021 05:06:25 GMT
---

<div>
<p>　　原标题：王毅谈2021年中国外交：</p>
<p>　　2021年12月30日，国务委员兼外交部长王毅接受新华社和中央广播电视总台联合采访。</p>
<p>　　对世界而言，&quot;占领国会山&quot;&amp;“喀布尔时刻”等一幕幕乱象纷纷呈现。</p><!-- news_keyword_pub,stock, -->

<!-- 正文下iframe -->
            <style>
            .appendQr_wrap&#123;border:1px solid #E6E6E6;padding:8px;&#125;
            </style>
            <div class="clearfix appendQr_wrap">
                <div class="appendQr_normal"><img src="https://n.sinaimg.cn/x.png" referrerpolicy="no-referrer"></div>
                <div class="appendQr_normal_txt">海量资讯、精准解读，尽在新浪财经APP</div>
            </div>
<p class="article-editor">责任编辑：李思阳 </p>
</div>
""".replace("categories:\n", "categories: \n").replace("<div>\n", "<div>   \n", 1)  # trailing spaces as in the seed


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def only(docs: list[Document]) -> Document:
    assert len(docs) == 1, [d.id for d in docs]
    return docs[0]


def seg_text(doc: Document, i: int) -> str:
    s = doc.segments[i]
    return doc.text[s.start:s.end]


# --- Weibo ----------------------------------------------------------------------------------------


def test_weibo_dump_gives_one_document_per_post_with_line_ids(tmp_path: Path) -> None:
    docs = read_file(write(tmp_path, "weibo.txt", WEIBO))
    assert [d.id for d in docs] == ["weibo.txt#L2", "weibo.txt#L3", "weibo.txt#L5"]
    assert [d.line for d in docs] == [2, 3, 5]
    assert {d.format for d in docs} == {"weibo"}
    assert docs[0].text.startswith("#2023我们在一线# 【2023大国外交在现场】")  # topic text kept as is
    assert "@CGTN记者团" in docs[0].text
    assert docs[2].text == '普京将参加10月17日在中国举行的"一带一路"论坛，中国外交部长王毅说。'
    assert docs[1].date == "2023-10-17"  # "October 17, 2023" is a full date
    assert docs[2].date is None  # "10月17日" has no year


def test_weibo_header_only_is_a_problem(tmp_path: Path) -> None:
    write(tmp_path, "w.txt", "微博内容\n\n")
    docs, problems = read_paths([tmp_path])
    assert docs == []
    assert [(Path(p.source).name, p.reason) for p in problems] == [("w.txt", "Weibo dump has a header but no posts")]


# --- transcripts ----------------------------------------------------------------------------------


def test_markdown_transcript_text_segments_and_title(tmp_path: Path) -> None:
    doc = only(read_file(write(tmp_path, "001.txt", MARKDOWN_TRANSCRIPT)))
    assert doc.format == "markdown-transcript"
    assert doc.title == "中国将坚定做世界的和平力量稳定力量进步力量"
    assert doc.meta["subtitle"].startswith("中共中央政治局委员")
    assert doc.date == "2024-03-07"  # "3月7日" in the line naming 十四届全国人大二次会议 (2024)
    assert "**" not in doc.text and "#" not in doc.text
    assert doc.text.startswith("中国将坚定做世界的和平力量稳定力量进步力量\n")
    assert "王毅:各位记者朋友" in doc.text
    speakers = [s.speaker for s in doc.segments]
    assert speakers == ["王毅", "中央广播电视总台央视记者", "王毅", "巴基斯坦通讯社记者", "王毅"]
    assert seg_text(doc, 0) == "各位记者朋友,大家早上好!很高兴在两会期间再次同大家见面。下面我愿回答大家的提问。"
    assert seg_text(doc, 1).startswith("首先请您介绍一下")
    # a turn runs over its following paragraphs, up to the next speaker
    assert seg_text(doc, 2).startswith("2023年是中国外交的开拓之年")
    assert seg_text(doc, 2).endswith("开展四次重要出访。")
    # the closing source note is not part of the last answer
    assert seg_text(doc, 4).endswith("我们将推动“心联通”日益深入。")
    assert doc.text.endswith("(据新华社北京3月7日电)")


def test_markdown_turn_with_bold_name_then_colon(tmp_path: Path) -> None:
    text = "# 记者会\n\n**王毅**：谢谢。\n\n**主持人**：请提问。\n"
    doc = only(read_file(write(tmp_path, "a.md", text)))
    assert doc.format == "markdown-transcript"
    assert [(s.speaker, seg_text(doc, i)) for i, s in enumerate(doc.segments)] == [("王毅", "谢谢。"), ("主持人", "请提问。")]
    assert "王毅：谢谢。" in doc.text


def test_plain_transcript_turns_title_and_no_date_without_year(tmp_path: Path) -> None:
    doc = only(read_file(write(tmp_path, "002.txt", PLAIN_TRANSCRIPT)))
    assert doc.format == "transcript"
    assert doc.title == "中共中央政治局委员、外交部长王毅就中国外交政策和对外关系回答中外记者提问"
    assert doc.date == "2024-03-07"  # 据新华社北京3月7日电: the year from 十四届全国人大二次会议 in that line
    assert [s.speaker for s in doc.segments] == ["中央广播电视总台央视记者", "王毅", "《人民日报》记者", "王毅"]
    assert seg_text(doc, 0) == "首先请您介绍一下,中国外交在去年取得了哪些突出的成果?"
    assert seg_text(doc, 1).startswith("2023年是中国外交的开拓之年")
    assert seg_text(doc, 1).endswith("开展四次重要出访。")
    assert seg_text(doc, 3) == "我们将坚定不移推进高水平对外开放。"
    assert all(s.timestamp is None for s in doc.segments)


def test_plain_transcript_takes_a_full_date_from_the_first_lines(tmp_path: Path) -> None:
    text = PLAIN_TRANSCRIPT.replace("据新华社北京3月7日电 3月7日,", "据新华社北京2024年3月7日电 ")
    assert only(read_file(write(tmp_path, "d.txt", text))).date == "2024-03-07"


def test_prose_lines_with_colons_are_not_turns(tmp_path: Path) -> None:
    text = ("王毅表示：中方愿同各方合作。\n例如：中老铁路。\n一是：加强互联互通。\n"
            "原标题：王毅谈外交\n10:02 会议开始。\n他说：谢谢。\n")
    doc = only(read_file(write(tmp_path, "p.txt", text)))
    assert doc.format == "text"
    assert doc.segments == []


def test_header_transcript_metadata_timestamps_and_speakers(tmp_path: Path) -> None:
    doc = only(read_file(write(tmp_path, "003.txt", HEADER_TRANSCRIPT)))
    assert doc.format == "transcript"
    assert doc.title == "外交部部长王毅就中国外交政策和对外关系回答中外记者问"
    assert doc.url == "http://www.scio.gov.cn/xwfbh/gbwxwfbh/xwfbh/wjb/Document/1624965/1624965.htm"
    assert doc.author == "国务院新闻办公室网站"
    assert doc.date == "2018-03-08"  # the first time mark
    assert doc.text.startswith("十三届全国人大一次会议新闻中心3月8日")  # header lines are not text
    assert "[ 2018" not in doc.text and "title:" not in doc.text
    got = [(s.speaker, s.timestamp) for s in doc.segments]
    assert got == [
        ("主持人 何绍仁", "2018-03-08T10:02"),
        ("外交部部长 王毅", "2018-03-08T10:03"),
        ("人民日报社记者", "2018-03-08T10:04"),
        ("王毅", "2018-03-08T10:06"),
        ("王毅", "2018-03-08T10:09"),
    ]
    assert seg_text(doc, 0) == "各位记者朋友，大家上午好。欢迎参加十三届全国人大一次会议记者会。有请王部长。"
    assert seg_text(doc, 1) == "各位记者朋友，大家上午好。现在我愿意回答大家的问题。"
    # a long line ending in "：" is part of the answer, not a new speaker
    assert seg_text(doc, 4).startswith("上合组织是在中国诞生的")
    assert seg_text(doc, 4).endswith("一是进一步弘扬“上海精神”。")
    # the speaker line stays in the text, before the segment
    start = doc.segments[1].start
    assert doc.text[:start].endswith("外交部部长 王毅：\n")


# --- HTML -----------------------------------------------------------------------------------------


def test_html_with_front_matter(tmp_path: Path) -> None:
    doc = only(read_file(write(tmp_path, "004.txt", HTML_FRONT_MATTER)))
    assert doc.format == "html"
    assert doc.title == "王毅谈2021年中国外交：从党的百年成就中汲取力量，在博弈较量中勇毅前行"
    assert doc.date == "2021-12-30"
    assert doc.author == "新浪财经"
    assert doc.meta["categories"] == "金融|新浪财经|新浪财经－国內"
    assert doc.text.split("\n") == [
        "原标题：王毅谈2021年中国外交：",
        "2021年12月30日，国务委员兼外交部长王毅接受新华社和中央广播电视总台联合采访。",
        '对世界而言，"占领国会山"&“喀布尔时刻”等一幕幕乱象纷纷呈现。',
        "责任编辑：李思阳",  # a by-line names a person (GUIDELINES): kept
    ]
    for junk in ("appendQr", "border", "海量资讯", "news_keyword", "\u3000", "&quot;"):
        assert junk not in doc.text


def test_html_page_without_front_matter(tmp_path: Path) -> None:
    page = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>王毅会见老挝外长沙伦赛_新闻中心</title>
<meta property="article:published_time" content="2024-05-06T10:00:00+08:00">
<meta name="author" content="新华社"><link rel="canonical" href="https://example.org/news/1">
<style>p { color: red }</style><script>var tracking = "王毅";</script></head>
<body><header><nav><a href="/">首页</a> <a href="/news">新闻</a></nav></header>
<div class="content"><h1>王毅会见老挝外长沙伦赛</h1>
<p>　　新华社万象5月6日电 外交部长王毅&amp;老挝外长沙伦赛举行&#x4f1a;谈。</p>
<div class="share-bar">分享到微博</div><!-- 广告 -->
<p>双方表示，
中老铁路运营良好。</p></div>
<aside>相关新闻</aside><footer>版权所有 © 新闻中心</footer></body></html>"""
    doc = only(read_file(write(tmp_path, "page.html", page)))
    assert doc.format == "html"
    assert doc.title == "王毅会见老挝外长沙伦赛"
    assert doc.date == "2024-05-06"
    assert doc.author == "新华社"
    assert doc.url == "https://example.org/news/1"
    assert doc.text.split("\n") == [
        "王毅会见老挝外长沙伦赛",
        "新华社万象5月6日电 外交部长王毅&老挝外长沙伦赛举行会谈。",
        "双方表示，中老铁路运营良好。",
    ]


def test_html_article_element_and_time_date(tmp_path: Path) -> None:
    page = ('<html><body><div id="sidebar">热门</div><article><p>中方愿同各国合作。</p>'
            '<time datetime="2023-10-18">10月18日</time></article><p>页脚</p></body></html>')
    doc = only(read_file(write(tmp_path, "a.htm", page)))
    assert doc.text.split("\n") == ["中方愿同各国合作。", "10月18日"]
    assert doc.date == "2023-10-18"


# --- plain text and Markdown ----------------------------------------------------------------------


def test_plain_text_title_and_date(tmp_path: Path) -> None:
    text = "王毅谈2021年中国外交\n\n　　2021年12月30日，国务委员兼外交部长王毅接受联合采访。\n"
    doc = only(read_file(write(tmp_path, "news.txt", text)))
    assert (doc.format, doc.title, doc.date) == ("text", "王毅谈2021年中国外交", "2021-12-30")
    assert doc.text == "王毅谈2021年中国外交\n\n2021年12月30日，国务委员兼外交部长王毅接受联合采访。"


def test_plain_text_first_sentence_is_no_title(tmp_path: Path) -> None:
    doc = only(read_file(write(tmp_path, "s.txt", "中方愿同各方一道推动合作。\n第二段。\n")))
    assert doc.title is None and doc.date is None


def test_markdown_file_without_turns(tmp_path: Path) -> None:
    text = "---\ntitle: 中老铁路\ndate: 2021-12-03\n---\n# 标题一\n\n中老铁路**全线**开通，见[新闻](https://x.org)。\n"
    doc = only(read_file(write(tmp_path, "rail.md", text)))
    assert (doc.format, doc.title, doc.date) == ("markdown", "中老铁路", "2021-12-03")
    assert doc.text == "标题一\n\n中老铁路全线开通，见新闻。"


# --- encodings ------------------------------------------------------------------------------------

SIMPLIFIED = "外交部长王毅会见老挝外长沙伦赛。\n双方表示，中老铁路运营良好，将推进“一带一路”合作。\n"
TRADITIONAL = "外交部長王毅會見寮國外長沙倫賽。\n雙方表示，中老鐵路運營良好，將推進「一帶一路」合作。\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SIMPLIFIED.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + SIMPLIFIED.encode("utf-8"), "utf-8-sig"),
        (SIMPLIFIED.encode("utf-16"), "utf-16"),
        (SIMPLIFIED.encode("gb18030"), "gb18030"),
        (SIMPLIFIED.encode("gbk"), "gb18030"),
        (SIMPLIFIED.replace("\n", "\r\n").encode("gb18030"), "gb18030"),
    ],
)
def test_encodings_decode_to_the_same_text(tmp_path: Path, data: bytes, encoding: str) -> None:
    doc = only(read_file(write(tmp_path, "enc.txt", data)))
    assert doc.text == SIMPLIFIED.strip()
    assert doc.encoding == encoding


def test_big5_keeps_traditional_characters(tmp_path: Path) -> None:
    doc = only(read_file(write(tmp_path, "big5.txt", TRADITIONAL.encode("big5"))))
    assert doc.encoding == "big5"
    assert doc.text == TRADITIONAL.strip()
    assert "寮國" in doc.text and "鐵路" in doc.text  # not converted to Simplified here


def test_traditional_text_in_gb18030_stays_gb18030(tmp_path: Path) -> None:
    doc = only(read_file(write(tmp_path, "trad-gb.txt", TRADITIONAL.encode("gb18030"))))
    assert (doc.encoding, doc.text) == ("gb18030", TRADITIONAL.strip())


def test_gb18030_weibo_dump(tmp_path: Path) -> None:
    docs = read_file(write(tmp_path, "weibo-gb.txt", WEIBO.encode("gb18030")))
    assert [d.id for d in docs] == ["weibo-gb.txt#L2", "weibo-gb.txt#L3", "weibo-gb.txt#L5"]
    assert {d.encoding for d in docs} == {"gb18030"}


# --- CSV and JSON Lines ---------------------------------------------------------------------------


def test_csv_rows_become_documents(tmp_path: Path) -> None:
    csv_text = ("标题,正文,日期,链接,来源\n"
                '会见,"王毅会见塔尼。\n双方表示合作。",2024年5月6日,https://example.org/1,新华社\n'
                "第二条,中老铁路运营良好。,2021-12,,\n")
    docs = read_file(write(tmp_path, "posts.csv", csv_text))
    assert [d.id for d in docs] == ["posts.csv#L2", "posts.csv#L4"]  # the first row spans two lines
    first, second = docs
    assert (first.format, first.title, first.date, first.url, first.author) == (
        "csv", "会见", "2024-05-06", "https://example.org/1", "新华社")
    assert first.text == "王毅会见塔尼。\n双方表示合作。"
    assert (second.line, second.date) == (4, "2021-12")


def test_csv_other_delimiters_and_extra_columns(tmp_path: Path) -> None:
    docs = read_file(write(tmp_path, "t.tsv", "id\ttext\tlikes\n7\t王毅访美\t12\n"))
    assert only(docs).text == "王毅访美"
    assert docs[0].meta == {"id": "7", "likes": "12"}


def test_jsonl_rows_and_a_broken_line(tmp_path: Path) -> None:
    lines = ['{"content": "王毅访问老挝", "date": "2024-05-06", "title": "访问"}', "{broken", "",
             '{"text": "中老铁路", "url": "https://example.org/2", "author": "新华社"}']
    path = write(tmp_path, "rows.jsonl", "\n".join(lines) + "\n")
    docs, problems = read_paths([path])
    assert [(d.id, d.text, d.date, d.title) for d in docs] == [
        ("rows.jsonl#L1", "王毅访问老挝", "2024-05-06", "访问"),
        ("rows.jsonl#L4", "中老铁路", None, None),
    ]
    assert docs[1].url == "https://example.org/2" and docs[1].author == "新华社"
    assert len(problems) == 1
    assert (problems[0].source, problems[0].line) == (str(path), 2)
    assert "not valid JSON" in problems[0].reason
    with pytest.raises(IngestError) as err:  # the strict single-file reader says so too
        read_file(path)
    assert err.value.line == 2 and len(err.value.documents) == 2


# --- folders, problems, determinism ---------------------------------------------------------------


def test_folder_with_bad_files_keeps_the_good_ones(tmp_path: Path) -> None:
    write(tmp_path, "good.txt", "王毅会见塔尼。\n")
    write(tmp_path, "sub/weibo.txt", WEIBO.encode("gb18030"))
    write(tmp_path, "sub/page.html", "<p>中方愿同各国合作。</p>")
    write(tmp_path, "binary.txt", bytes(range(256)) * 8)
    write(tmp_path, "empty.md", b"")
    write(tmp_path, "broken.jsonl", '{"text": "好的一行"}\n{"text": 坏}\n')
    write(tmp_path, "paper.pdf", b"%PDF-1.4 \x00\x01")
    write(tmp_path, "nocol.csv", "a,b\n1,2\n")
    write(tmp_path, ".DS_Store", b"\x00\x00\x00\x01Bud1")
    write(tmp_path, ".hidden/secret.txt", "不读")
    write(tmp_path, "notes.txt~", "备份")
    docs, problems = read_paths([tmp_path])
    assert [d.id for d in docs] == [
        "broken.jsonl#L1", "good.txt", "sub/page.html",
        "sub/weibo.txt#L2", "sub/weibo.txt#L3", "sub/weibo.txt#L5",
    ]
    assert docs[1].source == str(tmp_path / "good.txt")
    by_file = {Path(p.source).name: p for p in problems}
    assert sorted(by_file) == ["binary.txt", "broken.jsonl", "empty.md", "nocol.csv", "paper.pdf"]
    assert len(problems) == 5
    assert by_file["paper.pdf"].reason == "unsupported file type .pdf"
    assert by_file["empty.md"].reason == "empty file"
    assert "binary" in by_file["binary.txt"].reason or "decode" in by_file["binary.txt"].reason
    assert by_file["broken.jsonl"].line == 2
    assert "no text column" in by_file["nocol.csv"].reason
    assert str(by_file["broken.jsonl"]).startswith(str(tmp_path / "broken.jsonl") + ":2: ")


def test_missing_path_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    docs, problems = read_paths([tmp_path / "nope", str(write(tmp_path, "ok.txt", "中方。"))])
    assert [d.id for d in docs] == ["ok.txt"]
    assert [(p.source, p.reason) for p in problems] == [(str(tmp_path / "nope"), "no such file or folder")]


def test_read_paths_accepts_one_path_and_reads_a_file_once(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "中方。")
    docs, problems = read_paths(str(tmp_path))  # type: ignore[arg-type]
    assert [d.id for d in docs] == ["a.txt"] and problems == []
    docs, _ = read_paths([tmp_path, tmp_path / "a.txt"])
    assert [d.id for d in docs] == ["a.txt"]


def test_same_file_name_in_two_folders_gets_distinct_ids(tmp_path: Path) -> None:
    write(tmp_path, "x/a.txt", "一。")
    write(tmp_path, "y/a.txt", "二。")
    docs, _ = read_paths([tmp_path / "x", tmp_path / "y"])
    assert len({d.id for d in docs}) == 2
    assert docs[0].id == "a.txt"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("slides.pptx", b"PK\x03\x04", "unsupported file type .pptx"),
        ("README", "中文", "unsupported file type (no extension)"),
        ("empty.txt", b"", "empty file"),
        ("blank.txt", "\n  \n", "empty file (only whitespace)"),
        ("junk.txt", b"\x00\x01\x02\x03" * 50, "not a text file (binary content)"),
    ],
)
def test_read_file_raises_for_unusable_files(tmp_path: Path, name: str, content: str | bytes, reason: str) -> None:
    with pytest.raises(IngestError) as err:
        read_file(write(tmp_path, name, content))
    assert err.value.reason == reason


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_is_a_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "locked.txt", "中方。")
    path.chmod(0)
    try:
        docs, problems = read_paths([tmp_path])
    finally:
        path.chmod(0o644)
    assert docs == [] and [p.reason for p in problems] == ["permission denied"]


def test_read_paths_is_deterministic(tmp_path: Path) -> None:
    for name, content in [("b.txt", PLAIN_TRANSCRIPT), ("a/z.md", MARKDOWN_TRANSCRIPT), ("a/c.txt", WEIBO),
                          ("0.txt", HEADER_TRANSCRIPT), ("1.txt", HTML_FRONT_MATTER)]:
        write(tmp_path, name, content)
    first = read_paths([tmp_path])
    second = read_paths([tmp_path])
    assert first == second
    assert [d.id for d in first[0]] == ["0.txt", "1.txt", "a/c.txt#L2", "a/c.txt#L3", "a/c.txt#L5", "a/z.md", "b.txt"]


# --- the real seed files --------------------------------------------------------------------------


def test_seed_folder() -> None:
    docs, problems = read_paths([SEEDS])
    assert problems == []
    per_file: dict[str, list[Document]] = {}
    for d in docs:
        per_file.setdefault(d.id.split("#")[0][:3], []).append(d)
    assert {k: len(v) for k, v in per_file.items()} == {"000": 197, "001": 1, "002": 1, "003": 1, "004": 1}
    assert {d.format for d in per_file["000"]} == {"weibo"}
    formats = {k: v[0].format for k, v in per_file.items() if k != "000"}
    assert formats == {"001": "markdown-transcript", "002": "transcript", "003": "transcript", "004": "html"}
    for key in ("001", "002", "003"):
        doc = per_file[key][0]
        speakers = [s.speaker for s in doc.segments]
        assert len(speakers) >= 10 and "王毅" in speakers, key
        for s in doc.segments:
            assert 0 <= s.start < s.end <= len(doc.text)
            words = doc.text[s.start:s.end]
            assert words == words.strip() and not words.startswith(("**", s.speaker or "?")), (key, words[:20])
    assert per_file["003"][0].date == "2018-03-08"
    assert all(s.timestamp for s in per_file["003"][0].segments)
    assert per_file["004"][0].date == "2021-12-30"
    assert per_file["001"][0].title == "中国将坚定做世界的和平力量稳定力量进步力量"


def test_header_block_without_content_key(tmp_path: Path) -> None:
    text = "title: 王毅会见塔尼\nurl: https://example.org/3\ndate: 2024-05-06\n\n王毅：欢迎。\n塔尼：谢谢。\n"
    doc = only(read_file(write(tmp_path, "h.txt", text)))
    assert (doc.title, doc.url, doc.date, doc.format) == ("王毅会见塔尼", "https://example.org/3", "2024-05-06", "transcript")
    assert doc.text == "王毅：欢迎。\n塔尼：谢谢。"


def test_damaged_bytes_keep_the_text_and_report_the_damage(tmp_path: Path) -> None:
    path = write(tmp_path, "cut.txt", (SIMPLIFIED * 3).encode("utf-8")[:-2])  # cut inside the last character
    docs, problems = read_paths([path])
    assert only(docs).text.startswith("外交部长王毅会见老挝外长沙伦赛。")
    assert [p.reason for p in problems] == ["1 undecodable byte sequence(s) in utf-8 text were replaced by U+FFFD"]


def test_weibo_dump_saved_as_csv_is_read_by_line(tmp_path: Path) -> None:
    docs = read_file(write(tmp_path, "weibo.csv", "微博内容\n王毅会见塔尼,双方表示合作。\n"))
    assert [(d.id, d.format, d.text) for d in docs] == [("weibo.csv#L2", "weibo", "王毅会见塔尼,双方表示合作。")]


def test_csv_row_with_extra_fields_is_kept_and_reported(tmp_path: Path) -> None:
    docs, problems = read_paths([write(tmp_path, "x.csv", "title,text\n会见,王毅会见塔尼,多余\n")])
    assert only(docs).text == "王毅会见塔尼"
    assert [(p.line, p.reason) for p in problems] == [(2, "row has 3 fields but the header has 2; the extra fields were ignored")]
