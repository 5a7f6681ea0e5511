"""The one exception of the ingest stage."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.model import Document, Problem


class IngestError(Exception):
    """A file (or one line of it) cannot be used; ``reason`` is plain words for the user.

    When a file is only partly bad (a broken .jsonl line), ``documents`` holds
    the good part and ``problems`` every bad part, so a strict caller can still
    recover what was readable.
    """

    def __init__(
        self,
        reason: str,
        *,
        line: int | None = None,
        documents: list[Document] | None = None,
        problems: list[Problem] | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.documents = documents or []
        self.problems = problems or []
