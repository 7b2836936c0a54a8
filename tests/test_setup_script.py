"""`scripts/setup` runs pip only when something it installs from changed.

The script runs in a copy of the project with a stand-in Python: `python3` on PATH
makes the venv, and the venv's `python` records each call, answers `-m pip` without
installing anything and hands everything else to the real interpreter. So the shared
venv is never touched and no network is needed, while the script itself is the real one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# The venv's python: log the call; pip succeeds (or fails, with FAKE_PIP_EXIT) without
# doing anything; anything else runs in the real interpreter.
VENV_PYTHON = """#!/usr/bin/env bash
echo "$*" >> "$SETUP_LOG"
if [ "${1:-}" = "-m" ] && [ "${2:-}" = "pip" ]; then exit "${FAKE_PIP_EXIT:-0}"; fi
exec %(python)s "$@"
"""

# python3 on PATH, as far as scripts/setup uses it: `python3 -m venv [--clear] DIR`.
SYSTEM_PYTHON = """#!/usr/bin/env bash
echo "python3 $*" >> "$SETUP_LOG"
[ "$1 $2" = "-m venv" ] || exit 2
dir="${@: -1}"
[ "$3" = "--clear" ] && rm -rf "$dir"
mkdir -p "$dir/bin"
cp %(venv_python)s "$dir/bin/python"
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    shutil.copy2(ROOT / "scripts" / "setup", project / "scripts" / "setup")
    for name in ("pyproject.toml", "requirements.txt"):
        shutil.copy2(ROOT / name, project / name)
    shims = tmp_path / "shims"
    shims.mkdir()
    venv_python = shims / "venv-python"
    venv_python.write_text(VENV_PYTHON % {"python": sys.executable}, encoding="utf-8")
    (shims / "python3").write_text(SYSTEM_PYTHON % {"venv_python": venv_python}, encoding="utf-8")
    for shim in (venv_python, shims / "python3"):
        shim.chmod(0o755)
    return project


def run_setup(project: Path, **env: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    """Run scripts/setup; its result and the Python calls it made (one line each)."""
    log = project.parent / "calls.log"
    log.write_text("", encoding="utf-8")
    environment = {**os.environ, "PATH": f"{project.parent / 'shims'}{os.pathsep}{os.environ['PATH']}",
                   "SETUP_LOG": str(log), **env}
    result = subprocess.run([str(project / "scripts" / "setup")], cwd=project, env=environment,
                            capture_output=True, text=True, timeout=120)
    return result, log.read_text(encoding="utf-8").splitlines()


def pip_calls(calls: list[str]) -> list[str]:
    return [call for call in calls if call.startswith("-m pip")]


def test_second_run_does_not_run_pip(project):
    first, calls = run_setup(project)
    assert first.returncode == 0, first.stderr
    assert "python3 -m venv .venv" in calls
    installs = pip_calls(calls)
    assert any("install --require-hashes -r requirements.txt" in call for call in installs), installs
    assert any("install -e .[test]" in call for call in installs), installs
    assert (project / ".venv" / ".setup-stamp").is_file()

    second, calls = run_setup(project)
    assert second.returncode == 0, second.stderr
    assert pip_calls(calls) == []
    assert not any(call.startswith("python3") for call in calls), "the venv was made again"
    assert second.stdout + second.stderr == "", "a run with nothing to do prints nothing"


@pytest.mark.parametrize("changed", ["pyproject.toml", "requirements.txt", "scripts/setup"])
def test_a_changed_input_runs_pip_again(project, changed):
    assert run_setup(project)[0].returncode == 0
    with (project / changed).open("a", encoding="utf-8") as file:
        file.write("\n# changed\n")
    result, calls = run_setup(project)
    assert result.returncode == 0, result.stderr
    assert any("install -e .[test]" in call for call in pip_calls(calls))
    assert pip_calls(run_setup(project)[1]) == []


def test_a_failed_install_is_tried_again_and_its_error_shown(project):
    assert run_setup(project)[0].returncode == 0
    with (project / "requirements.txt").open("a", encoding="utf-8") as file:
        file.write("\n# changed\n")
    failed, calls = run_setup(project, FAKE_PIP_EXIT="1")
    assert failed.returncode != 0 and pip_calls(calls)
    assert not (project / ".venv" / ".setup-stamp").exists()
    retried, calls = run_setup(project)
    assert retried.returncode == 0, retried.stderr
    assert pip_calls(calls)


def test_a_venv_whose_python_is_gone_is_made_anew(project):
    assert run_setup(project)[0].returncode == 0
    broken = project / ".venv" / "bin" / "python"
    broken.write_text("#!/bin/sh\nexit 127\n", encoding="utf-8")
    result, calls = run_setup(project)
    assert result.returncode == 0, result.stderr
    assert "python3 -m venv --clear .venv" in calls
    assert pip_calls(calls)
