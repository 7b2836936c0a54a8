"""The `caresq` plugin's options in mkdocs.yml, each documented where it is declared."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class CaresqConfig(base.Config):
    policies = c.Type(str, default="policies")
    """Folder with the policy YAML, relative to mkdocs.yml."""

    drafts = c.Choice(("auto", "always", "never"), default="auto")
    """Show policies with `status: concept`: `auto` shows them under `mkdocs serve` only."""

    strict_transparency = c.Type(bool, default=False)
    """Treat missing NZa transparency elements as errors instead of warnings."""
