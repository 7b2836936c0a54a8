"""`check --against REF --summary`: what changes for providers, for the reviewer of a pull request."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import POLICIES, ROOT
from generator.load import read_archive
from generator.tools.cli import main
from generator.tools.review import review_summary

BASIS = ROOT / "tests" / "malformed" / "basis" / "beleid.yaml"
PLACE = Path("zorgsoorten/proef/2026.yaml")

# One pull request: moves a date (recorded under 'eerder'), adds a condition, rewords another.
MOVE = ("              wanneer: 8 november 2025\n              datum: 2025-11-08\n",
        "              wanneer: 15 november 2025\n              datum: 2025-11-15\n")
RECORD = ("                  revisie: herziening-juni\n",
          "                  revisie: herziening-juni\n                - datum: 2025-11-08\n"
          "                  wanneer: 8 november 2025\n                  revisie: herziening-juni\n")
ADD = ("            - id: scholing\n",
       "            - id: verzuim\n              tekst: U meldt **elk** verzuim via [het portaal](https://example.org/portaal).\n"
       "            - id: scholing\n")
REWORD = ("tekst: U heeft een geldige AGB-code.", "tekst: U heeft een geldige AGB-code voor elke vestiging.")

TABLE = """      - tabel:
          id: tarieven
          titel: Tarieven
          kolommen: [Prestatie, Tarief]
          rijen:
            - id: consult
              cellen: [Consult, "€ 40"]
"""


def folder(tmp_path: Path, name: str, text: str) -> Path:
    policies = tmp_path / name / "policies"
    for file in ("organisatie.yaml", "begrippen.yaml", "gedeeld/disclaimer/2026.yaml"):
        (policies / file).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(POLICIES / file, policies / file)
    (policies / PLACE).parent.mkdir(parents=True)
    (policies / PLACE).write_text(text, encoding="utf-8")
    return policies


def edited(text: str, *replacements: tuple[str, str]) -> str:
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def summary_of(tmp_path: Path, before: str, after: str) -> str:
    return review_summary(read_archive(folder(tmp_path, "ref", before)), read_archive(folder(tmp_path, "werk", after)), "origin/main")


def items(summary: str) -> list[str]:
    return [line for line in summary.splitlines() if line.startswith("- ")]


BASE = BASIS.read_text(encoding="utf-8")


def test_summary_lists_exactly_the_moved_date_the_added_and_the_reworded_condition(tmp_path):
    summary = summary_of(tmp_path, BASE, edited(BASE, MOVE, RECORD, ADD, REWORD))
    assert items(summary) == [
        "- Verschoven: Uiterste tekendatum zorgovereenkomst: 8 november 2025 → 15 november 2025",
        "- Nieuwe voorwaarde (Voorwaarden): U meldt elk verzuim via het portaal (https://example.org/portaal).",
        "- Voorwaarde anders verwoord (Voorwaarden): U heeft een geldige AGB-code voor elke vestiging.",
    ]
    assert "### Proefzorg 2026" in summary
    assert "`zorgsoorten/proef/2026/index.html`" in summary and "`zorgsoorten/proef/2026/wijzigingen.html`" in summary
    assert summary.index("**Datums**") < summary.index("**Voorwaarden**")


def test_summary_of_an_unchanged_archive_says_so(tmp_path):
    summary = summary_of(tmp_path, BASE, BASE)
    assert items(summary) == [] and "Niets: geen datum, voorwaarde of tabel is veranderd." in summary


def test_summary_lists_cancelled_dates_removed_conditions_and_changed_tables(tmp_path):
    before = edited(BASE, ("      - differentiatie:\n", TABLE + "      - differentiatie:\n"))
    after = edited(before,
                   ("                  revisie: herziening-juni\n",
                    "                  revisie: herziening-juni\n              vervallen:\n"
                    "                datum: 2025-06-01\n                reden: Tekenen gaat **mee** met de aanbieding.\n"),
                   ("            - id: scholing\n              tekst: Uw medewerkers volgen elk jaar scholing.\n", ""),
                   ('cellen: [Consult, "€ 40"]', 'cellen: [Consult, "€ 42"]\n            - id: huisbezoek\n              cellen: [Huisbezoek, "€ 60"]'))
    # Text from the files is data: Markdown in it is escaped, so it cannot add links or break a table.
    assert items(summary_of(tmp_path, before, after)) == [
        r"- Vervallen: Uiterste tekendatum zorgovereenkomst (8 november 2025), per 1 juni 2025: Tekenen gaat \*\*mee\*\* met de aanbieding.",
        "- Voorwaarde vervallen (Voorwaarden): Uw medewerkers volgen elk jaar scholing.",
        r"- Tabel Tarieven: rij nieuw: Huisbezoek \| € 60; rij gewijzigd: Consult \| € 40 → Consult \| € 42",
    ]


def test_summary_names_new_policies_and_links_with_a_preview_address(tmp_path):
    other = edited(BASE, ("zorgsoort: proef", "zorgsoort: ander"), ("naam: Proefzorg", "naam: Andere zorg"))
    before = read_archive(folder(tmp_path, "ref", BASE))
    work = folder(tmp_path, "werk", BASE)
    (work / "zorgsoorten" / "ander").mkdir()
    (work / "zorgsoorten" / "ander" / "2026.yaml").write_text(other, encoding="utf-8")
    summary = review_summary(before, read_archive(work), "origin/main", "https://voorbeeld.example.org/pr-7/")
    assert "### Andere zorg 2026" in summary and "Nieuw beleid" in summary
    assert "<https://voorbeeld.example.org/pr-7/zorgsoorten/ander/2026/index.html>" in summary
    assert "Proefzorg" not in summary  # unchanged policies are left out


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = folder(tmp_path, "repo", BASE).parent
    for args in (("init", "-q"), ("config", "user.email", "t@example.org"), ("config", "user.name", "T"),
                 ("add", "-A"), ("commit", "-q", "-m", "basis")):
        subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, timeout=60)
    monkeypatch.chdir(repo)
    return repo


def test_check_summary_on_the_command_line(repo):
    (repo / "policies" / PLACE).write_text(edited(BASE, MOVE, RECORD, ADD, REWORD), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--against", "HEAD", "--summary", "policies"])
    assert result.exit_code == 0, result.output
    assert len(items(result.output)) == 3
    assert re.search(r"^## Wat verandert er voor zorgaanbieders$", result.output, re.M)
    assert "Vergeleken met HEAD" in result.output


def test_check_summary_goes_to_the_github_job_summary(repo, tmp_path, monkeypatch):
    (repo / "policies" / PLACE).write_text(edited(BASE, MOVE, RECORD, ADD, REWORD), encoding="utf-8")
    step_summary = tmp_path / "samenvatting.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(step_summary))
    result = CliRunner().invoke(main, ["check", "--github", "--against", "HEAD", "--summary", "policies"])
    assert result.exit_code == 0, result.output
    written = step_summary.read_text(encoding="utf-8")
    assert len(items(written)) == 3 and "## Beleidscontrole" in written
    assert "Wat verandert er" not in result.output
