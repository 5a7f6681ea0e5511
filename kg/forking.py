"""Run one function in a forked child while this process goes on.

Why a fork: the child shares this process's memory page by page (nothing is
pickled on the way in), so on a machine where the build may use two cores
(``--jobs 2``) it can write the RDF export while the parent writes the others
(kg/pipeline.py), or analyse a re-build's few new documents while the parent
takes the cached results of the others (kg/engine.py). The child's result (or its
exception) comes back through a pipe, so a failure in it fails the build exactly
as it would in one process.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any


def can_fork() -> bool:
    """Forking is cheap and safe here only on Linux (macOS's frameworks dislike it), and only
    from a process with no other Python thread (a notebook's kernel has some: a lock one of
    them holds at the fork would stay held in the child)."""
    return sys.platform == "linux" and hasattr(os, "fork") and threading.active_count() == 1


class Forked:
    """``fn(*args)`` in a forked child; its value must pickle. :meth:`result` waits for it."""

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        ctx = multiprocessing.get_context("fork")
        self._recv, send = ctx.Pipe(duplex=False)
        self._child = ctx.Process(target=_run, args=(send, fn, args), daemon=True)
        self._child.start()
        send.close()  # the child holds the sending end now: EOF when it dies

    def result(self) -> Any:
        """The child's value, or its exception raised here."""
        try:
            status, value = self._recv.recv()
        except EOFError:
            self._child.join()
            raise RuntimeError(f"a forked process ended without a result (exit code {self._child.exitcode})") \
                from None
        finally:
            self._recv.close()
        self._child.join()
        if status == "error":
            raise value
        return value

    def stop(self) -> None:
        """End the child if it still runs (the build failed elsewhere)."""
        if self._child.is_alive():
            self._child.terminate()
        self._child.join()


def _run(send: Connection, fn: Callable[..., Any], args: tuple) -> None:
    try:
        value = fn(*args)
    except BaseException as e:  # noqa: BLE001 - every failure, interrupts too, goes back to the parent
        try:
            send.send(("error", e))
        except Exception:  # an exception that cannot be pickled: its text is enough
            send.send(("error", RuntimeError(f"{type(e).__name__}: {e}")))
    else:
        send.send(("ok", value))
    finally:
        send.close()
