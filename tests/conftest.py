"""Shared fixtures.

Two archives:

- the synthetic archive in `tests/archive/` (`SYNTHETIC`): small, made up, every field of the
  model used at least once. Behaviour is tested on it, mostly in-process with
  `load_archive` and `build_site`; `synthetic_built` is its one shared MkDocs build.
- the real `policies/` (`POLICIES`): only tests about the real data read it, and they carry
  the `policies` marker (`pytest -m "not policies"` runs without it). `archive` and
  `built_site` (one real MkDocs build of the bundled site) are theirs and the browser tests'.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
POLICIES = ROOT / "policies"
SYNTHETIC = Path(__file__).resolve().parent / "archive"
FIXED_EPOCH = "1700000000"  # SOURCE_DATE_EPOCH for reproducible test builds
BASE_URL = "https://proef.example.test/beleid/"  # site URL of the in-process builds of the synthetic archive

# The cache between builds (generator/plugin/cache.py) is off for the tests, subprocesses included:
# every build loads, checks and generates, as the tests expect, and no cache lands in the
# repository or carries over from one test to the next. tests/test_cache.py turns it on in tmp.
os.environ["CARESQ_CACHE"] = "false"

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


def synthetic_copy(target: Path) -> Path:
    """A copy of the synthetic archive at `target` (usually `.../policies`), for a test to edit."""
    shutil.copytree(SYNTHETIC, target, ignore=shutil.ignore_patterns("README.md"))
    return target


def synthetic_project(tmp_path: Path) -> Path:
    """A project (mkdocs.yml, docs, overrides) whose policies/ is a copy of the synthetic archive."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for name in ("docs", "overrides"):
        shutil.copytree(ROOT / name, project / name)
    (project / "generator").mkdir()  # named under `watch:`, which must exist; the code comes from sys.path
    synthetic_copy(project / "policies")
    return project


def build_site_into(site_dir: Path, config_file: Path = ROOT / "mkdocs.yml", **overrides) -> Path:
    """Run a real `mkdocs build` (the public API) into `site_dir`."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ.setdefault("SOURCE_DATE_EPOCH", FIXED_EPOCH)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    config = load_config(str(config_file), site_dir=str(site_dir), **overrides)
    build(config)
    return site_dir


# --------------------------------------------------------------------------- the synthetic archive


@pytest.fixture(scope="session")
def synthetic():
    """The synthetic archive, loaded and checked (drafts included)."""
    from generator import load_archive

    return load_archive(SYNTHETIC)


@pytest.fixture(scope="session")
def synthetic_site(synthetic):
    """Every file the core generates for the synthetic archive (`GeneratedSite`), in-process."""
    from generator import SiteOptions, build_site

    return build_site(synthetic, SiteOptions(base_url=BASE_URL))


@pytest.fixture(scope="session")
def synthetic_project_dir(tmp_path_factory) -> Path:
    """One project around the synthetic archive. Treat as read-only; copy it to edit."""
    return synthetic_project(tmp_path_factory.mktemp("synthetic"))


@pytest.fixture(scope="session")
def synthetic_built(synthetic_project_dir, tmp_path_factory) -> Path:
    """The synthetic archive through a real MkDocs build, once per session. Treat as read-only."""
    return build_site_into(tmp_path_factory.mktemp("synthetic-site") / "site", synthetic_project_dir / "mkdocs.yml")


# --------------------------------------------------------------------------- the real policies/


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
