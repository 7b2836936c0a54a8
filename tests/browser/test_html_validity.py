"""HTML validity gate: the Nu HTML Checker reports zero errors on every page.

One `java -jar vnu.jar` run over all pages (the JVM start dominates). Only theme
defects listed in tests/vnu_allowlist.yaml are tolerated, never our own markup.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from generator.plugin.theme_fixes import fix_theme_html

from .support import VNU_ALLOWLIST, VNU_JAR, load_allowlist

JAVA = shutil.which("java")


def vnu_errors(files) -> list[dict]:
    result = subprocess.run(
        [JAVA, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True, text=True, timeout=600,
    )
    # vnu writes its JSON report to stderr and exits 1 when it found errors.
    return [m for m in json.loads(result.stderr)["messages"] if m.get("type") in ("error", "non-document-error")]


@pytest.fixture(scope="module")
def vnu():
    if not JAVA or not VNU_JAR.exists():
        if os.environ.get("CI"):
            pytest.fail("java or node_modules/vnu-jar is missing")
        pytest.skip("java or node_modules/vnu-jar not installed (run scripts/setup --with-browser)")
    return vnu_errors


def test_every_page_is_valid_html(built_site, vnu):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 20
    allow = load_allowlist(VNU_ALLOWLIST)
    errors = [
        m for m in vnu(pages)
        if not any(entry.rule in m["message"] and entry.selector in m.get("extract", "") for entry in allow)
    ]
    report = [f"{m['url'].split(str(built_site))[-1]}:{m.get('lastLine')}: {m['message']}\n    {m.get('extract', '').strip()}" for m in errors]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(report)


def test_the_checker_does_catch_errors(tmp_path, vnu):
    """The gate can fail: the theme's own markup, without our repairs, is invalid."""
    page = tmp_path / "theme.html"
    page.write_text(
        '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>t</title></head><body>'
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
        '<label class="md-nav__link" for="__nav_2" id="__nav_2_label" tabindex=""></label>'
        '<input class="md-nav__toggle" type="checkbox" id="__nav_2"></body></html>',
        encoding="utf-8",
    )
    assert len(vnu([page])) == 2
    page.write_text(fix_theme_html(page.read_text(encoding="utf-8")), encoding="utf-8")
    assert vnu([page]) == []


def test_the_allowlist_is_well_formed():
    assert isinstance(load_allowlist(VNU_ALLOWLIST), list)
