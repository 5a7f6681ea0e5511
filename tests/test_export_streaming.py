"""The streaming exports (kg/export/quads.py, jsonld.py, rdf.py; kg.json; events.parquet;
the forked RDF writer) against straightforward references on a generated graph with
every kind of node: the same triples, the same bytes whatever the input order."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.export.quads import Quads
from kg.export.rdf import FILE_NAMES, prefixes, write_rdf
from kg.export.terms import REFERENCE_GRAPH
from kg.forking import Forked, can_fork
from kg.graph import KnowledgeGraph
from kg.model import Assertion, DocumentInfo, Entity, Statement
from kg.namespaces import document_iri, entity_iri

ROOT = Path(__file__).resolve().parent.parent


def generated_kg(docs: int = 12, seed: int = 15) -> KnowledgeGraph:
    """Documents, entities and relations of every shape the exporter knows: extracted and
    curated assertions (and both on one triple), planned acts, literal objects, near-duplicate
    documents, an assertion without a document, statements, awkward characters."""
    rnd = random.Random(seed)
    kg = KnowledgeGraph()
    doc_ids = [f"news/{i:03d} a#L{i}.txt" for i in range(docs)]
    for i, d in enumerate(doc_ids):
        kg.add_document(DocumentInfo(d, d, "text", title=f'标题"{i}"\\', date=f"2024-0{1 + i % 9}-0{1 + i % 9}",
                                     url=f"https://example.org/{i}" if i % 2 else None, line=i or None))
    countries = [Entity(f"country/C{i}", "Country", f"国家{i}", f"Country {i}", {f"国{i}", f"C{i}"},
                        {"wikidata": f"Q{100 + i}", "iso2": f"C{i}"}, 3 + i, set(rnd.sample(doc_ids, 3)), curated=True)
                 for i in range(6)]
    people = [Entity(f"person/p{i}", "Person", f"人物{i}", None, {f"某{i}"}, {}, 1 + i, set(rnd.sample(doc_ids, 2)))
              for i in range(10)]
    events = [Entity(f"event/e{i}", "Event", f"会议{i}", None, set(), {}, 1, {doc_ids[i]}, date=f"2023-1{i % 3}")
              for i in range(4)]
    for e in countries + people + events:
        kg.add_entity(e)
    for n in range(80):
        d = rnd.choice(doc_ids)
        ev = f"第{n}句：人物说\"你好\"\\\n之后。" if n % 7 == 0 else f"第{n}句证据。"
        start = rnd.randrange(0, 500)
        a = Assertion(d, ev, start, start + len(ev), rnd.choice([0.5, 0.8, 1 / 3, 0.95]),
                      rnd.choice(["rule", "model", "name"]), rnd.choice([None, "2024-05-06", "2024-05", "--05-06"]),
                      modality="planned" if n % 9 == 0 else None, trigger="会见" if n % 4 == 0 else None,
                      cameo="040" if n % 4 == 0 else None, also_in=[rnd.choice(doc_ids)] if n % 11 == 0 else [])
        s, o = rnd.choice(people), rnd.choice(people + countries + events)
        if s.id == o.id:
            continue
        predicate = {"Person": "met", "Country": "affiliation", "Event": "participatedIn"}[o.cls]
        kg.add_relation(s.id, predicate, o.id, a)
        if n % 5 == 0:
            kg.add_relation(s.id, "position", f"部长{n % 3}", a)
    for i, c in enumerate(countries):
        kg.add_relation(events[i % 4].id, "heldIn", c.id,
                        Assertion(None, f"curated: events.csv {i}", method="reference", source_file="events.csv"))
    kg.add_relation(people[0].id, "affiliation", countries[0].id,
                    Assertion(None, "curated", method="reference", source_file="people.csv"))
    kg.add_relation(people[1].id, "met", people[2].id, Assertion(None, "无出处的事实。", 0, 7, 0.6, "model"))
    for i in range(5):
        kg.statements.append(Statement(f"{doc_ids[i]}#s{i}", doc_ids[i], people[i].id, f"发言{i}。", 10, 14,
                                       outlet=None if i % 2 else "person/p9", question="问？" if i % 2 else None,
                                       mentions=[countries[i].id], date="2024-03-07", event=events[0].id))
    return kg


def shuffled(kg: KnowledgeGraph, seed: int, assertions: bool = True) -> KnowledgeGraph:
    """The same graph with every dict, set and list the exporter iterates in another order
    (a relation's assertions too, unless ``assertions`` is false: kg.json keeps their order)."""
    rnd = random.Random(seed)
    copy = KnowledgeGraph.from_dict(kg.to_dict())

    def mix(d: dict) -> dict:
        items = list(d.items())
        rnd.shuffle(items)
        return dict(items)

    copy.entities = mix(copy.entities)
    copy.relations = mix(copy.relations)
    copy.documents = mix(copy.documents)
    for e in copy.entities.values():
        e.alt_labels, e.documents = set(rnd.sample(sorted(e.alt_labels), len(e.alt_labels))), set(e.documents)
    for r in copy.relations.values():
        if assertions:
            rnd.shuffle(r.assertions)
    rnd.shuffle(copy.statements)
    return copy


@pytest.fixture(scope="module")
def graph() -> KnowledgeGraph:
    return generated_kg()


@pytest.fixture(scope="module")
def export(graph: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export")
    write_rdf(graph, out)
    return out


def test_same_bytes_whatever_the_input_order(graph: KnowledgeGraph, export: Path, tmp_path: Path) -> None:
    for seed in (1, 2):
        write_rdf(shuffled(graph, seed), tmp_path / str(seed))
        for name in FILE_NAMES.values():
            assert (tmp_path / str(seed) / name).read_bytes() == (export / name).read_bytes(), (seed, name)
    assert sorted(p.name for p in tmp_path.joinpath("1").iterdir()) == sorted(FILE_NAMES.values())  # no litter


def test_nt_is_the_sorted_union_without_curated_only_triples(graph: KnowledgeGraph, export: Path) -> None:
    lines = (export / "graph.nt").read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines == sorted(set(lines))  # what a global sort gives, without one
    dataset = list(Quads(graph).nquad_lines())
    curated_only = {(str(entity_iri(r.subject)), r.predicate, str(entity_iri(r.object)))
                    for r in graph.relations.values() if all(a.method == "reference" for a in r.assertions)}
    assert curated_only
    expected = set()
    for q in ox.parse("".join(dataset).encode("utf-8"), format=ox.RdfFormat.N_QUADS):
        t = q.triple
        key = (t.subject.value, t.predicate.value.rsplit("#", 1)[-1], getattr(t.object, "value", None))
        if key not in curated_only:
            expected.add(t)
    assert {q.triple for q in ox.parse(path=str(export / "graph.nt"))} == expected


def test_trig_equals_pyoxigraph_over_globally_sorted_quads(graph: KnowledgeGraph, export: Path) -> None:
    """The spooled TriG (made in subject order, read back by graph) is what pyoxigraph writes
    from all N-Quads sorted by graph, then line (the former implementation)."""
    by_graph: dict[str, list[str]] = {}
    dataset = list(Quads(graph).nquad_lines())
    for line, q in zip(dataset, ox.parse("".join(dataset).encode("utf-8"), format=ox.RdfFormat.N_QUADS),
                       strict=True):
        g = "" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
        by_graph.setdefault(g, []).append(line)
    lines = [line for g in sorted(by_graph) for line in sorted(by_graph[g])]
    out = ox.serialize(ox.parse("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_QUADS),
                       format=ox.RdfFormat.TRIG, prefixes=prefixes()).splitlines(keepends=True)
    head = [line for line in out if line.startswith(b"@prefix ")]  # sorted, as the writer sorts them
    text = b"".join(sorted(head) + out[len(head):])
    assert (export / "graph.trig").read_bytes() == text
    names = {q.graph_name.value for q in ox.parse(path=str(export / "graph.trig"))
             if not isinstance(q.graph_name, ox.DefaultGraph)}
    assert REFERENCE_GRAPH in names and str(document_iri(next(iter(graph.documents)))) in names


def test_ttl_and_jsonld_hold_the_nt_triples(export: Path) -> None:
    union = set(ox.parse(path=str(export / "graph.nt")))
    assert set(ox.parse(path=str(export / "graph.ttl"))) == union
    assert set(ox.parse(path=str(export / "graph.jsonld"))) == union


def test_jsonld_text_equals_json_dumps_of_node_dicts(export: Path) -> None:
    """JsonLdWriter writes JSON text by hand; json.dumps of the same node objects gives the same bytes."""
    from kg.export.jsonld import JsonLdWriter

    text = (export / "graph.jsonld").read_text(encoding="utf-8")
    head, _, graph_part = text.partition(',\n"@graph":[\n')
    nodes = graph_part[:-len("\n]}\n")].split(",\n")
    writer = JsonLdWriter(open("/dev/null", "w", encoding="utf-8"))  # noqa: SIM115 - its head is not needed
    current, node = None, {}
    dicts: list[dict] = []
    for t in ox.parse(path=str(export / "graph.nt")):
        if t.subject.value != current:
            current, node = t.subject.value, {"@id": writer.compact(t.subject.value)}
            dicts.append(node)
        o = t.object
        if t.predicate.value.endswith("#type") and isinstance(o, ox.NamedNode):
            node.setdefault("@type", []).append(writer.compact(o.value, vocab=True))
            continue
        if isinstance(o, ox.NamedNode):
            value: object = {"@id": writer.compact(o.value)}
        elif o.language:
            value = {"@value": o.value, "@language": o.language}
        elif o.datatype.value.endswith("#string"):
            value = o.value
        else:
            value = {"@value": o.value, "@type": writer.compact(o.datatype.value)}
        node.setdefault(writer.compact(t.predicate.value, vocab=True), []).append(value)
    dump = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
    assert nodes == [dump({k: v[0] if isinstance(v, list) and len(v) == 1 else v for k, v in d.items()})
                     for d in dicts]
    assert json.loads(head + "}")["@context"]["kg"] == prefixes()["kg"]


def test_a_format_alone_is_the_same_file(graph: KnowledgeGraph, export: Path, tmp_path: Path) -> None:
    for fmt, name in FILE_NAMES.items():
        assert write_rdf(graph, tmp_path / fmt, [fmt]) == [tmp_path / fmt / name]
        assert (tmp_path / fmt / name).read_bytes() == (export / name).read_bytes(), fmt
        assert [p.name for p in (tmp_path / fmt).iterdir()] == [name]  # no temporary file left


def test_kg_json_round_trips_and_is_one_record_a_line(graph: KnowledgeGraph, tmp_path: Path) -> None:
    path = graph.save(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == json.loads(json.dumps(graph.to_dict()))
    assert KnowledgeGraph.load(path).to_dict() == graph.to_dict()
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) > len(graph.relations) + len(graph.entities)
    assert shuffled(graph, 3, assertions=False).save(tmp_path / "b").read_bytes() == path.read_bytes()


def test_to_dict_copies_lists_and_dicts(graph: KnowledgeGraph) -> None:
    data = graph.to_dict()
    data["entities"][0]["identifiers"]["x"] = "y"
    data["relations"][0]["assertions"][0]["also_in"].append("z")
    assert graph.to_dict() != data


@pytest.mark.parametrize("make", ["generated_kg()", "KnowledgeGraph()"])  # with events and without
def test_events_parquet_without_pandas(tmp_path: Path, make: str) -> None:
    pytest.importorskip("pyarrow")
    code = ("import sys; sys.path.insert(0, sys.argv[1]); sys.path.insert(0, sys.argv[1] + '/tests');"
            "from test_export_streaming import generated_kg; from kg.export.events import write_events;"
            "from kg.graph import KnowledgeGraph;"
            f"print([p.name for p in write_events({make}, sys.argv[2])]);"
            "print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(ROOT), str(tmp_path)], capture_output=True,
                         text=True, check=True).stdout.split("\n")
    assert out[:2] == ["['events.csv', 'events.parquet']", "False"]


def test_events_parquet_holds_the_csv_rows(graph: KnowledgeGraph, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    from kg.export.events import COLUMNS, event_rows, write_events

    graph = KnowledgeGraph.from_dict(graph.to_dict())
    rows, _ = event_rows(graph)
    write_events(graph, tmp_path)
    table = pq.read_table(tmp_path / "events.parquet")
    assert table.column_names == COLUMNS
    assert table.to_pylist() == [{c: r.get(c) for c in COLUMNS} for r in rows]
    (tmp_path / "empty").mkdir()
    write_events(KnowledgeGraph(), tmp_path / "empty")  # no rows: the schema alone
    assert pq.read_table(tmp_path / "empty" / "events.parquet").num_rows == 0


def _paths(folder: Path, fail: str) -> list[Path]:
    if fail == "before":
        raise ValueError("from the child")
    (folder / "x.txt").write_text("written by the child", encoding="utf-8")
    if fail == "after":
        raise KeyboardInterrupt
    return [folder / "x.txt"]


@pytest.mark.skipif(not can_fork(), reason="the forked export runs on Linux only")
def test_forked_export_returns_paths_and_raises_its_errors(tmp_path: Path) -> None:
    child = Forked(_paths, tmp_path, "")
    assert child.result() == [tmp_path / "x.txt"]
    assert (tmp_path / "x.txt").read_text(encoding="utf-8") == "written by the child"
    with pytest.raises(ValueError, match="from the child"):
        Forked(_paths, tmp_path, "before").result()
    with pytest.raises(KeyboardInterrupt):  # an interrupt in the child interrupts the build
        Forked(_paths, tmp_path, "after").result()


@pytest.mark.skipif(not can_fork(), reason="the forked export runs on Linux only")
def test_exports_with_jobs_2_equal_jobs_1(graph: KnowledgeGraph, tmp_path: Path) -> None:
    from kg.pipeline import FORMATS, _write_exports

    (tmp_path / "1").mkdir()
    (tmp_path / "2").mkdir()
    one = _write_exports(graph, tmp_path / "1", FORMATS, jobs=1)
    two = _write_exports(graph, tmp_path / "2", FORMATS, jobs=2)
    assert [p.relative_to(tmp_path / "1") for p in one] == [p.relative_to(tmp_path / "2") for p in two]
    for p in one:
        assert p.read_bytes() == (tmp_path / "2" / p.relative_to(tmp_path / "1")).read_bytes(), p.name
