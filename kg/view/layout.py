"""Node positions computed in Python for graphs too big for in-browser physics.

vis-network's physics simulates every node pair on the main thread; beyond a
few hundred nodes the page stays frozen for minutes (pyvis #204). Here a
Fruchterman–Reingold layout runs once in numpy instead, with repulsion limited
to nearby nodes (a k-d tree finds them), so thousands of nodes take about a
second. Everything is seeded, so the same graph always gets the same picture.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np

SEED = 7
#: Ideal edge length in screen pixels at zoom 1.
EDGE_LENGTH = 150.0


def compute_positions(node_ids: Sequence[str], edges: Sequence[tuple[str, str]],
                      iterations: int | None = None) -> dict[str, tuple[float, float]]:
    """Pixel positions for ``node_ids``, deterministic for the same input."""
    known = set(node_ids)
    linked = {x for a, b in edges if a in known and b in known and a != b for x in (a, b)}
    connected = [nid for nid in node_ids if nid in linked]
    isolated = [nid for nid in node_ids if nid not in linked]
    out: dict[str, tuple[float, float]] = {}
    bottom, left, width = 0.0, 0.0, math.sqrt(max(len(isolated), 1)) * EDGE_LENGTH * 0.6
    if connected:
        n = len(connected)
        index = {nid: i for i, nid in enumerate(connected)}
        pairs = sorted({(min(index[a], index[b]), max(index[a], index[b]))
                        for a, b in edges if a in index and b in index and a != b})
        src = np.array([p[0] for p in pairs], dtype=np.int64)
        dst = np.array([p[1] for p in pairs], dtype=np.int64)
        if iterations is None:
            iterations = 60 if n <= 3000 else 40
        pos = _fruchterman_reingold(n, src, dst, iterations)
        pos -= pos.mean(axis=0)
        pos *= EDGE_LENGTH
        out = {nid: (round(float(pos[i, 0]), 1), round(float(pos[i, 1]), 1)) for i, nid in enumerate(connected)}
        bottom = float(pos[:, 1].max()) + 2 * EDGE_LENGTH
        left = float(pos[:, 0].min())
        width = max(float(pos[:, 0].max()) - left, width)
    # Unconnected entities would otherwise drift to a wide ring around the graph:
    # line them up in rows underneath it instead, in the caller's order.
    step = EDGE_LENGTH * 0.6
    per_row = max(1, int(width // step) + 1)
    for k, nid in enumerate(isolated):
        out[nid] = (round(left + (k % per_row) * step, 1), round(bottom + (k // per_row) * step, 1))
    return {nid: out[nid] for nid in node_ids}


def _fruchterman_reingold(n: int, src: np.ndarray, dst: np.ndarray, iterations: int) -> np.ndarray:
    """Unit-edge-length FR layout; repulsion only within 3 edge lengths (the grid variant)."""
    rng = np.random.RandomState(SEED)
    side = math.sqrt(n) * 1.5
    pos = rng.uniform(-side / 2, side / 2, size=(n, 2))
    if n == 1:
        return pos
    k = 1.0
    radius = 3.0 * k
    temperature = side / 8
    cooling = temperature / (iterations + 1)
    neighbours = _neighbour_pairs(n)
    for _ in range(iterations):
        disp = np.zeros_like(pos)
        i, j = neighbours(pos, radius)
        if len(i):
            delta = pos[i] - pos[j]
            d2 = np.maximum((delta ** 2).sum(axis=1), 1e-4)
            push = delta * (k * k / d2)[:, None]
            disp += _scatter(i, push, n) - _scatter(j, push, n)
        if len(src):
            delta = pos[src] - pos[dst]
            d = np.sqrt((delta ** 2).sum(axis=1))
            pull = delta * (d / k)[:, None]
            disp += _scatter(dst, pull, n) - _scatter(src, pull, n)
        # Weak gravity keeps components and isolated nodes from drifting apart.
        disp -= pos * 0.02
        length = np.maximum(np.sqrt((disp ** 2).sum(axis=1)), 1e-9)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature = max(temperature - cooling, 0.01)
    return pos


def _scatter(index: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Sum 2-D ``values`` into rows ``index`` (np.add.at, but fast)."""
    out = np.empty((n, 2))
    out[:, 0] = np.bincount(index, weights=values[:, 0], minlength=n)
    out[:, 1] = np.bincount(index, weights=values[:, 1], minlength=n)
    return out


