"""Facts that names and appositions state outright.

中老铁路 runs in 中国 and 老挝 (the compound inside the name); 希腊比雷埃夫斯港
and 老挝首都万象 place the second name in the first; 杭州亚运会 is held in
杭州; 第三届“一带一路”国际合作高峰论坛 belongs to 一带一路.
"""

from __future__ import annotations

from kg.extract.geography import kind as place_kind
from kg.extract.phrases import unnested
from kg.model import Mention, RelationCandidate, Sentence
from kg.nlp.lexicon import default_lexicon
from kg.reference import Reference

_REGION_KINDS = {"continent", "region", "sea", "ocean", "strait", "subregion"}
_ROUTE_JOINS = ("—", "–", "-", "－", "至", "到", "——")
_PARTY_JOINS = "—–-－+＋、和与同及"  # 中国—中亚峰会: a format's parties, not where it met
_CITY_KINDS = {"city", "capital", "province", "municipality", "prefecture", "state"}
_CAPITAL_WORDS = ("首都", "首府", "省会", "城市", "市", "港口城市")


def _listed_countries(m: Mention, ref: Reference) -> set[str]:
    """The countries the reference lists for a project (empty for anything else)."""
    row = ref.entities[m.ref].row if m.ref and m.ref in ref.entities and m.label == "Project" else {}
    return {c for c in (row.get("countries") or "").split("|") if c}


def _national_region(m: Mention, ref: Reference) -> bool:
    """A region inside one country (台湾地区), not a continent's or a sea's."""
    row = ref.entities[m.ref].row if m.ref in ref.entities else {}
    return row.get("kind") == "region" and bool(row.get("country"))


def _route_end(m: Mention, route: Mention, inner: list[Mention], norm: str) -> bool:
    """Whether a place is one end of a route's name: the first of two places joined by a dash
    or 至/到, or the second."""
    places = [p for p in inner if p.label == "Place"]
    for a, b in zip(places, places[1:], strict=False):
        if a.start == route.start and norm[a.end:b.start] in _ROUTE_JOINS and m in (a, b):
            return True
    return False


def _place_country(m: Mention, ref: Reference) -> set[str]:
    """The country the reference puts a listed place in: 伊朗|北京 is no Iranian Beijing."""
    row = ref.entities[m.ref].row if m.label == "Place" and m.ref in ref.entities else {}
    return {row["country"]} if row.get("country") else set()


def _leading_city(venue: Mention, norm: str, ref: Reference, sentence: Sentence) -> Mention | None:
    """The listed city or province an unlisted venue's name starts with (the longest)."""
    for n in range(min(6, venue.end - venue.start - 2), 1, -1):
        hits = [e for e in ref.lookup(norm[venue.start:venue.start + n]) if e.cls == "Place"
                and e.row.get("kind") in _CITY_KINDS]
        if hits:
            k = venue.start - sentence.start
            return Mention(venue.doc_id, venue.start, venue.start + n, sentence.text[k:k + n], "Place",
                           hits[0].name, "rule", hits[0].id, sentence.index, 0.7)
    return None


