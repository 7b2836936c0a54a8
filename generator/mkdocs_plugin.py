"""The thin MkDocs adapter: load and validate `policies/`, then hand MkDocs the
generated files. All knowledge of policies lives in the core (`generator.site`).

Validation runs in `on_config`, before MkDocs cleans `site_dir`, so bad data
stops the build with the checker's message and leaves the previous site alone.
Nothing is written into `docs/`: generated files enter through `on_files`.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from . import csp, theme_fixes, urls
from .loader import Archive, load_archive
from .problems import PolicyError
from .site import SiteOptions, build_site

log = logging.getLogger("mkdocs.plugins.caresq")


class CaresqConfig(base.Config):
    policies = c.Type(str, default="policies")
    """Folder with the policy YAML, relative to mkdocs.yml."""

    drafts = c.Choice(("auto", "always", "never"), default="auto")
    """Show policies with `status: concept`: `auto` shows them under `mkdocs serve` only."""

    strict_transparency = c.Type(bool, default=False)
    """Treat missing NZa transparency elements as errors instead of warnings."""


class CaresqPlugin(BasePlugin[CaresqConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command = "build"
        self.archive: Archive | None = None
        self.parse_count = 0  # counted loads per build: the regression guard reads it

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across `mkdocs serve` rebuilds.
        self.command = command

    def _include_drafts(self) -> bool:
        return self.config.drafts == "always" or (self.config.drafts == "auto" and self.command == "serve")

    def on_config(self, config):
        if not config.site_url:
            raise PluginError("caresq: zet 'site_url' in mkdocs.yml; agenda-feeds hebben een volledig adres nodig")
        root = Path(config.config_file_path).parent / self.config.policies
        try:
            self.archive = load_archive(root, include_drafts=self._include_drafts(), strict=self.config.strict_transparency)
        except PolicyError as error:
            raise PluginError(str(error)) from None
        self.parse_count += 1
        for problem in self.archive.problems:
            log.info(str(problem))  # transparency warnings: shown, but not a --strict failure
        for asset in ("assets/caresq.css",):
            if asset not in config.extra_css:
                config.extra_css.append(asset)
        scripts = [str(s) for s in config.extra_javascript]
        if "assets/caresq.js" not in scripts:
            config.extra_javascript.append("assets/caresq.js")
        # The glossary as tooltips in Markdown headings and hand-written pages too.
        glossary = {term.term: term.meaning for term in self.archive.glossary.terms}
        if "abbr" in config.markdown_extensions:
            config.mdx_configs.setdefault("abbr", {})["glossary"] = glossary
        return config

    def on_files(self, files: Files, *, config) -> Files:
        assert self.archive is not None
        site_url = config.site_url if config.site_url.endswith("/") else config.site_url + "/"
        generated = build_site(self.archive, SiteOptions(base_url=site_url, directory_urls=config.use_directory_urls))
        docs_root = Path(config.docs_dir).resolve()
        repo_root = Path(config.config_file_path).parent.resolve()
        for file in files:
            if file.src_uri.endswith(".md"):
                try:
                    file.edit_uri = (docs_root / file.src_uri).relative_to(repo_root).as_posix()
                except ValueError:
                    pass
        for uri, content in sorted(generated.files.items()):
            if files.get_file_from_path(uri) is not None:
                raise PluginError(f"caresq: docs/{uri} bestaat al en botst met een gegenereerde pagina; hernoem of verwijder het")
            file = File.generated(config, uri, content=content)
            if uri in generated.sources:
                file.edit_uri = generated.sources[uri]
            files.append(file)
        if config.nav is None:
            config.nav = self._nav(files)
        return files

    def on_post_page(self, output: str, *, page, config) -> str:
        # Theme markup repairs, then the CSP: its script hashes need the finished page.
        # Under `mkdocs serve` no CSP: the live-reload script MkDocs injects changes per request.
        output = theme_fixes.fix_theme_html(output)
        return output if self.command == "serve" else csp.add_policy(output)

    def on_post_template(self, output_content: str, *, template_name: str, config) -> str:
        # 404.html is a theme template, not a page: it needs the same treatment.
        if template_name.endswith(".html"):
            return self.on_post_page(output_content, page=None, config=config)
        return output_content

    def _nav(self, files: Files) -> list:
        """Navigation by care type and year, so each page renders a small menu."""
        archive = self.archive
        care_types = []
        for care_type, policies in sorted(archive.care_types().items(), key=lambda kv: kv[1][-1].name):
            years = []
            for policy in reversed(policies):
                label = f"{policy.year}" + (" (concept)" if policy.draft else "")
                years.append({label: [urls.landing(policy), {"Volledig beleid": urls.full_policy(policy)},
                                      {"Checklist": urls.checklist(policy)}, {"Wijzigingen": urls.policy_changes(policy)}]})
            # Navigation titles are HTML to MkDocs and Material: text from the YAML is escaped.
            care_types.append({html.escape(policies[-1].name): [urls.care_type_index(care_type), *years]})
        shared = []
        for section in sorted({s for s, _ in archive.shared}):
            title = html.escape(archive.shared_versions(section)[-1].title)
            shared.append({(f"ZN-tekst: {title}" if section.startswith("zn-") else title): urls.shared_section(section)})
        nav: list = [
            {"Home": urls.HOME},
            {"Zorgsoorten": [urls.CARE_TYPES_PAGE, *care_types]},
            {"Inkoopkalender": urls.CALENDAR_PAGE},
            {"Wijzigingen": urls.CHANGES_PAGE},
            {"Gedeelde teksten": shared},
            {"Begrippen": urls.GLOSSARY_PAGE},
        ]
        generated_pages = {urls.HOME, urls.CARE_TYPES_PAGE, urls.CALENDAR_PAGE, urls.CHANGES_PAGE, urls.GLOSSARY_PAGE}
        extra = sorted(f.src_uri for f in files.documentation_pages()
                       if f.src_uri not in generated_pages and not f.src_uri.startswith(("zorgsoorten/", "gedeeld/")))
        if extra:
            nav.append({"Over deze site": extra})
        return nav
