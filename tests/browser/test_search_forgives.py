"""Search that forgives, in Chromium on the bundled site: diacritics do not matter, a quoted
phrase is a phrase, the excerpt shows the matched words, the contact cards come back once,
and the first result costs a phone little transfer.

"Top 3" means the first three pages in the result list; the expected section must be one
of the sections shown under one of them (a result is a page with up to three sections).
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata

import pytest

from .support import A11Y_ALLOWLIST, BLOCKING_IMPACTS, load_allowlist, run_axe

pytestmark = pytest.mark.browser

V_EN_V = "zorgsoorten/verpleging-en-verzorging/2024/beleid/"
EXPECTED = {
    "clientprofielen": V_EN_V + "#experiment-bekostiging-wijkverpleging",
    "cliëntprofielen": V_EN_V + "#experiment-bekostiging-wijkverpleging",
    '"4 weken"': V_EN_V + "#planning-en-bereikbaarheid",
    "4 weken": V_EN_V + "#planning-en-bereikbaarheid",
    "deadline vragenlijst": V_EN_V + "#planning-en-bereikbaarheid",
    "kraamzorg": "zorgsoorten/geboortezorg/2026/beleid/#procedure-kraamzorg",
    "wijkverpleging": V_EN_V + "#voorwaarden-wijkverpleging",
}
# The words of a query as they stand in the text (folded to lower case, no diacritics).
WORDS = {"clientprofielen": ["clientprofielen"], "cliëntprofielen": ["clientprofielen"], '"4 weken"': ["4 weken"],
         "4 weken": ["4", "weken"], "deadline vragenlijst": ["deadline", "vragenlijst"],
         "kraamzorg": ["kraamzorg"], "wijkverpleging": ["wijkverpleging"]}

RESULTS = """() => Array.from(document.querySelectorAll('.md-search-result__item')).map(item =>
  Array.from(item.querySelectorAll('a.md-search-result__link')).map(a => ({
    href: a.href,
    title: a.querySelector('.cq-search-page, .cq-search-section').textContent,
    excerpt: (a.querySelector('.cq-search-excerpt') || {textContent: ''}).textContent,
    marks: Array.from(a.querySelectorAll('.cq-search-excerpt mark')).map(m => m.textContent),
  })))"""
# The result list is aria-busy from the first keystroke until the results of the last are shown.
DONE = "() => document.querySelector('.md-search-result__list').getAttribute('aria-busy') === 'false'"


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))


def run_query(page, query: str) -> list[list[dict]]:
    page.keyboard.press("/")
    page.wait_for_function("() => document.activeElement.matches('.md-search__input')")
    page.keyboard.type(query)
    assert page.input_value(".md-search__input") == query
    page.wait_for_function(DONE)
    return page.evaluate(RESULTS)


@pytest.fixture
def opened(page, site):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(site.url("zorgsoorten/geboortezorg/2026/"))
    yield page
    assert not problems, problems


@pytest.mark.parametrize("query", list(EXPECTED))
def test_the_expected_section_is_in_the_top_three(opened, site, query):
    results = run_query(opened, query)
    expected = site.url(EXPECTED[query])
    top = [link for item in results[:3] for link in item]
    assert expected in [link["href"] for link in top], \
        f"{query!r}: {expected} not in the top 3:\n" + "\n".join(link["href"] for link in top)
    shown = next(link for link in top if link["href"] == expected)
    folded = fold(" ".join(shown["marks"]))
    for word in WORDS[query]:
        for part in word.split():
            assert part in folded, f"{query!r}: the excerpt marks {shown['marks']} (excerpt: {shown['excerpt']!r})"


def test_diacritics_do_not_matter(opened):
    plain = run_query(opened, "clientprofielen")
    opened.keyboard.press("Escape")
    accented = run_query(opened, "cliëntprofielen")
    assert {item[0]["href"] for item in plain} == {item[0]["href"] for item in accented}
    assert len(plain) >= 4


def test_a_quoted_phrase_is_a_phrase(opened):
    phrase = run_query(opened, '"4 weken"')
    opened.keyboard.press("Escape")
    words = run_query(opened, "4 weken")
    assert phrase and words
    for item in phrase:
        assert any("4 weken" in link["excerpt"] for link in item), item
    # The bare words also find pages where "4" and "weken" stand apart ("punt 4 ... weken"); the
    # quoted phrase does not. (Both lists hold the first page of results, so their lengths can tie.)
    assert [item for item in words if not any("4 weken" in link["excerpt"] for link in item)]


def test_the_contact_card_comes_back_once(opened, site):
    results = run_query(opened, "declaraties")
    contacts = [link["href"] for item in results for link in item if link["href"].endswith("#contact")]
    assert contacts == [site.url("#contact")]


def test_keyboard_opens_closes_and_follows_a_result(opened, site):
    opened.keyboard.press("/")
    assert opened.evaluate("document.getElementById('__search').checked")
    opened.keyboard.type("kraamzorg")
    opened.wait_for_function(DONE)
    opened.keyboard.press("ArrowDown")
    assert opened.evaluate("document.activeElement.matches('a.md-search-result__link')")
    opened.keyboard.press("Escape")
    assert not opened.evaluate("document.getElementById('__search').checked")
    opened.keyboard.press("/")
    opened.keyboard.press("Enter")
    opened.wait_for_url(re.compile(r".*/geboortezorg/2026/beleid/.*"))


def test_excerpts_are_text(browser, site):
    """Markup planted in the index shows as text: only the excerpt's <mark> is kept."""
    context = browser.new_context()
    page = context.new_page()
    payload = '<img src=x onerror="window.planted=1">kraamzorg<script>window.planted=2</script>'

    def plant(route):
        body = gzip.decompress(route.fetch().body())
        magic = b"pagefind_dcd"
        fragment = json.loads(body[len(magic):])
        fragment["content"] = payload + " " + fragment["content"]
        fragment["meta"]["title"] = payload
        route.fulfill(body=gzip.compress(magic + json.dumps(fragment).encode()))

    page.route(re.compile(r".*\.pf_fragment$"), plant)
    page.goto(site.url())
    run_query(page, "kraamzorg")
    try:
        assert page.evaluate("window.planted") is None
        assert page.locator(".md-search-result img, .md-search-result script").count() == 0
        assert "onerror" in page.locator(".md-search-result").inner_text()
    finally:
        context.close()


