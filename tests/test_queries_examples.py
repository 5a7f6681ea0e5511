"""Every example query in ontology/queries/ on the seed build, and the README's commands.

Each ``.rq`` file has an entry in CHECKS: a property of its answer that the
seeds support (not an exact row list: the extractor improves). A new query
file without an entry fails until someone says what its answer must show.
Speed is measured by benchmarks/bench_queries.py, not here.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.graph import KnowledgeGraph
from kg.query import run_query

ROOT = Path(__file__).resolve().parent.parent
QUERIES = sorted((ROOT / "ontology" / "queries").glob("*.rq"))
ENT = "https://w3id.org/kg-diplo/id/"
KG = "https://w3id.org/kg-diplo/ontology#"

Rows = list[dict[str, str | None]]
Check = Callable[[Rows, KnowledgeGraph], None]


def _ent(iri: str | None) -> str:
    assert iri and iri.startswith(ENT), iri
    return iri[len(ENT):]


def _projects_by_country(rows: Rows, kg: KnowledgeGraph) -> None:
    assert rows
    for r in rows:
        assert kg.entities[_ent(r["project"])].cls == "Project"
        assert kg.entities[_ent(r["country"])].cls == "Country"
        assert int(r["sources"] or 0) >= 1
    laos = {r["projectName"] for r in rows if r["countryName"] == "老挝"}
    assert "中老铁路" in laos


def _who_met_whom(rows: Rows, kg: KnowledgeGraph) -> None:
    pairs = {frozenset((r["aName"], r["bName"])) for r in rows}
    assert frozenset(("王毅", "拉夫罗夫")) in pairs
    assert all(r["evidence"] for r in rows)


def _countries_visited(rows: Rows, kg: KnowledgeGraph) -> None:
    assert rows
    assert all(kg.entities[_ent(r["country"])].cls == "Country" for r in rows)
    assert len({r["country"] for r in rows}) >= 3  # 王毅 travels


def _events_in_range(rows: Rows, kg: KnowledgeGraph) -> None:
    assert rows
    assert all(kg.entities[_ent(r["event"])].cls == "Event" for r in rows)
    assert all(r["date"] for r in rows)


def _statements_about_us(rows: Rows, kg: KnowledgeGraph) -> None:
    assert rows
    assert {r["kind"] for r in rows} <= {"statement", "fact"}
    # every row's text is about the US: it names the country by one of its forms
    us = kg.entities["country/US"]
    forms = {us.label, *(us.alt_labels), "美方", "美"}
    assert sum(any(f in (r["text"] or "") for f in forms) for r in rows) >= len(rows) * 0.8


def _bri_joined_left(rows: Rows, kg: KnowledgeGraph) -> None:
    assert {r["change"] for r in rows} <= {"joined", "left"}
    assert {"尼加拉瓜", "意大利"} <= {r["countryName"] for r in rows if r["change"] == "joined"}


def _several_documents(rows: Rows, kg: KnowledgeGraph) -> None:
    assert rows and all(int(r["documents"] or 0) >= 2 for r in rows)
    assert ("王毅", "中国") in {(r["sName"], r["oName"]) for r in rows if r["p"] == KG + "affiliation"}


def _wikidata(rows: Rows, kg: KnowledgeGraph) -> None:
    assert len(rows) >= 50
    assert all(re.fullmatch(r"http://www\.wikidata\.org/entity/Q\d+", r["wikidata"] or "") for r in rows)
    china = next(r for r in rows if r["entity"] == ENT + "country/CN")
    assert china["wikidata"].endswith("/Q148")


def _people_positions(rows: Rows, kg: KnowledgeGraph) -> None:
    assert all(kg.entities[_ent(r["person"])].cls == "Person" for r in rows)
    wang = [r for r in rows if r["personName"] == "王毅"]
    assert any("外交部长" in (r["position"] or "") for r in wang)


def _organisations(rows: Rows, kg: KnowledgeGraph) -> None:
    assert all(kg.entities[_ent(r["org"])].cls == "Organization" for r in rows)
    g20 = next(r for r in rows if r["org"] == ENT + "org/g20")
    assert int(g20["count"] or 0) >= 10 and "中国" in (g20["members"] or "")


def _hosted_by_china(rows: Rows, kg: KnowledgeGraph) -> None:
    """Only China's: the host is country/CN, or affiliated with / located in China."""
    assert any(r["host"] == ENT + "country/CN" for r in rows)
    china_side = {"country/CN"} | {r.subject for r in kg.relations.values()
                                   if r.predicate in ("affiliation", "locatedIn") and r.object == "country/CN"}
    for r in rows:
        assert _ent(r["host"]) in china_side, r
        assert (_ent(r["host"]), "hosted", _ent(r["event"])) in kg.relations
    assert "未来峰会" not in {r["eventName"] for r in rows}  # hosted by the UN


def _provenance(rows: Rows, kg: KnowledgeGraph) -> None:
    assert rows, "the example fact (王毅 met 拉夫罗夫) must be in the seeds"
    for r in rows:
        evidence = r["evidence"] or ""  # the sentence names both, in Chinese or in English (Sergei Lavrov)
        assert any(n in evidence for n in ("拉夫罗夫", "拉夫羅夫", "Lavrov")) and "王毅" in evidence
        assert int(r["start"] or -1) < int(r["end"] or -1)
        assert r["graph"] == r["source"]  # a document's facts live in its named graph


def _curated_vs_extracted(rows: Rows, kg: KnowledgeGraph) -> None:
    assert rows
    for r in rows:
        assert int(r["curatedOnly"]) + int(r["extractedOnly"]) + int(r["both"]) == int(r["facts"])
    assert any(int(r["extractedOnly"]) > 0 for r in rows)


