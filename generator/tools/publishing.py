"""Getting the site onto disk for hosts other than GitHub Pages.

`publish --to TARGET` builds the site, checks it, and only then makes it live.
The layout beside TARGET (here `/var/www/beleid`):

    /var/www/beleid                  a symlink: beleid.releases/<stamp>, the live site
    /var/www/beleid.releases/
        .caresq-publish              marker: this folder and the symlink are ours
        .lock                        held (fcntl.flock) while a publish runs
        <stamp>/                     the live release
        <stamp>/                     the release before it, kept for a rollback
        <stamp>.nieuw/               a release being built; never served
    /var/www/.beleid.link            the new symlink, for a moment, before it replaces TARGET

The web server serves TARGET and must follow symlinks (nginx does by default,
Apache with `Options FollowSymLinks`). A release goes live by one
`os.replace` of a new symlink onto TARGET, which is atomic: at any moment,
also after a kill, TARGET is the old complete site or the new one. The previous
release is removed only after the new one is live; older releases, staging
folders and a stray symlink left by a killed run are removed by the next run.
To roll back by hand: `ln -sfn beleid.releases/<previous stamp> /var/www/beleid`.

TARGET must be new, an empty folder, or an earlier publish. A folder with other
content, the project itself, a folder that contains it, and docs_dir (or a
folder in it) are refused: publish replaces TARGET whole. One publish per
TARGET at a time; a second one is refused while the lock is held.

`export` writes the generated files as plain Markdown, feeds and JSON with a
minimal mkdocs.yml, for a setup that builds them without our plugin.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import yaml

from ..check import load_archive
from ..model.errors import PublishError
from ..outputs import SiteOptions, build_site
from . import linkcheck

EXPORT_MARKER = ".caresq-export"
PUBLISH_MARKER = ".caresq-publish"
LOCK = ".lock"
STAGING_SUFFIX = ".nieuw"


@dataclass(frozen=True)
class Published:
    target: Path
    files: int
    release: Path
    previous: Path | None


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
    """Build, check, then make the new site live at `target`. Raises PublishError; `target` is then unchanged."""
    target = Path(os.path.abspath(target))
    config_file = Path(config_file)
    _refuse_protected(target, config_file)
    releases = releases_of(target)
    _refuse_foreign(target, releases)
    releases.mkdir(parents=True, exist_ok=True)
    with _locked(target, releases):
        _refuse_foreign(target, releases)  # again: another run may have changed it before we held the lock
        (releases / PUBLISH_MARKER).write_text("python -m generator publish --to TARGET\n", encoding="utf-8")
        _remove_leftovers(target, releases)
        name = _release_name(releases)
        staging, release, link = releases / (name + STAGING_SUFFIX), releases / name, _link_path(target)
        previous = live_release(target)
        emptied = False
        try:
            staging.mkdir()
            site_url = build_into(staging, config_file)
            problems = verify(staging, site_url)
            if problems:
                shown = problems[:20] + ([f"... en nog {len(problems) - 20}"] if len(problems) > 20 else [])
                raise PublishError("de gebouwde site is niet in orde:\n" + "\n".join(f"  {p}" for p in shown))
            files = sum(1 for p in staging.rglob("*") if p.is_file())
            os.rename(staging, release)
            os.symlink(f"{releases.name}/{name}", link)
            if target.is_dir() and not target.is_symlink():
                target.rmdir()  # empty (see _refuse_foreign): nothing was served from it
                emptied = True
            os.replace(link, target)  # the one step that makes the new site live
        except BaseException as error:
            # The replace is the last step: whatever failed, the new release is not live.
            for leftover in (staging, release, link):
                _remove(leftover)
            if emptied and not os.path.lexists(target):
                target.mkdir()
            if isinstance(error, OSError):
                raise PublishError(f"de nieuwe site kon niet op zijn plek gezet worden: {error}") from None
            raise
        for entry in releases.iterdir():  # keep the live release and the one before it
            if entry.name not in {name, previous, PUBLISH_MARKER, LOCK}:
                _remove(entry)
    return Published(target, files, release, releases / previous if previous else None)


def releases_of(target: Path) -> Path:
    return target.with_name(target.name + ".releases")


def live_release(target: Path) -> str | None:
    """The name of the release `target` links to, if it is one of ours."""
    if not target.is_symlink():
        return None
    destination = Path(os.readlink(target))
    if destination.parent != Path(releases_of(target).name) or not destination.name:
        return None
    return destination.name


def _link_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.link")


def _refuse_protected(target: Path, config_file: Path) -> None:
    """Never replace the project, a folder holding it, or the hand-written pages."""
    from mkdocs.config import load_config

    try:
        docs = Path(load_config(str(config_file)).docs_dir).resolve()
    except Exception as error:
        raise PublishError(f"{config_file} kon niet gelezen worden: {error}") from None
    project = config_file.resolve().parent
    where = Path(os.path.realpath(target.parent)) / target.name  # TARGET itself may be our symlink
    advice = "kies een aparte map buiten het project, bijvoorbeeld /var/www/beleid"
    if where == project:
        reason = f"dat is de projectmap zelf (waar {config_file.name} staat)"
    elif where in project.parents:
        reason = f"die map bevat het project ({project})"
    elif where == docs:
        reason = "dat is docs_dir, met de handgeschreven pagina's"
    elif where.is_relative_to(docs):
        reason = f"die map ligt in docs_dir ({docs})"
    elif where in docs.parents:
        reason = f"die map bevat docs_dir ({docs})"
    else:
        return
    raise PublishError(f"--to {target}: {reason}; publish vervangt de doelmap helemaal door de gebouwde site. "
                       f"Daarom is er niets gedaan: {advice}")


def _refuse_foreign(target: Path, releases: Path) -> None:
    """TARGET must be new, an empty folder or an earlier publish: other content would be thrown away."""
    ours = (releases / PUBLISH_MARKER).is_file()
    if os.path.lexists(releases):
        entries = {entry.name for entry in releases.iterdir()} if releases.is_dir() and not releases.is_symlink() else None
        if entries is None or (not ours and entries - {LOCK}):
            raise PublishError(f"{releases} bestaat al en is niet door publish gemaakt; publish bewaart daar zijn "
                               "versies van de site. Verplaats of verwijder die map, of kies een andere doelmap")
    if not os.path.lexists(target):
        return
    if target.is_symlink():
        if ours and live_release(target) is not None:
            return
        raise PublishError(f"{target} is een symbolische koppeling die niet door publish is gemaakt; "
                           "publish zou die vervangen. Verwijder de koppeling of kies een andere doelmap")
    if not target.is_dir():
        raise PublishError(f"{target} is een bestand, geen map; kies een andere doelmap")
    if any(target.iterdir()):
        raise PublishError(f"{target} bestaat al, is niet leeg en is geen eerdere publicatie; publish vervangt de "
                           "doelmap helemaal en zou die inhoud weggooien. Kies een lege of nieuwe map, of verplaats "
                           "de inhoud eerst (een site van een oudere versie van publish ook: verplaats die en "
                           "publiceer opnieuw)")


@contextmanager
def _locked(target: Path, releases: Path) -> Iterator[None]:
    """One publish per TARGET at a time; the lock ends with the process, also when it is killed."""
    with open(releases / LOCK, "a", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishError(f"er loopt al een publicatie naar {target}; wacht tot die klaar is "
                               "en probeer het daarna opnieuw") from None
        yield


def _remove_leftovers(target: Path, releases: Path) -> None:
    """What a killed run left: half-built releases and its new symlink, never the live site."""
    for entry in releases.iterdir():
        if entry.name.endswith(STAGING_SUFFIX):
            _remove(entry)
    _remove(_link_path(target))


def _release_name(releases: Path) -> str:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
    name, count = stamp, 1
    while any(os.path.lexists(releases / candidate) for candidate in (name, name + STAGING_SUFFIX)):
        count += 1
        name = f"{stamp}-{count}"
    return name


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)


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
