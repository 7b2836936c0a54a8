"""Caresq policy site generator: `policies/` YAML in, site files out.

The core (loading, validation, rendering to a `uri -> content` mapping) never
imports MkDocs; `generator.mkdocs_plugin` is the thin adapter.
"""

from .loader import Archive, load_archive
from .problems import PolicyError, Problem

__all__ = ["Archive", "PolicyError", "Problem", "load_archive"]
