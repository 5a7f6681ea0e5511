"""Curated facts hold for a time (issue 14): memberships.csv and people's posts have periods,
and a document only gets the curated facts that held on its date."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from kg.model import DocumentInfo, Entity
from kg.paths import reference_dir
from kg.reference import STATUSES, RefFact, date_bounds, load_reference

MEMBERSHIPS = reference_dir() / "memberships.csv"


def _rows() -> list[dict[str, str]]:
    with MEMBERSHIPS.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _day(value: str) -> dt.date:
    bounds = date_bounds(value)
    assert bounds is not None, value
    return dt.date.fromisoformat(bounds[0])


def test_every_membership_row_has_a_period_and_a_source() -> None:
    ref = load_reference()
    rows = _rows()
    assert len(rows) > 300
    for n, r in enumerate(rows, start=2):
        where = f"memberships.csv:{n}"
        assert r["country"] in ref.entities and ref.entities[r["country"]].cls == "Country", where
        assert ref.entities[r["organization"]].cls in {"Organization", "Initiative"}, where
        assert r["status"] in STATUSES, where
        assert r["from"], where
        assert r["source"].startswith("http"), where
        start = _day(r["from"])
        if r["to"]:
            assert date_bounds(r["to"])[1] >= start.isoformat(), f"{where}: ends before it starts"
    pairs = [(r["country"], r["organization"], r["status"], r["from"]) for r in rows]
    assert len(pairs) == len(set(pairs)), "a row is listed twice"


def test_periods_of_one_status_do_not_overlap() -> None:
    by_key: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
    for r in _rows():
        lo = date_bounds(r["from"])[0]
        hi = date_bounds(r["to"])[1] if r["to"] else "9999-12-31"
        by_key.setdefault((r["country"], r["organization"], r["status"]), []).append((lo, hi))
    for key, spans in by_key.items():
        spans.sort()
        for (_, hi), (lo, _) in zip(spans, spans[1:], strict=False):
            assert hi < lo, key


def test_current_members_agree_with_the_organisations_table() -> None:
    """organizations.csv `members` lists today's members; memberships.csv must date every one."""
    ref = load_reference()
    current = {(r["country"], r["organization"]) for r in _rows() if r["status"] == "member" and not r["to"]}
    for e in ref.entities.values():
        for c in filter(None, e.row.get("members", "").split("|")):
            assert (c, e.id) in current, (c, e.id)


@pytest.mark.parametrize(
    ("country", "org", "when", "held"),
    [
        ("country/IR", "org/sco", "2023-07-03", False),
        ("country/IR", "org/sco", "2023-07-04", True),
        ("country/BY", "org/sco", "2022-06-15", False),
        ("country/BY", "org/sco", "2024-09-01", True),
        ("country/BY", "org/sco", None, True),  # undated: current facts
        ("country/GB", "org/eu", "2016-06-23", True),
        ("country/GB", "org/eu", "2021-01-01", False),
        ("country/GB", "org/eu", None, False),
        ("country/FI", "org/nato", "2022", False),
        ("country/FI", "org/nato", "2023", True),
        ("country/EG", "org/brics", "2023-08-24", False),
        ("country/EG", "org/brics", "2024-01", True),
        ("country/LT", "org/china-ceec", "2019", True),
        ("country/LT", "org/china-ceec", "2023", False),
    ],
)
def test_membership_held_on(country: str, org: str, when: str | None, held: bool) -> None:
    facts = [f for f in load_reference().facts_about(country) if f.predicate == "memberOf" and f.object == org]
    assert facts, (country, org)
    assert any(f.held_on(when) for f in facts) is held


def test_observers_are_not_members() -> None:
    ref = load_reference()
    assert not [f for f in ref.facts_on("2020-01-01") if f.subject == "country/BY" and f.object == "org/sco"]
    assert any(m.status == "observer" and m.country == "country/BY" and m.organization == "org/sco"
               for m in ref.memberships)


def test_italy_and_the_belt_and_road() -> None:
    facts = {(f.predicate, f.date) for f in load_reference().facts_about("country/IT") if f.object == "initiative/bri"}
    assert facts == {("joined", "2019-03-23"), ("withdrewFrom", "2023-12")}
    withdrew = next(f for f in load_reference().facts_about("country/IT") if f.predicate == "withdrewFrom")
    assert not withdrew.held_on("2021") and withdrew.held_on("2024")


def test_qin_gang_foreign_minister() -> None:
    ref = load_reference()
    fm = [f for f in ref.facts_about("person/qin-gang") if f.predicate == "position" and f.object == "外交部长"]
    assert [(f.date, f.end) for f in fm] == [("2022-12-30", "2023-07-25")]
    assert fm[0].held_on("2023-03") and not fm[0].held_on("2023-09-01") and not fm[0].held_on(None)
    mfa = {f.end for f in ref.facts_about("person/wang-yi") if f.predicate == "position" and f.object == "外交部长"}
    assert mfa == {"2022-12-30", None}


def test_date_bounds() -> None:
    assert date_bounds("2024-02") == ("2024-02-01", "2024-02-29")
    assert date_bounds("2023") == ("2023-01-01", "2023-12-31")
    assert date_bounds("--03-06") is None and date_bounds(None) is None
    f = RefFact("country/XX", "memberOf", "org/x", "t.csv", "2019-03-23", "2023-12")
    assert f.held_on("2019") and f.held_on("2023-12-31") and not f.held_on("2024-01-01") and not f.held_on(None)


def _graph_with(date: str | None):
    """Belarus and the SCO named together in one document of the given date."""
    from kg.assemble import _add_reference_facts
    from kg.graph import KnowledgeGraph

    g = KnowledgeGraph()
    g.add_document(DocumentInfo("note.txt", "note.txt", "text", date=date))
    for eid, cls, label in [("country/BY", "Country", "白俄罗斯"), ("org/sco", "Organization", "上海合作组织")]:
        g.add_entity(Entity(eid, cls, label, documents={"note.txt"}, curated=True))
    _add_reference_facts(g, load_reference())
    return g


@pytest.mark.parametrize(("date", "member"), [("2022-09-16", False), ("2024-07-04", True), ("2025", True),
                                              (None, True)])
def test_curated_membership_respects_the_document_date(date: str | None, member: bool) -> None:
    g = _graph_with(date)
    assert (("country/BY", "memberOf", "org/sco") in g.relations) is member


def test_a_2022_text_about_belarus_gets_no_sco_membership(tmp_path: Path) -> None:
    import kg

    (tmp_path / "by.md").write_text(
        "---\ndate: 2022-09-16\n---\n白俄罗斯总统卢卡申科出席在撒马尔罕举行的上海合作组织峰会。\n", encoding="utf-8")
    g = kg.build(tmp_path)
    assert {"country/BY", "org/sco"} <= set(g.kg.entities)
    curated = [a for (s, p, o), r in g.kg.relations.items() if (s, p, o) == ("country/BY", "memberOf", "org/sco")
               for a in r.assertions if a.method == "reference"]
    assert not curated
