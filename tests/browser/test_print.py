"""Print: every policy page prints without site chrome and with the policy's name,
year and version line; the full policy (beleid/) prints as one document, in order."""

from __future__ import annotations

import re

import pytest

from generator.render import urls
from generator import SiteOptions
from generator.render.context import SiteContext

pytestmark = pytest.mark.browser

CHROME = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-tabs",
          ".md-content__button", ".cq-policy-nav", "a.headerlink", ".cq-print"]


def policy_pages(policy) -> list[str]:
    return [urls.served_path(uri) for uri in
            (urls.landing(policy), urls.full_policy(policy), urls.checklist(policy), urls.policy_changes(policy))]


@pytest.fixture(scope="module")
def print_page(browser):
    context = browser.new_context(viewport={"width": 1000, "height": 1400})
    page = context.new_page()
    page.emulate_media(media="print")
    yield page
    context.close()


def visible(page, selector: str) -> list[str]:
    return [locator.evaluate("el => el.outerHTML.slice(0, 80)") for locator in page.locator(selector).all() if locator.is_visible()]


def test_every_policy_page_prints_without_chrome_and_with_its_identity(print_page, site, archive):
    builder = SiteContext(archive, SiteOptions(base_url="https://example.org/"))
    wrong = []
    for policy in archive.policies:
        identity = [policy.title, f"contractjaar {policy.year}", builder.version_line(policy)]
        for rel in policy_pages(policy):
            print_page.goto(site.url(rel))
            for selector in CHROME:
                if visible(print_page, selector):
                    wrong.append(f"{rel}: {selector} is printed")
            meta = print_page.locator(".cq-policy-meta")
            text = meta.inner_text() if meta.is_visible() else ""
            wrong += [f"{rel}: the printout lacks {part!r}" for part in identity if part not in text]
    assert not wrong, "\n".join(wrong)


def test_the_full_policy_prints_as_one_pdf_with_every_chapter_in_order(print_page, site, archive, tmp_path):
    policy = next(p for p in archive.policies if p.care_type == "geboortezorg")
    print_page.goto(site.url(urls.served_path(urls.full_policy(policy))))
    headings = [h.inner_text().strip() for h in print_page.locator("article h2").all() if h.is_visible()]
    # A chapter the source numbers carries its number in the heading ("4 Inkoopprocedure").
    chapters = [f"{chapter.number} {chapter.title}" if chapter.number else chapter.title for chapter in policy.chapters]
    assert headings[: len(chapters)] == chapters, "chapters missing or out of order in print"

    pdf = print_page.pdf(format="A4", print_background=False)
    (tmp_path / "beleid.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert pages >= 3, f"the whole policy should span several pages, got {pages}"


def test_a_checklist_prints_with_its_ticks_and_date(browser, site):
    context = browser.new_context(viewport={"width": 1000, "height": 1400})
    page = context.new_page()
    page.goto(site.url("zorgsoorten/geboortezorg/2026/checklist/"))
    boxes = page.locator("input[data-condition]")
    boxes.nth(0).check()
    boxes.nth(2).check()
    page.emulate_media(media="print")
    assert boxes.nth(0).is_visible() and boxes.nth(0).is_checked()
    assert boxes.nth(2).is_checked() and not boxes.nth(1).is_checked()
    assert page.locator(".cq-progress-total").inner_text().startswith("Totaal: 2 van ")
    assert page.locator(".cq-printed-on").is_visible()
    assert re.search(r"afgedrukt op \d{1,2} \w+ \d{4}", page.locator(".cq-printed-on").inner_text())
    for selector in (".cq-filters", ".cq-reset", ".cq-copy-text", ".md-header", ".md-sidebar--primary"):
        assert not visible(page, selector), f"{selector} is printed"
    context.close()
