"""Every internal link and anchor in the built site resolves (generator/linkcheck.py).

Covers pages, heading anchors, the permalinks of conditions and milestones, the
feeds (.ics, .atom) and open data (.json), also where the site names them by
its full address (subscribe links, canonical links, the sitemap, the feeds
themselves). External links are listed, not fetched: CI has no network.

The site-wide checks run on the synthetic archive's build and, marked
`policies`, on the bundled site; the checker's own tests use the synthetic build.
"""

from __future__ import annotations

import shutil

import pytest

from conftest import ROOT
from generator.model.documents import ConditionGroup, blocks_of
from generator.render import urls
from generator.render.views import milestones
from generator.tools import linkcheck


@pytest.fixture(scope="module")
def site_url() -> str:
    from mkdocs.config import load_config

    return load_config(str(ROOT / "mkdocs.yml")).site_url


# The site each site-wide test runs on, and how many links it has at least.
SITES = [pytest.param(("synthetic_built", "synthetic", 300), id="synthetic"),
         pytest.param(("built_site", "archive", 1000), id="policies", marks=pytest.mark.policies)]


@pytest.fixture(scope="module", params=SITES)
def checked(request, site_url):
    """(site folder, its archive, its link report, the least number of links it has)."""
    site_name, archive_name, least = request.param
    site = request.getfixturevalue(site_name)
    return site, request.getfixturevalue(archive_name), linkcheck.check_site(site, site_url), least


@pytest.fixture(scope="module")
def report(checked) -> linkcheck.LinkReport:
    return checked[2]


def page_file(uri: str) -> str:
    """The HTML file a generated page ends up in, as the checker names it."""
    served = urls.served_path(uri)
    return served + "index.html" if served.endswith("/") or not served else served


def test_the_site_has_no_broken_internal_link(checked, report):
    assert report.checked > checked[3], "the checker found suspiciously few links"
    assert report.ok, f"{len(report.broken)} broken links:\n" + "\n".join(map(str, report.broken))


def test_external_links_are_listed_not_failed(report):
    assert "https://github.com/caresq/zorginkoopbeleid" in report.external
    assert any(url.startswith("mailto:") for url in report.external)
    assert any(url.startswith("tel:") for url in report.external)
    assert not any(url.startswith("webcal://caresq.github.io/") for url in report.external), \
        "subscribe links to our own feeds are internal and must be checked"


def test_condition_and_milestone_permalinks_are_linked_and_resolve(checked, report):
    """The checklist links every condition, the calendar every milestone: each link reached its anchor."""
    unreached = []
    for policy in (p for p in checked[1].policies if not p.draft):
        full = page_file(urls.full_policy(policy))
        landing = page_file(urls.landing(policy))
        for group in blocks_of(policy.chapters, ConditionGroup):
            unreached += [f"{full}#{c.id}" for c in group.items if (full, c.id) not in report.targets]
        unreached += [f"{landing}#{m.id}" for m in milestones(policy) if (landing, m.id) not in report.targets]
    assert not unreached, "permalinks no page links to (or that do not resolve):\n" + "\n".join(unreached)


def test_every_feed_and_data_file_is_linked(checked, report):
    built_site = checked[0]
    reached = {target for target, _ in report.targets}
    files = [p.relative_to(built_site).as_posix() for p in built_site.rglob("*")
             if p.suffix in (".ics", ".atom") or (p.suffix == ".json" and p.parent.name == "data"
                                                   and not p.name.endswith(".schema.json"))]
    assert files
    assert not [f for f in files if f not in reached], "feeds or data files nothing links to"


# --------------------------------------------------------------------------- the checker itself


@pytest.fixture(scope="module")
def planted_site(synthetic_built, tmp_path_factory):
    """A copy of the synthetic build with four planted mistakes on one policy page."""
    site = tmp_path_factory.mktemp("planted") / "site"
    shutil.copytree(synthetic_built, site)
    page = site / "zorgsoorten" / "wijkzorg" / "2026" / "index.html"
    html = page.read_text(encoding="utf-8")
    planted = ('<p><a id="plant-anchor" href="beleid/#bestaat-niet">x</a> <a href="../../geen-pagina/">x</a>'
               ' <a href="../../../agenda/weg.ics">x</a> <a href="javascript:alert(1)">x</a></p>')
    page.write_text(html.replace("</article>", planted + "</article>", 1), encoding="utf-8")
    return site


def test_the_checker_reports_planted_mistakes_with_page_and_element(planted_site, site_url):
    report = linkcheck.check_site(planted_site, site_url)
    found = {(b.page, b.element): b for b in report.broken}
    page = "zorgsoorten/wijkzorg/2026/index.html"
    for href, reason in (("beleid/#bestaat-niet", "heeft geen anker '#bestaat-niet'"),
                         ("../../geen-pagina/", "bestaat niet"),
                         ("../../../agenda/weg.ics", "bestaat niet"),
                         ("javascript:alert(1)", "niet toegestaan")):
        element = f'<a href="{href}">'
        assert (page, element) in found, f"{element} on {page} was not reported; got {sorted(found)}"
        assert reason in found[(page, element)].reason
        assert page in str(found[(page, element)]) and href in str(found[(page, element)])
    assert len(report.broken) == 4, "\n".join(map(str, report.broken))


def test_the_checker_checks_the_sites_own_addresses_in_feeds(planted_site, site_url):
    feed = planted_site / "feeds" / "wijzigingen.atom"
    feed.write_text(feed.read_text(encoding="utf-8").replace(
        "</feed>", f'<entry><link href="{site_url}zorgsoorten/wijkzorg/2026/#weg"/></entry></feed>'), encoding="utf-8")
    try:
        broken = [b for b in linkcheck.check_site(planted_site, site_url).broken if b.page == "feeds/wijzigingen.atom"]
        assert broken and "#weg" in broken[0].element, broken
    finally:
        feed.write_text(feed.read_text(encoding="utf-8").replace(
            f'<entry><link href="{site_url}zorgsoorten/wijkzorg/2026/#weg"/></entry>', ""), encoding="utf-8")


def test_the_command_line_prints_the_report_and_fails_on_broken_links(planted_site, synthetic_built, capsys):
    assert linkcheck.main([str(synthetic_built)]) == 0
    assert "0 kapot" in capsys.readouterr().out
    assert linkcheck.main([str(planted_site)]) == 1
    out = capsys.readouterr().out
    assert "KAPOT zorgsoorten/wijkzorg/2026/index.html:" in out and "#bestaat-niet" in out
    assert "externe links" in out


def test_a_preview_without_directory_urls_has_no_broken_link(tmp_path, site_url, synthetic_project_dir):
    """The pull-request preview is built with --no-directory-urls to open from disk."""
    from conftest import build_site_into

    site = build_site_into(tmp_path / "preview", synthetic_project_dir / "mkdocs.yml", use_directory_urls=False)
    assert (site / "zorgsoorten" / "wijkzorg" / "2026" / "beleid.html").exists()
    result = linkcheck.check_site(site, site_url)
    assert not result.broken, "\n".join(str(b) for b in result.broken[:20])
