"""kg's NLP stages: normalise → sentences → LAC → mentions, per document or per batch.

:class:`Analyzer` runs the stages on kg's own document model
(``Document`` → ``AnalyzedDocument``); it is what ``kg build`` calls, batched
(``analyze``), and it imports no spaCy: a build pays neither spaCy's import
(~1 s) nor Doc construction it would never read.

The same stages are a real spaCy pipeline (kg/nlp/spacy_components.py):
``kg.nlp()`` / :func:`make_pipeline` return a ``Language`` whose tokenizer is
LAC (Doc tokens are LAC words, ``token.tag_`` the LAC tag, ``token.pos_`` its
Universal POS) and whose ``kg_mentions`` component sets ``doc.ents`` and
``doc.spans["kg"]``. Both run one :class:`Analyzer`, so spaCy users and the
build get the same mentions.

Resources come from an :class:`NlpConfig` (reference folder, lexicon folder,
rules to leave out); by default kg's own data, shared per process.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.model import AnalyzedDocument, Document, Sentence, Token
from kg.nlp.normalize import normalize
from kg.nlp.sentences import split_sentences, tokens_by_sentence

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from kg.nlp.lac import BatchedLAC
    from kg.nlp.mentions import MentionFinder


@dataclass(frozen=True)
class NlpConfig:
    """What the mention stage reads. ``None`` folders mean kg's own ``ontology/`` data."""

    reference: str | None = None  # folder of reference CSVs (ontology/reference/)
    lexicon: str | None = None  # folder of lexicon YAML files (ontology/lexicon/)
    disabled_rules: tuple[str, ...] | None = None  # mention rules to leave out; None: $KG_DISABLE_RULES


class Analyzer:
    """The NLP stages with their resources, loaded once (on first use)."""

    def __init__(self, config: NlpConfig | None = None, lac: BatchedLAC | None = None) -> None:
        self.config = config or NlpConfig()
        self._lac = lac
        self._finder: MentionFinder | None = None

    @property
    def lac(self) -> BatchedLAC:
        if self._lac is None:
            from kg.nlp.lac import default_lac

            self._lac = default_lac()
        return self._lac

    @property
    def finder(self) -> MentionFinder:
        if self._finder is None:
            self._finder = make_finder(self.config)
        return self._finder

    # -- stages ---------------------------------------------------------------------------------

    def start(self, document: Document) -> AnalyzedDocument:
        """Normalised copy (same offsets) and sentences with their speakers."""
        a = AnalyzedDocument(document=document, norm=normalize(document.text))
        a.sentences = split_sentences(document, a.norm)
        return a

    def tag(self, docs: Sequence[AnalyzedDocument]) -> None:
        """LAC words of every sentence of ``docs``, in one batched run."""
        texts: list[str] = []
        where: list[tuple[int, int]] = []
        for d, a in enumerate(docs):
            for s in a.sentences:
                texts.append(a.norm[s.start:s.end])
                where.append((d, s.start))
        for (d, pos), words in zip(where, self.lac.analyze(texts), strict=True):
            toks = docs[d].tokens
            for word, tag in words:
                toks.append(Token(pos, pos + len(word), tag))
                pos += len(word)

    def find_mentions(self, a: AnalyzedDocument) -> None:
        """Mentions of every sentence, abbreviations disambiguated, speakers' labels."""
        from kg.nlp.mentions import disambiguate_abbreviations

        finder = self.finder
        by_sentence = tokens_by_sentence(a)
        for s in a.sentences:
            a.mentions.extend(finder.find(s, a.norm, by_sentence.get(s.index, [])))
        disambiguate_abbreviations(a.mentions, finder)
        self._speakers(a)

    def _speakers(self, a: AnalyzedDocument) -> None:
        """Mentions inside transcript speaker labels (a spokesperson's name, an outlet's reporter)."""
        labels = sorted({seg.speaker for seg in a.document.segments if seg.speaker})
        if not labels:
            return
        norms = [normalize(x) for x in labels]
        for label, norm, words in zip(labels, norms, self.lac.analyze(norms), strict=True):
            toks, pos = [], 0
            for w, tag in words:
                toks.append(Token(pos, pos + len(w), tag))
                pos += len(w)
            s = Sentence(a.document.id, -1, 0, len(label), label, label)
            a.speaker_mentions[label] = self.finder.find(s, norm, toks)

    def analyze(self, documents: Iterable[Document], batch_size: int = 64) -> Iterator[AnalyzedDocument]:
        """All stages over many documents; LAC sees a whole batch's sentences at once."""
        batch: list[AnalyzedDocument] = []
        for d in documents:
            batch.append(self.start(d))
            if len(batch) >= batch_size:
                yield from self._finish(batch)
                batch = []
        if batch:
            yield from self._finish(batch)

    def _finish(self, batch: list[AnalyzedDocument]) -> Iterator[AnalyzedDocument]:
        self.tag(batch)
        for a in batch:
            self.find_mentions(a)
            yield a


