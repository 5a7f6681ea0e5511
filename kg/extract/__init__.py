"""The extract stage: relations, events with dates, and statements, each with evidence.

``extract(analyzed)`` reads only the NLP stage's output (sentences, tokens,
mentions); it never calls a model itself.
"""

from __future__ import annotations

from kg.extract.careers import extract_careers
from kg.extract.context import context_facts
from kg.extract.dates import event_day, find_dates
from kg.extract.frames import default_frames
from kg.extract.geography import appositions, route_name_places, sections
from kg.extract.home import home_events
from kg.extract.names import extract_name_facts
from kg.extract.phrases import unnested
from kg.extract.press import asking_outlets, two_sessions_press
from kg.extract.press import briefings as routine_briefings
from kg.extract.slots import SlotFiller
from kg.extract.statements import extract_statements
from kg.extract.titles import extract_titles
from kg.model import AnalyzedDocument, Extraction, Mention, RelationCandidate
from kg.nlp.lexicon import Lexicon, default_lexicon
from kg.reference import Reference, default_reference

_PRESS = "记者会"



def _template(ref: Reference, name: str, label: str, doc_id: str) -> Mention | None:
    hits = [e for e in ref.lookup(name) if e.cls == label]
    if not hits:
        return None
    return Mention(doc_id, 0, 0, name, label, name, "rule", hits[0].id, None, 0.5)


def _publisher(a: AnalyzedDocument, ref: Reference, lex: Lexicon) -> Mention | None:
    """The outlet a document's metadata names as its author (author: 新浪财经,
    国务院新闻办公室网站): an Organization the graph should know, though the
    body never names it. A person's name there is left alone: by-lines in the
    text are found by the NLP stage, with their sentence."""
    author = (a.document.author or "").strip()
    if not author or len(author) > 30:
        return None
    name = author
    for suffix in ("网站", "官网", "官方网站"):
        stem = author.removesuffix(suffix)
        if stem != author and any(e.cls == "Organization" for e in ref.lookup(stem)):
            name = stem  # 国务院新闻办公室网站 is the office's website
    listed = ref.lookup(name)
    if listed and listed[0].cls != "Organization":
        return None
    if not listed and not name.endswith(lex.media_tails + lex.organization_suffixes):
        return None
    return Mention(a.document.id, 0, 0, author, "Organization", name, "rule",
                   listed[0].id if listed else None, None, 0.7)


def _press_conference(a: AnalyzedDocument) -> Mention | None:
    """The press conference a transcript reports: "<会议>…举行记者会" → "<会议>记者会"."""
    for s in a.sentences[:8]:
        k = a.norm.find(_PRESS, s.start, s.end)
        if k == -1:
            continue
        if any(m.label == "Event" and m.start <= k < m.end for m in a.mentions):
            return None  # 在两会记者会上: the press conference is already named
        events = [m for m in a.mentions if s.start <= m.start and m.end <= k and m.label == "Event"
                  and not m.norm.endswith(_PRESS)]
        if events:
            ev = events[0]
            name = ev.norm + _PRESS
            return Mention(a.document.id, k, k + len(_PRESS), a.document.text[k:k + len(_PRESS)], "Event",
                           name, "rule", None, s.index, 0.8)
    return None


def _without_shorter_posts(titles: list[RelationCandidate], careers: list[RelationCandidate]
                           ) -> list[RelationCandidate]:
    """A profile's post (某大学某中心主任) wins over the bare title read around the name (主任)."""
    posts = {(id(r.subject), r.object) for r in careers if r.predicate == "position"}
    kept = [r for r in titles if not (r.predicate == "position" and isinstance(r.object, str) and any(
        pid == id(r.subject) and isinstance(post, str) and post != r.object and post.endswith(r.object)
        for pid, post in posts))]
    return kept + careers


