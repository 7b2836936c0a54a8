"""Layer 5, outputs: pure functions from a checked archive to the site's files.

Each module returns `{uri: content}`: `pages` (Markdown pages and assets),
`ical` (calendar feeds, as CRLF bytes), `changes` (change pages and the Atom
feed), `opendata` (JSON and schemas) and `nav` (the navigation as data).
`build_site` puts them together. Nothing here imports MkDocs.

Each module comes in two parts: what one care type makes from its own policies
and the shared inputs (`care_type_part`), and what draws on every care type (home,
Inkoopkalender, site-wide changes, the combined feed, the open-data index).
`IncrementalSite` is `build_site` for a series of archives, as `mkdocs serve` reads
one on every save: it makes a care type's part again only when its inputs changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel

from ..model.archive import Archive
from ..render import urls
from ..render.context import SiteContext, SiteOptions
from .changes import ChangeEntry, aggregate_changes, care_type_changes
from .ical import CareTypeFeeds, care_type_feeds, combined_feed
from .opendata import aggregate_data, care_type_data
from .pages import aggregate_pages, aggregate_sources, asset_files, care_type_pages, care_type_sources


@dataclass
class GeneratedSite:
    files: dict[str, str | bytes] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # page uri -> YAML file it comes from


@dataclass
class CareTypePart:
    """What one care type adds to the site: its files and their sources, and its entries on the
    site-wide change page and feed and in the open-data index."""

    files: dict[str, str | bytes]
    sources: dict[str, str]
    change_entries: list[ChangeEntry]
    data_index: list[dict]
    feeds: CareTypeFeeds | None  # None: no published policy, so no feeds


def care_type_part(ctx: SiteContext, care_type: str, shared: dict | None = None) -> CareTypePart:
    """A care type's pages, change pages, feeds and JSON: they depend on its own policies and on
    the shared inputs (organisation, glossary, shared texts, options) only. `shared` lets the care
    types of one build share the open data's dumps of the shared sections."""
    changes, entries = care_type_changes(ctx, care_type)
    documents, index = care_type_data(ctx, care_type, shared)
    published = [policy for policy in ctx.care_types[care_type] if not policy.draft]
    feeds = care_type_feeds(ctx, care_type, published) if published else None
    files = _merged((care_type_pages(ctx, care_type), changes, feeds.files if feeds else {}, documents))
    return CareTypePart(files, care_type_sources(ctx, care_type), entries, index, feeds)


def _merged(parts) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    for part in parts:
        clash = files.keys() & part.keys()
        if clash:
            raise ValueError(f"two generated files claim {sorted(clash)[0]}")
        files.update(part)
    return files


def assemble(ctx: SiteContext, parts: dict[str, CareTypePart]) -> GeneratedSite:
    """The whole site from every care type's part and the files that draw on all of them."""
    entries = [entry for part in parts.values() for entry in part.change_entries]
    index = [item for care_type in sorted(parts) for item in parts[care_type].data_index]
    sources = aggregate_sources(ctx)
    for part in parts.values():
        sources.update(part.sources)
    feeds = {urls.FEED_ALL: combined_feed(ctx, [part.feeds for part in parts.values() if part.feeds])}
    files = _merged((asset_files(), aggregate_pages(ctx), aggregate_changes(ctx, entries), feeds,
                     aggregate_data(ctx, index), *(part.files for part in parts.values())))
    return GeneratedSite(files, sources)


def build_site(archive: Archive, options: SiteOptions) -> GeneratedSite:
    """The whole generated site for one archive. Deterministic for the same input."""
    ctx = SiteContext(archive, options)
    shared: dict = {}
    return assemble(ctx, {care_type: care_type_part(ctx, care_type, shared) for care_type in ctx.care_types})


@dataclass
class _Inputs:
    """What a care type's part is made from: values compared by equality, documents by identity
    (the loader gives back the same document object for a file whose bytes did not change)."""

    values: tuple
    documents: tuple[BaseModel, ...]

    def same_as(self, other: _Inputs) -> bool:
        return (self.values == other.values and len(self.documents) == len(other.documents)
                and all(a is b for a, b in zip(self.documents, other.documents)))


class IncrementalSite:
    """`build_site` for one archive after another: the result is the same as `build_site`'s, but a
    care type's part is reused from the previous call while its policies and the shared inputs
    are the same objects. The files that draw on every care type are always made again."""

    def __init__(self) -> None:
        self._parts: dict[str, tuple[_Inputs, CareTypePart]] = {}
        self.remade: list[str] = []  # the care types the last `build` made again (the rest were reused)

    def build(self, archive: Archive, options: SiteOptions) -> GeneratedSite:
        ctx = SiteContext(archive, options)
        shared_keys = sorted(archive.shared)
        shared = (archive.organisation, archive.glossary, *(archive.shared[key] for key in shared_keys))
        parts: dict[str, tuple[_Inputs, CareTypePart]] = {}
        self.remade = []
        for care_type, policies in ctx.care_types.items():
            inputs = _Inputs((archive.root, options, tuple(shared_keys)), (*shared, *policies))
            previous = self._parts.get(care_type)
            if previous is not None and previous[0].same_as(inputs):
                parts[care_type] = previous
            else:
                parts[care_type] = (inputs, care_type_part(ctx, care_type))
                self.remade.append(care_type)
        self._parts = parts
        return assemble(ctx, {care_type: part for care_type, (_, part) in parts.items()})


__all__ = ["GeneratedSite", "IncrementalSite", "SiteOptions", "build_site"]
