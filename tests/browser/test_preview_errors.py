"""The live preview explains: while `mkdocs serve` runs, saving a policy file with an
error reloads the open page into a Dutch error page that lists the problem as `check`
prints it (file, line, message), and saving the fixed file brings the page back. The
test never navigates after the first visit: every change comes from MkDocs' live reload.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from conftest import synthetic_project
from test_serve import fetch, free_port, stop, wait_for

pytestmark = pytest.mark.browser

PREFIX = "/zorginkoopbeleid/"
POLICY_PAGE = "zorgsoorten/wijkzorg/2026/beleid/"
POLICY_FILE = "policies/zorgsoorten/wijkzorg/2026.yaml"
GOOD, BAD = "publicatiedatum: 2025-03-28", "publicatiedatum: 2025-02-31"
TIMEOUT_MS = 60_000


@pytest.fixture
def served(tmp_path):
    """A synthetic project under the real `mkdocs serve` on a free port of 127.0.0.1."""
    project = synthetic_project(tmp_path)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    origin = f"http://127.0.0.1:{port}{PREFIX}"
    try:
        assert wait_for(lambda: fetch(origin + POLICY_PAGE) is not None, 120), "mkdocs serve did not come up"
        yield project, origin
    finally:
        stop(server)


def test_a_broken_file_shows_its_problems_and_the_fixed_file_brings_the_page_back(served, page):
    project, origin = served
    policy = project / POLICY_FILE
    good = policy.read_text(encoding="utf-8")
    assert good.count(GOOD) == 1, "the test breaks a known date"
    line = good[: good.index(GOOD)].count("\n") + 1

    page.goto(origin + POLICY_PAGE)
    heading = page.locator("article h1").inner_text()
    problems = page.locator(".cq-preview-problems li")
    expect(problems).to_have_count(0)

    policy.write_text(good.replace(GOOD, BAD), encoding="utf-8")
    expect(problems).to_have_count(1, timeout=TIMEOUT_MS)  # reloaded by MkDocs, not by the test
    assert page.url == origin + POLICY_PAGE
    expect(page.locator("article h1")).to_have_text("Fouten in de beleidsbestanden")
    problem = problems.first.inner_text()
    assert problem.startswith(f"{POLICY_FILE}:{line}:"), problem
    assert "fout: '2025-02-31' is geen bestaande datum" in problem
    expect(page.locator("article")).to_contain_text("Dit is alleen de voorbeeldweergave; er wordt niets gepubliceerd")
    # Every page address the browser may be on explains, the home page too.
    assert f"{POLICY_FILE}:{line}:" in (fetch(origin) or "")

    policy.write_text(good, encoding="utf-8")
    expect(problems).to_have_count(0, timeout=TIMEOUT_MS)
    expect(page.locator("article h1")).to_have_text(heading)
    assert page.url == origin + POLICY_PAGE
