"""`check --against REF`: a published milestone keeps its history (NZa art. 7).

Each test makes a small git repository with the valid corpus policy of
tests/malformed/basis, commits it as the reference, edits the working copy as
an editor would in a pull request, and runs `check --against HEAD` in-process.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import POLICIES, ROOT
from generator.check.history import history_problems
from generator.load import read_archive
from generator.model.documents import Policy
from generator.outputs import build_site
from generator.outputs.changes import revision_moves
from generator.render import urls
from generator.render.context import SiteOptions
from generator.tools.cli import main

BASIS = ROOT / "tests" / "malformed" / "basis" / "beleid.yaml"
POLICY = Path("policies/zorgsoorten/proef/2026.yaml")
PROBLEM = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>fout|waarschuwing): (?P<message>.+?) — (?P<hint>.+)$")

MOVED = "              wanneer: 15 november 2025\n              datum: 2025-11-15\n"
ORIGINAL = "              wanneer: 8 november 2025\n              datum: 2025-11-08\n"
NEW_REVISION = """  - id: herziening-oktober
    datum: 2025-10-01
    reden: Het portaal van VECOZO lag een week stil.
    titel: Tekendatum opnieuw verschoven
    items:
      - id: tekendatum-weer-later
        tekst: De uiterste tekendatum is 15 november 2025 geworden.
        betreft: [uiterste-tekendatum]
hoofdstukken:
"""
SECOND_EARLIER = """                  revisie: herziening-juni
                - datum: 2025-11-08
                  wanneer: 8 november 2025
                  revisie: herziening-oktober
"""


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, timeout=60)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    """A repository whose last commit holds a small, valid, published policy folder."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    policies = repo / "policies"
    for name in ("organisatie.yaml", "begrippen.yaml", "gedeeld/disclaimer/2026.yaml"):
        (policies / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(POLICIES / name, policies / name)
    (repo / POLICY).parent.mkdir(parents=True)
    shutil.copy2(BASIS, repo / POLICY)
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "test@example.org")
    _git(repo, "config", "user.name", "Test")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "gepubliceerd")
    monkeypatch.chdir(repo)
    return repo


def edit(repo: Path, *replacements: tuple[str, str], path: Path = POLICY) -> str:
    text = (repo / path).read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    (repo / path).write_text(text, encoding="utf-8")
    return text


def line_of(text: str, fragment: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1) if fragment in line)


