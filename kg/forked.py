"""Run one function in a forked copy of this process while this process goes on; wait for its result.

Why: after assembly a build writes several export formats of one graph, each
alone; with a second core (``--jobs 2``) a forked child writes some while the
parent writes the others. A fork shares the graph as it is (copy-on-write), so
nothing is pickled but the child's small result.

Only where forking is safe: a POSIX ``fork`` and no other thread in the process
(a thread holding a lock at the fork would leave the child stuck). Elsewhere
:func:`start` returns None and the caller does the work itself.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
import traceback
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class ChildFailed(RuntimeError):
    """The child died, or raised an exception that cannot be pickled (its traceback is the message)."""


class Forked(Generic[T]):
    """A running child; :meth:`result` waits for it. Used as a context manager, an unfinished
    child is ended on the way out (an error or Ctrl-C in the parent)."""

    def __init__(self, pid: int, fd: int) -> None:
        self._pid, self._fd = pid, fd
        self._done = False

    def result(self) -> T:
        with os.fdopen(self._fd, "rb") as fh:
            data = fh.read()
        _, status = os.waitpid(self._pid, 0)
        self._done = True
        if not data:
            raise ChildFailed(f"the child process ended without a result (wait status {status})")
        ok, value = pickle.loads(data)
        if not ok:
            raise value  # the child's own exception: a build fails (or is interrupted) the same either way
        return value

    def __enter__(self) -> Forked[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._done:
            return
        with contextlib.suppress(ProcessLookupError, ChildProcessError):
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
        with contextlib.suppress(OSError):
            os.close(self._fd)


def start(fn: Callable[[], T]) -> Forked[T] | None:
    """``fn()`` in a forked child, or None where a fork is not safe (the caller runs ``fn`` itself)."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return None
    read, write = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write)
        return Forked(pid, read)
    # the child: never return into the parent's code, never run its exit handlers
    os.close(read)
    try:
        try:
            payload = pickle.dumps((True, fn()))
        except BaseException as err:  # noqa: BLE001 - everything goes back to the parent, which raises it
            try:
                payload = pickle.dumps((False, err))
            except Exception:  # noqa: BLE001 - an exception that does not pickle
                payload = pickle.dumps((False, ChildFailed(traceback.format_exc())))
        with os.fdopen(write, "wb") as fh:
            fh.write(payload)
    finally:
        os._exit(0)