def _most_mentioned(rows: Rows, kg: KnowledgeGraph) -> None:
    counts = [int(r["mentions"] or 0) for r in rows]
    assert counts == sorted(counts, reverse=True)
    assert rows[0]["entity"] == ENT + "country/CN"


def _facts_by_document(rows: Rows, kg: KnowledgeGraph) -> None:
    assert rows and all(int(r["facts"] or 0) >= 1 for r in rows)
    assert {r["doc"] for r in rows} <= {f"https://w3id.org/kg-diplo/doc/{d}".replace("#", "%23")
                                        for d in kg.documents}


def _entities_by_class(rows: Rows, kg: KnowledgeGraph) -> None:
    by_class = {(r["class"] or "").removeprefix(KG): int(r["entities"] or 0) for r in rows}
    expected: dict[str, int] = {}
    for e in kg.entities.values():
        expected[e.cls] = expected.get(e.cls, 0) + 1
    assert by_class == expected


def _dated_interactions(rows: Rows, kg: KnowledgeGraph) -> None:
    """17: dated factual interactions with a CAMEO code, as events.csv has them."""
    assert rows
    interactions = {"met", "visited", "participatedIn", "hosted", "joined", "withdrewFrom", "mediated", "signed"}
    for r in rows:
        assert r["property"] in interactions and r["evidence"]
        assert re.match(r"^\d{4}", r["date"] or ""), r["date"]
        assert r["cameo"] or r["property"] == "participatedIn"
        rel = kg.relations[(_ent(r["actor1"]), r["property"], _ent(r["actor2"]))]
        assert any(a.modality is None and a.date == r["date"] for a in rel.assertions)
    assert any(r["property"] == "met" and r["cameo"].startswith("04") for r in rows)


#: query file name -> what its answer on the seeds must show
CHECKS: dict[str, Check] = {
    "01-projects-by-country.rq": _projects_by_country,
    "02-who-met-whom.rq": _who_met_whom,
    "03-countries-visited-by-minister.rq": _countries_visited,
    "04-events-in-date-range.rq": _events_in_range,
    "05-statements-about-country.rq": _statements_about_us,
    "06-belt-and-road-joined-left.rq": _bri_joined_left,
    "07-facts-backed-by-several-documents.rq": _several_documents,
    "08-entities-linked-to-wikidata.rq": _wikidata,
    "09-people-and-positions.rq": _people_positions,
    "10-organisations-and-members.rq": _organisations,
    "11-events-hosted-by-china.rq": _hosted_by_china,
    "12-assertion-provenance.rq": _provenance,
    "13-curated-vs-extracted.rq": _curated_vs_extracted,
    "14-most-mentioned-entities.rq": _most_mentioned,
    "15-facts-by-document.rq": _facts_by_document,
    "16-entities-by-class.rq": _entities_by_class,
    "17-dated-interactions.rq": _dated_interactions,
}


@pytest.fixture(scope="module")
def seed_graph(seed_build: Path) -> KnowledgeGraph:
    return KnowledgeGraph.load(seed_build)


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.name)
def test_example_query_on_seeds(path: Path, seed_build: Path, seed_graph: KnowledgeGraph) -> None:
    check = CHECKS.get(path.name)
    if check is None:
        pytest.fail(f"{path.name}: add a check to CHECKS in {Path(__file__).name} "
                    "(a property of its answer on the seeds)")
    rows = run_query(seed_build, path.read_text(encoding="utf-8")).values()
    check(rows, seed_graph)


def test_every_check_has_a_query() -> None:
    assert set(CHECKS) <= {p.name for p in QUERIES}


# -- the README's commands, as written ---------------------------------------

#: commands of the README's "Use" block that other tests run (and why not here)
NOT_HERE = {
    "kg build": "the seed_build fixture runs the same build; `PATH...` is a placeholder",
    "kg serve": "runs until Ctrl-C; tests/test_serve.py starts and queries it",
    "kg validate": "tests/test_seed_build.py validates the same build (20 s)",
}


def readme_commands() -> list[str]:
    """Shell lines of the README's bash blocks that start with ``kg`` or pipe into it."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = []
    for block in re.findall(r"```bash\n(.*?)```", text, re.S):
        for line in block.splitlines():
            line = re.sub(r"\s{2,}#.*$", "", line).strip()  # drop trailing comments
            if re.match(r"(kg |echo .*\| *kg )", line):
                lines.append(line)
    return lines


def test_readme_names_real_query_files() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in re.findall(r"ontology/queries/([\w.-]+\.rq)", text):
        assert (ROOT / "ontology" / "queries" / name).is_file(), name


def test_readme_commands_run(seed_build: Path, tmp_path: Path) -> None:
    """Run the README's example commands in a folder where ``out/`` is the seed build."""
    shutil.copytree(seed_build, tmp_path / "out", ignore=shutil.ignore_patterns(".oxigraph*"))
    (tmp_path / "ontology").symlink_to(ROOT / "ontology")
    kg = [sys.executable, "-m", "kg"]
    ran = 0
    for line in readme_commands():
        if any(line.startswith(skip) for skip in NOT_HERE):
            continue
        stdin = None
        if "|" in line:
            echo, line = (part.strip() for part in line.split("|", 1))
            stdin = shlex.split(echo)[1] + "\n"
        argv = shlex.split(line)
        assert argv[0] == "kg", line
        done = subprocess.run(kg + argv[1:], cwd=tmp_path, input=stdin, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, f"{line}\n{done.stdout}\n{done.stderr}"
        assert done.stdout.strip() or list(tmp_path.glob("out/*.html")), line
        ran += 1
    assert ran >= 4
