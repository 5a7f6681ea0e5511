"""A SPARQL 1.1 Protocol endpoint over an export, served by the ``oxigraph`` server.

We do not write an HTTP server: the ``oxigraph`` PyPI package ships Oxigraph's
own server binary. It serves the same on-disk store that ``kg query`` builds
(``<build>/.oxigraph/``), read-only unless asked otherwise, on localhost, whose
default graph is the distinct union of all graphs (like ``kg query``), with a
per-query time limit (the server's ``--timeout-s``) so a runaway query is cut
and the endpoint keeps serving.

Endpoints: ``http://HOST:PORT/query`` (SPARQL query, GET or POST),
``/update`` (only with ``writable=True``), ``/store`` (Graph Store Protocol).
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.query import QueryError, close_store, ensure_store


class ServeError(QueryError):
    """The endpoint cannot start (no server binary, port taken, no export)."""


def oxigraph_binary() -> str:
    """Path of the ``oxigraph`` server installed by the ``oxigraph`` package."""
    candidates = [
        Path(sysconfig.get_path("scripts")) / "oxigraph",
        Path(sys.executable).parent / "oxigraph",
    ]
    for c in candidates:
        if c.is_file():
            return str(c)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise ServeError("the `oxigraph` server is not installed: pip install oxigraph")


#: Seconds a query may run before the server cuts it (HTTP error); the endpoint keeps serving.
DEFAULT_TIMEOUT = 60


def server_command(location: Path, host: str = "127.0.0.1", port: int = 7878,
                   writable: bool = False, timeout: int = DEFAULT_TIMEOUT) -> list[str]:
    """The ``oxigraph`` command line; no ``--union-default-graph``: the store's default graph
    already is the distinct union (that option repeats a triple once per graph holding it)."""
    mode = "serve" if writable else "serve-read-only"
    return [oxigraph_binary(), mode, "--location", str(location), "--bind", f"{host}:{port}",
            "--timeout-s", str(int(timeout))]


def check_port(host: str, port: int) -> None:
    """ServeError in one line when ``host:port`` cannot be bound (instead of the server's Rust backtrace)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as err:
        raise ServeError(f"cannot bind to {host}: unknown host ({err.strerror})") from None
    family, _, _, _, addr = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        if os.name == "posix":  # as servers do: a port in TIME_WAIT is free, one in use is not
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(addr)
        except PermissionError:
            raise ServeError(f"port {port} needs privileges; choose another with --port") from None
        except OSError as err:
            if err.errno == errno.EADDRINUSE:
                raise ServeError(f"port {port} on {host} is already in use (another kg serve?); "
                                 "stop it or choose another with --port") from None
            raise ServeError(f"cannot bind to {host}:{port}: {err.strerror or err}") from None


def _child_env() -> dict[str, str]:
    return {**os.environ, "RUST_BACKTRACE": "0"}


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: the server gets SIGTERM when kg dies, even by SIGKILL, so it never outlives us."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def endpoint_url(host: str = "127.0.0.1", port: int = 7878) -> str:
    return f"http://{host}:{port}/query"


def start_server(target: Path, host: str = "127.0.0.1", port: int = 7878, writable: bool = False,
                 wait: float = 30.0, timeout: int = DEFAULT_TIMEOUT, **popen: object) -> subprocess.Popen:
    """Start the endpoint in the background and wait until it answers; the caller stops it."""
    location = ensure_store(Path(target))
    close_store(location)  # our own read-only handle is not needed by the server
    check_port(host, port)
    popen.setdefault("env", _child_env())
    proc = subprocess.Popen(server_command(location, host, port, writable, timeout),  # type: ignore[call-overload]
                            **popen)
    deadline = time.monotonic() + wait
    url = endpoint_url(host, port) + "?query=ASK%7B%7D"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServeError(f"oxigraph exited with code {proc.returncode} "
                             f"(is port {port} free? is {location} readable?)")
        try:
            with urllib.request.urlopen(url, timeout=1) as resp:
                if resp.status == 200:
                    return proc
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    stop_server(proc)
    raise ServeError(f"oxigraph did not answer on {host}:{port} within {wait:.0f}s")


def stop_server(proc: subprocess.Popen, timeout: float = 10.0) -> None:
    """Stop a server started by ``start_server`` (terminate, then kill)."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=timeout)


@contextlib.contextmanager
def running_server(target: Path, host: str = "127.0.0.1", port: int = 7878,
                   writable: bool = False, timeout: int = DEFAULT_TIMEOUT, **popen: Any) -> Iterator[str]:
    """``with running_server(build) as url:`` — the query endpoint URL; always stopped."""
    proc = start_server(target, host, port, writable, timeout=timeout, **popen)
    try:
        yield endpoint_url(host, port)
    finally:
        stop_server(proc)


def serve(target: Path, host: str = "127.0.0.1", port: int = 7878, writable: bool = False,
          timeout: int = DEFAULT_TIMEOUT) -> None:
    """Serve in the foreground until Ctrl-C, SIGTERM or SIGHUP (``kg serve``); the server child
    stops with us, so the port is free when this returns."""
    location = ensure_store(Path(target))
    close_store(location)
    check_port(host, port)
    mode = "read-write" if writable else "read-only"
    print(f"SPARQL endpoint ({mode}, queries cut after {timeout}s): {endpoint_url(host, port)}   "
          f"store: {location}", flush=True)
    if writable:
        print("updates change the cached store only; the next export rebuild discards them", flush=True)
    with tempfile.TemporaryFile() as errors:
        kwargs: dict[str, object] = {"stderr": errors, "env": _child_env()}
        if sys.platform.startswith("linux"):
            kwargs["preexec_fn"] = _die_with_parent
        proc = subprocess.Popen(server_command(location, host, port, writable, timeout),  # type: ignore[call-overload]
                                **kwargs)
        stopping: list[int] = []

        def stop(signum: int, frame: object) -> None:
            stopping.append(signum)
            if proc.poll() is None:
                proc.terminate()

        handled = [sig for sig in (signal.SIGINT, getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None))
                   if sig is not None]
        previous = {sig: signal.signal(sig, stop) for sig in handled}
        try:
            code = proc.wait()  # a signal runs `stop`, then the wait resumes until the child is gone
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            stop_server(proc)
        if stopping:
            print("stopped", flush=True)
            return
        if code:
            errors.seek(0)
            raise ServeError(f"oxigraph exited with code {code}: {_first_error(errors.read())}")


def _first_error(stderr: bytes) -> str:
    """The server's own error line, without Rust's backtrace notes."""
    for line in stderr.decode("utf-8", "replace").splitlines():
        line = line.strip()
        if line and "backtrace" not in line.lower():
            return line
    return "no message"
