"""Layer 4, rendering: view models, Markdown to safe HTML, the URL scheme, Jinja templates.

`context.SiteContext` renders pages from templates (presentation only, one
environment, autoescape, `StrictUndefined`); `views` derives what the pages show
but the YAML does not store; `diff` compares versions; `urls` says where every
file lives. Imports `generator.model` and `generator.check`.
"""

from importlib import import_module

_PUBLIC = {"SiteContext": ".context", "SiteOptions": ".options"}  # imported on first use


def __getattr__(name: str):
    if name in _PUBLIC:
        return getattr(import_module(_PUBLIC[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = sorted(_PUBLIC)
