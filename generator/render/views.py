"""Derived facts the pages show but the YAML does not store: date labels, month
groups, reachable contract variants, and the hash that detects a changed condition."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from ..model.documents import Differentiation, Milestone, Policy, Timeline, blocks_of
from . import dates, urls

KIND_LABELS = {
    "publicatie": "Publicatie", "vragenlijst": "Vragenlijst", "aanbieding": "Aanbieding", "deadline": "Deadline",
    "gesprek": "Gesprek", "ondertekening": "Ondertekening", "start": "Start", "overig": "Stap",
}


@dataclass
class TimelineEntry:
    anchor: str
    milestone: Milestone
    policy: Policy
    step: str
    when: str
    kind: str
    date_kind: str
    start: str | None
    end: str | None
    audience: list[str]
    note: str | None
    changed: list[str]
    cancelled: bool
    month: str = ""
    month_start: bool = False
    ics: str | None = None
    policy_name: str = ""
    policy_href: str = ""


def milestones(policy: Policy) -> list[Milestone]:
    return [m for timeline in blocks_of(policy.chapters, Timeline) for m in timeline.milestones]


def chronological(items: list[Milestone]) -> list[Milestone]:
    """Dated steps by date; a relative step right after the step it follows; an undated
    step keeps its place after the dated step before it in the policy."""
    by_id = {m.id: m for m in items}
    keys: dict[str, tuple] = {}
    last = None
    for position, milestone in enumerate(items):
        own = milestone.sort_date
        if own is None and milestone.relative and milestone.relative.after in by_id:
            own = by_id[milestone.relative.after].sort_date
        if own is None:
            own = last
        if milestone.sort_date is not None:
            last = milestone.sort_date
        keys[milestone.id] = (own or dates.dt.date.min, 0 if milestone.sort_date else 1, position)
    return sorted(items, key=lambda m: keys[m.id])


def audience_names(policy: Policy, milestone: Milestone) -> list[str]:
    """Who a step is for: the care forms it concerns, then the routes."""
    forms = {form.id: form.name for form in policy.care_forms}
    names = {route.id: route.name for route in policy.routes}
    return [forms.get(form, form) for form in milestone.care_forms] + [names.get(route, route) for route in milestone.audience]


def entry(policy: Policy, milestone: Milestone, page_uri: str,
          scheme: urls.UrlScheme = urls.DIRECTORY_URLS) -> TimelineEntry:
    step_names = {m.id: m.step for m in milestones(policy)}
    span = dates.span(milestone)
    changed = []
    for previous in milestone.previous:
        if previous.date:
            changed.append(dates.dutch(previous.date))
        elif previous.when:
            changed.append(previous.when)
    return TimelineEntry(
        anchor=milestone.id,
        milestone=milestone,
        policy=policy,
        step=milestone.step,
        when=dates.when_label(milestone, step_names),
        kind=milestone.kind.value,
        date_kind=milestone.date_kind,
        start=span[0].isoformat() if span else None,
        end=span[1].isoformat() if span else None,
        audience=audience_names(policy, milestone),
        note=milestone.note,
        changed=changed,
        cancelled=milestone.cancelled is not None,
        # Drafts are not in the feeds, so they get no single-event file either.
        ics=scheme.relative(page_uri, urls.single_event(policy, milestone.id)) if span and not policy.draft else None,
        policy_name=f"{policy.name} {policy.year}",
        policy_href=scheme.relative(page_uri, urls.landing(policy), milestone.id),
    )


def with_months(entries: list[TimelineEntry]) -> list[TimelineEntry]:
    """Mark where a new month starts, so the timeline reads by month."""
    current = None
    for item in entries:
        if item.start:
            month = dates.month_label(dates.dt.date.fromisoformat(item.start))
            if month != current:
                item.month, item.month_start, current = month, True, month
    return entries


@dataclass
class VariantInfo:
    id: str
    name: str
    range: str
    reachable: bool
    text: str | None
    min: int
    max: int | None


@dataclass
class DifferentiationInfo:
    max_reachable: int
    variants: list[VariantInfo] = field(default_factory=list)


def differentiation_info(d: Differentiation) -> DifferentiationInfo:
    """How many factors can be met at once, given factors that exclude each other."""
    lost = sum(max(len(group) - 1, 0) for group in d.exclusive)
    reachable = len(d.factors) - lost
    info = DifferentiationInfo(max_reachable=reachable)
    for variant in d.variants:
        if variant.max_factors is None:
            text_range = f"{variant.min_factors} of meer"
        elif variant.max_factors == variant.min_factors:
            text_range = str(variant.min_factors)
        else:
            text_range = f"{variant.min_factors} tot en met {variant.max_factors}"
        info.variants.append(VariantInfo(variant.id, variant.name, text_range, variant.min_factors <= reachable,
                                         variant.text, variant.min_factors, variant.max_factors))
    return info


def condition_hash(text: str, subitems: list[str] = ()) -> str:
    """Changes when the wording of a condition changes, so stale ticks are dropped."""
    digest = hashlib.sha256("\n".join([text, *subitems]).encode("utf-8")).hexdigest()
    return digest[:12]


def route_feeds(policies: list[Policy]) -> list[tuple[str, str]]:
    """Routes of a care type that deserve their own feed: only where there are several."""
    names: dict[str, str] = {}
    for policy in policies:
        for route in policy.routes:
            names[route.id] = route.name
    used = {r for p in policies for m in milestones(p) for r in m.audience}
    routes = [(rid, name) for rid, name in names.items() if rid in used]
    return sorted(routes) if len(routes) > 1 else []
