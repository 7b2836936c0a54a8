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


def __getattr__(name: str):
    """`SiteOptions` and `build_site` are imported on first use: `python -m generator check` starts
    without the outputs (Jinja, Markdown, iCalendar), which would double its start-up."""
    if name in ("SiteOptions", "build_site"):
        from . import outputs

        return getattr(outputs, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Archive", "GeneratorError", "PolicyError", "Problem", "SiteOptions", "build_site", "load_archive"]
