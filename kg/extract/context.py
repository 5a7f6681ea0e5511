"""Facts stated by a sentence's shape rather than by a trigger verb.

* 某某在某峰会上宣布…, 在某地的某外长会期间: the subject took part in the event
  that frames the clause (and the event met where the 在 phrase says);
* 某会议上，某某…: an event opening the sentence frames the speaker after it;
* 某港位于某国, 某岛是某国领土: where a place or project is;
* 共建某倡议的成功例子很多，某铁路、某港…: projects listed with a programme cue;
* 以某某同志为核心的党中央: the person leads the body.

The frames (``kg/extract/slots.py``) read every trigger verb; these
constructions have none, so they are read here, clause by clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.phrases import unnested
from kg.model import Mention, RelationCandidate, Sentence
from kg.nlp.lexicon import Lexicon

_CLAUSE = re.compile(r"[，,；;：:。！？!?\n]")
_PROGRAMME_CUES = ("共建", "标志性", "旗舰", "代表性", "重大项目", "成功例子", "早期收获", "项目", "工程", "成果")
_LOCATED_GAP = re.compile(r"^(位于|地处|坐落于|坐落在|地处于)$")
_TERRITORY_TAIL = re.compile(r"^(政府)?(的)?(不可分割的)?(一部分|领土|固有领土|神圣领土|依法管辖的领土)")
_TERRITORY_COPULA = re.compile(r"^(自古以来|自古|早已|早就|历来|向来|一直|本来|从来|都|均|也|就)*(是|为|属于|属)")
# 在 E 上 / 期间 / 的报告中 / 开幕式上: the subject took part in E
_AT_EVENT = re.compile(r"^(的)?(报告|讲话|主旨演讲|演讲|致辞|开幕式|闭幕式|开幕|闭幕)?(当中|上|期间|中|时|之际)")
# 去年底召开的 / 在北京举行的: a relative clause before the event that opens the sentence
_HELD_BEFORE = re.compile(r"[^，,；;。]{0,10}(召开|举行|举办|闭幕|开幕)的")
_AT_PART = re.compile(r"在(?:此次|本次|这次)?(?:开幕式|闭幕式|会议|会|峰会|论坛|大会)上")
_DONE = ("已", "成功", "建成", "通车", "竣工")


@dataclass
class Clause:
    start: int
    end: int
    mentions: list[Mention]


def clauses(sentence: Sentence, norm: str, mentions: list[Mention]) -> list[Clause]:
    """The sentence cut at commas, colons and stops, each with the mentions inside it."""
    out, pos = [], sentence.start
    cuts = [sentence.start + m.end() for m in _CLAUSE.finditer(norm[sentence.start:sentence.end])]
    for cut in [*cuts, sentence.end]:
        if cut > pos:
            out.append(Clause(pos, cut, [m for m in mentions if pos <= m.start and m.end <= cut]))
        pos = cut
    return out


def blocked(prefix: str, lex: Lexicon) -> bool:
    """Negation, future or question in the words before: not a stated fact.
    Words that merely contain a cue (分别, 不断, 未来) are masked first."""
    for w in lex.not_cues:
        if w in prefix:
            prefix = prefix.replace(w, " " * len(w))
    return any(w in prefix for w in (*lex.negation, *lex.future, *lex.question))


def context_facts(sentence: Sentence, norm: str, mentions: list[Mention], lex: Lexicon,
                  date: str | None = None, in_view: Mention | None = None) -> list[RelationCandidate]:
    """The relation candidates of one sentence's trigger-less constructions; ``in_view`` is the
    event the text was last about (某峰会开幕。某某在开幕式上…)."""
    def rc(s: Mention, p: str, o: Mention, conf: float) -> RelationCandidate:
        return RelationCandidate(s, p, o, sentence, conf, "rule", date)

    out: list[RelationCandidate] = []
    parts = clauses(sentence, norm, mentions)
    for cl in parts:
        ms = unnested(cl.mentions)
        for ev in (m for m in ms if m.label == "Event"):
            before = norm[max(cl.start, ev.start - 2):ev.start]
            after = norm[ev.end:ev.end + 8]
            where = next((m for m in ms if m.label in ("Place", "Country") and norm[m.end:ev.start] == "的"
                          and norm[max(cl.start, m.start - 1):m.start] == "在"), None)
            if where is not None and _AT_EVENT.match(after):
                # 在新加坡的东亚合作系列外长会期间: held there, and the subject took part
                out.append(rc(ev, "heldIn", where, 0.65))
                cut = where.start - 1
            elif "在" not in before or not _AT_EVENT.match(after):
                continue
            else:
                cut = ev.start - (len(before) - before.rindex("在"))
            if blocked(norm[cl.start:cut][-8:], lex):
                continue
            subj = [m for m in ms if m.end <= cut and m.label in ("Person", "Country", "Organization")]
            if subj:
                out.append(rc(subj[0] if subj[0].label == "Person" else subj[-1], "participatedIn", ev, 0.7))
    out.extend(rc(p, "partOf", i, 0.6) for p, i in _programme(sentence, norm, mentions, lex))
    out.extend(rc(a, "locatedIn", b, 0.7) for a, b in _territory(norm, mentions, lex))
    out.extend(rc(p, "participatedIn", ev, 0.6) for p, ev in _from_to(norm, parts, lex))
    if in_view is not None:
        out.extend(rc(p, "participatedIn", in_view, 0.6) for p in _at_part(norm, parts, lex))
    for first, second in zip(parts, parts[1:], strict=False):
        # 中央外事工作会议上，习近平主席…: the event opens the sentence, the speaker follows
        evs = [m for m in unnested(first.mentions) if m.label == "Event" and (
            m.start - first.start <= 1 or _HELD_BEFORE.fullmatch(norm, first.start, m.start))]
        if evs and _AT_EVENT.match(norm[evs[0].end:evs[0].end + 8]) and first.end - evs[0].end <= 8:
            people = [m for m in unnested(second.mentions) if m.label == "Person" and m.start - second.start <= 2]
            out.extend(rc(p, "participatedIn", evs[0], 0.65) for p in people[:1])
    for p in (m for m in mentions if m.label == "Person"):
        k = norm[p.end:p.end + 12].find("为核心的")
        if k != -1 and k <= 3:
            org = next((m for m in mentions if m.label == "Organization" and m.start == p.end + k + 4), None)
            if org is not None:
                out.append(rc(p, "affiliation", org, 0.8))
    return out


def _from_to(norm: str, parts: list[Clause], lex: Lexicon) -> list[tuple[Mention, Mention]]:
    """从某论坛到某峰会，从某博览会到某博览会，某某宣布…: the person of the clause after a run
    of 从 E 到 E clauses took part in each event they name."""
    events: list[Mention] = []
    for cl in parts:
        ms = unnested(cl.mentions)
        evs = [m for m in ms if m.label == "Event"]
        if len(evs) == 2 and len(ms) == 2 and norm[cl.start:evs[0].start].strip() == "从" \
                and norm[evs[0].end:evs[1].start] == "到":
            events += evs
            continue
        if events:
            opener = _opening_person(norm, cl, lex)
            return [(opener, e) for e in events] if opener is not None else []
        events = []
    return []


def _opening_person(norm: str, cl: Clause, lex: Lexicon) -> Mention | None:
    """The person a clause opens with, a title before the name allowed (国家主席某某…)."""
    return next((m for m in unnested(cl.mentions) if m.label == "Person" and (m.start - cl.start <= 2 or (
        m.start - cl.start <= 10 and norm[cl.start:m.start].endswith(lex.titles)))), None)


def _at_part(norm: str, parts: list[Clause], lex: Lexicon) -> list[Mention]:
    """某某在开幕式上…, 在会上，某某…: the person speaking at a part of the event in view."""
    out: list[Mention] = []
    for i, cl in enumerate(parts):
        cue = _AT_PART.search(norm, cl.start, cl.end)
        if cue is None or any(m.label == "Event" and m.start < cue.end() and cue.start() < m.end for m in cl.mentions):
            continue
        before = [m for m in unnested(cl.mentions) if m.label == "Person" and m.end <= cue.start()]
        if before:
            out.append(before[0])
        elif norm[cl.start:cue.start()].strip() == "" and i + 1 < len(parts):
            opener = _opening_person(norm, parts[i + 1], lex)
            out.extend([opener] if opener is not None else [])
    return out


def _programme(sentence: Sentence, norm: str, mentions: list[Mention], lex: Lexicon
               ) -> list[tuple[Mention, Mention]]:
    """共建某倡议的成功例子很多，某铁路、某港…都是其中的代表: projects listed in a
    sentence about one initiative, with a cue that they belong to it."""
    ms = unnested(mentions)
    inits = [m for m in ms if m.label == "Initiative"]
    projects = [m for m in ms if m.label == "Project"]
    text = norm[sentence.start:sentence.end]
    if len({m.ref or m.norm.strip("“”\"") for m in inits}) != 1 or not projects \
            or not any(c in text for c in _PROGRAMME_CUES):
        return []
    if blocked(text, lex) and not any(c in text for c in _DONE):
        return []
    return [(p, inits[0]) for p in projects]


def _territory(norm: str, mentions: list[Mention], lex: Lexicon) -> list[tuple[Mention, Mention]]:
    """某岛是某国不可分割的一部分, 某港位于某国: where a place is."""
    out = []
    ms = unnested(mentions)
    for a, b in zip(ms, ms[1:], strict=False):
        gap = norm[a.end:b.start]
        tail = norm[b.end:b.end + 12]
        located = a.label in ("Place", "Project") and b.label in ("Country", "Place") and _LOCATED_GAP.match(gap)
        territory = a.label == "Place" and b.label == "Country" and _TERRITORY_COPULA.match(gap) \
            and len(gap) <= 14 and _TERRITORY_TAIL.match(tail) and not blocked(gap, lex)
        if located or territory:
            out.append((a, b))
    return out
