"""Change logs: the change page of each policy beside its authored lists, the
site-wide change page, and the Atom feed of changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from ..model.documents import ChangeList, Milestone, Policy, PreviousDate, SharedRef
from ..render import urls, views
from ..render.context import SectionDiff, SiteContext
from ..render.dates import dutch
from ..render.diff import diff, version_name
from .atom import Entry, Feed, atom_feed


@dataclass
class ChangeEntry:
    """One dated entry in the Atom feed; a policy's and a revision's are also one compact
    entry on the site-wide change page."""

    key: str  # stable: never reuse for another entry
    date: dt.date
    date_known: bool
    title: str
    policy: Policy | None
    html: Markup  # the feed's content
    href_uri: str
    anchor: str | None = None
    summary: str = ""  # one line on the site-wide page: how much changed
    moved: tuple[str, ...] = ()  # dates a revision moved, in words

    @property
    def page_id(self) -> str:
        """The entry's element id on the site-wide page, from the same stable key."""
        return self.key.removeprefix("zorgsoorten/").replace("/revisies/", "-").replace("/wijzigingen", "").replace("/", "-")


@dataclass(frozen=True)
class SharedChange:
    """A shared text in a policy, changed since the wording before it (in words, no keys)."""

    title: str
    old: str  # "versie 2026"
    new: str  # "versie 2026 (geboortezorg)"
    diff: SectionDiff


def revision_moves(policy: Policy, revision_id: str) -> list[str]:
    """The dates a revision moved, each from the date before it to the date it set: the date
    in the next `eerder` entry, or the milestone's current date when no later revision moved it."""
    moved = []
    for milestone in views.milestones(policy):
        for index, previous in enumerate(milestone.previous):
            if previous.revision == revision_id:
                later = milestone.previous[index + 1:]
                moved.append(f"{milestone.step}: {_date_shown(previous)} → {_date_shown(later[0] if later else milestone)}")
    return moved


def _date_shown(dated: Milestone | PreviousDate) -> str:
    return dutch(dated.date) if dated.date else (dated.when or "onbekend")


def previous_policy(policy: Policy, siblings: list[Policy]) -> Policy | None:
    earlier = [p for p in siblings if p.year < policy.year]
    return earlier[-1] if earlier else None


def shared_changes_for(builder: SiteContext, policy: Policy) -> list[SharedChange]:
    """For each shared section this policy uses, what changed from the version before it
    (a section whose new wording changed nothing is left out)."""
    found = []
    for ref in builder.index(policy).of(SharedRef):
        for d in (d for d in builder.section_diffs(ref.section) if d.new == ref.version and not d.diff.empty):
            found.append(SharedChange(builder.archive.shared[(ref.section, ref.version)].title,
                                      f"versie {version_name(d.old)}", f"versie {version_name(d.new)}", d))
    return found


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"




def care_type_changes(builder: SiteContext, care_type: str) -> tuple[dict[str, str], list[ChangeEntry]]:
    """The change pages of a care type's policies, and their entries for the site-wide page and feed."""
    site: dict[str, str] = {}
    entries: list[ChangeEntry] = []
    entry_html = builder.env.get_template("change_entry.j2").module
    organisation = builder.archive.organisation.name
    policies = builder.care_types[care_type]
    for policy in policies:
        uri = urls.policy_changes(policy)
        before = previous_policy(policy, policies)
        year_diff = None
        if before is not None:
            year_diff = diff(builder.policy_items(before), builder.policy_items(policy), str(before.year), str(policy.year))
        shared = shared_changes_for(builder, policy)
        authored = list(builder.index(policy).of(ChangeList))
        revisions = [(rev, revision_moves(policy, rev.id)) for rev in policy.revisions]
        generated = (year_diff.count() if year_diff else 0) + sum(change.diff.diff.count() for change in shared)
        site[uri] = builder.render(
            "policy_changes.md.j2", uri, policy,
            siblings=policies, version=builder.version_line(policy), authored=authored, before=before,
            year_diff=year_diff, shared=shared, revisions=revisions, generated=generated,
        )
        published = policy.published or dt.date(policy.year - 1, 4, 1)
        own = sum(len(group.items) for cl in authored for group in cl.groups)
        summary = " · ".join(([_count(own, "wijziging", "wijzigingen") + f" volgens {organisation}"] if own else [])
                             + ([_count(generated, "tekstverschil", "tekstverschillen")] if generated else []))
        key = f"zorgsoorten/{care_type}/{policy.year}/wijzigingen"
        if summary:
            against = (f"wijzigingen ten opzichte van {before.year}" if before else
                       "wijzigingen ten opzichte van vorig jaar" if own else "gewijzigde gedeelde teksten")
            entries.append(ChangeEntry(
                key, published, policy.published is not None, f"{policy.name} {policy.year}: {against}",
                policy, entry_html.year_entry(authored, summary), uri, "vorig-jaar" if own else "tekstverschillen", summary))
        else:
            # Nothing to compare with and no list of its own: the news is the policy itself.
            summary = f"Nieuw op deze site: het beleid voor {policy.name} {policy.year}."
            entries.append(ChangeEntry(key, published, policy.published is not None,
                                       f"{policy.name} {policy.year}: beleid gepubliceerd", policy,
                                       entry_html.year_entry([], summary), urls.landing(policy), None, summary))
        for rev, moved in revisions:
            entries.append(ChangeEntry(
                f"zorgsoorten/{care_type}/{policy.year}/revisies/{rev.id}", rev.date or published, rev.date is not None,
                f"{policy.name} {policy.year}: {rev.title}", policy,
                entry_html.revision_entry(rev.reason, rev.items, moved), uri, rev.id,
                _count(len(rev.items), "wijziging", "wijzigingen") + " na publicatie", tuple(moved)))
    return site, entries


