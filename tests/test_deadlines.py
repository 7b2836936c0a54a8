"""Deadlines a provider can act on: the meaning of a date is data (`betekenis`), the
words in `wanneer` must agree with it, and every feed puts a deadline on the last
day on time.

The rules run on small purpose-made policies: the valid test policy of
tests/malformed/basis with one milestone rewritten. The named deadlines of the
issue are checked in the feeds of the bundled data, built in-process.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from icalendar import Calendar

from conftest import POLICIES
from generator import SiteOptions, build_site, load_archive
from generator.check import check_archive
from generator.check.deadlines import parse_when
from generator.load import read_archive
from generator.model.documents import DateMeaning, Milestone
from generator.model.errors import PolicyError, Problem
from generator.render import dates, urls

BASIS = Path(__file__).parent / "malformed" / "basis" / "beleid.yaml"
PLACE = Path("zorgsoorten") / "proef" / "2026.yaml"
# The milestone of the basis policy that the fixtures rewrite, exactly as it stands there.
SIGNING = """              wanneer: 8 november 2025
              datum: 2025-11-08
              betekenis: uiterlijk
              soort: ondertekening
"""
OFFER = """              wanneer: Begin september 2025
              venster: {van: 2025-09-01, tot: 2025-09-10}
              betekenis: verwacht
"""


# --------------------------------------------------------------------------- fixtures


def problems_for(tmp_path: Path, replace: dict[str, str]) -> list[Problem]:
    """Every problem (model and check rules) of the test policy with `replace` applied."""
    root = tmp_path / "policies"
    shutil.copytree(POLICIES, root)
    text = BASIS.read_text(encoding="utf-8")
    for old, new in replace.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (root / PLACE).parent.mkdir(parents=True)
    (root / PLACE).write_text(text, encoding="utf-8")
    try:
        archive = read_archive(root)
    except PolicyError as refused:  # the model refuses the file: its problems are the answer
        found = refused.problems
    else:
        found = archive.problems + check_archive(archive)
    return [p for p in found if p.is_error and p.path.endswith(PLACE.as_posix())]


def line_of(tmp_path: Path, fragment: str) -> int:
    """Line (1-based) of the planted file on which `fragment` stands."""
    lines = (tmp_path / "policies" / PLACE).read_text(encoding="utf-8").splitlines()
    hits = [number for number, line in enumerate(lines, 1) if fragment in line]
    assert len(hits) == 1, fragment
    return hits[0]


def signing(wanneer: str, datum: str = "2025-11-08", betekenis: str = "uiterlijk") -> dict[str, str]:
    return {SIGNING: f"""              wanneer: {wanneer}
              datum: {datum}
              betekenis: {betekenis}
              soort: ondertekening
"""}


def offer(wanneer: str, van: str, tot: str) -> dict[str, str]:
    return {OFFER: f"""              wanneer: {wanneer}
              venster: {{van: {van}, tot: {tot}}}
              betekenis: verwacht
