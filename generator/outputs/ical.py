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
  the combined feed as TENTATIVE events (`expected_events`), marked as derived.
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


@dataclass(frozen=True)
class EventBlock:
    """One event serialised once (a VEVENT as CRLF bytes, folded by icalendar), for every
    calendar that carries it; `key` is the calendar's sort order (DTSTART, then UID)."""

    key: tuple[dt.date, str]
    ical: bytes
    summary: str
    url: str
    cancelled: bool


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
    link = event_link(builder, policy, milestone)
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


def event_link(builder: SiteContext, policy: Policy, milestone: Milestone) -> str:
    """The step on its policy's page: the event's URL and its one-off file's calendar URL."""
    return builder.options.base_url + builder.urls.served_path(urls.landing(policy)) + f"#{milestone.id}"


def serialise(event: Event) -> EventBlock:
    """An event as the block every calendar that carries it puts in (`make_calendar`)."""
    return EventBlock((event.decoded("dtstart"), str(event["uid"])), event.to_ical(), str(event["summary"]),
                      str(event["url"]), str(event["status"]) == "CANCELLED")


def calendar_name(text: str) -> str:
    """A calendar name without ',', ';' or '\\': clients show NAME and X-WR-CALNAME as written,
    escapes and all, so a route name's comma would reach the reader as '\\,'."""
    return re.sub(r"\s*[,;]\s*", " / ", text).replace("\\", "/")


END_CALENDAR = b"END:VCALENDAR\r\n"
END_EVENT = b"END:VEVENT\r\n"


def calendar_head(builder: SiteContext, uri: str, name: str, description: str, page: str,
                  single: bool = False) -> Calendar:
    """A calendar's own properties, without events. A feed (`single` False) is refreshed daily;
    a one-off file of one step (`single`) is imported once, so it has no refresh properties.
    `page` is the readable page the calendar belongs to."""
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
    return calendar


def make_calendar(builder: SiteContext, uri: str, name: str, description: str,
                  events: Iterable[EventBlock], page: str, single: bool = False) -> bytes:
    """A feed or a one-off file (`calendar_head`) with its events sorted by date. A feed has
    no reminders, since subscribed calendars drop or repeat them; a one-off file has one a
    week before its step.

    icalendar writes a component's properties, then its subcomponents, then its END line,
    each content line folded on its own. So the bytes are those of the whole calendar
    serialised at once: the head's lines, the events' blocks (serialised once for every
    calendar they are in), END:VCALENDAR; a reminder goes before its event's END:VEVENT."""
    head = calendar_head(builder, uri, name, description, page, single).to_ical()
    assert head.endswith(END_CALENDAR)
    parts = [head[:-len(END_CALENDAR)]]
    for event in sorted(events, key=lambda e: e.key):
        if single and not event.cancelled:
            assert event.ical.endswith(END_EVENT)
            parts += [event.ical[:-len(END_EVENT)], reminder(event.summary).to_ical(), END_EVENT]
        else:
            parts.append(event.ical)
    parts.append(END_CALENDAR)
    return b"".join(parts)


def reminder(summary: str) -> Alarm:
    """A display alarm a week before the event; RFC 5545 3.6.6 requires its DESCRIPTION."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Over een week: {summary}")
    alarm.add("trigger", -REMINDER)
    return alarm


@dataclass
class CareTypeFeeds:
    """A care type's calendars, and what the combined feed takes from it."""

    care_type: str
    files: dict[str, bytes]  # its feed, its audiences' feeds and its one-off files
    events: list[EventBlock]  # its dated steps, in policy order
    expected: list[EventBlock]  # the steps the NZa rules imply (`expected_events`)




def care_type_feeds(builder: SiteContext, care_type: str, policies: list[Policy]) -> CareTypeFeeds:
    """The care type's feed, one per audience and one file per dated step; `policies` are
    its published ones, not empty. Each event is built and serialised once."""
    org = builder.archive.organisation.name
    base = builder.options.base_url
    dated = [(policy, milestone, serialise(event)) for policy in policies for milestone in views.milestones(policy)
             if (event := make_event(builder, policy, milestone)) is not None]
    events = [block for _, _, block in dated]
    expected = expected_events(builder, care_type, policies)
    name = policies[-1].name
    uri = urls.feed_care_type(care_type)
    page = base + builder.urls.served_path(urls.care_type_index(care_type))
    files = {uri: make_calendar(builder, uri, f"{org}: {name}",
                                f"Gedateerde stappen uit het inkoopbeleid {name} van {org} over alle jaren.",
                                events + expected, page)}
    for audience in views.audiences(policies):
        uri = audience.uri(care_type)
        files[uri] = make_calendar(builder, uri, f"{org}: {name} – {audience.name}",
                                   f"Stappen uit het inkoopbeleid {name} voor: {audience.name}. "
                                   f"Met de stappen voor alle zorgaanbieders.",
                                   [block for _, milestone, block in dated if views.reaches(audience, milestone)], page)
    for policy, milestone, block in dated:
        uri = urls.single_event(policy, milestone.id)
        files[uri] = make_calendar(builder, uri, f"{org}: {block.summary}",
                                   "Eén stap uit het inkoopbeleid. Dit bestand werkt niet bij.", [block], block.url,
                                   single=True)
    return CareTypeFeeds(care_type, files, events, expected)


def combined_feed(builder: SiteContext, parts: Iterable[CareTypeFeeds]) -> bytes:
    """The feed of every care type: their steps, and the expected steps by care type."""
    parts = list(parts)
    org = builder.archive.organisation.name
    events = [block for part in parts for block in part.events]
    events += [block for part in sorted(parts, key=lambda part: part.care_type) for block in part.expected]
    return make_calendar(builder, urls.FEED_ALL, f"{org} inkoopkalender (alle zorgsoorten)",
                         f"Alle gedateerde stappen uit het zorginkoopbeleid van {org} voor alle zorgsoorten.", events,
                         builder.options.base_url + builder.urls.served_path(urls.CALENDAR_PAGE))




def expected_events(builder: SiteContext, care_type: str, policies: list[Policy]) -> list[EventBlock]:
    """The steps the NZa rules imply once the care type's latest policy is out, as events for
    its feed and the combined feed (not for the audiences' feeds)."""
    steps = upcoming.expected_for({care_type: policies}, builder.options.today)
    return [serialise(expected_event(builder, step, policies[-1])) for step in steps]


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
