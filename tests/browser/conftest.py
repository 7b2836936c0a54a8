"""Browser fixtures: the built site served over HTTP on 127.0.0.1 and one headless
Debian chromium per session, driven by Playwright.

The site is served under the path of `site_url` (e.g. /zorginkoopbeleid/), as on
GitHub Pages, so the 404 page's absolute links resolve like in production.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import CHROMIUM, CHROMIUM_ARGS, ROOT  # tests/conftest.py (tests/ is on sys.path)

from .support import A11Y_ALLOWLIST, AXE_JS, PHONE_WIDTH, load_allowlist
from .sweep import PageVisit, visit_every_page


class _Handler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"

    def translate_path(self, path: str) -> str:
        if path.startswith(self.prefix):
            path = "/" + path[len(self.prefix):]
        return super().translate_path(path)

    def log_message(self, format, *args):  # keep test output clean
        pass


class SiteServer:
    """A static server for one built site; `url(rel)` gives the address of a file."""

    def __init__(self, site_dir: Path, prefix: str):
        self.site_dir = site_dir
        self.prefix = prefix if prefix.endswith("/") else prefix + "/"
        handler = functools.partial(type("Handler", (_Handler,), {"prefix": self.prefix}), directory=str(site_dir))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, relative: str = "") -> str:
        return self.origin + self.prefix + relative.lstrip("/")

    def pages(self) -> list[str]:
        """Every HTML page, as a path relative to the site root (directory URLs)."""
        found = []
        for path in sorted(self.site_dir.rglob("*.html")):
            rel = path.relative_to(self.site_dir).as_posix()
            found.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        return found


def _site_prefix() -> str:
    from mkdocs.config import load_config

    return urlparse(load_config(str(ROOT / "mkdocs.yml")).site_url).path or "/"


@pytest.fixture(scope="session")
def site(built_site) -> SiteServer:
    server = SiteServer(built_site, _site_prefix())
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM:
        pytest.skip("chromium not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def page_visits(browser, site) -> list[PageVisit]:
    """Every page visited once (see sweep.py), for the gates that check every page."""
    if not AXE_JS.exists():
        pytest.fail("node_modules/axe-core is missing: run scripts/setup --with-browser")
    allow = [{"rule": entry.rule, "selector": entry.selector} for entry in load_allowlist(A11Y_ALLOWLIST)]
    return visit_every_page(browser, site, allow)


@pytest.fixture
def context(browser):
    """A fresh browser profile per test: its own localStorage, desktop size."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()



@pytest.fixture
def phone(browser):
    """A fresh browser profile the size of a phone (375 px wide), for the page-height checks."""
    ctx = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 800}, device_scale_factor=1, locale="nl-NL")
    yield ctx
    ctx.close()
