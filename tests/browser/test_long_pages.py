"""Long pages a person can scan: the full policy folds its long sections on a phone, opens
them on a wide screen, in print and for a link into them, starts with a summary, has heading
styles for every level and tables that do not break words at 375 px."""

from __future__ import annotations

import pytest

from .support import PHONE_WIDTH, page_height

pytestmark = pytest.mark.browser

PHONE = PHONE_WIDTH  # the `phone` fixture's width
# The full V&V policy at 375 px on main before folding (c94a282, bundled data): every theme
# and procedure section open, about 55 screens of 800 px.
HEIGHT_BEFORE = 43641
LIMIT = HEIGHT_BEFORE // 2

VV = "zorgsoorten/verpleging-en-verzorging/2024/beleid/"
GEBOORTEZORG = "zorgsoorten/geboortezorg/2026/beleid/"
FOLDED_SECTION = "themas-2023-2026"  # a theme section of the V&V policy
# A heading two levels inside that folded section.
DEEP_HEADING = "algemene-themas--innovatieve-zorg"


def test_full_vv_policy_is_at_most_half_its_old_height_on_a_phone(phone, site):
    height = page_height(phone, site.url(VV))
    assert height <= LIMIT, f"/{VV} is {height} px tall at {PHONE} px; at most {LIMIT} (half of {HEIGHT_BEFORE})"


def fold_of(page, anchor: str):
    return page.locator(f"details.cq-fold:has(> summary > #{anchor})")


def test_sections_fold_on_a_phone_and_open_on_a_wide_screen(phone, context, site):
    small = phone.new_page()
    small.goto(site.url(VV))
    folds = small.locator("details.cq-fold")
    assert folds.count() > 5
    assert not any(folds.evaluate_all("ds => ds.map(d => d.open)")), "folded on a phone"
    assert small.locator(f"#{FOLDED_SECTION}").is_visible(), "the heading of a folded section shows"
    assert not small.locator(f"#{DEEP_HEADING}").is_visible()
    small.locator(f"#{FOLDED_SECTION}").click()
    assert fold_of(small, FOLDED_SECTION).evaluate("d => d.open")
    assert small.locator(f"#{DEEP_HEADING}").is_visible()
    # The conditions a provider checks off stay open.
    assert small.locator(".cq-condition-list").first.is_visible()

    wide = context.new_page()
    wide.goto(site.url(VV))
    assert all(wide.locator("details.cq-fold").evaluate_all("ds => ds.map(d => d.open)")), "open on a wide screen"
    toc = wide.locator(f'.md-sidebar--secondary a[href="#{FOLDED_SECTION}"]')
    assert toc.count() == 1, "a folded section keeps its place in the table of contents"


def test_a_link_into_a_folded_section_opens_it(phone, site):
    page = phone.new_page()
    page.goto(site.url(VV) + f"#{DEEP_HEADING}")
    assert page.locator(f"#{DEEP_HEADING}").is_visible()
    assert fold_of(page, FOLDED_SECTION).evaluate("d => d.open")
    page.goto(site.url(VV))
    page.evaluate(f"location.hash = '#{DEEP_HEADING}'")
    page.wait_for_function(f"document.getElementById('{DEEP_HEADING}').getClientRects().length > 0")


@pytest.mark.parametrize("script", [True, False])
def test_folded_sections_print_in_full(browser, site, script):
    context = browser.new_context(viewport={"width": PHONE, "height": 800}, java_script_enabled=script)
    try:
        page = context.new_page()
        page.goto(site.url(VV))
        page.emulate_media(media="print")
        if script:
            page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        hidden = page.locator("details.cq-fold .cq-text").evaluate_all(
            "els => els.filter(el => el.getClientRects().length === 0).length")
        assert hidden == 0, f"{hidden} text blocks in folded sections are missing from the printout"
    finally:
        context.close()


def test_summary_at_the_top_points_to_dates_conditions_and_checklist(phone, site):
    page = phone.new_page()
    page.goto(site.url(VV))
    summary = page.locator(".md-content .cq-summary")
    assert summary.count() == 1 and summary.is_visible()
    first_chapter = page.locator(".md-content h2").first
    assert summary.bounding_box()["y"] < first_chapter.bounding_box()["y"], "the summary comes before the chapters"
    text = summary.inner_text()
    assert "contractjaar 2024" in text and "Wijkverpleging" in text
    dates = summary.locator(".cq-key-dates a")
    assert dates.count() > 0
    for href in dates.evaluate_all("as => as.map(a => a.getAttribute('href'))"):
        assert page.locator(f"li.cq-milestone[id='{href[1:]}']").count() == 1, f"{href} leads to no step"
    conditions = summary.locator('a[href="#voorwaarden-zorgovereenkomst"]')
    assert conditions.count() == 1
    summary.get_by_role("link", name="checklist").click()
    page.wait_for_load_state()
    assert page.url.endswith("/2024/checklist/")


def test_every_heading_level_reads_at_least_like_body_text(phone, site):
    page = phone.new_page()
    page.goto(site.url(GEBOORTEZORG))
    page.evaluate("document.querySelectorAll('details.cq-fold').forEach(d => d.open = true)")
    found = page.evaluate("""() => {
      const body = getComputedStyle(document.querySelector('.md-typeset .cq-text p'));
      const out = {};
      for (const tag of ['h2', 'h3', 'h4', 'h5', 'h6']) {
        const h = document.querySelector('.md-content .md-typeset ' + tag);
        if (!h) continue;
        const s = getComputedStyle(h);
        out[tag] = {size: parseFloat(s.fontSize), weight: Number(s.fontWeight), color: s.color,
                    bodySize: parseFloat(body.fontSize), bodyColor: body.color};
      }
      return out;
    }""")
    assert {"h4", "h5", "h6"} <= set(found), "the page has headings of every level"
    for tag, s in found.items():
        assert s["size"] >= s["bodySize"], f"{tag} is smaller than body text ({s['size']} < {s['bodySize']} px)"
        assert s["color"] == s["bodyColor"], f"{tag} is paler than body text ({s['color']} vs {s['bodyColor']})"
        if tag in ("h4", "h5", "h6"):  # body-sized headings stand out by weight (h2, h3 by size)
            assert s["weight"] >= 700, f"{tag} is not bold"


# Words that a cell splits over two lines: a Range over each word has one line box unless
# the word was broken (no hyphenation dictionary in the test browser: any split is a break).
BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll('.md-content table td, .md-content table th')) {
    if (!cell.getClientRects().length) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const re = /\\S{4,}/g;
      let m;
      while ((m = re.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("rel", [GEBOORTEZORG, VV])
def test_tables_do_not_break_words_at_375_px(phone, site, rel):
    page = phone.new_page()
    page.goto(site.url(rel))
    page.evaluate("document.querySelectorAll('details.cq-fold').forEach(d => d.open = true)")
    assert page.locator(".md-content table").count() > 0
    broken = page.evaluate(BROKEN_WORDS)
    assert not broken, f"/{rel}: words broken in table cells at {PHONE} px: {broken[:10]}"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE, f"/{rel} scrolls sideways: {width} px wide"
