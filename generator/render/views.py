"""The view models: what the pages show, typed and built in Python, so the templates
only present them. Also the derived facts the YAML does not store: date labels, month
groups, reachable contract variants, and the hash that detects a changed condition."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, replace
from typing import Callable, Sequence

from ..model.documents import (Attributed, ChangeList, Chapter, ChapterKind, Condition, ConditionGroup, Differentiation, Milestone, Policy,
                               Table, Timeline, blocks_of, walk_chapters)
from . import dates, urls
from .markup import Label

KIND_LABELS = {
    "publicatie": "Publicatie", "vragenlijst": "Vragenlijst", "aanbieding": "Aanbieding", "deadline": "Deadline",
    "gesprek": "Gesprek", "ondertekening": "Ondertekening", "start": "Start", "overig": "Stap",
}


@dataclass(frozen=True)
class TimelineEntry:
    """One step of a timeline as a page shows it."""

    anchor: str
    step: str
    when: str  # the date as shown, with every word the policy used for it
    earlier: tuple[str, ...]  # earlier dates of the step, likewise
    kind: str
    date_kind: str
    start: str | None
    end: str | None
    audience: tuple[str, ...]
    note: str | None
    cancelled: bool
    ics: str | None
    policy_name: str
    policy_href: str
    month: str = ""
    month_start: bool = False
    google: str | None = None  # 'add to calendar' web links for this one step
    outlook: str | None = None


def milestones(policy: Policy) -> list[Milestone]:
    return [m for timeline in blocks_of(policy.chapters, Timeline) for m in timeline.milestones]


@dataclass(frozen=True)
class DocumentIndex:
    """A policy's or shared section's blocks by type, in document order, from one walk over
    its chapters (`SiteContext.index` keeps one per document for the build)."""

    blocks: dict[type, tuple]  # block value type (ConditionGroup, Timeline, ...) -> the values
    milestones: tuple[Milestone, ...]  # of every timeline, in document order
    step_names: dict[str, str]  # milestone id -> step, for relative dates

    def of(self, kind: type) -> tuple:
        """The block values of exactly this type, as `blocks_of` finds them."""
        return self.blocks.get(kind, ())


def document_index(chapters: list[Chapter]) -> DocumentIndex:
    found: dict[type, list] = {}
    for chapter in walk_chapters(chapters):
        for block in chapter.content:
            value = block.value
            found.setdefault(type(value), []).append(value)
    blocks = {kind: tuple(values) for kind, values in found.items()}
    steps = tuple(m for timeline in blocks.get(Timeline, ()) for m in timeline.milestones)
    return DocumentIndex(blocks, steps, {m.id: m.step for m in steps})


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


def step_entry(policy: Policy, milestone: Milestone, step_names: dict[str, str]) -> TimelineEntry:
    """A step as every page shows it; `placed` puts it on a page. `step_names`: the policy's
    steps by milestone id (`DocumentIndex.step_names`)."""
    span = dates.span(milestone)
    return TimelineEntry(
        anchor=milestone.id,
        step=milestone.step,
        when=when_text(milestone, step_names),
        earlier=earlier_dates(milestone),
        kind=milestone.kind.value,
        date_kind=milestone.date_kind,
        start=span[0].isoformat() if span else None,
        end=span[1].isoformat() if span else None,
        audience=tuple(audience_names(policy, milestone)),
        note=milestone.note,
        cancelled=milestone.cancelled is not None,
        ics=None,
        policy_name=f"{policy.name} {policy.year}",
        policy_href="",
    )


def placed(item: TimelineEntry, policy: Policy, milestone: Milestone, page_uri: str,
           scheme: urls.UrlScheme = urls.DIRECTORY_URLS, anchor: str | None = None) -> TimelineEntry:
    """A step's entry (`step_entry`) on one page: its anchor there, its links relative to the page."""
    return replace(
        item,
        anchor=anchor or milestone.id,
        # Drafts are not in the feeds, so they get no single-event file either.
        ics=scheme.relative(page_uri, urls.single_event(policy, milestone.id)) if item.start and not policy.draft else None,
        policy_href=scheme.relative(page_uri, urls.landing(policy), milestone.id),
    )


