"""The live preview's incremental rebuild (`mkdocs serve --dirty`, generator/plugin/incremental.py)
gives the same site as a full build, after each edit of a series.

The builds are driven as `mkdocs serve` drives them (mkdocs/commands/serve.py): one
`on_startup`, then for every save a freshly loaded configuration with the serve address as
`site_url`, built with `build(config, serve_url=..., dirty=True)` into the same folder, by the
same plugin instance. After each edit a full build of the same input (`mkdocs serve` without
`--dirty`, the same plugin with the same preview history) goes into a fresh folder, and the two
folders must hold the same files with the same bytes, the search index included (the live
preview makes it in the background; the test waits for it).
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import FIXED_EPOCH, synthetic_project

SERVE_URL = "http://127.0.0.1:8000/beleid/"
WIJKZORG = Path("policies/zorgsoorten/wijkzorg/2026.yaml")


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


class Preview:
    """A `mkdocs serve --dirty` session on `project`, and full builds to compare it with."""

    def __init__(self, project: Path, work: Path):
        self.project, self.work = project, work
        config = self._config(work / "live")
        config.plugins.on_startup(command="serve", dirty=True)
        self.plugins = config.plugins
        self.plugin = config.plugins["caresq"]

    def _config(self, site_dir: Path):
        config = load_config(str(self.project / "mkdocs.yml"), site_dir=str(site_dir))
        config.site_url = SERVE_URL
        return config

    def save(self, relative: Path | str, text: str | None) -> None:
        """Write (or with None delete) a file of the project, as an editor's save does."""
        path = self.project / relative
        if text is None:
            path.unlink()
        else:
            path.write_text(text, encoding="utf-8")

    def edit(self, relative: Path | str, old: str, new: str) -> None:
        text = (self.project / relative).read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        self.save(relative, text.replace(old, new, 1))

    def rebuild(self) -> list[str]:
        """A live rebuild; the pages it wrote."""
        build(self._config(self.work / "live"), serve_url=SERVE_URL, dirty=True)
        self.plugin.live.indexer.wait()
        return self.plugin.live.written

    def full(self) -> Path:
        """A full serve build of the same input, by the same plugin with its preview history."""
        site = self.work / "full"
        shutil.rmtree(site, ignore_errors=True)
        live, self.plugin.live = self.plugin.live, None
        try:
            build(self._config(site), serve_url=SERVE_URL, dirty=False)
        finally:
            self.plugin.live = live
        return site

    def assert_same(self) -> None:
        live, full = _files(self.work / "live"), _files(self.full())
        assert sorted(live) == sorted(full), "files only in one of the builds: " + str(sorted(live.keys() ^ full.keys()))
        different = [name for name in full if live[name] != full[name]]
        assert not different, f"the live preview differs from a full build in {different}"

    def close(self) -> None:
        self.plugins.on_shutdown()
        # The plugin instance is cached for the process (MkDocs keeps plugins with on_startup):
        # leave it as a plain build finds a new one.
        self.plugins.on_startup(command="build", dirty=False)


