"""The iCal deadline feeds, read the way subscribing calendars read them.

Every .ics file the core generates for the synthetic archive (tests/archive/, with
exact, window, relative, undated, cancelled and moved milestones) goes through
three independent parsers (ical.js, the engine of Thunderbird; `ical`, Home
Assistant's parser; vobject with validation) and through our own byte-level lint
(`ical_lint.py`). The contents are checked against the policy data. Edits in a
copy of the synthetic archive show that an event keeps its UID and raises
SEQUENCE when its date or status changes.

Marked `policies`: the real feeds against an independent list of the exact
deadlines in the five source documents.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
import yaml

from generator.model.documents import TITLE_LIMIT, DateMeaning, event_title
from generator.render import dates, urls, views
from generator import load_archive
from generator import SiteOptions, build_site
from ical_lint import lint

from conftest import BASE_URL, ROOT, synthetic_copy

CASES = Path(__file__).parent / "ical_cases"
PARSE_ICS = Path(__file__).parent / "js" / "parse_ics.mjs"
ICAL_JS = ROOT / "node_modules" / "ical.js" / "dist" / "ical.js"
SEEDS = ROOT.parent / "shared" / "seeds"
NODE = shutil.which("node")
BASE = BASE_URL  # the in-process builds' site URL; any absolute URL will do
INJECTION = "\nATTENDEE:mailto:x@y"



def require_ical_js() -> None:
    """ical.js needs node and the node packages: in CI their absence is a failure, locally a skip."""
    if NODE and ICAL_JS.exists():
        return
    message = "node or node_modules/ical.js missing (run scripts/setup)"
    pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)


# --------------------------------------------------------------------------- readers


def ical_js(paths: list[Path]) -> tuple[int, dict, str]:
    """Run tests/js/parse_ics.mjs once over many files: exit code, what it read, its complaints."""
    require_ical_js()
    done = subprocess.run([NODE, str(PARSE_ICS), *map(str, paths)], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)
    return done.returncode, json.loads(done.stdout or "{}"), done.stderr


def read_with_ical(text: str) -> list[tuple]:
    from ical.calendar_stream import IcsCalendarStream

    calendar = IcsCalendarStream.calendar_from_ics(text)
    return sorted((e.uid, e.dtstart.isoformat(), e.dtend.isoformat(), e.summary, e.status.value if e.status else None,
                   e.sequence or 0) for e in calendar.events)


def read_with_vobject(text: str) -> list[tuple]:
    events = vobject_calendar(text.encode("utf-8")).contents.get("vevent", [])
    return sorted((e.uid.value, e.dtstart.value.isoformat(), e.dtend.value.isoformat(), e.summary.value,
                   e.status.value, int(e.sequence.value)) for e in events)


def vobject_calendar(data: bytes):
    import vobject

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # vobject warns about things it then accepts
        return vobject.readOne(data.decode("utf-8"), validate=True)


def read_with_ical_js(calendar: dict) -> list[tuple]:
    return sorted((e["uid"], e["start"], e["end"], e["summary"], e["status"], e["sequence"]) for e in calendar["events"])


def logical_lines(data: bytes) -> list[str]:
    """Unfolded content lines, as every parser sees them before splitting properties."""
    return data.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")[:-1]


def events_by_uid(data: bytes) -> dict[str, bytes]:
    """Each VEVENT block, byte for byte, by its UID."""
    blocks = {}
    for chunk in data.split(b"BEGIN:VEVENT\r\n")[1:]:
        block = b"BEGIN:VEVENT\r\n" + chunk.split(b"END:VEVENT\r\n")[0] + b"END:VEVENT\r\n"
        uid = next(line for line in logical_lines(block) if line.startswith("UID:"))[4:]
        blocks[uid] = block
    return blocks


@pytest.fixture
def offline(monkeypatch):
    """Any network use by a parser fails the test: feeds must parse without fetching anything."""

    def refuse(*args, **kwargs):
        raise AssertionError("a parser tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


# --------------------------------------------------------------------------- the generated feeds


def written(files: dict[str, bytes], folder: Path) -> dict[str, Path]:
    """uri -> file, each .ics written under `folder` for the parsers that read files."""
    paths = {}
    for uri, content in sorted(files.items()):
        paths[uri] = folder / uri
        paths[uri].parent.mkdir(parents=True, exist_ok=True)
        paths[uri].write_bytes(content)
    return paths


@pytest.fixture(scope="module")
def feed_paths(synthetic_site, tmp_path_factory) -> dict[str, Path]:
    """uri -> file for every .ics the core generates, the single-event files included."""
    found = written(feed_files(synthetic_site), tmp_path_factory.mktemp("feeds"))
    assert urls.FEED_ALL in found, "the combined feed was not built"
    return found


@pytest.fixture(scope="module")
def feeds(feed_paths) -> dict[str, bytes]:
    return {uri: path.read_bytes() for uri, path in feed_paths.items()}


@pytest.fixture(scope="module")
def client(feed_paths) -> dict[str, dict]:
    """uri -> what ical.js reads in that file."""
    code, read, errors = ical_js(list(feed_paths.values()))
    assert code == 0, f"ical.js rejects feeds:\n{errors}"
    return {uri: read[str(path)] for uri, path in feed_paths.items()}


@pytest.fixture(scope="module")
def base_url(feeds) -> str:
    """The site URL the build used, read from the combined feed's own address (SOURCE)."""
    url = next(line[7:] for line in logical_lines(feeds[urls.FEED_ALL].split(b"BEGIN:VEVENT")[0])
               if line.startswith("SOURCE:"))
    assert url.endswith(urls.FEED_ALL)
    return url[: -len(urls.FEED_ALL)]


@pytest.fixture(scope="module")
def published(synthetic):
    return [policy for policy in synthetic.policies if not policy.draft]


def dated(policies):
    """(policy, milestone) for every milestone with a date or a window: the ones a feed holds."""
    return [(p, m) for p in policies for m in views.milestones(p) if m.date_kind in ("exact", "window")]


