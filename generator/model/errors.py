"""The one error module: problems found in the policy files and the exceptions of the generator.

A `Problem` is printed in the `path:line:col: severity: message — hint` form editors know.
Every exception the generator raises on purpose derives from `GeneratorError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum


class Severity(str, Enum):
    """An error stops the build; a warning is shown and does not."""

    error = "fout"
    warning = "waarschuwing"


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one file. Line and column are 1-based, as editors count."""

    path: str
    line: int
    column: int
    message: str
    hint: str = ""
    severity: Severity = Severity.error

    def __str__(self) -> str:
        text = f"{_one_line(self.path)}:{self.line}:{self.column}: {Severity(self.severity).value}: {_one_line(self.message)}"
        if self.hint:
            text += f" — {_one_line(self.hint)}"
        return text

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.error


# Characters that would break the one-line form or act on a terminal: shown as escapes.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _one_line(text: str) -> str:
    """A message quotes the editor's values; a newline or escape character in one stays visible, as '\\n'."""
    return _UNPRINTABLE.sub(lambda m: m.group(0).encode("unicode_escape", "backslashreplace").decode("ascii"), text)


def collapse(problems: list[Problem]) -> list[Problem]:
    """Problems that differ only in their place, reported once: the first, with how often and where else."""
    groups: dict[tuple, list[Problem]] = {}
    for problem in sorted(problems):
        groups.setdefault((problem.path, problem.severity, problem.message, problem.hint), []).append(problem)
    out = []
    for same in groups.values():
        first = same[0]
        if len(same) > 1:
            lines = sorted({p.line for p in same[1:]})
            shown = ", ".join(str(line) for line in lines[:5]) + (", …" if len(lines) > 5 else "")
            first = replace(first, message=f"{first.message} (en nog {len(same) - 1} keer, op regel {shown})")
        out.append(first)
    return sorted(out)


class GeneratorError(Exception):
    """Base of every error the generator raises on purpose; its text is Dutch and meant for people."""


class PolicyError(GeneratorError):
    """The policy files cannot be published; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        errors = [p for p in self.problems if p.is_error]
        super().__init__(
            f"{len(errors)} fout(en) in de beleidsbestanden:\n" + "\n".join(str(p) for p in collapse(errors))
        )


class PublishError(GeneratorError):
    """The site was not published; the target is unchanged."""


class ScaffoldError(GeneratorError):
    """A new policy file could not be written."""