def with_months(entries: list[TimelineEntry]) -> tuple[TimelineEntry, ...]:
    """Mark where a new month starts, so the timeline reads by month."""
    out = []
    current = None
    for item in entries:
        if item.start:
            month = dates.month_label(dates.dt.date.fromisoformat(item.start))
            if month != current:
                item, current = replace(item, month=month, month_start=True), month
        out.append(item)
    return tuple(out)


def when_text(milestone: Milestone, step_names: dict[str, str]) -> str:
    """The date of a step as shown, keeping every word the policy used for it
    ("Uiterlijk 1 september 2026", a relative term)."""
    text = with_words(dates.when_label(milestone, step_names), milestone.when)
    if milestone.relative and milestone.relative.term.lower() not in text.lower():
        text += f" ({milestone.relative.term} na {step_names.get(milestone.relative.after, milestone.relative.after)})"
    return text


def earlier_dates(milestone: Milestone) -> tuple[str, ...]:
    """Earlier dates of a step, each with the policy's own wording where it gave one."""
    out = []
    for previous in milestone.previous:
        if previous.date:
            label = dates.dutch(previous.date)
        elif previous.window:
            label = f"{dates.dutch(previous.window.start)} – {dates.dutch(previous.window.end)}"
        else:
            label = ""
        if text := with_words(label, previous.when):
            out.append(text)
    return tuple(out)


def with_words(label: str, words: str | None) -> str:
    """A generated date label joined with the policy's own words for it, so none are lost."""
    if not words or words.lower() in label.lower():
        return label
    if label.lower() in words.lower():
        return words
    return f"{label} ({words})" if label else words


@dataclass(frozen=True)
class VariantInfo:
    id: str
    name: str
    range: str
    reachable: bool
    text: str | None
    min: int
    max: int | None


@dataclass(frozen=True)
class DifferentiationInfo:
    max_reachable: int
    variants: tuple[VariantInfo, ...]


def differentiation_info(d: Differentiation) -> DifferentiationInfo:
    """How many factors can be met at once, given factors that exclude each other."""
    lost = sum(max(len(group) - 1, 0) for group in d.exclusive)
    reachable = len(d.factors) - lost
    variants = []
    for variant in d.variants:
        if variant.max_factors is None:
            text_range = f"{variant.min_factors} of meer"
        elif variant.max_factors == variant.min_factors:
            text_range = str(variant.min_factors)
        else:
            text_range = f"{variant.min_factors} tot en met {variant.max_factors}"
        variants.append(VariantInfo(variant.id, variant.name, text_range, variant.min_factors <= reachable,
                                    variant.text, variant.min_factors, variant.max_factors))
    return DifferentiationInfo(max_reachable=reachable, variants=tuple(variants))


def condition_hash(text: str, subitems: list[str] = ()) -> str:
    """Changes when the wording of a condition changes, so stale ticks are dropped."""
    digest = hashlib.sha256("\n".join([text, *subitems]).encode("utf-8")).hexdigest()
    return digest[:12]


def route_feeds(policies: list[Policy],
                steps_of: Callable[[Policy], Sequence[Milestone]] = milestones) -> list[tuple[str, str]]:
    """Routes of a care type that "what comes next" shows apart: only where there are several.
    `steps_of`: a policy's milestones (`SiteContext.milestones` has them at hand)."""
    names: dict[str, str] = {}
    for policy in policies:
        for route in policy.routes:
            names[route.id] = route.name
    used = {r for p in policies for m in steps_of(p) for r in m.audience}
    routes = [(rid, name) for rid, name in names.items() if rid in used]
    return sorted(routes) if len(routes) > 1 else []


