"""Near-duplicate documents (one transcript published by two outlets) and how their facts merge.

Detection: MinHash (datasketch's scheme, computed here; 128 permutations) over the document's
5-character shingles, whitespace and punctuation removed, so layout,
Markdown and HTML leftovers do not matter. Two documents are near-duplicates
when the estimated Jaccard similarity J of their shingle sets is at least
``JACCARD`` (0.5; candidates from MinHash LSH) *and* the smaller set lies at
least ``CONTAINMENT`` (0.8) inside the larger, estimated as
J(|A|+|B|)/(1+J)/min(|A|,|B|). Why both: one outlet's transcript often
drops or adds a few questions (the two press-conference seeds: J 0.63,
containment 0.82), which Jaccard alone would miss; containment alone would
call a one-line quote of a long text its duplicate.
Each duplicate points to its *canonical* document: the first document in
document-id order that it matches (id order, not input order, so the graph
does not depend on the order files are given in, on ``--jobs`` or the engine).

Merging (:func:`merge_duplicates`), after the graph is assembled: an
assertion of a duplicate document is *folded* into an assertion of its
canonical document when both state the same fact the same way: same subject,
predicate, object, method, modality, date and end date. The folded copy is
removed, and the duplicate's id is added to the kept assertion's ``also_in``.
So the fact's confidence (noisy-or over assertions) counts it once, its
evidence names both sources (``prov:wasDerivedFrom`` both documents in RDF,
and the direct triple stays in both documents' TriG graphs). An assertion
only the duplicate makes (where the texts differ) stays its own. Entities,
statements and documents are left as they are: both documents stay in the
graph, and the pairs are listed in ``report.json`` under ``near_duplicates``.
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Iterable

import numpy as np

from kg.graph import KnowledgeGraph
from kg.model import Assertion

NUM_PERM = 128
SHINGLE = 5
JACCARD = 0.5
CONTAINMENT = 0.8
_NOISE = re.compile(r"[\W_]+", re.UNICODE)


def _permutations(num_perm: int = NUM_PERM, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's "affine32" permutation parameters (odd a, any b; mod 2**32)."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


_PERM: tuple[np.ndarray, np.ndarray] | None = None


def minhash(items: Iterable[bytes]) -> np.ndarray:
    """MinHash values of byte strings, exactly datasketch 2's ``MinHash(num_perm=128, seed=1)``
    (SHA-1 32-bit hash, MurmurHash3 finaliser, affine permutations mod 2**32; tested).

    Why not datasketch itself: importing it pulls in SciPy (about 1 s of every build's
    start-up) for a few lines of numpy."""
    global _PERM
    if _PERM is None:
        _PERM = _permutations()
    a, b = _PERM
    hv = np.array([struct.unpack("<I", hashlib.sha1(x).digest()[:4])[0] for x in items], dtype=np.uint32)
    if not len(hv):
        return np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
    hv ^= hv >> np.uint32(16)
    hv *= np.uint32(0x85EBCA6B)
    hv ^= hv >> np.uint32(13)
    hv *= np.uint32(0xC2B2AE35)
    hv ^= hv >> np.uint32(16)
    return (hv[:, None] * a + b).min(axis=0)


def signature(text: str) -> bytes | None:
    """Shingle count, then MinHash hash values of ``text`` (bytes: they travel between processes and
    into the cache)."""
    flat = _NOISE.sub("", text)
    if len(flat) < SHINGLE * 4:
        return None  # too short to tell a copy from two posts saying 谢谢
    shingles = {flat[i:i + SHINGLE].encode("utf-8") for i in range(len(flat) - SHINGLE + 1)}
    return np.concatenate([[len(shingles)], minhash(sorted(shingles))]).astype(np.uint64).tobytes()


#: LSH bands: 25 bands of 5 values, the banding datasketch's ``MinHashLSH(threshold=0.5, num_perm=128)``
#: chooses; two documents are compared when any band is identical.
BANDS, ROWS = 25, 5


def find_duplicates(signatures: Iterable[tuple[str, bytes | None]]) -> dict[str, str]:
    """(document id, signature) pairs → {duplicate id: canonical id}, taken in document-id order.

    Candidates come from MinHash LSH banding (the candidates datasketch's MinHashLSH
    would give, without importing it and SciPy), then each pair is checked on all
    128 values (Jaccard estimate and containment).
    """
    buckets: list[dict[bytes, list[str]]] = [{} for _ in range(BANDS)]
    seen: dict[str, tuple[int, np.ndarray, int]] = {}
    out: dict[str, str] = {}

    def near(values: np.ndarray, size: int, other: tuple[int, np.ndarray, int]) -> bool:
        j = float(np.count_nonzero(values == other[1])) / NUM_PERM
        return j >= JACCARD and j * (size + other[2]) / (1 + j) / min(size, other[2]) >= CONTAINMENT

    for n, (doc_id, sig) in enumerate(sorted(signatures, key=lambda x: x[0])):
        if sig is None:
            continue
        raw = np.frombuffer(sig, dtype=np.uint64)
        size, values = int(raw[0]), raw[1:].astype(np.uint32)
        keys = [values[b * ROWS:(b + 1) * ROWS].tobytes() for b in range(BANDS)]
        candidates = {m for b, k in enumerate(keys) for m in buckets[b].get(k, ())}
        matches = [m for m in candidates if near(values, size, seen[m])]
        if matches:
            first = min(matches, key=lambda m: seen[m][0])
            out[doc_id] = out.get(first, first)
        seen[doc_id] = (n, values, size)
        for b, k in enumerate(keys):
            buckets[b].setdefault(k, []).append(doc_id)
    return out


def merge_duplicates(graph: KnowledgeGraph, duplicates: dict[str, str]) -> int:
    """Fold duplicates' assertions into their canonical documents' (see the module doc); return how many."""
    if not duplicates:
        return 0
    folded = 0
    for rel in graph.relations.values():
        keep = []
        canon: dict[tuple, Assertion] = {}
        for a in rel.assertions:
            if a.doc_id is not None and a.doc_id not in duplicates:
                canon.setdefault((a.doc_id, a.method, a.modality, a.date, a.end_date), a)
        for a in rel.assertions:
            target = duplicates.get(a.doc_id) if a.doc_id is not None else None
            kept = canon.get((target, a.method, a.modality, a.date, a.end_date)) if target else None
            if kept is None or a.doc_id is None:
                keep.append(a)
                continue
            if a.doc_id not in kept.also_in:
                kept.also_in.append(a.doc_id)
                kept.also_in.sort()
            folded += 1
        rel.assertions = keep
    return folded