@pytest.fixture
def preview(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    session = Preview(synthetic_project(tmp_path), tmp_path)
    try:
        yield session
    finally:
        session.close()


def test_live_preview_equals_a_full_build_after_each_edit(preview):
    first = preview.rebuild()
    assert "zorgsoorten/wijkzorg/2026/index.md" in first
    preview.assert_same()

    # Nothing changed: nothing is written again.
    assert preview.rebuild() == []
    preview.assert_same()

    # A milestone's date: the policy's pages, its care type's page and the pages that show
    # every care type's steps; not the other care type's pages.
    preview.edit(WIJKZORG, "wanneer: vóór 1 juli 2025\n              datum: 2025-07-01",
                 "wanneer: vóór 3 juli 2025\n              datum: 2025-07-03")
    written = preview.rebuild()
    assert {"zorgsoorten/wijkzorg/2026/index.md", "zorgsoorten/wijkzorg/index.md", "inkoopkalender.md"} <= set(written)
    assert not [uri for uri in written if uri.startswith("zorgsoorten/kraamzorg/")]
    preview.assert_same()

    # The policy's title (the landing page's heading; the menu shows the year there).
    preview.edit(WIJKZORG, "titel: Inkoopbeleid Wijkzorg 2026", "titel: Inkoopbeleid Wijkzorg 2026, herzien")
    written = preview.rebuild()
    assert "zorgsoorten/kraamzorg/2026/index.md" not in written
    preview.assert_same()

    # The care type's name: a title in the navigation, so every page.
    preview.edit(WIJKZORG, "naam: Wijkzorg\n", "naam: Wijkzorg en thuiszorg\n")
    written = preview.rebuild()
    assert "zorgsoorten/kraamzorg/2026/index.md" in written
    preview.assert_same()

    # A new year, then a year removed (its pages, feeds and data go).
    text = (preview.project / WIJKZORG).read_text(encoding="utf-8")
    preview.save(WIJKZORG.with_name("2027.yaml"), text.replace("jaar: 2026", "jaar: 2027", 1))
    preview.rebuild()
    assert (preview.work / "live/zorgsoorten/wijkzorg/2027/index.html").is_file()
    preview.assert_same()
    preview.save("policies/zorgsoorten/kraamzorg/2027.yaml", None)
    preview.rebuild()
    assert not (preview.work / "live/zorgsoorten/kraamzorg/2027").exists()
    preview.assert_same()

    # A mistake: the error page stands at every page; then the fix brings the pages back.
    preview.edit(WIJKZORG, "jaar: 2026", "jaar: twintig")
    preview.rebuild()
    error_page = (preview.work / "live/zorgsoorten/wijkzorg/2026/index.html").read_text(encoding="utf-8")
    assert "jaar" in error_page and "Inkoopbeleid Wijkzorg 2026, herzien" not in error_page
    assert not (preview.work / "live/pagefind").exists()
    preview.assert_same()
    preview.edit(WIJKZORG, "jaar: twintig", "jaar: 2026")
    preview.rebuild()
    preview.assert_same()

    # A shared text and the glossary (its tooltips are on every page).
    preview.edit("policies/gedeeld/disclaimer/2026.yaml", "op elk moment aanpassen", "op ieder moment aanpassen")
    preview.rebuild()
    preview.assert_same()
    preview.edit("policies/begrippen.yaml", "de code van een zorgaanbieder", "de AGB-code van een zorgaanbieder")
    assert len(preview.rebuild()) == len(first)  # every page (one year added, one removed since)
    preview.assert_same()

    # A hand-written page: its text alone, then its heading, which the menu shows.
    preview.edit("docs/open-data.md", "zodat brancheorganisaties", "zodat alle brancheorganisaties")
    assert preview.rebuild() == ["open-data.md"]
    preview.assert_same()
    preview.edit("docs/open-data.md", "# Open data\n", "# Open data en hergebruik\n")
    assert len(preview.rebuild()) > 1
    preview.assert_same()

    # A build that stops (a script in a page), then the page put right: every page is written.
    preview.edit("docs/open-data.md", "zodat alle brancheorganisaties", "zodat <script>alert(1)</script> brancheorganisaties")
    with pytest.raises(Abort):
        preview.rebuild()
    preview.edit("docs/open-data.md", "zodat <script>alert(1)</script> brancheorganisaties", "zodat alle brancheorganisaties")
    assert len(preview.rebuild()) == len(first)
    preview.assert_same()


def test_plain_build_and_serve_stay_full_builds(synthetic_project_dir, synthetic_built, tmp_path, monkeypatch, caplog):
    """`mkdocs build` (and `mkdocs serve` without --dirty) make every page as before: no live
    preview, the dirty-build warning not hidden."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(synthetic_project_dir / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        assert config.plugins["caresq"].live is None
        build(config)
    finally:
        config.plugins.on_shutdown()
    assert _files(tmp_path / "site") == _files(synthetic_built)

    # `mkdocs build --dirty` is MkDocs' own dirty build: under strict, its warning stops it.
    config = load_config(str(synthetic_project_dir / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=True)
    try:
        assert config.plugins["caresq"].live is None
        with caplog.at_level(logging.WARNING), pytest.raises(Exception, match="strict mode"):
            build(config, dirty=True)
    finally:
        config.plugins.on_shutdown()
    assert any(record.getMessage().startswith("A 'dirty' build") for record in caplog.records)
    assert os.environ["SOURCE_DATE_EPOCH"] == FIXED_EPOCH
