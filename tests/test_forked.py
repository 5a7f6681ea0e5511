"""kg/forked.py: a function run in a forked child gives its result or its error; the exports split
between parent and child write the same files as one process.

The forks are made in a fresh interpreter: kg/forked.py refuses to fork a process with other
threads, and earlier tests leave some in pytest's (Dask's offload thread)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from kg.forked import start

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
ROOT = Path(__file__).resolve().parent.parent


def _run(code: str, *args: str) -> str:
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args], cwd=ROOT, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_the_child_result_comes_back() -> None:
    out = _run("""
        import os
        from kg.forked import start
        data = list(range(100_000))  # shared by the fork, not pickled on the way in
        child = start(lambda: (os.getpid(), sum(data)))
        with child:
            pid, total = child.result()
        print(pid != os.getpid(), total == sum(range(100_000)))
    """)
    assert out == "True True"


def test_an_error_in_the_child_is_raised_in_the_parent() -> None:
    out = _run("""
        from kg.forked import ChildFailed, start
        def fail():
            raise ValueError("no room on the disk")
        def unpicklable():
            raise type("Local", (Exception,), {})("made here")
        for fn in (fail, unpicklable, lambda: (_ for _ in ()).throw(KeyboardInterrupt())):
            with start(fn) as child:
                try:
                    child.result()
                except (Exception, KeyboardInterrupt) as err:
                    print(type(err).__name__, "made here" in str(err))
    """)
    assert out.splitlines() == ["ValueError False", "ChildFailed True", "KeyboardInterrupt False"]


def test_no_fork_while_another_thread_runs() -> None:
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        assert start(lambda: 1) is None
    finally:
        stop.set()
        t.join()


def test_exports_split_over_two_processes_write_what_one_writes(tmp_path) -> None:
    out = _run("""
        import sys
        from pathlib import Path
        sys.path.insert(0, "tests")
        import kg.forked
        from conftest import make_small_kg
        from kg.pipeline import FORMATS, _write_exports

        forks = []
        real = kg.forked.start
        kg.forked.start = lambda fn: forks.append(1) or real(fn)
        graph = make_small_kg()
        one, two = Path(sys.argv[1]) / "one", Path(sys.argv[1]) / "two"
        one.mkdir()
        two.mkdir()
        files1 = _write_exports(graph, one, FORMATS, jobs=1)
        assert not forks
        files2 = _write_exports(graph, two, FORMATS, jobs=2)
        assert forks == [1]
        assert [f.relative_to(one) for f in files1] == [f.relative_to(two) for f in files2]
        for f in files1:
            if f.is_file():
                assert f.read_bytes() == (two / f.relative_to(one)).read_bytes(), f.name
        print(len(files1))
    """, str(tmp_path))
    assert int(out) > 5
