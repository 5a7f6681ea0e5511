"""GraphML (Gephi, Cytoscape, yEd) and Neo4j bulk-import CSV, parsed back."""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx

from kg.export.graphml import write_graphml
from kg.export.neo4j import HEADERS, import_command, rel_type, write_neo4j
from kg.graph import KnowledgeGraph
from kg.model import Assertion


def test_graphml_reads_back_with_labels_classes_and_types(small_kg: KnowledgeGraph, tmp_path: Path) -> None:
    g = nx.read_graphml(write_graphml(small_kg, tmp_path), force_multigraph=True)
    assert set(g.nodes) == set(small_kg.entities)
    wang = g.nodes["person/wang-yi"]
    assert (wang["label"], wang["label_en"], wang["cls"]) == ("王毅", "Wang Yi", "Person")
    assert wang["positions"] == "外交部长" and wang["mentions"] == 5 and wang["curated"] is True
    edges = {(u, d["predicate"], v): d for u, v, d in g.edges(data=True)}
    # met is symmetric: the graph stores it once, ends in id order
    met = edges[("person/a1b2c3d4e5f6", "met", "person/wang-yi")]
    assert met["label"] == "会见" and met["factual"] is True
    assert met["date_from"] == "2024-05-06" and "会见" in met["evidence"]
    assert ("project/china-laos-railway", "locatedIn", "country/LA") in edges
    assert not any(p == "position" for _, p, _ in edges)  # a literal: a node attribute, not an edge


def test_graphml_marks_modal_relations(small_kg: KnowledgeGraph, tmp_path: Path) -> None:
    text = "王毅将访问美国。"
    small_kg.add_relation("person/wang-yi", "visited", "country/US",
                          Assertion("news-1.txt", text, 0, len(text), 0.7, "rule", "2024-06", modality="planned"))
    g = nx.read_graphml(write_graphml(small_kg, tmp_path / "g.graphml"), force_multigraph=True)
    (d,) = [d for u, v, d in g.edges(data=True) if (u, v) == ("person/wang-yi", "country/US")]
    assert d["factual"] is False and d["modality"] == "planned"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_neo4j_bulk_import_headers_and_rows(small_kg: KnowledgeGraph, tmp_path: Path) -> None:
    files = {p.name: p for p in write_neo4j(small_kg, tmp_path)}
    assert set(files) == {"entities.csv", "documents.csv", "relations.csv", "evidence.csv"}
    for name, path in files.items():
        with path.open(encoding="utf-8", newline="") as f:
            assert next(csv.reader(f)) == HEADERS[name]
    heads = {name: ",".join(h) for name, h in HEADERS.items()}
    assert ":ID" in heads["entities.csv"] and ":LABEL" in heads["entities.csv"]
    assert ":ID" in heads["documents.csv"] and ":LABEL" in heads["documents.csv"]
    for rel in ("relations.csv", "evidence.csv"):
        assert all(k in heads[rel] for k in (":START_ID", ":END_ID", ":TYPE"))
    entities = {r["id:ID(Entity)"]: r for r in _rows(files["entities.csv"])}
    assert entities["person/wang-yi"][":LABEL"] == "Entity;Person"
    assert entities["person/wang-yi"]["positions:string[]"] == "外交部长"
    docs = {r["id:ID(Document)"] for r in _rows(files["documents.csv"])}
    rels = _rows(files["relations.csv"])
    # every relationship's ends exist as nodes (the importer rejects dangling ids)
    assert all(r[":START_ID(Entity)"] in entities and r[":END_ID(Entity)"] in entities for r in rels)
    met = next(r for r in rels if r[":TYPE"] == "MET")
    assert "会见" in met["evidence"] and met["factual:boolean"] == "true"
    evidence = _rows(files["evidence.csv"])
    assert evidence and all(r[":END_ID(Document)"] in docs for r in evidence)
    assert {r[":TYPE"] for r in evidence} == {"STATED_IN"}
    assert "neo4j-admin database import full" in import_command()


def test_relationship_type_names() -> None:
    assert rel_type("participatedIn") == "PARTICIPATED_IN"
    assert rel_type("met") == "MET"
    assert rel_type("withdrewFrom") == "WITHDREW_FROM"


def test_build_writes_both_formats(seed_build: Path) -> None:
    """`kg build` writes them by default (selectable with --formats graphml,neo4j)."""
    from kg.pipeline import FORMATS

    assert {"graphml", "neo4j"} <= set(FORMATS)
    g = nx.read_graphml(seed_build / "graph.graphml", force_multigraph=True)
    assert g.number_of_nodes() == len(KnowledgeGraph.load(seed_build).entities)
    assert (seed_build / "neo4j" / "relations.csv").is_file()
