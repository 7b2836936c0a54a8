"""Same inputs and SOURCE_DATE_EPOCH, same bytes: every file of the site, feeds and JSON included.

Three clean builds of a project around the synthetic archive (tests/archive/),
each in its own process with its own hash seed (set and dict order must not
leak into the output) and its own directory name (paths must not leak either):
the session's shared build (`synthetic_built`, in the test process) and two
fresh processes that run at the same time. The two with the same epoch must
have the same SHA-256 manifest; the one with a later epoch may differ only in
the sitemap and in what comes next as of the build date: nothing else may read the clock.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXED_EPOCH

# The only files whose content is the build date (the sitemap's <lastmod>).
DATED = {"sitemap.xml", "sitemap.xml.gz"}
# Files that show what comes next as of the build date, for readers without the page script
# (home, care type pages, calendar, and the search index of their text), and the feeds that
# hold the steps the NZa rules make expected from that date on. They may differ by epoch.
AS_OF = re.compile(r"^(index\.html|inkoopkalender/index\.html|zorgsoorten/[^/]+/index\.html|"
                   r"pagefind/(fragment/[^/]+\.pf_fragment|index/[^/]+\.pf_index|pagefind\.[^/]+\.pf_meta|pagefind-entry\.json)|"
                   r"agenda/[^/]+\.ics)$")


def manifest(site: Path) -> dict[str, str]:
    """relative path -> SHA-256 of every file in a built site."""
    return {path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(site.rglob("*")) if path.is_file()}


def start_build(project: Path, site_dir: Path, epoch: str, hash_seed: str) -> subprocess.Popen:
    code = (
        "import sys\n"
        "from mkdocs.commands.build import build\n"
        "from mkdocs.config import load_config\n"
        "build(load_config(sys.argv[1], site_dir=sys.argv[2]))\n"
    )
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "PYTHONHASHSEED": hash_seed, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.Popen([sys.executable, "-c", code, str(project / "mkdocs.yml"), str(site_dir)],
                            cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _differences(first: dict[str, str], second: dict[str, str]) -> list[str]:
    return sorted(path for path in first.keys() | second.keys() if first.get(path) != second.get(path))


@pytest.fixture(scope="module")
def builds(synthetic_project_dir, synthetic_built, tmp_path_factory) -> dict[str, dict[str, str]]:
    """Manifests of three clean builds: 'first' and 'second' share an epoch, 'later' is 400 days on."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", FIXED_EPOCH)  # what the shared build used (conftest)
    root = tmp_path_factory.mktemp("reproducible")
    plans = {"second": (root / "een-andere-map", epoch, "4242"),
             "later": (root / "later", str(int(epoch) + 400 * 86400), "0")}
    running = {name: start_build(synthetic_project_dir, *plan) for name, plan in plans.items()}
    for name, process in running.items():
        _, errors = process.communicate(timeout=600)
        assert process.returncode == 0, f"{name}: {errors[-3000:]}"
    return {"first": manifest(synthetic_built), **{name: manifest(plan[0]) for name, plan in plans.items()}}


def test_two_clean_builds_are_byte_identical(builds):
    first = builds["first"]
    assert len(first) > 50
    for kind in ("sitemap.xml", "sitemap.xml.gz", "pagefind/pagefind-entry.json", "pagefind/wasm.nl.pagefind", "data/index.json"):
        assert kind in first
    assert any(path.startswith("pagefind/fragment/") for path in first)
    assert any(path.startswith("pagefind/index/") for path in first)
    assert any(path.endswith(".ics") for path in first)
    assert any(path.startswith("feeds/") for path in first)
    assert _differences(first, builds["second"]) == []


def test_only_the_sitemap_and_what_comes_next_depend_on_the_epoch(builds):
    differences = set(_differences(builds["first"], builds["later"]))
    assert DATED <= differences
    assert {path for path in differences - DATED if not AS_OF.match(path)} == set()


def test_no_build_path_leaks(synthetic_built, synthetic_project_dir):
    leaks = [p.relative_to(synthetic_built).as_posix() for p in synthetic_built.rglob("*") if p.is_file()
             and any(str(folder).encode() in p.read_bytes() for folder in (synthetic_built, synthetic_project_dir))]
    assert leaks == []
