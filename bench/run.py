"""The performance benchmark of issue 18. Run by hand, never as a test:

    .venv/bin/python bench/run.py                      # every part; prints the results
    .venv/bin/python bench/run.py --write              # and puts them into bench/RESULTS.md
    .venv/bin/python bench/run.py --only check,serve --scales 1,10 --write
    .venv/bin/python bench/run.py --quick              # a smoke run: small archives, few runs

Parts (each measured side by side against plain MkDocs where that applies):
  build      plugin build against plain MkDocs + Pagefind, paired, at 1x, 10x, 50x; with the
             build cache cold and warm where the plugin has one          (bench/builds.py)
  breakdown  CPU timers around the plugin's hooks and the generator's functions in one
             build at 10x and 50x: where the time goes                    (bench/breakdown.py)
  check      `python -m generator check` at 1x and 50x                    (bench/check_time.py)
  serve      save to reloaded page under `mkdocs serve` at 1x, 10x, 50x   (bench/preview.py)
  search     bytes until the first search result in headless Chromium, and the index on
             disk, at 10x and 50x                                         (bench/search_transfer.py)
  weight     page weight of the bundled site's care-type pages           (bench/page_weight.py)

Archives are synthetic (bench/synth.py): the bundled data grown 10 and 50 times. Every
subprocess runs this checkout's code. The whole run takes about 9 minutes on a quiet
2-core machine (most of it the 50x builds: four kinds of build, three runs each); two to
three times that while other jobs load the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shlex
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import workspace  # noqa: E402 - bench/ is not a package

workspace.use_this_checkout()

import breakdown  # noqa: E402
import builds  # noqa: E402
import check_time  # noqa: E402
import page_weight  # noqa: E402
import preview  # noqa: E402
import report  # noqa: E402
import search_transfer  # noqa: E402
from workspace import Workspace, log  # noqa: E402

PARTS = ("build", "breakdown", "check", "serve", "search", "weight")
SCALES = {"build": [1, 10, 50], "breakdown": [10, 50], "check": [1, 50], "serve": [1, 10, 50],
          "search": [10, 50], "weight": [1]}
QUICK_SCALE = 2  # --quick replaces every grown archive by this one


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default=",".join(PARTS), help=f"comma-separated parts (default: all of {','.join(PARTS)})")
    parser.add_argument("--scales", help="comma-separated scales for every part, instead of each part's own "
                                         "(1, or an even number; weight always uses 1x)")
    parser.add_argument("--runs", type=int, default=3, help="runs per scale of build and check (default 3)")
    parser.add_argument("--runs-1x", type=int, default=5, help="runs at 1x of build and check (default 5)")
    parser.add_argument("--saves", type=int, default=3, help="saves per scale under mkdocs serve (default 3)")
    parser.add_argument("--quick", action="store_true",
                        help=f"a smoke run: {QUICK_SCALE}x instead of larger archives, 2 runs at 1x and 1 "
                             "otherwise, 2 saves, one search query; cannot --write")
    parser.add_argument("--write", action="store_true", help="write the results into bench/RESULTS.md")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (archives, sites) for inspection")
    args = parser.parse_args(argv)
    args.parts = [part.strip() for part in args.only.split(",") if part.strip()]
    unknown = set(args.parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown part(s): {', '.join(sorted(unknown))}")
    if args.write and args.quick:
        parser.error("--write with --quick: a smoke run does not replace measured results")
    if args.write and min(args.runs, args.runs_1x, args.saves) < 3:
        parser.error("--write needs at least 3 runs and 3 saves: the results are medians of three or more")
    if args.quick:
        args.runs, args.runs_1x, args.saves = 1, 2, 2
    if args.scales:
        args.scales = [int(scale) for scale in args.scales.split(",")]
    return args


def scales_for(part: str, args) -> list[int]:
    if part == "weight":
        return [1]
    if args.scales:
        return args.scales
    scales = SCALES[part]
    if args.quick:
        scales = sorted({scale if scale == 1 else QUICK_SCALE for scale in scales})
    return scales


def measure(ws: Workspace, args) -> dict[str, list[str]]:
    runs_at = lambda scale: args.runs_1x if scale == 1 else args.runs  # noqa: E731
    sections: dict[str, list[str]] = {}
    plain_cpu: dict[int, float] = {}
    for part in [p for p in PARTS if p in args.parts]:
        scales = scales_for(part, args)
        started, load_before = time.perf_counter(), report.load()
        log(f"{part} at {', '.join(f'{s}x' for s in scales)}; load {load_before}")
        if part == "build":
            lines, results = builds.measure(ws, scales, runs_at)
            plain_cpu = {scale: result.median("plain", "cpu") for scale, result in results.items()}
        elif part == "breakdown":
            lines = breakdown.measure(ws, scales, plain_cpu)
        elif part == "check":
            lines = check_time.measure(ws, scales, runs_at)
        elif part == "serve":
            lines = preview.measure(ws, scales, args.saves)
        elif part == "search":
            queries = search_transfer.QUERIES[:1] if args.quick else search_transfer.QUERIES
            lines = search_transfer.section({scale: ws.site(scale) for scale in scales}, queries)
        else:
            lines = page_weight.section(ws.site(1))
        took = time.perf_counter() - started
        took = f"{took:.0f} s" if took < 90 else f"{took / 60:.1f} min"
        stamp = (f"Measured {dt.datetime.now():%Y-%m-%d %H:%M} in {took} by `bench/run.py "
                 f"{shlex.join(sys.argv[1:])}`; load average (1/5/15 min) {load_before} before, {report.load()} after.")
        sections[part] = [lines[0], "", stamp, *lines[1:]]
    return sections


def main() -> None:
    args = parse_args()
    work = Path(tempfile.mkdtemp(prefix="caresq-bench-"))
    started = time.perf_counter()
    log(f"work folder {work}; parts {', '.join(args.parts)}")
    try:
        sections = measure(Workspace(work), args)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    minutes = (time.perf_counter() - started) / 60
    machine = ["### Machine", "", *(f"- {line}" for line in report.machine()),
               f"- Last written by a run of {minutes:.1f} min on {dt.datetime.now():%Y-%m-%d %H:%M}. "
               "Other processes were running at the same time whenever the load average is above about 1: "
               "compare CPU figures, which they disturb far less than wall-clock ones."]
    texts = {"machine": "\n".join(machine), **{part: "\n".join(lines) for part, lines in sections.items()}}
    print("\n\n".join(texts.values()))
    if args.quick:
        print("\n(--quick: a smoke run with small archives and few runs; not results)")
    if args.write:
        report.write_results(texts, ["machine", *PARTS])
        log(f"written to {report.RESULTS}")
    log(f"done in {minutes:.1f} min")


if __name__ == "__main__":
    main()