def extract_name_facts(sentence: Sentence, norm: str, mentions: list[Mention],
                       ref: Reference) -> tuple[list[RelationCandidate], list[Mention]]:
    """Facts the names of a sentence state, and the mentions inside names it had to make."""
    out: list[RelationCandidate] = []
    extra: list[Mention] = []
    ms = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start)))
    for outer in ms:
        inner = [m for m in ms if m is not outer and outer.start <= m.start and m.end <= outer.end
                 and (m.end - m.start) < (outer.end - outer.start)]
        if outer.label == "Project":
            row = ref.entities[outer.ref].row if outer.ref in ref.entities else {}
            known = {x for col in ("countries", "places") for x in (row.get(col) or "").split("|") if x}
            if known:
                # 亚吉铁路: 亚 stands for 埃塞俄比亚 (the character is in a listed country's name), not Asia
                names = "".join(ref.entities[k].name for k in known if k in ref.entities)
                inner = [m for m in inner if m.end - m.start > 1 or m.ref in known or m.norm not in names]
            for m in inner:
                if m.label in ("Country",) or (m.label == "Place" and place_kind(m, ref) in _REGION_KINDS | {""}
                                               and m.source != "model"):
                    out.append(RelationCandidate(outer, "locatedIn", m, sentence, 0.9, "name"))
                elif m.label == "Place" and (_route_end(m, outer, inner, norm) or (
                        m.start == outer.start and place_kind(m, ref) in _CITY_KINDS)):
                    # (某城新港, 某城国际机场: a project named after its city lies in it)
                    # 某城—某城高速公路, 某城至某城铁路: the route runs through the two cities it names
                    out.append(RelationCandidate(outer, "locatedIn", m, sentence, 0.8, "name"))
            for m in inner:
                if m.label == "Initiative":
                    out.append(RelationCandidate(outer, "partOf", m, sentence, 0.85, "name"))
        elif outer.label == "Place":
            venue = not outer.ref and outer.norm.endswith(default_lexicon().place_suffixes)
            for m in inner:  # 中国香港, 中国台湾: the country the name puts it in; 某城展览中心: the city
                if m.start == outer.start and (m.label == "Country" or (
                        venue and m.label == "Place" and place_kind(m, ref) in _CITY_KINDS)):
                    out.append(RelationCandidate(outer, "locatedIn", m, sentence, 0.8, "name"))
            if not inner and venue:
                city = _leading_city(outer, norm, ref, sentence)
                if city is not None:  # 某市大剧院, 某城展览中心: an unlisted venue named after its city
                    extra.append(city)
                    out.append(RelationCandidate(outer, "locatedIn", city, sentence, 0.75, "name"))
        elif outer.label == "Event":
            if not any(o is not outer and o.label == "Event" and o.start <= outer.start and outer.end <= o.end
                       for o in ms):  # the parties belong to the edition, not the series named inside it
                # 中吉乌铁路项目启动仪式: the countries belong to the project, not the ceremony's guest list
                projects = [m for m in inner if m.label == "Project"]
                parties = [m for m in inner if not any(p.start <= m.start and m.end <= p.end for p in projects)]
                out.extend(_event_parties(outer, parties, norm, sentence))
            lead = next((m for m in inner if m.label == "Country" and m.start == outer.start
                         and m.end - m.start >= 2), None)
            if lead is not None and norm[lead.end:lead.end + 1] not in _PARTY_JOINS and not any(
                    m is not lead and m.label == "Country" for m in inner):
                # 某国总统选举, 某国国际某博览会: an event named after one country alone is held there
                out.append(RelationCandidate(outer, "heldIn", lead, sentence, 0.7, "name"))
            for m in inner:
                if m.label == "Initiative":
                    out.append(RelationCandidate(outer, "partOf", m, sentence, 0.85, "name"))
                elif m.label == "Place" and (place_kind(m, ref) not in _REGION_KINDS or _national_region(m, ref)) \
                        and not any(
                        o.label != "Place" and o.start <= m.start and m.end <= o.end for o in inner):
                    # 上海合作组织青岛峰会: 上海 names the organisation, not where this summit met
                    out.append(RelationCandidate(outer, "heldIn", m, sentence, 0.8, "name"))
    # appositions: 希腊比雷埃夫斯港, 老挝首都万象, 贵州“村BA”
    flat = unnested(ms)
    for a, b in zip(flat, flat[1:], strict=False):
        gap = norm[a.end:b.start]
        if min(a.end - a.start, b.end - b.start) < 2:
            continue  # one-character forms belong to a compound (中欧), not an apposition
        listed = _listed_countries(b, ref) or _place_country(b, ref)
        if a.label == "Country" and b.label in ("Project", "Place") and (
                gap.strip("“”\" ") == "" or (b.label == "Place" and gap in _CAPITAL_WORDS)) \
                and place_kind(b, ref) not in _REGION_KINDS and (not listed or a.ref in listed):
            # (中国非洲战略: a continent is in no country; 中国印尼雅万高铁: a listed project's countries win)
            out.append(RelationCandidate(b, "locatedIn", a, sentence, 0.8, "name"))
        elif a.label == "Place" and b.label == "Project" and gap.strip("“”\" ") == "":
            out.append(RelationCandidate(b, "locatedIn", a, sentence, 0.7, "name"))
        elif a.label == "Place" and b.label == "Place" and gap in ("", "·", "•") and _contains(a, b, ref):
            out.append(RelationCandidate(b, "locatedIn", a, sentence, 0.75, "name"))
        elif a.label in ("Place", "Country") and b.label == "Event" and gap.strip("“”\" ") == "" \
                and place_kind(a, ref) not in _REGION_KINDS:
            out.append(RelationCandidate(b, "heldIn", a, sentence, 0.75, "name"))
    return out, extra


_CO_HOSTED = ("年", "节", "文化年", "旅游年", "文化节")


def _event_parties(event: Mention, inner: list[Mention], norm: str, sentence: Sentence) -> list[RelationCandidate]:
    """Hosts a name states outright: a bilateral 中俄文化年 is hosted by both, 中国国际进口博览会
    (one country, then 国际) by that country; a format named with a dash (中国—中亚峰会)
    has the country before the dash as a party. A compound of abbreviations (中日韩外长会晤)
    says the format, not who came to this meeting: the text's own 出席/与会 says that."""
    countries = [m for m in inner if m.label == "Country"]
    if not countries:
        return []
    name = norm[event.start:event.end]
    lead = [m for m in countries if m.start - event.start <= 4]
    if len(lead) == 1 and norm[lead[0].end:lead[0].end + 2] == "国际":
        return [RelationCandidate(lead[0], "hosted", event, sentence, 0.75, "name")]
    parties = [m for m in lead if norm[event.start:m.start].strip("“”\"-—–－+＋、与和") == ""
               or (m.end - m.start == 1 and all(norm[k] in "“”\"-—–－+＋、与和" or any(
                   o.start <= k < o.end for o in countries) for k in range(event.start, m.start)))]
    if len(parties) >= 2 and name.endswith(_CO_HOSTED):
        return [RelationCandidate(p, "hosted", event, sentence, 0.75, "name") for p in parties]
    if parties and any(norm[p.end:p.end + 1] in "-—–－+＋" for p in parties):
        # 中国—中亚峰会, “中国+中亚五国”外长会晤: a format whose name lists its parties with a dash
        return [RelationCandidate(p, "participatedIn", event, sentence, 0.7, "name") for p in parties]
    return []


_WIDE = {"province", "municipality", "prefecture", "state", "territory", "city", "capital", "island", "area"}
_NARROW = {"city", "capital", "town", "venue", "area", ""}


def _contains(a: Mention, b: Mention, ref: Reference) -> bool:
    """陕西省西安市, 东京新大谷酒店: a province or city written right before a
    smaller place contains it (a city never contains a province)."""
    ka, kb = place_kind(a, ref), place_kind(b, ref)
    if ka not in _WIDE or kb not in _NARROW:
        return False
    return not (ka in ("city", "capital") and kb in ("city", "capital"))
