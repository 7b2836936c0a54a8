"""The site has a page per care type and year, and every generated file.

Behaviour on the synthetic archive (tests/archive/): the core's pages in-process,
and what the MkDocs adapter adds (edit links, the HTML anchors) on its one shared
build. Marked `policies`: the bundled site builds and has every real policy's pages.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import json
import re

import pytest

from generator.model.documents import ConditionGroup, SharedRef, blocks_of
from generator.render import urls
from generator.render.views import milestones


def page_html(site, uri: str) -> str:
    return (site / urls.served_path(uri) / "index.html").read_text(encoding="utf-8")


def first_heading(markdown: str) -> str:
    return next(line[2:] for line in markdown.splitlines() if line.startswith("# "))


def test_every_policy_has_its_pages_titled_after_it(synthetic, synthetic_site):
    for policy in synthetic.policies:
        pages = (urls.landing(policy), urls.full_policy(policy), urls.checklist(policy), urls.policy_changes(policy))
        for uri in pages:
            assert uri in synthetic_site.files, f"{uri} was not generated"
            # The page's own heading names the policy and its year (the navigation names every care type anyway).
            heading = first_heading(synthetic_site.files[uri])
            assert policy.name in heading and str(policy.year) in heading, (uri, heading)
        assert {synthetic_site.sources[uri] for uri in pages} == {synthetic.relative_path(policy)}


def test_site_wide_pages_and_feeds_exist(synthetic_site):
    for uri in (urls.HOME, urls.CALENDAR_PAGE, urls.CHANGES_PAGE, urls.GLOSSARY_PAGE, urls.CARE_TYPES_PAGE,
                urls.care_type_index("wijkzorg"), urls.care_type_index("kraamzorg"),
                urls.shared_section("disclaimer"), urls.shared_section("themas"), urls.shared_section("zn-digitaal")):
        assert uri in synthetic_site.files, uri
    feed = synthetic_site.files[urls.CHANGES_FEED]
    assert feed.startswith("<?xml version=") and "encoding='utf-8'" in feed.splitlines()[0].replace('"', "'")
    assert ET.fromstring(feed.encode("utf-8")).tag == "{http://www.w3.org/2005/Atom}feed"
    assert synthetic_site.files[urls.FEED_ALL].startswith(b"BEGIN:VCALENDAR\r\n")


def test_open_data_index_lists_every_published_policy(synthetic, synthetic_site):
    index = json.loads(synthetic_site.files[urls.DATA_INDEX])
    listed = {(entry["zorgsoort"], entry["jaar"]) for entry in index["beleid"]}
    assert listed == {("wijkzorg", 2025), ("wijkzorg", 2026), ("kraamzorg", 2026)}, "the 2027 draft stays out"
    for policy in synthetic.policies:
        uri = urls.policy_json(policy)
        if policy.draft:
            assert uri not in synthetic_site.files
            continue
        document = json.loads(synthetic_site.files[uri])
        assert document["beleid"]["titel"] == policy.title


def test_permalink_anchors_exist_for_conditions_milestones_care_forms_and_routes(synthetic, synthetic_built):
    for policy in (p for p in synthetic.policies if not p.draft):
        full = page_html(synthetic_built, urls.full_policy(policy))
        for group in blocks_of(policy.chapters, ConditionGroup):
            for item in group.items:
                assert f'id="{item.id}"' in full, f"{policy.title}: condition {item.id} has no anchor"
        landing = page_html(synthetic_built, urls.landing(policy))
        for milestone in milestones(policy):
            assert f'id="{milestone.id}"' in landing, f"{policy.title}: milestone {milestone.id} has no anchor"
        for form in policy.care_forms:
            assert f'<li id="{form.id}">' in landing, f"{policy.title}: care form {form.id} has no anchor"
        for route in policy.routes:
            assert f'<li id="{route.id}">' in landing, f"{policy.title}: route {route.id} has no anchor"


def test_edit_links_point_at_the_yaml_source(synthetic, synthetic_built):
    """The adapter turns the core's page sources into the footer's edit link for editors
    (Material's edit pencil is off: it sat in the providers' way)."""
    for policy in (p for p in synthetic.policies if not p.draft):
        html = page_html(synthetic_built, urls.landing(policy))
        assert "md-content__button" not in html
        edit = re.findall(r'<a class="cq-edit" href="([^"]+)"', html)
        path = "policies/" + synthetic.relative_path(policy).split("/", 1)[1]
        assert edit and edit[0].endswith("/" + path), f"{policy.title}: edit link {edit} does not open {path}"


def test_open_data_policy_carries_exactly_the_shared_sections_it_uses(synthetic, synthetic_site):
    for policy in (p for p in synthetic.policies if not p.draft):
        expected, todo = set(), [(r.section, r.version) for r in blocks_of(policy.chapters, SharedRef)]
        while todo:  # shared sections may embed other shared sections
            key = todo.pop()
            if key not in expected:
                expected.add(key)
                todo += [(r.section, r.version) for r in blocks_of([synthetic.shared[key]], SharedRef)]
        document = json.loads(synthetic_site.files[urls.policy_json(policy)])
        assert set(document["gedeeld"]) == {f"{s}@{v}" for s, v in expected}, policy.title
    wijkzorg = json.loads(synthetic_site.files["data/wijkzorg-2026.json"])
    assert set(wijkzorg["gedeeld"]) == {"themas@2026", "zn-digitaal@2026", "disclaimer@2026"}, "nested sections included"


@pytest.mark.policies
def test_the_bundled_site_has_every_real_policys_pages_and_data(built_site, archive):
    for policy in archive.policies:
        for uri in (urls.landing(policy), urls.full_policy(policy), urls.checklist(policy), urls.policy_changes(policy)):
            assert (built_site / urls.served_path(uri) / "index.html").exists(), f"{uri} was not built"
    for uri in (urls.HOME, urls.CALENDAR_PAGE, urls.CHANGES_PAGE, urls.GLOSSARY_PAGE, urls.CARE_TYPES_PAGE):
        assert (built_site / urls.served_path(uri) / "index.html").exists(), uri
    index = json.loads((built_site / urls.DATA_INDEX).read_text(encoding="utf-8"))
    assert {(e["zorgsoort"], e["jaar"]) for e in index["beleid"]} == {(p.care_type, p.year) for p in archive.policies if not p.draft}
