"""`check --github`: problems as GitHub Actions annotations and a job-summary table.

GitHub shows at most 10 error and 10 warning annotations per step, so we emit
at most `LIMIT` annotations and always append the full list to the job summary
($GITHUB_STEP_SUMMARY). Everything a problem says may come from a YAML file
written by anyone who opens a pull request, so:

- annotation text is escaped the way the runner unescapes it (a message can
  neither end the command early nor start a new line that the runner would read
  as a command of its own);
- the plain listing is printed between `::stop-commands::` and its resume token,
  so a YAML value that happens to look like `::error ...` is shown, not obeyed;
- summary cells are HTML- and Markdown-escaped, so a value cannot break the
  table, inject HTML or forge a link.
"""

from __future__ import annotations

import html
import os
import secrets
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator, TextIO

from ..model.errors import Problem

LIMIT = 10
TITLE = "Beleidscontrole"


def escape_data(text: str) -> str:
    """The message after `::`: as actions/toolkit's escapeData."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A `key=value` property: as escapeData, plus ':' and ',' that delimit properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem, path: str | None = None) -> str:
    """One `::error file=...,line=...,col=...,title=...::message` line."""
    command = "error" if problem.is_error else "warning"
    message = problem.message + (f" — {problem.hint}" if problem.hint else "")
    properties = {
        "file": path if path is not None else problem.path,
        "line": str(problem.line),
        "col": str(problem.column),
        "title": f"{TITLE}: {problem.severity}",
    }
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{command} {joined}::{escape_data(message)}"


def workspace_path(path: str) -> str:
    """Annotations attach to a file only when its path is relative to the repository root."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if workspace and Path(path).is_absolute():
        try:
            return Path(path).resolve().relative_to(Path(workspace).resolve()).as_posix()
        except ValueError:
            pass
    return path


def ordered(problems: Iterable[Problem]) -> list[Problem]:
    """Errors before warnings, then by file and line: the annotations that fit are the ones that block."""
    return sorted(problems, key=lambda p: (not p.is_error, p))


def annotations(problems: Iterable[Problem], limit: int = LIMIT) -> list[str]:
    """At most `limit` lines; when problems are left over, the last line says where they are."""
    problems = ordered(problems)
    if len(problems) <= limit:
        return [annotation(p, workspace_path(p.path)) for p in problems]
    shown = problems[: limit - 1]
    rest = len(problems) - len(shown)
    lines = [annotation(p, workspace_path(p.path)) for p in shown]
    lines.append(f"::notice title={escape_property(TITLE)}::"
                 + escape_data(f"nog {rest} melding(en) die GitHub hier niet toont: zie de samenvatting van deze job"))
    return lines


def markdown_cell(text: str) -> str:
    """Text safe inside a Markdown table cell: no HTML, no table breaks, no link or code syntax."""
    text = html.escape(" ".join(str(text).split()), quote=False)
    for char in "\\`*_[]|~":
        text = text.replace(char, "\\" + char)
    return text


def summary(problems: Iterable[Problem]) -> str:
    """The full list as a Markdown table for the job summary."""
    problems = ordered(problems)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    lines = ["## Beleidscontrole", ""]
    if not problems:
        lines += ["Geen fouten of waarschuwingen.", ""]
        return "\n".join(lines)
    lines += [f"{errors} fout(en), {warnings} waarschuwing(en).", "",
              "| Bestand | Regel | Kolom | Ernst | Melding | Wat u moet doen |",
              "|---|---:|---:|---|---|---|"]
    for p in problems:
        cells = (workspace_path(p.path), p.line, p.column, p.severity, p.message, p.hint)
        lines.append("| " + " | ".join(markdown_cell(str(c)) for c in cells) + " |")
    lines.append("")
    return "\n".join(lines)


@contextmanager
def commands_paused(stream: TextIO | None = None) -> Iterator[None]:
    """Make the runner ignore workflow commands in what is printed inside the block."""
    stream = stream or sys.stdout
    token = secrets.token_hex(16)  # unguessable, so the paused text cannot resume commands itself
    print(f"::stop-commands::{token}", file=stream, flush=True)
    try:
        yield
    finally:
        print(f"::{token}::", file=stream, flush=True)


def write_github_report(problems: list[Problem], stream: TextIO | None = None, summary_path: str | None = None) -> None:
    """Print the annotations and append the table to $GITHUB_STEP_SUMMARY (when set)."""
    stream = stream or sys.stdout
    for line in annotations(problems):
        print(line, file=stream)
    stream.flush()
    summary_path = summary_path or os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path:
        with open(summary_path, "a", encoding="utf-8") as handle:
            handle.write(summary(problems) + "\n")
