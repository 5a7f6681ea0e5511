"""The SPARQL endpoint: oxigraph's own server over the cached store, read-only by default."""

from __future__ import annotations

import json
import socket
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg.export.rdf import write_rdf
from kg.graph import KnowledgeGraph
from kg.query import run_query
from kg.serve import ServeError, oxigraph_binary, running_server, server_command, start_server, stop_server

try:
    oxigraph_binary()
except ServeError:  # pragma: no cover
    pytest.skip("the oxigraph server is not installed", allow_module_level=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sparql_get(url: str, query: str) -> dict:
    req = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": query}),
                                 headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.load(resp)


@pytest.fixture
def build(small_kg: KnowledgeGraph, tmp_path: Path) -> Path:
    write_rdf(small_kg, tmp_path)
    return tmp_path


def test_command_is_read_only_on_localhost(tmp_path: Path) -> None:
    cmd = server_command(tmp_path / ".oxigraph")
    assert cmd[1] == "serve-read-only" and "127.0.0.1:7878" in cmd and "--timeout-s" in cmd
    # the store's default graph is the distinct union; the server's union option would repeat rows
    assert "--union-default-graph" not in cmd
    assert server_command(tmp_path, writable=True)[1] == "serve"


def test_select_over_http_and_update_refused(build: Path) -> None:
    port = free_port()
    with running_server(build, port=port, stderr=subprocess.DEVNULL) as url:
        assert url == f"http://127.0.0.1:{port}/query"
        data = sparql_get(url, "PREFIX kg: <https://w3id.org/kg-diplo/ontology#>\n"
                               "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                               "SELECT ?n WHERE { ?p kg:met ?q . ?q rdfs:label ?n FILTER(LANG(?n) = 'zh') }")
        assert [b["n"]["value"] for b in data["results"]["bindings"]] == ["王毅"]
        # named graphs are there for provenance
        data = sparql_get(url, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert len(data["results"]["bindings"]) == 3
        update = urllib.request.Request(
            url.replace("/query", "/update"), method="POST",
            data=b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
            headers={"Content-Type": "application/sparql-update"})
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(update, timeout=10)
        assert 400 <= err.value.code < 500
        assert sparql_get(url, "ASK { <urn:a> <urn:b> <urn:c> }")["boolean"] is False
    # stopped: the port is free again and kg query still works on the same store
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2)
    assert run_query(build, "ASK { ?s kg:met ?o }").boolean


def test_query_while_serving(build: Path) -> None:
    """The server and `kg query` share the read-only store."""
    proc = start_server(build, port=free_port(), stderr=subprocess.DEVNULL)
    try:
        assert proc.poll() is None
        assert run_query(build, "ASK { ?s kg:hosted ?o }").boolean
    finally:
        stop_server(proc)
    assert proc.poll() is not None


def test_port_in_use_is_a_clear_error(build: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        with pytest.raises(ServeError, match="port"):
            start_server(build, port=s.getsockname()[1], wait=10, stderr=subprocess.DEVNULL)
