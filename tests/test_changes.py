"""Change logs: differences by stable id, shared-section versions, revisions, Atom, transparency."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from generator.check import transparency
from generator.model.documents import Policy
from generator.outputs import changes as change_pages
from generator.render import diff as changes, urls
from generator.render.context import SiteContext, SiteOptions

from conftest import BASE_URL, synthetic_copy

FIXTURES = Path(__file__).parent / "fixtures" / "changes"
ATOM = "{http://www.w3.org/2005/Atom}"


def fixture_policy(year: int) -> Policy:
    return Policy.model_validate(yaml.safe_load((FIXTURES / f"{year}.yaml").read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def site(synthetic) -> SiteContext:
    return SiteContext(synthetic, SiteOptions(base_url=BASE_URL))


@pytest.fixture(scope="module")
def year_diff() -> changes.Diff:
    old, new = fixture_policy(2025), fixture_policy(2026)
    return changes.diff(changes.policy_items(old), changes.policy_items(new), "2025", "2026")


def test_added_condition_is_listed(year_diff):
    assert [item.id for item in year_diff.added] == ["digitaal"]


def test_removed_condition_is_listed(year_diff):
    assert [item.id for item in year_diff.removed] == ["oud-criterium"]


def test_reworded_condition_has_a_word_level_highlight(year_diff):
    reworded = {new.id: html for _, new, html in year_diff.reworded}
    assert set(reworded) >= {"bereikbaar"}
    assert "<del>09:00 tot 17:00</del><ins>08:00 tot 18:00</ins>" in reworded["bereikbaar"]
    assert "De zorgaanbieder is op werkdagen bereikbaar" in reworded["bereikbaar"]  # unchanged words stay plain


def test_moved_date_shows_old_and_new(year_diff, site):
    moved = {new.id: (old.date, new.date) for old, new in year_diff.moved}
    assert moved["tekendatum"] == ("2024-11-12", "2025-11-11")
    html = site.render_diff(year_diff)
    assert "Stap ‘Uiterste tekendatum’: 12 november 2024 → 11 november 2025" in html, "named by its step, dates in words"


def test_identical_versions_have_no_differences(site):
    policy = fixture_policy(2026)
    same = changes.diff(changes.policy_items(policy), changes.policy_items(policy), "a", "b")
    assert same.empty
    assert "Geen verschillen" in site.render_diff(same)


def test_word_diff_escapes_text():
    html = changes.word_diff("a <b>", "a <script>")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_shared_sections_have_readable_differences(synthetic, site):
    """Two versions of a section: the newer one lists what changed against the older."""
    themes = changes.shared_diffs(synthetic.shared_versions("themas"), only="2026")
    assert themes and themes[0].old == "2025" and not themes[0].diff.empty
    assert [item.id for item in themes[0].diff.added] == ["thema-digitaal"]
    assert [item.id for item in themes[0].diff.removed] == ["thema-duurzaam"]
    assert "<del>zorg.</del><ins>zorg dicht bij huis.</ins>" in site.render_diff(themes[0].diff), "reworded, word by word"
    disclaimer = changes.shared_diffs(synthetic.shared_versions("disclaimer"), only="2026")
    assert disclaimer and disclaimer[0].old == "2024" and not disclaimer[0].diff.empty


def test_variant_wording_is_compared_with_its_base_year(synthetic):
    versions = synthetic.shared_versions("themas")
    assert [v.version for v in versions] == ["2025", "2026", "2026-kraamzorg"]
    assert changes.predecessor(versions, "2026-kraamzorg").version == "2026"
    assert changes.predecessor(versions, "2026").version == "2025"
    assert changes.predecessor(versions, "2025") is None


def page_of(site, uri: str) -> str:
    return site.files[uri]


def test_revision_page_shows_reason_and_moved_deadline(synthetic, synthetic_site):
    policy = next(p for p in synthetic.policies if p.care_type == "wijkzorg" and p.year == 2026)
    moved = change_pages.revision_moves(policy, "herziening-juni")
    assert moved == ["Uiterste tekendatum zorgovereenkomst: 1 november 2025 → 8 november 2025"]
    page = page_of(synthetic_site, urls.policy_changes(policy))
    assert "1 november 2025 → 8 november 2025" in page
    assert "De tekendatum is een week later gezet" in page, "the revision's reason"
    assert "De uiterste tekendatum is 8 november 2025 geworden." in page, "the revision's items"
    assert "Reden" in page


def test_year_change_page_compares_with_the_year_before(synthetic, synthetic_site):
    policy = next(p for p in synthetic.policies if p.care_type == "wijkzorg" and p.year == 2026)
    page = page_of(synthetic_site, urls.policy_changes(policy))
    removed = page.split("<strong>Vervallen</strong>")[1].split("</ul>")[0]
    assert "Voorwaarde in ‘Randvoorwaarden voor iedereen’" in removed, "the removed condition, by its group's title"
    assert "oud-criterium" not in page, "no ids on the page"
    assert "12 november 2024 → 8 november 2025" in page, "the moved deadline"
    assert '<summary>Toon tekstverschillen' in page, "the generated differences sit behind a disclosure"


def test_changes_page_lists_every_policy_and_can_filter(synthetic, synthetic_site):
    page = page_of(synthetic_site, urls.CHANGES_PAGE)
    for policy in synthetic.policies:
        assert f'data-care-type="{policy.care_type}"' in page
        assert f'<option value="{policy.care_type}">' in page


def test_atom_feed_is_valid_atom_with_stable_unique_ids(synthetic, synthetic_site):
    feed = ET.fromstring(synthetic_site.files[urls.CHANGES_FEED].encode("utf-8"))
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Proefinkoop"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == BASE_URL + urls.CHANGES_FEED
    entries = feed.findall(f"{ATOM}entry")
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(ids) == len(set(ids)), "entry ids must be unique"
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert entry.findtext(f"{ATOM}{required}"), required
        dt.datetime.strptime(entry.findtext(f"{ATOM}updated"), "%Y-%m-%dT%H:%M:%SZ")
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
        assert entry.find(f"{ATOM}content") is not None
    # every revision and every year's change list is an entry, with an id built from stable keys
    host = "proef.example.test"
    expected = {f"tag:{host},2024:zorgsoorten/{p.care_type}/{p.year}/wijzigingen" for p in synthetic.policies}
    expected |= {f"tag:{host},2024:zorgsoorten/wijkzorg/2026/revisies/herziening-juni"}
    expected |= {f"tag:{host},2024:gedeeld/{section}/{old}-{new}" for section, old, new in
                 (("disclaimer", "2024", "2026"), ("themas", "2025", "2026"), ("themas", "2026", "2026-kraamzorg"),
                  ("zn-digitaal", "2025", "2026"))}
    assert expected <= set(ids), sorted(expected - set(ids))
    revision = next(e for e in entries if e.findtext(f"{ATOM}id").endswith("/revisies/herziening-juni"))
    assert revision.findtext(f"{ATOM}updated") == "2025-06-01T00:00:00Z", "dated by the revision, not the clock"


def _policy_with(**changes_to_fixture) -> Policy:
    data = yaml.safe_load((FIXTURES / "2026.yaml").read_text(encoding="utf-8"))
    data.update(changes_to_fixture)
    return Policy.model_validate(data)


def _finding(policy: Policy, rule: str) -> transparency.Finding:
    return next(f for f in transparency.findings(policy) if f.rule == rule)


def test_transparency_publication_deadline():
    assert _finding(_policy_with(publicatiedatum="2025-04-01"), "publicatiedatum").ok
    late = _finding(_policy_with(publicatiedatum="2025-04-02"), "publicatiedatum")
    assert not late.ok and "2025-04-01" in late.detail
    assert not _finding(_policy_with(publicatiedatum=None), "publicatiedatum").ok


def test_transparency_required_elements():
    policy = fixture_policy(2026)
    results = {f.rule: f.ok for f in transparency.findings(policy)}
    assert results["fasen"] and results["kwaliteit"] and results["bereikbaarheid"]
    assert not results["wijzigingen"], "the fixture has no change list"
    assert not results["procedure"], "the fixture has no procedure chapter"
    assert not results["bijcontractering"], "the fixture has no route for new providers"


def test_transparency_revision_without_date_is_reported():
    revision = {"id": "herziening", "titel": "Herziening", "reden": "Een correctie.", "items": [{"id": "punt", "tekst": "Iets."}]}
    assert not _finding(_policy_with(revisies=[revision]), "revisies").ok
    assert _finding(_policy_with(revisies=[{**revision, "datum": "2025-06-01"}]), "revisies").ok


def test_revision_without_reason_is_rejected():
    revision = {"id": "herziening", "titel": "Herziening", "items": [{"id": "punt", "tekst": "Iets."}]}
    with pytest.raises(Exception, match="reden"):
        _policy_with(revisies=[revision])


def test_strict_transparency_turns_warnings_into_errors(tmp_path):
    from generator import load_archive
    from generator.model.errors import PolicyError

    root = synthetic_copy(tmp_path / "policies")
    assert load_archive(root).problems, "warnings only: wijkzorg 2025 has no change list"
    with pytest.raises(PolicyError, match="transparantie"):
        load_archive(root, strict=True)
