"""Titles and appositions: 意大利总理伦齐, 外交部发言人毛宁, 习近平主席.

A title right before a person (chains joined by 、 or 兼 included) gives a
``position``; a country or organisation right before that title gives an
``affiliation``. A title right after the name (习近平主席, 拜登总统) gives a
``position`` too.
"""

from __future__ import annotations

import re
import unicodedata

from kg.model import Mention, RelationCandidate, Sentence
from kg.nlp.common_words import is_common_word
from kg.nlp.lexicon import Lexicon
from kg.reference import Reference

_AFFILIABLE = {"Country", "Organization"}
_SEPARATORS = "、兼及暨 "
_GROUP_TITLE = re.compile(r"((各|多|[两二三四五六七八九十百\d]+)个?国(家)?|各方|各成员国|与会)$")
_MINISTRY_TITLE = re.compile(r"[\u4e00-\u9fff]{2,6}(与|和)[\u4e00-\u9fff]{1,6}(部长|部副部长|大臣)")
_AIDES = ("顾问", "助理", "特使", "特别代表", "发言人", "秘书")  # titles of someone's aide


def title_ending_at(text: str, end: int, lex: Lexicon) -> str | None:
    """The longest listed title ending at ``end``, with 副 (常务副) or a service (海军少将) before it."""
    for t in lex.titles:  # longest first
        if end - len(t) >= 0 and text[end - len(t):end] == t:
            k = end - len(t)
            if k > 0 and text[k - 1] == "副" and not t.startswith("副"):
                k -= 1  # 副主任: the deputy of a listed title
                if text[max(0, k - 2):k] == "常务":
                    k -= 2  # 常务副主任
            elif t in lex.military_ranks:  # 海军少将: the service and the rank are one title
                k -= next((len(p) for p in lex.service_prefixes if text[max(0, k - len(p)):k] == p), 0)
            return text[k:end]
    return None


def top_level(org_text: str, lex: Lexicon) -> str | None:
    """某大学某研究中心 → 某大学: the shortest leading part that ends like a body."""
    heads = (*lex.organization_suffixes, *lex.university_heads, *lex.unit_words, *lex.body_heads)
    for k in range(3, len(org_text) + 1):
        if org_text[:k].endswith(heads) and (k == len(org_text) or not is_common_word(org_text[k - 1:k + 1])):
            return org_text[:k]  # (not 某国武装部|队: the head character begins a word there)
    return None


def _title_starting_at(text: str, start: int, lex: Lexicon) -> str | None:
    for t in lex.titles:
        if text.startswith(t, start):
            return t
    return None


