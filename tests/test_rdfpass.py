"""The RDF pass cut into pieces (kg/export/rdfpass.py): the same bytes whoever writes which piece."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_export_streaming import generated_kg

from kg.export.rdfpass import PIECES, RdfPass
from kg.forking import Forked, can_fork
from kg.graph import KnowledgeGraph

FORMATS = ["ttl", "nt", "jsonld", "trig"]


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def graph() -> KnowledgeGraph:
    return generated_kg(docs=30)


@pytest.fixture(scope="module")
def front_only(graph: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("front")
    rdf = RdfPass(graph, out, FORMATS)
    rdf.run()
    rdf.finish()
    return files(out)


def test_pieces_are_many_and_the_parts_are_removed(graph: KnowledgeGraph, front_only: dict[str, bytes],
                                                   tmp_path: Path) -> None:
    rdf = RdfPass(graph, tmp_path, [])
    assert PIECES // 2 < rdf.pieces <= PIECES
    rdf.discard()
    assert list(tmp_path.iterdir()) == []
    assert sorted(front_only) == ["graph.jsonld", "graph.nt", "graph.trig", "graph.ttl"]  # and no part left


def test_from_the_back_gives_the_same_bytes(graph: KnowledgeGraph, front_only: dict[str, bytes],
                                            tmp_path: Path) -> None:
    rdf = RdfPass(graph, tmp_path, FORMATS)
    rdf.run(from_back=True)
    rdf.finish()
    assert files(tmp_path) == front_only


def test_interleaved_claims_give_the_same_bytes(graph: KnowledgeGraph, front_only: dict[str, bytes],
                                                tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two sides taking turns (what two processes do in some order): each piece once, joined in order."""
    from contextlib import ExitStack

    rdf = RdfPass(graph, tmp_path, FORMATS)
    written: list[int] = []
    real = rdf._write_piece
    monkeypatch.setattr(rdf, "_write_piece", lambda i, front: (written.append(i), real(i, front)))
    side = False
    with ExitStack() as stack:
        rdf._open_front(stack)  # the front writes into the files, the back into parts
        while (i := rdf._claim(side)) is not None:
            rdf._write_piece(i, front=not side)
            side = not side
    assert sorted(written) == list(range(rdf.pieces)) and written[:2] == [0, rdf.pieces - 1]
    rdf.finish()
    assert files(tmp_path) == front_only


@pytest.mark.skipif(not can_fork(), reason="forking is used on Linux only")
def test_a_forked_child_and_the_parent_give_the_same_bytes(graph: KnowledgeGraph, front_only: dict[str, bytes],
                                                           tmp_path: Path) -> None:
    rdf = RdfPass(graph, tmp_path, FORMATS)
    child = Forked(rdf.run)
    rdf.run(from_back=True)
    child.result()
    rdf.finish()
    assert files(tmp_path) == front_only


def test_an_empty_graph_gives_valid_empty_files(tmp_path: Path) -> None:
    import json

    import pyoxigraph as ox

    rdf = RdfPass(KnowledgeGraph(), tmp_path, FORMATS)
    rdf.run()
    rdf.finish()
    assert json.loads((tmp_path / "graph.jsonld").read_text(encoding="utf-8"))["@graph"] == []
    for name in ("graph.ttl", "graph.trig", "graph.nt"):
        assert list(ox.parse(path=str(tmp_path / name))) == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no parts left



def test_a_failed_pass_leaves_neither_parts_nor_files(graph: KnowledgeGraph, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    rdf = RdfPass(graph, tmp_path, FORMATS)
    real = rdf._write_piece

    def fail_at_three(i: int, front: bool) -> None:
        if i == 3:
            raise OSError("disk full")
        real(i, front)

    monkeypatch.setattr(rdf, "_write_piece", fail_at_three)
    with pytest.raises(OSError, match="disk full"):
        rdf.run()  # from the front: the files themselves were being written
    rdf.discard()
    assert list(tmp_path.iterdir()) == []
