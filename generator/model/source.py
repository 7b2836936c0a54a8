"""A parsed YAML file as data: its values and where each one stands (no reading here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Problem, Severity

PathKey = tuple  # ('hoofdstukken', 0, 'titel')


@dataclass
class SourceFile:
    """A parsed YAML file: plain data plus where each value and key stands."""

    path: Path
    shown: str  # path as printed in messages
    data: Any = None
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    implicit: dict[PathKey, str] = field(default_factory=dict)  # plain scalars YAML 1.1 would retype
    problems: list[Problem] = field(default_factory=list)

    def where(self, path: PathKey, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value at `path`, or of its nearest existing parent."""
        path = tuple(path)
        if key and path in self.key_positions:
            return self.key_positions[path]
        while path:
            if path in self.positions:
                return self.positions[path]
            if path in self.key_positions:
                return self.key_positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))

    def problem(self, path: PathKey, message: str, hint: str = "", *, key: bool = False, severity: Severity = Severity.error) -> Problem:
        line, column = self.where(path, key=key)
        found = Problem(self.shown, line, column, message, hint, severity)
        self.problems.append(found)
        return found