def deep_link(base: str, policy, milestone) -> str:
    return base + urls.served_path(urls.landing(policy)) + "#" + milestone.id


def event_for(calendar: dict, url: str) -> dict:
    matches = [event for event in calendar["events"] if event["url"] == url]
    assert len(matches) == 1, f"{len(matches)} events link to {url}"
    return matches[0]


# --------------------------------------------------------------------------- parsers and lint


def one_off(uri: str) -> bool:
    """A single-event file, opened once, rather than a feed to subscribe to."""
    return uri.startswith("agenda/mijlpalen/")


def test_every_feed_passes_our_lint(feeds):
    problems = [f"{uri}: {finding}" for uri, data in feeds.items() for finding in lint(data, one_off=one_off(uri))]
    assert not problems, "\n".join(problems)


def test_ical_js_accepts_every_feed(feed_paths):
    code, read, errors = ical_js(list(feed_paths.values()))
    assert code == 0, errors
    assert set(read) == {str(path) for path in feed_paths.values()}
    for path, calendar in read.items():
        for event in calendar["events"]:
            # ical.js is the one parser that types a date without VALUE=DATE as a date-time.
            assert event["startIsDate"] and event["endIsDate"], f"{path}: {event['uid']} has a time"
            if "/agenda/mijlpalen/" in path:
                # A one-off file is imported: it reminds a week ahead, unless the step is cancelled.
                assert event["alarms"] == (0 if event["status"] == "CANCELLED" else 1), path
            else:
                assert event["alarms"] == 0, f"{path}: {event['uid']} carries a VALARM"


def test_ical_package_accepts_every_feed(feeds, offline):
    for uri, data in feeds.items():
        events = read_with_ical(data.decode("utf-8"))
        assert events, f"{uri}: the ical package found no events"


def test_vobject_accepts_every_feed_with_validation(feeds):
    for uri, data in feeds.items():
        assert read_with_vobject(data.decode("utf-8")), f"{uri}: vobject found no events"


def test_the_three_parsers_read_the_same_events(feeds, client, offline):
    for uri, data in feeds.items():
        text = data.decode("utf-8")
        seen_by_ical_js = read_with_ical_js(client[uri])
        assert read_with_ical(text) == seen_by_ical_js, f"{uri}: ical and ical.js disagree"
        assert read_with_vobject(text) == seen_by_ical_js, f"{uri}: vobject and ical.js disagree"


# --------------------------------------------------------------------------- the lint and parser cases


def case_bytes(path: Path) -> bytes:
    """Cases are stored with LF so Git cannot alter them; feeds have CRLF."""
    return path.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-8")


GOOD = sorted((CASES / "good").glob("*.ics"))
BAD = sorted((CASES / "bad").glob("*.ics"))
# Cases ical.js itself, or our script's checks on what it read, must refuse.
ICAL_JS_REJECTS = {
    "all-day--dtstart-without-value-date", "all-day--dtend-without-value-date", "all-day--no-such-day",
    "dtend--same-day", "dtend--before-start", "event--missing-uid", "refresh--not-a-duration",
    "structure--unclosed-event", "syntax--broken-fold",
}


def test_the_case_folders_are_there():
    assert len(GOOD) >= 3 and len(BAD) >= 20
    assert ICAL_JS_REJECTS <= {path.stem for path in BAD}


@pytest.mark.parametrize("case", GOOD, ids=[p.stem for p in GOOD])
def test_good_case_passes_lint_and_parsers(case, offline):
    data = case_bytes(case)
    assert lint(data) == []
    read_with_ical(data.decode("utf-8"))
    read_with_vobject(data.decode("utf-8"))


@pytest.mark.parametrize("case", BAD, ids=[p.stem for p in BAD])
def test_bad_case_breaks_its_rule_and_only_that(case):
    rule = case.stem.split("--")[0]
    findings = lint(case_bytes(case))
    assert findings, "the lint found nothing"
    assert {finding.rule for finding in findings} == {rule}, [str(f) for f in findings]


@pytest.mark.parametrize("damage", ["all LF", "one LF", "no final CRLF"])
def test_line_endings_other_than_crlf_are_reported(damage):
    data = case_bytes(GOOD[0])
    if damage == "all LF":
        data = data.replace(b"\r\n", b"\n")
    elif damage == "one LF":
        data = data.replace(b"\r\n", b"\n", 1)
    else:
        data = data[:-2]
    assert "crlf" in {finding.rule for finding in lint(data)}


def test_parse_script_names_each_rejected_file_and_why(tmp_path):
    files = []
    for case in [*GOOD, *BAD]:
        target = tmp_path / f"{case.parent.name}-{case.name}"
        target.write_bytes(case_bytes(case))
        files.append((case, target))
    code, read, errors = ical_js([target for _, target in files])
    assert code == 1
    complaints = {line.split(": ", 1)[0]: line for line in errors.splitlines()}
    for case, target in files:
        if case.stem in ICAL_JS_REJECTS:
            assert str(target) in complaints, f"ical.js accepted {case.name}"
            assert len(complaints[str(target)]) > len(str(target)) + 10, "no reason given"
        elif case.parent.name == "good":
            assert str(target) not in complaints and str(target) in read
    code, _, errors = ical_js([target for case, target in files if case.parent.name == "good"])
    assert code == 0, errors


# --------------------------------------------------------------------------- which feeds exist


def test_feed_file_names_are_stable():
    # Subscribed calendars keep these addresses forever: a rename silently orphans subscribers.
    assert urls.FEED_ALL == "agenda/caresq-alle-zorgsoorten.ics"
    assert urls.feed_care_type("geboortezorg") == "agenda/geboortezorg.ics"
    assert urls.feed_route("geboortezorg", "kraamzorg-vecozo") == "agenda/geboortezorg--kraamzorg-vecozo.ics"


