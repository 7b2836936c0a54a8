"""`python -m generator new-care-type` (`nieuwe-zorgsoort`): the first policy of a care type.

In a copy of the project: the command writes a draft that `check` accepts without an error,
whose remaining warnings name exactly what the NZa still asks; published, the care type is on
the home page, in the Inkoopkalender and in the iCal feeds of a strict build. Also the
explicit fields the transparency rules read instead of guessing from ids or the archive.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import SYNTHETIC, build_site_into, project_copy, synthetic_copy
from generator import load_archive
from generator.check.transparency import RULES, findings
from generator.model.documents import Block, Chapter, Policy, PolicyStatus, Route, SharedRef, SharedSection, Timeline
from generator.model.errors import Severity
from generator.render import urls
from generator.tools.care_type import policy_text, slug_for
from generator.tools.cli import main

STATUS = Policy.yaml_key("status")
FIRST_YEAR = Policy.yaml_key("first_year")


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def warnings_for(policies: Path, relative: str) -> list[str]:
    archive = load_archive(policies)
    assert not [p for p in archive.problems if p.severity == Severity.error], archive.problems
    return sorted(p.message for p in archive.problems if p.path.endswith(relative))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A project copy with a new care type made by the command, asked for its name and year."""
    copy = project_copy(tmp_path_factory.mktemp("newtype"))
    result = run("new-care-type", "--policies", str(copy / "policies"), input="Mondzorg\n2027\n")
    assert result.exit_code == 0, result.output
    assert "sleutel (mapnaam): mondzorg" in result.output
    return copy


def test_the_draft_passes_check_and_its_warnings_name_what_is_missing(project):
    target = project / "policies" / "zorgsoorten" / "mondzorg" / "2027.yaml"
    assert target.exists()
    result = run("check", str(project / "policies"))
    assert result.exit_code == 0, result.output
    assert "mondzorg/2027.yaml" in result.output and ": fout:" not in result.output
    messages = warnings_for(project / "policies", "zorgsoorten/mondzorg/2027.yaml")
    # A first year needs no change list, and the timeline already has two steps.
    assert len(messages) == 4, messages
    assert not any("wijzigingen" in m or "fasen" in m for m in messages)
    assert any("gepubliceerd vóór 1 april" in m for m in messages)
    assert any("nieuwe zorgaanbieders" in m for m in messages)
    policy = next(p for p in load_archive(project / "policies").policies if p.care_type == "mondzorg")
    assert (policy.name, policy.year, policy.status, policy.first_year) == ("Mondzorg", 2027, PolicyStatus.draft, True)


def test_the_file_says_what_to_fill_in(project):
    text = (project / "policies" / "zorgsoorten" / "mondzorg" / "2027.yaml").read_text(encoding="utf-8")
    todo = [line for line in text.splitlines() if "VUL IN" in line]
    assert len(todo) >= 5
    assert all(line.lstrip().startswith("#") for line in todo)
    assert f"{Route.yaml_key('new_providers')}: true" in text  # how to mark the new-provider route


