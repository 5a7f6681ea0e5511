"""Builds running at once share the analysis cache without "database is locked" or losing entries."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from kg.cache import AnalysisCache

WRITER = """
import sys
from pathlib import Path
from kg.cache import AnalysisCache
folder, tag, version = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
for r in range(6):
    c = AnalysisCache(folder, version=version)
    for i in range(300):
        c.put(f"{tag}-{r}-{i}", bytes(1000))
        if i % 40 == 0:
            assert c.get(f"{tag}-{r}-0") in (None, bytes(1000))
    c.close()
    if c.error:
        sys.exit("cache error: " + c.error)
"""


def _run_together(folder: Path, *jobs: tuple[str, str]) -> None:
    root = Path(__file__).resolve().parent.parent
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(folder), tag, version], cwd=root,
                              stderr=subprocess.PIPE, text=True) for tag, version in jobs]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err


def test_two_processes_write_one_cache_at_once(tmp_path) -> None:
    _run_together(tmp_path, ("a", "v1"), ("b", "v1"))
    with AnalysisCache(tmp_path, version="v1") as cache:
        assert cache.get("a-5-299") == bytes(1000) and cache.get("b-0-0") == bytes(1000)
        assert cache.error is None


def test_two_versions_sharing_a_cache_keep_each_others_entries(tmp_path) -> None:
    """A branch and main building into one cache: neither wipes the other's entries."""
    _run_together(tmp_path, ("a", "v1"), ("b", "v2"))
    with AnalysisCache(tmp_path, version="v1") as cache:
        assert cache.get("a-0-1") == bytes(1000) and cache.get("b-0-1") == bytes(1000)
    for v in ("v3", "v4", "v5"):  # three newer versions used since: v1's and v2's entries go
        AnalysisCache(tmp_path, version=v).close()
    with AnalysisCache(tmp_path, version="v5") as cache:
        assert cache.get("a-0-1") is None and cache.get("b-0-1") is None


def test_file_stamps_of_old_versions_go_with_their_results(tmp_path) -> None:
    """The input files' stamp records (kg/filestamps.py) are dropped with their version's results."""
    with AnalysisCache(tmp_path, version="v1") as cache:
        cache.put("doc", b"result")
        cache.put_file("file", b"stamp")
    with AnalysisCache(tmp_path, version="v1") as cache:
        assert (cache.get("doc"), cache.get_file("file")) == (b"result", b"stamp")
    for v in ("v2", "v3", "v4"):
        AnalysisCache(tmp_path, version=v).close()
    with AnalysisCache(tmp_path, version="v4") as cache:
        assert (cache.get("doc"), cache.get_file("file")) == (None, None)


def test_memo_keeps_the_versions_of_two_checkouts(tmp_path, monkeypatch) -> None:
    """Two checkouts sharing the cache folder (their sources differ) build a resource once each,
    not once per build; beyond KEEP_VERSIONS the least recently used version goes."""
    from kg.cache import KEEP_VERSIONS, memo

    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    sources = []
    for i in range(KEEP_VERSIONS + 1):
        src = tmp_path / f"checkout{i}.txt"
        src.write_text("x" * (i + 1), encoding="utf-8")
        sources.append(src)
    built: list[int] = []

    def value(i: int):
        time.sleep(0.02)  # distinct modification times (the file system's clock is coarse)
        return memo("words", [sources[i]], lambda: built.append(i) or i)

    assert [value(0), value(1), value(0), value(1)] == [0, 1, 0, 1] and built == [0, 1]
    for i in range(2, KEEP_VERSIONS + 1):  # more versions than are kept: 0, the least recently used, goes
        value(i)
    assert value(1) == 1 and built == [0, 1, *range(2, KEEP_VERSIONS + 1)]
    assert value(0) == 0 and built[-1] == 0
