"""`python -m generator new-year ZORGSOORT JAAR`: next year's draft, with nothing lost or invented.

For every care type of the synthetic archive (tests/archive/) and, marked
`policies`, of the bundled policies, the copy is compared with the original value by value: ids unchanged, exact dates one year later, the year in
title, source and date wording moved along, history left out, and nothing else
different. The draft then passes `check`, shows under `mkdocs serve` and stays
off the built site.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any, Iterator

import pytest
from click.testing import CliRunner

from conftest import POLICIES, SYNTHETIC, synthetic_copy
from generator.tools.cli import main
from generator import load_archive
from generator.tools.scaffold import latest_policy
from generator.load.yamlsource import read_yaml

def care_types(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "zorgsoorten").iterdir() if p.is_dir())


CARE_TYPES = [pytest.param(SYNTHETIC, name, id=f"synthetic-{name}") for name in care_types(SYNTHETIC)] + \
    [pytest.param(POLICIES, name, id=f"policies-{name}", marks=pytest.mark.policies) for name in care_types(POLICIES)]
HISTORY = {"revisies", "eerder"}
DATES = {"datum", "van", "tot", "publicatiedatum", "gewijzigd_op"}


def scalars(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(path, value) of every scalar, outside last year's history."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in HISTORY:
                yield from scalars(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from scalars(value, path + (index,))
    elif data is not None:
        yield path, data


def expected_value(path: tuple, value: str, old: int, new: int) -> str:
    """What new-year promises for one value, written independently of the scaffold."""
    name = next((p for p in reversed(path) if isinstance(p, str)), "")
    if path == ("jaar",):
        return str(new)
    if path in (("titel",), ("bron", "document")):
        return value.replace(str(old), str(new))
    if name in DATES and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        day = dt.date.fromisoformat(value)
        try:
            return day.replace(year=day.year + new - old).isoformat()
        except ValueError:
            return day.replace(year=day.year + new - old, day=28).isoformat()
    if name == "wanneer":
        return re.sub(r"(?<!\d)(?:19|20)\d{2}(?!\d)", lambda m: str(int(m.group(0)) + new - old), value)
    return value


def ids(data: Any) -> set[str]:
    return {value for path, value in scalars(data) if path and path[-1] == "id"}


def copy_policies(tmp_path: Path, root: Path = SYNTHETIC) -> Path:
    copy = tmp_path / "policies"
    if root == SYNTHETIC:
        return synthetic_copy(copy)
    shutil.copytree(root, copy)
    return copy


def run_new_year(policies: Path, care_type: str, year: int):
    return CliRunner().invoke(main, ["new-year", care_type, str(year), "--policies", str(policies)])


@pytest.mark.parametrize("root, care_type", CARE_TYPES)
def test_new_year_copies_every_care_type_faithfully(root, care_type, tmp_path):
    policies = copy_policies(tmp_path, root)
    source = latest_policy(policies, care_type)
    old = int(source.stem)
    result = run_new_year(policies, care_type, old + 1)
    assert result.exit_code == 0, result.output
    target = source.with_name(f"{old + 1}.yaml")

    before = read_yaml(source, "oud").data
    after = read_yaml(target, "nieuw").data
    expected = {path: expected_value(path, value, old, old + 1) for path, value in scalars(before)}
    actual = dict(scalars(after))
    assert actual.pop(("status",)) == "concept"
    expected.pop(("status",), None)  # a draft stays a draft
    assert actual == expected
    assert ids(after) == ids(before)
    assert not HISTORY & set(after)

    old_text, new_text = source.read_text(encoding="utf-8"), target.read_text(encoding="utf-8")
    comments = [line.strip() for line in old_text.splitlines() if line.strip().startswith("#")]
    assert comments and all(comment in new_text for comment in comments)  # the $schema line and every note stay

    archive = load_archive(policies)  # raises on any error, drafts included
    draft = next(p for p in archive.policies if p.care_type == care_type and p.year == old + 1)
    assert draft.draft
    assert "status: concept" in result.output and f"{target.name}" in result.output


def test_history_is_left_out_and_said_so(tmp_path):
    policies = copy_policies(tmp_path)
    source = policies / "zorgsoorten" / "wijkzorg" / "2026.yaml"
    # An older wording of a shared section than the newest: new-year points it out.
    source.write_text(source.read_text(encoding="utf-8").replace('{sectie: disclaimer, versie: "2026"}',
                                                                 '{sectie: disclaimer, versie: "2024"}'), encoding="utf-8")
    result = run_new_year(policies, "wijkzorg", 2027)
    assert result.exit_code == 0, result.output
    assert "weggelaten: 'revisies'" in result.output and "weggelaten: 'eerder'" in result.output
    shown = "policies/zorgsoorten/wijkzorg/2027.yaml:"
    review = [line for line in result.output.splitlines() if line.startswith(shown) or shown in line]
    assert any("publicatiedatum" in line for line in review)
    assert any("gedeelde tekst 'disclaimer' versie 2024" in line for line in review)
    assert any("de wijzigingen beschrijven nog 2026" in line for line in review)
    # Every review line points at a line that exists and says what is there.
    text = (policies / "zorgsoorten" / "wijkzorg" / "2027.yaml").read_text(encoding="utf-8").splitlines()
    for line in review:
        number = int(line.split(":")[1])
        assert 1 <= number <= len(text)


def test_comments_after_a_removed_block_stay(tmp_path):
    policies = copy_policies(tmp_path)
    source = policies / "zorgsoorten" / "wijkzorg" / "2026.yaml"
    text = source.read_text(encoding="utf-8")
    text = text.replace("                  revisie: herziening-juni\n",
                        "                  revisie: herziening-juni\n\n            # de volgende stap\n", 1)
    text = text.replace("\nhoofdstukken:\n", "\n# de hoofdstukken\nhoofdstukken:\n", 1)
    source.write_text(text, encoding="utf-8")
    assert run_new_year(policies, "wijkzorg", 2027).exit_code == 0
    new_text = source.with_name("2027.yaml").read_text(encoding="utf-8")
    assert "\n\n            # de volgende stap\n            - id: start-overeenkomst" in new_text
    assert "\n# de hoofdstukken\nhoofdstukken:\n" in new_text
    assert "revisies:" not in new_text and "eerder:" not in new_text


def test_leap_day_and_weekend_are_flagged(tmp_path):
    policies = copy_policies(tmp_path)
    source = policies / "zorgsoorten" / "kraamzorg" / "2027.yaml"  # the draft is the latest year
    source.write_text(source.read_text(encoding="utf-8").replace("jaar: 2027\n", "jaar: 2027\npublicatiedatum: 2024-02-29\n"),
                      encoding="utf-8")
    result = run_new_year(policies, "kraamzorg", 2028)
    assert result.exit_code == 0, result.output
    new_text = source.with_name("2028.yaml").read_text(encoding="utf-8")
    assert "publicatiedatum: 2025-02-28\n" in new_text
    assert "29 februari bestaat niet" in result.output
    assert "2027-11-06 valt op een zaterdag" in result.output  # 6 November 2027 is a Saturday


@pytest.mark.parametrize("year, message", [(2026, "bestaat al"), (2024, "moet na 2026 liggen")])
def test_refused_when_the_target_exists_or_lies_in_the_past(tmp_path, year, message):
    policies = copy_policies(tmp_path)
    folder = policies / "zorgsoorten" / "wijkzorg"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    result = run_new_year(policies, "wijkzorg", year)
    assert result.exit_code == 1
    assert message in result.output
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_refused_when_a_later_draft_exists(tmp_path):
    policies = copy_policies(tmp_path)
    assert run_new_year(policies, "wijkzorg", 2027).exit_code == 0
    target = policies / "zorgsoorten" / "wijkzorg" / "2027.yaml"
    target.write_text(target.read_text(encoding="utf-8") + "# mijn werk\n", encoding="utf-8")
    again = run_new_year(policies, "wijkzorg", 2027)
    assert again.exit_code == 1 and "bestaat al" in again.output
    assert target.read_text(encoding="utf-8").endswith("# mijn werk\n")


def test_unknown_care_type_lists_the_known_ones(tmp_path):
    result = run_new_year(copy_policies(tmp_path), "tandheelkunde", 2027)
    assert result.exit_code == 1
    assert "tandheelkunde" in result.output and "wijkzorg" in result.output and "kraamzorg" in result.output


# --------------------------------------------------------------------------- drafts: serve yes, build no



def test_draft_shows_under_serve_but_is_not_published(synthetic_project_dir, synthetic_built, tmp_path):
    """kraamzorg 2027 in the synthetic archive is a draft (status: concept)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    draft_page = Path("zorgsoorten/kraamzorg/2027/index.html")
    published = synthetic_built
    assert (published / "zorgsoorten/kraamzorg/2026/index.html").is_file()
    assert not (published / draft_page).exists()
    assert "kraamzorg/2027" not in (published / "sitemap.xml").read_text(encoding="utf-8")
    assert (published / "data" / "kraamzorg-2026.json").is_file()
    assert not (published / "data" / "kraamzorg-2027.json").exists()

    # What `mkdocs serve` does before its first build (mkdocs/commands/serve.py).
    config = load_config(str(synthetic_project_dir / "mkdocs.yml"), site_dir=str(tmp_path / "serve"))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    served = tmp_path / "serve" / draft_page
    assert served.is_file()
    assert "CONCEPT" in served.read_text(encoding="utf-8")
