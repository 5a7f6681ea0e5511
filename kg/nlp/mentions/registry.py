"""The mention rules as registered units, in the style of spaCy's registry.

Each rule is a method of the finder decorated with :func:`rule`: it has a
name, the priority of the candidates it proposes (metadata: the overlap
resolution ranks by it), the lexicon lists it reads and its order in the
combination (ties in rank keep this order). Its accept/reject examples live
in ``ontology/lexicon/examples/<name>.yaml`` and one test runs them all
(tests/test_mention_rules.py). ``MentionFinder(..., disabled={name})``
builds mentions without a rule (``kg rules --ablate``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from kg.nlp.mentions.base import Candidate


@dataclass
class Context:
    """What a rule sees of one sentence (offsets are sentence-relative)."""

    text: str  # the normalised sentence
    original: str  # the sentence as written (Weibo handles are masked in ``text``)
    tokens: list[tuple[int, int, str]]  # LAC words: start, end, tag
    bounds: set[int] = field(default_factory=set)  # word boundaries
    person_cuts: set[int] = field(default_factory=set)  # inside two-character PER words
    name_tokens: list[tuple[int, int]] = field(default_factory=list)  # PER, LOC, ORG, nz words
    hits: list[Any] = field(default_factory=list)  # gazetteer hits of ``text``


@dataclass(frozen=True)
class Rule:
    name: str
    method: str  # name of the finder method taking a Context
    priority: int  # the highest priority of its candidates
    order: int  # position in the combination
    lexicon: tuple[str, ...]  # the Lexicon lists it reads
    doc: str
    parent: str | None = None  # a part of another rule (``tokens.x_fang``): a branch that can be left out alone


RULES: dict[str, Rule] = {}
PARTS: dict[str, Rule] = {}  # branches of a rule, named "<rule>.<part>"
F = TypeVar("F", bound=Callable[..., "list[Candidate]"])


def rule(name: str, *, priority: int, order: int, lexicon: tuple[str, ...] = ()) -> Callable[[F], F]:
    """Register a finder method ``(self, ctx: Context) -> list[Candidate]`` as the rule ``name``."""

    def register(func: F) -> F:
        if name in RULES and RULES[name].method != func.__name__:
            raise ValueError(f"mention rule {name!r} registered twice")
        doc = (func.__doc__ or "").strip().split("\n\n")[0]
        RULES[name] = Rule(name, func.__name__, priority, order, lexicon, " ".join(doc.split()))
        return func

    return register


def part(parent: str, name: str, doc: str) -> None:
    """Register a branch of the rule ``parent`` that the rule skips when ``<parent>.<name>`` is disabled."""
    full = f"{parent}.{name}"
    PARTS[full] = Rule(full, "", -1, -1, (), doc, parent)


def rules(parts: bool = False) -> list[Rule]:
    """All registered rules in combination order (with ``parts``: each rule followed by its parts)."""
    import kg.nlp.mentions.finder  # noqa: F401 - registers every rule module

    out = []
    for r in sorted(RULES.values(), key=lambda r: r.order):
        out.append(r)
        if parts:
            out += [p for p in PARTS.values() if p.parent == r.name]
    return out
