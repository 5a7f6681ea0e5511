"""Imported by the pool's fork server (kg/engine.py): loads the rule tables and reference data once.

Workers fork from the fork server, so each starts with the mention rules compiled,
the reference data, gazetteer, lexicon and frames loaded (pure Python objects,
shared copy-on-write) instead of building them again: about 1.5 s of CPU per worker
per build. The LAC model is not loaded here: each worker opens its own ONNX session
(no ONNX Runtime state is forked).
"""

from __future__ import annotations

from kg.extract.frames import default_frames
from kg.nlp.common_words import common_words
from kg.nlp.pipeline import default_analyzer
from kg.reference import default_reference

try:
    default_reference()
    default_frames()
    common_words()
    _ = default_analyzer().finder
except Exception:  # noqa: BLE001 - a fork server that failed to preload must still start; workers load lazily
    pass
