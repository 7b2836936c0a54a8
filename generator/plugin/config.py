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

    cache = c.Type(bool, default=True)
    """Reuse the generated files of an earlier build with exactly the same inputs (policy
    files, generator, libraries, these options and the build date): such a build skips
    loading, checking and generating. See generator/plugin/cache.py."""

    cache_dir = c.Type(str, default=".cache/caresq")
    """Folder of that cache, relative to mkdocs.yml. Safe to delete at any time."""