def test_published_it_is_on_the_home_page_in_the_calendar_and_the_feeds(project, tmp_path):
    target = project / "policies" / "zorgsoorten" / "mondzorg" / "2027.yaml"
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace(f"\n{STATUS}: {PolicyStatus.draft.value}\n", f"\n{STATUS}: {PolicyStatus.published.value}\n"),
                      encoding="utf-8")
    try:
        site = build_site_into(tmp_path / "site", project / "mkdocs.yml", strict=True)
    finally:
        target.write_text(text, encoding="utf-8")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="[^"]*zorgsoorten/mondzorg/[^"]*"', home), "not on the home page"
    calendar = (site / "inkoopkalender" / "index.html").read_text(encoding="utf-8")
    assert "Publicatie van het inkoopbeleid" in calendar and "Mondzorg" in calendar
    for feed in (urls.feed_care_type("mondzorg"), urls.FEED_ALL):
        ics = (site / feed).read_text(encoding="utf-8")
        assert "Ingang van de zorgovereenkomsten" in ics.replace("\r\n ", ""), feed
    atom = (site / urls.CHANGES_FEED).read_text(encoding="utf-8")
    assert "<title>Mondzorg 2027: beleid gepubliceerd</title>" in atom


def test_nieuwe_zorgsoort_is_the_same_command_and_refuses_an_existing_care_type(tmp_path):
    policies = synthetic_copy(tmp_path / "policies")
    existing = sorted(p.name for p in (policies / "zorgsoorten").iterdir())[0]
    result = run("nieuwe-zorgsoort", existing, "--naam", "Iets", "--jaar", "2030", "--policies", str(policies))
    assert result.exit_code == 1
    assert "bestaat al" in result.output and f"new-year {existing} 2030" in result.output
    result = run("nieuwe-zorgsoort", "Geen Sleutel", "--naam", "Iets", "--jaar", "2030", "--policies", str(policies))
    assert result.exit_code == 1 and "kan geen sleutel zijn" in result.output
    assert not (policies / "zorgsoorten" / "Geen Sleutel").exists()


@pytest.mark.parametrize("name", ["Zorg: \"extra\" # 1", "Eerstelijnsverblijf (ELV)", "'s Nachts", "Ja"])
def test_any_name_is_written_as_text(name):
    data = yaml.safe_load(policy_text("zorg", name, 2028))
    policy = Policy.model_validate(data)
    assert policy.name == name and policy.title == f"Inkoopbeleid {name} 2028"


def test_the_key_proposed_for_a_name():
    assert slug_for("Mondzorg & Tandheelkunde") == "mondzorg-tandheelkunde"
    assert slug_for("Geriatrische revalidatiezorg (GRZ)") == "geriatrische-revalidatiezorg-grz"
    assert slug_for("Zorg voor één cliënt") == "zorg-voor-een-client"
    assert slug_for("2e lijn") == "e-lijn"


# --------------------------------------------------------------------------- the explicit fields


def scaffold_policy(**changes) -> Policy:
    data = yaml.safe_load(policy_text("zorg", "Zorg", 2028))
    data.update(changes)
    return Policy.model_validate(data)


def hint(rule_id: str, policy: Policy) -> str:
    return next(rule for rule in RULES if rule.id == rule_id).hint(policy)


def holds(rule_id: str, policy: Policy) -> bool:
    return next(f for f in findings(policy) if f.rule == rule_id).ok


def test_the_new_provider_route_is_the_one_marked_whatever_its_id():
    marked = {"id": "aanvraag-hele-jaar", "naam": "Aanvraag", Route.yaml_key("new_providers"): True}
    assert holds("bijcontractering", scaffold_policy(routes=[marked]))
    # An id that sounds right is not enough any more.
    unmarked = scaffold_policy(routes=[{"id": "nieuwe-zorgaanbieders", "naam": "Nieuw"}])
    assert not holds("bijcontractering", unmarked)
    assert "nieuwe-zorgaanbieders" in hint("bijcontractering", unmarked)
    assert Route.yaml_key("new_providers") in hint("bijcontractering", unmarked)


def test_a_timeline_of_one_step_is_told_it_needs_a_second():
    policy = scaffold_policy()
    assert holds("fasen", policy)
    data = policy.model_dump(by_alias=True, exclude_none=True)
    content = data[Policy.yaml_key("chapters")][0][Chapter.yaml_key("content")]
    timeline = content[0][Block.yaml_key("timeline")]
    timeline[Timeline.yaml_key("milestones")] = timeline[Timeline.yaml_key("milestones")][:1]
    one_step = Policy.model_validate(data)
    assert not holds("fasen", one_step)
    assert "maar één stap" in hint("fasen", one_step) and "tijdlijn-2028" in hint("fasen", one_step)
    content[:] = [{Block.yaml_key("text"): "Geen tijdlijn."}]
    assert "voeg een 'tijdlijn' toe" in hint("fasen", Policy.model_validate(data))


def test_a_first_contract_year_needs_no_changes_but_a_later_year_does():
    assert holds("wijzigingen", scaffold_policy())
    later = scaffold_policy(**{FIRST_YEAR: None})
    assert not holds("wijzigingen", later)
    assert FIRST_YEAR in hint("wijzigingen", later)


def test_a_first_year_with_an_earlier_year_in_the_archive_is_warned(tmp_path):
    policies = synthetic_copy(tmp_path / "policies")
    folder = next(f for f in sorted((policies / "zorgsoorten").iterdir()) if len(list(f.glob("*.yaml"))) > 1)
    latest = sorted(folder.glob("*.yaml"))[-1]
    text = latest.read_text(encoding="utf-8")
    latest.write_text(re.sub(rf"(?m)^({Policy.yaml_key('year')}: .*)$", rf"\1\n{FIRST_YEAR}: true", text, count=1), encoding="utf-8")
    messages = [p for p in load_archive(policies).problems if FIRST_YEAR in p.message]
    assert len(messages) == 1 and messages[0].path.endswith(latest.name)
    assert "maar er is al beleid voor" in messages[0].message


def test_new_year_does_not_carry_the_first_year_over(project, tmp_path):
    policies = tmp_path / "policies"
    shutil.copytree(project / "policies", policies)
    result = run("new-year", "mondzorg", "2028", "--policies", str(policies))
    assert result.exit_code == 0, result.output
    copy = yaml.safe_load((policies / "zorgsoorten" / "mondzorg" / "2028.yaml").read_text(encoding="utf-8"))
    assert FIRST_YEAR not in copy
    assert any("wijzigingen" in m for m in warnings_for(policies, "zorgsoorten/mondzorg/2028.yaml"))


# --------------------------------------------------------------------------- who uses a shared text


def expected_users(root: Path) -> dict[tuple[str, str], set[str]]:
    """(section, version) -> "<name> <year>" of every policy that reaches it, read from the YAML itself."""
    ref_key = Block.yaml_key("shared")

    def refs(data) -> list[tuple[str, str]]:
        found = []
        if isinstance(data, dict):
            for key, value in data.items():
                if key == ref_key:
                    found.append((value[SharedRef.yaml_key("section")], str(value[SharedRef.yaml_key("version")])))
                else:
                    found += refs(value)
        elif isinstance(data, list):
            for value in data:
                found += refs(value)
        return found

    shared = {(f.parent.name, f.stem): yaml.safe_load(f.read_text(encoding="utf-8"))
              for f in (root / "gedeeld").glob("*/*.yaml")}
    users: dict[tuple[str, str], set[str]] = {key: set() for key in shared}
    for file in (root / "zorgsoorten").glob("*/*.yaml"):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        todo, seen = refs(data), set()
        while todo:
            key = todo.pop()
            if key not in seen:
                seen.add(key)
                todo += refs(shared[key])
        for key in seen:
            users[key].add(f"{data[Policy.yaml_key('name')]} {data[Policy.yaml_key('year')]}")
    return users


def linked_names(html: str) -> set[str]:
    return set(re.findall(r"<a href=\"[^\"]+\">([^<]+)</a>", html))


def test_each_shared_version_names_the_policies_that_use_it(synthetic_site):
    expected = expected_users(SYNTHETIC)
    assert any(len(names) > 1 for names in expected.values())  # the same version in more than one policy
    for section in {section for section, _ in expected}:
        page = synthetic_site.files[urls.shared_section(section)]
        parts = re.split(r"(?m)^## Versie .*\{ #versie-(\S+) \}$", page)
        found = {version: re.search(r'<p class="cq-used-by">(.*?)</p>', body).group(1)
                 for version, body in zip(parts[1::2], parts[2::2])}
        for (s, version), names in expected.items():
            if s == section:
                assert linked_names(found[version]) == names, (section, version, found[version])


def test_the_check_page_lists_every_shared_version_with_its_policies(synthetic_site):
    page = synthetic_site.files[urls.CHECK_PAGE]
    rows = re.findall(r'<li><a href="[^"]*gedeeld/([^/]+)/#versie-([^"]+)">[^<]*</a>: (.*)</li>', page)
    assert {(section, version): linked_names(html) for section, version, html in rows} == expected_users(SYNTHETIC)
    # A draft is named as one (the synthetic kraamzorg 2027 is a concept).
    assert any("(concept)" in html for _, _, html in rows) == any(
        "Kraamzorg 2027" in names for names in expected_users(SYNTHETIC).values())


def test_a_version_no_policy_uses_says_so(tmp_path):
    from generator import SiteOptions, build_site

    policies = synthetic_copy(tmp_path / "policies")
    folder = policies / "gedeeld" / "disclaimer"
    newest = sorted(folder.glob("*.yaml"))[-1]
    version = f'{SharedSection.yaml_key("version")}: '
    (folder / "2099.yaml").write_text(re.sub(rf"(?m)^{version}.*$", f'{version}"2099"', newest.read_text(encoding="utf-8")),
                                      encoding="utf-8")
    site = build_site(load_archive(policies), SiteOptions(base_url="https://proef.example.test/"))
    page = site.files[urls.shared_section("disclaimer")]
    newest = page.split("{ #versie-2099 }", 1)[1].split("## Versie", 1)[0]
    assert "Geen beleid op deze site gebruikt deze versie." in newest
    assert re.search(r'#versie-2099">[^<]*</a>: door geen beleid gebruikt</li>', site.files[urls.CHECK_PAGE])
