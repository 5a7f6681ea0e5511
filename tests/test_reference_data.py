"""Integrity of the curated reference data (countries, places, organizations).

``check_reference(directory)`` returns a list of human-readable problems; the
shipped data must have none, and deliberately broken copies must be caught.

Only countries.csv, places.csv and organizations.csv are checked in full.
The other tables (people, projects, initiatives, events) are checked only for
what they point *into* these three files, so a table that is not written yet
(or an id of a class whose file is missing) never fails this test.
"""

from __future__ import annotations

import csv
import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from kg.paths import reference_dir
from kg.reference import Reference, load_reference, split

pycountry = pytest.importorskip("pycountry")
opencc = pytest.importorskip("opencc")

#: the files this test owns, and the id prefix each defines
OWN: dict[str, str] = {"countries": "country", "places": "place", "organizations": "org"}
ID_RE = re.compile(r"^(country|place|org|person|project|initiative|event)/[A-Za-z0-9][A-Za-z0-9._-]*$")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
QID = re.compile(r"^Q[1-9][0-9]*$")
#: columns holding entity ids, per table (people's `positions` is handled apart)
REF_COLUMNS: dict[str, tuple[str, ...]] = {
    "countries": ("capital",),
    "places": ("country", "parent"),
    "organizations": ("country", "members"),
    "people": ("country",),
    "projects": ("countries", "places", "initiative"),
    "initiatives": ("proposer",),
    "events": ("place", "country", "initiative", "series"),
}
#: the column a referenced id must be of (owned tables only)
REF_TARGET: dict[tuple[str, str], str] = {
    ("countries", "capital"): "place",
    ("places", "country"): "country",
    ("places", "parent"): "place",
    ("organizations", "country"): "country",
    ("organizations", "members"): "country",
}

_t2s = opencc.OpenCC("t2s")


def surface_key(s: str) -> str:
    """How two surface forms are compared: NFKC, ASCII case-folded."""
    s = unicodedata.normalize("NFKC", s).strip()
    return s.lower() if s.isascii() else s


def _stem(source_file: str) -> str:
    return source_file.rsplit(".", 1)[0]


def _refs(stem: str, row: dict[str, str]) -> list[tuple[str, str]]:
    out = [(col, v) for col in REF_COLUMNS.get(stem, ()) for v in split(row.get(col))]
    if stem == "people":
        for entry in split(row.get("positions")):
            parts = entry.split(";")
            if len(parts) > 1 and parts[1].strip():
                out.append(("positions", parts[1].strip()))
    return out