def test_one_feed_per_care_type_and_per_audience_with_steps_of_its_own(feeds, published):
    expected = {urls.FEED_ALL}
    for care_type in {p.care_type for p in published}:
        policies = [p for p in published if p.care_type == care_type]
        expected.add(urls.feed_care_type(care_type))
        expected |= {audience.uri(care_type) for audience in views.audiences(policies)}
    expected |= {urls.single_event(p, m.id) for p, m in dated(published)}
    assert set(feeds) == expected
    # Wijkzorg: a feed for the route with dated steps and for the care form nachtzorg (one step
    # of its own). Kraamzorg's one route holds all of its steps: no feed of its own; no draft anywhere.
    assert {urls.feed_route("wijkzorg", "bestaande-zorgaanbieders"), urls.feed_care_form("wijkzorg", "nachtzorg")} < set(feeds)
    assert not [uri for uri in feeds if uri.startswith("agenda/kraamzorg--") or "2027" in uri]
    # A route whose only steps have no date holds nothing of its own: not offered.
    assert urls.feed_route("wijkzorg", "nieuwe-zorgaanbieders") not in feeds


def feed_audience(care_type: str, uri: str, policies) -> views.Audience:
    return next(a for a in views.audiences(policies) if a.uri(care_type) == uri)


def event_url(calendar: dict) -> str:
    (event,) = calendar["events"]
    return event["url"]


def policy_events(calendar: dict) -> list[dict]:
    """The events of the policies' own steps: not the ones derived from the NZa rules
    (tests/test_next_step.py checks those)."""
    return [event for event in calendar["events"] if "-verwacht-" not in event["uid"]]


def test_care_type_route_and_combined_feeds_hold_exactly_their_milestones(client, published, base_url):
    def links(uri):
        return sorted(event["url"] for event in policy_events(client[uri]))

    everything = dated(published)
    assert links(urls.FEED_ALL) == sorted(deep_link(base_url, p, m) for p, m in everything)
    for care_type in {p.care_type for p in published}:
        mine = [(p, m) for p, m in everything if p.care_type == care_type]
        # All years of the care type in one feed.
        assert links(urls.feed_care_type(care_type)) == sorted(deep_link(base_url, p, m) for p, m in mine)
        policies = [p for p in published if p.care_type == care_type]
        for uri in client:
            if uri.startswith(f"agenda/{care_type}--"):
                audience = feed_audience(care_type, uri, policies)
                # Its own steps and the ones for everyone: a step for one care form or another route is not there.
                for_them = [(p, m) for p, m in mine
                            if (not m.audience and not m.care_forms) or audience.id in (
                                m.care_forms if audience.kind == "zorgvorm" else m.audience)]
                assert links(uri) == sorted(deep_link(base_url, p, m) for p, m in for_them), uri
    for policy, milestone in everything:
        assert links(urls.single_event(policy, milestone.id)) == [deep_link(base_url, policy, milestone)]


def test_feed_headers_name_and_refresh_the_feed(feeds, client, base_url):
    for uri, data in feeds.items():
        header = logical_lines(data.split(b"BEGIN:VEVENT")[0])
        calendar = client[uri]
        assert calendar["name"] and calendar["name"] == calendar["calname"], uri
        # NAME and X-WR-CALNAME are TEXT, but clients show them as written: no escapes at all.
        assert not any(mark in line for line in header if line.startswith(("NAME:", "X-WR-CALNAME:"))
                       for mark in (",", ";", "\\")), uri
        names = {read.value for key in ("name", "x-wr-calname") for read in vobject_calendar(data).contents[key]}
        assert len(names) == 1 and "\\" not in names.pop(), uri
        assert calendar["description"], uri
        # The calendar's URL is a page a person reads: the care type's, the Inkoopkalender or the step's.
        assert calendar["url"].startswith(base_url) and not calendar["url"].endswith(".ics"), uri
        if one_off(uri):
            assert calendar["url"] == event_url(calendar), uri
            assert not [line for line in header if line.startswith(("REFRESH-INTERVAL", "X-PUBLISHED-TTL", "SOURCE"))], uri
            continue
        expected_page = "inkoopkalender/" if uri == urls.FEED_ALL else f"zorgsoorten/{uri[7:].split('--')[0].removesuffix('.ics')}/"
        assert calendar["url"] == base_url + expected_page, uri
        assert f"SOURCE:{base_url}{uri}" in header, uri
        assert "REFRESH-INTERVAL;VALUE=DURATION:P1D" in header, uri
        assert (calendar["refreshType"], calendar["refresh"]) == ("duration", "P1D"), uri
        assert "X-PUBLISHED-TTL:P1D" in header, uri
        assert not any(line.startswith("METHOD:") for line in header), f"{uri}: METHOD turns a feed into an invitation"


# --------------------------------------------------------------------------- the events


def test_no_event_has_a_time(feeds):
    for uri, data in feeds.items():
        for line in logical_lines(data):
            name = line.split(":", 1)[0].split(";", 1)[0]
            if name in ("DTSTART", "DTEND", "DUE", "RDATE", "EXDATE", "RECURRENCE-ID"):
                assert line.startswith(f"{name};VALUE=DATE:") and len(line.split(":", 1)[1]) == 8, f"{uri}: {line}"


def test_events_show_the_policy_as_written(client, published, base_url, synthetic_site):
    calendar = client[urls.FEED_ALL]
    for policy, milestone in dated(published):
        event = event_for(calendar, deep_link(base_url, policy, milestone))
        first, last = dates.span(milestone)
        assert (event["start"], event["end"]) == (first.isoformat(), (last + dt.timedelta(days=1)).isoformat())
        assert event["transp"] == "TRANSPARENT"
        assert event["summary"] == event_title(policy, milestone)
        assert milestone.step in event["description"] and milestone.when in event["description"], "the original wording"
        for audience in views.audience_names(policy, milestone) or ["alle zorgaanbieders"]:
            assert audience in event["description"]
        assert event["categories"] == [policy.name, views.KIND_LABELS[milestone.kind.value]]
        assert event["sequence"] == len(milestone.previous) + (1 if milestone.cancelled else 0)
        # The deep link lands on the milestone's anchor on the landing page.
        assert f'id="{milestone.id}"' in synthetic_site.files[urls.landing(policy)], event["url"]


