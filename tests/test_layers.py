"""The import contract: `generator`'s layers import one way only, with no cycle anywhere,
also through imports inside functions (the contracts are in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("model", "load", "check", "render", "outputs", "plugin", "tools")


def lint_imports(project: Path) -> subprocess.CompletedProcess:
    """Run import-linter on the `generator` package found in `project`."""
    return subprocess.run([sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()",
                           "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
                          cwd=project, capture_output=True, text=True, env={"PYTHONPATH": str(project), "PATH": ""})


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_every_layer_is_a_subpackage_and_nothing_else_sits_beside_them():
    package = ROOT / "generator"
    modules = {p.stem for p in package.glob("*.py")}
    assert modules == {"__init__", "__main__"}
    assert {p.name for p in package.iterdir() if (p / "__init__.py").exists()} == set(LAYERS)


def test_the_import_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and "0 broken" in result.stdout


def test_no_module_imports_another_in_a_circle():
    graph = grimp.build_graph("generator", include_external_packages=False)
    assert len(graph.modules) > 30
    assert _cycles(graph) == []


def test_no_module_shadows_a_standard_library_module():
    names = {p.stem for p in (ROOT / "generator").rglob("*.py")} | {p.name for p in (ROOT / "generator").iterdir() if p.is_dir()}
    assert names & set(sys.stdlib_module_names) == set()


@pytest.mark.parametrize("module, planted", [
    ("model/documents.py", "from ..outputs import build_site  # an upward import\n"),
    ("check/rules.py", "def later():\n    from ..render import urls  # an upward import, hidden in a function\n"),
    ("render/urls.py", "import mkdocs  # the core must not need MkDocs\n"),
])
def test_the_contract_catches_an_upward_import(tmp_path, module, planted):
    shutil.copytree(ROOT / "generator", tmp_path / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    target = tmp_path / "generator" / module
    target.write_text(target.read_text(encoding="utf-8") + "\n" + planted, encoding="utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN" in result.stdout or "broken" in result.stdout
