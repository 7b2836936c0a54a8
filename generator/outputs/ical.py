"""iCalendar feeds of the dated milestones (RFC 5545 and RFC 7986).

- Date-only deadlines are all-day events (VALUE=DATE, DTEND the next day): no
  time is ever invented. A "vóór 1 juli" deadline sits on 30 June, the last day on time.
- SUMMARY is short and task first, as a phone's list shows it (`event_title`):
  "V&V 2024 · tekenen (uiterlijk)". The policy's wording, the audience and the page
  link are in DESCRIPTION.
- An approximate date ("half mei 2025") is a TENTATIVE event over the window
  stored in the data, its SUMMARY ending in "(verwacht)".
- Feeds: everything, one per care type, and one per sub care type or route with steps
  of its own (`views.audiences`), each with exactly its audience's steps plus the steps
  for everyone. Feeds carry no VALARM; a one-off file per step has a reminder and no
  refresh properties. A calendar's URL is the page a person reads, not the file.
- Relative and undated steps are not in the feeds; the site shows their words.
- UID = the milestone's stable id (plus care type and year), never a title,
  date or position. SEQUENCE counts recorded date and status changes, so a
  correction updates the event in place. DTSTAMP comes from the data.
- A cancelled milestone stays as STATUS:CANCELLED, "Vervallen: ...".
- What the NZa rules imply once a care type's latest policy is out (next year's policy
  before 1 April, then about 4 weeks for questions) is added to the care type's feed and
  the combined feed as TENTATIVE events (`with_expected`), marked as derived.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterable

from icalendar import Alarm, Calendar, Event, vText

from ..model.documents import DateMeaning, Milestone, Policy, event_title
from ..render import dates, upcoming, urls, views
from ..render.context import SiteContext
from ..render.markup import plain
PRODID = "-//Caresq//Zorginkoopbeleid agenda//NL"
UID_DOMAIN = "agenda.caresq.nl"
REMINDER = dt.timedelta(days=7)  # how long before a one-off event its alarm goes off


def uid(policy: Policy, milestone: Milestone) -> str:
    return f"{policy.care_type}-{policy.year}-{milestone.id}@{UID_DOMAIN}"


def revised_on(policy: Policy, milestone: Milestone) -> dt.date:
    """When this milestone last changed, according to the data."""
    revision_dates = {r.id: r.date for r in policy.revisions}
    candidates = [policy.published] if policy.published else []
    for previous in milestone.previous:
        candidates.append(previous.changed_on or revision_dates.get(previous.revision or ""))
    if milestone.cancelled:
        candidates.append(milestone.cancelled.date)
    known = [c for c in candidates if c]
    # No date in the data at all: 1 April of the year before the contract year,
    # the legal publication deadline; stable across rebuilds.
    return max(known) if known else dt.date(policy.year - 1, 4, 1)


def make_event(builder: SiteContext, policy: Policy, milestone: Milestone) -> Event | None:
    span = dates.span(milestone)
    if span is None:
        return None
    first, last = span
    tentative = milestone.window is not None
    audience = views.audience_names(policy, milestone)
    # The title is short and task first (a phone shows about 30 characters); the policy's
    # own words, who it is for and where to read more go in the description.
    description = [
        milestone.step,
        f"Wanneer (zoals in het beleid): {milestone.when or dates.dutch(first)}",
        f"Voor: {', '.join(audience) if audience else 'alle zorgaanbieders'}",
    ]
    if milestone.meaning is DateMeaning.before:  # "vóór 1 juli": the event sits on the last day on time
        description.insert(2, f"Laatste dag: {dates.dutch(last)}")
    if milestone.note:
        description.append(plain(milestone.note))
    if milestone.cancelled:
        description.append(f"Vervallen: {plain(milestone.cancelled.reason)}")
    link = builder.options.base_url + builder.urls.served_path(urls.landing(policy)) + f"#{milestone.id}"
    description += [f"Uit: {policy.title}", f"Meer informatie: {link}"]
    stamp = dt.datetime.combine(revised_on(policy, milestone), dt.time(0, 0), tzinfo=dt.timezone.utc)

    event = Event()
    event.add("uid", uid(policy, milestone))
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("sequence", milestone.sequence)
    event.add("summary", event_title(policy, milestone))
    event.add("description", "\n".join(description))
    event.add("dtstart", first)
    event.add("dtend", last + dt.timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add("status", "CANCELLED" if milestone.cancelled else ("TENTATIVE" if tentative else "CONFIRMED"))
    event.add("url", link)
    event.add("categories", [policy.name, views.KIND_LABELS[milestone.kind.value]])
    return event


def calendar_name(text: str) -> str:
    """A calendar name without ',', ';' or '\\': clients show NAME and X-WR-CALNAME as written,
    escapes and all, so a route name's comma would reach the reader as '\\,'."""
    return re.sub(r"\s*[,;]\s*", " / ", text).replace("\\", "/")