def test_every_exact_milestone_is_on_its_date_in_its_care_type_feed_and_the_combined_feed(client, published, base_url):
    exact = [(p, m) for p, m in dated(published) if m.date_kind == "exact" and not m.cancelled]
    assert len(exact) == 7, "the synthetic archive's exact, live milestones"
    for policy, milestone in exact:
        # "vóór 1 juli" (betekenis: voor) sits on 30 June, the last day on time; every other exact date on itself.
        day = milestone.date - dt.timedelta(days=1) if milestone.meaning is DateMeaning.before else milestone.date
        for uri in (urls.feed_care_type(policy.care_type), urls.FEED_ALL):
            event = event_for(client[uri], deep_link(base_url, policy, milestone))
            assert event["start"] == day.isoformat(), f"{uri}: {milestone.id}"
            assert event["end"] == (day + dt.timedelta(days=1)).isoformat()
            assert event["status"] == "CONFIRMED"
            assert not event["summary"].startswith("Vervallen") and "(verwacht)" not in event["summary"]


def test_approximate_dates_are_tentative_windows_saying_verwacht(client, published, base_url):
    windows = [(p, m) for p, m in dated(published) if m.date_kind == "window"]
    assert windows, "the bundled data has approximate dates"
    for policy, milestone in windows:
        event = event_for(client[urls.FEED_ALL], deep_link(base_url, policy, milestone))
        assert event["status"] == "TENTATIVE"
        assert event["summary"].endswith(" (verwacht)")
        assert milestone.when in event["description"], "the original phrase stays in the DESCRIPTION"
        assert event["start"] == milestone.window.start.isoformat()
        assert event["end"] == (milestone.window.end + dt.timedelta(days=1)).isoformat()


def test_relative_and_undated_steps_stay_out_of_every_feed(client, published, base_url, feeds):
    left_out = [(p, m) for p in published for m in views.milestones(p) if m.date_kind in ("relative", "undated")]
    assert {m.date_kind for _, m in left_out} == {"relative", "undated"}, "the bundled data has both kinds"
    every_link = {event["url"] for calendar in client.values() for event in calendar["events"]}
    for policy, milestone in left_out:
        assert deep_link(base_url, policy, milestone) not in every_link
        assert urls.single_event(policy, milestone.id) not in feeds


def test_events_are_sorted_by_date(client):
    for uri, calendar in client.items():
        order = [(event["start"], event["uid"]) for event in calendar["events"]]
        assert order == sorted(order), uri


def test_stamps_come_from_the_data_not_the_clock(client, published, base_url):
    for policy in published:
        known = {policy.published, dt.date(policy.year - 1, 4, 1), *(r.date for r in policy.revisions)}
        for milestone in views.milestones(policy):
            known |= {p.changed_on for p in milestone.previous}
            known.add(milestone.cancelled.date if milestone.cancelled else None)
        for p, milestone in dated([policy]):
            event = event_for(client[urls.FEED_ALL], deep_link(base_url, p, milestone))
            for stamp in (event["dtstamp"], event["lastModified"]):
                day, time = stamp.split("T")
                assert time == "00:00:00Z" and dt.date.fromisoformat(day) in known, f"{milestone.id}: {stamp}"


def test_uids_are_unique_across_all_feeds_per_milestone(client):
    by_uid: dict[str, set[str]] = {}
    for calendar in client.values():
        for event in policy_events(calendar):
            by_uid.setdefault(event["uid"], set()).add(event["url"])
    # A UID stands for one milestone, whichever feed carries it.
    assert all(len(links) == 1 for links in by_uid.values())
    assert len({link for links in by_uid.values() for link in links}) == len(by_uid)


# --------------------------------------------------------------------------- the source documents

# The exact deadlines of the five source documents, read from the documents themselves (not
# from policies/): care type, the last day on time ("vóór 1 juli 2023" is 30 June), a word of
# the step, the source file and its own words.
SOURCE_DEADLINES = [
    ("verpleging-en-verzorging", "2023-06-18", "Deadline vragenlijst", "000", "Deadline vragenlijst via VECOZO 18 juni 2023"),
    ("verpleging-en-verzorging", "2023-06-30", "integrale", "000", "uw initiatief voor 1 juli 2023"),
    ("verpleging-en-verzorging", "2023-06-30", "nachtzorg", "000", "voor 1 juli 2023 bij ons aan te leveren"),
    ("verpleging-en-verzorging", "2023-09-01", "Aanvragen zorgovereenkomst", "000", "tot uiterlijk 1 september 2023 kenbaar maken"),
    ("verpleging-en-verzorging", "2023-11-11", "tekendatum", "000", "van 12 naar 11 november 2023"),
    ("verpleging-en-verzorging", "2023-11-12", "Publicatie gecontracteerde", "000", "Vanaf 12 november 2023"),
    ("verpleging-en-verzorging", "2024-12-31", "cliëntprofielen", "000", "uiterlijk op 31 december 2024 de"),
    ("geboortezorg", "2025-07-01", "Deadline invullen vragenlijst", "001", "voor de deadline van 1 juli 2025"),
    ("geboortezorg", "2025-10-01", "integrale geboortezorg", "001", "tot uiterlijk 1 oktober 2025 melden"),
    ("geboortezorg", "2025-11-07", "Uiterste tekendatum", "001", "7 november 2025"),
    ("geboortezorg", "2025-11-12", "Publicatie gecontracteerde", "001", "Vanaf 12 november 2025"),
    ("stoppen-met-roken", "2025-09-30", "CSRD", "002", "Vóór 1 oktober 2025 geven we definitieve duidelijkheid"),
    ("stoppen-met-roken", "2025-11-01", "Uiterste tekendatum", "002", "Uiterste tekendatum zorgovereenkomst 1 november 2025"),
    ("stoppen-met-roken", "2025-11-12", "Publicatie gecontracteerde", "002", "Vanaf 12 november 2025"),
    ("hulpmiddelen", "2026-07-31", "nieuwe producten", "003", "De aanvraag kunt u voor 1 augustus 2026 indienen"),
    ("hulpmiddelen", "2026-09-01", "Benaderen", "003", "Benaderen geselecteerde zorgaanbieders met onderhandeling\tUiterlijk 1 september 2026"),
    ("hulpmiddelen", "2026-09-30", "Aanbieding zorgovereenkomst", "003", "Aanbieding zorgovereenkomsten via VECOZO\tUiterlijk 30 september 2026"),
    ("hulpmiddelen", "2026-09-30", "Tarieven", "003", "uiterlijk 30 september aan de overeenkomst in VECOZO toegevoegd"),
    ("hulpmiddelen", "2026-11-07", "Uiterste tekendatum", "003", "Uiterste tekendatum zorgovereenkomst\t7 november 2026"),
    ("hulpmiddelen", "2026-11-12", "Publicatie gecontracteerde", "003", "Publicatie gecontracteerde zorgaanbieders op zorgzoeker en website\tVanaf 12 november 2026"),
    ("fysiotherapie", "2023-11-01", "Deadline vragenlijst", "004", "1 november 2023:   vragenlijst moet zijn ingevuld"),
    ("fysiotherapie", "2023-11-12", "Uiterste tekendatum", "004", "12 november 2023:  uiterste tekendatum"),
]


