"""The page `mkdocs serve` shows while the policy files have errors: every problem as
`check` prints it, and a line that nothing is published from this state."""

from __future__ import annotations

from ..model.errors import Problem
from .context import _environment


def problems_page(problems: list[Problem]) -> str:
    """The Markdown of the preview's error page; each problem is text, never markup."""
    # One problem, one line (a line break inside would end the page's HTML block).
    lines = [" ".join(str(problem).splitlines()) for problem in sorted(problems)]
    errors = sum(problem.is_error for problem in problems)
    return _environment().get_template("preview_errors.md.j2").render(problems=lines, errors=errors)
