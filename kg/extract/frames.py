"""Frames as data: ``ontology/frames/*.yaml``.

A frame is one relation property (met, visited, participatedIn ...) with the
classes its slots accept, how its object slot is found, and the trigger
words that open it, each with a CAMEO code. ``status.yaml`` and
``modality.yaml`` hold the membership status words and the cues that make a
clause a plan, a denial or a question rather than a fact. Accept/reject
example sentences live beside them in ``ontology/frames/examples/`` and
``tests/test_frames.py`` runs every one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.datafiles import read_yaml
from kg.extract.geography import Geography
from kg.paths import ontology_dir


@dataclass(frozen=True)
class Trigger:
    word: str
    prop: str
    cameo: str | None = None
    intransitive: bool = False  # 与会: the event is the one the text is about
    abbreviation: bool = False  # 访华: a one-character country follows the word
    only_abbreviation: bool = False  # 来 counts only as 来华
    needs_event_context: bool = False  # 致辞 means attending only inside an event
    noun: bool = False  # 东道主, 成员国: a noun, not a verb
    status: bool = False  # 成为 X 成员: the status word after X decides
    grant: bool = False  # 给予 A 成员国地位: the countries follow the trigger
    nominal: bool = False  # …的签署: the agents are named before the object
    renounce: bool = False  # 不再续签: the negation is the act
    object_from_word: str | None = None  # 入盟 → 欧盟
    abbreviations: str = ""  # the one-character forms the abbreviation may be (来华: 华 only)
    state: bool = False  # 担任轮值主席国: presupposes membership whatever the tense
    copula: bool = False  # 是东南亚最大的港口: a region right after the copula, with a superlative
    completed: bool = False  # 结束对 X 的访问: the place marked by 对/在 right after the word, if a trip follows
    place_after: bool = False  # 会场设在 X: the venue follows the word; the event is the one in view
    place_before: bool = False  # 在 X 参观: the place marked by 在 right before the word is where the agent went
    project_only: bool = False  # 进入 X: only a project's route enters a place (not 非洲产品进入中国市场)


@dataclass(frozen=True)
class Frame:
    prop: str
    agent: frozenset[str]
    object: frozenset[str]
    object_slot: str
    symmetric: bool = False
    triggers: tuple[Trigger, ...] = ()
    examples: tuple[dict, ...] = ()


@dataclass(frozen=True)
class FrameSet:
    frames: dict[str, Frame]
    member_words: tuple[str, ...] = ()
    not_member_words: tuple[str, ...] = ()
    modality_before: tuple[tuple[str, tuple[str, ...]], ...] = ()
    modality_after: tuple[tuple[str, tuple[str, ...]], ...] = ()
    triggers: tuple[Trigger, ...] = field(default=())  # every frame's, longest first
    geography: Geography = field(default_factory=Geography)  # descriptors between places (geography.yaml)
    programme: dict[str, tuple[str, ...]] = field(default_factory=dict)  # partOf cues (programme.yaml)
    unfinished: tuple[str, ...] = ()  # 加入某组织义务的备忘录: a membership change under way (modality.yaml)

    def cameo(self, prop: str) -> str | None:
        """The commonest code of a property's triggers (its default)."""
        codes = [t.cameo for t in self.frames[prop].triggers if t.cameo] if prop in self.frames else []
        return max(set(codes), key=codes.count) if codes else None


_TRIGGER_KEYS = {"word", "cameo", "intransitive", "abbreviation", "only_abbreviation", "needs_event_context", "noun",
                 "status", "grant", "nominal", "renounce", "object_from_word", "abbreviations", "state",
                 "copula", "completed", "place_after", "place_before",
                 "project_only"}


def _longest_first(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted(dict.fromkeys(words), key=lambda w: (-len(w), w)))


def load_frames(folder: str | Path | None = None) -> FrameSet:
    folder = Path(folder) if folder else ontology_dir() / "frames"
    frames: dict[str, Frame] = {}
    status: dict = {}
    modality: dict = {}
    geography: dict = {}
    programme: dict = {}
    for path in sorted(folder.glob("*.yaml")):
        data = read_yaml(path) or {}  # parsed once, kept (kg/datafiles.py)
        if path.stem == "status":
            status = data
            continue
        if path.stem == "roles":
            continue  # read by kg.extract.leaders
        if path.stem == "programme":
            programme = data
            continue
        if path.stem == "geography":
            geography = data
            continue
        if path.stem == "modality":
            modality = data
            continue
        prop = data["property"]
        trig = []
        for t in data.get("triggers", []):
            unknown = set(t) - _TRIGGER_KEYS
            if unknown:
                raise ValueError(f"{path.name}: unknown trigger keys {sorted(unknown)}")
            trig.append(Trigger(prop=prop, **t))
        frames[prop] = Frame(prop, frozenset(data["agent"]), frozenset(data["object"]), data["object_slot"],
                             bool(data.get("symmetric")), tuple(trig), tuple(data.get("examples") or ()))
    every = sorted((t for f in frames.values() for t in f.triggers), key=lambda t: (-len(t.word), t.word))
    return FrameSet(
        frames,
        member_words=_longest_first(status.get("member", [])),
        not_member_words=_longest_first(status.get("not_member", [])),
        modality_before=tuple((k, _longest_first(v)) for k, v in (modality.get("before") or {}).items()),
        modality_after=tuple((k, _longest_first(v)) for k, v in (modality.get("after") or {}).items()),
        triggers=tuple(every),
        geography=Geography.from_data(geography),
        unfinished=_longest_first(modality.get("unfinished") or []),
        programme={k: _longest_first(v) for k, v in programme.items()},
    )


@lru_cache(maxsize=2)
def default_frames() -> FrameSet:
    return load_frames()


def load_examples(folder: str | Path | None = None) -> list[dict]:
    """Every accept/reject example of ``ontology/frames/examples/*.yaml``, each with
    the file it came from (for test ids). The examples are sentences written for
    this project, one construction each; they are test data, never read at build time."""
    import yaml  # test data, never read by a build

    folder = Path(folder) if folder else ontology_dir() / "frames" / "examples"
    out = []
    for path in sorted(folder.glob("*.yaml")):
        for i, ex in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or []):
            unknown = set(ex) - {"text", "date", "construction", "expect", "forbid", "modal", "known_gap"}
            if unknown:
                raise ValueError(f"{path.name} example {i + 1}: unknown keys {sorted(unknown)}")
            out.append({**ex, "file": path.stem, "index": i + 1})
    return out
