"""Which initiative a project belongs to when no verb says so (partOf).

Cues come from ``ontology/frames/programme.yaml``: words that call a project a
model of an initiative, open a list of examples, report an initiative's
progress or a project's completion. A link across two sentences is weaker
(confidence 0.45–0.5) than one a single sentence states.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kg.model import AnalyzedDocument, Mention, RelationCandidate, Sentence

Dates = Callable[[Sentence], str | None]


def _any(words: tuple[str, ...], text: str) -> bool:
    return any(w in text for w in words)


def comparisons(norm: str, mentions: list[Mention], words: tuple[str, ...]) -> set[int]:
    """Mentions named only as a comparison or nickname (被称为“新时期的某铁路”): their ids."""
    out: set[int] = set()
    for w in words:
        for hit in re.finditer(re.escape(w), norm):
            j = hit.end()
            if not norm.startswith(("“", "\"", "「"), j):
                continue  # 被称为合作典范: a description, not a name
            close = min((k for k in (norm.find(q, j + 1) for q in "”\"」") if k != -1), default=-1)
            if close == -1 or close - j > 30:
                continue
            end = close
            for m in mentions:
                if j <= m.start and m.end <= end:
                    out.add(id(m))
    return out


def _projects(mentions: list[Mention], lo: int, hi: int, skip: set[int]) -> list[Mention]:
    return [m for m in mentions if lo <= m.start < hi and m.label == "Project" and id(m) not in skip]


def _one_initiative(mentions: list[Mention], lo: int, hi: int) -> Mention | None:
    inits = {m.ref or m.norm: m for m in mentions if lo <= m.start < hi and m.label == "Initiative"}
    return next(iter(inits.values())) if len(inits) == 1 else None


def referred(a: AnalyzedDocument, mentions: list[Mention], cues: dict[str, tuple[str, ...]],
             project_ref: re.Pattern[str], skip: set[int], dates: Dates) -> list[RelationCandidate]:
    """这座百年钢厂已成为共建“一带一路”的样板工程: a project named before, referred to
    and called a model of the initiative, belongs to it."""
    out = []
    for s in a.sentences:
        text = a.norm[s.start:s.end]
        init = _one_initiative(mentions, s.start, s.end)
        if init is None or not _any(cues.get("model_words", ()), text) or _projects(mentions, s.start, s.end, skip):
            continue
        r = project_ref.search(a.norm, s.start, init.start)
        if r is None:
            continue
        earlier = [m for m in mentions if m.end <= r.start() and m.label == "Project" and id(m) not in skip]
        if earlier:
            out.append(RelationCandidate(earlier[-1], "partOf", init, s, 0.55, "rule", dates(s)))
    return out


def continued(a: AnalyzedDocument, mentions: list[Mention], cues: dict[str, tuple[str, ...]],
              skip: set[int], dates: Dates) -> list[RelationCandidate]:
    """Projects given as the results of the one initiative the text is talking about:
    a sentence of examples after it (特别是…), a list in its own sentence
    (…成果丰硕，A、B等一批项目相继建成), or a completion reported right after its progress."""
    out: list[RelationCandidate] = []
    openers, progress = cues.get("example_openers", ()), cues.get("progress", ())
    completion, tails = cues.get("completion", ()), cues.get("list_tails", ())
    for s in a.sentences:  # one sentence: the initiative's results, then a list of projects
        init = _one_initiative(mentions, s.start, s.end)
        if init is None:
            continue
        rest = a.norm[init.end:s.end]
        k = min((rest.find(t) for t in tails if t in rest), default=-1)
        if k == -1 or not _any(progress, rest[:k]):
            continue
        listed = [m for m in _projects(mentions, init.end, init.end + k, skip)]
        out += [RelationCandidate(m, "partOf", init, s, 0.55, "rule", dates(s)) for m in listed]
    for prev, cur in zip(a.sentences, a.sentences[1:], strict=False):
        init = _one_initiative(mentions, prev.start, prev.end)
        if init is None or _one_initiative(mentions, cur.start, cur.end) is not None or any(
                cur.start <= m.start < cur.end and m.label == "Initiative" for m in mentions):
            continue
        text = a.norm[cur.start:cur.end].lstrip()
        if text.startswith(openers):
            conf = 0.5
        elif _any(progress, a.norm[init.end:prev.end]) and _any(completion, text) \
                and not _projects(mentions, prev.start, prev.end, skip):
            conf = 0.45  # 共建…走深走实。今年1月，某港正式投入运营
        else:
            continue
        out += [RelationCandidate(m, "partOf", init, cur, conf, "rule", dates(cur))
                for m in _projects(mentions, cur.start, cur.end, skip)]
    return out
