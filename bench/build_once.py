"""Run one `mkdocs build` in this fresh process and print its cost as JSON.

Run by the bench in a subprocess per build, so peak memory belongs to that
build alone. Wall-clock and CPU time (user + system) are both reported: on a
busy machine CPU time still tells the cost of the build itself. Timing covers
loading the configuration (which imports the plugins) and the build; the
interpreter's start and importing MkDocs, the same for every build, are left
out. With --profile the build runs under cProfile (for finding costs, not for
the figures: profiling slows Python code unevenly).

    python bench/build_once.py CONFIG SITE_DIR [--profile FILE]
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time


def main(argv: list[str]) -> None:
    config_file, site_dir = argv[0], argv[1]
    profile = argv[argv.index("--profile") + 1] if "--profile" in argv else None
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    def run() -> None:
        build(load_config(config_file, site_dir=site_dir))

    start, cpu_start = time.perf_counter(), time.process_time()
    if profile:
        import cProfile

        cProfile.runctx("run()", globals(), {"run": run}, profile)
    else:
        run()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_kib": peak_kib}))


if __name__ == "__main__":
    main(sys.argv[1:])
