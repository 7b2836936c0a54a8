"""`check` as a policy officer meets it: every mistake reported with file, line and a hint.

The corpus in tests/malformed/ holds one file per mistake. Each starts with
comment lines that drive the test:

    # plek: zorgsoorten/proef/2026.yaml      where it goes inside a copy of policies/
    # fout: ...                              the planted mistake, for the reader
    # verwacht: 14: onbekend veld 'tekts'    expected line and a fragment of the message (repeatable)
    # verwacht: 7:8: het aanhalingsteken     ... or line and column
    # aantal: 51                             number of errors, when it differs from the 'verwacht' lines
    # opvullen: 1100000                      pad the file with comment lines up to this many bytes

Most files are the small, valid policy in tests/malformed/basis/ with one planted mistake.
They are planted in a copy of the synthetic archive (tests/archive/), and `check` runs
in-process through click's test runner: same exit code, stdout and stderr as the command.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import POLICIES, SYNTHETIC, synthetic_copy
from generator.tools.cli import main

MALFORMED = Path(__file__).parent / "malformed"
PROBLEM_LINE = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>fout|waarschuwing): "
                          r"(?P<message>.+?) — (?P<hint>.+)$")
SUMMARY_OK = re.compile(r"^check: \d+ bestand\(en\) in orde, \d+ waarschuwing\(en\)$")


@dataclass
class Case:
    file: Path
    place: str
    expected: list[tuple[int, int | None, str]]  # line, column (when the header gives one), message fragment
    count: int
    pad_to: int | None


def _read_case(file: Path) -> Case:
    place, expected, count, pad_to = None, [], None, None
    # Read as bytes: one corpus file is deliberately not UTF-8.
    for raw in file.read_bytes().decode("utf-8", errors="replace").splitlines():
        if not raw.startswith("# "):
            break
        key, _, value = raw[2:].partition(": ")
        if key == "plek":
            place = value
        elif key == "verwacht":
            where = re.match(r"(\d+)(?::(\d+))?: ", value)
            expected.append((int(where[1]), int(where[2]) if where[2] else None, value[where.end():]))
        elif key == "aantal":
            count = int(value)
        elif key == "opvullen":
            pad_to = int(value)
    assert place and expected, f"{file.name}: header needs '# plek:' and '# verwacht:'"
    return Case(file, place, expected, count or len(expected), pad_to)


CASES = [_read_case(f) for f in sorted(MALFORMED.iterdir()) if f.is_file()]


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


def run_check(*args: str, cwd: Path) -> Run:
    """`python -m generator check ARGS` in `cwd`, in-process: paths show relative to `cwd`."""
    before = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, ["check", *args])
    finally:
        os.chdir(before)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # an escaped exception is a traceback for the editor: fail loudly
    return Run(result.exit_code, result.stdout, result.stderr)


def problems_in(stdout: str) -> list[re.Match]:
    found = []
    for line in stdout.splitlines():
        match = PROBLEM_LINE.match(line)
        assert match, f"not in the form 'pad:regel:kolom: fout: melding — hint': {line!r}"
        found.append(match)
    return found


@pytest.fixture
def policies_copy(tmp_path: Path) -> Path:
    """A copy of the synthetic archive, named policies/ as editors know it."""
    return synthetic_copy(tmp_path / "policies")


def test_corpus_is_large_and_varied():
    assert len(CASES) >= 45
    places = {case.place.split("/")[0] for case in CASES}
    assert {"zorgsoorten", "gedeeld", "organisatie.yaml"} <= places


@pytest.mark.parametrize("case", CASES, ids=[c.file.stem for c in CASES])
def test_malformed_file_is_reported(case: Case, policies_copy: Path):
    target = policies_copy / case.place
    target.parent.mkdir(parents=True, exist_ok=True)
    content = case.file.read_bytes()
    if case.pad_to:  # a 1 MiB file is generated here rather than committed
        filler = b"# opvulling om het bestand groot te maken\n"
        content += filler * (case.pad_to // len(filler) + 1)
    target.write_bytes(content)

    result = run_check("policies", cwd=policies_copy.parent)

    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 2, result.stdout + result.stderr
    shown = f"policies/{case.place}"
    errors = [m for m in problems_in(result.stdout) if m["severity"] == "fout"]
    assert errors, result.stdout
    # One mistake, so every error is about the planted file and nothing else goes wrong.
    assert {m["path"] for m in errors} == {shown}, result.stdout
    assert len(errors) == case.count, result.stdout
    for line, column, fragment in case.expected:
        hits = [m for m in errors if int(m["line"]) == line and fragment in m["message"]
                and column in (None, int(m["col"]))]
        assert hits, f"expected {shown}:{line}:{column or ''}: ...{fragment}...; got:\n{result.stdout}"
        assert all(len(m["hint"]) > 10 for m in hits), "every message needs a hint saying what to do"
    assert "niets gepubliceerd" in result.stderr


def test_corpus_base_files_are_valid(policies_copy: Path):
    """The files the corpus plants its mistakes in are themselves correct, without even a warning."""
    shown = []
    for base in sorted((MALFORMED / "basis").glob("*.yaml")):
        place = base.read_text(encoding="utf-8").splitlines()[0].removeprefix("# plek: ")
        (policies_copy / place).parent.mkdir(parents=True, exist_ok=True)
        (policies_copy / place).write_bytes(base.read_bytes())
        shown.append(f"policies/{place}")
    assert len(shown) == 2

    result = run_check("policies", cwd=policies_copy.parent)

    assert result.returncode == 0, result.stdout + result.stderr
    assert not [line for line in result.stdout.splitlines() if line.startswith(tuple(shown))]


@pytest.mark.parametrize("root", [SYNTHETIC, pytest.param(POLICIES, marks=pytest.mark.policies)],
                         ids=["synthetic", "policies"])
def test_bundled_policies_pass_with_one_summary_line(root: Path):
    result = run_check(root.name, cwd=root.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert SUMMARY_OK.match(lines[-1]), lines[-1]
    assert all(m["severity"] == "waarschuwing" for m in problems_in("\n".join(lines[:-1])))


def test_every_mistake_in_a_file_is_reported(policies_copy: Path):
    """Three independent mistakes in one file: all three are reported, not only the first."""
    base = (MALFORMED / "onbekend-veld-tekts.yaml").read_text(encoding="utf-8")
    text = (base.replace("jaar: 2026", "jaar: twintig")
                .replace("              stap: Reageren op het aanbod\n", "")
                .replace("datum: 2025-06-01", "datum: 2025-02-31"))
    target = policies_copy / "zorgsoorten/proef/2026.yaml"
    target.parent.mkdir(parents=True)
    target.write_text(text, encoding="utf-8")

    result = run_check("policies", cwd=policies_copy.parent)

    assert result.returncode == 2
    messages = [m["message"] for m in problems_in(result.stdout) if m["severity"] == "fout"]
    for fragment in ("onbekend veld 'tekts'", "'twintig' is geen geheel getal",
                     "het verplichte veld 'stap' ontbreekt", "'2025-02-31' is geen bestaande datum"):
        assert any(fragment in m for m in messages), (fragment, result.stdout)
    lines = [int(m["line"]) for m in problems_in(result.stdout)]
    assert lines == sorted(lines), "problems are listed in file order"


def test_mistakes_in_several_files_are_all_reported(policies_copy: Path):
    for name in ("jaar-in-woorden", "uzovi-ongequote"):
        case = _read_case(MALFORMED / f"{name}.yaml")
        (policies_copy / case.place).parent.mkdir(parents=True, exist_ok=True)
        (policies_copy / case.place).write_bytes(case.file.read_bytes())
    result = run_check("policies", cwd=policies_copy.parent)
    assert result.returncode == 2
    paths = {m["path"] for m in problems_in(result.stdout) if m["severity"] == "fout"}
    assert paths == {"policies/zorgsoorten/proef/2026.yaml", "policies/organisatie.yaml"}


def test_check_one_file(policies_copy: Path):
    case = _read_case(MALFORMED / "onbekend-veld-tekts.yaml")
    bad = policies_copy / case.place
    bad.parent.mkdir(parents=True)
    bad.write_bytes(case.file.read_bytes())
    good = "policies/zorgsoorten/wijkzorg/2026.yaml"

    failing = run_check(f"policies/{case.place}", cwd=policies_copy.parent)
    passing = run_check(good, cwd=policies_copy.parent)

    assert failing.returncode == 2
    assert [m["path"] for m in problems_in(failing.stdout)] == [f"policies/{case.place}"]
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert SUMMARY_OK.match(passing.stdout.splitlines()[-1])
    assert "1 bestand(en) in orde" in passing.stdout


def test_missing_path_is_an_error_not_a_traceback(tmp_path: Path):
    result = run_check("bestaat-niet", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    assert problems_in(result.stdout)[0]["message"] == "dit bestand of deze map bestaat niet"


def test_console_script(policies_copy: Path):
    """The real command, in its own process: the one test here that does not go through CliRunner."""
    script = Path(sys.executable).with_name("caresq")
    assert script.exists(), "the package installs a 'caresq' console script"
    good = subprocess.run([str(script), "check", "policies"], cwd=policies_copy.parent, capture_output=True, text=True)
    assert good.returncode == 0 and SUMMARY_OK.match(good.stdout.splitlines()[-1])

    case = _read_case(MALFORMED / "tekst-no.yaml")
    (policies_copy / case.place).parent.mkdir(parents=True)
    (policies_copy / case.place).write_bytes(case.file.read_bytes())
    bad = subprocess.run([str(script), "check", "policies"], cwd=policies_copy.parent, capture_output=True, text=True)
    assert bad.returncode == 2
    assert f"policies/{case.place}:{case.expected[0][0]}:" in bad.stdout
    assert "niets gepubliceerd" in bad.stderr and "Traceback" not in bad.stderr
