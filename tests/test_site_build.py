"""The bundled site builds, with a page per care type and year, and every generated file."""

from __future__ import annotations

import json

from generator.render import urls


def test_every_policy_has_its_pages(built_site, archive):
    for policy in archive.policies:
        for uri in (urls.landing(policy), urls.full_policy(policy), urls.checklist(policy), urls.policy_changes(policy)):
            page = built_site / urls.served_path(uri) / "index.html"
            assert page.exists(), f"{uri} was not built"
            assert policy.name in page.read_text(encoding="utf-8")


def test_site_wide_pages_exist(built_site):
    for uri in (urls.HOME, urls.CALENDAR_PAGE, urls.CHANGES_PAGE, urls.GLOSSARY_PAGE, urls.CARE_TYPES_PAGE):
        assert (built_site / urls.served_path(uri) / "index.html").exists(), uri
    assert (built_site / urls.CHANGES_FEED).exists()
    assert (built_site / urls.FEED_ALL).read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def test_open_data_index_lists_every_published_policy(built_site, archive):
    index = json.loads((built_site / urls.DATA_INDEX).read_text(encoding="utf-8"))
    listed = {(entry["zorgsoort"], entry["jaar"]) for entry in index["beleid"]}
    assert listed == {(p.care_type, p.year) for p in archive.policies if not p.draft}
    for policy in archive.policies:
        document = json.loads((built_site / urls.policy_json(policy)).read_text(encoding="utf-8"))
        assert document["beleid"]["titel"] == policy.title


def test_permalink_anchors_exist_for_conditions_and_milestones(built_site, archive):
    from generator.model.documents import ConditionGroup, blocks_of
    from generator.render.views import milestones

    for policy in archive.policies:
        full = (built_site / urls.served_path(urls.full_policy(policy)) / "index.html").read_text(encoding="utf-8")
        for group in blocks_of(policy.chapters, ConditionGroup):
            for item in group.items:
                assert f'id="{item.id}"' in full, f"{policy.title}: condition {item.id} has no anchor"
        landing = (built_site / urls.served_path(urls.landing(policy)) / "index.html").read_text(encoding="utf-8")
        for milestone in milestones(policy):
            assert f'id="{milestone.id}"' in landing, f"{policy.title}: milestone {milestone.id} has no anchor"


def test_edit_links_point_at_the_yaml_source(built_site, archive):
    for policy in archive.policies:
        html = (built_site / urls.served_path(urls.landing(policy)) / "index.html").read_text(encoding="utf-8")
        assert archive.relative_path(policy) in html, f"{policy.title}: no edit link to its YAML"


def test_sub_care_types_and_routes_have_permalink_anchors(built_site, archive):
    for policy in archive.policies:
        landing = (built_site / urls.served_path(urls.landing(policy)) / "index.html").read_text(encoding="utf-8")
        for form in policy.care_forms:
            assert f'<li id="{form.id}">' in landing, f"{policy.title}: care form {form.id} has no anchor"
        for route in policy.routes:
            assert f'<li id="{route.id}">' in landing, f"{policy.title}: route {route.id} has no anchor"


def test_open_data_policy_carries_exactly_the_shared_sections_it_uses(built_site, archive):
    from generator.model.documents import SharedRef, blocks_of

    for policy in archive.policies:
        expected, todo = set(), [(r.section, r.version) for r in blocks_of(policy.chapters, SharedRef)]
        while todo:  # shared sections may embed other shared sections
            key = todo.pop()
            if key not in expected:
                expected.add(key)
                todo += [(r.section, r.version) for r in blocks_of([archive.shared[key]], SharedRef)]
        document = json.loads((built_site / urls.policy_json(policy)).read_text(encoding="utf-8"))
        assert set(document["gedeeld"]) == {f"{s}@{v}" for s, v in expected}, policy.title