def check_reference(directory: str | Path) -> list[str]:
    """Every problem found in the reference tables of ``directory``."""
    directory = Path(directory)
    try:
        ref: Reference = load_reference(directory)
    except ValueError as exc:  # duplicate id, row without id or name
        return [f"load: {exc}"]
    problems: list[str] = []
    ents = ref.entities
    own = {i: e for i, e in ents.items() if _stem(e.source_file) in OWN}

    # ids: form, and the prefix matching the file
    for i, e in own.items():
        if not ID_RE.match(i):
            problems.append(f"{e.source_file}: bad id {i!r}")
        elif i.split("/", 1)[0] != OWN[_stem(e.source_file)]:
            problems.append(f"{e.source_file}: id {i!r} has the wrong prefix for this file")

    # names: Simplified Chinese canonical names
    for i, e in own.items():
        if not CJK.search(e.name):
            problems.append(f"{i}: name {e.name!r} has no CJK character")
        elif _t2s.convert(e.name) != e.name:
            problems.append(f"{i}: name {e.name!r} is not Simplified (t2s gives {_t2s.convert(e.name)!r})")
        for col in ("aliases", "abbr", "ambiguous"):
            for v in split(e.row.get(col)):
                if v != v.strip() or not v:
                    problems.append(f"{i}: empty or padded value in {col}")
        for a in e.ambiguous:
            forms = {surface_key(x) for x in (*e.names, *e.abbr)}
            if surface_key(a) not in forms:
                problems.append(f"{i}: ambiguous {a!r} is neither a name, alias nor abbr of the row")

    # surface forms shared by two entities must be declared ambiguous on both
    owners: dict[str, set[str]] = {}
    for i, e in ents.items():
        for n in e.names:
            owners.setdefault(surface_key(n), set()).add(i)
    amb = {i: {surface_key(a) for a in e.ambiguous} for i, e in ents.items()}
    for k, ids in owners.items():
        if len(ids) > 1 and ids & own.keys():
            undeclared = sorted(i for i in ids if k not in amb[i])
            if undeclared:
                problems.append(f"surface form {k!r} shared by {sorted(ids)}; not in `ambiguous` of {undeclared}")
    abbr_owners: dict[str, set[str]] = {}
    for i, e in own.items():
        for a in e.abbr:
            abbr_owners.setdefault(surface_key(a), set()).add(i)
    for k, ids in abbr_owners.items():
        if len(ids) > 1:
            undeclared = sorted(i for i in ids if k not in amb[i])
            if undeclared:
                problems.append(f"abbr {k!r} shared by {sorted(ids)}; not in `ambiguous` of {undeclared}")

    # wikidata: well-formed and never two entities with one QID
    qids: dict[str, str] = {}
    for i, e in ents.items():
        if not e.wikidata:
            continue
        if i in own and not QID.match(e.wikidata):
            problems.append(f"{i}: bad wikidata {e.wikidata!r}")
        if e.wikidata in qids and (i in own or qids[e.wikidata] in own):
            problems.append(f"wikidata {e.wikidata} used by {qids[e.wikidata]} and {i}")
        qids.setdefault(e.wikidata, i)

    # countries: ISO codes, capital, former flag
    members = 0
    iso2_seen: dict[str, str] = {}
    for i, e in own.items():
        if e.cls != "Country":
            continue
        r = e.row
        iso2, iso3, former = r.get("iso2", ""), r.get("iso3", ""), r.get("former", "")
        if former not in ("", "1"):
            problems.append(f"{i}: former must be 1 or empty, not {former!r}")
        if former:
            for code in (iso2, iso3):
                if code and not pycountry.historic_countries.get(**{f"alpha_{len(code)}": code}):
                    problems.append(f"{i}: {code!r} is not an ISO 3166-3 former country code")
        else:
            c2 = pycountry.countries.get(alpha_2=iso2) if len(iso2) == 2 else None
            c3 = pycountry.countries.get(alpha_3=iso3) if len(iso3) == 3 else None
            if c2 is None:
                problems.append(f"{i}: iso2 {iso2!r} is not an ISO 3166-1 code")
            if c3 is None:
                problems.append(f"{i}: iso3 {iso3!r} is not an ISO 3166-1 code")
            if c2 is not None and c3 is not None and c2.alpha_3 != c3.alpha_3:
                problems.append(f"{i}: iso2 {iso2} and iso3 {iso3} name different countries")
            if i != f"country/{iso2}":
                problems.append(f"{i}: id should be country/{iso2}")
            if iso2 in iso2_seen:
                problems.append(f"{i}: iso2 {iso2} also on {iso2_seen[iso2]}")
            iso2_seen[iso2] = i
            if c2 is not None:
                members += 1
        cap = r.get("capital", "")
        if not cap:
            problems.append(f"{i}: no capital")
        elif cap in ents and ents[cap].cls != "Place":
            problems.append(f"{i}: capital {cap} is not a place")
    if members < 193:
        problems.append(f"only {members} current states with ISO codes (UN has 193 members)")

    # references: everything our files point to, and everything pointing into our files
    for i, e in ents.items():
        stem = _stem(e.source_file)
        for col, target in _refs(stem, e.row):
            prefix = target.split("/", 1)[0]
            if i in own:
                want = REF_TARGET.get((stem, col))
                if want and prefix != want:
                    problems.append(f"{i}: {col} {target!r} should be a {want} id")
            # references between the other tables (initiative/, person/ ...) are theirs to check
            if target not in ents and (i in own or prefix in OWN.values()):
                problems.append(f"{i}: {col} points to missing id {target!r}")
    return problems


