"""What the viewer opens on: the most important entities, their communities, a legible layout.

A whole graph drawn at once is a hairball whose labels cannot be read, and at
tens of thousands of nodes the browser cannot draw it at all. So the page opens
on an *overview*: the ``OVERVIEW_SIZE`` most important entities (mentions plus
links), laid out on their own so that they fill the screen at a readable scale,
with their communities shown as coloured halos. Everything else is one search,
click or "expand" away; entities without any link are listed, not drawn.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

import networkx as nx
import numpy as np

from kg.view.layout import compute_positions

#: Entities on the first screen.
OVERVIEW_SIZE = 45
#: Louvain runs on at most this many of the most important linked entities
#: (networkx's Louvain takes ~50 s at 50,000 nodes); the rest join a neighbour's community.
COMMUNITY_CORE = 4000
#: Up to this many linked entities the page can also show the whole graph at once.
ALL_LIMIT = 3000


def importance(mentions: dict[str, int], degree: dict[str, int]) -> dict[str, float]:
    """Mentions plus links: what an analyst reads about and what connects the graph."""
    return {n: mentions.get(n, 0) + 2 * degree.get(n, 0) for n in mentions}


def ranked(ids: Sequence[str], score: dict[str, float]) -> list[str]:
    """Ids, most important first (ties by id, so the order is deterministic)."""
    return sorted(ids, key=lambda n: (-score.get(n, 0), n))


def communities(linked: list[str], edges: Sequence[tuple[str, str]], score: dict[str, float]) -> dict[str, int]:
    """Community number per linked entity (0 = largest), deterministic.

    Louvain (seeded) on the core of the most important entities; every other
    entity takes the most common community among its already-assigned
    neighbours, visiting entities in order of importance.
    """
    order = ranked(linked, score)
    core = set(order[:COMMUNITY_CORE])
    g = nx.Graph()
    g.add_nodes_from(sorted(core))
    adjacent: dict[str, set[str]] = defaultdict(set)
    for a, b in edges:
        if a == b:
            continue
        adjacent[a].add(b)
        adjacent[b].add(a)
        if a in core and b in core:
            g.add_edge(a, b)
    found = nx.community.louvain_communities(g, seed=7) if g.number_of_edges() else [{n} for n in core]
    label: dict[str, int] = {}
    for i, members in enumerate(found):
        for n in members:
            label[n] = i
    for _ in range(2):  # a second pass reaches entities whose neighbours were all unassigned
        for n in order:
            if n in label:
                continue
            votes = Counter(label[m] for m in adjacent[n] if m in label)
            if votes:
                label[n] = min(votes, key=lambda c: (-votes[c], c))
    next_id = max(label.values(), default=-1) + 1
    for n in order:
        if n not in label:
            label[n] = next_id
            next_id += 1
    sizes = Counter(label.values())
    renumber = {c: i for i, c in enumerate(sorted(sizes, key=lambda c: (-sizes[c], c)))}
    return {n: renumber[c] for n, c in label.items()}


def overview(linked: list[str], edges: Sequence[tuple[str, str]], score: dict[str, float],
             community: dict[str, int]) -> tuple[list[str], dict[str, tuple[float, float]]]:
    """The first screen's entities and their own layout.

    The most important entities, plus the top entity of each of the ten largest
    communities so every big cluster shows. Laid out with their links and a weak
    pull towards their community's top entity, so communities sit together.
    """
    order = ranked(linked, score)
    chosen = order[:OVERVIEW_SIZE]
    heads: dict[int, str] = {}
    for n in order:
        heads.setdefault(community[n], n)
    for c in sorted(heads)[:10]:
        if heads[c] not in chosen:
            chosen.append(heads[c])
    keep = set(chosen)
    pairs = [(a, b) for a, b in edges if a in keep and b in keep and a != b]
    pull = [(n, heads[community[n]]) for n in chosen if heads[community[n]] in keep and heads[community[n]] != n]
    positions = spread(compute_positions(sorted(keep), pairs + pull))
    return ranked(chosen, score), positions


def spread(positions: dict[str, tuple[float, float]], gap: float = 130.0,
           rounds: int = 80) -> dict[str, tuple[float, float]]:
    """Push apart nodes closer than ``gap`` pixels, so labels do not overlap at the first screen's scale.

    Force layouts pull hubs into a knot; a few rounds of pairwise separation
    (tens of nodes: cheap) untangle it while keeping the picture's shape.
    """
    ids = sorted(positions)
    if len(ids) < 2:
        return positions
    pos = np.array([positions[i] for i in ids], dtype=float)
    for _ in range(rounds):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.sqrt((delta ** 2).sum(axis=2)) + np.eye(len(ids))
        overlap = np.clip(gap - dist, 0, None) * (1 - np.eye(len(ids)))
        if not overlap.any():
            break
        push = (delta / dist[:, :, None] * overlap[:, :, None] / 2).sum(axis=1)
        pos += push
    return {i: (round(float(pos[k, 0]), 1), round(float(pos[k, 1]), 1)) for k, i in enumerate(ids)}