def extract(a: AnalyzedDocument, reference: Reference | None = None,
            lexicon: Lexicon | None = None) -> Extraction:
    ref = reference or default_reference()
    lex = lexicon or default_lexicon()
    doc = a.document
    ex = Extraction(analyzed=a)
    china = next((m for m in a.mentions if m.ref and m.ref == "country/CN"), None)
    mfa = _template(ref, "外交部", "Organization", doc.id)
    home = ("country/CN", ref.entities["country/CN"].name) if "country/CN" in ref.entities else None
    abbr = {ch: rid for ch, rid in ref.one_character_forms(lex.abbr_defaults).items()
            if ref.entities[rid].cls == "Country"}
    press = _press_conference(a)
    if press is not None:
        ex.extra_mentions.append(press)
    briefed_days, briefed = routine_briefings(a)
    pressers, answered = two_sessions_press(a)
    briefings = briefed_days + pressers
    ex.extra_mentions.extend(briefings)
    ex.relations.extend(briefed + answered)
    asked_at = [r.object for r in answered if isinstance(r.object, Mention)] + ([press] if press is not None else [])
    ex.relations.extend(asking_outlets(a, sorted({id(e): e for e in asked_at}.values(), key=lambda e: e.start)))
    publisher = _publisher(a, ref, lex)
    if publisher is not None:
        ex.extra_mentions.append(publisher)
    ends = route_name_places(doc.id, doc.text, a.norm, a.mentions, a.sentences, tuple(lex.project_suffixes), ref)
    if ends:  # 某某—某某铁路: its two ends are places wherever the document names them
        cut = [m for m in a.mentions if (m.label == "Country" and m.end - m.start == 1
                                         and any(e.start <= m.start and m.end <= e.end for e in ends))
               or (m.label == "Person" and any(e.start == m.start and e.end == m.end for e in ends))]
        a.mentions = [m for m in a.mentions if m not in cut] + ends
    frames = SlotFiller(default_frames(), lex, ref, abbr)
    sentence_dates: dict[int, str | None] = {}
    for s in a.sentences:
        found_dates = find_dates(a.norm[s.start:s.end], doc.date)
        sentence_dates[s.index] = found_dates[0].value if found_dates else None
    framed = frames.extract(a, lambda s: sentence_dates.get(s.index), default=china)
    ex.extra_mentions.extend(frames.extra)
    named = [m for m in frames.extra if m.label == "Event"]
    if named:  # 某铁路某至某段通车仪式: the model's shorter event inside the whole name is not an event of its own
        a.mentions = [m for m in a.mentions if not (m.label == "Event" and any(
            n.start <= m.start and m.end <= n.end and (n.start, n.end) != (m.start, m.end) for n in named))]
    framed_by_sentence: dict[int, list[RelationCandidate]] = {}
    for r in framed:
        framed_by_sentence.setdefault(r.sentence.index, []).append(r)
    by_sentence: dict[int, list[Mention]] = {}
    for m in a.mentions:
        by_sentence.setdefault(m.sentence if m.sentence is not None else -1, []).append(m)
    in_view: Mention | None = None
    in_view_at = 0
    home_pending: list[tuple[Mention, int]] = []  # a home-diplomacy cue whose list follows (一是…二是…)
    careers, bodies = extract_careers(a.sentences, a.norm, a.mentions, lex, ref)
    ex.extra_mentions.extend(bodies)
    for s in a.sentences:
        ms = sorted(by_sentence.get(s.index, []), key=lambda m: (m.start, -(m.end - m.start)))
        dates = find_dates(a.norm[s.start:s.end], doc.date)
        date = dates[0].value if dates else None
        rels, extra = extract_titles(s, a.norm, ms, lex, mfa, ref)
        ex.extra_mentions.extend(extra)
        ex.relations.extend(_without_shorter_posts(rels, [r for r in careers if r.sentence.index == s.index]))
        named_facts, inside = extract_name_facts(s, a.norm, ms, ref)
        ex.relations.extend(named_facts)
        ex.extra_mentions.extend(inside)
        hosted, homes = home_events(s, a.norm, ms, lex, default_frames(), china, home, home_pending)
        ex.relations.extend(hosted)
        ex.extra_mentions.extend(homes)
        ex.relations.extend(appositions(s, a.norm, unnested(ms), ref, default_frames().geography))
        ex.relations.extend(sections(s, a.norm, unnested(ms), default_frames().geography))
        found = framed_by_sentence.get(s.index, []) + context_facts(s, a.norm, ms, lex, date, in_view)
        evs = [m for m in unnested(ms) if m.label == "Event"]
        if evs:
            in_view, in_view_at = evs[-1], s.index  # the event the text is about, for 在开幕式上 after it
        elif in_view is not None and s.index - in_view_at > 2:
            in_view = None
        if press is not None and press.sentence == s.index:
            # "会议在梅地亚中心举行记者会": the press conference is what is held there
            found = [RelationCandidate(press, r.predicate, r.object, r.sentence, r.confidence, r.method, r.date)
                     if r.predicate == "heldIn" else r for r in found]
        ex.relations.extend(found)
        named = [m for m in frames.extra if m.label == "Event" and m.sentence == s.index]  # 某铁路某段通车仪式
        for m in ms + named + [b for b in briefings if b.sentence == s.index]:
            if m.label == "Event":
                day = event_day(a.norm, s.start, s.end, m, dates)
                if day:
                    ex.event_dates.setdefault((m.start, m.end), day)
    if press is not None and doc.date:
        ex.event_dates[(press.start, press.end)] = doc.date
    if frames.comparisons:  # 被称为“新时期的某铁路”: a nickname names no entity and takes no part in facts
        ex.relations = [r for r in ex.relations if id(r.subject) not in frames.comparisons
                        and id(r.object) not in frames.comparisons]
        a.mentions = [m for m in a.mentions if id(m) not in frames.comparisons]
    stmts, rels, extra = extract_statements(a, lex, press, doc.date)
    ex.statements.extend(stmts)
    ex.relations.extend(rels)
    ex.extra_mentions.extend(extra)
    return ex