def _own_copy(tmp_path: Path) -> Path:
    for stem in OWN:
        shutil.copy(reference_dir() / f"{stem}.csv", tmp_path / f"{stem}.csv")
    return tmp_path


def _append(path: Path, row: dict[str, str]) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    with path.open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow([row.get(c, "") for c in header])


def _edit(path: Path, row_id: str, **changes: str) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
        header = list(rows[0].keys())
    for r in rows:
        if r["id"] == row_id:
            r.update(changes)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


# --------------------------------------------------------------------- tests


def test_shipped_reference_data_is_consistent():
    problems = check_reference(reference_dir())
    assert not problems, "\n".join(problems[:50])


def test_own_tables_alone_are_consistent(tmp_path):
    assert check_reference(_own_copy(tmp_path)) == []


def test_counts_and_key_entities():
    ref = load_reference(reference_dir())
    countries = [e for e in ref.entities.values() if e.cls == "Country"]
    assert sum(1 for e in countries if e.row.get("iso2") and not e.row.get("former")) >= 195
    assert sum(1 for e in ref.entities.values() if e.source_file == "organizations.csv") >= 200
    cities = [e for e in ref.entities.values() if e.cls == "Place" and e.row.get("kind") in ("city", "town")]
    assert len(cities) >= 150
    for surface, want in [("沙特", "country/SA"), ("寮國", "country/LA"), ("阿联酋", "country/AE"),
                          ("USA", "country/US"), ("DPRK", "country/KP"), ("中华人民共和国", "country/CN"),
                          ("梵蒂冈", "country/VA"), ("苏联", "country/SU"), ("万象", "place/vientiane"),
                          ("台海", "place/taiwan-strait"), ("拉美", "place/latin-america"),
                          ("安理会", "org/unsc"), ("上合组织", "org/sco"), ("金砖", "org/brics"),
                          ("中远海运", "org/cosco"), ("《人民日报》", "org/peoples-daily"),
                          ("党中央", "org/cpc-central-committee"), ("外交部", "org/mfa-cn")]:
        assert [e.id for e in ref.lookup(surface)] == [want], surface
    assert ref.entities["place/hong-kong"].row["country"] == "country/CN"
    assert ref.entities["place/taiwan"].cls == "Place"
    for abbr in ("中", "美", "俄", "老", "匈", "塞", "沙", "伊"):
        assert abbr in ref.by_abbr, abbr
    brics = set(split(ref.entities["org/brics"].row["members"]))
    assert {"country/CN", "country/BR", "country/EG", "country/ET", "country/IR", "country/AE"} <= brics


def test_ambiguous_abbreviations_are_declared():
    ref = load_reference(reference_dir())
    for abbr, ids in [("巴", {"country/PK", "country/BR", "country/PA"}), ("印", {"country/IN", "country/ID"}),
                      ("新", {"country/SG", "country/NZ"}), ("伊", {"country/IR", "country/IQ"})]:
        assert ids <= set(ref.by_abbr[abbr])
        for i in ids:
            assert abbr in ref.entities[i].ambiguous


