"""The site-wide change page reads on a phone: compact, filterable, and complete without script."""

from __future__ import annotations

import pytest

from .support import PHONE_WIDTH, page_height

pytestmark = pytest.mark.browser

WIDTH = PHONE_WIDTH  # the `phone` fixture's width
# /wijzigingen/ at 375 px on main before the change pages were rewritten (8501797, bundled data):
# every policy's own list, whole word diffs and each shared-text change as entries of their own.
HEIGHT_BEFORE = 40684
LIMIT = HEIGHT_BEFORE // 4

PAGE = "wijzigingen/"


def test_changes_page_is_at_most_a_quarter_of_its_old_height(phone, site):
    height = page_height(phone, site.url(PAGE))
    assert height <= LIMIT, f"/{PAGE} is {height} px tall at {WIDTH} px; at most {LIMIT} (a quarter of {HEIGHT_BEFORE})"


def test_filter_shows_one_care_type_and_all_again(phone, site):
    page = phone.new_page()
    page.goto(site.url(PAGE))
    entries = page.locator("article.cq-change-entry")
    total = entries.count()
    care_types = set(entries.evaluate_all("els => els.map(el => el.dataset.careType)"))
    assert total > 1 and len(care_types) > 1
    select = page.locator("select.cq-change-filter")
    assert select.is_visible()
    chosen = sorted(care_types)[0]
    select.select_option(chosen)
    shown = page.locator("article.cq-change-entry:visible")
    assert 0 < shown.count() < total
    assert set(shown.evaluate_all("els => els.map(el => el.dataset.careType)")) == {chosen}
    assert page.locator(".cq-change-count").inner_text() == f"{shown.count()} van {total} getoond"
    select.select_option("")
    assert page.locator("article.cq-change-entry:visible").count() == total


def test_without_script_every_entry_shows_and_no_dead_filter(browser, site):
    context = browser.new_context(viewport={"width": WIDTH, "height": 800}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site.url(PAGE))
        assert page.locator("article.cq-change-entry:visible").count() == page.locator("article.cq-change-entry").count()
        assert not page.locator("select.cq-change-filter").is_visible(), "a filter that cannot work is not shown"
    finally:
        context.close()


def test_a_link_into_the_text_differences_opens_them(phone, site):
    page = phone.new_page()
    page.goto(site.url(PAGE))
    link = page.locator('article.cq-change-entry a[href*="#tekstverschillen"]').first
    link.click()
    page.wait_for_load_state()
    disclosure = page.locator("details.cq-textdiff")
    assert not disclosure.evaluate("d => d.open"), "closed until asked for"
    page.locator("details.cq-textdiff > summary").click()
    assert disclosure.evaluate("d => d.open")
    page.goto(page.url.split("#")[0] + "#gedeelde-teksten")
    page.reload()
    assert page.locator("details.cq-textdiff").evaluate("d => d.open"), "a link to a section inside opens it"
