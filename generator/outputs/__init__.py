"""Layer 5, outputs: pure functions from a checked archive to the site's files.

Each module returns `{uri: content}`: `pages` (Markdown pages and assets),
`ical` (calendar feeds, as CRLF bytes), `changes` (change pages and the Atom
feed), `opendata` (JSON and schemas) and `nav` (the navigation as data).
`build_site` puts them together. Nothing here imports MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model.archive import Archive
from ..render.context import SiteContext, SiteOptions
from .changes import change_files
from .ical import feed_files
from .opendata import data_files
from .pages import asset_files, page_files, page_sources


@dataclass
class GeneratedSite:
    files: dict[str, str | bytes] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # page uri -> YAML file it comes from


def build_site(archive: Archive, options: SiteOptions) -> GeneratedSite:
    """The whole generated site for one archive. Deterministic for the same input."""
    ctx = SiteContext(archive, options)
    site = GeneratedSite(sources=page_sources(ctx))
    for part in (asset_files(), page_files(ctx), change_files(ctx), feed_files(ctx), data_files(ctx)):
        clash = site.files.keys() & part.keys()
        if clash:
            raise ValueError(f"two generated files claim {sorted(clash)[0]}")
        site.files.update(part)
    return site


__all__ = ["GeneratedSite", "SiteOptions", "build_site"]
