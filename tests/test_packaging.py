"""The wheel carries the ontology and reference data: ``pip install .`` works anywhere.

The wheel is built from a copy of the project (no build/ or egg-info in the
checkout), installed into a fresh virtual environment that sees this one's
site-packages (so no dependency is downloaded), and ``kg build`` runs from a
directory outside the checkout with no ``KG_ONTOLOGY``: every entity below
comes from data that only the wheel can have supplied.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# a sentence written for this test: a curated person, city and project
TEXT = "外交部长王毅12日在北京同来访客人谈到中老铁路的运营情况。\n"


def _can_build_wheels() -> bool:
    try:
        from setuptools.command.bdist_wheel import bdist_wheel  # noqa: F401  (setuptools >= 70.1)
    except ImportError:
        try:
            import wheel  # noqa: F401
        except ImportError:
            return False
    return True


def _run(cmd: list[str | Path], cwd: Path, env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode in (0, 3), f"{cmd} exited {proc.returncode}:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
    return proc


@pytest.mark.slow
def test_wheel_installs_and_builds_outside_the_checkout(tmp_path: Path) -> None:
    if not _can_build_wheels():
        pytest.skip("building a wheel needs setuptools >= 70.1 or wheel (pip install -e '.[test]')")
    env = {k: v for k, v in os.environ.items() if k not in ("KG_ONTOLOGY", "PYTHONPATH")}
    env["KG_CACHE_DIR"] = str(tmp_path / "cache")

    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".oxigraph")
    shutil.copytree(ROOT / "kg", src / "kg", ignore=ignore)
    shutil.copytree(ROOT / "ontology", src / "ontology", ignore=ignore)
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "--no-index",
          "-w", dist, "."], cwd=src, env=env)
    (whl,) = dist.glob("kg-*.whl")
    names = set(zipfile.ZipFile(whl).namelist())
    shipped = {p.relative_to(ROOT / "ontology").as_posix() for p in (ROOT / "ontology").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    missing = sorted(f for f in shipped if f"kg/ontology/{f}" not in names)
    assert not missing, f"not in the wheel: {missing[:10]}"

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", "--system-site-packages", venv], cwd=tmp_path, env=env)
    py = venv / "bin" / "python"
    _run([py, "-m", "pip", "install", "-q", "--no-deps", "--no-index", whl], cwd=tmp_path, env=env)

    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "note.txt").write_text(TEXT, encoding="utf-8")
    where = _run([py, "-c", "import kg, kg.paths; print(kg.__file__); print(kg.paths.ontology_dir())"],
                 cwd=work, env=env).stdout.split()
    assert all(Path(p).is_relative_to(venv) for p in where), f"not the installed kg: {where}"

    _run([venv / "bin" / "kg", "build", "note.txt", "--out", "out"], cwd=work, env=env)
    graph = json.loads((work / "out" / "kg.json").read_text(encoding="utf-8"))
    entities = {e["id"]: e for e in graph["entities"]} if isinstance(graph["entities"], list) else graph["entities"]
    assert {"person/wang-yi", "place/beijing", "project/china-laos-railway"} <= set(entities), sorted(entities)
    assert "<https://w3id.org/kg-diplo/id/person/wang-yi>" in (work / "out" / "graph.nt").read_text(encoding="utf-8")
    report = _run([venv / "bin" / "kg", "validate", "out"], cwd=work, env=env).stdout
    assert report.startswith("conforms"), report  # shapes.ttl came with the wheel too


def test_ci_runs_the_readme_test_command() -> None:
    """.ci/run runs exactly the README's test command (pip's -q aside), so CI tests what a reader runs."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Run the tests", 1)[1]
    command = next(line.strip() for line in section.splitlines() if line.strip().startswith("pip install"))
    ci = [line.strip().replace("pip install -q ", "pip install ")
          for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert command in ci, f".ci/run does not run the README's test command: {command}"
