"""What comes next: per route the next dated step of a care type, and, once every step
has passed, what the NZa rules let a provider expect (next year's policy and the period
for questions after it).

Pure functions of the data and a given day. The page script (caresq.js) makes the same
choice again with the reader's own date; these give the fallback the build writes.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable, Sequence

from ..model.documents import Milestone, Policy
from . import dates, urls, views
from .views import DatedStep as Step, ExpectedStep, NextLine, RouteSteps, UpcomingView

NZA_RULES_URL = "https://puc.overheid.nl/nza/doc/PUC_696458_22/"
NZA_RULES_NAME = "Regeling transparantie zorginkoopproces Zvw"
QUESTION_DAYS = 28  # "in principe 4 weken" to study the policy and ask questions


def expected_year(latest: int, today: dt.date | None) -> int:
    """The contract year whose policy comes next: the one after the latest, and never one
    whose publication deadline (before 1 April of the year before) has already passed."""
    year = latest + 1
    if today is not None:
        first_open = today.year + 1 if today < dt.date(today.year, 4, 1) else today.year + 2
        year = max(year, first_open)
    return year


def expected_steps(care_type: str, name: str, latest: int, today: dt.date | None) -> tuple[ExpectedStep, ExpectedStep]:
    """NZa art. 4: the policy for contract year N is published before 1 April of N-1; after it
    come, in principle, 4 weeks for questions."""
    year = expected_year(latest, today)
    deadline = dt.date(year - 1, 3, 31)
    return (
        ExpectedStep(care_type, name, year, "publicatie", deadline, deadline,
                     title=f"publicatie inkoopbeleid {year}",
                     when=f"Vóór 1 april {year - 1}"),
        ExpectedStep(care_type, name, year, "vragen", deadline + dt.timedelta(days=1),
                     deadline + dt.timedelta(days=QUESTION_DAYS),
                     title="vragen stellen over het nieuwe beleid",
                     when="Daarna, in principe 4 weken"),
    )


def latest_published(policies: list[Policy]) -> Policy:
    return ([p for p in policies if not p.draft] or policies)[-1]


def expected_for(care_types: dict[str, list[Policy]], today: dt.date | None) -> list[ExpectedStep]:
    """The expected steps of every care type, by care type."""
    out: list[ExpectedStep] = []
    for care_type, policies in sorted(care_types.items()):
        published = [p for p in policies if not p.draft]
        if published:
            out.extend(expected_steps(care_type, published[-1].name, published[-1].year, today))
    return out


def upcoming(care_type: str, policies: list[Policy], page_uri: str, today: dt.date | None,
             scheme: urls.UrlScheme = urls.DIRECTORY_URLS,
             steps_of: Callable[[Policy], Sequence[Milestone]] = views.milestones) -> UpcomingView:
    """A care type's dated steps grouped by route, with the fallback for `today`.
    `steps_of`: a policy's milestones (`SiteContext.milestones` has them at hand)."""
    dated: list[tuple[Step, tuple[str, ...]]] = []
    for policy in policies:
        for milestone in steps_of(policy):
            span = dates.span(milestone)
            if span and not milestone.cancelled:
                dated.append((Step(start=span[0].isoformat(), end=span[1].isoformat(),
                                   label=dates.when_label(milestone, {}), step=milestone.step,
                                   href=scheme.relative(page_uri, urls.landing(policy), milestone.id)),
                              tuple(milestone.audience)))
    dated.sort(key=lambda pair: (pair[0].start, pair[0].end, pair[0].step))
    steps = tuple(step for step, _ in dated)
    route_list = views.route_feeds(policies, steps_of) or [("", "")]
    routes = tuple(
        RouteSteps(route=name, steps=tuple(i for i, (_, audience) in enumerate(dated)
                                           if not route_id or not audience or route_id in audience))
        for route_id, name in route_list)
    latest = latest_published(policies)
    lines = next_lines(steps, routes, today) if today else ()
    passed = bool(today) and not lines
    return UpcomingView(
        care_type=care_type, name=latest.name, latest=latest.year, steps=steps, routes=routes,
        today=today.isoformat() if today else "", today_label=dates.dutch(today) if today else "",
        lines=lines,
        expected=expected_steps(care_type, latest.name, latest.year, today) if passed else (),
    )


def next_lines(steps: tuple[Step, ...], routes: tuple[RouteSteps, ...], today: dt.date) -> tuple[NextLine, ...]:
    """Per route the first step that has not ended before `today`; routes with the same next
    step share a line, and one line for all routes names none. Empty when all have passed."""
    iso = today.isoformat()
    found: list[tuple[str, int | None]] = []
    for route in routes:
        found.append((route.route, next((i for i in route.steps if steps[i].end >= iso), None)))
    if all(index is None for _, index in found):
        return ()
    order: list[int | None] = []
    names: dict[int | None, list[str]] = {}
    for name, index in found:
        if index not in names:
            order.append(index)
            names[index] = []
        if name:
            names[index].append(name)
    if len(order) == 1:
        return (NextLine((), steps[order[0]]),)
    order.sort(key=lambda i: (i is None, steps[i].start if i is not None else ""))
    return tuple(NextLine(tuple(names[i]), steps[i] if i is not None else None) for i in order)
