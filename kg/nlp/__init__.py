"""NLP stages (kg/nlp/pipeline.py). The package is callable: ``kg.nlp()`` returns kg's spaCy pipeline."""

from __future__ import annotations

import sys
import types
from collections.abc import Sequence
from typing import Any


class _CallableModule(types.ModuleType):
    def __call__(self, reference: str | None = None, lexicon: str | None = None,
                 disabled_rules: Sequence[str] | None = None) -> Any:
        """``kg.nlp()``: a spaCy ``Language`` (LAC tokenizer + ``kg_mentions``); see kg.nlp.pipeline.make_pipeline."""
        from kg.nlp.pipeline import make_pipeline

        return make_pipeline(reference=reference, lexicon=lexicon, disabled_rules=disabled_rules)


sys.modules[__name__].__class__ = _CallableModule
