"""Problems found in the policy files, in the `path:line:col: message` form editors know."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one file. Line and column are 1-based, as editors count."""

    path: str
    line: int
    column: int
    message: str
    hint: str = ""
    severity: str = "fout"  # "fout" stops the build, "waarschuwing" does not

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"
        if self.hint:
            text += f" — {self.hint}"
        return text

    @property
    def is_error(self) -> bool:
        return self.severity == "fout"


class PolicyError(Exception):
    """Raised when the policy files cannot be published; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        errors = [p for p in self.problems if p.is_error]
        super().__init__(
            f"{len(errors)} fout(en) in de beleidsbestanden:\n" + "\n".join(str(p) for p in errors)
        )


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as the editor sees it: relative to the working directory when possible."""
    path = path.resolve()
    for base in (Path.cwd(), root.resolve().parent if root else None):
        if base is None:
            continue
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()
