"""Where a text came from: what every format reader needs to label its documents."""

from __future__ import annotations

from dataclasses import dataclass

from kg.model import Problem


@dataclass(frozen=True)
class Origin:
    doc_id: str  # id of the file's document; "#L<n>" is appended for one-per-line files
    source: str  # the path as the user gave it
    encoding: str
    suffix: str  # lower-case file extension with the dot, e.g. ".txt"

    def line_id(self, line: int) -> str:
        return f"{self.doc_id}#L{line}"

    def problem(self, reason: str, line: int | None = None) -> Problem:
        return Problem(self.source, reason, line)
