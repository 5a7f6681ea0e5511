"""Is a clause a statement of fact? Plans, invitations, denials, negations and
questions are kept as assertions with a modality, never as facts.

The cue words are data (``ontology/frames/modality.yaml``); this module only
masks what would mislead them: names (不丹 holds 不), words that contain a
cue without being one (分别, 未来: ``not_cues`` in the lexicon) and the
accepted-invitation frame 应 X 邀请, which reports a visit that happened.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from kg.extract.frames import FrameSet

_ACCEPTED = re.compile(r"应[^，,。；;]{0,40}?邀请|应邀|受邀(?!成为)|邀请下")
# 已/正式 before the trigger state a completed act even after a cue in an earlier phrase
_DONE = re.compile(r"(已经|已|业已)[^，,。；;]{0,6}$")
_DONE_OVERRIDES = ("planned", "hoped", "invited")


def _mask(text: str, words: tuple[str, ...]) -> str:
    for w in words:
        if w in text:
            text = text.replace(w, " " * len(w))
    return text


def blank_spans(norm: str, start: int, end: int, spans: Iterable[Any]) -> str:
    """norm[start:end] with the given spans (anything with .start and .end) blanked: the
    names a clause holds must not be read as cues (不丹 holds 不)."""
    chars = list(norm[start:end])
    for sp in spans:
        for k in range(max(sp.start, start), min(sp.end, end)):
            chars[k - start] = " "
    return "".join(chars)


def modality(before: str, after: str, frames: FrameSet, not_cues: tuple[str, ...] = ()) -> str | None:
    """The modality of a trigger given the clause text before it (names blanked)
    and the few characters after it; None when the clause states a fact."""
    before = _ACCEPTED.sub(lambda m: " " * len(m.group(0)), before)
    before = _mask(before, not_cues)
    for label, words in frames.modality_after:
        if any(w in after for w in words):
            return label
    done = bool(_DONE.search(before))
    for label, words in frames.modality_before:
        if any(w in before for w in words):
            return None if done and label in _DONE_OVERRIDES else label
    return None
