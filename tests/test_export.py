"""`python -m generator export --out DIR`: the generated site as plain files that build without our plugin
(exported from the synthetic archive, tests/archive/)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import SYNTHETIC, build_site_into, synthetic_copy
from generator.tools.cli import main
from generator.tools.scaffold import new_year

SITE_URL = "https://example.org/beleid/"


def export(out: Path, policies: Path = SYNTHETIC):
    return CliRunner().invoke(main, ["export", "--out", str(out), "--policies", str(policies), "--site-url", SITE_URL])


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export") / "export"
    result = export(out)
    assert result.exit_code == 0, result.output
    return out


def test_export_holds_pages_feeds_and_data(exported):
    docs = exported / "docs"
    assert (docs / "index.md").is_file()
    assert (docs / "zorgsoorten" / "wijkzorg" / "2026" / "checklist.md").is_file()
    assert (docs / "data" / "index.json").is_file()
    assert list((docs / "agenda").glob("*.ics"))
    config = yaml.safe_load((exported / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "plugins" not in config and config["site_url"] == SITE_URL
    assert SITE_URL in next((docs / "agenda").glob("*.ics")).read_text(encoding="utf-8")


def test_export_builds_strictly_without_the_plugin(exported, tmp_path):
    site = build_site_into(tmp_path / "site", exported / "mkdocs.yml", strict=True)
    assert (site / "zorgsoorten" / "wijkzorg" / "2026" / "beleid" / "index.html").is_file()
    for feed in (exported / "docs" / "agenda").glob("*.ics"):  # feeds and data are copied byte for byte
        assert (site / "agenda" / feed.name).read_bytes() == feed.read_bytes()
    assert (site / "data" / "index.json").read_bytes() == (exported / "docs" / "data" / "index.json").read_bytes()


def test_export_leaves_drafts_out(tmp_path):
    policies = synthetic_copy(tmp_path / "policies")
    new_year(policies, "wijkzorg", 2027)  # a second draft, made the way editors make one
    out = tmp_path / "export"
    assert export(out, policies).exit_code == 0
    assert (out / "docs" / "zorgsoorten" / "wijkzorg" / "2026").is_dir()
    assert (out / "docs" / "zorgsoorten" / "kraamzorg" / "2026").is_dir()
    assert not (out / "docs" / "zorgsoorten" / "wijkzorg" / "2027").exists()
    assert not (out / "docs" / "zorgsoorten" / "kraamzorg" / "2027").exists()


def test_export_refuses_a_foreign_folder_and_refreshes_its_own(tmp_path):
    foreign = tmp_path / "iets"
    foreign.mkdir()
    (foreign / "belangrijk.txt").write_text("niet weggooien", encoding="utf-8")
    result = export(foreign)
    assert result.exit_code == 1 and "geen eerdere export" in result.output
    assert sorted(p.name for p in foreign.iterdir()) == ["belangrijk.txt"]

    out = tmp_path / "export"
    assert export(out).exit_code == 0
    stale = out / "docs" / "verdwenen.md"
    stale.write_text("# weg", encoding="utf-8")
    assert export(out).exit_code == 0
    assert not stale.exists()
