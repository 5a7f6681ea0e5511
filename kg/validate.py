"""SHACL validation of an export against ``ontology/shapes.ttl``.

``kg validate OUT`` answers "can I trust this graph's shape?" before it is
queried or published: canonical Chinese labels, relation ends of the right
classes, and provenance behind every triple. The report is meant for people:
one summary line, then one line per problem grouped by the shape it breaks.

Inference is ``none`` on purpose. SHACL's ``sh:class`` and ``sh:targetClass``
already follow ``rdfs:subClassOf`` in the ontology (mixed in as
``ont_graph``), and RDFS inference would type a wrongly-used subject from the
property's ``rdfs:domain`` (a ``kg:heldIn`` subject would become a
``kg:Event``), hiding the very violations the shapes exist to report.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from kg.namespaces import PREFIXES
from kg.paths import ontology_dir

#: Graph files looked for in a build folder, in order of preference.
GRAPH_FILES = ("graph.ttl", "graph.trig", "graph.nt", "graph.jsonld")
_FORMATS = {".ttl": "turtle", ".trig": "trig", ".nt": "nt", ".nq": "nquads",
            ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml", ".owl": "xml", ".xml": "xml"}
SHAPES_NS = "https://w3id.org/kg-diplo/shapes#"
_SEVERITY = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


@dataclass
class Problem:
    """One SHACL result, made readable."""

    shape: str
    severity: str
    focus: str
    path: str
    message: str
    value: str | None = None

    def line(self) -> str:
        where = f"{self.focus}  {self.path}" if self.path else self.focus
        value = f"  [value: {self.value}]" if self.value else ""
        return f"  {where}: {self.message}{value}"


def find_graph_file(target: Path) -> Path:
    """The graph file of a build folder (graph.ttl first), or ``target`` itself."""
    if target.is_dir():
        for name in GRAPH_FILES:
            if (target / name).is_file():
                return target / name
        raise FileNotFoundError(f"{target}: no {', '.join(GRAPH_FILES)} here; run `kg build` first")
    if not target.exists():
        raise FileNotFoundError(f"{target}: no such file or folder")
    return target


def load_graph(path: Path) -> Graph:
    """Parse one graph file; TriG / N-Quads are merged into one graph.

    Named graphs are merged (not validated one by one) because an assertion
    and the document it cites may live in different named graphs.
    """
    fmt = _FORMATS.get(path.suffix.lower(), "turtle")
    if fmt in ("trig", "nquads"):
        ds = Dataset()
        ds.parse(path, format=fmt)
        g = Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            g.add((s, p, o))
        return g
    return Graph().parse(path, format=fmt)


def shapes_graph() -> Graph:
    return Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")


def ontology_graph() -> Graph:
    return Graph().parse(ontology_dir() / "kg.ttl", format="turtle")


def validate_graph(data: Graph, *, shapes: Graph | None = None,
                   inference: str = "none") -> tuple[bool, Graph]:
    """Run pySHACL; ``conforms`` ignores warnings and infos."""
    from pyshacl import validate as shacl_validate

    conforms, results, _ = shacl_validate(
        data, shacl_graph=shapes if shapes is not None else shapes_graph(), ont_graph=ontology_graph(), inference=inference,
        abort_on_first=False, allow_warnings=True, advanced=True, meta_shacl=False,
    )
    if not isinstance(results, Graph):  # pyshacl reports a broken shapes file this way
        raise RuntimeError(f"SHACL validation failed to run: {results}")
    return bool(conforms), results


def validate(target: Path) -> tuple[bool, str]:
    """Validate a build folder (its graph.ttl, else .trig / .nt) or a graph file.

    Returns ``(conforms, report)``; unreadable input gives ``(False, reason)``
    rather than a traceback, since the CLI prints the report as is.
    """
    # rdflib logs a traceback for every ill-typed literal; the report names them anyway
    logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)
    target = Path(target)
    try:
        path = find_graph_file(target)
    except FileNotFoundError as e:
        return False, str(e)
    try:
        data = load_graph(path)
    except Exception as e:  # parser errors come in many types
        return False, f"{path}: cannot parse: {e}"
    t0 = time.perf_counter()
    shapes = shapes_graph()
    conforms, results = validate_graph(data, shapes=shapes)
    seconds = time.perf_counter() - t0
    problems = read_results(results, data, shapes)
    return conforms, format_report(problems, path=path, triples=len(data), seconds=seconds,
                                   checked=checked_counts(data, shapes))


def checked_counts(data: Graph, shapes: Graph) -> tuple[int, int]:
    """(focus nodes, node shapes): what a clean report checked, so "0 violations" is not read as "nothing ran".

    Counts the nodes the declared targets select (class targets follow
    ``rdfs:subClassOf`` in the ontology, as pySHACL does); SPARQL targets pick a
    subset of relation subjects that the subjects-of targets already count.
    """
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    ont = ontology_graph()
    focus: set = set()
    for shape in node_shapes:
        for cls in shapes.objects(shape, SH.targetClass):
            for sub in ont.transitive_subjects(RDFS.subClassOf, cls):
                focus.update(data.subjects(RDF.type, sub))
        for p in shapes.objects(shape, SH.targetSubjectsOf):
            focus.update(data.subjects(p, None))
        for p in shapes.objects(shape, SH.targetObjectsOf):
            focus.update(o for o in data.objects(None, p) if not isinstance(o, Literal))
        focus.update(shapes.objects(shape, SH.targetNode))
    return len(focus), len(node_shapes)


# -- report ----------------------------------------------------------------

def read_results(results: Graph, data: Graph, shapes: Graph) -> list[Problem]:
    """Turn the sh:ValidationReport into Problems (nested sh:or details dropped).

    ``shapes`` must be the graph that was validated against, so that blank
    property shapes can be traced to the node shape that holds them.
    """
    owner = {ps: ns for ns, ps in shapes.subject_objects(SH.property)}
    problems = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        if (None, SH.detail, r) in results:
            continue  # a sub-result of another result
        shape = results.value(r, SH.sourceShape)
        if isinstance(shape, BNode) and shape in owner:
            shape = owner[shape]
        path = results.value(r, SH.resultPath)
        value = results.value(r, SH.value)
        focus = results.value(r, SH.focusNode)
        message = results.value(r, SH.resultMessage) or _component_name(results.value(r, SH.sourceConstraintComponent))
        problems.append(Problem(
            shape=_shape_name(shape, shapes),
            severity=_SEVERITY.get(URIRef(str(results.value(r, SH.resultSeverity))), "violation"),
            focus=_node_name(focus, data),
            path=_path_name(path, results),
            message=str(message),
            value=None if value is None or value == focus else _node_name(value, data),
        ))
    problems.sort(key=lambda p: (p.severity != "violation", p.shape, p.focus, p.path, p.message))
    return problems


def format_report(problems: list[Problem], *, path: Path | None = None, triples: int | None = None,
                  seconds: float | None = None, checked: tuple[int, int] | None = None) -> str:
    """Summary line first, then problems grouped by shape.

    A clean graph reads "conforms: N nodes checked against M shapes, 0 violations";
    otherwise "N violations in M focus nodes (of K nodes checked against S shapes)".
    """
    violations = [p for p in problems if p.severity == "violation"]
    others = [p for p in problems if p.severity != "violation"]
    focus = {p.focus for p in problems}
    if checked is not None and not violations:
        summary = f"conforms: {checked[0]} node{'s' if checked[0] != 1 else ''} checked against " \
                  f"{checked[1]} shape{'s' if checked[1] != 1 else ''}, 0 violations"
    else:
        summary = f"{len(violations)} violation{'s' if len(violations) != 1 else ''} in {len(focus)} focus node" \
                  f"{'s' if len(focus) != 1 else ''}"
        if checked is not None:
            summary += f" (of {checked[0]} nodes checked against {checked[1]} shapes)"
    if others:
        summary += f" (and {len(others)} warning{'s' if len(others) != 1 else ''})"
    detail = []
    if path is not None:
        detail.append(str(path))
    if triples is not None:
        detail.append(f"{triples} triples")
    if seconds is not None:
        detail.append(f"{seconds:.1f} s")
    lines = [summary + (f" [{', '.join(detail)}]" if detail else "")]
    groups: dict[tuple[str, str], list[Problem]] = defaultdict(list)
    for p in problems:
        groups[(p.severity, p.shape)].append(p)
    for (severity, shape), items in groups.items():
        lines.append(f"{shape} ({len(items)} {severity}{'s' if len(items) != 1 else ''}):")
        lines.extend(p.line() for p in items)
    return "\n".join(lines)


def _qname(node: Node) -> str:
    """Compact an IRI with the project's prefixes (longest namespace wins)."""
    s = str(node)
    if s.startswith(SHAPES_NS):
        return "kgsh:" + s[len(SHAPES_NS):]
    matches = [(len(str(ns)), prefix, str(ns)) for prefix, ns in PREFIXES.items() if s.startswith(str(ns))]
    if not matches:
        return f"<{s}>"
    _, prefix, ns = max(matches)
    return f"{prefix}:{s[len(ns):]}"


