"""`check --github`: annotations that land on the right line and cannot be forged.

The runner below reads workflow commands the way the GitHub Actions runner does
(a line that starts with `::`, properties split on `,` and `=`, `%XX` escapes,
`::stop-commands::TOKEN` until `::TOKEN::`), so a test can show what GitHub
would make of our output.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SYNTHETIC, synthetic_copy
from generator.tools.annotations import LIMIT, annotation, annotations, escape_data, escape_property, markdown_cell, summary
from generator.tools.cli import main
from generator.model.errors import Problem

# Texts a YAML file could carry into a message, each aimed at the command syntax.
HOSTILE = [
    "gewone tekst",
    "100% zeker",
    "%0A::error file=vals.yaml::nagemaakt",
    "regel een\n::error file=vals.yaml,line=1::nagemaakt",
    "windows\r\n::warning::nagemaakt",
    "a::b, c:d, title=nep",
    "| kolom | <script>alert(1)</script> [klik](javascript:alert(1)) `code` *vet*",
    "::stop-commands::abc",
]


def _unescape(text: str, *, prop: bool) -> str:
    if prop:
        text = text.replace("%3A", ":").replace("%2C", ",")
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def runner_commands(output: str) -> list[dict]:
    """The workflow commands GitHub's runner would act on, in order."""
    commands, paused = [], None
    for line in output.splitlines():
        text = line.lstrip()
        if paused is not None:
            if text == f"::{paused}::":
                paused = None
            continue
        if not text.startswith("::"):
            continue
        end = text.find("::", 2)
        if end < 0:
            continue
        head, data = text[2:end], text[end + 2:]
        name, _, props = head.partition(" ")
        if name == "stop-commands":
            paused = data
            continue
        properties = {}
        for pair in filter(None, props.split(",")):
            key, _, value = pair.partition("=")
            properties[key] = _unescape(value, prop=True)
        commands.append({"command": name, "properties": properties, "data": _unescape(data, prop=False)})
    return commands


def _problem(message: str, path: str = "policies/zorgsoorten/x/2026.yaml", severity: str = "fout", line: int = 3) -> Problem:
    return Problem(path, line, 5, message, "doe iets", severity)


def test_escaping_follows_the_toolkit():
    assert escape_data("100%\r\n") == "100%25%0D%0A"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


@pytest.mark.parametrize("text", HOSTILE)
def test_a_hostile_message_round_trips_as_one_annotation(text):
    problem = _problem(text, path=f"policies/{text[:8]}.yaml")
    line = annotation(problem)
    assert "\n" not in line and "\r" not in line
    [command] = runner_commands(line)
    assert command["command"] == "error"
    assert command["properties"] == {"file": problem.path, "line": "3", "col": "5", "title": "Beleidscontrole: fout"}
    assert command["data"] == f"{text} — doe iets"


def test_warnings_are_warnings():
    [command] = runner_commands(annotation(_problem("let op", severity="waarschuwing")))
    assert command["command"] == "warning"


def test_at_most_ten_annotations_errors_first():
    problems = [_problem(f"waarschuwing {i}", severity="waarschuwing", line=i) for i in range(1, 6)]
    problems += [_problem(f"fout {i}", line=i) for i in range(1, 21)]
    commands = runner_commands("\n".join(annotations(problems)))
    assert len(commands) == LIMIT
    assert [c["command"] for c in commands[:-1]] == ["error"] * (LIMIT - 1)
    assert commands[-1]["command"] == "notice" and "nog 16 melding(en)" in commands[-1]["data"]


def test_ten_problems_fit_without_a_notice():
    commands = runner_commands("\n".join(annotations([_problem(f"fout {i}", line=i) for i in range(1, 11)])))
    assert [c["command"] for c in commands] == ["error"] * 10


@pytest.mark.parametrize("text", HOSTILE)
def test_summary_cell_cannot_break_the_table_or_inject(text):
    cell = markdown_cell(text)
    assert "\n" not in cell and "<" not in cell
    assert re.search(r"(?<!\\)[|`\[\]*]", cell) is None  # every pipe, backtick, bracket and star escaped


def test_summary_lists_every_problem():
    problems = [_problem(f"fout {i} | met <b>opmaak</b>", line=i) for i in range(1, 26)]
    text = summary(problems)
    rows = [line for line in text.splitlines() if line.startswith("| policies/")]
    assert len(rows) == 25
    for row in rows:
        assert len(re.findall(r"(?<!\\)\|", row)) == 7  # six cells, no extra column
    assert "<b>" not in text and "25 fout(en), 0 waarschuwing(en)" in text


def _policies_with(tmp_path: Path, extra: str) -> Path:
    copy = synthetic_copy(tmp_path / "policies")
    target = copy / "zorgsoorten" / "wijkzorg" / "2026.yaml"
    target.write_text(target.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return copy


def test_check_github_end_to_end(tmp_path, monkeypatch):
    # Twelve unknown fields, one of them a key that tries to forge an annotation of its own.
    extra = '"x\\n::error file=vals.yaml,line=1::nagemaakt": 1\n' + "".join(f"onbekend{i}: 1\n" for i in range(11))
    _policies_with(tmp_path, extra)
    summary_file = tmp_path / "summary.md"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary_file))
    result = CliRunner().invoke(main, ["check", "--github", "policies"])
    assert result.exit_code == 2, result.output
    commands = runner_commands(result.stdout)
    assert len(commands) == LIMIT
    assert all(c["properties"].get("file", "policies/zorgsoorten/wijkzorg/2026.yaml")
               == "policies/zorgsoorten/wijkzorg/2026.yaml" for c in commands)
    assert not any(c["properties"].get("file") == "vals.yaml" for c in commands)
    # The plain listing is still there for people: a line in check's own form, not only the annotation.
    plain = [line for line in result.stdout.splitlines() if line.startswith("policies/zorgsoorten/wijkzorg/2026.yaml:")]
    assert len(plain) == 12 and any("onbekend veld 'onbekend0'" in line for line in plain), result.stdout
    table = summary_file.read_text(encoding="utf-8")
    assert table.count("| policies/zorgsoorten/wijkzorg/2026.yaml |") == 12


def test_check_github_when_all_is_well(tmp_path, monkeypatch):
    summary_file = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary_file))
    result = CliRunner().invoke(main, ["check", "--github", str(SYNTHETIC)])
    assert result.exit_code == 0, result.output
    commands = runner_commands(result.stdout)
    assert commands and all(c["command"] == "warning" for c in commands), "the archive's transparency warnings"
    assert "## Beleidscontrole" in summary_file.read_text(encoding="utf-8")
