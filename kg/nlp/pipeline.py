"""The spaCy pipeline: ``spacy.blank("zh")`` with a one-token-per-character tokenizer, plus kg components.

No word segmenter runs in the tokenizer: LAC segments the words every
component uses, and jieba's tokens were never read (they cost about 6 % of a
build and a second of start-up). One token per character keeps every mention
span exact in ``doc.spans["kg"]``.

Components, in order (each a registered factory, configurable like any spaCy
component):

    kg_normalizer  Simplified, noise-masked copy of the text (same offsets)
    kg_sentencer   sentences with offsets and transcript speakers
    kg_lac         LAC tagging, batched across all sentences of a ``pipe`` batch
    kg_mentions    reference + model + rule mentions

The result of each Doc is ``doc._.kg`` (an ``AnalyzedDocument``); the
mentions are also a ``doc.spans["kg"]`` group for displaCy and spaCy tools.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.model import AnalyzedDocument, Document, Sentence, Token
from kg.nlp.gazetteer import default_gazetteer
from kg.nlp.lac import default_lac
from kg.nlp.lexicon import default_lexicon
from kg.nlp.mentions import MentionFinder, disambiguate_abbreviations
from kg.nlp.normalize import normalize
from kg.nlp.sentences import split_sentences
from kg.reference import default_reference


class CharTokenizer:
    """One token per character, no whitespace attached: about 1.7 M characters/s (spaCy's
    own ``zh`` "char" segmenter takes seconds for 200 K characters; jieba's words went unused)."""

    def __init__(self, nlp: Language | Vocab) -> None:
        self.vocab = nlp if isinstance(nlp, Vocab) else nlp.vocab

    def __call__(self, text: str) -> Doc:
        return Doc(self.vocab, words=list(text), spaces=[False] * len(text))

    def to_bytes(self, **kwargs: object) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs: object) -> CharTokenizer:
        return self

    def to_disk(self, path: object, **kwargs: object) -> None:
        return None

    def from_disk(self, path: object, **kwargs: object) -> CharTokenizer:
        return self


@spacy.registry.tokenizers("kg.char_tokenizer.v1")
def make_char_tokenizer():  # noqa: ANN201 - spaCy's factory-of-factory protocol
    return CharTokenizer

if not Doc.has_extension("kg"):
    Doc.set_extension("kg", default=None)
if not Doc.has_extension("kg_document"):
    Doc.set_extension("kg_document", default=None)


class _Component:
    """Base: ``pipe`` handles a batch so expensive steps can see all of it."""

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        raise NotImplementedError


@Language.factory("kg_normalizer")
def make_normalizer(nlp: Language, name: str) -> _Component:
    return Normalizer()


class Normalizer(_Component):
    def pipe(self, docs, batch_size=64):
        for doc in docs:
            src = doc._.kg_document or Document(id="text", source="<text>", text=doc.text, format="text")
            doc._.kg = AnalyzedDocument(document=src, norm=normalize(src.text))
            yield doc


@Language.factory("kg_sentencer")
def make_sentencer(nlp: Language, name: str) -> _Component:
    return Sentencer()


class Sentencer(_Component):
    def pipe(self, docs, batch_size=64):
        for doc in docs:
            a = doc._.kg
            a.sentences = split_sentences(a.document, a.norm)
            yield doc


@Language.factory("kg_lac")
def make_lac(nlp: Language, name: str) -> _Component:
    return LacTagger()


class LacTagger(_Component):
    """Runs LAC once per batch over every sentence of every document in it."""

    def pipe(self, docs, batch_size=64):
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._tag(batch)
                batch = []
        if batch:
            yield from self._tag(batch)

    def _tag(self, batch: list[Doc]) -> list[Doc]:
        texts, where = [], []
        for d, doc in enumerate(batch):
            a = doc._.kg
            for s in a.sentences:
                texts.append(a.norm[s.start:s.end])
                where.append((d, s.start))
        results = default_lac().analyze(texts)
        for (d, base), words in zip(where, results, strict=True):
            pos = base
            toks = batch[d]._.kg.tokens
            for word, tag in words:
                toks.append(Token(pos, pos + len(word), tag))
                pos += len(word)
        return batch


