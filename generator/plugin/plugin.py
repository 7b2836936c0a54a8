"""The `caresq` MkDocs plugin: events only, each delegating to the core.

Validation runs in `on_config`, before MkDocs cleans `site_dir`, so bad data
stops the build with the checker's message and leaves the previous site alone.
Nothing is written into `docs/`: generated files enter through `on_files`.

Under `mkdocs serve` bad data does not stop the build: the preview state. Every page
the browser may be on (those of the last good build, the hand-written ones, the home
page) becomes one error page listing the problems as `check` prints them, and the
browser's live reload shows it; the next good save brings the pages back. `build`,
`gh-deploy` and the publish tool never get there: they stop on the first error.

A build whose inputs did not change (policy files, generator, libraries, options, build
date) takes the generated files from the cache between builds (`cache.py`) and skips
loading, checking and generating; `cache: false` turns that off.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.utils import get_build_datetime

from ..model.errors import PolicyError, Problem
from ..render.folds import FoldExtension
from ..render.options import ASSETS, SiteOptions
from . import cache, csp, search, theme_fixes
from .config import CaresqConfig

if TYPE_CHECKING:
    from ..model.archive import Archive
    from .incremental import LivePreview

log = logging.getLogger("mkdocs.plugins.caresq")


class CaresqPlugin(BasePlugin[CaresqConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command = "build"
        self.archive: Archive | None = None
        # The preview state (serve only): the problems that stop the build, and the page
        # addresses of the last good build, where the error page then stands.
        self.problems: list[Problem] = []
        self.good_pages: list[str] = []
        # The cache between builds (cache.py): this build's key, and the entry found under it.
        self.cache: cache.BuildCache | None = None
        self.found: cache.Entry | None = None
        self.page_policies: cache.PagePolicies | None = None
        self.live: LivePreview | None = None  # `mkdocs serve --dirty`: rebuild what changed (incremental.py)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across `mkdocs serve` rebuilds.
        self.command = command
        self.live = _core().LivePreview() if command == "serve" and dirty else None
        if self.live:
            logging.getLogger("mkdocs.commands.build").addFilter(_core().incremental.DIRTY_FILTER)

    def on_shutdown(self) -> None:
        if self.live:
            self.live.indexer.cancel()
            logging.getLogger("mkdocs.commands.build").removeFilter(_core().incremental.DIRTY_FILTER)
            self.live = None

    def on_config(self, config):
        if not config.site_url:
            raise PluginError("caresq: zet 'site_url' in mkdocs.yml; agenda-feeds hebben een volledig adres nodig")
        here = Path(config.config_file_path).parent
        site_url = config.site_url if config.site_url.endswith("/") else config.site_url + "/"
        # "Today" for the pages' build-time "what comes next": SOURCE_DATE_EPOCH when set, so
        # two builds of the same epoch stay byte-identical.
        self.inputs = cache.Inputs(
            here / self.config.policies,
            SiteOptions(base_url=site_url, directory_urls=config.use_directory_urls, today=get_build_datetime().date()),
            drafts=self.config.drafts == "always" or (self.config.drafts == "auto" and self.command == "serve"),
            strict_transparency=self.config.strict_transparency)
        # The live preview keeps its own, finer memory from save to save (incremental.py).
        use_cache = self.config.cache and self.live is None
        self.cache = cache.BuildCache.open(here / self.config.cache_dir, self.inputs) if use_cache else None
        self.found = self.cache.read() if self.cache else None
        # Pages rendered exactly as in an earlier build keep their policy (cache.PagePolicies).
        self.page_policies = self.cache.page_policies() if self.cache and self.command != "serve" else None
        self.archive, self.problems = None, []
        if self.live is not None:
            self.live.indexer.cancel()  # the last build's search index: its pages are about to change
        if self.found is None:
            self._load()
        self.notes = self.found.notes if self.found else cache.Notes.of(self.archive) if self.archive else None
        for message in self.notes.messages if self.notes else ():
            log.info(message)  # transparency warnings: shown, but not a --strict failure
        stylesheet, script = (f"assets/{name}" for name in ASSETS)
        if stylesheet not in config.extra_css:
            config.extra_css.append(stylesheet)
        if script not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(script)
        # The full policy's long sections as folds (render/folds.py).
        if not any(isinstance(ext, FoldExtension) for ext in config.markdown_extensions):
            config.markdown_extensions.append(FoldExtension())
        # The glossary as tooltips in Markdown headings and hand-written pages too.
        if self.notes is not None and "abbr" in config.markdown_extensions:
            config.mdx_configs.setdefault("abbr", {})["glossary"] = dict(self.notes.glossary)
        return config

    def _load(self) -> None:
        """Load and check the policies; under `mkdocs serve` bad data is the preview state."""
        try:
            self.archive = _core().load_archive(self.inputs.policies, include_drafts=self.inputs.drafts,
                                        strict=self.inputs.strict_transparency,
                                        memo=self.live.memo if self.live else None)
        except PolicyError as error:
            if self.command != "serve":
                raise PluginError(str(error)) from None
            self.problems = error.problems
            # INFO, not WARNING: mkdocs.yml is strict, and a warning would stop the preview's build.
            log.info(f"caresq: voorbeeldweergave toont de fouten, er wordt niets gepubliceerd. {error}")

    def on_files(self, files: Files, *, config) -> Files:
        if self.problems:
            return self._error_files(files, config)
        hand_written = sorted(f.src_uri for f in files.documentation_pages())
        if self.found is not None and self.found.hand_written != hand_written:
            self.found = None  # its menu was made for other pages in docs/: generate afresh
            self._load()
            if self.problems:
                return self._error_files(files, config)
        if self.found is None:
            assert self.archive is not None
            options = self.inputs.options
            generated = self.live.site.build(self.archive, options) if self.live else _core().build_site(self.archive, options)
            new_files = [_core().TrackedFile.generated(config, uri, content=content)
                         for uri, content in sorted(generated.files.items())]
            sources = generated.sources
        else:
            new_files, sources = self.found.mkdocs_files(config), self.found.sources
        docs_root = Path(config.docs_dir).resolve()
        repo_root = Path(config.config_file_path).parent.resolve()
        for file in files:
            if file.src_uri.endswith(".md"):
                try:
                    file.edit_uri = (docs_root / file.src_uri).relative_to(repo_root).as_posix()
                except ValueError:
                    pass
        for file in new_files:
            if files.get_file_from_path(file.src_uri) is not None:
                raise PluginError(f"caresq: docs/{file.src_uri} bestaat al en botst met een gegenereerde pagina; "
                                  "hernoem of verwijder het")
            if file.src_uri in sources:
                file.edit_uri = sources[file.src_uri]
            files.append(file)
        if self.found is None:
            nav = _core().navigation(self.archive, (f.src_uri for f in files.documentation_pages()))
            stored = self.cache.store(generated, cache.Notes.of(self.archive), nav, hand_written) if self.cache else None
            if stored is not None and not self.live:
                # From here on as a warm build: MkDocs reads the pages from the cache, and the
                # generated text and the archive need not stay in memory while it renders.
                files = cache.from_entry(files, new_files, stored, config)
                self.archive = None
        else:
            nav = self.found.nav
        if config.nav is None:
            config.nav = nav
        self.good_pages = sorted(f.src_uri for f in files.documentation_pages())
        if self.live:
            files = self.live.track(files, config, generated.files, _core().incremental.shown_everywhere(config, files, False))
        return files

    def _error_files(self, files: Files, config) -> Files:
        """The preview state: the error page in place of every page, the other files kept."""
        pages = {f.src_uri for f in files.documentation_pages()}
        for file in list(files.documentation_pages()):
            files.remove(file)
        generated = _core().error_files(self.problems, pages.union(self.good_pages))
        for uri, content in sorted(generated.items()):
            file = _core().TrackedFile.generated(config, uri, content=content)
            file.edit_uri = None
            files.append(file)
        # One menu entry: an empty nav would make MkDocs list every (identical) error page.
        config.nav = [{"Fouten in de beleidsbestanden": _core().HOME}]
        # ... and not list every page left out of it, burying the problems in the terminal.
        config.validation.nav.omitted_files = logging.DEBUG
        if self.live:
            files = self.live.track(files, config, generated, _core().incremental.shown_everywhere(config, files, True))
        return files

    def on_nav(self, nav, *, config, files):
        if self.live:
            self.live.navigation(nav, config)
        return nav

    def on_env(self, env, *, config, files):
        if self.live:
            self.live.complete(files, config)
        return env

    def on_page_content(self, html: str, *, page, config, files) -> str:
        # The policy allows the theme's inline scripts by hash; one written into a page must not ride along.
        if csp.content_has_script(html):
            raise PluginError(
                f"caresq: {_page_name(page, config)} bevat een <script>. De site voert alleen de scripts van "
                "het thema en van de generator uit; de Content-Security-Policy zou dit script anders toestaan. "
                "Haal het script uit de pagina; is het echt nodig, laat een ontwikkelaar het dan als bestand "
                "toevoegen (extra_javascript in mkdocs.yml)")
        return html

    def on_post_page(self, output: str, *, page, config) -> str:
        # Theme markup repairs, then the CSP: its script hashes need the finished page.
        # Under `mkdocs serve` no CSP: the live-reload script MkDocs injects changes per request.
        output = theme_fixes.fix_theme_html(output)
        if self.command == "serve":
            return output
        try:
            if self.page_policies is None:
                return csp.add_policy(output)
            return csp.with_policy(output, self.page_policies.policy(output, csp.page_policy))
        except csp.ScriptInContent:
            name = _page_name(page, config) if page is not None else "het sjabloon 404.html"
            raise PluginError(f"caresq: {name}: de inhoud van de pagina bevat een <script>; de site voert alleen "
                              "de scripts van het thema en van de generator uit. Haal het script weg") from None

    def on_post_build(self, *, config) -> None:
        # The search index is made from the finished pages, as a reader sees them.
        if self.live:
            self.live.clean(config.site_dir)
            if self.problems:
                _core().incremental.remove_index(Path(config.site_dir))
            else:
                self.live.indexer.start(Path(config.site_dir), directory_urls=config.use_directory_urls)
            return
        if self.problems:
            return  # the preview's error pages: nothing to search
        if self.page_policies is not None:
            self.page_policies.save()
        try:
            search.build_index(Path(config.site_dir), directory_urls=config.use_directory_urls)
        except search.SearchIndexError as error:
            raise PluginError(f"caresq: {error}") from None

    def on_build_error(self, *, error: Exception) -> None:
        if self.live:
            self.live.failed()

    def on_post_template(self, output_content: str, *, template_name: str, config) -> str:
        # 404.html is a theme template, not a page: it needs the same treatment.
        if template_name.endswith(".html"):
            return self.on_post_page(output_content, page=None, config=config)
        return output_content


def _page_name(page, config) -> str:
    """docs/beleid-aanpassen.md for a hand-written page, the generated page's path otherwise."""
    if page.file.abs_src_path:
        try:
            return Path(page.file.abs_src_path).resolve().relative_to(Path(config.config_file_path).parent.resolve()).as_posix()
        except ValueError:
            return page.file.abs_src_path
    return page.file.src_uri


def _core():
    """The generator's core (core.py), imported when a build has to generate: not for a
    build served from the cache between builds."""
    from . import core

    return core
