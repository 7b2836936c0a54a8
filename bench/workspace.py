"""The bench's work folder: synthetic archives, mkdocs.yml files and built sites per scale,
each made once per run and shared by the parts that need them.

Every subprocess the bench starts runs this worktree's code: `use_this_checkout()` puts
its root first on PYTHONPATH (the shared venv's editable install may point elsewhere)
and the subprocesses run with it as their working directory.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import site_configs
import synth

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
PYTHON = sys.executable


def use_this_checkout() -> None:
    """This checkout's `generator` for this process and every subprocess."""
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))])
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    if sys.path[0] != str(ROOT):
        sys.path.insert(0, str(ROOT))


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def plugin_options() -> set[str]:
    """The caresq plugin's option names in this checkout."""
    from generator.plugin.config import CaresqConfig

    return set(dict(CaresqConfig._schema))


@dataclass
class Build:
    """One build_once.py run. CPU includes Pagefind's process."""

    seconds: float
    cpu: float
    peak_kib: int
    pagefind_seconds: float
    pagefind_cpu: float
    pages: int


def run_build(config_file: Path, site: Path, *, pagefind: bool = False, timers: Path | None = None) -> Build:
    """One build in a fresh process (bench/build_once.py)."""
    if site.exists():
        shutil.rmtree(site)
    command = [PYTHON, str(BENCH / "build_once.py"), str(config_file), str(site)]
    if pagefind:
        command.append("--pagefind")
    if timers:
        command += ["--timers", str(timers)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"build of {config_file} failed:\n{done.stderr[-3000:]}")
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    return Build(measured["seconds"], measured["cpu"] + measured["children_cpu"], measured["peak_kib"],
                 measured["pagefind_seconds"], measured["pagefind_cpu"], sum(1 for _ in site.rglob("*.html")))


def index_on_disk(site: Path) -> int:
    """Bytes of the search index the build wrote (Pagefind's bundle)."""
    return sum(path.stat().st_size for path in (site / "pagefind").rglob("*") if path.is_file())


class Workspace:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._archives: dict[int, Path] = {}
        self._plain: dict[int, Path] = {}
        self.site_url = site_configs.real_config()["site_url"]
        options = plugin_options()
        self.cache_switch = "cache" in options  # `cache: false` turns it off
        self.cache = {"cache", "cache_dir"} <= options  # the build cache can be measured

    def archive(self, scale: int) -> Path:
        if scale not in self._archives:
            self._archives[scale] = synth.make_archive(self.root / f"policies-{scale}x", scale)
        return self._archives[scale]

    def serve_archive(self, scale: int) -> Path:
        """A copy of the archive for live-preview edits, so they touch no other measurement."""
        return synth.make_archive(self.root / f"policies-serve-{scale}x", scale)

    def plugin_config(self, scale: int, variant: str = "plugin") -> Path:
        """The real site over the archive. `variant`: "plugin" (no build cache, where the
        plugin has one), "cache" (the build cache on, in its own folder)."""
        options = {}
        if variant == "plugin" and self.cache_switch:
            options = {"cache": False}
        elif variant == "cache":
            if not self.cache:
                raise ValueError("the plugin has no build cache")
            options = {"cache": True, "cache_dir": str(self.cache_dir(scale))}
        return site_configs.write_config(self.root / f"cfg-{variant}-{scale}x", self.archive(scale), options)

    def plugin_config_for(self, archive: Path, name: str) -> Path:
        """The real site over `archive` with the plugin's options as mkdocs.yml has them
        (the build cache, where there is one, in its default folder beside this config)."""
        return site_configs.write_config(self.root / f"cfg-{name}", archive)

    def cache_dir(self, scale: int) -> Path:
        return self.root / f"cache-{scale}x"

    def plain_config(self, scale: int) -> Path:
        """The same site without the plugin, over the pages `generator export` writes."""
        if scale not in self._plain:
            log(f"{scale}x: export and plain configuration")
            exported = self.root / f"export-{scale}x"
            if exported.exists():
                shutil.rmtree(exported)
            subprocess.run([PYTHON, "-m", "generator", "export", "--out", str(exported), "--policies",
                            str(self.archive(scale)), "--site-url", self.site_url],
                           check=True, cwd=ROOT, capture_output=True)
            docs = site_configs.merge_docs(exported / "docs", self.root / f"plain-docs-{scale}x")
            settings = site_configs.plugin_settings(self.plugin_config(scale))
            self._plain[scale] = site_configs.write_plain_config(self.root / f"cfg-plain-{scale}x", docs, settings)
        return self._plain[scale]

    def site(self, scale: int) -> Path:
        """A site built through the plugin: the build part's, or one built now."""
        site = self.root / f"site-plugin-{scale}x"
        if not (site / "index.html").exists() or not (site / "pagefind").exists():
            log(f"{scale}x: building the site")
            run_build(self.plugin_config(scale), site)
        return site
