"""Look of the graph: class colours/shapes and relation names in Chinese and English.

Kept in one place so the legend, the Python-built vis nodes and the viewer's
labels cannot disagree.
"""

from __future__ import annotations

#: class -> (Chinese name, English name, fill colour, vis-network shape).
#: Shapes all draw their label below the node, so size by importance stays readable.
CLASS_STYLE: dict[str, tuple[str, str, str, str]] = {
    "Person": ("人物", "Person", "#4e79a7", "dot"),
    "Country": ("国家", "Country", "#e15759", "diamond"),
    "Place": ("地点", "Place", "#59a14f", "triangle"),
    "Organization": ("组织", "Organization", "#f28e2b", "square"),
    "Project": ("项目", "Project", "#b07aa1", "hexagon"),
    "Initiative": ("倡议", "Initiative", "#d4a017", "star"),
    "Event": ("事件", "Event", "#76b7b2", "triangleDown"),
}

#: Used for a class the model does not know (future classes, hand-made graphs).
OTHER_STYLE: tuple[str, str, str, str] = ("其他", "Other", "#9c9c9c", "dot")

#: predicate -> (Chinese edge label, English edge label).
RELATION_LABELS: dict[str, tuple[str, str]] = {
    "position": ("职务", "position"),
    "affiliation": ("隶属", "affiliated with"),
    "met": ("会见", "met"),
    "visited": ("访问", "visited"),
    "participatedIn": ("出席", "participated in"),
    "hosted": ("主办", "hosted"),
    "heldIn": ("举办地", "held in"),
    "locatedIn": ("位于", "located in"),
    "partOf": ("属于", "part of"),
    "memberOf": ("成员", "member of"),
    "joined": ("加入", "joined"),
    "withdrewFrom": ("退出", "withdrew from"),
    "mediated": ("斡旋", "mediated"),
    "signed": ("签署", "signed"),
}

#: Canvas font stack: CJK faces first so Chinese labels never fall back to boxes.
FONT_FACE = ('"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", '
             '"Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans", Arial, sans-serif')


def class_style(cls: str) -> tuple[str, str, str, str]:
    """Style of a class, falling back to grey dots for unknown classes."""
    return CLASS_STYLE.get(cls, OTHER_STYLE)


def relation_label(predicate: str) -> tuple[str, str]:
    """Chinese and English label of a predicate (the predicate itself if unknown)."""
    return RELATION_LABELS.get(predicate, (predicate, predicate))
