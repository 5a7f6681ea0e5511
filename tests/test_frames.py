"""Every example sentence of ``ontology/frames/examples/*.yaml``, built as its own
document in one build: the triples it must state as facts (``expect``), the
tempting ones it must not (``forbid``), and those it must keep only as a planned,
denied, asked ... assertion (``modal``: subject, property, object, modality).

An example with ``known_gap`` states a construction the extractor does not
handle yet: it is expected to fail (strict), so fixing the gap flips the test."""

from __future__ import annotations

import re

import pytest

from kg.extract.frames import default_frames, load_examples
from kg.model import Document
from kg.pipeline import build_graph

EXAMPLES = load_examples()
_STRIP = re.compile(r"[\s“”\"'‘’《》·・「」]")


def _norm(s: str) -> str:
    return _STRIP.sub("", s)


@pytest.fixture(scope="module")
def graph():
    docs = [Document(id=f"{e['file']}-{e['index']}", source=f"{e['file']}-{e['index']}.txt", text=e["text"],
                     format="text", date=str(e.get("date") or "2024-05-06")) for e in EXAMPLES]
    return build_graph(docs)


def _names(g, eid: str) -> set[str]:
    e = g.entities.get(eid)
    if e is None:
        return {_norm(eid)}  # a literal (position)
    return {_norm(x) for x in {e.label, *(e.alt_labels or ())}}


def _asserted(g, doc: str, s: str, p: str, o: str) -> set[str | None]:
    """The modalities with which the document asserts (s, p, o); None is a fact. A
    near-duplicate document's assertion is folded into its twin's (``also_in``)."""
    out: set[str | None] = set()
    for r in g.relations.values():
        if r.predicate != p:
            continue
        ends = [(r.subject, r.object)] + ([(r.object, r.subject)] if p == "met" else [])
        if not any(_norm(s) in _names(g, a) and _norm(o) in _names(g, b) for a, b in ends):
            continue
        out |= {a.modality for a in r.assertions if a.doc_id == doc or doc in (a.also_in or ())}
    return out


def test_every_frame_has_examples():
    covered = {e["file"] for e in EXAMPLES}
    missing = sorted(set(default_frames().frames) - covered)
    assert not missing, f"frames without examples: {missing}"


@pytest.mark.parametrize("ex", EXAMPLES, ids=[f"{e['file']}-{e['index']}" for e in EXAMPLES])
def test_example(graph, ex, request):
    if ex.get("known_gap"):
        request.applymarker(pytest.mark.xfail(reason=ex["known_gap"], strict=True))
    doc = f"{ex['file']}-{ex['index']}"
    for s, p, o in ex.get("expect") or []:
        assert None in _asserted(graph, doc, s, p, o), f"missing fact {s} {p} {o}"
    for s, p, o in ex.get("forbid") or []:
        assert None not in _asserted(graph, doc, s, p, o), f"forbidden fact {s} {p} {o}"
    for s, p, o, mod in ex.get("modal") or []:
        got = _asserted(graph, doc, s, p, o)
        assert None not in got and mod in got, f"{s} {p} {o} should be {mod}, got {got}"
