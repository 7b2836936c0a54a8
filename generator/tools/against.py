"""`check --against REF`: the working policy files compared with a git revision.

Reads REF's policy folder (see `gitref`), then:
- `generator.check.history` reports published milestones that moved or vanished
  without a trace, and new revisions without a date;
- the files whose text differs from REF are listed, so `check` can show the
  warnings of those files and only count the rest;
- on request, `review` writes what changes for providers as Markdown.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..check.history import history_problems
from ..load import read_archive
from ..load.layout import display_path, policy_files
from ..model.archive import Archive
from ..model.errors import PolicyError, Problem, Severity
from .gitref import policies_at
from .review import review_summary


@dataclass
class Comparison:
    problems: list[Problem]  # what the history rules found (and a warning when REF cannot be read)
    changed: set[Path]  # resolved paths of the working files that are new or differ from REF
    summary: str | None = None


def changed_files(root: Path, ref_root: Path | None) -> set[Path]:
    """The files of `root` that did not exist at REF or whose bytes differ (resolved paths)."""
    changed = set()
    for path in policy_files(root):
        before = ref_root / path.relative_to(root) if ref_root is not None else None
        if before is None or not before.is_file() or before.read_bytes() != path.read_bytes():
            changed.add(path.resolve())
    return changed


def _readable(root: Path) -> Archive | None:
    try:
        return read_archive(root)
    except PolicyError:
        return None


def compare(root: Path, ref: str, *, summary: bool = False, preview_url: str | None = None) -> Comparison:
    """Compare the policy folder `root` with its state at git revision `ref`.
    Raises `GitRefError` when REF cannot be read from git."""
    root = Path(root)
    with policies_at(root, ref) as ref_root:
        changed = changed_files(root, ref_root)
        after = _readable(root)
        if ref_root is None:
            before = None
            problems: list[Problem] = []
        else:
            before = _readable(ref_root)
            problems = [] if before is not None else [Problem(
                display_path(root), 1, 1, f"de beleidsbestanden van {ref} zijn zelf niet te lezen, dus verschoven datums zijn niet vergeleken",
                f"controleer {ref} apart, of vergelijk met een andere versie", Severity.warning)]
        if before is not None and after is not None:
            problems += history_problems(before, after)
        text = None
        if summary:
            if after is None:
                text = ("## Wat verandert er voor zorgaanbieders\n\nNiet samen te vatten: "
                        "los eerst de fouten in de beleidsbestanden op.\n")
            elif before is None and ref_root is not None:
                text = (f"## Wat verandert er voor zorgaanbieders\n\nNiet samen te vatten: "
                        f"de beleidsbestanden van {ref} zijn niet te lezen.\n")
            else:
                text = review_summary(before if before is not None else _empty_like(after), after, ref, preview_url)
    return Comparison(problems, changed, text)


def _empty_like(archive: Archive) -> Archive:
    """An archive without policies: what REF holds when its policy folder did not exist yet."""
    return Archive(archive.root, archive.organisation, archive.glossary, {}, [])


def changed_only(problems: list[Problem], changed: set[Path]) -> tuple[list[Problem], int]:
    """Errors, and the warnings of changed files (or about no file); and the number of warnings left out."""
    kept = [p for p in problems if p.is_error or Path(p.path).resolve() in changed or not Path(p.path).is_file()]
    return kept, len(problems) - len(kept)


def write_summary(text: str, github: bool) -> None:
    """The review summary: in the GitHub job summary with --github, else on standard output."""
    target = os.environ.get("GITHUB_STEP_SUMMARY") if github else None
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(text + "\n")
    else:
        print(text)