def aggregate_changes(builder: SiteContext, entries: list[ChangeEntry]) -> dict[str, str]:
    """The site-wide change page and the Atom feed, from every policy's `entries` and the shared texts' own."""
    site: dict[str, str] = {}
    # The shared texts' own entries are the feed's only: on the page each is part of its policies' entries.
    shared_entries: list[ChangeEntry] = []
    for section_id in sorted({sid for sid, _ in builder.archive.shared}):
        versions = builder.archive.shared_versions(section_id)
        for d in builder.section_diffs(section_id):
            if d.diff.empty:
                continue
            newer = next(v for v in versions if v.version == d.new)
            when = newer.used_since or dt.date(int(d.new[:4]) - 1, 4, 1) if d.new[:4].isdigit() else dt.date(2000, 1, 1)
            shared_entries.append(ChangeEntry(
                f"gedeeld/{section_id}/{d.old}-{d.new}", when, newer.used_since is not None,
                f"{newer.title}: versie {version_name(d.old)} → versie {version_name(d.new)}", None, d.html,
                urls.shared_section(section_id), f"verschil-{d.old}-{d.new}"))
    entries = sorted(entries, key=_newest_first)
    site[urls.CHANGES_PAGE] = builder.render("changes.md.j2", urls.CHANGES_PAGE, entries=entries,
                                             care_types=sorted({(e.policy.care_type, e.policy.name) for e in entries if e.policy}))
    site[urls.CHANGES_FEED] = change_feed(builder, sorted(entries + shared_entries, key=_newest_first))
    return site


def _newest_first(entry: ChangeEntry) -> tuple:
    """Sort key: newest first; on the same day a policy's entries together, a revision
    before (after, in time) the publication it revised."""
    policy_key = "/".join(entry.key.split("/")[:3])
    return (-entry.date.toordinal(), policy_key, "/revisies/" not in entry.key, entry.key)


def change_feed(builder: SiteContext, entries: list[ChangeEntry]) -> str:
    """The change log as Atom, with stable entry ids (tag URIs built from the data's ids)."""
    base = builder.options.base_url
    host = base.split("://", 1)[-1].split("/", 1)[0] or "caresq.nl"
    organisation = builder.archive.organisation.name
    return atom_feed(Feed(
        id=f"tag:{host},2024:wijzigingen",
        title=f"{organisation}: wijzigingen in het zorginkoopbeleid",
        updated=max((e.date for e in entries), default=dt.date(2000, 1, 1)),
        self_link=base + urls.CHANGES_FEED,
        page_link=base + builder.urls.served_path(urls.CHANGES_PAGE),
        author=organisation,
        lang="nl",
        entries=[Entry(
            id=f"tag:{host},2024:{e.key}",
            title=e.title,
            updated=e.date,
            link=base + builder.urls.served_path(e.href_uri) + (f"#{e.anchor}" if e.anchor else ""),
            html=e.html,
            category=(e.policy.care_type, e.policy.name) if e.policy else None,
        ) for e in entries],
    ))