@pytest.fixture(scope="module")
def real_client(built_site) -> dict[str, dict]:
    """uri -> what ical.js reads in the real site's feeds and one-off files."""
    paths = {path.relative_to(built_site).as_posix(): path for path in sorted((built_site / "agenda").rglob("*.ics"))}
    code, read, errors = ical_js(list(paths.values()))
    assert code == 0, errors
    return {uri: read[str(path)] for uri, path in paths.items()}


@pytest.mark.policies
@pytest.mark.parametrize("care_type, day, word, seed, words", SOURCE_DEADLINES,
                         ids=[f"{row[0]}-{row[1]}-{row[2]}" for row in SOURCE_DEADLINES])
def test_each_exact_deadline_of_the_sources_is_in_the_feeds(care_type, day, word, seed, words, real_client):
    client = real_client
    seed_files = sorted(SEEDS.glob(f"{seed}_*.txt")) if SEEDS.is_dir() else []
    if seed_files:  # keep the list honest where the documents are present
        assert words in seed_files[0].read_text(encoding="utf-8"), f"{words!r} is not in {seed_files[0].name}"
    for uri in (urls.feed_care_type(care_type), urls.FEED_ALL):
        found = [e for e in client[uri]["events"]
                 if e["start"] == day and e["status"] == "CONFIRMED" and word.lower() in e["description"].lower()
                 and f"/zorgsoorten/{care_type}/" in e["url"]]
        assert len(found) == 1, f"{uri}: no confirmed event '{word}' on {day}"
        assert dt.date.fromisoformat(found[0]["end"]) == dt.date.fromisoformat(day) + dt.timedelta(days=1)


# --------------------------------------------------------------------------- rebuilds


def feed_files(site) -> dict[str, bytes]:
    return {uri: content for uri, content in site.files.items() if uri.endswith(".ics")}


def build_day() -> dt.date:
    """The day the site build took as today (SOURCE_DATE_EPOCH): it dates the expected NZa steps."""
    return dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), dt.timezone.utc).date()


def test_a_rebuild_is_byte_identical(synthetic, synthetic_built, tmp_path):
    built = {p.relative_to(synthetic_built).as_posix(): p.read_bytes() for p in synthetic_built.rglob("*.ics")}
    base_url = next(line[7:] for line in logical_lines(built[urls.FEED_ALL].split(b"BEGIN:VEVENT")[0])
                    if line.startswith("SOURCE:"))[: -len(urls.FEED_ALL)]
    archive = synthetic
    first = feed_files(build_site(archive, SiteOptions(base_url=base_url, today=build_day())))
    second = feed_files(build_site(archive, SiteOptions(base_url=base_url, today=build_day())))
    assert first == second
    assert first == built, "the published files are the core's output, untouched by MkDocs"
    # Another process with other hash seeds: no set or dict order leaks into the output.
    script = ("import hashlib, json, sys; from pathlib import Path; from generator import load_archive; "
              "from generator import SiteOptions, build_site; "
              "import datetime; "
              "site = build_site(load_archive(Path(sys.argv[1])), "
              "SiteOptions(base_url=sys.argv[2], today=datetime.date.fromisoformat(sys.argv[3]))); "
              "print(json.dumps({u: hashlib.sha256(c).hexdigest() for u, c in site.files.items() if u.endswith('.ics')}))")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    done = subprocess.run([sys.executable, "-c", script, str(archive.root), base_url, build_day().isoformat()],
                          capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=300, check=True)
    assert json.loads(done.stdout) == {uri: hashlib.sha256(content).hexdigest() for uri, content in first.items()}