def run(*args: str):
    result = CliRunner().invoke(main, ["check", *args], catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def problems(output: str) -> list[re.Match]:
    return [m for m in map(PROBLEM.match, output.splitlines()) if m]


def test_unchanged_policies_pass(repo):
    result = run("--against", "HEAD", "policies")
    assert result.exit_code == 0, result.output
    assert problems(result.output) == []


def test_moved_date_without_earlier_entry_is_an_error_on_the_date(repo):
    text = edit(repo, (ORIGINAL, MOVED))
    result = run("--against", "HEAD", "policies")
    assert result.exit_code == 2, result.output
    [error] = [m for m in problems(result.output) if m["severity"] == "fout"]
    assert error["path"] == POLICY.as_posix()
    line = line_of(text, "datum: 2025-11-15")
    assert int(error["line"]) == line
    assert int(error["col"]) == text.splitlines()[line - 1].index("2025-11-15") + 1
    assert "oude datum staat niet onder 'eerder'" in error["message"]
    assert "datum: 2025-11-08" in error["hint"] and "wanneer: 8 november 2025" in error["hint"]


def test_without_against_the_moved_date_passes(repo):
    """The rule needs the reference: a plain check cannot know the old date."""
    edit(repo, (ORIGINAL, MOVED))
    assert run("policies").exit_code == 0


def _move_with_earlier(repo: Path) -> str:
    return edit(repo, (ORIGINAL, MOVED), ("hoofdstukken:\n", NEW_REVISION), ("                  revisie: herziening-juni\n", SECOND_EARLIER))


def test_moved_date_with_earlier_entry_raises_sequence_and_shows_on_the_changes_page(repo):
    before = read_archive(repo / "policies")
    _move_with_earlier(repo)
    result = run("--against", "HEAD", "policies")
    assert result.exit_code == 0, result.output

    def built(archive):
        return build_site(archive, SiteOptions(base_url="https://example.org/")).files

    policy_before = before.policies[0]
    after = read_archive(repo / "policies")
    policy = after.policies[0]
    old_feed, new_feed = (built(a)[urls.single_event(p, "uiterste-tekendatum")].decode()
                          for a, p in ((before, policy_before), (after, policy)))
    assert "SEQUENCE:1\r\n" in old_feed
    assert "SEQUENCE:2\r\n" in new_feed
    page = built(after)[urls.policy_changes(policy)]
    # Each revision shows the date it set, not today's date for both.
    juni = page.split('id="herziening-juni"')[1].split('id="herziening-oktober"')[0]
    oktober = page.split('id="herziening-oktober"')[1]
    assert "Uiterste tekendatum zorgovereenkomst: 1 november 2025 → 8 november 2025" in juni
    assert "Uiterste tekendatum zorgovereenkomst: 8 november 2025 → 15 november 2025" in oktober
    assert "1 november 2025 → 15 november 2025" not in page


def test_each_revision_shows_the_date_it_set():
    data = yaml.safe_load(BASIS.read_text(encoding="utf-8"))
    data["revisies"].append(yaml.safe_load(NEW_REVISION.removesuffix("hoofdstukken:\n"))[0])
    milestone = data["hoofdstukken"][-1]["inhoud"][0]["tijdlijn"]["mijlpalen"][-1]
    milestone.update(datum="2025-11-15", wanneer="15 november 2025")
    milestone["eerder"].append({"datum": "2025-11-08", "wanneer": "8 november 2025", "revisie": "herziening-oktober"})
    policy = Policy.model_validate(data)
    assert revision_moves(policy, "herziening-juni") == ["Uiterste tekendatum zorgovereenkomst: 1 november 2025 → 8 november 2025"]
    assert revision_moves(policy, "herziening-oktober") == ["Uiterste tekendatum zorgovereenkomst: 8 november 2025 → 15 november 2025"]


def test_earlier_entry_needs_the_old_wording(repo):
    text = _move_with_earlier(repo)
    text = edit(repo, ("                  wanneer: 8 november 2025\n                  revisie: herziening-oktober",
                       "                  wanneer: begin november 2025\n                  revisie: herziening-oktober"))
    result = run("--against", "HEAD", "policies")
    assert result.exit_code == 2, result.output
    [error] = problems(result.output)
    assert int(error["line"]) == line_of(text, "wanneer: begin november 2025")
    assert "mist de oude formulering" in error["message"] and "wanneer: 8 november 2025" in error["hint"]


def test_moved_window_without_earlier_entry_is_an_error(repo):
    text = edit(repo, ("venster: {van: 2025-09-01, tot: 2025-09-10}", "venster: {van: 2025-09-11, tot: 2025-09-20}"),
                ("wanneer: Begin september 2025", "wanneer: Half september 2025"))
    result = run("--against", "HEAD", "policies")
    assert result.exit_code == 2, result.output
    [error] = problems(result.output)
    assert int(error["line"]) == line_of(text, "venster: {van: 2025-09-11")
    assert "venster: 2025-09-01 tot 2025-09-10" in error["hint"]


def test_new_revision_without_a_date_is_an_error(repo):
    text = _move_with_earlier(repo)
    text = edit(repo, ("  - id: herziening-oktober\n    datum: 2025-10-01\n", "  - id: herziening-oktober\n"))
    result = run("--against", "HEAD", "policies")
    assert result.exit_code == 2, result.output
    errors = [m for m in problems(result.output) if m["severity"] == "fout"]
    assert [(int(m["line"]), m["message"]) for m in errors] == [
        (line_of(text, "- id: herziening-oktober"), "de revisie 'herziening-oktober' heeft geen datum")]


REMOVED = """            - id: uiterste-tekendatum
              stap: Uiterste tekendatum zorgovereenkomst
              wanneer: 8 november 2025
              datum: 2025-11-08
              betekenis: uiterlijk
              soort: ondertekening
              eerder:
                - datum: 2025-11-01
                  wanneer: 1 november 2025
                  revisie: herziening-juni
"""


def test_removed_milestone_is_an_error_cancelled_one_is_not(repo):
    text = edit(repo, (REMOVED, ""), ("betreft: [uiterste-tekendatum]", "betreft: [planning-zorginkoop]"))
    result = run("--against", "HEAD", "policies")
    assert result.exit_code == 2, result.output
    [error] = problems(result.output)
    assert int(error["line"]) == line_of(text, "mijlpalen:")
    assert "'uiterste-tekendatum'" in error["message"] and "is verwijderd" in error["message"]
    assert "vervallen" in error["hint"]

    (repo / POLICY).write_text(BASIS.read_text(encoding="utf-8"), encoding="utf-8")
    edit(repo, ("                  revisie: herziening-juni\n",
                "                  revisie: herziening-juni\n              vervallen:\n"
                "                datum: 2025-06-01\n                reden: Het tekenen gaat voortaan met de aanbieding mee.\n"))
    result = run("--against", "HEAD", "policies")
    assert result.exit_code == 0, result.output


def test_history_may_not_shrink(repo):
    text = edit(repo, ("                - datum: 2025-11-01\n                  wanneer: 1 november 2025\n"
                       "                  revisie: herziening-juni\n", ""),
                ("              eerder:\n", ""))
    result = run("--against", "HEAD", "policies")
    assert result.exit_code == 2, result.output
    [error] = problems(result.output)
    assert "onder 'eerder' is gewijzigd of weggehaald" in error["message"]
    assert int(error["line"]) == line_of(text, "- id: uiterste-tekendatum")


def test_drafts_and_new_policies_may_change_freely(repo):
    edit(repo, ("jaar: 2026\n", "jaar: 2026\nstatus: concept\n"))
    _git(repo, "commit", "-q", "-am", "concept")
    edit(repo, (REMOVED, ""), ("betreft: [uiterste-tekendatum]", "betreft: [planning-zorginkoop]"),
         ("venster: {van: 2025-09-01, tot: 2025-09-10}", "venster: {van: 2025-09-11, tot: 2025-09-20}"))
    assert run("--against", "HEAD", "policies").exit_code == 0
    published = run("--against", "HEAD~1", "policies")  # the published version may not silently become a draft
    assert published.exit_code == 2
    [error] = problems(published.output)
    assert "is teruggezet naar 'concept'" in error["message"] and int(error["line"]) == line_of(
        (repo / POLICY).read_text(encoding="utf-8"), "status: concept")

    new = repo / "policies" / "zorgsoorten" / "nieuw" / "2026.yaml"
    new.parent.mkdir()
    new.write_text(BASIS.read_text(encoding="utf-8").replace("zorgsoort: proef", "zorgsoort: nieuw"), encoding="utf-8")
    assert history_problems(read_archive(repo / "policies"), read_archive(repo / "policies")) == []
    result = run("--against", "HEAD", "policies")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("ref, fragment", [
    ("bestaat-niet", "'bestaat-niet' is geen bekende git-versie"),
    ("--output=/tmp/x", "is geen git-versie"),
])
def test_unknown_reference_is_a_dutch_message(repo, ref, fragment):
    result = CliRunner().invoke(main, ["check", f"--against={ref}", "policies"])
    assert result.exit_code == 2
    assert fragment in result.output and "Traceback" not in result.output


def test_outside_a_repository_is_a_dutch_message(tmp_path, monkeypatch):
    copy = tmp_path / "los" / "policies"
    for name in ("organisatie.yaml", "begrippen.yaml", "gedeeld/disclaimer/2026.yaml"):
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(POLICIES / name, copy / name)
    monkeypatch.chdir(copy.parent)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = CliRunner().invoke(main, ["check", "--against", "HEAD", "policies"])
    assert result.exit_code == 2
    assert "staat niet in een git-repository" in result.output and "Traceback" not in result.output


def test_warnings_only_for_changed_files_and_the_rest_as_one_line(repo):
    other = repo / "policies" / "zorgsoorten" / "ander" / "2026.yaml"
    other.parent.mkdir()
    other.write_text(BASIS.read_text(encoding="utf-8").replace("zorgsoort: proef", "zorgsoort: ander")
                     .replace("publicatiedatum: 2025-03-28\n", ""), encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "ander")
    plain = run("policies")
    assert [m["path"] for m in problems(plain.output)] == ["policies/zorgsoorten/ander/2026.yaml"]

    edit(repo, ("titel: Inkoopbeleid Proefzorg 2026\n", "titel: Inkoopbeleid Proefzorg 2026 (herzien)\n"))
    result = run("--against", "HEAD", "policies")
    assert result.exit_code == 0, result.output
    assert problems(result.output) == []
    assert "nog 1 waarschuwing(en) in bestanden die sinds HEAD niet veranderd zijn" in result.output
    assert "1 waarschuwing(en)" in result.output.splitlines()[-1]

    edit(repo, ("naam: Proefzorg\n", "naam: Andere zorg\n"), path=other.relative_to(repo))
    result = run("--against", "HEAD", "policies")
    assert [m["path"] for m in problems(result.output)] == ["policies/zorgsoorten/ander/2026.yaml"]
    assert "niet veranderd zijn" not in result.output


def test_strict_is_the_english_name_of_streng(repo):
    edit(repo, ("publicatiedatum: 2025-03-28\n", ""))
    for flag in ("--streng", "--strict"):
        result = run(flag, "--against", "HEAD", "policies")
        assert result.exit_code == 2, result.output
        assert any("transparantie" in m["message"] and m["severity"] == "fout" for m in problems(result.output))
    assert run("--against", "HEAD", "policies").exit_code == 0


def test_summary_needs_against(repo):
    result = CliRunner().invoke(main, ["check", "--summary", "policies"])
    assert result.exit_code == 2 and "--summary werkt alleen samen met --against" in result.output


def test_pull_requests_are_checked_against_their_base():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0, "the base branch must be in the clone"
    step = next(s for s in steps if "generator check" in s.get("run", ""))
    assert step["env"]["BASE"] == "origin/${{ github.base_ref }}"
    assert re.search(r'--against "\$BASE" --summary', step["run"])
    assert "pull_request" in step["run"]
