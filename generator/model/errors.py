"""The one error module: problems found in the policy files and the exceptions of the generator.

A `Problem` is printed in the `path:line:col: severity: message — hint` form editors know.
Every exception the generator raises on purpose derives from `GeneratorError`.
"""

from __future__ import annotations

from dataclasses import dataclass
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
        text = f"{self.path}:{self.line}:{self.column}: {Severity(self.severity).value}: {self.message}"
        if self.hint:
            text += f" — {self.hint}"
        return text

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.error


class GeneratorError(Exception):
    """Base of every error the generator raises on purpose; its text is Dutch and meant for people."""


class PolicyError(GeneratorError):
    """The policy files cannot be published; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        errors = [p for p in self.problems if p.is_error]
        super().__init__(
            f"{len(errors)} fout(en) in de beleidsbestanden:\n" + "\n".join(str(p) for p in errors)
        )


class PublishError(GeneratorError):
    """The site was not published; the target is unchanged."""


class ScaffoldError(GeneratorError):
    """A new policy file could not be written."""