@dataclass(frozen=True)
class Audience:
    """A group of providers within a care type that gets a feed of its own."""

    kind: str  # "zorgvorm" (a sub care type) or "route" (a contract group)
    id: str
    name: str

    @property
    def label(self) -> str:
        return "Zorgvorm" if self.kind == "zorgvorm" else "Route"

    def uri(self, care_type: str) -> str:
        return urls.feed_care_form(care_type, self.id) if self.kind == "zorgvorm" else urls.feed_route(care_type, self.id)


def for_everyone(milestone: Milestone) -> bool:
    return not milestone.audience and not milestone.care_forms


def reaches(audience: Audience | None, milestone: Milestone) -> bool:
    """Whether a step belongs in the feed of `audience` (None: the whole care type): the
    steps for everyone and the audience's own. A step for wijkverpleging only is not in
    the feed of a route that GRZ or ELV providers also take."""
    if audience is None or for_everyone(milestone):
        return True
    return audience.id in (milestone.care_forms if audience.kind == "zorgvorm" else milestone.audience)


def audiences(policies: list[Policy], steps_of: Callable[[Policy], Sequence[Milestone]] = milestones) -> list[Audience]:
    """The audiences of a care type's published policies that get a feed: each sub care type
    and each route with dated steps of its own, unless its feed would equal the whole care
    type's or (for a sub care type) a route's feed. Sub care types first, then routes.
    `steps_of`: a policy's milestones (`SiteContext.milestones` has them at hand)."""
    dated = [(p.year, m) for p in policies for m in steps_of(p) if m.event_days]
    everything = {(year, m.id) for year, m in dated}
    candidates: dict[tuple[str, str], str] = {}
    for policy in policies:
        candidates.update({("zorgvorm", form.id): form.name for form in policy.care_forms})
    for policy in policies:
        candidates.update({("route", route.id): route.name for route in policy.routes})
    routes, forms = [], []
    for (kind, key), name in candidates.items():
        audience = Audience(kind, key, name)
        own = {(year, m.id) for year, m in dated if not for_everyone(m) and reaches(audience, m)}
        steps = frozenset((year, m.id) for year, m in dated if reaches(audience, m))
        if own and steps != everything:
            (forms if kind == "zorgvorm" else routes).append((audience, steps))
    route_steps = {steps for _, steps in routes}
    return [a for a, steps in forms if steps not in route_steps] + [a for a, _ in routes]


# --------------------------------------------------------------------------- what the pages show
# Built in Python by `context.SiteContext`, handed to the templates, which only present them.


@dataclass(frozen=True)
class FeedLink:
    """A calendar feed as a page offers it: a download and a subscription in each calendar app."""

    title: str  # what the picker shows: "Alle stappen", a sub care type's or a route's name
    kind: str  # "alles", "zorgsoort", "zorgvorm" or "route"
    href: str  # the .ics file, relative to the page
    https: str
    webcal: str
    outlook: str
    office: str
    google: str


@dataclass(frozen=True)
class FeedGroup:
    """The feeds of one care type (or the one of everything), as the picker's first choice."""

    id: str
    name: str
    feeds: tuple[FeedLink, ...]


@dataclass(frozen=True)
class FeedPicker:
    """One place to subscribe: care type, then whom it is for, then the calendar app."""

    groups: tuple[FeedGroup, ...]
    calendar_href: str | None  # on a care type's page: the Inkoopkalender's picker, for every care type


@dataclass(frozen=True)
class CalendarView:
    entries: tuple[TimelineEntry, ...]  # dated, by date, not yet passed on the build's day
    past: tuple[TimelineEntry, ...]  # dated, by date, passed on the build's day
    expected: tuple["ExpectedStep", ...]  # what the NZa rules imply, per care type
    undated: tuple[TimelineEntry, ...]
    picker: FeedPicker


