"""The SPARQL endpoint: oxigraph's own server over the cached store, read-only by default."""

from __future__ import annotations

import http.client
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


def _wait_answering(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        try:
            with urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=1):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise AssertionError("kg serve did not answer")


def _port_is_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGINT", "SIGHUP"])
def test_kg_serve_stops_with_its_child_on_signal(build: Path, signame: str) -> None:
    import signal
    import sys

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(build), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_answering(f"http://127.0.0.1:{port}/query", proc)
        proc.send_signal(getattr(signal, signame))
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert _port_is_free(port)  # the oxigraph child is gone too
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", timeout=2)


def test_kg_serve_refuses_a_busy_port_in_one_line(build: Path) -> None:
    import sys

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        res = subprocess.run([sys.executable, "-m", "kg", "serve", str(build), "--port", str(port)],
                             capture_output=True, text=True, timeout=60)
    assert res.returncode == 1
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "already in use" in lines[0] and str(port) in lines[0], res.stderr
    assert "backtrace" not in res.stderr.lower() and "panicked" not in res.stderr


def test_runaway_query_is_cut_and_the_server_keeps_serving(build: Path) -> None:
    """Oxigraph's --timeout-s cuts a query; a cross product of the graph with itself four times
    (about 2·10⁹ rows) would otherwise run for minutes."""
    port = free_port()
    with running_server(build, port=port, timeout=1, stderr=subprocess.DEVNULL) as url:
        runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
        # Oxigraph has already sent "200 OK" and the head of the results when the time is up:
        # the cut shows as an error status or a truncated body, never as an answer
        with pytest.raises((urllib.error.HTTPError, json.JSONDecodeError, http.client.IncompleteRead)):
            sparql_get(url, runaway)
        assert sparql_get(url, "ASK { ?s ?p ?o }")["boolean"] is True


def test_a_fact_from_three_documents_is_one_row_over_http(tmp_path: Path) -> None:
    write_rdf(_three_document_kg(), tmp_path)
    with running_server(tmp_path, port=free_port(), stderr=subprocess.DEVNULL) as url:
        rows = sparql_get(url, "SELECT ?s ?o WHERE { ?s <https://w3id.org/kg-diplo/ontology#visited> ?o }")
        assert len(rows["results"]["bindings"]) == 1
        graphs = sparql_get(url, "SELECT ?g WHERE { GRAPH ?g { ?s <https://w3id.org/kg-diplo/ontology#visited> ?o } }")
        assert len(graphs["results"]["bindings"]) == 3


def _three_document_kg() -> KnowledgeGraph:
    from kg.model import Assertion, DocumentInfo, Entity

    kg = KnowledgeGraph()
    docs = [f"d{i}.txt" for i in range(3)]
    for d in docs:
        kg.add_document(DocumentInfo(id=d, source=d, format="text"))
    kg.add_entity(Entity("person/wang-yi", "Person", "王毅", None, set(), {}, 3, set(docs), curated=True))
    kg.add_entity(Entity("country/LA", "Country", "老挝", None, set(), {}, 3, set(docs), curated=True))
    for i, d in enumerate(docs):
        ev = f"王毅第{i + 1}次访问老挝。"
        kg.add_relation("person/wang-yi", "visited", "country/LA", Assertion(d, ev, 0, len(ev), 0.8, "rule"))
    return kg


def test_kg_query_has_set_semantics(tmp_path: Path) -> None:
    write_rdf(_three_document_kg(), tmp_path)
    assert len(run_query(tmp_path, "SELECT ?s ?o WHERE { ?s kg:visited ?o }")) == 1
    assert len(run_query(tmp_path, "SELECT ?g WHERE { GRAPH ?g { ?s kg:visited ?o } }")) == 3
