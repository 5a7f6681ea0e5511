"""kg's NLP as a real spaCy pipeline: a LAC tokenizer and a ``kg_mentions`` component.

    nlp = kg.nlp()                       # or kg.nlp(reference="my/reference", disabled_rules=["quoted"])
    doc = nlp("王毅在北京会见来访的法国外长。")
    [(t.text, t.tag_, t.pos_) for t in doc]   # LAC words, LAC tags, Universal POS
    [(e.text, e.label_, e.kb_id_) for e in doc.ents]

The tokenizer (``kg.lac_tokenizer.v1``) normalises the text, splits it into
sentences and runs LAC: Doc tokens are LAC words (whitespace between sentences
is a token of its own), ``token.tag_`` the LAC tag, ``token.pos_`` its
Universal POS. Its ``pipe`` runs LAC once over all sentences of a batch.

``kg_mentions`` finds kg's mentions (reference data, model names, rules):
``doc.spans["kg"]`` holds them all (nested ones too), ``doc.ents`` the
outermost, with the reference id as ``kb_id_``. A mention that does not end
on a LAC word boundary is widened to whole tokens in both;
``doc._.kg_mentions`` keeps the exact (start, end, label, reference id). Its settings are
ordinary spaCy config (``reference``, ``lexicon``, ``disabled_rules``), and
``initialize`` (``[initialize.components.kg_mentions]``) can set them again
before the resources are loaded. Both run kg.nlp.pipeline.Analyzer, the code
``kg build`` runs, so a spaCy user gets the build's mentions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from kg.model import AnalyzedDocument, Document
from kg.nlp.pipeline import Analyzer, NlpConfig, pos_of

if not Doc.has_extension("kg"):
    Doc.set_extension("kg", default=None)  # the AnalyzedDocument while the pipeline runs
if not Doc.has_extension("kg_mentions"):
    Doc.set_extension("kg_mentions", default=None)  # (start, end, label, reference id) exact character offsets


class LacTokenizer:
    """Text → Doc of LAC words (tags set), with the analysis so far in ``doc._.kg``."""

    any_length = True  # analysis is per sentence: no max_length to respect (kg.nlp.pipeline.make_doc)

    def __init__(self, vocab: Vocab, analyzer: Analyzer | None = None) -> None:
        self.vocab = vocab
        self.analyzer = analyzer or Analyzer()

    def __call__(self, text: str) -> Doc:
        return next(self.pipe([text]))

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
        batch: list[AnalyzedDocument] = []
        for text in texts:
            batch.append(self.analyzer.start(Document(id="text", source="<text>", text=text, format="text")))
            if len(batch) >= batch_size:
                yield from self._docs(batch)
                batch = []
        if batch:
            yield from self._docs(batch)

    def _docs(self, batch: list[AnalyzedDocument]) -> Iterator[Doc]:
        self.analyzer.tag(batch)
        for a in batch:
            yield self.make(a)

    def make(self, a: AnalyzedDocument) -> Doc:
        """The Doc of an analysed document: LAC words, and the text between sentences as tokens."""
        text = a.document.text
        words: list[str] = []
        tags: list[str] = []
        pos = 0
        for t in a.tokens:
            if t.start > pos:
                words.append(text[pos:t.start])
                tags.append("_SP")
            words.append(text[t.start:t.end])
            tags.append(t.tag)
            pos = t.end
        if pos < len(text):
            words.append(text[pos:])
            tags.append("_SP")
        doc = Doc(self.vocab, words=words, spaces=[False] * len(words), tags=tags,
                  pos=[("SPACE" if tag == "_SP" else pos_of(tag)) for tag in tags])
        doc._.kg = a
        return doc

    def initialize(self, get_examples: Callable[[], Iterable[Any]] | None = None, *,
                   nlp: Language | None = None, pkuseg_model: Any = None, pkuseg_user_dict: Any = None) -> None:
        """Nothing to load; spaCy's ``zh`` defaults pass pkuseg settings, which LAC ignores."""

    def to_bytes(self, **kwargs: Any) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs: Any) -> LacTokenizer:
        return self

    def to_disk(self, path: Any, **kwargs: Any) -> None:
        return None

    def from_disk(self, path: Any, **kwargs: Any) -> LacTokenizer:
        return self


