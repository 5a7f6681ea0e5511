"""The people a compound of countries and a role word names (中美元首, 中俄两国外长).

News often names a meeting by its parties' offices only: 中美元首在旧金山举行会晤.
The reference data lists who held which post when (people.csv positions with
from/to), so on the document's date the compound means one person per
country. Only an unambiguous answer counts: exactly one holder per country.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from kg.datafiles import read_yaml
from kg.model import Mention
from kg.paths import ontology_dir
from kg.reference import Reference


@lru_cache(maxsize=2)
def load_roles(path: str | None = None) -> dict[str, tuple[str, ...]]:
    p = Path(path) if path else ontology_dir() / "frames" / "roles.yaml"
    data = read_yaml(p) or {}
    return {k: tuple(v) for k, v in data.items()}


class Leaders:
    """Office holders by country, title and date, from the reference's position facts."""

    def __init__(self, ref: Reference, roles: dict[str, tuple[str, ...]]) -> None:
        self.ref = ref
        self.roles = roles
        self._by_country: dict[str, list[tuple[str, object]]] = defaultdict(list)
        for f in ref.facts:
            if f.predicate == "position" and f.subject in ref.entities:
                country = ref.entities[f.subject].row.get("country") or ""
                self._by_country[country].append((f.subject, f))
        words = "|".join(sorted(roles, key=len, reverse=True))
        self.after = re.compile(rf"(?:两国|三国|双方)?(?P<role>{words})") if words else None

    def holder(self, country: str, role: str, when: str | None) -> str | None:
        titles = self.roles.get(role, ())
        ids = {pid for pid, f in self._by_country.get(country, ())
               if f.object in titles and f.held_on(when)}  # type: ignore[attr-defined]
        return next(iter(ids)) if len(ids) == 1 else None

    def compounds(self, norm: str, text: str, lo: int, hi: int, countries: list[Mention], when: str | None,
                  sentence: int | None) -> list[tuple[int, int, list[Mention], list[Mention]]]:
        """(start, end, people, countries) of every 中美元首-like span in norm[lo:hi]:
        adjacent country mentions, then a role word; one synthesised person mention each."""
        if self.after is None:
            return []
        out = []
        cs = sorted((m for m in countries if lo <= m.start and m.end <= hi), key=lambda m: m.start)
        i = 0
        while i < len(cs):
            run = [cs[i]]
            while i + len(run) < len(cs) and cs[i + len(run)].start == run[-1].end:
                run.append(cs[i + len(run)])
            i += len(run)
            m = self.after.match(norm, run[-1].end)
            if len(run) < 2 or m is None or m.end() > hi or not all(c.ref for c in run):
                continue
            ids = [self.holder(c.ref or "", m.group("role"), when) for c in run]
            if any(x is None for x in ids):
                continue
            start, end = run[0].start, m.end()
            people = [Mention(c.doc_id, start, end, text[start:end], "Person", self.ref.entities[pid].name, "rule",
                              pid, sentence, 0.6) for c, pid in zip(run, ids, strict=True) if pid]
            out.append((start, end, people, run))
        return out
