"""Dutch date wording and the honest reading of a milestone's date."""

from __future__ import annotations

import datetime as dt

from ..model.documents import DateMeaning, Milestone

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december")


def dutch(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def month_label(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def span(milestone: Milestone) -> tuple[dt.date, dt.date] | None:
    """First and last day (inclusive) a dated milestone covers; None when undated or relative.
    A "vóór X" deadline covers X - 1, the last day on time."""
    return milestone.event_days


def when_label(milestone: Milestone, step_names: dict[str, str]) -> str:
    """What a reader sees as the date: the policy's own words, completed where needed."""
    if milestone.date is not None:
        if not milestone.when:
            return dutch(milestone.date)
        if milestone.meaning is DateMeaning.before:
            return f"{milestone.when} (uiterlijk {dutch(milestone.event_days[1])})"
        # The source's words; a year it leaves out is added, so the label stands on its own.
        return milestone.when if str(milestone.date.year) in milestone.when else f"{milestone.when} ({dutch(milestone.date)})"
    if milestone.window is not None:
        return f"{milestone.when} (verwacht {dutch(milestone.window.start)} – {dutch(milestone.window.end)})"
    if milestone.relative is not None:
        return milestone.when or f"{milestone.relative.term} na {step_names.get(milestone.relative.after, milestone.relative.after)}"
    return milestone.when or "Geen vaste datum"