@dataclass(frozen=True)
class Link:
    title: str | None
    href: str


@dataclass(frozen=True)
class CareForm:
    """A care form on a policy's landing page, with the condition groups that apply to it."""

    id: str
    name: str
    groups: tuple[Link, ...]  # title None: the group has no title of its own


@dataclass(frozen=True)
class ConditionSummary:
    conditions: int
    groups: int
    selfcheck: bool  # the policy has contract variants to work out


@dataclass(frozen=True)
class DatedStep:
    """A dated step of a care type, as the "what comes next" block shows it."""

    start: str  # ISO dates, first and last day (inclusive)
    end: str
    label: str
    step: str
    href: str


@dataclass(frozen=True)
class RouteSteps:
    route: str  # the route's name; "" when the care type has no separate routes
    steps: tuple[int, ...]  # indices into UpcomingView.steps, by date


@dataclass(frozen=True)
class ExpectedStep:
    """A step the NZa rules imply but no policy states yet. Dates are the last allowed day
    (publication "vóór 1 april" is on 31 March) and, for the questions, the expected window."""

    care_type: str
    name: str  # care type name
    year: int  # the contract year of the expected policy
    kind: str  # "publicatie" or "vragen"
    start: dt.date
    end: dt.date
    title: str
    when: str


@dataclass(frozen=True)
class NextLine:
    """One line of the fallback: the next step for one or more routes, or none left."""

    routes: tuple[str, ...]  # empty: for everyone
    step: DatedStep | None


@dataclass(frozen=True)
class UpcomingView:
    care_type: str
    name: str
    latest: int  # contract year of the latest published policy
    steps: tuple[DatedStep, ...]
    routes: tuple[RouteSteps, ...]
    # The build-time fallback, for readers without the script.
    today: str  # ISO date the fallback was computed for
    today_label: str
    lines: tuple[NextLine, ...]  # empty when every step has passed
    expected: tuple[ExpectedStep, ...]  # only when every step has passed


@dataclass(frozen=True)
class CareTypeCard:
    name: str
    year: int
    href: str
    years: tuple[int, ...]
    upcoming: UpcomingView  # what comes next, per route
    title: str
    secondary: bool  # from a secondary source
    forms: tuple[Link, ...] = ()  # the care forms in the providers' words, each to its checklist filter


@dataclass(frozen=True)
class Offer:
    """"Ik bied kraamzorg": a care form (or a care type without care forms) in the providers'
    words, leading to its care type with that care form selected."""
    what: str  # as it reads after "Ik bied": "kraamzorg", "eerstelijnsverblijf (ELV)"
    href: str
    care_type: str  # the care type's name, when it differs from `what`


def in_sentence(name: str) -> str:
    """A name as it reads inside a sentence: "Kraamzorg" -> "kraamzorg"; "ELV" stays."""
    return name[:1].lower() + name[1:] if len(name) > 1 and name[1].islower() else name


@dataclass(frozen=True)
class PolicyCheck:
    """One policy on the editors' check page: the NZa transparency findings about it."""
    name: str
    href: str
    source: str  # the YAML file, relative to the repository
    secondary: bool
    draft: bool
    findings: tuple  # check.transparency.Finding


@dataclass(frozen=True)
class Option:
    id: str
    name: str


@dataclass(frozen=True)
class CheckItem:
    condition: Condition
    label: Label
    hash: str  # changes with the wording, so a stale tick is dropped
    href: str  # the condition in the full policy


@dataclass(frozen=True)
class CheckGroup:
    group: ConditionGroup
    title: str
    form: str | None
    routes: tuple[str, ...]
    variant: str | None
    applies_to: tuple[str, ...]  # names of the care form, routes and contract variant it is limited to
    items: tuple[CheckItem, ...]


@dataclass(frozen=True)
class VariantRule:
    id: str
    name: str
    min: int
    max: int | None
    range: str
    reachable: bool


