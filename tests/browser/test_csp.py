"""Content-Security-Policy gate: every page carries a <meta> CSP early in <head>, and
Chromium loads and uses every page without a CSP error or a request elsewhere."""

from __future__ import annotations

import re

import pytest

from generator.plugin import csp

from .support import REPORT_VIOLATIONS

CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def test_every_page_has_one_policy_before_any_script_or_style(built_site):
    for path in sorted(built_site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        policies = CSP_META.findall(html)
        assert len(policies) == 1, f"{path}: {len(policies)} CSP meta tags"
        head = html[: html.index("</head>")]
        position = head.index("Content-Security-Policy")
        for early in ("<script", "<link rel=\"stylesheet\"", "<style"):
            assert early not in head[:position], f"{path}: {early} comes before the CSP"
        policy = policies[0]
        # No eval of any kind: the search compiles its WebAssembly in its own worker.
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, path
        assert "'sha256-" in policy, f"{path}: the theme's inline scripts are not allowed by hash"


def test_hashes_cover_inline_scripts_only():
    page = ('<head><meta charset="utf-8"></head><body><script>a()</script><script src="x.js"></script>'
            '<script type="application/json">{"b": 1}</script><script>a()</script></body>')
    # sha256("a()") (openssl dgst -sha256 -binary | base64), once; external and JSON scripts need no hash.
    assert csp.inline_script_hashes(csp.scripts(page)) == ["'sha256-qVpDBgj7bpq5hMAcGp3AOc79J3Y1Z4HvySTwKrWDoy4='"]
    with_policy = csp.add_policy(page)
    assert with_policy.index("<meta charset") < with_policy.index("Content-Security-Policy") < with_policy.index("<script")


def load_and_collect(page, url) -> list[str]:
    problems = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.goto(url)
    return problems


@pytest.mark.browser
def test_every_page_loads_without_csp_errors_or_foreign_requests(page_visits):
    """Every page, loaded in each palette and left only once its requests settled (sweep.py)."""
    problems = [problem for visit in page_visits for problem in visit.problems]
    foreign = sorted({url for visit in page_visits for url in visit.foreign})
    assert not problems, "\n".join(problems)
    assert not foreign, f"requests outside the site: {foreign}"


@pytest.mark.browser
def test_search_tooltips_and_checklist_work_under_the_policy(browser, site):
    """The search (Pagefind's script, worker, WebAssembly and index), the theme's tooltips and our script, with the CSP on."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(REPORT_VIOLATIONS)
    page = context.new_page()
    problems = load_and_collect(page, site.url("zorgsoorten/geboortezorg/2026/checklist/"))
    page.keyboard.press("/")
    page.keyboard.type("kraamzorg")
    page.wait_for_selector(".md-search-result__item")
    page.keyboard.press("Escape")
    page.locator("article abbr").first.hover()
    page.locator("input[data-condition]").first.check()
    assert page.locator(".cq-progress-total").inner_text().startswith("Totaal: 1 van ")
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_the_policy_blocks_and_reports_an_injected_script(browser, site):
    """The gate can fail: a script the build did not hash is refused and shows in the console."""
    context = browser.new_context()
    context.add_init_script(REPORT_VIOLATIONS)
    page = context.new_page()
    problems = load_and_collect(page, site.url())
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1'; document.body.append(s); }")
    page.wait_for_function("() => true")
    injected = page.evaluate("window.injected")
    context.close()
    assert injected is None
    assert any("Content Security Policy" in p or "CSP violation" in p for p in problems)
