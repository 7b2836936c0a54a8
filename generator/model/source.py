"""A parsed YAML file as data: its values and where each one stands (no reading here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

from .errors import Problem, Severity

PathKey = tuple  # ('hoofdstukken', 0, 'titel')

# Where each value stands is kept as a tree shaped like the data, one int per value and per key
# (a dict of paths to (line, column) pairs took about half the memory of a loaded archive):
#   a scalar   its position
#   a list     [its position, the marks of item 0, of item 1, ...]                        (a list)
#   a mapping  (its position, key, the key's position, the marks of its value, key, ...)  (a tuple)
# A position is line * COLUMNS + column, both counted from 1.
COLUMNS = 1 << 21  # more than the characters on a line of the largest file read (1 MiB)
Marks = Union[int, list, tuple]


def position(line: int, column: int) -> int:
    return line * COLUMNS + column


@dataclass
class SourceFile:
    """A parsed YAML file: plain data plus where each value and key stands."""

    path: Path
    shown: str  # path as printed in messages
    data: Any = None
    marks: Marks | None = None  # where each value and key of `data` stands (see above); None if not read
    implicit: dict[PathKey, str] = field(default_factory=dict)  # plain scalars YAML 1.1 would retype
    problems: list[Problem] = field(default_factory=list)

    def where(self, path: PathKey, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value at `path`, or of its nearest existing parent.
        With `key`, of the key when the path ends at a key of a mapping."""
        marks = self.marks
        if marks is None:
            return (1, 1)
        found = marks if type(marks) is int else marks[0]
        path = tuple(path)
        for depth, part in enumerate(path, start=1):
            if type(marks) is tuple and isinstance(part, str) and part in marks:
                at = marks.index(part, 1)  # only keys are strings
                if key and depth == len(path):
                    found = marks[at + 1]
                    break
                marks = marks[at + 2]
            elif type(marks) is list and isinstance(part, int) and 0 <= part < len(marks) - 1:
                marks = marks[part + 1]
            else:
                break  # not in the file: the nearest parent
            found = marks if type(marks) is int else marks[0]
        return divmod(found, COLUMNS)

    def problem(self, path: PathKey, message: str, hint: str = "", *, key: bool = False, severity: Severity = Severity.error) -> Problem:
        line, column = self.where(path, key=key)
        found = Problem(self.shown, line, column, message, hint, severity)
        self.problems.append(found)
        return found
