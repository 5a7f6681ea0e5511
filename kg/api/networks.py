"""The graph for networkx: views (directed, undirected, documents only) and centrality.

Why: centrality and community detection are networkx one-liners once the
entity graph has the right shape; these functions give it that shape.
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx
import pandas as pd

from kg.api.names import class_name, label
from kg.graph import KnowledgeGraph

CENTRALITY_COLUMNS = ["id", "label", "class", "degree", "degree_centrality", "betweenness"]


def to_networkx(kg: KnowledgeGraph, undirected: bool = False, include_curated: bool = True) -> nx.Graph:
    """The core ``MultiDiGraph``, or with ``undirected`` a simple graph with ``predicates`` and ``weight``.

    ``include_curated=False`` drops relations known only from the reference data.
    """
    g = kg.to_networkx()
    if not include_curated:
        curated_only = [(s, o, p) for (s, p, o), r in kg.relations.items()
                        if not r.literal and all(a.method == "reference" for a in r.assertions)]
        g.remove_edges_from([(s, o, p) for s, o, p in curated_only if g.has_edge(s, o, p)])
    if not undirected:
        return g
    u = nx.Graph()
    u.add_nodes_from(g.nodes(data=True))
    for s, o, p in g.edges(keys=True):
        if s == o:
            continue
        if u.has_edge(s, o):
            u[s][o]["predicates"].append(p)
            u[s][o]["weight"] += 1
        else:
            u.add_edge(s, o, predicates=[p], weight=1)
    return u


def centrality(kg: KnowledgeGraph, top: int = 20, cls: str | Sequence[str] | None = None,
               include_curated: bool = False) -> pd.DataFrame:
    """Degree and betweenness on the undirected graph, best connected first (``top`` rows, 0 for all).

    Betweenness is sampled (500 pivots, fixed seed) above 2,000 nodes so large
    graphs answer in seconds; ``cls`` filters the rows, not the graph.
    """
    g = to_networkx(kg, undirected=True, include_curated=include_curated)
    g.remove_nodes_from([n for n, d in list(g.degree()) if d == 0])
    if g.number_of_nodes() == 0:
        return pd.DataFrame(columns=CENTRALITY_COLUMNS)
    deg = nx.degree_centrality(g)
    k = 500 if g.number_of_nodes() > 2000 else None
    btw = nx.betweenness_centrality(g, k=k, seed=0 if k else None)
    want = None
    if cls:
        want = {class_name(c) for c in ([cls] if isinstance(cls, str) else cls)}
    rows = [{"id": n, "label": label(kg, n), "class": g.nodes[n].get("cls"), "degree": g.degree(n),
             "degree_centrality": round(deg[n], 4), "betweenness": round(btw[n], 4)}
            for n in g.nodes if want is None or g.nodes[n].get("cls") in want]
    df = pd.DataFrame(rows, columns=CENTRALITY_COLUMNS)
    df = df.sort_values(["degree", "betweenness", "id"], ascending=[False, False, True], ignore_index=True)
    return df.head(top) if top else df