def extract_titles(sentence: Sentence, norm: str, mentions: list[Mention], lex: Lexicon,
                   mfa: Mention | None = None, ref: Reference | None = None
                   ) -> tuple[list[RelationCandidate], list[Mention]]:
    """Position/affiliation candidates of one sentence, and synthesised org mentions.

    ``mfa`` is a template mention for the foreign ministry: a bare 外交部长
    with no country before it serves 外交部 (the speaker's own ministry).
    ``ref`` finds the country a listed ministry's name starts with (中国商务部).
    """
    out: list[RelationCandidate] = []
    extra: list[Mention] = []
    by_end = {m.end: m for m in sorted(mentions, key=lambda m: m.end - m.start) if m.label in _AFFILIABLE}
    orgs = [m for m in mentions if m.label in _AFFILIABLE]

    def affiliate(p: Mention, org: Mention, conf: float) -> None:
        out.append(RelationCandidate(p, "affiliation", org, sentence, conf, "rule"))
        # 中国人民大学国际关系学院 → also 中国人民大学 (nested at its start)
        nested = [inner for inner in orgs if inner is not org and inner.start == org.start and inner.end < org.end
                  and inner.label == "Organization"]
        for inner in nested:
            out.append(RelationCandidate(p, "affiliation", inner, sentence, conf - 0.1, "rule"))
        if not nested and org.label == "Organization":
            parent = _parent_body(org, mentions, norm, lex, ref, sentence)
            if parent is not None:  # 外交部新闻司, 某国某大学某研究院: the body the unit belongs to
                extra.append(parent)
                out.append(RelationCandidate(p, "affiliation", parent, sentence, conf - 0.1, "rule"))
    for p in mentions:
        if p.label != "Person":
            continue
        pos = p.start
        while pos > sentence.start and norm[pos - 1] in " ：:\u3000@":
            pos -= 1
        if pos > sentence.start and norm[pos - 1] == "的" and title_ending_at(norm, pos - 1, lex):
            pos -= 1  # 时任英国财政大臣的奥斯本
        titles_seen = 0
        last: RelationCandidate | None = None  # the position found last, when the next title touches it
        while pos > sentence.start:
            title = title_ending_at(norm, pos, lex)
            org = None
            if title is None:
                # 中共中央政治局委员: an organisation name + a generic title word
                break
            tstart = pos - len(title)
            if titles_seen and _GROUP_TITLE.search(norm[max(sentence.start, tstart - 4):tstart]):
                break  # 东盟十国外长及东盟秘书长某某: a group's title, not this person's
            if title.endswith(("部长", "大臣")):  # 南非国际关系与合作部长: the ministry's fields joined by 与/和
                k = next((k for k in range(max(sentence.start, pos - 16), tstart)
                          if k in by_end and _MINISTRY_TITLE.fullmatch(norm, k, pos)
                          and not any(k <= m.start < pos and m.label in ("Country", "Place", "Person")
                                      for m in mentions)), None)  # (在某地与某国外交部长: a place, then a partner)
                if k is not None:
                    title, tstart = norm[k:pos], k
                    body = next((m for m in orgs if m.label == "Organization" and pos - 3 <= m.end < pos and m.start <= k),
                                None)
                    if body is not None:  # 匈牙利外交与对外经济部|长: the ministry the model named
                        affiliate(p, body, 0.8)
            if last is not None and isinstance(last.object, str) and last.object.endswith(_AIDES):
                # 美国总统国家安全顾问某某: the leader's title names whose adviser, it is not the person's
                out[out.index(last)] = RelationCandidate(p, "position", title + last.object, sentence, 0.85, "rule")
                last = None
                pos = tstart
                if by_end.get(tstart) is not None:  # 美国|总统国家安全顾问: the leader's country is the aide's
                    affiliate(p, by_end[tstart], 0.8)
                    break
                continue
            if tstart - 1 > sentence.start and norm[tstart - 1] in "原前" and by_end.get(tstart - 1):
                tstart -= 1  # 对外联络部原副部长: a former post
            org = by_end.get(tstart)
            posted = org.start if org is not None else -1
            while posted > sentence.start and norm[posted - 1] == "、" and by_end.get(posted - 1) is not None \
                    and by_end[posted - 1].label == "Country":
                posted = by_end[posted - 1].start  # 驻某国、某国大使: accredited to both
            if org is not None and posted > sentence.start and norm[posted - 1] == "驻":
                # 中国驻某国大使某某: posted to that country, a member of the one before 驻; 驻甲国、乙国大使
                # is one post in each; 前驻: a former post
                former = "前" if norm[posted - 2] == "前" else ""
                for c in (m for m in by_end.values() if posted <= m.start and m.end <= tstart and m.label == "Country"):
                    out.append(RelationCandidate(p, "position", f"{former}驻{norm[c.start:c.end]}{norm[tstart:pos]}",
                                                 sentence, 0.85, "rule"))
                home = by_end.get(posted - 1) or (by_end.get(posted - 2) if former else None)
                if home is not None:
                    affiliate(p, home, 0.8)
                break
            if org is None and tstart - 1 > sentence.start and norm[tstart - 1] in "#＃ ":
                org = by_end.get(tstart - 1)  # #俄罗斯#外交部发言人: a hashtag before the title
            if org is None:
                # 中国商务部|长: a listed name that runs into the title
                org = next((m for m in orgs if m.start < tstart < m.end <= pos and m.label == "Organization"), None)
                if org is not None:
                    country = leading_country(org, mentions, norm, ref) if ref is not None else None
                    if country is not None:
                        extra.append(country)
                        out.append(RelationCandidate(p, "affiliation", country, sentence, 0.7, "rule"))
            if org is None:
                org = _unlisted_org(norm, sentence, tstart, lex, p, mentions)
                if org is not None:
                    extra.append(org)
            if org is None:  # 欧盟委员会主席 listed as one title: the body inside it
                org = next((m for m in orgs if tstart <= m.start and m.end < pos and m.label == "Organization"), None)
            position = title
            if org is not None and org.label == "Organization" and (len(title) <= 2 or title in lex.bound_titles):
                position = norm[org.start:pos]  # 中共中央政治局 + 委员
            last = RelationCandidate(p, "position", position, sentence, 0.85, "rule")
            out.append(last)
            titles_seen += 1
            if org is not None:
                affiliate(p, org, 0.8)
                pos = min(org.start, tstart)
                # 中国外交部长: a country before the organisation-less title chain
                prev = by_end.get(pos)
                if prev is not None and prev is not org:
                    out.append(RelationCandidate(p, "affiliation", prev, sentence, 0.7, "rule"))
            else:
                pos = tstart
            if "外交部" in title and mfa is not None and (org is None or org.ref == "country/CN"):
                k = tstart + title.index("外交部")
                m = Mention(p.doc_id, k, k + 3, sentence.text[k - sentence.start:k - sentence.start + 3],
                            "Organization", "外交部", "rule", mfa.ref, sentence.index, 0.7)
                extra.append(m)
                out.append(RelationCandidate(p, "affiliation", m, sentence, 0.7, "rule"))
            if pos > sentence.start and norm[pos - 1] in _SEPARATORS:
                pos -= 1
                last = None  # 、兼: a title of its own
                continue
            if titles_seen > 4:
                break
        # a title right after the name: 习近平主席, 拜登总统
        after = _title_starting_at(norm, p.end, lex)
        if after and p.end + len(after) <= sentence.end:
            nxt = norm[p.end + len(after):p.end + len(after) + 1]
            if not nxt or not ("\u4e00" <= nxt <= "\u9fff") or after in lex.head_titles or len(after) >= 2:
                out.append(RelationCandidate(p, "position", after, sentence, 0.75, "rule"))
    out.extend(_took_office(mentions, norm, sentence, lex, by_end))
    # 意大利副总理兼外交部长塔亚尼: the bare 外交部长 is Italy's, not China's ministry
    foreign_chain = {id(r.subject) for r in out if r.predicate == "affiliation" and not isinstance(r.object, str)
                     and r.object.label == "Country" and r.object.ref not in (None, "country/CN")}
    out = [r for r in out if not (id(r.subject) in foreign_chain and r.predicate == "affiliation"
                                  and any(r.object is m for m in extra))]
    shared = _shared_country([r for r in out if not any(r.object is m for m in extra)], mentions, norm, sentence)
    foreign = {id(r.subject) for r in shared if not isinstance(r.object, str) and r.object.ref != "country/CN"}
    # the bare 外交部长 of a foreign president's colleague is not China's ministry
    out = [r for r in out if not (id(r.subject) in foreign and r.predicate == "affiliation"
                                  and any(r.object is m for m in extra))]
    out.extend(shared)
    out.extend(_bylines(mentions, norm, sentence))
    return out, extra