BREAKAGES = {
    "duplicate id": ("places.csv", {"id": "place/beijing", "name": "北京二", "kind": "city"}, "load:"),
    "bad id form": ("places.csv", {"id": "place/Bad Slug", "name": "某地", "kind": "city"}, "bad id"),
    "wrong prefix": ("organizations.csv", {"id": "place/some-org", "name": "某组织", "kind": "ngo"},
                     "wrong prefix"),
    "shared alias": ("places.csv", {"id": "place/fake-saudi", "name": "某城", "aliases": "沙特", "kind": "city"},
                     "surface form '沙特'"),
    "shared abbr": ("places.csv", {"id": "place/fake-x", "name": "某省", "abbr": "匈", "kind": "province"},
                    "abbr '匈'"),
    "traditional name": ("places.csv", {"id": "place/fake-trad", "name": "臺北縣", "kind": "city"},
                         "not Simplified"),
    "no cjk": ("organizations.csv", {"id": "org/fake-ascii", "name": "Acme", "kind": "company"}, "no CJK"),
    "bad iso2": ("countries.csv", {"id": "country/ZZ", "name": "某国", "iso2": "ZZ", "iso3": "ZZZ",
                                   "capital": "place/beijing"}, "not an ISO 3166-1 code"),
    "mismatched iso": ("countries.csv", {"id": "country/XK", "name": "某国", "iso2": "FR", "iso3": "DEU",
                                         "capital": "place/paris"}, "name different countries"),
    "missing capital": ("countries.csv", {"id": "country/QQ", "name": "某国乙", "former": "1"}, "no capital"),
    "dangling capital": ("countries.csv", {"id": "country/QR", "name": "某国丙", "former": "1",
                                           "capital": "place/atlantis"}, "missing id 'place/atlantis'"),
    "dangling parent": ("places.csv", {"id": "place/fake-town", "name": "某镇", "kind": "town",
                                       "parent": "place/nowhere"}, "missing id 'place/nowhere'"),
    "dangling member": ("organizations.csv", {"id": "org/fake-club", "name": "某集团", "kind": "grouping",
                                              "members": "country/CN|country/XY"}, "missing id 'country/XY'"),
    "bad qid": ("organizations.csv", {"id": "org/fake-qid", "name": "某机构", "kind": "ngo",
                                      "wikidata": "148"}, "bad wikidata"),
    "duplicate qid": ("places.csv", {"id": "place/fake-qid", "name": "某村", "kind": "town",
                                     "wikidata": "Q148"}, "wikidata Q148 used by"),
    "bad former flag": ("countries.csv", {"id": "country/QS", "name": "某国丁", "former": "yes",
                                          "capital": "place/beijing"}, "former must be"),
    "former code": ("countries.csv", {"id": "country/QT", "name": "某国戊", "former": "1", "iso2": "QT",
                                      "capital": "place/beijing"}, "ISO 3166-3"),
}


@pytest.mark.parametrize("case", sorted(BREAKAGES))
def test_broken_rows_are_caught(tmp_path, case):
    fname, row, expected = BREAKAGES[case]
    d = _own_copy(tmp_path)
    _append(d / fname, row)
    problems = check_reference(d)
    assert any(expected in p for p in problems), problems[:10]


def test_undeclared_ambiguity_is_caught(tmp_path):
    d = _own_copy(tmp_path)
    _edit(d / "countries.csv", "country/NZ", ambiguous="")
    assert any("abbr '新'" in p and "country/NZ" in p for p in check_reference(d))


