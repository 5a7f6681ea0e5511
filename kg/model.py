"""Plain data types passed between the pipeline stages.

Each stage takes and returns these values, never another stage's internals:

    ingest  -> Document
    nlp     -> Sentence, Mention           (per Document)
    extract -> RelationCandidate, StatementCandidate, EventInfo
    resolve -> Entity ids for mentions
    graph   -> KnowledgeGraph (kg.graph), which export/view/query read

They are dataclasses (not spaCy objects) so that a stage can be tested,
cached or replaced without the others, as networkx does with plain dicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Literal, TypeVar, get_args

_T = TypeVar("_T", bound=type)


def _pickled_by_fields(cls: _T) -> _T:
    """Pickle instances as (class, field values in order): unpickling then calls ``__init__``.

    Why: a re-build takes every unchanged document's results from the cache, 130 K
    mentions at 2 M characters; unpickling each from a dict of its fields (the default
    for a dataclass) took 0.5 s, calling the class with a tuple 0.3 s, and the blobs are
    a seventh smaller. Shared objects (a mention named by a relation) stay shared: pickle's
    memo works the same way. For the per-document result types only, which hold no cycles.
    """
    get = attrgetter(*(f.name for f in fields(cls)))

    def __reduce__(self: object) -> tuple[type, tuple]:
        return cls, get(self)

    cls.__reduce__ = __reduce__  # type: ignore[assignment]
    return cls

#: The seven entity classes of the product contract (SCHEMA.md); ontology/kg.ttl
#: declares them (kg.schema reads it, tests/test_schema.py checks the two agree).
EntityClass = Literal["Person", "Country", "Place", "Organization", "Project", "Initiative", "Event"]
CLASSES: tuple[EntityClass, ...] = get_args(EntityClass)

#: The fourteen relation properties of the product contract (SCHEMA.md); their
#: domains and ranges are in ontology/kg.ttl (``kg.schema.schema().ends(p)``).
Predicate = Literal["position", "affiliation", "met", "visited", "participatedIn", "hosted", "heldIn",
                    "locatedIn", "partOf", "memberOf", "joined", "withdrewFrom", "mediated", "signed"]
PROPERTIES: tuple[Predicate, ...] = get_args(Predicate)

#: How an assertion was obtained (kg:method; ontology/shapes.ttl lists the same values).
Method = Literal["rule", "model", "name", "transcript", "curated-cooccurrence", "reference"]
METHODS: tuple[Method, ...] = get_args(Method)

#: Why an assertion is not a stated fact (kg:modality; None for a fact).
Modality = Literal["planned", "invited", "cancelled", "postponed", "denied", "negated", "questioned", "hoped",
                   "applied"]
MODALITIES: tuple[Modality, ...] = get_args(Modality)

#: Properties whose object is a literal rather than an entity.
LITERAL_PROPERTIES: frozenset[str] = frozenset({"position"})
SYMMETRIC_PROPERTIES: frozenset[str] = frozenset({"met"})


@_pickled_by_fields
@dataclass
class Segment:
    """A stretch of a document with one speaker (transcripts) or none."""

    start: int
    end: int
    speaker: str | None = None
    timestamp: str | None = None  # ISO 8601 when the source gives one


@_pickled_by_fields
@dataclass
class Document:
    """One source document, as read from disk.

    ``text`` keeps the original characters (Traditional stays Traditional) so
    evidence quotes the source; the NLP stage normalises a copy for matching.
    """

    id: str  # stable: file name, plus "#L<n>" for one line of a multi-document file
    source: str  # path as given by the user
    text: str
    format: str  # "weibo", "markdown-transcript", "transcript", "html", "text", "csv", "jsonl"
    title: str | None = None
    date: str | None = None  # ISO date (YYYY-MM-DD, YYYY-MM or YYYY) of publication
    url: str | None = None
    author: str | None = None
    line: int | None = None  # 1-based line in the source file, for one-post-per-line dumps
    encoding: str = "utf-8"
    segments: list[Segment] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)


@dataclass
class Problem:
    """A file (or part of one) that could not be used, and why."""

    source: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.reason}"


@_pickled_by_fields
@dataclass
class Sentence:
    """A sentence of a document with its offsets into ``Document.text``."""

    doc_id: str
    index: int
    start: int
    end: int
    text: str  # original characters
    speaker: str | None = None


@_pickled_by_fields
@dataclass
class Mention:
    """A typed entity mention in a document.

    ``norm`` is the Simplified, cleaned surface form used for resolution;
    ``ref`` is the reference-data key when the gazetteer recognised it.
    """

    doc_id: str
    start: int
    end: int
    text: str
    label: str  # an EntityClass (str while the mention finders build it from strings)
    norm: str
    source: str  # "reference" | "model" | "rule"
    ref: str | None = None
    sentence: int | None = None
    confidence: float = 1.0


@dataclass
class Assertion:
    """Where and how strongly one relation triple is stated."""

    doc_id: str | None  # None for curated reference facts
    evidence: str
    start: int | None = None  # offsets of the evidence sentence in Document.text
    end: int | None = None
    confidence: float = 1.0
    method: Method = "rule"
    date: str | None = None  # when the act happened (start of a range), not when it was reported
    source_file: str | None = None  # the reference file, for curated facts
    # Not a statement of fact: "planned", "invited", "cancelled", "postponed",
    # "denied", "negated", "questioned", "hoped". Such assertions are kept so an
    # analyst can ask "which visits were announced", but make no direct triple.
    modality: str | None = None  # a Modality
    end_date: str | None = None  # last day of a range (3月6日至10日)
    trigger: str | None = None  # the word that opened the frame (会见, 退出 ...)
    cameo: str | None = None  # CAMEO event code of that trigger (040, 042 ...)
    # near-duplicate documents (the same transcript from another outlet) stating the same
    # fact the same way: one assertion with both sources, counted once (kg/dedup.py)
    also_in: list[str] = field(default_factory=list)


@dataclass
class Entity:
    """One node per real-world referent."""

    id: str  # stable ASCII slug, e.g. "country/CN", "person/wang-yi", "event/3f9a..."
    cls: str  # an EntityClass
    label: str  # canonical Simplified Chinese name
    label_en: str | None = None
    alt_labels: set[str] = field(default_factory=set)
    identifiers: dict[str, str] = field(default_factory=dict)  # {"wikidata": "Q148", "iso3166": "CN"}
    mentions: int = 0
    documents: set[str] = field(default_factory=set)
    date: str | None = None  # Events: YYYY-MM-DD, YYYY-MM, YYYY or --MM-DD
    curated: bool = False  # matched reference data


@dataclass
class Relation:
    """A typed triple between entities (or entity and literal) with its support."""

    subject: str  # entity id
    predicate: Predicate
    object: str  # entity id, or the literal text for LITERAL_PROPERTIES
    assertions: list[Assertion] = field(default_factory=list)

    @property
    def literal(self) -> bool:
        return self.predicate in LITERAL_PROPERTIES

    @property
    def confidence(self) -> float:
        """Noisy-or over independent assertions: two sources beat one."""
        miss = 1.0
        factual = [a for a in self.assertions if a.modality is None]
        for a in factual or self.assertions:
            miss *= 1.0 - a.confidence
        return round(1.0 - miss, 4)

    @property
    def curated(self) -> bool:
        return any(a.method == "reference" for a in self.assertions)

    @property
    def factual(self) -> bool:
        """Stated as a fact somewhere (not only planned, denied, asked ...)."""
        return any(a.modality is None for a in self.assertions)


@dataclass
class Statement:
    """What a speaker said in one turn of a transcript."""

    id: str
    doc_id: str
    speaker: str  # entity id
    text: str
    start: int
    end: int
    outlet: str | None = None  # entity id of the organisation whose reporter asked
    question: str | None = None
    mentions: list[str] = field(default_factory=list)  # entity ids
    date: str | None = None
    event: str | None = None  # entity id of the press conference


@dataclass
class DocumentInfo:
    """Document metadata as it appears in the graph (no full text)."""

    id: str
    source: str
    format: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    author: str | None = None
    line: int | None = None


@_pickled_by_fields
@dataclass
class Token:
    """A word of the segmenter/tagger (LAC), with offsets into the document text."""

    start: int
    end: int
    tag: str  # LAC tag: PER LOC ORG TIME n nz v vn p w ...


@_pickled_by_fields
@dataclass
class AnalyzedDocument:
    """What the NLP stage hands to extraction: one document, analysed.

    ``norm`` is the Simplified, noise-masked copy of ``document.text`` with
    the same length, so every offset is valid in both.
    """

    document: Document
    norm: str
    sentences: list[Sentence] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    # transcript speaker labels ("外交部部长 王毅") → mentions inside the label
    # (offsets relative to the label string)
    speaker_mentions: dict[str, list[Mention]] = field(default_factory=dict)


@_pickled_by_fields
@dataclass
class RelationCandidate:
    """A relation found in text, between mentions (resolved to entities later)."""

    subject: Mention
    predicate: str  # a Predicate (frames name theirs in data: ontology/frames/*.yaml)
    object: Mention | str  # str: a literal (position titles)
    sentence: Sentence
    confidence: float
    method: Method
    date: str | None = None
    modality: str | None = None  # a Modality (see Assertion.modality)
    end_date: str | None = None
    trigger: str | None = None
    cameo: str | None = None


@_pickled_by_fields
@dataclass
class StatementCandidate:
    """One transcript turn by a named speaker, with who asked."""

    doc_id: str
    speaker: Mention
    start: int
    end: int
    text: str
    outlet: Mention | None = None
    question: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    event: Mention | None = None
    date: str | None = None


@_pickled_by_fields
@dataclass
class Extraction:
    """Everything the extract stage found in one analysed document."""

    analyzed: AnalyzedDocument
    relations: list[RelationCandidate] = field(default_factory=list)
    statements: list[StatementCandidate] = field(default_factory=list)
    event_dates: dict[tuple[int, int], str] = field(default_factory=dict)  # event mention span → date
    extra_mentions: list[Mention] = field(default_factory=list)  # synthesised (e.g. speakers' outlets)
