"""`python -m generator publish --to DIR`: a new site appears whole, or not at all.

A failed build, a failed check of the built site and a failed swap must all
leave the site that is being served exactly as it was, and leave no
half-built directories next to it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXED_EPOCH, ROOT, synthetic_project
from generator.tools import publishing
from generator.tools.cli import main



def old_site(target: Path) -> dict[str, str]:
    """A site that is 'live' before the test: its manifest must survive every failure."""
    (target / "zorgsoorten").mkdir(parents=True)
    (target / "index.html").write_text("<h1>de oude site</h1>", encoding="utf-8")
    (target / "zorgsoorten" / "oud.html").write_text("oud", encoding="utf-8")
    return manifest(target)


def manifest(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def neighbours(target: Path) -> list[str]:
    """Everything next to the target other than the target itself: must be empty afterwards."""
    return sorted(p.name for p in target.parent.iterdir() if p.name != target.name)


@pytest.fixture(autouse=True)
def fixed_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", os.environ.get("SOURCE_DATE_EPOCH", FIXED_EPOCH))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")


def test_publish_swaps_in_a_checked_site(tmp_path, synthetic_project_dir):
    target = tmp_path / "www" / "beleid"
    old_site(target)
    result = CliRunner().invoke(main, ["publish", "--to", str(target), "-f", str(synthetic_project_dir / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    assert "gepubliceerd:" in result.output
    assert (target / "zorgsoorten" / "wijkzorg" / "2026" / "index.html").is_file()
    assert (target / "sitemap.xml").is_file()
    assert not (target / "zorgsoorten" / "oud.html").exists()  # a clean swap, not a merge
    assert neighbours(target) == []


def test_failing_build_leaves_the_previous_site_untouched(tmp_path):
    project = synthetic_project(tmp_path)
    policy = project / "policies" / "zorgsoorten" / "wijkzorg" / "2026.yaml"
    policy.write_text(policy.read_text(encoding="utf-8").replace("jaar: 2026", "jaar: twintig-zesentwintig"), encoding="utf-8")
    target = tmp_path / "www" / "beleid"
    before = old_site(target)
    result = CliRunner().invoke(main, ["publish", "--to", str(target), "-f", str(project / "mkdocs.yml")])
    assert result.exit_code == 1
    assert "niet gepubliceerd" in result.output and "is niet veranderd" in result.output
    assert "2026.yaml:4:" in result.output  # the editor sees which line to fix
    assert manifest(target) == before
    assert neighbours(target) == []


def test_failing_check_leaves_the_previous_site_untouched(tmp_path, monkeypatch):
    def build_with_a_broken_link(site_dir: Path, config_file: Path) -> str:
        for name in ("index.html", "404.html"):
            (site_dir / name).write_text('<a href="bestaat-niet/">kapot</a>', encoding="utf-8")
        return "https://example.org/beleid/"

    monkeypatch.setattr(publishing, "build_into", build_with_a_broken_link)
    target = tmp_path / "www" / "beleid"
    before = old_site(target)
    with pytest.raises(publishing.PublishError, match="bestaat-niet"):
        publishing.publish(target, ROOT / "mkdocs.yml")
    assert manifest(target) == before
    assert neighbours(target) == []


def test_failing_swap_puts_the_previous_site_back(tmp_path, monkeypatch):
    def tiny_build(site_dir: Path, config_file: Path) -> str:
        for name in ("index.html", "404.html"):
            (site_dir / name).write_text("<h1>nieuw</h1>", encoding="utf-8")
        return "https://example.org/beleid/"

    real_rename = os.rename

    def rename(source, destination):
        if Path(source).name.endswith(".nieuw"):
            raise OSError("schijf vol")
        return real_rename(source, destination)

    monkeypatch.setattr(publishing, "build_into", tiny_build)
    monkeypatch.setattr(publishing.os, "rename", rename)
    target = tmp_path / "www" / "beleid"
    before = old_site(target)
    with pytest.raises(OSError, match="schijf vol"):
        publishing.publish(target, ROOT / "mkdocs.yml")
    assert manifest(target) == before
    assert neighbours(target) == []


def test_first_publish_and_leftovers_of_an_interrupted_run(tmp_path, monkeypatch):
    def tiny_build(site_dir: Path, config_file: Path) -> str:
        for name in ("index.html", "404.html"):
            (site_dir / name).write_text("<h1>nieuw</h1>", encoding="utf-8")
        return "https://example.org/beleid/"

    monkeypatch.setattr(publishing, "build_into", tiny_build)
    target = tmp_path / "www" / "beleid"
    published = publishing.publish(target, ROOT / "mkdocs.yml")  # no site yet: nothing to keep
    assert published.files == 2 and (target / "index.html").read_text(encoding="utf-8") == "<h1>nieuw</h1>"
    (tmp_path / "www" / "beleid.previous").mkdir()  # as if a run was killed after its first rename
    publishing.publish(target, ROOT / "mkdocs.yml")
    assert neighbours(target) == []
