"""The live preview's incremental rebuild: `mkdocs serve --dirty` (scripts/serve), made exact.

MkDocs' dirty mode skips every page whose `File.is_modified()` is false: it neither reads
nor renders nor writes it. On its own that is inexact (MkDocs warns so): a skipped page
has no title or front matter, which the other pages' navigation shows, and outputs of
files that went away stay behind. `LivePreview` keeps what the next build needs:

- the parse of every unchanged YAML file (`ParseMemo`) and each care type's generated
  files (`IncrementalSite`), so only the changed care types are made again; the check
  always runs over the whole archive;
- the content of every page and generated file of the last build: a file is modified
  when its content changed (or its output is missing). When something every page shows
  changes (the configuration, the theme overrides, the navigation, the glossary tooltips,
  the set of pages, the error preview coming or going), every page is modified;
- the title and front matter of every page: a skipped page gets them back before the
  pages are written. When a rebuilt page's title or front matter changed where other
  pages show it (`navigation`), the skipped pages are read after all and every page is
  written again;
- the outputs of the last build: what this build no longer makes is deleted.

After a build that failed (a page with a script, say) the next one writes every page:
the failed one may have written some.

Pagefind indexes the whole site; under the live preview it runs in the background after
each build (`Indexer`), so the reload does not wait for it. A save before it finished
stops it: the next build starts it again on the new pages.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import threading
from pathlib import Path

from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from ..load import ParseMemo
from ..outputs import IncrementalSite
from . import search

log = logging.getLogger("mkdocs.plugins.caresq")

DIRTY_WARNING = "A 'dirty' build is being performed"


class TrackedFile(File):
    """A file whose `is_modified` the live preview decides (MkDocs asks it only in a dirty build)."""

    modified = True

    def is_modified(self) -> bool:
        return self.modified


class DirtyWarningFilter(logging.Filter):
    """Drops MkDocs' warning that a dirty build is inexact: with the live preview it is not
    (see this module), and mkdocs.yml is `strict`, where the warning would stop every build."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


DIRTY_FILTER = DirtyWarningFilter()


class LivePreview:
    """What the live preview keeps from one `mkdocs serve --dirty` build to the next."""

    def __init__(self) -> None:
        self.memo = ParseMemo()
        self.site = IncrementalSite()
        self.indexer = Indexer()
        self._contents: dict[str, bytes | str] = {}  # src_uri -> content of the last build
        self._pages: dict[str, tuple[str | None, dict]] = {}  # src_uri -> title and front matter shown
        self._outputs: set[str] = set()  # absolute output paths of the last build
        self._everything: object = None  # what every page shows, in the last build
        self._shown: dict[str, bool] = {}  # page in the navigation -> whether other pages show its title
        self._next_outputs: set[str] = set()
        self.written: list[str] = []  # the pages the last build wrote (for the tests and the log)

    # ------------------------------------------------------------------ on_files

    def track(self, files: Files, config, generated: dict[str, str | bytes], everything: object) -> Files:
        """Decide for each page and generated file whether it is modified. `generated`: the
        content of each generated file by uri; `everything`: what every page shows (compared
        with the last build's by equality)."""
        all_modified = everything != self._everything
        self._everything = everything
        contents: dict[str, bytes | str] = {}
        tracked: list[File] = []  # in the same order: the sitemap lists the pages in it
        for file in files:
            tracked.append(file)
            if file.src_uri in generated:
                content = generated[file.src_uri]
            elif file.is_documentation_page() and file.abs_src_path:  # a page in docs/
                content = file.content_bytes
                file = TrackedFile(file.src_uri, file.src_dir, file.dest_dir, file.use_directory_urls,
                                   dest_uri=file.dest_uri, inclusion=file.inclusion)
                file.edit_uri = tracked[-1].edit_uri
                tracked[-1] = file
            else:
                continue  # the theme's and docs/'s other files: MkDocs compares their times
            contents[file.src_uri] = content
            if isinstance(file, TrackedFile):
                previous = self._contents.get(file.src_uri)
                file.modified = (all_modified or not (previous is content or previous == content)
                                 or not os.path.isfile(file.abs_dest_path))
        self._contents = contents
        return Files(tracked)

    # ------------------------------------------------------------------ on_nav, on_env

    def navigation(self, nav: Navigation, config) -> None:
        """Note which pages' titles the other pages show: those in the navigation, but for the
        index page of a section when the theme shows the section's title in its place
        (Material's `navigation.indexes`); the front matter of all of them (icons, status)."""
        features = config.theme["features"] if "features" in config.theme else []
        self._shown = {}
        for page in nav.pages:
            parent = page.parent
            index = None
            if "navigation.indexes" in features and isinstance(parent, Section):
                index = next((item for item in parent.children if isinstance(item, Page) and item.is_index), None)
            self._shown[page.file.src_uri] = index is not page

    def complete(self, files: Files, config) -> None:
        """After MkDocs read the modified pages: give the skipped pages their title and front
        matter back, or, when a rebuilt page changed what other pages show of it, read the
        skipped pages too and have every page written again."""
        pages = [file for file in files.documentation_pages() if file.page is not None]
        skipped = [file for file in pages if not file.is_modified()]

        def shown(uri: str, seen: tuple[str | None, dict] | None) -> tuple | None:
            return None if seen is None else (seen[0] if self._shown[uri] else None, seen[1])

        changed = any(file.is_modified() and file.src_uri in self._shown
                      and shown(file.src_uri, self._pages.get(file.src_uri)) != shown(file.src_uri, _seen(file.page))
                      for file in pages)
        if changed or any(file.src_uri not in self._pages for file in skipped):
            for file in skipped:
                _read(file.page, config, files)
                file.modified = True
        else:
            for file in skipped:
                title, meta = self._pages[file.src_uri]
                file.page.title = title
                file.page.meta = dict(meta)
        self._pages = {file.src_uri: _seen(file.page) for file in pages}
        self.written = sorted(file.src_uri for file in pages if file.is_modified())
        self._next_outputs = {file.abs_dest_path for file in files}
        log.info(f"caresq: {len(self.written)} van de {len(pages)} pagina's opnieuw opgebouwd")

    # ------------------------------------------------------------------ on_post_build

    def clean(self, site_dir: str) -> None:
        """Delete what the last build wrote and this one no longer makes."""
        for path in sorted(self._outputs - self._next_outputs):
            Path(path).unlink(missing_ok=True)
            folder = Path(path).parent
            while folder != Path(site_dir) and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent
        self._outputs = self._next_outputs

    def failed(self) -> None:
        """The build stopped: the next one writes everything, and removes what this one wrote."""
        self._everything = None
        self._outputs |= self._next_outputs