def test_calendars_are_the_bytes_icalendar_writes_for_the_whole_calendar(synthetic, published):
    """Each event is serialised once and put into every calendar that carries it: a feed and a
    one-off file must be byte for byte what icalendar writes when it serialises the calendar
    with its events (and a one-off file's reminder) at once."""
    from generator.outputs import ical as feeds
    from generator.render.context import SiteContext

    builder = SiteContext(synthetic, SiteOptions(base_url=BASE))
    steps = dated(published)
    statuses = set()
    for policy, milestone in steps:
        whole = feeds.calendar_head(builder, "agenda/x.ics", "Eén stap", "Omschrijving", BASE, single=True)
        event = feeds.make_event(builder, policy, milestone)
        statuses.add(str(event["status"]))
        if str(event["status"]) != "CANCELLED":
            event.add_component(feeds.reminder(str(event["summary"])))
        whole.add_component(event)
        block = feeds.serialise(feeds.make_event(builder, policy, milestone))
        assert feeds.make_calendar(builder, "agenda/x.ics", "Eén stap", "Omschrijving", [block], BASE,
                                   single=True) == whole.to_ical(), milestone.id
    assert statuses == {"CONFIRMED", "TENTATIVE", "CANCELLED"}, "the archive no longer has every kind of event"

    whole = feeds.calendar_head(builder, "agenda/x.ics", "Alles", "Omschrijving", BASE)
    events = [feeds.make_event(builder, policy, milestone) for policy, milestone in steps]
    for event in sorted(events, key=lambda e: (e.decoded("dtstart"), str(e["uid"]))):
        whole.add_component(event)
    blocks = [feeds.serialise(feeds.make_event(builder, policy, milestone)) for policy, milestone in reversed(steps)]
    data = feeds.make_calendar(builder, "agenda/x.ics", "Alles", "Omschrijving", blocks, BASE)
    assert data == whole.to_ical()
    assert b"BEGIN:VALARM" not in data


# --------------------------------------------------------------------------- corrections in a copy of the data

MOVED = ("kraamzorg", 2026, "uiterste-tekendatum")  # 7 -> 4 november 2025, step reworded
SHARPENED = ("wijkzorg", 2026, "vragenlijst")  # "Half mei 2025" -> 15 mei 2025
CANCELLED = ("wijkzorg", 2025, "uiterste-tekendatum")
REMOVED = ("wijkzorg", 2025, "aanbieding-zorgovereenkomst")  # the first of its timeline: the rest shift up
INJECTED_STEP = ("wijkzorg", 2026, "publicatie-beleid")
INJECTED_WHEN = ("wijkzorg", 2026, "aanbieding-zorgovereenkomst")  # a window: `wanneer` is in SUMMARY
CHANGED_ON = dt.date(2025, 6, 15)
CANCELLED_ON = dt.date(2024, 10, 2)


