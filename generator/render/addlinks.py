"""'Add to Google / Outlook' web links for one dated step: the only way to put one event
in a calendar from an Android phone without a file. All-day, on the step's dates (the
last allowed day for a deadline), like the event in the feeds."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from ..model.documents import Milestone, Policy, event_title
from . import dates


def add_links(policy: Policy, milestone: Milestone, page_url: str) -> tuple[str, str] | None:
    """(Google, Outlook) links for a dated, not cancelled milestone; None otherwise.
    `page_url` is the absolute address of the step on the site."""
    span = dates.span(milestone)
    if span is None or milestone.cancelled:
        return None
    first, last = span
    after = last + dt.timedelta(days=1)  # both services take an exclusive end for all-day events
    title = event_title(policy, milestone)  # short and task first, as in the feeds
    details = f"{milestone.step}. {milestone.when or dates.dutch(first)}. Meer informatie: {page_url}"
    google = "https://calendar.google.com/calendar/render?" + urlencode(
        {"action": "TEMPLATE", "text": title, "dates": f"{first:%Y%m%d}/{after:%Y%m%d}", "details": details})
    outlook = "https://outlook.office.com/calendar/0/deeplink/compose?" + urlencode(
        {"subject": title, "startdt": first.isoformat(), "enddt": after.isoformat(), "allday": "true",
         "body": details})
    return google, outlook
