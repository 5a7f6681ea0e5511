"""Per-document results pickle as (class, field values) and come back equal, shared objects shared."""

from __future__ import annotations

import pickle

from kg.engine import DocResult, analyse_batch
from kg.model import Document, Mention


def test_an_analysed_document_round_trips_with_its_shared_mentions() -> None:
    doc = Document(id="t1", source="t1.txt", format="text",
                   text="外交部长王毅在北京会见巴西外长维埃拉。双方签署了合作文件。王毅表示，中方愿同巴方加强合作。")
    blob = analyse_batch([doc])[0]
    res: DocResult = pickle.loads(blob)
    again: DocResult = pickle.loads(pickle.dumps(res, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == res
    ex = again.extraction
    assert ex.relations, "the text states relations"
    by_id = {id(m) for m in ex.analyzed.mentions + ex.extra_mentions}
    for r in ex.relations:  # a relation's ends are the very mention objects of the document
        assert id(r.subject) in by_id
        assert not isinstance(r.object, Mention) or id(r.object) in by_id


def test_a_mention_is_pickled_by_its_fields() -> None:
    m = Mention("d", 0, 2, "王毅", "Person", "王毅", "rule", sentence=0)
    cls, args = m.__reduce__()  # type: ignore[misc]
    assert cls is Mention and args == ("d", 0, 2, "王毅", "Person", "王毅", "rule", None, 0, 1.0)
    assert pickle.loads(pickle.dumps(m)) == m
