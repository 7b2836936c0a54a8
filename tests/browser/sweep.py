"""One visit to every page of the site, gathering what the per-page browser gates assert.

Loading a page costs about as much as checking it, and axe is the slowest check, so the
gates share their page loads instead of each walking the whole site again:

- a desktop page in the light palette (prefers-color-scheme: light): the CSP console and
  the requests it makes, the first Tab stop, axe; then the same page narrowed to a 375 px
  phone screen: horizontal scrolling;
- a desktop page in the dark palette (prefers-color-scheme: dark): the CSP console and
  its requests, axe.

Each desktop page is its own browser context, so the two axe runs (started in the page
without waiting for them) work in two renderer processes at once while the next page
loads. axe comes in by an init script, which the page's CSP does not apply to, so the
CSP stays on while axe runs. The tests in test_csp.py, test_accessibility.py and
test_small_screen.py assert on the gathered `PageVisit`s, each with its own message.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .support import AXE_JS, AXE_RUN, BLOCKING_IMPACTS, FOCUS_STATE, REPORT_VIOLATIONS, WCAG_TAGS

DESKTOP = {"width": 1280, "height": 900}
PHONE_WIDTH = 375
PALETTES = ("light", "dark")

# axe.run() does most of its work before its first await, so it is started from a task of
# its own: evaluate returns at once, and AXE_RESULT awaits the findings later.
AXE_START = "args => { window.__cqAxe = new Promise(go => setTimeout(go)).then(() => (" + AXE_RUN + ")(args)); }"
AXE_RESULT = "() => window.__cqAxe"

# The widest elements, to say what overflows when something does.
WIDEST = """w => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > w + 1 && el.getClientRects().length)
  .slice(0, 3).map(el => el.tagName.toLowerCase() + '.' + el.className + ' (' + Math.round(el.getBoundingClientRect().right) + ' px)')"""


@dataclass
class PageVisit:
    rel: str
    problems: list[str] = field(default_factory=list)  # console errors, page errors, failed requests
    foreign: list[str] = field(default_factory=list)  # requests outside the site
    scheme: dict[str, str] = field(default_factory=dict)  # palette -> data-md-color-scheme on <body>
    axe: dict[str, list[dict]] = field(default_factory=dict)  # palette -> blocking findings no entry covers
    first_tab: dict | None = None  # FOCUS_STATE after the first Tab
    skip_target: str = ""  # the skip link's fragment
    skip_target_in_content: bool = False
    overflow: str | None = None  # how the page scrolls sideways at 375 px; None when it fits


class _Lane:
    """One desktop page in its own context, instrumented for the CSP gate and carrying axe."""

    def __init__(self, browser, site, palette: str):
        self.palette = palette
        self.context = browser.new_context(viewport=DESKTOP, color_scheme=palette)
        self.context.add_init_script(REPORT_VIOLATIONS)
        self.context.add_init_script(path=str(AXE_JS))
        self.visit: PageVisit | None = None
        self.context.on("request", lambda r: self._foreign(r.url, site.origin))
        self.page = page = self.context.new_page()
        page.on("console", lambda m: self._problem(f"{page.url}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self._problem(f"{page.url}: {e}"))
        page.on("requestfailed", lambda r: self._problem(f"{page.url}: request failed {r.url}"))

    def _problem(self, text: str) -> None:
        self.visit.problems.append(f"[{self.palette}] {text}")

    def _foreign(self, url: str, origin: str) -> None:
        if not url.startswith(origin + "/"):
            self.visit.foreign.append(url)

    def load(self, visit: PageVisit, url: str) -> None:
        self.visit = visit
        self.page.set_viewport_size(DESKTOP)
        self.page.goto(url)
        visit.scheme[self.palette] = self.page.evaluate("document.body.getAttribute('data-md-color-scheme')")

    def start_axe(self, allow: list[dict]) -> None:
        self.page.evaluate(AXE_START, [WCAG_TAGS, allow])

    def finish(self) -> None:
        """Collect axe's findings, then let the page's requests settle before it is left."""
        found = self.page.evaluate(AXE_RESULT)
        self.visit.axe[self.palette] = [f for f in found if f["impact"] in BLOCKING_IMPACTS and not f["covered"]]
        self.page.wait_for_load_state("networkidle")


def first_tab_stop(page, visit: PageVisit) -> None:
    """Press Tab once on the fresh page and note where focus went; then give focus back."""
    page.keyboard.press("Tab")
    visit.first_tab = page.evaluate(FOCUS_STATE)
    if visit.first_tab and visit.first_tab["isSkip"]:
        visit.skip_target = page.evaluate("document.activeElement.hash.slice(1)")
        visit.skip_target_in_content = page.evaluate(
            "id => Boolean(document.getElementById(id)?.closest('.md-content'))", visit.skip_target)
    page.evaluate("document.activeElement.blur()")


def sideways_scroll(page) -> str | None:
    """Narrow the window to a phone's and try to scroll sideways: a page that fits does not move."""
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
    page.evaluate("window.scrollTo(200, 0)")
    if page.evaluate("window.scrollX") or page.evaluate("document.documentElement.scrollWidth") > PHONE_WIDTH:
        return f"scrolls sideways; {page.evaluate(WIDEST, PHONE_WIDTH)}"
    return None


def visit_every_page(browser, site, allow: list[dict]) -> list[PageVisit]:
    light, dark = (_Lane(browser, site, palette) for palette in PALETTES)
    visits = []
    try:
        for rel in site.pages():
            visit = PageVisit(rel)
            visits.append(visit)
            url = site.url(rel)
            light.load(visit, url)
            first_tab_stop(light.page, visit)
            light.start_axe(allow)
            dark.load(visit, url)
            dark.start_axe(allow)
            light.finish()
            visit.overflow = sideways_scroll(light.page)
            dark.finish()
    finally:
        light.context.close()
        dark.context.close()
    return visits
