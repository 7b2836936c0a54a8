"""The site's Markdown pages and assets, and the YAML file each page is edited in."""

from __future__ import annotations

from importlib import resources

from ..model.documents import ChangeList, ChapterKind, MilestoneKind, Policy, walk_chapters
from ..render import urls
from ..render.context import SiteContext
from ..render.options import ASSETS



def asset_files() -> dict[str, str]:
    """The site's own stylesheet and script, as shipped in the package."""
    folder = resources.files("generator.render").joinpath("assets")
    return {f"assets/{name}": folder.joinpath(name).read_text(encoding="utf-8") for name in ASSETS}




def aggregate_pages(ctx: SiteContext) -> dict[str, str]:
    """The pages that draw on every care type or on the shared inputs alone: all but `care_type_pages`."""
    archive = ctx.archive
    home_cards = ctx.care_type_cards(urls.HOME)
    site = {
        urls.HOME: ctx.render("home.md.j2", urls.HOME, care_types=home_cards, offers=ctx.offers(home_cards)),
        urls.CARE_TYPES_PAGE: ctx.render("care_types.md.j2", urls.CARE_TYPES_PAGE,
                                         care_types=ctx.care_type_cards(urls.CARE_TYPES_PAGE)),
        urls.CALENDAR_PAGE: ctx.render("calendar.md.j2", urls.CALENDAR_PAGE, calendar=ctx.calendar()),
        urls.GLOSSARY_PAGE: ctx.render("glossary.md.j2", urls.GLOSSARY_PAGE, terms=archive.glossary.terms),
        urls.CHECK_PAGE: ctx.render("check.md.j2", urls.CHECK_PAGE, checks=ctx.policy_checks(urls.CHECK_PAGE),
                                   shared=ctx.shared_uses(urls.CHECK_PAGE)),
    }
    for section_id in sorted({sid for sid, _ in archive.shared}):
        uri = urls.shared_section(section_id)
        site[uri] = ctx.render("shared.md.j2", uri, versions=ctx.shared_versions(section_id, uri),
                               diffs=ctx.section_diffs(section_id))
    return site


def care_type_pages(ctx: SiteContext, care_type: str) -> dict[str, str]:
    """A care type's page and its policies' pages: they depend on its own policies and the shared inputs only."""
    policies = ctx.care_types[care_type]
    uri = urls.care_type_index(care_type)
    site = {uri: ctx.render("care_type.md.j2", uri, policies=policies, latest=policies[-1],
                            feeds=ctx.feed_picker(uri, care_type), upcoming=ctx.upcoming(care_type, uri))}
    for policy in policies:
        site.update(policy_pages(ctx, policy, policies))
    return site


def policy_pages(ctx: SiteContext, policy: Policy, siblings: list[Policy]) -> dict[str, str]:
    """A policy's landing page, full text and checklist (its change page is `changes`')."""
    common = dict(
        siblings=siblings,
        version=ctx.version_line(policy),
    )
    landing_uri = urls.landing(policy)
    change_lists = ctx.index(policy).of(ChangeList)
    full_uri = urls.full_policy(policy)
    checklist_uri = urls.checklist(policy)
    return {
        landing_uri: ctx.render(
            "landing.md.j2", landing_uri, policy,
            intro=ctx.intro_text(policy),
            themes=ctx.theme_links(policy, landing_uri),
            main_changes=[item for cl in change_lists[:1] for group in cl.groups for item in group.items][:6],
            timeline_entries=ctx.timeline(policy, landing_uri),
            care_forms=ctx.care_forms(policy, landing_uri),
            summary=ctx.condition_summary(policy),
            feeds=ctx.feed_picker(landing_uri, policy.care_type),
            **common,
        ),
        full_uri: ctx.render(
            "policy.md.j2", full_uri, policy,
            chapters=ctx.chapters(policy, full_uri),
            r=ctx.references(policy),
            key_dates=[e for e in ctx.timeline(policy, full_uri) if e.kind == MilestoneKind.deadline.value],
            conditions=ctx.condition_summary(policy),
            conditions_chapter=next((c for c in walk_chapters(policy.chapters) if c.kind is ChapterKind.conditions), None),
            **common,
        ),
        checklist_uri: ctx.render("checklist.md.j2", checklist_uri, policy, checklist=ctx.checklist(policy, checklist_uri),
                                  **common),
    }




def aggregate_sources(ctx: SiteContext) -> dict[str, str]:
    """Page uri -> the YAML file (relative to the repository) its text is edited in, for the `aggregate_pages`."""
    archive = ctx.archive
    sources = {urls.HOME: archive.relative_path(archive.organisation),
               urls.GLOSSARY_PAGE: archive.relative_path(archive.glossary)}
    for section_id in sorted({sid for sid, _ in archive.shared}):
        sources[urls.shared_section(section_id)] = archive.relative_path(archive.shared_versions(section_id)[-1])
    return sources


def care_type_sources(ctx: SiteContext, care_type: str) -> dict[str, str]:
    """The same for one care type's pages."""
    archive, policies = ctx.archive, ctx.care_types[care_type]
    sources = {urls.care_type_index(care_type): archive.relative_path(policies[-1])}
    for policy in policies:
        for uri in (urls.landing(policy), urls.full_policy(policy), urls.checklist(policy), urls.policy_changes(policy)):
            sources[uri] = archive.relative_path(policy)
    return sources
