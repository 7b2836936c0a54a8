"""Run one `mkdocs build` in this fresh process and print its cost as one JSON line.

Run by the bench in a subprocess per build, so peak memory belongs to that build
alone. Timing covers loading the configuration (which imports the plugins) and
the build; the interpreter's start and importing MkDocs, the same for every
build, are left out. CPU time is user + system, of this process and of the
child processes it waited for: the site's search index is made by Pagefind, a
separate program.

    python bench/build_once.py CONFIG SITE_DIR [--pagefind] [--timers FILE] [--profile FILE]

--pagefind   for a build without the caresq plugin: run the site's Pagefind step
             (generator.plugin.search.build_index) over the built site afterwards,
             as the plugin does in on_post_build, so both builds have the same search.
             Importing the generator for it is not timed, and peak memory is read
             before it: a plain site would call the Pagefind binary directly.
--timers     CPU timers around the plugin's hooks and the generator's functions
             (bench/timers.py), written to FILE as JSON; the figures printed then
             include importing the generator, timed separately as "import".
--profile    the build under cProfile, written to FILE (for finding costs, not for
             the figures: profiling slows Python code unevenly).

Printed: seconds (wall), cpu (this process), children_cpu (Pagefind), peak_kib
(this process's peak resident memory), pagefind_seconds and pagefind_cpu (the
Pagefind step alone, wall and CPU, its own process included).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class Clock:
    """Wall-clock, own CPU and children's CPU since it was made."""

    def __init__(self) -> None:
        self.wall, self.cpu, self.children = time.perf_counter(), time.process_time(), children_cpu()

    def read(self) -> tuple[float, float, float]:
        return time.perf_counter() - self.wall, time.process_time() - self.cpu, children_cpu() - self.children


def _time_pagefind(spent: dict) -> None:
    """Wrap the plugin's Pagefind step (called as `search.build_index`) to time it."""
    search = sys.modules.get("generator.plugin.search")
    if search is None:
        return
    original = search.build_index

    def build_index(*args, **kwargs):
        clock = Clock()
        try:
            return original(*args, **kwargs)
        finally:
            wall, cpu, children = clock.read()
            spent["seconds"] += wall
            spent["cpu"] += cpu + children

    search.build_index = build_index


def main(argv: list[str]) -> None:
    config_file, site_dir = argv[0], argv[1]
    option = lambda name: argv[argv.index(name) + 1] if name in argv else None  # noqa: E731
    profile, timers_file, plain_pagefind = option("--profile"), option("--timers"), "--pagefind" in argv
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    pagefind = {"seconds": 0.0, "cpu": 0.0}
    extra = {}
    clock = Clock()
    timers = None
    if timers_file:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import timers as timers_module

        timers = timers_module.install()
        wall, cpu, _ = clock.read()
        extra["import"] = {"wall": wall, "cpu": cpu}

    loaded = {}

    def run() -> None:
        loaded["config"] = config = load_config(config_file, site_dir=site_dir)
        _time_pagefind(pagefind)
        build(config)

    if profile:
        import cProfile

        cProfile.runctx("run()", globals(), {"run": run}, profile)
    else:
        run()
    seconds, cpu, children = clock.read()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    if plain_pagefind:
        from generator.plugin import search  # not timed: see the docstring

        step = Clock()
        search.build_index(Path(site_dir), directory_urls=loaded["config"].use_directory_urls)
        wall, own, child = step.read()
        pagefind = {"seconds": wall, "cpu": own + child}
        seconds, cpu, children = seconds + wall, cpu + own, children + child
    if timers is not None:
        Path(timers_file).write_text(json.dumps({**timers.as_json(), **extra, "total": {
            "wall": seconds, "cpu": cpu + children}}), encoding="utf-8")
    print(json.dumps({"seconds": seconds, "cpu": cpu, "children_cpu": children, "peak_kib": peak_kib,
                      "pagefind_seconds": pagefind["seconds"], "pagefind_cpu": pagefind["cpu"]}))


if __name__ == "__main__":
    main(sys.argv[1:])
