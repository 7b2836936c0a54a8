"""The site's search index: Pagefind, run over the finished pages after the build.

Material's own search sends the whole index (lunr) to the browser before the first
result: 0.6 MB for the bundled site, 18 MB at 50 times the archive. Pagefind writes
the index in chunks by word; a query loads only the chunks and page fragments it
needs. It also folds diacritics (clientprofielen finds cliëntprofielen), searches a
quoted phrase as a phrase, and returns an excerpt around the matched words.

What is indexed: the article of every page (not the menus, header or footer), each
heading with an id a result of its own. Left out:
- the headings' and conditions' permalink signs and the edit button;
- pages whose front matter says `search: exclude: true` (the editors' guide and check page;
  overrides/main.html marks their content);
- any block marked `data-pagefind-ignore` in the templates or pages: the contact cards
  repeated on every care type's page (the home page keeps the one indexed copy), the
  worked examples in the editors' guide, and the 404 page's text (a page without
  indexed text is no result).

Pagefind's binary comes with the `pagefind[extended]` package from PyPI; it runs once
per build over the whole site (its Python API answers one page per 0.1 s, too slow
for a large archive). Its output is deterministic: tests/test_reproducible.py holds
the build to that. The UI is overrides/partials/search.html with
overrides/assets/javascripts/zoeken.js.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from ..model.errors import GeneratorError

OUTPUT = "pagefind"
CONTENT = "article.md-content__inner"
EXCLUDE = (".headerlink", ".cq-permalink", ".md-content__button")
# Pagefind also writes its ready-made UIs and a highlighter; the site's own UI uses
# only its JS API (pagefind.js, its worker, the wasm and the index), so these go.
UNUSED = (
    "pagefind-ui.js", "pagefind-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css",
    "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)


class SearchIndexError(GeneratorError):
    """Pagefind could not index the site."""


def executable() -> Path | None:
    """The Pagefind binary: PAGEFIND_BINARY_PATH when set, otherwise the one `pagefind[extended]`
    installs. (The `pagefind` package's own lookup imports asyncio for its service API, which
    this module does not use: some 35 ms of every build.)"""
    if path := os.environ.get("PAGEFIND_BINARY_PATH"):
        return Path(path)
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        return None
    return Path(get_executable())


def command(site_dir: Path, *, directory_urls: bool) -> list[str]:
    binary = executable()
    if binary is None:
        raise SearchIndexError("Pagefind is niet geïnstalleerd; installeer de afhankelijkheden opnieuw (scripts/setup)")
    args = [str(binary), "--site", str(site_dir), "--output-subdir", OUTPUT, "--root-selector", CONTENT,
            "--force-language", "nl", "--silent"]
    for selector in EXCLUDE:
        args += ["--exclude-selectors", selector]
    if not directory_urls:
        args.append("--keep-index-url")
    return args


def build_index(site_dir: Path, *, directory_urls: bool) -> None:
    """Index the built site into `site_dir/pagefind/`."""
    done = subprocess.run(command(site_dir, directory_urls=directory_urls), capture_output=True, text=True, check=False)
    finish_index(site_dir, done.returncode, done.stdout + done.stderr)


def finish_index(site_dir: Path, returncode: int, output: str) -> None:
    """After Pagefind ran: its failure as an error, or its files the site does not use removed."""
    if returncode != 0:
        raise SearchIndexError(f"Pagefind kon de zoekindex niet maken:\n{output}")
    for name in UNUSED:
        (site_dir / OUTPUT / name).unlink(missing_ok=True)
