"""kg/forked.py: a function run in a forked child gives its result or its error; the exports split
between parent and child write the same files as one process."""

from __future__ import annotations

import os
import threading

import pytest

from kg.forked import ChildFailed, start

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")


def test_the_child_result_comes_back() -> None:
    data = {"big": list(range(100_000))}  # shared by the fork, not pickled on the way in
    child = start(lambda: (os.getpid(), sum(data["big"])))
    assert child is not None
    with child:
        pid, total = child.result()
    assert pid != os.getpid() and total == sum(range(100_000))


def test_an_error_in_the_child_is_raised_in_the_parent() -> None:
    def fail() -> None:
        raise ValueError("no room on the disk")

    child = start(fail)
    assert child is not None
    with child, pytest.raises(ChildFailed, match="no room on the disk"):
        child.result()


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
    from conftest import make_small_kg

    from kg.pipeline import FORMATS, _write_exports

    graph = make_small_kg()
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    files1 = _write_exports(graph, one, FORMATS, jobs=1)
    files2 = _write_exports(graph, two, FORMATS, jobs=2)
    assert [f.relative_to(one) for f in files1] == [f.relative_to(two) for f in files2]
    for f in files1:
        if f.is_file():
            assert f.read_bytes() == (two / f.relative_to(one)).read_bytes(), f.name
