"""Page weight as a browser sees it: the HTML and everything the page loads.

A built site is served by Python's http.server on 127.0.0.1; headless Debian
Chromium (through Playwright) opens each page and the body sizes of all
responses are added up: as sent by http.server (uncompressed), and gzipped at
level 6, as a compressing web host would send them. Requests that would leave this machine are blocked
and counted, as the site must not need any.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # as tests/conftest.py


@dataclass
class Weight:
    path: str
    html_bytes: int
    total_bytes: int
    total_gzip_bytes: int
    requests: int
    blocked: int


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def _serve(site: Path):
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def measure(site: Path, paths: list[str]) -> list[Weight]:
    """Weigh each page (`paths` relative to the site root, e.g. 'zorgsoorten/x/')."""
    from playwright.sync_api import sync_playwright

    weights = []
    with _serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for path in paths:
                # A fresh context per page: an empty cache, as a first visit.
                context = browser.new_context()
                page = context.new_page()
                blocked = []
                page.route(lambda url: not url.startswith(base),
                           lambda route: (blocked.append(route.request.url), route.abort()))
                responses = []
                page.on("response", lambda response: responses.append(response))
                page.goto(base + path, wait_until="networkidle")
                bodies: dict[str, bytes] = {}
                for response in responses:
                    try:
                        bodies[response.url] = response.body()
                    except Exception:  # a redirect or aborted request has no body
                        bodies.setdefault(response.url, b"")
                html = len(bodies.get(base + path, b""))
                total = sum(len(body) for body in bodies.values())
                zipped = sum(len(gzip.compress(body, 6)) for body in bodies.values())
                weights.append(Weight(path, html, total, zipped, len(bodies), len(blocked)))
                context.close()
        finally:
            browser.close()
    return weights


MAX_CARE_TYPE_HTML = 150_000  # bytes; sizes are shown in kB of 1000 bytes, as the target is written
KINDS = {"care type (zorgsoorten/<zorgsoort>/)": lambda p: p.count("/") == 2,
         "year (…/<jaar>/)": lambda p: p.count("/") == 3,
         "full policy (…/<jaar>/beleid/)": lambda p: p.endswith("/beleid/"),
         "checklist (…/<jaar>/checklist/)": lambda p: p.endswith("/checklist/"),
         "changes (…/<jaar>/wijzigingen/)": lambda p: p.endswith("/wijzigingen/")}


def section(site: Path) -> list[str]:
    """Every page of the latest year of each care type of a (bundled-size) site, heaviest per kind."""
    from report import kb, table, verdict

    care_types = sorted(p.name for p in (site / "zorgsoorten").iterdir() if p.is_dir())
    paths = []
    for name in care_types:
        latest = max((p for p in (site / "zorgsoorten" / name).iterdir() if p.name.isdigit()), key=lambda p: int(p.name))
        paths += [f"zorgsoorten/{name}/", f"zorgsoorten/{name}/{latest.name}/", f"zorgsoorten/{name}/{latest.name}/beleid/",
                  f"zorgsoorten/{name}/{latest.name}/checklist/", f"zorgsoorten/{name}/{latest.name}/wijzigingen/"]
    weights = measure(site, paths)
    rows, heaviest = [], None
    for label, test in KINDS.items():
        group = [w for w in weights if test(w.path)]
        top = max(group, key=lambda w: w.html_bytes)
        heaviest = top if heaviest is None or top.html_bytes > heaviest.html_bytes else heaviest
        rows.append([label, f"{kb(top.html_bytes)} ({top.path.split('/')[1]})", kb(max(w.total_bytes for w in group)),
                     kb(max(w.total_gzip_bytes for w in group)), str(max(w.requests for w in group)),
                     str(sum(w.blocked for w in group))])
    return ["### Page weight", "",
            f"Every page of the latest year of each of the {len(care_types)} care types of the bundled site, loaded in "
            "headless Chromium from a local http.server with an empty cache; per kind of page the heaviest: its HTML, "
            "and all responses together (as sent, uncompressed, and gzipped as a compressing host sends them).", "",
            *table(["page", "HTML", "total", "total gzipped", "requests", "blocked outside requests"], rows), "",
            f"- Heaviest care-type page: {kb(heaviest.html_bytes)} of HTML ({heaviest.path}; target at most "
            f"{kb(MAX_CARE_TYPE_HTML)}): {verdict(heaviest.html_bytes <= MAX_CARE_TYPE_HTML)}", ""]