def _node_name(node: Node | None, data: Graph) -> str:
    """``王毅 (ent:person/wang-yi)`` for labelled entities, else the compact IRI or literal."""
    if node is None:
        return "?"
    if isinstance(node, Literal):
        text = str(node)
        text = text if len(text) <= 60 else text[:57] + "..."
        return f'"{text}"' + (f"@{node.language}" if node.language else "")
    if isinstance(node, BNode):
        return f"_:{node}"
    labels = list(data.objects(node, RDFS.label))
    label = next((lbl for lbl in labels if isinstance(lbl, Literal) and (lbl.language or "").startswith("zh")),
                 labels[0] if labels else None)
    return f"{label} ({_qname(node)})" if label is not None else _qname(node)


def _path_name(path: Node | None, results: Graph) -> str:
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return _qname(path)
    inverse = results.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path_name(inverse, results)
    if (path, RDF.first, None) in results:
        return "/".join(_path_name(p, results) for p in Collection(results, path))
    return "(complex path)"


def _shape_name(shape: Node | None, shapes: Graph) -> str:
    if shape is None:
        return "(unknown shape)"
    if isinstance(shape, URIRef):
        return _qname(shape)
    label = shapes.value(shape, RDFS.label)
    return str(label) if label is not None else "(anonymous shape)"


def _component_name(component: Node | None) -> str:
    if component is None:
        return "constraint not met"
    return str(component).rsplit("#", 1)[-1]