"""}


def test_the_basis_policy_is_clean(tmp_path):
    assert problems_for(tmp_path, {}) == []


# --------------------------------------------------------------------------- reading the words


@pytest.mark.parametrize("words, default_year, first, last, marker", [
    ("1 juli 2023", 2023, "2023-07-01", "2023-07-01", None),
    ("voor 1 juli", 2023, "2023-07-01", "2023-07-01", DateMeaning.before),
    ("Vóór 1 oktober 2025", 2025, "2025-10-01", "2025-10-01", DateMeaning.before),
    ("tot uiterlijk 1 oktober 2025", 2025, "2025-10-01", "2025-10-01", DateMeaning.last_day),
    ("uiterlijk op 31 december 2024", 2024, "2024-12-31", "2024-12-31", DateMeaning.last_day),
    ("Vanaf 12 november 2023", 2023, "2023-11-12", "2023-11-12", DateMeaning.from_on),
    ("half september 2023", 2023, "2023-09-11", "2023-09-20", None),
    ("begin oktober", 2023, "2023-10-01", "2023-10-10", None),
    ("eind augustus", 2025, "2025-08-21", "2025-08-31", None),
    ("1e helft van mei", 2023, "2023-05-01", "2023-05-15", None),
    ("In oktober", 2025, "2025-10-01", "2025-10-31", None),
    ("Caresq benadert uiterlijk half september 2023 de betreffende zorgaanbieders voor individuele inkoopgesprekken",
     2023, "2023-09-11", "2023-09-20", DateMeaning.last_day),
])
def test_dutch_date_phrases_are_read(words, default_year, first, last, marker):
    mentions = parse_when(words)
    assert len(mentions) == 1, mentions
    assert [d.isoformat() for d in mentions[0].period(default_year)] == [first, last]
    assert mentions[0].marker is marker


def test_a_stated_latest_approximate_date_has_its_own_last_day():
    assert parse_when("uiterlijk half september 2023")[0].latest(2023) == dt.date(2023, 9, 15)
    assert parse_when("uiterlijk begin oktober")[0].latest(2023) == dt.date(2023, 10, 10)
    assert parse_when("uiterlijk eind februari")[0].latest(2024) == dt.date(2024, 2, 29)


# --------------------------------------------------------------------------- the wording rules


def test_voor_in_the_words_needs_meaning_voor(tmp_path):
    problems = problems_for(tmp_path, signing("vóór 8 november 2025"))
    assert [(p.line, "zegt vóór" in p.message, "betekenis: voor" in p.hint) for p in problems] == \
        [(_meaning_line(tmp_path), True, True)]
    assert "7 november 2025" in problems[0].hint, "the hint names the last day on time"


def _meaning_line(tmp_path: Path) -> int:
    """The `betekenis` line of the rewritten signing step (the last `betekenis` in the file)."""
    lines = (tmp_path / "policies" / PLACE).read_text(encoding="utf-8").splitlines()
    return max(number for number, line in enumerate(lines, 1) if line.strip().startswith("betekenis:"))


def test_voor_with_its_meaning_is_clean_and_the_last_day_is_one_earlier(tmp_path):
    assert problems_for(tmp_path, signing("vóór 8 november 2025", betekenis="voor")) == []
    milestone = Milestone.model_validate({"id": "x", "stap": "Aanvraag", "wanneer": "vóór 8 november 2025",
                                          "datum": "2025-11-08", "betekenis": "voor", "soort": "deadline"})
    assert milestone.event_days == (dt.date(2025, 11, 7), dt.date(2025, 11, 7))
    assert dates.span(milestone) == milestone.event_days
    assert dates.when_label(milestone, {}) == "vóór 8 november 2025 (uiterlijk 7 november 2025)"


def test_meaning_voor_needs_voor_in_the_words(tmp_path):
    problems = problems_for(tmp_path, signing("8 november 2025", betekenis="voor"))
    assert len(problems) == 1 and problems[0].line == _meaning_line(tmp_path)
    assert "zegt niet vóór" in problems[0].message and "betekenis: uiterlijk" in problems[0].hint


@pytest.mark.parametrize("words", ["uiterlijk 8 november 2025", "tot uiterlijk 8 november 2025", "uiterlijk op 8 november 2025"])
def test_uiterlijk_in_the_words_needs_meaning_uiterlijk(tmp_path, words):
    assert problems_for(tmp_path, signing(words)) == []
    problems = problems_for(tmp_path / "op", signing(words, betekenis="op"))
    assert len(problems) == 1 and "noemt de laatste dag" in problems[0].message
    assert problems[0].line == _meaning_line(tmp_path / "op") and "betekenis: uiterlijk" in problems[0].hint


def test_vanaf_in_the_words_and_meaning_vanaf_go_together(tmp_path):
    assert problems_for(tmp_path / "goed", signing("Vanaf 8 november 2025", betekenis="vanaf")) == []
    wrong_meaning = problems_for(tmp_path / "woorden", signing("Vanaf 8 november 2025"))
    assert len(wrong_meaning) == 1 and "noemt een begin (vanaf)" in wrong_meaning[0].message
    assert "betekenis: vanaf" in wrong_meaning[0].hint
    wrong_words = problems_for(tmp_path / "betekenis", signing("8 november 2025", betekenis="vanaf"))
    assert len(wrong_words) == 1 and "zegt niet vanaf" in wrong_words[0].message


def test_the_written_date_must_be_the_date(tmp_path):
    problems = problems_for(tmp_path, signing("8 november 2025", datum="2025-11-09"))
    assert len(problems) == 1 and problems[0].line == line_of(tmp_path, "datum: 2025-11-09")
    assert "verschilt van de datum" in problems[0].message and "datum: 2025-11-08" in problems[0].hint
    # Without a year the words take the year of `datum`.
    assert problems_for(tmp_path / "zonder-jaar", signing("8 november")) == []
    other_year = problems_for(tmp_path / "ander-jaar", signing("8 november 2024"))
    assert len(other_year) == 1 and "verschilt van de datum" in other_year[0].message


def test_an_approximate_wording_needs_a_window(tmp_path):
    problems = problems_for(tmp_path, signing("Half november 2025"))
    assert len(problems) == 1 and problems[0].line == line_of(tmp_path, "datum: 2025-11-08")
    assert "globale datum" in problems[0].message
    assert "venster: {van: 2025-11-11, tot: 2025-11-20}" in problems[0].hint


def test_words_without_a_date_cannot_carry_a_date(tmp_path):
    problems = problems_for(tmp_path, signing("Na het gesprek"))
    assert len(problems) == 1 and problems[0].line == line_of(tmp_path, "wanneer: Na het gesprek")


@pytest.mark.parametrize("words, allowed_end, too_late", [
    ("uiterlijk half september 2025", "2025-09-15", "2025-09-20"),
    ("uiterlijk begin september 2025", "2025-09-10", "2025-09-11"),
    ("voor half september 2025", "2025-09-14", "2025-09-15"),
])
def test_a_window_never_runs_past_a_stated_latest_date(tmp_path, words, allowed_end, too_late):
    assert problems_for(tmp_path / "goed", offer(words, "2025-09-01", allowed_end)) == []
    problems = problems_for(tmp_path / "fout", offer(words, "2025-09-01", too_late))
    assert len(problems) == 1 and "na de uiterste datum" in problems[0].message
    assert problems[0].line == line_of(tmp_path / "fout", f"tot: {too_late}")
    assert f"tot: {allowed_end}" in problems[0].hint


def test_uiterlijk_eind_allows_the_whole_month(tmp_path):
    assert problems_for(tmp_path, offer("uiterlijk eind september 2025", "2025-09-21", "2025-09-30")) == []


def test_a_window_lies_in_the_month_its_words_name(tmp_path):
    problems = problems_for(tmp_path, offer("Begin september 2025", "2025-08-01", "2025-08-10"))
    assert len(problems) == 1 and "valt niet in" in problems[0].message
    assert "van: 2025-09-01, tot: 2025-09-10" in problems[0].hint


def test_a_window_cannot_hold_an_exact_day(tmp_path):
    problems = problems_for(tmp_path, offer("1 september 2025", "2025-09-01", "2025-09-10"))
    assert len(problems) == 1 and "precieze dag" in problems[0].message


# --------------------------------------------------------------------------- the model


@pytest.mark.parametrize("replace, fragment", [
    ({"              betekenis: uiterlijk\n              soort: ondertekening\n": "              soort: ondertekening\n"},
     "ontbreekt 'betekenis'"),
    ({"              betekenis: uiterlijk\n              soort: ondertekening\n":
      "              betekenis: verwacht\n              soort: ondertekening\n"}, "hoort bij een 'venster'"),
    ({"              betekenis: verwacht\n": "              betekenis: uiterlijk\n"}, "alleen 'betekenis: verwacht'"),
    ({"              relatief: {na: aanbieding-zorgovereenkomst, termijn: 4 weken}\n":
      "              relatief: {na: aanbieding-zorgovereenkomst, termijn: 4 weken}\n              betekenis: uiterlijk\n"},
     "hoort bij een 'datum' of 'venster'"),
])
def test_the_model_ties_the_meaning_to_the_date_form(tmp_path, replace, fragment):
    problems = problems_for(tmp_path, replace)
    assert len(problems) == 1 and fragment in problems[0].message, problems


def test_a_window_may_leave_the_meaning_out(tmp_path):
    assert problems_for(tmp_path, {"              betekenis: verwacht\n": ""}) == []


# --------------------------------------------------------------------------- audience


def test_zorgvormen_on_a_milestone_must_exist(tmp_path):
    with_form = {"              soort: ondertekening\n": "              zorgvormen: [thuiszorg]\n              soort: ondertekening\n"}
    assert problems_for(tmp_path / "goed", with_form) == []
    problems = problems_for(tmp_path / "fout", {"              soort: ondertekening\n":
                                                "              zorgvormen: [thuisorg]\n              soort: ondertekening\n"})
    assert len(problems) == 1 and "'zorgvormen' verwijst naar 'thuisorg'" in problems[0].message
    assert problems[0].line == line_of(tmp_path / "fout", "zorgvormen: [thuisorg]")
    assert "thuiszorg" in problems[0].hint


# --------------------------------------------------------------------------- the bundled feeds

BASE = "https://feeds.example.test/zorginkoop/"


@pytest.fixture(scope="module")
def bundled():
    archive = load_archive(POLICIES)
    site = build_site(archive, SiteOptions(base_url=BASE))
    feeds = {uri: Calendar.from_ical(content) for uri, content in site.files.items()
             if uri.startswith("agenda/") and uri.endswith(".ics")}
    return archive, feeds


def events_of(feeds: dict, care_type: str, milestone_id: str) -> dict[str, tuple[dt.date, dt.date]]:
    """uri -> (first day, last day) of the milestone's event in every feed that carries it."""
    found = {}
    for uri, calendar in feeds.items():
        for event in calendar.walk("VEVENT"):
            if str(event["uid"]).startswith(f"{care_type}-") and str(event["uid"]).endswith(f"-{milestone_id}@agenda.caresq.nl"):
                found[uri] = (event.decoded("dtstart"), event.decoded("dtend") - dt.timedelta(days=1))
    return found