def test_too_few_countries_is_caught(tmp_path):
    d = _own_copy(tmp_path)
    with (d / "countries.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    kept = [r for r in rows if not r["iso2"].startswith("S")]
    with (d / "countries.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, list(rows[0].keys()), lineterminator="\n")
        w.writeheader()
        w.writerows(kept)
    problems = check_reference(d)
    assert any("UN has 193 members" in p for p in problems)


def test_reference_into_our_tables_is_checked(tmp_path):
    d = _own_copy(tmp_path)
    (d / "people.csv").write_text(
        "id,name,en,aliases,abbr,ambiguous,wikidata,country,positions\n"
        "person/test-a,测试甲,,,,,,country/XX,部长;org/no-such-org;2020;\n"
        "person/test-b,测试乙,,,,,,country/CN,部长;org/mfa-cn;2020;\n",
        encoding="utf-8",
    )
    problems = check_reference(d)
    assert any("country/XX" in p for p in problems)
    assert any("org/no-such-org" in p for p in problems)
    assert not any("person/test-b" in p for p in problems)


def test_reference_to_unwritten_table_is_tolerated(tmp_path):
    d = _own_copy(tmp_path)
    (d / "projects.csv").write_text(
        "id,name,en,aliases,abbr,ambiguous,wikidata,kind,countries,places,initiative,opened\n"
        "project/test-rail,测试铁路,,,,,,railway,country/CN,place/beijing,initiative/not-yet,\n",
        encoding="utf-8",
    )
    assert check_reference(d) == []


# ------------------------------------------------- the places' hierarchy

#: kinds of China's provincial-level rows (provinces and autonomous regions,
#: the four municipalities (Beijing as the capital), the SARs and Taiwan)
PROVINCIAL_KINDS = ("province", "municipality", "capital", "region")


def check_place_hierarchy(ref: Reference) -> list[str]:
    """Problems in the places' `parent` chains: a Chinese city or prefecture-level
    division must sit (directly, or through one prefecture) under a provincial-level
    row of China, and a place and its parent must be in the same country (a former
    state, e.g. East Berlin in the GDR, may differ)."""
    places = {i: e for i, e in ref.entities.items() if e.source_file == "places.csv"}
    former = {i for i, e in ref.entities.items() if e.cls == "Country" and e.row.get("former")}

    def provincial(pid: str) -> bool:
        p = places.get(pid)
        return (p is not None and p.row.get("country") == "country/CN" and not p.row.get("parent")
                and p.row.get("kind") in PROVINCIAL_KINDS)

    problems = []
    for i, e in places.items():
        r = e.row
        parent = r.get("parent", "")
        if parent and parent in places:
            pc, c = places[parent].row.get("country", ""), r.get("country", "")
            if pc and c and pc != c and not ({pc, c} & former):
                problems.append(f"{i}: in {c} but its parent {parent} is in {pc}")
        if r.get("country") != "country/CN" or r.get("kind") not in ("city", "prefecture"):
            continue
        if not parent:
            problems.append(f"{i}: a Chinese {r.get('kind')} without a parent")
        elif not provincial(parent) and not (places.get(parent) and places[parent].row.get("kind") == "prefecture"
                                             and provincial(places[parent].row.get("parent", ""))):
            problems.append(f"{i}: parent {parent} is not a provincial-level row of China (nor a prefecture in one)")
    return problems


def test_places_hierarchy_is_consistent():
    ref = load_reference(reference_dir())
    assert check_place_hierarchy(ref) == []
    # every provincial-level division of China is listed, and the prefecture-level cities under it
    provincial = [e for e in ref.entities.values() if e.source_file == "places.csv"
                  and e.row.get("country") == "country/CN" and not e.row.get("parent")
                  and e.row.get("kind") in ("province", "municipality")]
    assert len(provincial) == 31 - 1  # 22 provinces, 5 autonomous regions, 3 municipalities (+ Beijing, the capital)
    children: dict[str, int] = {}
    for e in ref.entities.values():
        if e.source_file == "places.csv" and e.row.get("kind") in ("city", "prefecture"):
            children[e.row.get("parent", "")] = children.get(e.row.get("parent", ""), 0) + 1
    for p in provincial:
        if p.row["kind"] == "province":
            assert children.get(p.id, 0) >= 2, p.id
    for surface, want, parent in [("齐齐哈尔", "place/qiqihar", "place/heilongjiang"),
                                  ("延边", "place/yanbian", "place/jilin"),
                                  ("台州", "place/taizhou-zj", "place/zhejiang"),
                                  ("泰州", "place/taizhou-js", "place/jiangsu")]:
        assert [e.id for e in ref.lookup(surface)] == [want], surface
        assert ref.entities[want].row["parent"] == parent


def test_broken_place_hierarchy_is_caught(tmp_path):
    d = _own_copy(tmp_path)
    _append(d / "places.csv", {"id": "place/fake-cn-city", "name": "某某市", "country": "country/CN",
                               "kind": "city", "parent": "place/tokyo"})
    _append(d / "places.csv", {"id": "place/fake-cn-pref", "name": "某某州", "country": "country/CN",
                               "kind": "prefecture"})
    problems = check_place_hierarchy(load_reference(d))
    assert any("place/fake-cn-city" in p and "country/JP" in p for p in problems), problems
    assert any("place/fake-cn-city" in p and "not a provincial-level" in p for p in problems), problems
    assert any("place/fake-cn-pref" in p and "without a parent" in p for p in problems), problems
