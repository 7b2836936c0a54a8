"""What a phone downloads for the first search result, in headless Chromium.

Usage: .venv/bin/python bench/search_transfer.py SITE_DIR [QUERY]  (default query: kraamzorg)
`bench/run.py --only search` runs it on the 10x and 50x sites (`section` below).

Serves a built site on 127.0.0.1 (bench/page_weight.py), opens a care type's page at
375 px as a phone, opens the search, types the query and waits for the first result
(`.md-search-result__item`, the same class in Material's own search and in ours).
Counts every response from the navigation on until that moment: the page, and what
the search needed (Material: the lunr worker and the whole search_index.json, fetched
with the page; Pagefind: zoeken.js, pagefind.js, its worker and WebAssembly, and the
index chunks and page fragments of the query). Sizes as sent by http.server
(uncompressed) and gzipped at level 6 as a compressing host would send them
(Pagefind's index files are gzip already; they count as they are).
Prints one JSON line.
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from page_weight import CHROMIUM, CHROMIUM_ARGS, _serve  # noqa: E402

SEARCH_PARTS = ("/pagefind/", "/search/", "/workers/search", "/lunr/", "zoeken.js")


def first_page(site: Path) -> str:
    """A care type's page with a year: the first in sorted order."""
    years = sorted(p for p in (site / "zorgsoorten").glob("*/*/index.html") if p.parent.name.isdigit())
    return years[0].parent.relative_to(site).as_posix() + "/"


def measure(site: Path, query: str) -> dict:
    from playwright.sync_api import sync_playwright

    path = first_page(site)
    with _serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
        page = context.new_page()
        seen: list[tuple[str, int, int]] = []

        def finished(request):
            try:
                body = request.response().body()
            except Exception:  # a redirect or an aborted request has no body
                return
            packed = len(gzip.compress(body, 6))
            seen.append((request.url, len(body), min(packed, len(body))))

        page.on("requestfinished", finished)
        page.goto(base + path)
        page.locator('.md-header label[for="__search"]').first.click()
        start = time.perf_counter()
        page.keyboard.type(query)
        page.wait_for_selector(".md-search-result__item", timeout=120_000)
        seconds = time.perf_counter() - start
        first = page.locator(".md-search-result__item a").first.get_attribute("href")
        browser.close()
    search = [s for s in seen if any(part in s[0] for part in SEARCH_PARTS)]
    return {
        "site": str(site), "page": path, "query": query, "first_result": first,
        "seconds_typing_to_result": round(seconds, 2),
        "requests": len(seen), "search_requests": len(search),
        "total_bytes": sum(s[1] for s in seen), "total_gzip_bytes": sum(s[2] for s in seen),
        "search_bytes": sum(s[1] for s in search), "search_gzip_bytes": sum(s[2] for s in search),
        "index_on_disk": index_on_disk(site),
    }


def index_on_disk(site: Path) -> int:
    lunr = site / "search" / "search_index.json"
    if lunr.exists():
        return lunr.stat().st_size
    return sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())


MAX_SEARCH_BYTES = 300_000  # issue 18: the first result costs a phone at most 300 KB
QUERIES = ("kraamzorg", "deadline vragenlijst")


def section(sites: dict[int, Path], queries=QUERIES) -> list[str]:
    from report import kb, table, verdict
    from workspace import log

    rows = []
    for scale, site in sites.items():
        for query in queries:
            got = measure(site, query)
            log(f"search {scale}x {query!r}: {got['search_bytes']} bytes")
            rows.append([f"{scale}x", kb(got["index_on_disk"]), query, kb(got["search_bytes"]),
                         kb(got["search_gzip_bytes"]), kb(got["total_gzip_bytes"]), str(got["search_requests"]),
                         f"{got['seconds_typing_to_result']:.2f} s", verdict(got["search_bytes"] <= MAX_SEARCH_BYTES)])
    return ["### Search transfer", "",
            "A care type's page opened as a phone (375 px) in headless Chromium from a local http.server, search "
            "opened, the query typed, until the first result shows (bench/search_transfer.py). \"Search\" is what "
            "the search needed from the navigation on (zoeken.js, Pagefind's script, worker and WebAssembly, the "
            "index chunks and fragments of the query), as sent (uncompressed) and gzipped at level 6 as a compressing "
            "host sends it. Index on disk: Pagefind's whole bundle. Target: the search bytes until the first result, "
            f"uncompressed, at most {kb(MAX_SEARCH_BYTES)} at 10x and 50x.", "",
            *table(["archive", "index on disk", "query", "search bytes", "gzipped", "page + search, gzipped",
                    "search requests", "typing to result", "target"], rows), ""]


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "kraamzorg")))