@pytest.mark.parametrize("care_type, milestone_id, last_day", [
    ("verpleging-en-verzorging", "aanvraag-onplanbare-nachtzorg", dt.date(2023, 6, 30)),
    ("hulpmiddelen", "aanvraag-nieuwe-producten-indienen", dt.date(2026, 7, 31)),
])
def test_a_voor_deadline_sits_on_the_last_allowed_day_in_every_feed(bundled, care_type, milestone_id, last_day):
    _, feeds = bundled
    found = events_of(feeds, care_type, milestone_id)
    # The care type feed, the combined feed and the single-event file at least.
    assert {urls.FEED_ALL, urls.feed_care_type(care_type)} <= found.keys() and len(found) >= 3, found.keys()
    assert set(found.values()) == {(last_day, last_day)}, found


def test_the_half_september_window_ends_by_the_15th_in_every_feed(bundled):
    _, feeds = bundled
    found = events_of(feeds, "verpleging-en-verzorging", "uitnodiging-inkoopgesprek")
    assert {urls.FEED_ALL, urls.feed_care_type("verpleging-en-verzorging")} <= found.keys()
    assert all(last <= dt.date(2023, 9, 15) for _, last in found.values()), found


def test_a_contract_group_step_reaches_only_its_route_feed(bundled):
    _, feeds = bundled
    found = events_of(feeds, "verpleging-en-verzorging", "aangepaste-bijlage-2")
    audience_feeds = {uri for uri in found if "--" in uri}
    # The route's feed and the one of its care form (wijkverpleging), no other route's.
    assert audience_feeds == {urls.feed_route("verpleging-en-verzorging", "tweejarige-zorgovereenkomst"),
                              urls.feed_care_form("verpleging-en-verzorging", "wijkverpleging")}
    description = next(e for e in feeds[urls.FEED_ALL].walk("VEVENT")
                       if str(e["uid"]).endswith("-aangepaste-bijlage-2@agenda.caresq.nl"))["description"]
    assert "Voor: Wijkverpleging, Zorgaanbieders met een tweejarige zorgovereenkomst" in description


def test_every_dated_milestone_of_the_bundled_data_states_its_meaning(bundled):
    archive, _ = bundled
    from generator.render.views import milestones

    dated = [m for p in archive.policies for m in milestones(p) if m.date or m.window]
    assert len(dated) >= 30
    assert all(m.meaning is not None for m in dated), [m.id for m in dated if m.meaning is None]
    assert {m.meaning for m in dated} == set(DateMeaning) - {DateMeaning.on}