def _shared_country(found: list[RelationCandidate], mentions: list[Mention], norm: str,
                    sentence: Sentence) -> list[RelationCandidate]:
    """塞舌尔总统拉姆卡拉旺和外交部长拉德贡德: the country before the first title
    covers the coordinated second one (who has no country of their own)."""
    out = []
    people = sorted((m for m in mentions if m.label == "Person"), key=lambda m: m.start)
    countries = {id(r.subject): r.object for r in found if r.predicate == "affiliation"
                 and not isinstance(r.object, str) and r.object.label == "Country"}
    titled = {id(r.subject) for r in found if r.predicate == "position"}
    affiliated = {id(r.subject) for r in found if r.predicate == "affiliation"}
    for a, b in zip(people, people[1:], strict=False):
        gap = norm[a.end:b.start]
        if id(a) in countries and id(b) in titled and id(b) not in affiliated and gap[:1] in ("和", "、", "及") \
                and len(gap) <= 10 and not any(m.label in ("Country", "Organization") and a.end <= m.start < b.start
                                               for m in mentions):  # 某国总统甲和欧盟委员会主席乙: 乙 has a body
            out.append(RelationCandidate(b, "affiliation", countries[id(a)], sentence, 0.65, "rule"))
    return out


_OFFICE = re.compile(r"(?:此前|先前|曾经|曾|现|目前|已|正式|再次|成功)*(?:担任|出任|当选|连任|就任|升任|改任|兼任|任)")
_BRACKET = re.compile(r"[（(]")
_PRONOUN_SUBJECT = re.compile(r"(?:祝贺|恭喜|祝)?(他|她)")


