"""Layer 4, rendering: view models, Markdown to safe HTML, the URL scheme, Jinja templates.

`context.SiteContext` renders pages from templates (presentation only, one
environment, autoescape, `StrictUndefined`); `views` derives what the pages show
but the YAML does not store; `diff` compares versions; `urls` says where every
file lives. Imports `generator.model` and `generator.check`.
"""

from .context import SiteContext, SiteOptions

__all__ = ["SiteContext", "SiteOptions"]