@dataclass(frozen=True)
class SelfCheckRules:
    """The self-check's rules for the page script, straight from the YAML: next year's data changes them."""

    requires: tuple[str, ...]
    exclusive: tuple[tuple[str, ...], ...]
    max_reachable: int
    variants: tuple[VariantRule, ...]


@dataclass(frozen=True)
class SelfCheckFactor:
    id: str
    label: Label


@dataclass(frozen=True)
class SelfCheck:
    differentiation: Differentiation
    factors: tuple[SelfCheckFactor, ...]
    variants: tuple[VariantInfo, ...]
    rules: SelfCheckRules
    requires: tuple[Option, ...] = ()  # the condition groups every variant needs (id, title)


@dataclass(frozen=True)
class ChecklistView:
    groups: tuple[CheckGroup, ...]
    forms: tuple[Option, ...]  # the filters: only what the groups use
    routes: tuple[Option, ...]
    variants: tuple[Option, ...]
    storage_key: str
    selfchecks: tuple[SelfCheck, ...]


def selfcheck_rules(d: Differentiation, info: DifferentiationInfo) -> SelfCheckRules:
    return SelfCheckRules(
        requires=tuple(d.requires), exclusive=tuple(tuple(group) for group in d.exclusive),
        max_reachable=info.max_reachable,
        variants=tuple(VariantRule(v.id, v.name, v.min, v.max, v.range, v.reachable) for v in info.variants))


@dataclass(frozen=True)
class TimelineView:
    timeline: Timeline
    entries: tuple[TimelineEntry, ...]


@dataclass(frozen=True)
class DifferentiationView:
    differentiation: Differentiation
    variants: tuple[VariantInfo, ...]


@dataclass(frozen=True)
class SharedView:
    """A shared section where a page embeds it."""

    title: str
    version: str
    href: str  # this version on the section's own page
    prefix: str  # anchor prefix of everything inside it
    inline: bool  # titled like the chapter around it: its content goes in without a heading of its own
    body: "ChapterView"


@dataclass(frozen=True)
class BlockView:
    """One block of a chapter: exactly one of the fields is set, as in the model's Block."""

    text: str | None = None
    attributed: Attributed | None = None
    conditions: ConditionGroup | None = None
    table: Table | None = None
    timeline: TimelineView | None = None
    differentiation: DifferentiationView | None = None
    changes: ChangeList | None = None
    shared: SharedView | None = None


# Chapters whose sections fold on phones on the full policy page (blocks.j2, caresq.js):
# long background and procedure text. The conditions, planning and changes stay open.
FOLDED_KINDS = frozenset({ChapterKind.themes, ChapterKind.vision, ChapterKind.procedure, ChapterKind.annex})


@dataclass(frozen=True)
class ChapterView:
    id: str
    title: str
    blocks: tuple[BlockView, ...]
    chapters: tuple["ChapterView", ...]
    number: str | None = None  # as the source numbers it, shown before the title
    kind: ChapterKind = ChapterKind.other

    @property
    def folds_sections(self) -> bool:
        """Whether the full policy page folds this chapter's sections on phones."""
        return self.kind in FOLDED_KINDS


@dataclass(frozen=True)
class PolicyLink:
    """A policy named and linked, e.g. where a shared text is used."""

    name: str  # "<care type name> <year>"
    href: str
    draft: bool


@dataclass(frozen=True)
class SharedVersion:
    """One version on a shared section's page."""

    version: str
    title: str
    period: str | None
    body: ChapterView
    used_by: tuple[PolicyLink, ...]  # the policies that include this version, directly or through another shared text


@dataclass(frozen=True)
class SharedUse:
    """One version of a shared text on the editors' check page, with the policies that use it."""

    section: str
    version: str
    title: str
    href: str  # the version on the section's own page
    used_by: tuple[PolicyLink, ...]
