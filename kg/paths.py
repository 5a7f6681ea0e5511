"""Where the curated data lives.

The ontology, shapes, reference tables and example queries are data files
under the repository's ``ontology/`` folder (reviewable, not Python
literals). An installed wheel carries the same folder as the package data of
``kg.ontology`` (setup.py maps it), so ``pip install .`` works from any
directory. ``KG_ONTOLOGY`` overrides both, e.g. for a site-specific gazetteer.
"""

from __future__ import annotations

import os
from pathlib import Path

_MARKER = "kg.ttl"  # a folder holding it is an ontology folder, not a namesake
_FOUND: Path | None = None


def ontology_dir() -> Path:
    """``$KG_ONTOLOGY``, else the installed ``kg/ontology``, else the checkout's ``ontology/``."""
    env = os.environ.get("KG_ONTOLOGY")
    if env:
        return Path(env)
    global _FOUND
    if _FOUND is not None:  # found once per process: schema() asks thousands of times per build
        return _FOUND
    here = Path(__file__).resolve().parent
    for cand in (here / "ontology", here.parent / "ontology"):
        if (cand / _MARKER).is_file():
            _FOUND = cand
            return cand
    raise FileNotFoundError(
        "cannot find the ontology/ folder: neither an installed kg/ontology nor a checkout's ontology/ "
        f"holds {_MARKER}; reinstall kg (`pip install .` or `pip install -e .` from a checkout) "
        "or set KG_ONTOLOGY"
    )


def reference_dir() -> Path:
    return ontology_dir() / "reference"


def queries_dir() -> Path:
    return ontology_dir() / "queries"