def edit_milestones(root: Path, care_type: str, year: int, change) -> None:
    """Apply `change(milestones_list)` to every timeline of one policy file in a copy of policies/."""
    path = root / "zorgsoorten" / care_type / f"{year}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("mijlpalen"), list):
                change(node["mijlpalen"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


def edit_milestone(root: Path, target: tuple, change) -> None:
    care_type, year, milestone_id = target
    seen = []

    def apply(items):
        for item in items:
            if item.get("id") == milestone_id:
                change(item)
                seen.append(item)

    edit_milestones(root, care_type, year, apply)
    assert len(seen) == 1, f"{target} not found in the data"


def corrected_copy(root: Path) -> None:
    def move(item):
        item["eerder"] = [*item.get("eerder", []), {"datum": item["datum"], "wanneer": item["wanneer"],
                                                    "gewijzigd_op": CHANGED_ON}]
        item["datum"], item["wanneer"] = dt.date(2025, 11, 4), "4 november 2025"
        item["stap"] = "Uiterste tekendatum zorgovereenkomst (verschoven)"

    def sharpen(item):
        item["eerder"] = [{"venster": item.pop("venster"), "wanneer": item["wanneer"], "gewijzigd_op": CHANGED_ON}]
        item["datum"], item["wanneer"], item["betekenis"] = dt.date(2025, 5, 15), "15 mei 2025", "op"

    def cancel(item):
        item["vervallen"] = {"datum": CANCELLED_ON, "reden": "De vragenlijst is dit jaar niet nodig."}

    # `stap` and `wanneer` are one-line fields: the model refuses a line break there
    # (test_a_line_break_in_a_one_line_field_is_refused); multi-line notes reach the feeds.
    def inject_step(item):
        item["toelichting"] = "Let op." + INJECTION

    def inject_when(item):
        item["toelichting"] = "Verwacht." + INJECTION

    edit_milestone(root, MOVED, move)
    edit_milestone(root, SHARPENED, sharpen)
    edit_milestone(root, CANCELLED, cancel)
    edit_milestone(root, INJECTED_STEP, inject_step)
    edit_milestone(root, INJECTED_WHEN, inject_when)
    edit_milestones(root, *REMOVED[:2], lambda items: items.remove(next(i for i in items if i["id"] == REMOVED[2])))


@pytest.fixture(scope="module")
def before(synthetic_site) -> dict[str, bytes]:
    return feed_files(synthetic_site)


@pytest.fixture(scope="module")
def after(tmp_path_factory) -> dict[str, bytes]:
    root = synthetic_copy(tmp_path_factory.mktemp("corrected") / "policies")
    corrected_copy(root)
    return feed_files(build_site(load_archive(root), SiteOptions(base_url=BASE)))


@pytest.fixture(scope="module")
def after_read(after, tmp_path_factory) -> dict[str, dict]:
    """uri -> what ical.js reads in the corrected feeds."""
    folder = tmp_path_factory.mktemp("corrected-feeds")
    paths = {}
    for uri, content in after.items():
        paths[uri] = folder / uri.replace("/", "__")
        paths[uri].write_bytes(content)
    code, read, errors = ical_js(list(paths.values()))
    assert code == 0, errors
    return {uri: read[str(path)] for uri, path in paths.items()}


def uid_of(feed: bytes, target: tuple) -> str:
    care_type, year, milestone_id = target
    link = f"{BASE}zorgsoorten/{care_type}/{year}/#{milestone_id}"
    blocks = [block for block in events_by_uid(feed).items() if f"URL:{link}\r\n".encode() in block[1].replace(b"\r\n ", b"")]
    assert len(blocks) == 1, f"{len(blocks)} events for {target}"
    return blocks[0][0]


def read_event(read: dict, uid: str) -> dict:
    return next(event for event in read["events"] if event["uid"] == uid)


def sequence_of(feed: bytes, uid: str) -> int:
    line = next(line for line in logical_lines(events_by_uid(feed)[uid]) if line.startswith("SEQUENCE:"))
    return int(line.split(":")[1])


def test_a_moved_date_keeps_the_uid_and_raises_sequence(before, after, after_read):
    for uri in (urls.feed_care_type(MOVED[0]), urls.FEED_ALL):
        uid = uid_of(before[uri], MOVED)
        assert uid_of(after[uri], MOVED) == uid, "date and wording changed, the UID did not"
        event = read_event(after_read[uri], uid)
        assert (event["start"], event["end"]) == ("2025-11-04", "2025-11-05")
        assert event["sequence"] == sequence_of(before[uri], uid) + 1
        assert event["dtstamp"].startswith(CHANGED_ON.isoformat()), "DTSTAMP is the date of the change"
        assert "(verschoven)" in event["summary"]


def test_an_exact_date_replacing_a_window_updates_the_same_event(before, after, after_read):
    uri = urls.feed_care_type(SHARPENED[0])
    uid = uid_of(before[uri], SHARPENED)
    assert uid_of(after[uri], SHARPENED) == uid
    event = read_event(after_read[uri], uid)
    assert (event["start"], event["end"], event["status"]) == ("2025-05-15", "2025-05-16", "CONFIRMED")
    assert "verwacht" not in event["summary"]
    assert event["sequence"] == sequence_of(before[uri], uid) + 1


def test_a_cancelled_milestone_stays_as_cancelled(before, after, after_read):
    for uri in (urls.feed_care_type(CANCELLED[0]), urls.FEED_ALL):
        uid = uid_of(before[uri], CANCELLED)
        assert uid_of(after[uri], CANCELLED) == uid
        event = read_event(after_read[uri], uid)
        assert event["status"] == "CANCELLED"
        assert event["summary"].startswith("Vervallen: ")
        assert event["sequence"] == sequence_of(before[uri], uid) + 1
        assert event["dtstamp"].startswith(CANCELLED_ON.isoformat())
        assert "De vragenlijst is dit jaar niet nodig." in event["description"]
    single = after_read["agenda/mijlpalen/wijkzorg-2025-uiterste-tekendatum.ics"]
    assert [event["status"] for event in single["events"]] == ["CANCELLED"]


def test_removing_a_milestone_leaves_every_other_event_untouched(before, after):
    touched = {MOVED, SHARPENED, CANCELLED, INJECTED_STEP, INJECTED_WHEN}
    uri = urls.FEED_ALL
    removed = uid_of(before[uri], REMOVED)
    changed = {uid_of(before[uri], target) for target in touched}
    old, new = events_by_uid(before[uri]), events_by_uid(after[uri])
    assert set(new) == set(old) - {removed}
    for uid in set(new) - changed:
        assert new[uid] == old[uid], f"{uid} changed although its milestone did not"


def test_a_newline_in_the_data_cannot_add_a_property(after, after_read, offline):
    for uri, data in after.items():
        assert not any(line.startswith("ATTENDEE") for line in logical_lines(data)), uri
        assert lint(data, one_off=one_off(uri)) == [], uri
        read_with_ical(data.decode("utf-8"))
        read_with_vobject(data.decode("utf-8"))
    for uri in (urls.FEED_ALL, "agenda/mijlpalen/wijkzorg-2026-publicatie-beleid.ics"):
        calendar = after_read[uri]
        assert all("attendee" not in event["properties"] for event in calendar["events"])
        step = read_event(calendar, uid_of(after[uri], INJECTED_STEP))
        assert INJECTION in step["description"], "kept as text"
    window = read_event(after_read[urls.FEED_ALL], uid_of(after[urls.FEED_ALL], INJECTED_WHEN))
    assert window["summary"].endswith("(verwacht)") and INJECTION in window["description"]


def test_a_line_break_in_a_one_line_field_is_refused(tmp_path):
    from generator.model.errors import PolicyError

    root = synthetic_copy(tmp_path / "policies")

    def inject(item):
        item["stap"] += INJECTION

    edit_milestone(root, INJECTED_STEP, inject)
    with pytest.raises(PolicyError, match="op één regel"):
        load_archive(root)


def test_calendar_names_escape_line_breaks_even_without_the_model(synthetic):
    """Defence in depth: should a line break reach a step, NAME and SUMMARY stay one property."""
    from generator.outputs import ical as feeds
    from generator.render.context import SiteContext
    from generator.render.views import milestones

    archive = synthetic
    policy = next(p for p in archive.policies if p.care_type == INJECTED_STEP[0] and p.year == INJECTED_STEP[1])
    milestone = next(m for m in milestones(policy) if m.id == INJECTED_STEP[2])
    hostile = milestone.model_construct(**{**dict(milestone), "step": milestone.step + INJECTION})
    builder = SiteContext(archive, SiteOptions(base_url=BASE))
    event = feeds.serialise(feeds.make_event(builder, policy, hostile))
    data = feeds.make_calendar(builder, "agenda/x.ics", "Naam" + INJECTION, "Omschrijving" + INJECTION, [event], BASE)
    assert not any(line.startswith("ATTENDEE") for line in logical_lines(data))
    assert lint(data) == []
    read_with_vobject(data.decode("utf-8"))


# --------------------------------------------------------------------------- titles a phone can show


def titles(calendars) -> list[str]:
    return [event["summary"] for calendar in calendars for event in calendar["events"]]


def test_titles_are_short_and_task_first(client, published, base_url):
    found = titles(client.values())
    assert max(map(len, found)) <= TITLE_LIMIT and statistics.median(map(len, found)) <= 60, found
    for policy, milestone in dated(published):
        title = event_for(client[urls.FEED_ALL], deep_link(base_url, policy, milestone))["summary"]
        # Care type (short form) and contract year first, then the task.
        start = f"{policy.short_name or policy.name} {policy.year} · "
        assert title.removeprefix("Vervallen: ").startswith(start), title
    short = {m.id: (p, m) for p, m in dated(published) if m.short_step}
    assert short, "the synthetic archive has short steps"
    for policy, milestone in short.values():
        assert milestone.short_step in event_title(policy, milestone)
        assert milestone.step not in event_title(policy, milestone)


def test_title_words_say_what_the_date_means(client, published, base_url):
    words = {}
    for policy, milestone in dated(published):
        title = event_for(client[urls.FEED_ALL], deep_link(base_url, policy, milestone))["summary"]
        if milestone.window:
            words[milestone.id] = title.endswith(" (verwacht)")
        elif milestone.meaning is DateMeaning.last_day:
            words[milestone.id] = title.endswith(" (uiterlijk)")
        elif milestone.meaning is DateMeaning.before:
            # The event sits on the day before: the title keeps the policy's own date.
            words[milestone.id] = title.endswith(f" (vóór {milestone.date.day} jul)")
    assert words and all(words.values()), words
    assert {"aanvraag-nachtzorg", "uiterste-tekendatum", "vragenlijst"} <= set(words)


@pytest.mark.policies
def test_every_title_in_the_bundled_feeds_fits_a_phone(real_client):
    found = titles(real_client.values())
    assert len(found) > 100
    assert max(map(len, found)) <= TITLE_LIMIT, max(found, key=len)
    assert statistics.median(map(len, found)) <= 60


def test_a_title_over_the_limit_is_a_warning_at_the_step(tmp_path):
    root = synthetic_copy(tmp_path / "policies")

    def lengthen(item):
        item.pop("korte_stap", None)
        item["stap"] = "Uiterste tekendatum van de zorgovereenkomst voor alle zorgaanbieders die wijkzorg leveren in de regio"

    edit_milestone(root, ("wijkzorg", 2026, "uiterste-tekendatum"), lengthen)
    warnings_found = [p for p in load_archive(root).problems if "tekens lang" in p.message]
    assert len(warnings_found) == 1 and not warnings_found[0].is_error
    assert "korte_stap" in warnings_found[0].hint


# --------------------------------------------------------------------------- one-off files


def test_one_off_files_remind_a_week_ahead_and_never_refresh(feeds):
    singles = {uri: data for uri, data in feeds.items() if one_off(uri)}
    assert singles
    for uri, data in singles.items():
        header = logical_lines(data.split(b"BEGIN:VEVENT")[0])
        assert not [line for line in header if line.startswith(("REFRESH-INTERVAL", "X-PUBLISHED-TTL"))], uri
        (event,) = vobject_calendar(data).vevent_list
        alarms = event.contents.get("valarm", [])
        if event.status.value == "CANCELLED":
            assert alarms == [], uri
            continue
        (alarm,) = alarms
        assert alarm.action.value == "DISPLAY"
        assert alarm.trigger.value == -dt.timedelta(days=7)
        assert event.summary.value in alarm.description.value, "the reminder says what it is about"


def test_the_lint_tells_a_one_off_file_from_a_feed(feeds):
    data = feeds["agenda/mijlpalen/wijkzorg-2026-uiterste-tekendatum.ics"]
    assert lint(data, one_off=True) == []
    assert {f.rule for f in lint(data)} == {"refresh", "valarm"}, "as a feed it would be wrong"
    unlabelled = re.sub(rb"(BEGIN:VALARM\r\nACTION:DISPLAY\r\n)DESCRIPTION:[^\r]*\r\n", rb"\1", data)
    assert unlabelled != data and {f.rule for f in lint(unlabelled, one_off=True)} == {"valarm"}
    silent = re.sub(rb"BEGIN:VALARM\r\n.*?END:VALARM\r\n", b"", data, flags=re.S)
    assert silent != data and {f.rule for f in lint(silent, one_off=True)} == {"one-off"}
    refreshing = data.replace(b"X-WR-TIMEZONE", b"REFRESH-INTERVAL;VALUE=DURATION:P1D\r\nX-WR-TIMEZONE")
    assert {f.rule for f in lint(refreshing, one_off=True)} == {"one-off"}


# --------------------------------------------------------------------------- who a step is for


def holders(calendars: dict[str, dict], care_type: str, year: int, milestone_id: str) -> set[str]:
    target = f"{care_type}-{year}-{milestone_id}@agenda.caresq.nl"
    return {uri for uri, calendar in calendars.items() if any(e["uid"] == target for e in calendar["events"])}


def test_a_care_form_step_reaches_only_that_care_forms_feed(client):
    assert holders(client, "wijkzorg", 2026, "aanvraag-nachtzorg") == {
        urls.FEED_ALL, urls.feed_care_type("wijkzorg"), urls.feed_care_form("wijkzorg", "nachtzorg"),
        "agenda/mijlpalen/wijkzorg-2026-aanvraag-nachtzorg.ics"}
    # A step for everyone is in every feed of its care type.
    assert {urls.feed_route("wijkzorg", "bestaande-zorgaanbieders"), urls.feed_care_form("wijkzorg", "nachtzorg")} <= \
        holders(client, "wijkzorg", 2026, "uiterste-tekendatum")


@pytest.mark.policies
@pytest.mark.parametrize("milestone_id", ["clientprofielen-vastgelegd", "aanvraag-onplanbare-nachtzorg"])
def test_a_wijkverpleging_only_step_is_not_in_the_feeds_grz_and_elv_take(real_client, milestone_id):
    vv = "verpleging-en-verzorging"
    assert holders(real_client, vv, 2024, milestone_id) == {
        urls.FEED_ALL, urls.feed_care_type(vv), urls.feed_care_form(vv, "wijkverpleging"),
        f"agenda/mijlpalen/{vv}-2024-{milestone_id}.ics"}
    assert urls.feed_route(vv, "zonder-onderhandeling") in real_client, "the route feed GRZ and ELV take"
