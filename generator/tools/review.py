"""`check --against REF --summary`: what changes for providers, in Dutch Markdown for a reviewer.

Per care type and year: moved, added, cancelled and removed dates; added, removed
and reworded conditions; changed tables. Items are matched on their stable ids
(the same comparison as the change pages, `generator.render.diff`), so a
reworded condition is one change, not a removal and an addition.

Every text from the policy files is escaped as Markdown (it is data, not markup).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..check.history import placed_milestones
from ..model.archive import Archive
from ..model.documents import Milestone, Policy
from ..render.dates import dutch
from ..render.diff import Item, diff, policy_items
from ..render.urls import UrlScheme, landing, policy_changes
from .annotations import markdown_cell

# The preview a pull request gets is built with --no-directory-urls: pages are files.
PREVIEW = UrlScheme(directory_urls=False)
CONDITION, TABLE_ROW = "voorwaarde", "tabelrij"  # the kinds of `generator.render.diff.Item`


@dataclass
class PolicyReview:
    """What changes in one policy (care type and year), as Markdown list lines per topic."""

    policy: Policy
    status: str = ""  # "nieuw", "verwijderd" or "" for a policy that was there before
    dates: list[str] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.status or self.dates or self.conditions or self.tables)


def _text(value: str) -> str:
    return markdown_cell(value)


def _when(milestone: Milestone) -> str:
    if milestone.when:
        return milestone.when
    return dutch(milestone.date) if milestone.date else "zonder datum"


def _exact(milestone: Milestone) -> str:
    if milestone.date is not None:
        return dutch(milestone.date)
    if milestone.window is not None:
        return f"{dutch(milestone.window.start)} tot en met {dutch(milestone.window.end)}"
    return _when(milestone)


def _moved(was: Milestone, now: Milestone) -> str:
    """Old → new in the policy's words; in exact dates as well when the words stayed the same."""
    if _when(was) == _when(now):
        return f"{_text(_when(was))} ({_text(_exact(was))} → {_text(_exact(now))})"
    return f"{_text(_when(was))} → {_text(_when(now))}"


def _date_lines(old: Policy, new: Policy) -> list[str]:
    before = {key: placed.obj for key, placed in placed_milestones(old).items()}
    lines = []
    for milestone_id, placed in placed_milestones(new).items():
        milestone: Milestone = placed.obj
        was = before.get(milestone_id)
        step = _text(milestone.step)
        if was is None:
            lines.append(f"- Nieuwe datum: {step}: {_text(_when(milestone))}")
            continue
        if milestone.cancelled is not None and was.cancelled is None:
            lines.append(f"- Vervallen: {step} ({_text(_when(was))}), per {dutch(milestone.cancelled.date)}: "
                         f"{_text(milestone.cancelled.reason)}")
        elif (was.date, was.window, was.relative, was.when) != (milestone.date, milestone.window, milestone.relative, milestone.when):
            lines.append(f"- Verschoven: {step}: {_moved(was, milestone)}")
    now = placed_milestones(new)
    for milestone_id, was in before.items():
        if milestone_id not in now:
            lines.append(f"- Verwijderd (niet als vervallen vastgelegd): {_text(was.step)} ({_text(_when(was))})")
    return lines


def _condition_lines(old: dict[str, Item], new: dict[str, Item]) -> list[str]:
    found = diff(old, new, "", "")
    lines = [f"- Nieuwe voorwaarde ({_text(item.label)}): {_text(item.excerpt)}"
             for item in found.added if item.kind == CONDITION]
    lines += [f"- Voorwaarde vervallen ({_text(item.label)}): {_text(item.excerpt)}"
              for item in found.removed if item.kind == CONDITION]
    lines += [f"- Voorwaarde anders verwoord ({_text(after.label)}): {_text(after.excerpt)}"
              for _, after, _ in found.reworded if after.kind == CONDITION]
    return lines


def _table_lines(old: dict[str, Item], new: dict[str, Item]) -> list[str]:
    found = diff(old, new, "", "")
    per_table: dict[str, list[str]] = defaultdict(list)
    for item in found.added:
        if item.kind == TABLE_ROW:
            per_table[item.label].append(f"rij nieuw: {_text(item.text)}")
    for item in found.removed:
        if item.kind == TABLE_ROW:
            per_table[item.label].append(f"rij weg: {_text(item.text)}")
    for before, after, _ in found.reworded:
        if after.kind == TABLE_ROW:
            per_table[after.label].append(f"rij gewijzigd: {_text(before.text)} → {_text(after.text)}")
    return [f"- Tabel {_text(label)}: " + "; ".join(changes) for label, changes in per_table.items()]


def policy_reviews(before: Archive, after: Archive) -> list[PolicyReview]:
    """Per care type and year (in that order), what changed between the two archives."""
    old = {(p.care_type, p.year): p for p in before.policies}
    new = {(p.care_type, p.year): p for p in after.policies}
    reviews = []
    for key in sorted(old.keys() | new.keys()):
        if key not in new:
            reviews.append(PolicyReview(old[key], "verwijderd"))
            continue
        policy = new[key]
        if key not in old:
            reviews.append(PolicyReview(policy, "nieuw"))
            continue
        old_items, new_items = policy_items(old[key]), policy_items(policy)
        review = PolicyReview(policy, "", _date_lines(old[key], policy), _condition_lines(old_items, new_items),
                              _table_lines(old_items, new_items))
        if not review.empty:
            reviews.append(review)
    return reviews


def _page(uri: str, preview_url: str | None) -> str:
    path = PREVIEW.served_path(uri)
    if preview_url:
        return f"<{preview_url.rstrip('/')}/{path}>"
    return f"`{path}`"


def review_summary(before: Archive, after: Archive, ref: str, preview_url: str | None = None) -> str:
    """The review summary as Markdown. Without `preview_url`, pages are named by their
    path inside the downloaded preview (the artifact `voorbeeld-site-pr-<nummer>`)."""
    lines = ["## Wat verandert er voor zorgaanbieders", "",
             f"Vergeleken met {_text(ref)}, per zorgsoort en jaar."
             + ("" if preview_url else " De paden verwijzen naar de pagina's in het voorbeeld (het artefact voorbeeld-site-pr-…)."),
             ""]
    reviews = policy_reviews(before, after)
    if not reviews:
        return "\n".join(lines + ["Niets: geen datum, voorwaarde of tabel is veranderd.", ""])
    for review in reviews:
        policy = review.policy
        draft = " (concept, niet op de gepubliceerde site)" if policy.draft else ""
        lines += [f"### {_text(policy.name)} {policy.year}{draft}", ""]
        if review.status == "verwijderd":
            lines += ["Dit beleid is verwijderd.", ""]
            continue
        lines += [f"Bekijk: {_page(landing(policy), preview_url)} · wijzigingen: {_page(policy_changes(policy), preview_url)}", ""]
        if review.status == "nieuw":
            lines += ["Nieuw beleid: stond nog niet in deze versie.", ""]
            continue
        for title, items in (("Datums", review.dates), ("Voorwaarden", review.conditions), ("Tabellen", review.tables)):
            if items:
                lines += [f"**{title}**", "", *items, ""]
    return "\n".join(lines)
