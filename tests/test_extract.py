"""Extraction rules on real-looking sentences (not from the seed gold)."""

from __future__ import annotations

from conftest import triples

from kg.extract import extract
from kg.extract.dates import find_dates, resolve_date
from kg.model import Document, Segment
from kg.nlp.pipeline import analyze


def test_title_apposition_gives_position_and_affiliation():
    got = triples("法国总统马克龙在爱丽舍宫会见了到访的巴西总统卢拉。")
    assert ("马克龙", "position", "总统") in got
    assert ("马克龙", "affiliation", "法国") in got
    assert ("卢拉", "affiliation", "巴西") in got


def test_spokesperson_and_chained_titles():
    got = triples("外交部发言人林剑在例行记者会上答问。国务委员兼国防部长李尚福出席。")
    assert any(s == "林剑" and p == "position" and "发言人" in o for s, p, o in got)
    assert ("林剑", "affiliation", "外交部") in got
    assert ("李尚福", "position", "国防部长") in got
    assert ("李尚福", "position", "国务委员") in got


def test_meeting_and_visit():
    got = triples("俄罗斯总统普京在克里姆林宫会见来访的印度总理莫迪。莫迪随后访问奥地利。")
    assert ("普京", "met", "莫迪") in got or ("莫迪", "met", "普京") in got
    assert ("莫迪", "visited", "奥地利") in got


def test_with_construction_meeting():
    got = triples("李强同新加坡总理黄循财举行会谈。")
    assert ("李强", "met", "黄循财") in got


def test_negation_future_and_questions_are_not_facts():
    assert not any(p == "withdrewFrom" for _, p, _ in triples("美国争取让菲律宾不要退出东盟。"))
    assert not any(p == "signed" for _, p, _ in triples("两国将签署自由贸易协定，巴西将加入一带一路。"))
    assert not any(p == "visited" for _, p, _ in triples("记者问：拜登是否会访问中国？"))
    assert any(p == "withdrewFrom" for _, p, _ in triples("意大利正式退出一带一路倡议。"))


def test_names_state_facts():
    got = triples("匈塞铁路和中巴经济走廊建设顺利，希腊比雷埃夫斯港吞吐量增长。")
    assert ("匈塞铁路", "locatedIn", "匈") in got or ("匈塞铁路", "locatedIn", "匈牙利") in {
        (s, p, o) for s, p, o in got}
    assert any(s == "比雷埃夫斯港" and p == "locatedIn" and o == "希腊" for s, p, o in got)


def test_event_held_in_place():
    got = triples("第二届中国—中亚峰会在阿斯塔纳举行。")
    assert any(p == "heldIn" and o == "阿斯塔纳" for _, p, o in got)


def test_dates_resolve_against_document_date():
    assert resolve_date("去年5月", "2018-03-08") == "2017-05"
    assert resolve_date("今年10月18日", "2023-03-01") == "2023-10-18"
    assert resolve_date("当地时间5月5日", None) == "--05-05"
    assert resolve_date("2021年12月30日", None) == "2021-12-30"
    assert [d.value for d in find_dates("2019年4月和2023年", None)] == ["2019-04", "2023"]
    assert resolve_date("没有日期") is None


def test_transcript_statements_with_outlet_and_press_conference():
    text = ("十四届全国人大三次会议在梅地亚中心举行记者会。\n"
            "新华社记者：请介绍中美关系。\n"
            "王毅：中方愿同美方相向而行。\n")
    q = text.index("请介绍")
    ans = text.index("中方愿")
    segs = [Segment(q, ans - 4, "新华社记者"), Segment(ans, len(text) - 1, "王毅")]
    a = next(analyze([Document("p", "p", text, "transcript", date="2025-03-07", segments=segs)]))
    ex = extract(a)
    assert len(ex.statements) == 1
    st = ex.statements[0]
    assert st.speaker.norm == "王毅" and st.outlet is not None and st.outlet.norm == "新华社"
    assert {m.ref for m in st.mentions} >= {"country/CN", "country/US"}  # 中方, 美方
    assert st.event is not None and st.event.norm == "十四届全国人大三次会议记者会"
    parts = {(r.subject.norm, r.object.norm) for r in ex.relations if r.predicate == "participatedIn"}
    assert ("王毅", "十四届全国人大三次会议记者会") in parts
    assert ("新华社", "十四届全国人大三次会议记者会") in parts


def test_you_in_a_reporters_question_is_the_one_who_answers():
    text = ("路透社记者：上周您出席了二十国集团领导人峰会，您如何评价峰会成果？\n"
            "王毅：这次峰会取得了积极成果。\n")
    ans = text.index("这次")
    segs = [Segment(text.index("上周"), ans - 4, "路透社记者"), Segment(ans, len(text) - 1, "王毅")]
    a = next(analyze([Document("p", "p", text, "transcript", date="2024-11-25", segments=segs)]))
    ex = extract(a)
    parts = {(r.subject.norm, r.object.norm) for r in ex.relations if r.predicate == "participatedIn"}
    assert any(s == "王毅" and "二十国集团" in o for s, o in parts)


def test_visit_with_hosts_before_the_trigger():
    got = triples("印度总理莫迪对日本、韩国进行国事访问。")
    assert ("莫迪", "visited", "日本") in got and ("莫迪", "visited", "韩国") in got
