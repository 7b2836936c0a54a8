"""Getting the site onto disk for hosts other than GitHub Pages.

`publish` builds into a fresh directory next to the target, checks the result,
and only then swaps it into place: a failed build or check leaves the site
that is being served untouched, and visitors never see a half-written site.

`export` writes the generated files as plain Markdown, feeds and JSON with a
minimal mkdocs.yml, for a setup that builds them without our plugin.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..check import load_archive
from ..model.errors import PublishError
from ..outputs import SiteOptions, build_site
from . import linkcheck

EXPORT_MARKER = ".caresq-export"


@dataclass(frozen=True)
class Published:
    target: Path
    files: int


class _Collect(logging.Handler):
    """MkDocs reports why a build failed through logging; we want it in our message."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_into(site_dir: Path, config_file: Path) -> str:
    """A clean `mkdocs build` into `site_dir` through the public API; returns the site_url."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    collected = _Collect()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(collected)
    try:
        config = load_config(str(config_file), site_dir=str(site_dir))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as error:
        details = "\n".join(collected.messages) or str(error)
        raise PublishError(f"de site kon niet gebouwd worden:\n{details}") from None
    except Exception as error:  # a bug, not bad data: say so, and where to see the traceback
        raise PublishError(f"interne fout bij het bouwen ({type(error).__name__}: {error}); "
                           "'mkdocs build' toont de details") from error
    finally:
        mkdocs_log.removeHandler(collected)
    return config.site_url or ""


def verify(site_dir: Path, site_url: str) -> list[str]:
    """What is wrong with a built site; empty when it may go live."""
    problems = [f"{name} ontbreekt" for name in ("index.html", "404.html") if not (site_dir / name).is_file()]
    report = linkcheck.check_site(site_dir, site_url or None)
    problems += [f"kapotte link: {broken}" for broken in sorted(report.broken)]
    return problems


def publish(target: Path, config_file: Path = Path("mkdocs.yml")) -> Published:
    """Build, check, then swap the new site into `target`. Raises PublishError; `target` is then unchanged."""
    target = Path(target).absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    # Next to the target, so the final rename stays on one file system and is atomic.
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".nieuw", dir=target.parent))
    try:
        site_url = build_into(staging, Path(config_file))
        problems = verify(staging, site_url)
        if problems:
            shown = problems[:20] + ([f"... en nog {len(problems) - 20}"] if len(problems) > 20 else [])
            raise PublishError("de gebouwde site is niet in orde:\n" + "\n".join(f"  {p}" for p in shown))
        files = sum(1 for p in staging.rglob("*") if p.is_file())
        _swap(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Published(target, files)


def _swap(staging: Path, target: Path) -> None:
    """Put `staging` at `target`; the old site stays as `<target>.previous` until that succeeded."""
    previous = target.with_name(target.name + ".previous")
    if previous.exists():
        shutil.rmtree(previous)  # left behind by an interrupted earlier run
    if target.exists():
        os.rename(target, previous)
    try:
        os.rename(staging, target)
    except OSError:
        if previous.exists() and not target.exists():
            os.rename(previous, target)
        raise
    shutil.rmtree(previous, ignore_errors=True)


# --------------------------------------------------------------------------- export


def export(out: Path, policies: Path, site_url: str) -> int:
    """Write the generated site files under `out/docs` plus `out/mkdocs.yml`; returns the file count."""

    out = Path(out)
    if out.exists() and any(out.iterdir()) and not (out / EXPORT_MARKER).exists():
        raise PublishError(f"{out} bestaat al en is geen eerdere export; kies een lege of nieuwe map")
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    archive = load_archive(Path(policies), include_drafts=False)  # an export is a publication: no drafts
    from mkdocs.utils import get_build_datetime

    # The pages' "what comes next" fallback is for the build date, as in the MkDocs build.
    generated = build_site(archive, SiteOptions(base_url=site_url, today=get_build_datetime().date()))
    docs = out / "docs"
    if docs.exists():
        shutil.rmtree(docs)  # ours (see the marker): a page that was removed must not linger
    for uri, content in sorted(generated.files.items()):
        path = docs / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="\n")
    glossary = {term.term: term.meaning for term in archive.glossary.terms}
    config = {
        "site_name": archive.organisation.site_name,
        "site_url": site_url,
        "docs_dir": "docs",
        "theme": {"name": "material", "language": "nl", "features": ["navigation.indexes", "content.tooltips"]},
        "extra_css": [uri for uri in sorted(generated.files) if uri.startswith("assets/") and uri.endswith(".css")],
        "extra_javascript": [uri for uri in sorted(generated.files) if uri.startswith("assets/") and uri.endswith(".js")],
        "markdown_extensions": [
            {"abbr": {"glossary": glossary}},
            "admonition",
            "attr_list",
            "md_in_html",
            {"toc": {"permalink": True}},
            "tables",
        ],
    }
    header = "# Made by `python -m generator export`; build with `mkdocs build -f mkdocs.yml`.\n"
    (out / "mkdocs.yml").write_text(header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (out / EXPORT_MARKER).write_text("python -m generator export\n", encoding="utf-8")
    return len(generated.files)
