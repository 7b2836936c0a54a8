"""Shared fixtures: the loaded archive and one real MkDocs build of the bundled site."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
POLICIES = ROOT / "policies"
FIXED_EPOCH = "1700000000"  # SOURCE_DATE_EPOCH for reproducible test builds

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "policies", "generator", "schema")


def project_copy(tmp_path: Path, parts: tuple[str, ...] = PROJECT_PARTS) -> Path:
    """The parts of the repository a build reads, copied so a test can edit or plant a mistake."""
    copy = tmp_path / "project"
    copy.mkdir()
    for name in parts:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, copy / name)
    return copy


def build_site_into(site_dir: Path, config_file: Path = ROOT / "mkdocs.yml", **overrides) -> Path:
    """Run a real `mkdocs build` (the public API) into `site_dir`."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ.setdefault("SOURCE_DATE_EPOCH", FIXED_EPOCH)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    config = load_config(str(config_file), site_dir=str(site_dir), **overrides)
    build(config)
    return site_dir


@pytest.fixture(scope="session")
def archive():
    from generator import load_archive

    return load_archive(POLICIES)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The bundled site, built once per test session. Treat as read-only."""
    return build_site_into(tmp_path_factory.mktemp("site") / "site")


def pytest_collection_modifyitems(config, items):
    """Browser tests need Debian's chromium: in CI its absence is a failure, locally a skip."""
    if CHROMIUM or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason="chromium not installed (run scripts/setup --with-browser)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