_KDTREE_FROM = 5000  # nodes
_ALL_PAIRS_UP_TO = 60  # nodes: beyond, the grid is faster


def _neighbour_pairs(n: int = 0) -> Callable[[np.ndarray, float], tuple[np.ndarray, np.ndarray]]:
    """Pairs of nodes closer than a radius: scipy's k-d tree for large graphs, else a numpy grid
    (importing scipy costs ~0.3 s, more than a small graph's whole layout); for a few nodes, every
    pair, in the grid's order."""
    if n <= _ALL_PAIRS_UP_TO:
        return _all_pairs
    if n < _KDTREE_FROM:
        return _grid_pairs
    try:
        from scipy.spatial import cKDTree
    except ImportError:  # scipy is optional: fall back to a bucket grid
        return _grid_pairs

    def kdtree_pairs(pos: np.ndarray, radius: float) -> tuple[np.ndarray, np.ndarray]:
        pairs = cKDTree(pos).query_pairs(radius, output_type="ndarray")
        return pairs[:, 0], pairs[:, 1]

    return kdtree_pairs


def _all_pairs(pos: np.ndarray, radius: float) -> tuple[np.ndarray, np.ndarray]:
    """``_grid_pairs``' result, element for element, from all pairs at once.

    Why: the grid's ~100 numpy calls per step cost more than the layout itself for a
    small graph (~20 ms of a one-file build). The order matters (the forces are summed
    in it, so another order could move a position in its last bit): the grid lists the
    pairs by the offset of j's cell from i's (dy, then dx, from -1 to 1), then by i, then j.
    """
    cells = np.floor(pos / radius).astype(np.int64)
    i, j = _pair_index(len(pos))  # i < j, by i then j
    d = cells[j] - cells[i]
    near = (np.abs(d) <= 1).all(axis=1)
    i, j, d = i[near], j[near], d[near]
    order = np.argsort((d[:, 1] + 1) * 3 + (d[:, 0] + 1), kind="stable")
    i, j = i[order], j[order]
    close = ((pos[i] - pos[j]) ** 2).sum(axis=1) < radius * radius
    return i[close], j[close]


@lru_cache(maxsize=4)
def _pair_index(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Every pair i < j of ``n`` nodes, by i then j (read-only: made once per layout, not per step)."""
    i, j = np.triu_indices(n, 1)
    i.setflags(write=False)
    j.setflags(write=False)
    return i, j


def _grid_pairs(pos: np.ndarray, radius: float) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs in the same or adjacent grid cells, filtered by distance."""
    cells = np.floor(pos / radius).astype(np.int64)
    cells -= cells.min(axis=0)
    width = int(cells[:, 0].max()) + 3
    key = (cells[:, 1] + 1) * width + (cells[:, 0] + 1)
    order = np.argsort(key, kind="stable")
    sorted_keys = key[order]
    out_i: list[np.ndarray] = []
    out_j: list[np.ndarray] = []
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            target = key + dy * width + dx
            lo = np.searchsorted(sorted_keys, target, side="left")
            hi = np.searchsorted(sorted_keys, target, side="right")
            counts = hi - lo
            i = np.repeat(np.arange(len(pos)), counts)
            starts = np.repeat(lo, counts)
            offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
            j = order[starts + offsets]
            keep = i < j
            out_i.append(i[keep])
            out_j.append(j[keep])
    i = np.concatenate(out_i)
    j = np.concatenate(out_j)
    close = ((pos[i] - pos[j]) ** 2).sum(axis=1) < radius * radius
    return i[close], j[close]