def make_finder(config: NlpConfig) -> MentionFinder:
    """A MentionFinder over the configured reference and lexicon (kg's own: shared per process)."""
    from kg.nlp.gazetteer import Gazetteer, default_gazetteer
    from kg.nlp.lexicon import default_lexicon, load_lexicon
    from kg.nlp.mentions import MentionFinder
    from kg.reference import default_reference, load_reference

    ref = default_reference() if config.reference is None else load_reference(config.reference)
    lex = default_lexicon() if config.lexicon is None else load_lexicon(config.lexicon)
    gaz = default_gazetteer() if config.reference is None and config.lexicon is None else Gazetteer(ref, lex)
    disabled = None if config.disabled_rules is None else list(config.disabled_rules)
    return MentionFinder(ref, gaz, lex, disabled=disabled)


_DEFAULT: Analyzer | None = None


def default_analyzer() -> Analyzer:
    """The analyzer of kg's own data (one per process: the build and its pool workers)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Analyzer()
    return _DEFAULT


def analyze(documents: Iterable[Document], batch_size: int = 64) -> Iterator[AnalyzedDocument]:
    """Run the NLP stages over many documents, batched (kg's own data)."""
    return default_analyzer().analyze(documents, batch_size=batch_size)


# -- spaCy ------------------------------------------------------------------------------------------

def make_pipeline(reference: str | None = None, lexicon: str | None = None,
                  disabled_rules: Sequence[str] | None = None) -> Language:
    """A spaCy ``Language``: LAC tokenizer + ``kg_mentions`` (kg/nlp/spacy_components.py)."""
    from kg.nlp.spacy_components import make_language

    return make_language(reference=reference, lexicon=lexicon, disabled_rules=disabled_rules)


_NLP: Language | None = None


def get_pipeline() -> Language:
    """The spaCy pipeline of kg's own data, made once per process."""
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
    """``nlp.make_doc`` for any length. kg's LAC tokenizer works sentence by sentence and takes
    any length; another tokenizer gets a text over ``nlp.max_length`` in pieces (cut by paragraph,
    then sentence), joined into one Doc with the same text and offsets."""
    from spacy.tokens import Doc

    if len(text) <= nlp.max_length:
        return nlp.make_doc(text)
    if getattr(nlp.tokenizer, "any_length", False):
        return nlp.tokenizer(text)
    parts = [nlp.tokenizer(text[a:b]) for a, b in chunk_spans(text, nlp.max_length)]
    doc = Doc.from_docs(parts, ensure_whitespace=False)
    assert doc.text == text  # offsets of every later stage rely on it
    return doc


def pos_of(tag: str) -> str:
    """Universal POS of a LAC tag (for ``token.pos_``)."""
    from kg.nlp.lac import UD_POS

    return UD_POS.get(tag, "X")
