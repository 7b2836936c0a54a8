"""Every page fits a 375 px wide phone screen: no horizontal scrolling."""

from __future__ import annotations

import pytest

from .support import png_size

pytestmark = pytest.mark.browser

WIDTH = 375
# The widest elements, to say what overflows when something does.
WIDEST = """w => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > w + 1 && el.getClientRects().length)
  .slice(0, 3).map(el => el.tagName.toLowerCase() + '.' + el.className + ' (' + Math.round(el.getBoundingClientRect().right) + ' px)')"""


def test_every_page_fits_375_px_without_horizontal_scrolling(browser, site):
    context = browser.new_context(viewport={"width": WIDTH, "height": 800}, device_scale_factor=1)
    page = context.new_page()
    wrong = []
    try:
        for rel in site.pages():
            page.goto(site.url(rel))
            # Try to scroll sideways: a page that fits does not move.
            page.evaluate("window.scrollTo(200, 0)")
            if page.evaluate("window.scrollX") or page.evaluate("document.documentElement.scrollWidth") > WIDTH:
                wrong.append(f"{rel}: scrolls sideways; {page.evaluate(WIDEST, WIDTH)}")
    finally:
        context.close()
    assert not wrong, "\n".join(wrong)


def test_checklist_screenshots_are_375_px_wide(browser, site, archive, tmp_path):
    """Full-page screenshots (kept in pytest's tmp_path) are as wide as the page scrolls."""
    from generator.render import urls

    context = browser.new_context(viewport={"width": WIDTH, "height": 800}, device_scale_factor=1)
    page = context.new_page()
    try:
        for policy in archive.policies:
            page.goto(site.url(urls.served_path(urls.checklist(policy))))
            page.locator("input[data-condition]").first.check()
            for media in ("screen", "print"):
                page.emulate_media(media=media)
                shot = page.screenshot(full_page=True, path=tmp_path / f"{policy.care_type}-{policy.year}-{media}.png")
                assert png_size(shot)[0] == WIDTH, f"{policy.title} ({media}) is wider than {WIDTH} px"
    finally:
        context.close()
