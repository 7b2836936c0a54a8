"""'Wat komt eraan' with the browser's clock set: in the middle of a procedure the home page
and the care type page name each route's next step; after its end they name the publication
that the NZa rules make expected. The calendar lists what is still to come first.

The site is built with SOURCE_DATE_EPOCH in 2023, so everything asserted here is what the
page script computes from the reader's date, not the build's fallback.
"""

from __future__ import annotations

import datetime as dt

import pytest

from generator.render import upcoming, urls

pytestmark = pytest.mark.browser

MIDDLE = "2026-08-15T10:00:00"  # Hulpmiddelen 2027: new products were due by 31 July; negotiation starts by 1 September
AFTER = "2026-11-28T10:00:00"  # every step of every policy has passed


def open_at(page, site, rel: str, when: str):
    page.clock.set_fixed_time(when)
    page.goto(site.url(rel))
    return page


def card(page, name: str):
    return page.locator(".cq-care-types li").filter(has=page.locator("strong", has_text=name)).first


def lines(box) -> list[str]:
    return [" ".join(text.split()) for text in box.locator(".cq-next-steps > li").all_inner_texts()]


def test_home_and_care_type_page_show_each_routes_next_step_mid_procedure(page, site):
    # Each route's next step in the policy's own words ("Uiterlijk ..."); the tariffs for running
    # contracts are a step of their own route since the audit of the dated steps.
    expected = [
        "Uiterlijk 1 september 2026: Benaderen geselecteerde zorgaanbieders met onderhandeling "
        "(voor Zorgaanbieders met onderhandeling)",
        "Uiterlijk 30 september 2026: Aanbieding zorgovereenkomsten via VECOZO "
        "(voor Zorgaanbieders digitale contractering)",
        "uiterlijk 30 september (30 september 2026): Tarieven voor 2027 aan de overeenkomst in VECOZO toegevoegd "
        "(voor Zorgaanbieders met een doorlopende zorgovereenkomst (2026-2027))",
    ]
    open_at(page, site, "", MIDDLE)
    box = card(page, "Hulpmiddelen").locator(".cq-upcoming")
    assert lines(box) == expected
    assert box.locator(".cq-expected").count() == 0
    assert "Stand op 15 augustus 2026." in box.inner_text()
    # The link goes to the step on the policy's page.
    assert box.locator("a").first.get_attribute("href").endswith("zorgsoorten/hulpmiddelen/2027/#benaderen-met-onderhandeling")

    open_at(page, site, urls.served_path(urls.care_type_index("hulpmiddelen")), MIDDLE)
    assert lines(page.locator("#wat-komt-eraan ~ .cq-upcoming").first) == expected


def test_after_the_end_the_pages_show_the_expected_publication_from_the_nza_rules(page, site):
    open_at(page, site, "", AFTER)
    box = card(page, "Hulpmiddelen").locator(".cq-upcoming")
    text = " ".join(box.inner_text().split())
    assert box.locator(".cq-next-steps").count() == 0
    assert "Alle stappen voor 2027 zijn verstreken" in text
    assert "Vóór 1 april 2027: publicatie inkoopbeleid 2028" in text
    assert "Daarna, in principe 4 weken: vragen stellen over het nieuwe beleid" in text
    assert box.locator(f'a[href="{upcoming.NZA_RULES_URL}"]').count() == 1
    # A care type whose latest policy is older expects the next policy that can still be on time.
    fysio = " ".join(card(page, "Fysiotherapie").locator(".cq-upcoming").inner_text().split())
    assert "Alle stappen voor 2024 zijn verstreken" in fysio and "Vóór 1 april 2027: publicatie inkoopbeleid 2028" in fysio

    open_at(page, site, urls.served_path(urls.care_type_index("hulpmiddelen")), AFTER)
    text = " ".join(page.locator(".cq-upcoming").first.inner_text().split())
    assert "Vóór 1 april 2027: publicatie inkoopbeleid 2028" in text


def test_the_script_and_the_build_agree_on_every_day_of_a_procedure(page, site, archive):
    """The fallback (Python) and the script (JavaScript) choose the same lines for the same day."""
    from generator.render.context import SiteContext, SiteOptions

    page.goto(site.url(urls.served_path(urls.care_type_index("hulpmiddelen"))))
    for day in ("2026-07-01", "2026-08-01", "2026-08-02", "2026-09-01", "2026-09-02", "2026-10-01", "2026-11-12",
                "2026-11-13", "2027-03-31", "2027-04-01"):
        today = dt.date.fromisoformat(day)
        ctx = SiteContext(archive, SiteOptions(base_url="https://example.org/", today=today))
        view = ctx.upcoming("hulpmiddelen", urls.care_type_index("hulpmiddelen"))
        want = [f"{line.step.label}: {line.step.step}" + (f" (voor {', '.join(line.routes)})" if line.routes else "")
                for line in view.lines]
        want += [f"{step.when}: {step.title}" for step in view.expected]
        page.clock.set_fixed_time(f"{day}T10:00:00")
        page.reload()
        box = page.locator(".cq-upcoming").first
        got = lines(box) + [" ".join(t.split()) for t in box.locator(".cq-expected > li").all_inner_texts()]
        assert got == want, day


def test_the_calendar_lists_upcoming_steps_first_and_folds_the_past(page, site):
    open_at(page, site, urls.served_path(urls.CALENDAR_PAGE), MIDDLE)
    upcoming_list = page.locator(".cq-calendar-upcoming li.cq-milestone")
    starts = [item.get_attribute("data-end") for item in upcoming_list.all()]
    assert starts and all(end >= "2026-08-15" for end in starts)
    assert upcoming_list.first.locator(".cq-status").inner_text().strip() == "· eerstvolgende"
    past = page.locator(".cq-past-steps li.cq-milestone")
    assert all(item.get_attribute("data-end") < "2026-08-15" for item in past.all())
    assert page.locator(".cq-past-count").inner_text() == str(past.count())
    assert not page.locator(".cq-past-steps").evaluate("d => d.open"), "the past steps are folded"
    assert page.locator(".cq-calendar-upcoming .cq-none").is_hidden()
    # Month headings follow the steps they head.
    first_month = page.locator(".cq-calendar-upcoming li.cq-month").first.inner_text().strip().lower()
    assert first_month == "september 2026"

    open_at(page, site, urls.served_path(urls.CALENDAR_PAGE), AFTER)
    assert page.locator(".cq-calendar-upcoming li.cq-milestone").count() == 0
    assert page.locator(".cq-calendar-upcoming .cq-none").is_visible()