@spacy.registry.tokenizers("kg.lac_tokenizer.v1")
def make_lac_tokenizer() -> Callable[[Language], LacTokenizer]:
    def create(nlp: Language) -> LacTokenizer:
        return LacTokenizer(nlp.vocab)

    return create


@Language.factory("kg_mentions", default_config={"reference": None, "lexicon": None, "disabled_rules": None})
def make_mentions(nlp: Language, name: str, reference: str | None, lexicon: str | None,
                  disabled_rules: list[str] | None) -> MentionComponent:
    return MentionComponent(nlp, name, NlpConfig(reference, lexicon,
                                                 None if disabled_rules is None else tuple(disabled_rules)))


class MentionComponent:
    """kg's mentions as ``doc.spans["kg"]`` and ``doc.ents``; resources loaded at ``initialize`` or first use."""

    def __init__(self, nlp: Language, name: str, config: NlpConfig) -> None:
        self.name = name
        self.nlp = nlp
        self.config = config
        self._analyzer: Analyzer | None = None

    @property
    def analyzer(self) -> Analyzer:
        if self._analyzer is None:
            tok = self.nlp.tokenizer
            lac = tok.analyzer.lac if isinstance(tok, LacTokenizer) else None
            self._analyzer = Analyzer(self.config, lac=lac)
        return self._analyzer

    def initialize(self, get_examples: Callable[[], Iterable[Any]] | None = None, *, nlp: Language | None = None,
                   reference: str | None = None, lexicon: str | None = None,
                   disabled_rules: list[str] | None = None) -> None:
        """Set the resources (``[initialize.components.kg_mentions]``) and load them now."""
        self.config = NlpConfig(reference if reference is not None else self.config.reference,
                                lexicon if lexicon is not None else self.config.lexicon,
                                tuple(disabled_rules) if disabled_rules is not None else self.config.disabled_rules)
        self._analyzer = None
        _ = self.analyzer.finder

    def __call__(self, doc: Doc) -> Doc:
        from kg.nlp.mentions import flat

        a: AnalyzedDocument | None = doc._.kg
        if a is None:  # a Doc from another tokenizer: analyse its text here
            a = self.analyzer.start(Document(id="text", source="<text>", text=doc.text, format="text"))
            self.analyzer.tag([a])
            doc._.kg = a
        self.analyzer.find_mentions(a)
        spans = []
        for m in a.mentions:
            sp = doc.char_span(m.start, m.end, label=m.label, kb_id=m.ref or "", alignment_mode="expand")
            if sp is not None:
                spans.append(sp)
        doc.spans["kg"] = spans
        outer: list[Span] = []
        for m in flat(a.mentions):
            sp = doc.char_span(m.start, m.end, label=m.label, kb_id=m.ref or "", alignment_mode="expand")
            if sp is not None:
                outer.append(sp)
        doc.ents = filter_spans(outer)
        doc._.kg_mentions = [(m.start, m.end, m.label, m.ref or "") for m in a.mentions]
        doc._.kg = None  # plain data only from here on: a Doc must serialise (nlp.pipe(n_process=2), DocBin)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


def make_language(reference: str | None = None, lexicon: str | None = None,
                  disabled_rules: Sequence[str] | None = None) -> Language:
    """``spacy.blank("zh")`` with the LAC tokenizer and ``kg_mentions`` configured."""
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kg.lac_tokenizer.v1"}}})
    nlp.add_pipe("kg_mentions", config={"reference": reference, "lexicon": lexicon,
                                        "disabled_rules": None if disabled_rules is None else list(disabled_rules)})
    return nlp
