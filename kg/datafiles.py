"""The YAML data files of the ontology folder (word lists, frames, roles), parsed once and kept.

Why: the rules' word lists and the frames are read at every start-up; PyYAML's
import and the parse of ~20 files were ~0.05 s of a one-file build. Each file's
content is kept in the cache folder (``kg.cache.memo``) under the file itself,
so editing a file parses it again; a file whose content marshal cannot hold (a
YAML date, say) is simply parsed every time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def read_yaml(path: str | Path) -> Any:
    """The content of one YAML file, as PyYAML's safe loader gives it (None for an empty file)."""
    from kg.cache import memo

    path = Path(path)
    return memo(f"yaml-{path.parent.name}-{path.stem}", [path, Path(__file__)], lambda: parse_yaml(path))


def parse_yaml(path: Path) -> Any:
    """Parse with libyaml's safe loader when PyYAML has it (the same data, ten times faster)."""
    import yaml

    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
