"""Deadline wording: the words in `wanneer` and the meaning in the data must agree.

A provider acts on the calendar date, so "vóór 1 juli" must not be stored as a
last day of 1 July, "uiterlijk half september" may not become a window running
to 20 September, and the date written in the words must be the date in
`datum`. The rules read the Dutch date phrases of `wanneer`; each mistake is
reported at the field that has to change, with what to write instead.

(Whether `zorgvormen` on a milestone names care forms of the policy is a reference rule in `rules`.)
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterator

from ..model.archive import Archive
from ..model.documents import TITLE_LIMIT, Block, Chapter, DateMeaning, Milestone, Policy, Timeline, Window, event_title
from ..model.errors import Problem, Severity
from ..model.source import SourceFile

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december")
_MONTH = "(" + "|".join(MONTHS) + ")"
_EXACT = re.compile(rf"\b(\d{{1,2}})(?:e)?\s+{_MONTH}(?:\s+(\d{{4}}))?\b")
_APPROX = re.compile(rf"\b(?:(begin|half|medio|eind|einde)\s+|(1e|eerste|2e|tweede)\s+helft\s+(?:van\s+)?)?{_MONTH}"
                     rf"(?:\s+(\d{{4}}))?\b")
# The word right before a date says what the date is; the longest forms first.
_MARKER = re.compile(r"\b(tot\s+uiterlijk(?:\s+op)?|uiterlijk(?:\s+op)?|vóór|voor|vanaf|per)\s+$")
_MARKER_MEANING = {"tot uiterlijk": DateMeaning.last_day, "uiterlijk": DateMeaning.last_day,
                   "vóór": DateMeaning.before, "voor": DateMeaning.before,
                   "vanaf": DateMeaning.from_on, "per": DateMeaning.from_on}

# YAML keys, from the model's aliases.
_CHAPTERS = Chapter.model_fields["chapters"].alias
_POLICY_CHAPTERS = Policy.model_fields["chapters"].alias
_CONTENT = Chapter.model_fields["content"].alias
_TIMELINE = Block.model_fields["timeline"].alias
_MILESTONES = Timeline.model_fields["milestones"].alias
_WHEN = Milestone.model_fields["when"].alias
_DATE = Milestone.model_fields["date"].alias
_WINDOW = Milestone.model_fields["window"].alias
_MEANING = Milestone.model_fields["meaning"].alias
_STEP = Milestone.model_fields["step"].alias
_SHORT_STEP = Milestone.model_fields["short_step"].alias
_SHORT_NAME = Policy.model_fields["short_name"].alias
_WINDOW_START = Window.model_fields["start"].alias
_WINDOW_END = Window.model_fields["end"].alias


@dataclass(frozen=True)
class Mention:
    """One date phrase in `wanneer`: an exact day, or an approximate part of a month."""

    exact: bool
    month: int
    year: int | None
    day: int | None  # exact only
    part: str  # approximate only: begin, half, eind, 1e helft, 2e helft, or "" for the whole month
    marker: DateMeaning | None  # the word right before the phrase: uiterlijk, vóór, vanaf
    text: str

    def period(self, default_year: int) -> tuple[dt.date, dt.date]:
        """The days the phrase can stand for (an exact day: that one day)."""
        year = self.year or default_year
        last = calendar.monthrange(year, self.month)[1]
        if self.exact:
            return (dt.date(year, self.month, self.day),) * 2
        first_day, last_day = {"begin": (1, 10), "half": (11, 20), "eind": (21, last), "1e helft": (1, 15),
                               "2e helft": (16, last), "": (1, last)}[self.part]
        return dt.date(year, self.month, first_day), dt.date(year, self.month, last_day)

    def latest(self, default_year: int) -> dt.date:
        """The last allowed day, when the phrase is a deadline ("uiterlijk half september": the 15th)."""
        year = self.year or default_year
        if self.exact:
            return dt.date(year, self.month, self.day)
        day = {"begin": 10, "half": 15, "1e helft": 15}.get(self.part, calendar.monthrange(year, self.month)[1])
        return dt.date(year, self.month, day)


def parse_when(text: str) -> list[Mention]:
    """The date phrases in a Dutch `wanneer`, in order: '1 juli 2023', 'half september 2023', 'in oktober'."""
    lower = text.lower()
    found: list[Mention] = []
    taken: list[range] = []
    for match in _EXACT.finditer(lower):
        day, month = int(match.group(1)), MONTHS.index(match.group(2)) + 1
        year = int(match.group(3)) if match.group(3) else None
        if not 1 <= day <= 31:
            continue
        found.append(Mention(True, month, year, day, "", _marker(lower[:match.start()]), text[match.start():match.end()]))
        taken.append(range(match.start(), match.end()))
    for match in _APPROX.finditer(lower):
        if any(match.start(3) in span for span in taken):
            continue
        part = {"medio": "half", "einde": "eind", "eerste": "1e", "tweede": "2e"}.get(match.group(1) or "", match.group(1) or "")
        if match.group(2):
            part = {"eerste": "1e", "tweede": "2e"}.get(match.group(2), match.group(2)) + " helft"
        year = int(match.group(4)) if match.group(4) else None
        found.append(Mention(False, MONTHS.index(match.group(3)) + 1, year, None, part,
                             _marker(lower[:match.start()]), text[match.start():match.end()]))
    return sorted(found, key=lambda m: lower.find(m.text.lower()))


def _marker(before: str) -> DateMeaning | None:
    match = _MARKER.search(before)
    if not match:
        return None
    word = re.sub(r"\s+op$", "", re.sub(r"\s+", " ", match.group(1)))
    return _MARKER_MEANING[word]


def _dutch(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


# --------------------------------------------------------------------------- walking the model with YAML paths


def _chapter_timelines(chapter: Chapter, here: tuple) -> Iterator[tuple[tuple, Timeline]]:
    for index, block in enumerate(chapter.content):
        if block.timeline is not None:
            yield here + (_CONTENT, index, _TIMELINE), block.timeline
    for index, child in enumerate(chapter.chapters):
        yield from _chapter_timelines(child, here + (_CHAPTERS, index))


def _milestones(document: Policy | Chapter) -> Iterator[tuple[tuple, Milestone]]:
    """Every milestone of a policy or shared section with its path in the YAML file."""
    if isinstance(document, Policy):
        timelines = (pair for index, chapter in enumerate(document.chapters)
                     for pair in _chapter_timelines(chapter, (_POLICY_CHAPTERS, index)))
    else:
        timelines = _chapter_timelines(document, ())
    for path, timeline in timelines:
        for index, milestone in enumerate(timeline.milestones):
            yield path + (_MILESTONES, index), milestone


# --------------------------------------------------------------------------- the rules


def deadline_problems(archive: Archive) -> list[Problem]:
    """Every milestone whose wording contradicts its date or meaning."""
    found: list[Problem] = []
    documents: list[Policy | Chapter] = [*archive.policies, *archive.shared.values()]
    for document in documents:
        source = archive.source_of(document)
        for path, milestone in _milestones(document):
            found += milestone_problems(milestone, path, source)
            if isinstance(document, Policy):
                found += title_problems(document, milestone, path, source)
    return found


def title_problems(policy: Policy, milestone: Milestone, path: tuple, source: SourceFile) -> list[Problem]:
    """A warning when the calendar title of a dated step would be too long for a phone."""
    if milestone.event_days is None:
        return []
    title = event_title(policy, milestone)
    if len(title) <= TITLE_LIMIT:
        return []
    where = path + ((_SHORT_STEP,) if milestone.short_step else (_STEP,))
    return [source.problem(where, f"de titel in de agenda wordt {len(title)} tekens lang: '{title}'",
                           f"vul '{_SHORT_STEP}' in met de stap in een paar woorden (of '{_SHORT_NAME}' bij de zorgsoort); "
                           f"een telefoon toont ongeveer 30 tekens, houd het onder {TITLE_LIMIT}",
                           severity=Severity.warning)]


def milestone_problems(milestone: Milestone, path: tuple, source: SourceFile) -> list[Problem]:
    if not milestone.when or (milestone.date is None and milestone.window is None):
        return []
    year = (milestone.date or milestone.window.start).year
    mentions = parse_when(milestone.when)
    if not mentions:
        return [source.problem(path + (_WHEN,), f"in '{milestone.when}' staat geen datum die te lezen is",
                               "schrijf de datum zoals het beleid, bijvoorbeeld '1 juli 2023', 'vóór 1 juli 2023' of 'half mei 2025'")]
    if milestone.date is not None:
        return _exact_problems(milestone, mentions, path, source)
    return _window_problems(milestone, mentions, year, path, source)


def _exact_problems(milestone: Milestone, mentions: list[Mention], path: tuple, source: SourceFile) -> list[Problem]:
    day, meaning, when = milestone.date, milestone.meaning, milestone.when
    exact = [m for m in mentions if m.exact]
    if not exact:
        start, end = mentions[0].period(day.year)
        return [source.problem(path + (_DATE,), f"'{when}' is een globale datum, maar er staat een exacte '{_DATE}'",
                               f"vervang '{_DATE}' door '{_WINDOW}: {{{_WINDOW_START}: {start}, {_WINDOW_END}: {end}}}' "
                               f"en '{_MEANING}: verwacht'")]
    mention = exact[0]
    found = []
    written = mention.latest(day.year)
    if (written.month, written.day) != (day.month, day.day) or (mention.year and mention.year != day.year):
        found.append(source.problem(path + (_DATE,), f"'{_DATE}: {day}' verschilt van de datum in '{when}' ({mention.text})",
                                    f"zet '{_DATE}: {written}', de datum zoals het beleid hem schrijft"))
    marker = mention.marker
    if marker is DateMeaning.before and meaning is not DateMeaning.before:
        found.append(source.problem(path + (_MEANING,), f"'{when}' zegt vóór, maar '{_MEANING}' is '{meaning.value}': "
                                    f"dan is {_dutch(day)} zelf al te laat",
                                    f"zet '{_MEANING}: voor'; de laatste dag is dan {_dutch(day - dt.timedelta(days=1))}"))
    elif meaning is DateMeaning.before and marker is not DateMeaning.before:
        found.append(source.problem(path + (_MEANING,), f"'{_MEANING}' is 'voor', maar '{when}' zegt niet vóór",
                                    f"zet '{_MEANING}: {(marker or DateMeaning.last_day).value}' als {_dutch(day)} zelf nog op tijd is, "
                                    "of schrijf 'vóór' zoals het beleid"))
    elif marker is DateMeaning.last_day and meaning is not DateMeaning.last_day:
        found.append(source.problem(path + (_MEANING,), f"'{when}' noemt de laatste dag, maar '{_MEANING}' is '{meaning.value}'",
                                    f"zet '{_MEANING}: uiterlijk'"))
    elif marker is DateMeaning.from_on and meaning is not DateMeaning.from_on:
        found.append(source.problem(path + (_MEANING,), f"'{when}' noemt een begin (vanaf), maar '{_MEANING}' is '{meaning.value}'",
                                    f"zet '{_MEANING}: vanaf'"))
    elif meaning is DateMeaning.from_on and marker is not DateMeaning.from_on:
        found.append(source.problem(path + (_MEANING,), f"'{_MEANING}' is 'vanaf', maar '{when}' zegt niet vanaf",
                                    f"zet '{_MEANING}: {(marker or DateMeaning.last_day).value}' (of 'op' als het geen deadline is), "
                                    "of schrijf 'vanaf' zoals het beleid"))
    return found


def _window_problems(milestone: Milestone, mentions: list[Mention], year: int, path: tuple,
                     source: SourceFile) -> list[Problem]:
    window, when = milestone.window, milestone.when
    approximate = [m for m in mentions if not m.exact]
    if not approximate:
        mention = mentions[0]
        return [source.problem(path + (_WINDOW,), f"'{when}' noemt een precieze dag, maar er staat een '{_WINDOW}'",
                               f"vervang '{_WINDOW}' door '{_DATE}: {mention.latest(year)}' met de '{_MEANING}' "
                               "die bij de woorden past (uiterlijk, voor, vanaf of op)")]
    found = []
    mention = approximate[0]
    month_first, month_last = mention.period(year)[0].replace(day=1), _month_end(mention.period(year)[0])
    if not (month_first <= window.start and window.end <= month_last):
        start, end = mention.period(year)
        found.append(source.problem(path + (_WINDOW,), f"het venster {window.start} – {window.end} valt niet in "
                                    f"'{mention.text}' uit '{when}'",
                                    f"zet '{_WINDOW}: {{{_WINDOW_START}: {start}, {_WINDOW_END}: {end}}}'"))
    for bound_mention in mentions:
        if bound_mention.marker not in (DateMeaning.last_day, DateMeaning.before):
            continue
        latest = bound_mention.latest(year)
        if bound_mention.marker is DateMeaning.before:
            latest -= dt.timedelta(days=1)
        if window.end > latest:
            found.append(source.problem(path + (_WINDOW, _WINDOW_END),
                                        f"het venster loopt tot {_dutch(window.end)}, na de uiterste datum in '{when}' ({_dutch(latest)})",
                                        f"zet '{_WINDOW_END}: {latest}': een verwachte periode loopt nooit voorbij de uiterste datum"))
            break
    return found


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])
