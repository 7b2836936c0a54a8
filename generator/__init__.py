"""Caresq policy site generator: `policies/` YAML in, site files out.

The public API:

- `load_archive(root)`: read and check the data folder; raises `PolicyError`.
- `build_site(archive, SiteOptions(base_url=...))`: every generated file, `uri -> content`.
- `Archive`, `Problem`, `PolicyError`, `GeneratorError`: what those return and raise.

The layers, imports running one way only (an import contract in the tests keeps it so):
`model` (pydantic documents) ← `load` (YAML with positions) ← `check` (rules) ←
`render` (view models, Markdown, templates) ← `outputs` (`archive -> {uri: content}`)
← `plugin` (the MkDocs adapter) and `tools` (the command line). Nothing below
`plugin` imports MkDocs.
"""

from .check import load_archive
from .model import Archive, GeneratorError, PolicyError, Problem
from .outputs import SiteOptions, build_site

__all__ = ["Archive", "GeneratorError", "PolicyError", "Problem", "SiteOptions", "build_site", "load_archive"]
