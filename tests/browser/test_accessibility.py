"""Accessibility gate: axe-core on every page in both palettes, and a keyboard walk.

Zero violations of impact serious or critical against WCAG 2.0/2.1 A and AA, apart
from theme defects listed in tests/a11y_allowlist.yaml (never our own content).
The per-page checks assert on `page_visits`: every page loaded once per palette (sweep.py).
"""

from __future__ import annotations

import pytest

from .support import A11Y_ALLOWLIST, ELEMENT_KEY, FOCUS_STATE, load_allowlist

pytestmark = pytest.mark.browser

# The palette follows prefers-color-scheme (mkdocs.yml), so emulating it picks the scheme.
PALETTES = {"light": "default", "dark": "slate"}


@pytest.mark.parametrize("palette", sorted(PALETTES))
def test_axe_finds_no_serious_violations_on_any_page(page_visits, palette):
    wrong_palette = [f"{v.rel}: got {v.scheme[palette]}" for v in page_visits if v.scheme[palette] != PALETTES[palette]]
    assert not wrong_palette, f"the {palette} palette did not apply:\n" + "\n".join(wrong_palette)
    problems = [f"{v.rel} [{found['rule']}] {found['target']}\n    {found['summary']}\n    {found['html']}"
                for v in page_visits for found in v.axe[palette]]
    assert not problems, f"{len(problems)} axe violations ({palette}):\n" + "\n".join(problems)


def test_the_allowlist_is_well_formed():
    assert isinstance(load_allowlist(A11Y_ALLOWLIST), list)


@pytest.mark.parametrize("entry", [
    pytest.param("- {rule: color-contrast, selector: .md-footer, upstream: 'https://github.com/squidfunk/mkdocs-material/issues/1'}", id="no-reason"),
    pytest.param("- {rule: color-contrast, selector: .md-footer, reason: x, upstream: 'https://example.org/1'}", id="not-the-theme"),
    pytest.param("- {rule: color-contrast, selector: .cq-notice, reason: x, upstream: 'https://github.com/squidfunk/mkdocs-material/issues/1'}", id="our-content"),
])
def test_allowlist_refuses_entries_that_break_the_rule(tmp_path, entry):
    path = tmp_path / "allow.yaml"
    path.write_text(entry, encoding="utf-8")
    with pytest.raises(ValueError):
        load_allowlist(path)


def test_the_skip_link_is_the_first_tab_stop_on_every_page(page_visits):
    wrong = []
    for visit in page_visits:
        state = visit.first_tab
        if not (state and state["isSkip"] and state["visible"]):
            wrong.append(f"{visit.rel}: first Tab went to {state}")
        elif not visit.skip_target_in_content:
            wrong.append(f"{visit.rel}: the skip link points at #{visit.skip_target}, which is not in the content")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("rel", ["zorgsoorten/geboortezorg/2026/checklist/", "zorgsoorten/fysiotherapie/2024/checklist/"])
def test_keyboard_walk_reaches_every_checklist_control_with_visible_focus(page, site, rel):
    page.goto(site.url(rel))
    controls = page.evaluate("""() => [...document.querySelectorAll(
        '.cq-checklist input, .cq-checklist select, .cq-checklist button, form.cq-selfcheck input')]
        .filter(el => el.offsetParent !== null).map(""" + ELEMENT_KEY + ")")
    assert len(controls) > 5, "the checklist has no controls to walk"
    walk = []
    for _ in range(600):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None or (walk and state == walk[0]):
            break  # back at the start, or focus left the document
        walk.append(state)

    assert walk[0]["isSkip"], f"the first Tab stop is {walk[0]}, not the skip link"
    first_nav = next(i for i, s in enumerate(walk) if s["inNav"])
    search = next(i for i, s in enumerate(walk) if s["isSearch"])
    reached = [s["key"] for s in walk]
    first_control = min(reached.index(c) for c in controls)
    assert 0 < first_nav < first_control and 0 < search < first_control, "navigation and search come before the content"
    missing = [c for c in controls if c not in reached]
    assert not missing, f"Tab never reaches: {missing}"
    in_order = [c for c in reached if c in controls]
    assert in_order == controls, "checklist controls are reached out of document order"
    invisible = [s for s in walk if not s["visible"]]
    assert not invisible, f"focus without a visible indicator: {invisible}"
