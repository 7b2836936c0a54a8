"""The checklists and self-checks in a real browser: ticks, persistence, stale ticks,
reset, filters, copy, the contract-variant self-check, and keyboard-only use."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from generator.render import views
from generator.model.documents import ConditionGroup, Differentiation, blocks_of

from .support import tab_to

pytestmark = pytest.mark.browser

KRAAMZORG = "zorgsoorten/geboortezorg/2026/checklist/"
FYSIO = "zorgsoorten/fysiotherapie/2024/checklist/"
STORAGE_KEY = "caresq:checklist:geboortezorg:2026"
CASES = yaml.safe_load((Path(__file__).parent / "data" / "selfcheck_cases.yaml").read_text(encoding="utf-8"))
PROGRESS = re.compile(r"^(\d+) van (\d+) voldaan$")


def stored(page, key=STORAGE_KEY) -> dict:
    return json.loads(page.evaluate("k => localStorage.getItem(k) || '{}'", key))


def condition(page, n: int):
    return page.locator("input[data-condition]").nth(n)


def test_progress_is_counted_per_group_and_per_page(page, site):
    page.goto(site.url(KRAAMZORG))
    groups = page.locator("fieldset.cq-check-group")
    first = groups.first
    boxes = first.locator("input[data-condition]")
    assert first.locator(".cq-progress").inner_text() == f"0 van {boxes.count()} voldaan"
    boxes.nth(0).check()
    boxes.nth(1).check()
    assert first.locator(".cq-progress").inner_text() == f"2 van {boxes.count()} voldaan"
    all_boxes = page.locator("input[data-condition]").count()
    assert page.locator(".cq-progress-total").inner_text() == f"Totaal: 2 van {all_boxes} voldaan"
    for n in range(groups.count()):
        assert PROGRESS.match(groups.nth(n).locator(".cq-progress").inner_text())


def test_a_tick_survives_a_reload(page, site):
    page.goto(site.url(KRAAMZORG))
    box = condition(page, 0)
    box.check()
    assert box.get_attribute("data-condition") in stored(page)
    page.reload()
    assert condition(page, 0).is_checked()
    assert not condition(page, 1).is_checked()
    assert page.locator(".cq-progress-total").inner_text().startswith("Totaal: 1 van ")


def test_ticks_are_kept_per_policy_and_year(page, site):
    page.goto(site.url(KRAAMZORG))
    condition(page, 0).check()
    page.goto(site.url("zorgsoorten/verpleging-en-verzorging/2024/checklist/"))
    assert page.locator("input[data-condition]:checked").count() == 0
    condition(page, 0).check()
    assert stored(page, "caresq:checklist:verpleging-en-verzorging:2024")
    assert len(stored(page)) == 1  # the geboortezorg 2026 tick is untouched


def test_a_tick_on_a_changed_condition_is_dropped_with_a_notice(page, site, archive):
    """Tick, then a new build changes the condition's wording: the stale tick goes, with a notice."""
    page.goto(site.url(KRAAMZORG))
    changed, kept = condition(page, 0), condition(page, 1)
    changed_id = changed.get_attribute("data-condition")
    changed.check()
    kept.check()

    policy = next(p for p in archive.policies if p.care_type == "geboortezorg" and p.year == 2026)
    item = next(i for g in blocks_of(policy.chapters, ConditionGroup) for i in g.items if i.id == changed_id)
    old_hash = views.condition_hash(item.text, item.subitems)
    new_hash = views.condition_hash(item.text + " Dit is nieuw.", item.subitems)
    assert old_hash != new_hash and changed.get_attribute("data-hash") == old_hash

    def next_build(route):
        html = route.fetch().text()
        assert f'data-hash="{old_hash}"' in html
        route.fulfill(body=html.replace(f'data-hash="{old_hash}"', f'data-hash="{new_hash}"'),
                      headers={"content-type": "text/html; charset=utf-8"})

    page.route(site.url(KRAAMZORG), next_build)
    page.reload()
    assert not condition(page, 0).is_checked()
    assert condition(page, 1).is_checked()
    notice = page.locator(".cq-notice")
    assert notice.is_visible() and "gewijzigd" in notice.inner_text()
    assert notice.get_attribute("role") == "status"
    assert changed_id not in stored(page)

    condition(page, 0).check()  # ticked again against the new wording: kept from now on
    page.reload()
    assert condition(page, 0).is_checked()
    assert page.locator(".cq-notice").inner_text() == ""


def test_reset_clears_every_answer(page, site):
    page.goto(site.url(KRAAMZORG))
    for n in (0, 1, 4):
        condition(page, n).check()
    page.get_by_role("button", name="Wis mijn antwoorden").click()
    assert page.locator("input[data-condition]:checked").count() == 0
    assert "gewist" in page.locator(".cq-notice").inner_text()
    assert page.evaluate("k => localStorage.getItem(k)", STORAGE_KEY) is None
    page.reload()
    assert page.locator("input[data-condition]:checked").count() == 0
    assert page.locator(".cq-progress-total").inner_text().startswith("Totaal: 0 van ")


@pytest.mark.parametrize("name, attribute", [("form", "data-form"), ("route", "data-routes")])
def test_filters_show_only_the_matching_groups(page, site, name, attribute):
    page.goto(site.url(KRAAMZORG))
    select = page.locator(f"select[data-filter={name}]")
    values = [v for v in select.locator("option").evaluate_all("os => os.map(o => o.value)") if v]
    assert values, f"no {name} filter on the page"
    for value in values:
        select.select_option(value)
        shown = 0
        for group in page.locator("fieldset.cq-check-group").all():
            applies = group.get_attribute(attribute) or ""
            expected = not applies or value in applies.split(" ")
            assert group.is_visible() == expected, f"{name}={value}: group {group.get_attribute('id')}"
            shown += group.locator("input[data-condition]").count() if expected else 0
        assert page.locator(".cq-progress-total").inner_text() == f"Totaal: 0 van {shown} voldaan"


