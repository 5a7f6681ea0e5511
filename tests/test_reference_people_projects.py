"""Integrity of the curated people, projects, initiatives and events tables.

Each check is a plain function ``check_*(directory) -> list[str]`` returning
human-readable problems, so the same code runs on the shipped data and, in
``test_checks_catch_broken_copy``, on a deliberately broken copy.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import opencc
import pytest

from kg.paths import reference_dir
from kg.reference import load_reference, split

#: file stem → id prefix, for the four tables this test owns
MINE: dict[str, str] = {
    "people": "person",
    "projects": "project",
    "initiatives": "initiative",
    "events": "event",
}
#: id prefix → the file that defines it
DEFINED_IN: dict[str, str] = {
    "country": "countries",
    "place": "places",
    "org": "organizations",
    "initiative": "initiatives",
    "person": "people",
    "project": "projects",
    "event": "events",
}
#: columns holding ids of other rows, per table
REF_COLUMNS: dict[str, tuple[str, ...]] = {
    "people": ("country",),
    "projects": ("countries", "places", "initiative"),
    "initiatives": ("proposer",),
    "events": ("place", "country", "initiative"),
}
#: columns holding dates, per table
DATE_COLUMNS: dict[str, tuple[str, ...]] = {
    "projects": ("opened",),
    "initiatives": ("launched",),
    "events": ("date",),
}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE = re.compile(r"^\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")
QID = re.compile(r"^Q[1-9]\d*$")
CJK = re.compile(r"[\u3400-\u9fff]")
T2S = opencc.OpenCC("t2s")


def read_rows(directory: Path, stem: str) -> list[dict[str, str]]:
    path = directory / f"{stem}.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [{k.strip(): (v or "").strip() for k, v in r.items() if k} for r in csv.DictReader(fh)]


def all_mine(directory: Path) -> list[tuple[str, dict[str, str]]]:
    return [(stem, r) for stem in MINE for r in read_rows(directory, stem)]


def position_entries(value: str) -> list[list[str]]:
    return [[*e.split(";"), "", "", ""][:4] for e in split(value)]


def referenced_ids(stem: str, row: dict[str, str]) -> list[str]:
    out = [x for col in REF_COLUMNS.get(stem, ()) for x in split(row.get(col))]
    if stem == "people":
        out += [org.strip() for _t, org, _a, _b in position_entries(row.get("positions", "")) if org.strip()]
    return out


# ----------------------------------------------------------------- checks


def check_ids(directory: Path) -> list[str]:
    problems, seen = [], set()
    for stem, row in all_mine(directory):
        rid, prefix = row.get("id", ""), MINE[stem]
        kind, _, slug = rid.partition("/")
        if kind != prefix or not SLUG.match(slug):
            problems.append(f"{stem}: bad id {rid!r} (want {prefix}/<ascii-slug>)")
        if rid in seen:
            problems.append(f"{stem}: duplicate id {rid!r}")
        seen.add(rid)
    return problems


def check_names(directory: Path) -> list[str]:
    problems = []
    for _stem, row in all_mine(directory):
        name = row.get("name", "")
        if not CJK.search(name):
            problems.append(f"{row['id']}: name {name!r} has no Chinese characters")
        elif T2S.convert(name) != name:
            problems.append(f"{row['id']}: name {name!r} is not Simplified (t2s gives {T2S.convert(name)!r})")
        for a in split(row.get("abbr")):
            if len(a) < 2:
                problems.append(f"{row['id']}: single-character abbr {a!r}")
        qid = row.get("wikidata", "")
        if qid and not QID.match(qid):
            problems.append(f"{row['id']}: malformed wikidata {qid!r}")
        for a in split(row.get("ambiguous")):
            if a not in {name, *split(row.get("aliases")), row.get("en", "")}:
                problems.append(f"{row['id']}: ambiguous form {a!r} is not one of the row's names")
    return problems


def check_dates(directory: Path) -> list[str]:
    problems = []
    for stem, row in all_mine(directory):
        for col in DATE_COLUMNS.get(stem, ()):
            if row.get(col) and not DATE.match(row[col]):
                problems.append(f"{row['id']}: {col} {row[col]!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        if stem == "people":
            for title, _org, start, end in position_entries(row.get("positions", "")):
                if not title.strip():
                    problems.append(f"{row['id']}: position without a title")
                for d in (start.strip(), end.strip()):
                    if d and not DATE.match(d):
                        problems.append(f"{row['id']}: position date {d!r} of {title!r} is malformed")
                if start.strip() and end.strip() and end.strip() < start.strip():
                    problems.append(f"{row['id']}: position {title!r} ends before it starts")
    return problems


def check_aliases(directory: Path) -> list[str]:
    """A surface form used by two rows must be listed in `ambiguous` of both."""
    owners: dict[str, list[dict[str, str]]] = {}
    for _stem, row in all_mine(directory):
        forms = {row["name"], *split(row.get("aliases"))}
        if row.get("en"):
            forms.add(row["en"])
        for f in forms:
            owners.setdefault(f, []).append(row)
    problems = []
    for form, rows in sorted(owners.items()):
        if len(rows) > 1 and not all(form in split(r.get("ambiguous")) for r in rows):
            problems.append(
                f"{form!r} is shared by {[r['id'] for r in rows]} but not marked ambiguous in all"
            )
    return problems


def check_projects(directory: Path) -> list[str]:
    problems = []
    for row in read_rows(directory, "projects"):
        countries = split(row.get("countries"))
        if not countries:
            problems.append(f"{row['id']}: project without a country")
        if any(not c.startswith("country/") for c in countries):
            problems.append(f"{row['id']}: countries column holds a non-country id")
        if not row.get("kind"):
            problems.append(f"{row['id']}: project without a kind")
    return problems


def missing_files(directory: Path) -> set[str]:
    return {stem for stem in DEFINED_IN.values() if not (directory / f"{stem}.csv").exists()}


def check_references(directory: Path) -> list[str]:
    """Every id referenced exists (kinds whose file is absent are not checked)."""
    known = set(load_reference(directory).entities)
    absent = missing_files(directory)
    problems = []
    for stem, row in all_mine(directory):
        for ref in referenced_ids(stem, row):
            kind = ref.partition("/")[0]
            if kind not in DEFINED_IN:
                problems.append(f"{row['id']}: reference {ref!r} has an unknown kind")
            elif DEFINED_IN[kind] not in absent and ref not in known:
                problems.append(f"{row['id']}: reference {ref!r} does not resolve")
    return problems


CHECKS = [check_ids, check_names, check_dates, check_aliases, check_projects, check_references]


# ------------------------------------------------------------------ tests


@pytest.fixture(scope="module")
def ref_dir() -> Path:
    return reference_dir()


def test_files_load(ref_dir: Path) -> None:
    ref = load_reference()
    by_file: dict[str, int] = {}
    for e in ref.entities.values():
        by_file[e.source_file] = by_file.get(e.source_file, 0) + 1
    for stem in MINE:
        assert (ref_dir / f"{stem}.csv").exists(), stem
        assert by_file.get(f"{stem}.csv", 0) > 0, stem


def test_minimum_sizes(ref_dir: Path) -> None:
    assert len(read_rows(ref_dir, "people")) >= 150
    assert len(read_rows(ref_dir, "projects")) >= 60
    assert len(read_rows(ref_dir, "initiatives")) >= 15
    assert len(read_rows(ref_dir, "events")) >= 60


@pytest.mark.parametrize("check", [check_ids, check_names, check_dates, check_aliases, check_projects])
def test_check(ref_dir: Path, check) -> None:
    problems = check(ref_dir)
    assert not problems, "\n".join(problems)


def test_references_resolve(ref_dir: Path) -> None:
    problems = check_references(ref_dir)
    assert not problems, "\n".join(problems)
    absent = missing_files(ref_dir)
    if absent:
        pytest.skip(f"not checked: ids defined in {sorted(absent)} (file(s) not written yet)")


def test_curated_facts(ref_dir: Path) -> None:
    ref = load_reference()
    facts = {(f.predicate, f.object) for f in ref.facts_about("project/china-laos-railway")}
    assert {("locatedIn", "country/CN"), ("locatedIn", "country/LA"), ("partOf", "initiative/bri")} <= facts
    facts = {(f.predicate, f.object) for f in ref.facts_about("project/hungary-serbia-railway")}
    assert {("locatedIn", "country/HU"), ("locatedIn", "country/RS")} <= facts
    wang = {(f.predicate, f.object) for f in ref.facts_about("person/wang-yi")}
    assert ("position", "外交部长") in wang and ("affiliation", "country/CN") in wang
    assert [e.id for e in ref.lookup("中老鐵路")] == ["project/china-laos-railway"]
    assert [e.id for e in ref.lookup("第三届一带一路国际合作高峰论坛")] == ["event/bri-forum-3"]
    assert "initiative/bri" in {e.id for e in ref.lookup("BRI")}


def _rewrite(path: Path, edit) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header, rows = reader.fieldnames, list(reader)
    edit(rows)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=header)
        w.writeheader()
        w.writerows(rows)


def test_checks_catch_broken_copy(ref_dir: Path, tmp_path: Path) -> None:
    for f in ref_dir.glob("*.csv"):
        shutil.copy(f, tmp_path / f.name)
    assert all(not c(tmp_path) for c in CHECKS if c is not check_references)

    def break_projects(rows):
        rows[0]["countries"] = ""  # no country
        rows[1]["opened"] = "2021-13"  # bad month
        rows[2]["places"] = "place/atlantis-nowhere"  # unresolvable
        rows[3]["aliases"] = rows[3]["aliases"] + "|" + rows[4]["name"]  # clash

    def break_people(rows):
        rows[0]["id"] = rows[1]["id"]  # duplicate id
        rows[2]["name"] = "習近平"  # Traditional
        rows[3]["abbr"] = "习"  # single character
        rows[4]["positions"] = "总统;;2019-5;"  # malformed date

    _rewrite(tmp_path / "projects.csv", break_projects)
    _rewrite(tmp_path / "people.csv", break_people)
    report = {
        c.__name__: c(tmp_path) for c in (check_ids, check_names, check_dates, check_aliases, check_projects)
    }
    assert any("duplicate id" in p for p in report["check_ids"])
    assert any("not Simplified" in p for p in report["check_names"])
    assert any("single-character abbr" in p for p in report["check_names"])
    assert any("2021-13" in p for p in report["check_dates"])
    assert any("2019-5" in p for p in report["check_dates"])
    assert any("not marked ambiguous" in p for p in report["check_aliases"])
    assert any("without a country" in p for p in report["check_projects"])
    (tmp_path / "people.csv").unlink()  # duplicate ids would stop the loader; refs need it to load
    if "places" not in missing_files(tmp_path):
        assert any("atlantis-nowhere" in p for p in check_references(tmp_path))
