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

from importlib import import_module

# Each public name and the module it lives in, imported on first use: the MkDocs plugin
# serving a build from its cache and `python -m generator check` need only part of the
# package (bench/RESULTS.md: importing all of it is about a third of a small build).
_PUBLIC = {
    "load_archive": ".check",
    "Archive": ".model.archive",
    "GeneratorError": ".model.errors",
    "PolicyError": ".model.errors",
    "Problem": ".model.errors",
    "SiteOptions": ".render.options",
    "build_site": ".outputs",
}


def __getattr__(name: str):
    if name in _PUBLIC:
        return getattr(import_module(_PUBLIC[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = sorted(_PUBLIC)