@Language.factory("kg_mentions")
def make_mentions(nlp: Language, name: str) -> _Component:
    return MentionTagger()


class MentionTagger(_Component):
    def __init__(self) -> None:
        self.finder = MentionFinder(default_reference(), default_gazetteer(), default_lexicon())

    def pipe(self, docs, batch_size=64):
        for doc in docs:
            a = doc._.kg
            by_sentence: dict[int, list[Token]] = {}
            si = 0
            for t in a.tokens:
                while si < len(a.sentences) and t.start >= a.sentences[si].end:
                    si += 1
                by_sentence.setdefault(si, []).append(t)
            for s in a.sentences:
                a.mentions.extend(self.finder.find(s, a.norm, by_sentence.get(s.index, [])))
            disambiguate_abbreviations(a.mentions, self.finder)
            self._speakers(a)
            spans = [doc.char_span(m.start, m.end, label=m.label, alignment_mode="expand")
                     for m in a.mentions]
            doc.spans["kg"] = [sp for sp in spans if sp is not None]
            yield doc


    def _speakers(self, a: AnalyzedDocument) -> None:
        """Mentions inside transcript speaker labels (王毅, 新华社记者)."""
        labels = sorted({seg.speaker for seg in a.document.segments if seg.speaker})
        if not labels:
            return
        norms = [normalize(x) for x in labels]
        for label, norm, words in zip(labels, norms, default_lac().analyze(norms), strict=True):
            toks, pos = [], 0
            for w, tag in words:
                toks.append(Token(pos, pos + len(w), tag))
                pos += len(w)
            s = Sentence(a.document.id, -1, 0, len(label), label, label)
            a.speaker_mentions[label] = self.finder.find(s, norm, toks)


def make_pipeline() -> Language:
    """A fresh pipeline; models and reference data are shared per process."""
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kg.char_tokenizer.v1"}}})
    for name in ("kg_normalizer", "kg_sentencer", "kg_lac", "kg_mentions"):
        nlp.add_pipe(name)
    return nlp


_NLP: Language | None = None


def get_pipeline() -> Language:
    global _NLP
    if _NLP is None:
        _NLP = make_pipeline()
    return _NLP


#: Where a text too long for one tokenizer call is cut, best first: paragraph, line, sentence end,
#: clause, space; a hard cut only when a stretch has none of them.
_CUTS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[。！？!?；;…]+[”’」』)）]?"),
         re.compile(r"[，,、：:]"), re.compile(r"\s"))


def chunk_spans(text: str, limit: int) -> list[tuple[int, int]]:
    """Consecutive (start, end) spans covering ``text``, each at most ``limit`` characters.

    Why: spaCy refuses texts over ``nlp.max_length`` (about 1M characters), and one
    over-long line of a scraped page must not decide whether a file is read.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    while n - start > limit:
        end = start + limit
        cut = None
        for pattern in _CUTS:
            last = None
            for m in pattern.finditer(text, start, end):
                last = m.end()
            if last is not None and last > start:
                cut = last
                break
        spans.append((start, cut or end))
        start = cut or end
    spans.append((start, n))
    return spans


def make_doc(nlp: Language, text: str) -> Doc:
    """``nlp.make_doc`` for any length: a text over ``nlp.max_length`` is tokenized in pieces
    (cut by paragraph, then sentence) and joined into one Doc with the same text and offsets."""
    if len(text) <= nlp.max_length:
        return nlp.make_doc(text)
    parts = [nlp.tokenizer(text[a:b]) for a, b in chunk_spans(text, nlp.max_length)]
    doc = Doc.from_docs(parts, ensure_whitespace=False)
    assert doc.text == text  # offsets of every later stage rely on it
    return doc


def analyze(documents: Iterable[Document], batch_size: int = 64) -> Iterator[AnalyzedDocument]:
    """Run the pipeline over many documents, batched (``nlp.pipe``)."""
    nlp = get_pipeline()
    docs = list(documents)

    def gen():
        for d in docs:
            doc = make_doc(nlp, d.text)
            doc._.kg_document = d
            yield doc

    names = nlp.pipe_names
    stream: Iterable[Doc] = gen()
    for name in names:
        stream = nlp.get_pipe(name).pipe(stream, batch_size=batch_size)
    for doc in stream:
        yield doc._.kg
