"""Every page fits a 375 px wide phone screen: no horizontal scrolling."""

from __future__ import annotations

import pytest

from .support import png_size
from .sweep import PHONE_WIDTH

pytestmark = pytest.mark.browser

WIDTH = PHONE_WIDTH


def test_every_page_fits_375_px_without_horizontal_scrolling(page_visits):
    """Every page, loaded in a 375 px wide window (sweep.py)."""
    wrong = [f"{visit.rel}: {visit.overflow}" for visit in page_visits if visit.overflow]
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
