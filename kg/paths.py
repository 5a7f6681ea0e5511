"""Where the curated data lives.

The ontology, shapes, reference tables and example queries are data files
under the repository's ``ontology/`` folder (reviewable, not Python
literals). ``KG_ONTOLOGY`` overrides the location, e.g. for a site-specific
gazetteer.
"""

from __future__ import annotations

import os
from pathlib import Path


def ontology_dir() -> Path:
    env = os.environ.get("KG_ONTOLOGY")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent
    for cand in (here.parent / "ontology", here / "ontology"):
        if cand.is_dir():
            return cand
    raise FileNotFoundError(
        "cannot find the ontology/ folder; install kg with `pip install -e .` from a checkout "
        "or set KG_ONTOLOGY"
    )


def reference_dir() -> Path:
    return ontology_dir() / "reference"


def queries_dir() -> Path:
    return ontology_dir() / "queries"
