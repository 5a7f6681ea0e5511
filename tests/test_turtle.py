"""kg/export/turtle.py writes what pyoxigraph's Turtle/TriG serialisers write for the same statements."""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.export.rdf import write_rdf, write_turtle
from kg.export.terms import lit, prefixes
from kg.export.turtle import Turtle, local_name

NS = "http://example.org/ns/"
PREFIXES = {"ex": NS, "xsd": "http://www.w3.org/2001/XMLSchema#", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}


def oracle(nquads: str, fmt: ox.RdfFormat, pre: dict[str, str] = PREFIXES) -> str:
    """pyoxigraph's serialisation, @prefix lines sorted (as kg writes them)."""
    out = ox.serialize(ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS), format=fmt,
                       prefixes=pre).decode("utf-8").splitlines(keepends=True)
    head = [line for line in out if line.startswith("@prefix ")]
    return "".join(sorted(head) + out[len(head):])


def turtle_of(lines: list[str], pre: dict[str, str] = PREFIXES) -> str:
    t = Turtle(pre)
    by_subject: dict[str, list[str]] = {}
    for line in lines:
        by_subject.setdefault(line.split(" ", 1)[0], []).append(line)
    return t.header() + "".join(t.statement(ls) for _, ls in sorted(by_subject.items()))


@pytest.mark.parametrize("value, expected", [
    ("person/wang-yi", "person\\/wang-yi"),  # a slash is escaped
    ("news_001.md", "news_001.md"),  # a dot inside is not
    ("end.", "end\\."),  # a final dot is
    ("-lead", "\\-lead"),  # so is a leading hyphen
    ("9lives", "9lives"),  # a leading digit is fine (Turtle 1.1)
    ("王毅", "王毅"),
    ("", ""),  # the namespace itself: ``ex:``
    ("a b", None), ("x\"y", None), ("tab\there", None),  # no escape exists for these
])
def test_local_name(value: str, expected: str | None) -> None:
    assert local_name(value) == expected


def test_local_names_match_pyoxigraph() -> None:
    """Random local names over the characters that matter, one triple each."""
    rng = random.Random(15)
    alphabet = ["a", "Z", "0", "9", "_", "-", ".", "~", "!", "$", "&", "'", "(", ")", "*", "+", ",", ";", "=",
                "/", "?", "#", "@", "%2F", ":", "·", "é", "王", "\u0300", "\u203f"]
    names = {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))) for _ in range(600)}
    checked = 0
    for name in sorted(names):
        line = f"<{NS}s> <{NS}p> <{NS}{name}> .\n"
        try:
            expected = oracle(line, ox.RdfFormat.TURTLE)
        except SyntaxError:
            continue  # not a valid IRI (a second "#", say): never exported
        assert turtle_of([line]) == expected, name
        checked += 1
    assert checked > 300


@pytest.mark.parametrize("obj", [
    lit("plain"), lit("中文", "zh"), lit("en", "en-GB"), lit('引号"和\\反斜杠\n换行'),
    lit("tab\tand\x01\x1b\x7f controls\x08\x0c"), lit("line\u2028sep"),
    '"42"^^<http://www.w3.org/2001/XMLSchema#integer>', '"-7"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"0.75"^^<http://www.w3.org/2001/XMLSchema#decimal>', '"1."^^<http://www.w3.org/2001/XMLSchema#decimal>',
    '"1e3"^^<http://www.w3.org/2001/XMLSchema#double>', '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>',
    '"yes"^^<http://www.w3.org/2001/XMLSchema#boolean>', '"2024-03-07"^^<http://www.w3.org/2001/XMLSchema#date>',
    '"x"^^<http://other.org/type>', "<http://other.org/thing>",
])
def test_objects_match_pyoxigraph(obj: str) -> None:
    line = f"<{NS}s> <{NS}p> {obj} .\n"
    assert turtle_of([line]) == oracle(line, ox.RdfFormat.TURTLE)


def test_grouping_matches_pyoxigraph() -> None:
    """``;`` between predicates, ``,`` between objects of one predicate, ``a`` for rdf:type."""
    lines = sorted([
        f"<{NS}s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{NS}C> .\n",
        f"<{NS}s> <{NS}p> \"1\" .\n", f"<{NS}s> <{NS}p> \"2\" .\n", f"<{NS}s> <{NS}q> <{NS}o> .\n",
        f"<{NS}t> <{NS}p> \"3\" .\n",
    ])
    assert turtle_of(lines) == oracle("".join(lines), ox.RdfFormat.TURTLE)


def test_write_turtle_from_a_sorted_ntriples_file(tmp_path: Path) -> None:
    lines = sorted(f"<{NS}s{i % 7}> <{NS}p{i % 3}> {lit(f'v{i}')} .\n" for i in range(60))
    (tmp_path / "g.nt").write_text("".join(lines), encoding="utf-8")
    write_turtle(tmp_path / "g.nt", tmp_path / "g.ttl")
    assert (tmp_path / "g.ttl").read_text(encoding="utf-8") == oracle("".join(lines), ox.RdfFormat.TURTLE,
                                                                       prefixes())


def test_hostile_graph_ttl_and_trig_equal_pyoxigraph(tmp_path: Path) -> None:
    """Names and evidence with quotes, control characters, line separators: same bytes as the library."""
    from test_rdf_hostile import hostile_kg

    from kg.export.quads import Quads

    kg = hostile_kg()
    write_rdf(kg, tmp_path)
    nt = (tmp_path / "graph.nt").read_text(encoding="utf-8")
    assert (tmp_path / "graph.ttl").read_text(encoding="utf-8") == oracle(nt, ox.RdfFormat.TURTLE, prefixes())
    dataset = list(Quads(kg).nquad_lines())
    graphs = ["" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
              for q in ox.parse("".join(dataset).encode("utf-8"), format=ox.RdfFormat.N_QUADS)]
    by_graph = [line for _, line in sorted(zip(graphs, dataset, strict=True))]
    assert any(graphs) and not all(graphs)  # the default graph and a named one
    assert (tmp_path / "graph.trig").read_text(encoding="utf-8") == oracle("".join(by_graph), ox.RdfFormat.TRIG,
                                                                          prefixes())