def make_calendar(builder: SiteContext, uri: str, name: str, description: str,
                  items: Iterable[tuple[Policy, Milestone]], page: str, single: bool = False) -> bytes:
    """A feed (`single` False: refreshed daily, no reminders, since subscribed calendars drop
    or repeat them) or a one-off file of one step (`single`: imported once, so no refresh, and
    a reminder a week before). `page` is the readable page the calendar belongs to."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # NAME and the X-WR-* properties are TEXT (RFC 7986; RFC 5545 3.8.8.2), but icalendar
    # writes properties it does not know verbatim. Escape them as TEXT ourselves, so a
    # newline, comma or semicolon in a step can never start a new property. The names
    # avoid ',' and ';' all the same: ical.js shows X-WR-CALNAME as written.
    name = calendar_name(name)
    calendar.add("name", vText(name))
    calendar.add("x-wr-calname", vText(name))
    calendar.add("description", description)
    calendar.add("x-wr-caldesc", vText(description))
    calendar.add("x-wr-timezone", "Europe/Amsterdam")
    calendar.add("url", page)
    if not single:
        calendar.add("source", builder.options.base_url + uri)
        calendar.add("refresh-interval", dt.timedelta(days=1), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "P1D")
    events = [e for e in (make_event(builder, p, m) for p, m in items) if e is not None]
    events.sort(key=lambda e: (e.decoded("dtstart"), str(e["uid"])))
    for event in events:
        if single and str(event["status"]) != "CANCELLED":
            event.add_component(reminder(event))
        calendar.add_component(event)
    return calendar.to_ical()


def reminder(event: Event) -> Alarm:
    """A display alarm a week before the event; RFC 5545 3.6.6 requires its DESCRIPTION."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Over een week: {event['summary']}")
    alarm.add("trigger", -REMINDER)
    return alarm


def _items(policies: Iterable[Policy], audience: views.Audience | None = None) -> list[tuple[Policy, Milestone]]:
    return [(policy, milestone) for policy in policies for milestone in views.milestones(policy)
            if views.reaches(audience, milestone)]


@dataclass
class CareTypeFeeds:
    """A care type's calendars, and what the combined feed takes from it."""

    care_type: str
    files: dict[str, bytes]  # its feed, its audiences' feeds and its one-off files
    events: list[tuple[Policy, Milestone]]  # its steps, in policy order
    expected: list[Event]  # the steps the NZa rules imply (`expected_events`)


def published_policies(builder: SiteContext) -> dict[str, list[Policy]]:
    """Each care type's published policies (the feeds leave drafts out), oldest first."""
    return {ct: [p for p in ps if not p.draft] for ct, ps in builder.care_types.items()}


def care_type_feeds(builder: SiteContext, care_type: str, policies: list[Policy]) -> CareTypeFeeds:
    """The care type's feed, one per audience and one file per dated step; `policies` are
    its published ones, not empty."""
    site: dict[str, bytes] = {}
    org = builder.archive.organisation.name
    base = builder.options.base_url
    name = policies[-1].name
    uri = urls.feed_care_type(care_type)
    page = base + builder.urls.served_path(urls.care_type_index(care_type))
    site[uri] = (make_calendar(builder, uri, f"{org}: {name}",
                                f"Gedateerde stappen uit het inkoopbeleid {name} van {org} over alle jaren.",
                                _items(policies), page))
    for audience in views.audiences(policies):
        uri = audience.uri(care_type)
        site[uri] = (make_calendar(builder, uri, f"{org}: {name} – {audience.name}",
                                    f"Stappen uit het inkoopbeleid {name} voor: {audience.name}. "
                                    f"Met de stappen voor alle zorgaanbieders.", _items(policies, audience), page))
    for policy in policies:
        for milestone in views.milestones(policy):
            if dates.span(milestone):
                uri = urls.single_event(policy, milestone.id)
                link = base + builder.urls.served_path(urls.landing(policy)) + f"#{milestone.id}"
                site[uri] = (make_calendar(builder, uri, f"{org}: {event_title(policy, milestone)}",
                                            "Eén stap uit het inkoopbeleid. Dit bestand werkt niet bij.",
                                            [(policy, milestone)], link, single=True))
    expected = expected_events(builder, care_type, policies)
    targets = {urls.feed_care_type(care_type): expected} if expected else {}
    return CareTypeFeeds(care_type, with_expected(site, targets), _items(policies), expected)