def _seen(page: Page) -> tuple[str | None, dict]:
    return page.title, dict(page.meta)


def _read(page: Page, config, files: Files) -> None:
    """Read and render a page MkDocs skipped, with the plugin events it would have run."""
    page = config.plugins.on_pre_page(page, config=config, files=files)
    page.read_source(config)
    page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
    page.render(config, files)
    page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)


def shown_everywhere(config, files: Files, preview_errors: bool) -> tuple:
    """What every page shows or is made with, as a value to compare with the last build's:
    mkdocs.yml, the theme's files, the navigation, the set of pages, the Markdown extensions
    and their settings (the glossary for `abbr`), and whether this is the error preview."""
    return (
        Path(config.config_file_path).read_bytes() if config.config_file_path else b"",
        _fingerprint([config.theme.custom_dir] if config.theme.custom_dir else []),  # the installed theme stays
        repr(config.nav),
        sorted(file.src_uri for file in files.documentation_pages()),
        repr(config.mdx_configs),
        [repr(extension) if isinstance(extension, str) else type(extension).__name__
         for extension in config.markdown_extensions],
        [str(item) for item in config.extra_css], [str(item) for item in config.extra_javascript],
        config.site_url, config.use_directory_urls,
        preview_errors,
    )


def _fingerprint(paths) -> str:
    """The names, sizes and times of every file under `paths`: an edited theme override shows."""
    digest = hashlib.sha256()
    for root in paths:
        for folder, _, names in sorted(os.walk(root)):
            for name in sorted(names):
                stat = os.stat(os.path.join(folder, name))
                digest.update(f"{folder}/{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


class Indexer:
    """Pagefind in the background, one run at a time. A new build stops a run that has not
    finished (its index would be of pages that are about to change) and starts another."""

    def __init__(self) -> None:
        self._process: subprocess.Popen | None = None
        self._thread: threading.Thread | None = None

    def start(self, site_dir: Path, *, directory_urls: bool) -> None:
        self.cancel()
        remove_index(site_dir)  # Pagefind adds to what is there; a fresh build's index has only its own files
        self._process = subprocess.Popen(search.command(site_dir, directory_urls=directory_urls),
                                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self._thread = threading.Thread(target=self._finish, args=(self._process, site_dir), daemon=True)
        self._thread.start()

    @staticmethod
    def _finish(process: subprocess.Popen, site_dir: Path) -> None:
        output, _ = process.communicate()
        if process.returncode < 0:
            return  # stopped by `cancel`
        try:
            search.finish_index(site_dir, process.returncode, output)
        except search.SearchIndexError as error:
            log.error(f"caresq: {error}")

    def wait(self) -> None:
        """Until the index is complete."""
        if self._thread is not None:
            self._thread.join()
            self._thread = self._process = None

    def cancel(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
        self.wait()


def remove_index(site_dir: Path) -> None:
    shutil.rmtree(site_dir / search.OUTPUT, ignore_errors=True)
