"""The steps the NZa rules make expected (art. 4: next year's policy before 1 April, then in
principe 4 weeks for questions), as the pure function derives them and as the feeds carry them."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from generator import SiteOptions, build_site
from generator.render import upcoming, urls

BASE = "https://feeds.example.test/zorginkoop/"


def test_the_next_policy_is_the_first_that_can_still_be_on_time():
    assert upcoming.expected_year(2027, None) == 2028
    assert upcoming.expected_year(2027, dt.date(2026, 11, 28)) == 2028
    assert upcoming.expected_year(2024, dt.date(2026, 11, 28)) == 2028  # 2025-2027 could no longer be on time
    assert upcoming.expected_year(2024, dt.date(2027, 3, 31)) == 2028  # the last day for 2028
    assert upcoming.expected_year(2024, dt.date(2027, 4, 1)) == 2029


def test_publication_sits_on_the_last_allowed_day_and_questions_follow_for_four_weeks():
    publication, questions = upcoming.expected_steps("hulpmiddelen", "Hulpmiddelen", 2027, dt.date(2026, 11, 28))
    assert (publication.kind, publication.year, publication.start, publication.end) == \
        ("publicatie", 2028, dt.date(2027, 3, 31), dt.date(2027, 3, 31))
    assert publication.when == "Vóór 1 april 2027"
    assert (questions.kind, questions.start, questions.end) == ("vragen", dt.date(2027, 4, 1), dt.date(2027, 4, 28))


def test_feeds_carry_the_expected_steps_as_tentative_all_day_events(archive):
    today = dt.date(2026, 11, 28)
    site = build_site(archive, SiteOptions(base_url=BASE, today=today))

    def expected_events(uri):
        calendar = Calendar.from_ical(site.files[uri])
        return {str(e["uid"]): e for e in calendar.walk("VEVENT") if "-verwacht-" in str(e["uid"])}

    care_types = sorted({p.care_type for p in archive.policies if not p.draft})
    everything = expected_events(urls.FEED_ALL)
    assert set(everything) == {f"{ct}-2028-verwacht-{kind}@agenda.caresq.nl"
                               for ct in care_types for kind in ("publicatie", "vragen")}
    for care_type in care_types:
        own = expected_events(urls.feed_care_type(care_type))
        assert set(own) == {uid for uid in everything if uid.startswith(f"{care_type}-2028-")}
        publication = own[f"{care_type}-2028-verwacht-publicatie@agenda.caresq.nl"]
        assert publication.decoded("dtstart") == dt.date(2027, 3, 31)
        assert publication.decoded("dtend") == dt.date(2027, 4, 1)
        assert str(publication["status"]) == "TENTATIVE"
        assert "(verwacht)" in str(publication["summary"]) and "2028" in str(publication["summary"])
        assert upcoming.NZA_RULES_URL in str(publication["description"])
        assert str(publication["url"]).endswith(f"zorgsoorten/{care_type}/#wat-komt-eraan")
    # DTSTAMP from the data, not the clock: another build day keeps the stamp of the same event.
    later = build_site(archive, SiteOptions(base_url=BASE, today=today + dt.timedelta(days=30)))
    again = {str(e["uid"]): e for e in Calendar.from_ical(later.files[urls.FEED_ALL]).walk("VEVENT")}
    for uid, event in everything.items():
        assert again[uid].decoded("dtstamp") == event.decoded("dtstamp")
    for uri in site.files:
        if "--" in uri and uri.endswith(".ics"):
            assert expected_events(uri) == {}, f"{uri}: route feeds hold the policies' own steps only"