def test_variant_filter_hides_other_variants_groups(page, site):
    """No bundled policy scopes a group to a contract variant yet: the page is given one."""
    def with_variants(route):
        html = route.fetch().text()
        html = html.replace('data-variant=""', 'data-variant="variant-a"', 1)
        html = html.replace('<div class="cq-filters">', '<div class="cq-filters"><label>Contractvariant <select data-filter="variant">'
                            '<option value="">Alle varianten</option><option value="variant-a">A</option>'
                            '<option value="variant-b">B</option></select></label>', 1)
        route.fulfill(body=html, headers={"content-type": "text/html; charset=utf-8"})

    page.route(site.url(KRAAMZORG), with_variants)
    page.goto(site.url(KRAAMZORG))
    scoped = page.locator("fieldset.cq-check-group[data-variant=variant-a]")
    unscoped = page.locator("fieldset.cq-check-group[data-variant='']").first
    select = page.locator("select[data-filter=variant]")
    select.select_option("variant-b")
    assert not scoped.is_visible() and unscoped.is_visible()
    select.select_option("variant-a")
    assert scoped.is_visible() and unscoped.is_visible()


def test_copy_as_text_gives_the_ticks_in_plain_text(browser, site):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.origin)
    page = context.new_page()
    page.goto(site.url(KRAAMZORG))
    condition(page, 0).check()
    first_text = page.locator("fieldset.cq-check-group label").first.inner_text().split("\n")[0].strip()
    page.get_by_role("button", name="Kopieer als tekst").click()
    text = page.evaluate("navigator.clipboard.readText()")
    context.close()
    lines = text.splitlines()
    assert lines[0] == "Inkoopbeleid Geboortezorg 2026"
    assert any(line.startswith("[x] " + first_text[:40]) for line in lines)
    assert any(line.startswith("[ ] ") for line in lines)
    assert lines[-1].startswith("Totaal: 1 van ")


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['page'].split('/')[1]}-{'+'.join(c['factors']) or 'none'}-{c.get('general')}")
def test_self_check_names_the_contract_variant(page, site, case):
    page.goto(site.url(case["page"]))
    form = page.locator("form.cq-selfcheck")
    if case.get("general"):
        form.locator("input[data-requires]").check()
    for factor in case["factors"]:
        form.locator(f"input[data-factor='{factor}']").check()
    result = form.locator(".cq-result")
    assert result.get_attribute("role") == "status"
    text = result.inner_text()
    for expected in case["expect"]:
        assert expected in text, f"{text!r} lacks {expected!r}"
    for unexpected in case.get("absent", []):
        assert unexpected not in text


def test_ticking_every_general_condition_ticks_the_self_checks_general_box(page, site, archive):
    policy = next(p for p in archive.policies if p.care_type == "geboortezorg")
    differentiation = next(iter(blocks_of(policy.chapters, Differentiation)))
    assert differentiation.requires, "kraamzorg names its general condition groups in the YAML"
    page.goto(site.url(KRAAMZORG))
    general = page.locator("form.cq-selfcheck input[data-requires]")
    assert not general.is_checked()
    boxes = page.locator(", ".join(f"fieldset[data-group='{g}'] input[data-condition]" for g in differentiation.requires))
    for n in range(boxes.count()):
        boxes.nth(n).check()
    assert general.is_checked()
    assert "Zorgovereenkomst C" in page.locator("form.cq-selfcheck .cq-result").inner_text()
    boxes.nth(0).uncheck()
    assert not general.is_checked()


def test_fysiotherapie_variant_a_is_reachable_and_the_kngf_note_is_its_note(page, site):
    page.goto(site.url(FYSIO))
    table = page.locator("table.cq-variants").inner_text()
    assert re.search(r"Zorgovereenkomst A\s+4", table) and "niet haalbaar" not in table
    assert page.locator(".admonition-title", has_text="Opmerking van het KNGF").is_visible()


def test_the_checklist_works_by_keyboard_alone(page, site):
    page.goto(site.url(KRAAMZORG))
    tab_to(page, "input[data-condition]")
    page.keyboard.press("Space")
    assert condition(page, 0).is_checked()
    assert page.locator(".cq-progress-total").inner_text().startswith("Totaal: 1 van ")

    page.keyboard.press("Shift+Tab")  # back up to the reset button, which sits above the list
    while not page.evaluate("document.activeElement.matches('.cq-reset')"):
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    assert not condition(page, 0).is_checked()

    page.goto(site.url(KRAAMZORG))
    tab_to(page, "select[data-filter=form]")
    page.keyboard.press("ArrowDown")  # the first care form
    chosen = page.evaluate("document.activeElement.value")
    assert chosen
    hidden = page.locator("fieldset.cq-check-group:not([data-form='']):not([data-form='%s'])" % chosen)
    assert hidden.count() and not any(group.is_visible() for group in hidden.all())

    tab_to(page, "form.cq-selfcheck input[data-requires]")
    page.keyboard.press("Space")
    tab_to(page, "form.cq-selfcheck input[data-factor]")
    page.keyboard.press("Space")
    assert "Zorgovereenkomst B" in page.locator(".cq-result").inner_text()


def test_without_javascript_the_checklist_is_a_plain_list(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url(KRAAMZORG))
    assert page.locator("input[data-condition]").first.is_visible()
    assert not page.locator(".cq-checklist-tools").is_visible()  # buttons that need the script
    assert "Zonder JavaScript" in page.locator(".cq-result").inner_text()
    context.close()