def _took_office(mentions: list[Mention], norm: str, sentence: Sentence, lex: Lexicon,
                 by_end: dict[int, Mention]) -> list[RelationCandidate]:
    """某某此前任中国驻某国大使, 祝贺他当选某国总统: a title after an office verb is the
    subject's (a name, or 他/她 for the last person named before in the sentence)."""
    out: list[RelationCandidate] = []
    people = sorted((m for m in mentions if m.label == "Person"), key=lambda m: m.start)
    subjects = [(p, p.end) for p in people]
    for hit in _PRONOUN_SUBJECT.finditer(norm, sentence.start, sentence.end):
        # 致电某某，祝贺他当选…: the addressee, never the sentence's own subject (the one who congratulates)
        before = [p for p in people if p.end <= hit.start()][1:]
        if before and hit.group(0).startswith(("祝贺", "恭喜", "祝")):
            subjects.append((before[-1], hit.end()))
    for p, at in subjects:
        verb = _OFFICE.match(norm, at)
        if verb is None or verb.end() == at:
            verb = _BRACKET.match(norm, at)  # 某某（某国总统）: the title in brackets after the name
            if verb is None:
                continue
        stop = next((k for k in range(verb.end(), min(sentence.end, verb.end() + 16))
                     if norm[k] in "，,。；;、的后（()）" ), min(sentence.end, verb.end() + 16))
        end = next((k for k in range(stop, verb.end(), -1) if title_ending_at(norm, k, lex)), None)
        if end is None:
            continue
        title = title_ending_at(norm, end, lex) or ""
        tstart = end - len(title)
        org = by_end.get(tstart)
        if org is not None and org.start > verb.end() and norm[org.start - 1] == "驻":
            out.append(RelationCandidate(p, "position", norm[org.start - 1:end], sentence, 0.75, "rule"))
            org = by_end.get(org.start - 1)
        else:
            out.append(RelationCandidate(p, "position", title, sentence, 0.75, "rule"))
        if org is not None and org.start >= verb.end():
            out.append(RelationCandidate(p, "affiliation", org, sentence, 0.7, "rule"))
    return out


_BYLINE = ("记者", "责任编辑", "编辑", "作者", "撰稿")


