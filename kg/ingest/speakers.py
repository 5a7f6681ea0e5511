"""Is the text before a colon a speaker label ("王毅", "外交部部长 王毅", "《人民日报》记者")?

Transcripts mark turns with ``speaker:`` at a line start, but so does prose
("他表示：…", "例如：…", "原标题：…"). A label counts as a speaker only if it
is short, has no sentence punctuation, and looks like a person, a role or a
news outlet.
"""

from __future__ import annotations

import re

MAX_SPEAKER_LEN = 25

_SENTENCE_PUNCT = set("。，,；;！？!?、“”\"‘’…:：")
#: Roles and outlets that end a speaker label.
_ROLE_SUFFIXES = (
    "记者", "記者", "主持人", "发言人", "發言人", "部长", "部長", "外长", "外長", "大使", "总统", "總統",
    "主席", "总理", "總理", "首相", "秘书长", "秘書長", "司长", "司長", "局长", "局長", "代表", "委员",
    "委員", "主任", "参赞", "參贊", "领事", "領事", "翻译", "翻譯", "嘉宾", "嘉賓", "教授", "研究员",
    "专家", "專家", "通讯社", "通訊社", "新闻社", "電視台", "电视台", "卫视", "衛視", "广播公司",
)
_EXACT = {"问", "答", "問", "Q", "A", "记者", "記者", "主持人"}
#: Words that end a clause introducing a quotation, not a turn label.
_SPEECH_VERBS = ("说", "說", "表示", "指出", "强调", "強調", "认为", "認為", "称", "稱", "提到", "介绍",
                 "介紹", "回答", "问道", "写道", "如下", "是", "为", "為", "有", "包括")
_NOT_SPEAKERS = {
    "例如", "比如", "其中", "注意", "对此", "目前", "首先", "其次", "最后", "总之", "另外", "此外", "同时",
    "地址", "电话", "时间", "地点", "主题", "标题", "来源", "原标题", "作者", "编辑", "责任编辑", "链接",
    "摘要", "导语", "关键词", "附件", "附", "注", "备注", "说明", "结论", "答案", "问题", "内容", "正文",
    "日期", "网址", "图片", "图", "视频", "文", "记者会现场", "背景", "提示", "重点", "要点", "原文",
    "http", "https", "ftp", "mailto", "url", "title", "author", "content", "date", "source", "note",
}
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_NAME = re.compile(rf"^[{_CJK}]{{2,4}}$|^[{_CJK}]{{1,8}}[·•・][{_CJK}·•・]{{1,12}}$")
_LATIN_NAME = re.compile(r"^[A-Z][a-z]+(?: [A-Z][a-z]+)+$")
_ORDINAL = re.compile(r"^(第[一二三四五六七八九十百\d]+|[一二三四五六七八九十]+是)")


def plausible_label(label: str) -> bool:
    """Short, no sentence punctuation, not a number or a known non-speaker word.

    Enough for labels the markup already marks as such (``**王毅：**``).
    """
    s = label.strip()
    if not 1 <= len(s) <= MAX_SPEAKER_LEN or any(c in _SENTENCE_PUNCT for c in s):
        return False
    return not (s[0].isdigit() or s.lower() in _NOT_SPEAKERS or _ORDINAL.match(s))


def looks_like_speaker(label: str) -> bool:
    """True when ``label`` (the text before ``:``/``：``) reads as a speaker or an outlet."""
    s = label.strip()
    if not plausible_label(s):
        return False
    if s in _EXACT or s.endswith(_ROLE_SUFFIXES):
        return True
    if s.endswith(_SPEECH_VERBS):
        return False
    tokens = s.split()
    if len(tokens) >= 2 and _NAME.match(tokens[-1]):  # "主持人 何绍仁", "外交部部长 王毅"
        return True
    return bool(_NAME.match(s) or _LATIN_NAME.match(s))
