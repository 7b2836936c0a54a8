"""Change logs: differences by stable id, shared-section versions, revisions, Atom, transparency."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
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


# --------------------------------------------------------------------------- what is not a change


def _condition(key: str, text: str) -> changes.Item:
    return changes.Item("voorwaarde", key, "Randvoorwaarden", text)


def test_a_renamed_id_with_the_same_text_is_no_change():
    old = {"agb-code": _condition("agb-code", "U heeft een AGB-code.")}
    assert changes.diff(old, {"agb": _condition("agb", "U heeft een AGB-code.")}, "2025", "2026").empty
    new_text = changes.diff(old, {"agb": _condition("agb", "U heeft een geldige AGB-code.")}, "2025", "2026")
    assert [i.id for i in new_text.added] == ["agb"] and [i.id for i in new_text.removed] == ["agb-code"], \
        "another text under another id is still a change"


def test_formatting_alone_is_no_change():
    old = {"a": _condition("a", "U bent bereikbaar van 8:00 tot 18:00.\nBuiten die tijden bent u bereikbaar voor ‘spoed’.")}
    new = {"a": _condition("a", "- U bent  bereikbaar van 8:00 tot 18:00.\n- Buiten die tijden bent u bereikbaar voor 'spoed'.")}
    assert changes.diff(old, new, "2025", "2026").empty
    worded = {"a": _condition("a", "U bent bereikbaar van 8:00 tot 17:00.")}
    assert len(changes.diff(old, worded, "2025", "2026").reworded) == 1


def test_a_renamed_chapter_with_new_wording_reads_as_reworded():
    """Not "added" and "removed" with the same title and the same first words."""
    old = {"principe-dicht-bij-de-patient": changes.Item("hoofdstuk", "principe-dicht-bij-de-patient", "Principe 3", "Zorg zo dicht mogelijk bij huis.")}
    new = {"principe-dichtbij": changes.Item("hoofdstuk", "principe-dichtbij", "Principe 3", "Zorg zo dicht mogelijk bij de patiënt.")}
    found = changes.diff(old, new, "x", "y")
    assert not found.added and not found.removed
    assert [(before.id, after.id) for before, after, _ in found.reworded] == [("principe-dicht-bij-de-patient", "principe-dichtbij")]
    conditions = changes.diff({"a": _condition("a", "U heeft een AGB-code.")}, {"b": _condition("b", "U bent bereikbaar.")}, "x", "y")
    assert len(conditions.added) == len(conditions.removed) == 1, "conditions share their group's title: no guess"


def test_chapters_without_text_are_told_apart_by_their_title():
    old = {"a": changes.Item("hoofdstuk", "a", "Voorwaarden", "")}
    assert changes.diff(old, {"b": changes.Item("hoofdstuk", "b", "Voorwaarden", "")}, "x", "y").empty
    assert not changes.diff(old, {"b": changes.Item("hoofdstuk", "b", "Planning", "")}, "x", "y").empty


def test_version_keys_read_as_words():
    assert changes.version_name("2026") == "2026"
    assert changes.version_name("2026-geboortezorg") == "2026 (geboortezorg)"
    assert changes.version_name("2026-verpleging-en-verzorging") == "2026 (verpleging en verzorging)"


AGB_2026 = "            - id: agb-code\n              tekst: U heeft een geldige AGB-code.\n"


def _edited_files(tmp_path: Path, old: str, new: str) -> dict:
    """The generated files of a copy of the synthetic archive with one edit in wijkzorg 2026."""
    from generator import SiteOptions as Options, build_site, load_archive

    root = synthetic_copy(tmp_path / "policies")
    path = root / "zorgsoorten" / "wijkzorg" / "2026.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return build_site(load_archive(root), Options(base_url=BASE_URL)).files


def _wijkzorg_2026(synthetic) -> Policy:
    return next(p for p in synthetic.policies if p.care_type == "wijkzorg" and p.year == 2026)


def _text_differences(files: dict, policy: Policy) -> str:
    return files[urls.policy_changes(policy)].split("{ #tekstverschillen }")[1]


def _disclosed_count(section: str) -> int:
    return int(section.split("<summary>Toon tekstverschillen (")[1].split(")")[0])


def test_a_renamed_id_with_identical_text_is_not_reported(synthetic, synthetic_site, tmp_path):
    policy = _wijkzorg_2026(synthetic)
    before = _text_differences(synthetic_site.files, policy)
    assert "U heeft een <ins>geldige</ins> AGB-code." in before, "the synthetic 2026 rewords the AGB condition"
    renamed = _edited_files(tmp_path, AGB_2026, "            - id: agb-registratie\n              tekst: U heeft een AGB-code.\n")
    after = _text_differences(renamed, policy)
    assert "AGB-code.<" not in after, "neither added, removed nor reworded: only its id changed"
    assert _disclosed_count(after) == _disclosed_count(before) - 1
    removed = after.split("<strong>Vervallen</strong>")[1].split("</ul>")[0]
    assert removed.count("<li>") == 1 and "U bent lid van een brancheorganisatie." in removed


def test_a_formatting_only_change_is_not_reported(synthetic, tmp_path):
    policy = _wijkzorg_2026(synthetic)
    same = _edited_files(tmp_path / "same", AGB_2026, "            - id: agb-code\n              tekst: U heeft een AGB-code.\n")
    formatted = _edited_files(tmp_path / "formatted", AGB_2026,
                              "            - id: agb-code\n              tekst: \"U  heeft een **AGB-code**.\\n\"\n")
    assert "AGB-code.<" not in _text_differences(same, policy)
    assert formatted[urls.policy_changes(policy)] == same[urls.policy_changes(policy)]
    assert formatted[urls.CHANGES_FEED] == same[urls.CHANGES_FEED]


# --------------------------------------------------------------------------- the feed and the site-wide page


def _feed_entries(files: dict) -> list[ET.Element]:
    return ET.fromstring(files[urls.CHANGES_FEED].encode("utf-8")).findall(f"{ATOM}entry")


def test_feed_has_one_entry_per_policy_and_revision_escaped_once(synthetic, synthetic_site):
    entries = _feed_entries(synthetic_site.files)
    keys = [entry.findtext(f"{ATOM}id").split(",2024:", 1)[1] for entry in entries]
    for policy in synthetic.policies:
        assert keys.count(f"zorgsoorten/{policy.care_type}/{policy.year}/wijzigingen") == 1, policy.title
        for revision in policy.revisions:
            assert keys.count(f"zorgsoorten/{policy.care_type}/{policy.year}/revisies/{revision.id}") == 1
    for entry in entries:
        content = entry.find(f"{ATOM}content")
        assert content.get("type") == "html"
        assert content.text.startswith("<") and "&lt;" not in content.text, "HTML escaped once, by the XML alone"


def test_feed_ids_do_not_depend_on_order_or_content(synthetic_site, tmp_path):
    """Renaming an id changes what an entry says, never which entries there are or their ids."""
    renamed = _edited_files(tmp_path, AGB_2026, "            - id: agb-registratie\n              tekst: U heeft een AGB-code.\n")
    ids = [entry.findtext(f"{ATOM}id") for entry in _feed_entries(synthetic_site.files)]
    assert len(ids) == len(set(ids))
    assert ids == [entry.findtext(f"{ATOM}id") for entry in _feed_entries(renamed)]


def _anchors(markdown: str) -> set[str]:
    return set(re.findall(r'\{ #([^ }]+) \}', markdown)) | set(re.findall(r' id="([^"]+)"', markdown))


def test_no_entry_is_a_dead_end(synthetic, synthetic_site):
    """Every entry, on the page and in the feed, says what changed and leads to a section that exists."""
    files = synthetic_site.files
    by_path = {urls.served_path(uri): uri for uri in files if uri.endswith(".md")}
    page = files[urls.CHANGES_PAGE]
    articles = re.findall(r'<article class="cq-change-entry".*?</article>', page, re.S)
    assert len(articles) == len(synthetic.policies) + sum(len(p.revisions) for p in synthetic.policies)
    targets = []
    for article in articles:
        href = re.search(r'<p class="cq-change-title"><a href="([^"]+)">', article).group(1)
        path, _, anchor = href.partition("#")
        targets.append((posixpath.normpath(posixpath.join(urls.served_path(urls.CHANGES_PAGE), path)) + "/", anchor))
        summary = re.search(r'<p class="cq-change-summary">(.*?)</p>', article).group(1)
        assert summary.strip() and "Zie het beleid" not in article, article
    for entry in _feed_entries(files):
        link = entry.find(f"{ATOM}link[@rel='alternate']").get("href").removeprefix(BASE_URL)
        path, _, anchor = link.partition("#")
        targets.append((path, anchor))
        assert "Zie het beleid" not in entry.findtext(f"{ATOM}content")
    for path, anchor in targets:
        assert path in by_path, path
        if anchor:
            assert anchor in _anchors(files[by_path[path]]), f"{path}#{anchor}"


def _visible_text(markdown: str) -> str:
    class Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts: list[str] = []

        def handle_data(self, data):
            self.parts.append(data)

    parser = Text()
    parser.feed(re.sub(r"\{ #[^}]*\}", "", markdown))
    return " ".join(parser.parts)


def test_change_pages_show_no_ids_or_version_keys(synthetic, synthetic_site):
    files = synthetic_site.files
    hidden = {version.version for versions in (synthetic.shared_versions(s) for s in {s for s, _ in synthetic.shared})
              for version in versions if not version.version.isdigit()}
    for policy in synthetic.policies:
        hidden |= {item.id for item in changes.chapter_items(policy.chapters) if "-" in item.id}
    for uri in [urls.CHANGES_PAGE] + [urls.policy_changes(p) for p in synthetic.policies]:
        text = _visible_text(files[uri])
        shown = sorted(key for key in hidden if re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", text))
        assert not shown, f"{uri}: {shown}"