def _bylines(mentions: list[Mention], norm: str, sentence: Sentence) -> list[RelationCandidate]:
    """（记者董雪、马卓言）, （中新社 郑嘉伟 王涛）: reporters of a by-line."""
    out = []
    people = sorted((m for m in mentions if m.label == "Person"), key=lambda m: m.start)
    for p in people:
        k = p.start
        while k > sentence.start and (norm[k - 1] in "、 ：:\u3000" or any(q.end == k for q in people)):
            k = next((q.start for q in people if q.end == k), k - 1)
        head = norm[max(sentence.start, k - 4):k]
        role = next((b for b in _BYLINE if head.endswith(b)), None)
        if role and k - len(role) - 1 >= sentence.start and norm[k - len(role) - 1] in "（(【[ ":
            out.append(RelationCandidate(p, "position", role, sentence, 0.75, "rule"))
        outlet = next((m for m in mentions if m.label == "Organization" and m.end <= k
                       and norm[m.start - 1:m.start] in ("（", "(") and norm[m.end:k].strip() == ""), None)
        if outlet is not None:
            out.append(RelationCandidate(p, "affiliation", outlet, sentence, 0.7, "rule"))
    return out


_CHUNK_STOPS = "的是为及兼在任"  # besides any punctuation, symbol or space


def _unlisted_org(norm: str, sentence: Sentence, tstart: int, lex: Lexicon, person: Mention,
                  mentions: list[Mention]) -> Mention | None:
    """国际事务研究所|所长: the words between a separator and a title, when they end
    like an organisation (研究所, 委员会, 大学), name the organisation."""
    stops = {m.end for m in mentions if m.label == "Person"}
    k = tstart
    while (k > sentence.start and tstart - k < 16 and norm[k - 1] not in _CHUNK_STOPS
           and not unicodedata.category(norm[k - 1]).startswith(("P", "S", "Z")) and k not in stops):
        k -= 1
    lead = next((m for m in mentions if m.label in ("Country", "Place") and k < m.start <= k + 2
                 and all(ch in lex.name_prefix_chars or ch == "应" for ch in norm[k:m.start])), None)
    if lead is not None:
        k = lead.start  # 应某国某学院院长…邀请: the preposition is not part of the name
    chunk = norm[k:tstart]
    if len(chunk) < 4 or not chunk.endswith((*lex.organization_suffixes, "研究所", "研究中心", "学院")):
        return None
    if chunk in lex.not_entities or any(t == chunk for t in lex.titles):
        return None
    return Mention(person.doc_id, k, tstart, sentence.text[k - sentence.start:tstart - sentence.start],
                   "Organization", chunk, "rule", None, sentence.index, 0.6)


def _parent_body(org: Mention, mentions: list[Mention], norm: str, lex: Lexicon, ref: Reference | None,
                 sentence: Sentence) -> Mention | None:
    """The top-level body a unit's name starts with (外交部|新闻司, 新加坡|南洋理工大学|某研究院),
    past a leading country; None when the name is one body."""
    start = org.start
    country = leading_country(org, mentions, norm, ref) if ref is not None else None
    lead = next((m for m in mentions if m.label == "Country" and m.start == org.start and m.end < org.end), None)
    if country is not None or lead is not None:
        start = (country or lead).end  # type: ignore[union-attr]
    top = top_level(norm[start:org.end], lex)
    if top is None or start + len(top) >= org.end or len(top) < 3:
        return None
    hits = [e for e in ref.lookup(top) if e.cls == "Organization"] if ref is not None else []
    k = start - sentence.start
    return Mention(org.doc_id, start, start + len(top), sentence.text[k:k + len(top)], "Organization", top, "rule",
                   hits[0].id if hits else None, sentence.index, 0.6)


def leading_country(org: Mention, mentions: list[Mention], norm: str, ref: Reference,
                    longest: int = 5) -> Mention | None:
    """中国商务部 → 中国, 某国三国政府 → 某国: the listed country a longer name starts with
    (none when the model already found it as a mention of its own)."""
    for m in mentions:
        if m.label == "Country" and m.start == org.start and m.end < org.end:
            return None  # already its own mention
    for n in range(longest, 1, -1):
        head = norm[org.start:org.start + n]
        hits = [e for e in ref.lookup(head) if e.cls == "Country"]
        if hits and org.end - org.start > n:
            return Mention(org.doc_id, org.start, org.start + n, org.text[:n], "Country", head, "rule",
                           hits[0].id, org.sentence, 0.7)
    return None
