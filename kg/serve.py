"""A SPARQL 1.1 Protocol endpoint over an export, served by the ``oxigraph`` server.

We do not write an HTTP server: the ``oxigraph`` PyPI package ships Oxigraph's
own server binary. It serves the same on-disk store that ``kg query`` builds
(``<build>/.oxigraph/``), read-only unless asked otherwise, on localhost, with
the union of the named graphs as the default graph (like ``kg query``).

Endpoints: ``http://HOST:PORT/query`` (SPARQL query, GET or POST),
``/update`` (only with ``writable=True``), ``/store`` (Graph Store Protocol).
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import sysconfig
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from kg.query import QueryError, _close, ensure_store


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


def server_command(location: Path, host: str = "127.0.0.1", port: int = 7878,
                   writable: bool = False) -> list[str]:
    mode = "serve" if writable else "serve-read-only"
    return [oxigraph_binary(), mode, "--location", str(location), "--bind", f"{host}:{port}",
            "--union-default-graph"]


def endpoint_url(host: str = "127.0.0.1", port: int = 7878) -> str:
    return f"http://{host}:{port}/query"


def start_server(target: Path, host: str = "127.0.0.1", port: int = 7878, writable: bool = False,
                 wait: float = 30.0, **popen: object) -> subprocess.Popen:
    """Start the endpoint in the background and wait until it answers; the caller stops it."""
    location = ensure_store(Path(target))
    _close(location)  # our own read-only handle is not needed by the server
    proc = subprocess.Popen(server_command(location, host, port, writable), **popen)  # type: ignore[call-overload]
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
                   writable: bool = False, **popen: object) -> Iterator[str]:
    """``with running_server(build) as url:`` — the query endpoint URL; always stopped."""
    proc = start_server(target, host, port, writable, **popen)
    try:
        yield endpoint_url(host, port)
    finally:
        stop_server(proc)


def serve(target: Path, host: str = "127.0.0.1", port: int = 7878, writable: bool = False) -> None:
    """Serve in the foreground until Ctrl-C (``kg serve``)."""
    location = ensure_store(Path(target))
    _close(location)
    mode = "read-write" if writable else "read-only"
    print(f"SPARQL endpoint ({mode}): {endpoint_url(host, port)}   store: {location}", flush=True)
    if writable:
        print("updates change the cached store only; the next export rebuild discards them", flush=True)
    proc = subprocess.Popen(server_command(location, host, port, writable))
    try:
        code = proc.wait()
    except KeyboardInterrupt:
        stop_server(proc)
        return
    if code:
        raise ServeError(f"oxigraph exited with code {code} (is port {port} free?)")