def combined_feed(builder: SiteContext, parts: Iterable[CareTypeFeeds]) -> bytes:
    """The feed of every care type: their steps, and the expected steps by care type."""
    parts = list(parts)
    org = builder.archive.organisation.name
    site = {urls.FEED_ALL: make_calendar(
        builder, urls.FEED_ALL, f"{org} inkoopkalender (alle zorgsoorten)",
        f"Alle gedateerde stappen uit het zorginkoopbeleid van {org} voor alle zorgsoorten.",
        [item for part in parts for item in part.events],
        builder.options.base_url + builder.urls.served_path(urls.CALENDAR_PAGE))}
    expected = [event for part in sorted(parts, key=lambda part: part.care_type) for event in part.expected]
    return with_expected(site, {urls.FEED_ALL: expected})[urls.FEED_ALL]


def feed_files(builder: SiteContext) -> dict[str, bytes]:
    """Every subscription feed and one file per dated milestone."""
    parts = [care_type_feeds(builder, care_type, policies)
             for care_type, policies in published_policies(builder).items() if policies]
    site = {urls.FEED_ALL: combined_feed(builder, parts)}
    for part in parts:
        site.update(part.files)
    return site


def expected_events(builder: SiteContext, care_type: str, policies: list[Policy]) -> list[Event]:
    """The steps the NZa rules imply once the care type's latest policy is out, as events for
    its feed and the combined feed (not for the audiences' feeds)."""
    steps = upcoming.expected_for({care_type: policies}, builder.options.today)
    return [expected_event(builder, step, policies[-1]) for step in steps]


def with_expected(site: dict[str, bytes], targets: dict[str, list[Event]]) -> dict[str, bytes]:
    """The feeds with the steps the NZa rules imply (`targets`: feed uri -> its expected events):
    in each care type's feed its own, in the combined feed all of them. Events stay sorted by
    date, as in `make_calendar`."""
    out = dict(site)
    for uri, events in targets.items():
        calendar = Calendar.from_ical(site[uri])
        for event in events:
            calendar.add_component(event)
        calendar.subcomponents.sort(key=lambda e: (e.decoded("dtstart"), str(e["uid"])))
        out[uri] = calendar.to_ical()
    return out


def expected_event(builder: SiteContext, step: upcoming.ExpectedStep, latest: Policy) -> Event:
    """An expected step as an all-day TENTATIVE event. UID from care type, year and kind;
    DTSTAMP from the latest policy (its publication date, else 1 April before its year)."""
    link = builder.options.base_url + builder.urls.served_path(urls.care_type_index(step.care_type)) + "#wat-komt-eraan"
    short = latest.short_name or step.name
    if step.kind == "publicatie":
        summary = f"{short} {step.year} · publicatie beleid (verwacht)"
        lines = [f"Verwacht: het inkoopbeleid {step.name} {step.year} wordt gepubliceerd vóór 1 april {step.year - 1}. "
                 f"Deze dag is de laatste dag waarop dat op tijd is. {builder.archive.organisation.name} noemde nog geen datum."]
    else:
        summary = f"{short} {step.year} · vragen stellen (verwacht)"
        lines = [f"Verwacht: na de publicatie van het inkoopbeleid {step.name} {step.year} hebt u in principe 4 weken "
                 f"om het te bestuderen en vragen te stellen. Bij publicatie op 31 maart loopt die periode tot ongeveer "
                 f"{dates.dutch(step.end)}; bij eerdere publicatie eerder."]
    lines += [f"Afgeleid uit de {upcoming.NZA_RULES_NAME} (NZa, artikel 4): {upcoming.NZA_RULES_URL}",
              f"Meer informatie: {link}"]
    stamp = dt.datetime.combine(latest.published or dt.date(latest.year - 1, 4, 1), dt.time(0, 0), tzinfo=dt.timezone.utc)
    event = Event()
    event.add("uid", f"{step.care_type}-{step.year}-verwacht-{step.kind}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("sequence", 0)
    event.add("summary", summary)
    event.add("description", "\n".join(lines))
    event.add("dtstart", step.start)
    event.add("dtend", step.end + dt.timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add("status", "TENTATIVE")
    event.add("url", link)
    event.add("categories", [step.name, "Verwacht"])
    return event
