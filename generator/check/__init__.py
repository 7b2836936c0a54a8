"""Layer 3, checking: rules that span a file or the whole archive (ids, references,
order of dates, safe text and links) and the NZa transparency rules.

`load_archive` is what every caller wants: read the folder, then check it.
Imports `generator.model` and `generator.load`.
"""

from __future__ import annotations

from pathlib import Path

from ..load import ParseMemo, collector_paused, read_archive
from ..model.archive import Archive
from ..model.errors import PolicyError, Problem
from .deadlines import deadline_problems
from .namespace import namespace_problems
from .references import reference_problems
from .rules import validate_archive


def check_archive(archive: Archive, *, strict: bool = False, memo: ParseMemo | None = None) -> list[Problem]:
    """Every problem the cross-file and transparency rules find (errors and warnings).
    `memo`: the one `archive` was read with (`load_archive`)."""
    return (validate_archive(archive, strict=strict, memo=memo) + deadline_problems(archive) + reference_problems(archive)
            + namespace_problems(archive))


def load_archive(root: Path, *, include_drafts: bool = True, strict: bool = False, memo: ParseMemo | None = None) -> Archive:
    """Read and check the whole data folder. Raises `PolicyError` listing every error;
    the warnings are on `archive.problems`. `memo`: see `ParseMemo`."""
    with collector_paused():  # the rules make many short-lived objects and no cycles, like loading
        archive = read_archive(root, include_drafts=include_drafts, memo=memo)
        problems = archive.problems + check_archive(archive, strict=strict, memo=memo)
    if any(p.is_error for p in problems):
        raise PolicyError(problems)
    archive.problems = sorted(problems)
    return archive


__all__ = ["check_archive", "load_archive"]