def test_the_first_result_costs_little_transfer(browser, site):
    """Bytes over the wire from typing the query until the first result shows, on a phone."""
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site.url("zorgsoorten/geboortezorg/2026/"))
    page.wait_for_load_state("networkidle")
    sizes = []
    page.on("requestfinished", lambda r: sizes.append((r.url, r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"])))
    page.locator('.md-header label[for="__search"]').first.click()
    page.keyboard.type("kraamzorg")
    page.wait_for_selector(".md-search-result__item")
    page.wait_for_load_state("networkidle")
    context.close()
    total = sum(size for _, size in sizes)
    assert any(url.endswith("/pagefind/pagefind-worker.js") for url, _ in sizes)  # the WebAssembly runs there
    assert not any(url.endswith("search_index.json") for url, _ in sizes)
    assert total <= 300_000, f"{total} bytes: {sizes}"


@pytest.mark.parametrize("scheme, width", [("light", 375), ("dark", 1280)])
def test_the_open_results_pass_axe(browser, site, scheme, width):
    """The dialog with results: names, roles and contrast (the excerpt's marks, the status line)."""
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    page.goto(site.url("zorgsoorten/geboortezorg/2026/"))
    assert run_query(page, "kraamzorg")
    found = run_axe(page, load_allowlist(A11Y_ALLOWLIST))
    context.close()
    blocking = [f for f in found if f["impact"] in BLOCKING_IMPACTS and not f["covered"]]
    assert not blocking, "\n".join(f"{f['rule']} {f['target']}: {f['summary']}" for f in blocking)
