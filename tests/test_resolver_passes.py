"""Every resolver pass has accept/reject examples in data (ontology/resolve/examples/<pass>.yaml).

An accepted example must hold with the pass and fail without it (the pass is what
does it); a rejected one must keep the names apart. Sentences written for this project.
"""

from __future__ import annotations

from functools import cache

import pytest
import yaml

from kg.model import Document
from kg.nlp.pipeline import analyze
from kg.paths import ontology_dir
from kg.reference import default_reference
from kg.resolve import Resolver
from kg.resolve.resolver import PASSES

EXAMPLES = ontology_dir() / "resolve" / "examples"


@cache
def _load() -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES.glob("*.yaml"))}


def _cases() -> list:
    out = []
    for name, data in _load().items():
        for kind in ("accept", "reject"):
            for i, ex in enumerate(data.get(kind) or []):
                out.append(pytest.param(name, kind, ex, id=f"{name}-{kind}{i}"))
    return out


def _resolved(ex: dict, disabled: tuple[str, ...] = ()) -> dict[str, tuple[str, str]]:
    """surface form → (entity id, label) of every mention of the example's documents."""
    docs = [Document(id=d.get("id") or f"d{i}", source=d.get("id") or f"d{i}", text=d["text"], format="text",
                     date=str(d["date"]) if d.get("date") else None) for i, d in enumerate(ex["docs"])]
    mentions = [m for a in analyze(docs) for m in a.mentions]
    dates = {d.id: d.date for d in docs if d.date}
    assigned, entities = Resolver(default_reference(), disabled=disabled).resolve(mentions, doc_dates=dates)
    out = {}
    for m in mentions:
        if id(m) in assigned:
            out[m.text] = (assigned[id(m)], entities[assigned[id(m)]].label)
    return out


def _holds(ex: dict, got: dict[str, tuple[str, str]]) -> bool:
    if "same" in ex:
        a, b = ex["same"]
        return a in got and b in got and got[a][0] == got[b][0]
    (surface, label), = ex["resolves"].items()
    return got.get(surface, ("", ""))[1] == label


def test_every_pass_has_examples() -> None:
    names = {n for n, _ in PASSES}
    assert set(_load()) == names
    for name in names:
        assert _load()[name].get("accept") and _load()[name].get("reject"), name


def test_an_unknown_pass_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown resolver passes"):
        Resolver(default_reference(), disabled=["no_such_pass"])


@pytest.mark.parametrize(("name", "kind", "ex"), _cases())
def test_pass_example(name: str, kind: str, ex: dict) -> None:
    got = _resolved(ex)
    if kind == "accept":
        assert _holds(ex, got), f"{name}: {ex} not resolved so: {got}"
        assert not _holds(ex, _resolved(ex, disabled=(name,))), f"{name}: holds without the pass too"
    else:
        a, b = ex["apart"]
        assert a in got, f"{name}: {a} not found: {got}"
        assert got[a][1] != b and (b not in got or got[b][0] != got[a][0]), f"{name}: {a} and {b} joined"
