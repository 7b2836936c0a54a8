"""The performance benchmark. Run by hand, never as a test:

    .venv/bin/python bench/run.py            # print the table
    .venv/bin/python bench/run.py --write    # and update bench/RESULTS.md and its date
    .venv/bin/python bench/run.py --quick    # fewer runs, no 10x archive: a smoke run

It measures the generator's overhead against a plain MkDocs build of the same
exported pages, build cost on synthetic archives 1x, 10x and 50x the bundled
data, `check` time, live-reload latency under `mkdocs serve` and the weight of
care-type pages in headless Chromium, and compares each with its target.
Every build runs in its own process (bench/build_once.py), so peak memory is
that build's alone. Takes about 10 to 15 minutes on a 2-core machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import site_configs  # noqa: E402 - bench/ is not a package
import synth  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"

# The targets of the performance issue.
MAX_OVERHEAD = 1.10  # plugin build / plain build
MAX_PER_PAGE_GROWTH = 1.5  # time per page at 50x / at 1x
MAX_CHECK_SECONDS = {1: 1.0, 50: 5.0}
MAX_RELOAD_SECONDS = 3.0
MAX_CARE_TYPE_HTML = 150_000  # bytes; sizes are shown in kB of 1000 bytes, as the targets are written
MAX_SEARCH_INDEX = 1_500_000


@dataclass
class Build:
    seconds: float
    cpu: float
    peak_kib: int
    pages: int
    search_bytes: int
    largest_bytes: int
    largest_page: str



def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run_build(config_file: Path, site: Path) -> Build:
    if site.exists():
        shutil.rmtree(site)
    done = subprocess.run([PYTHON, str(Path(__file__).with_name("build_once.py")), str(config_file), str(site)],
                          capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"build of {config_file} failed:\n{done.stderr[-3000:]}")
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    pages = sorted(site.rglob("*.html"), key=lambda p: p.stat().st_size)
    # The search index on disk: Pagefind's bundle (a query fetches only some of it; see
    # bench/search_transfer.py for what a browser loads).
    search = sum(path.stat().st_size for path in (site / "pagefind").rglob("*") if path.is_file())
    return Build(measured["seconds"], measured["cpu"], measured["peak_kib"], len(pages), search,
                 pages[-1].stat().st_size, pages[-1].relative_to(site).as_posix())


def export(policies: Path, out: Path, site_url: str) -> Path:
    """`python -m generator export`: the generated pages as plain files (not timed)."""
    if out.exists():
        shutil.rmtree(out)
    subprocess.run([PYTHON, "-m", "generator", "export", "--out", str(out), "--policies", str(policies),
                    "--site-url", site_url], check=True, cwd=ROOT, capture_output=True)
    return out / "docs"


def timed_check(policies: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one `python -m generator check` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([PYTHON, "-m", "generator", "check", str(policies)], cwd=ROOT, capture_output=True, text=True)
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"check {policies} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return took, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def load() -> str:
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def machine() -> list[str]:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB memory"
    except (OSError, StopIteration, ValueError):
        pass
    from importlib.metadata import version

    return [
        f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}",
        f"Python {platform.python_version()}, MkDocs {version('mkdocs')}, Material {version('mkdocs-material')}, "
        f"PyYAML {version('pyyaml')} (libyaml: {_libyaml()})",
    ]


def _libyaml() -> str:
    import yaml

    return "yes" if getattr(yaml, "__with_libyaml__", False) else "no"


def kb(n: int) -> str:
    return f"{n / 1000:,.0f} kB"


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"  # noqa: E731
    return [line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *(line(r) for r in rows)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="paired builds of the bundled site (default 5)")
    parser.add_argument("--runs-large", type=int, default=3, help="paired builds of the 50x archive (default 3)")
    parser.add_argument("--quick", action="store_true", help="2 and 1 runs, no 10x archive, 3 reloads")
    parser.add_argument("--write", action="store_true", help=f"write the results into {RESULTS.relative_to(ROOT)}")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (archives, sites) for inspection")
    args = parser.parse_args()
    if args.quick:
        args.runs, args.runs_large = 2, 1
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    work = Path(tempfile.mkdtemp(prefix="caresq-bench-"))
    started, load_before = dt.datetime.now(), load()
    log(f"work folder {work}; load average {load_before}")
    try:
        lines = measure(work, args)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    minutes = (dt.datetime.now() - started).total_seconds() / 60
    header = [
        f"Run on {started:%Y-%m-%d %H:%M} ({minutes:.1f} min) with `bench/run.py"
        f"{' --quick' if args.quick else ''}` ({args.runs} paired runs of the bundled site, {args.runs_large} at 50x).",
        "",
        *(f"- {line}" for line in machine()),
        f"- Load average (1/5/15 min) at the start: {load_before}; at the end: {load()}. "
        "Other processes were running at the same time whenever the load is above about 1.",
        "",
    ]
    output = "\n".join(header + lines)
    print(output)
    if args.write:
        write_results(output)
        log(f"written to {RESULTS}")


def measure(work: Path, args) -> list[str]:
    site_url = site_configs.real_config()["site_url"]
    scales = [1, 50] if args.quick else [1, 10, 50]
    archives = {n: synth.make_archive(work / f"policies-{n}x", n) for n in scales}
    lines: list[str] = []
    results: dict[int, list[Build]] = {}
    overhead: dict[int, dict] = {}

    # 1. Generator overhead at 1x and 50x; these builds also give the scaling rows.
    for scale, runs in ((1, args.runs), (50, args.runs_large)):
        plugin_cfg = site_configs.write_config(work / f"cfg-{scale}x", archives[scale])
        docs = site_configs.merge_docs(export(archives[scale], work / f"export-{scale}x", site_url), work / f"plain-docs-{scale}x")
        plain_cfg = site_configs.write_plain_config(work / f"plain-cfg-{scale}x", docs, site_configs.plugin_settings(plugin_cfg))
        pairs = []
        for run in range(runs):
            # Alternate the order, so a change in background load hits both sides alike.
            order = [("plugin", plugin_cfg), ("plain", plain_cfg)] if run % 2 == 0 else [("plain", plain_cfg), ("plugin", plugin_cfg)]
            got = {kind: run_build(cfg, work / f"site-{kind}-{scale}x") for kind, cfg in order}
            if got["plugin"].pages != got["plain"].pages:
                raise RuntimeError(f"{scale}x: plugin build has {got['plugin'].pages} pages, plain build {got['plain'].pages}")
            pairs.append(got)
            log(f"{scale}x run {run + 1}/{runs}: plugin {got['plugin'].seconds:.2f} s ({got['plugin'].cpu:.2f} CPU), "
                f"plain {got['plain'].seconds:.2f} s ({got['plain'].cpu:.2f} CPU)")
        results[scale] = [pair["plugin"] for pair in pairs]
        overhead[scale] = {
            clock: {"plugin": statistics.median(getattr(p["plugin"], clock) for p in pairs),
                    "plain": statistics.median(getattr(p["plain"], clock) for p in pairs),
                    "ratios": [getattr(p["plugin"], clock) / getattr(p["plain"], clock) for p in pairs]}
            for clock in ("seconds", "cpu")
        }
    if 10 in archives:
        results[10] = [run_build(site_configs.write_config(work / "cfg-10x", archives[10]), work / "site-plugin-10x")]
        log(f"10x: {results[10][0].seconds:.2f} s ({results[10][0].cpu:.2f} CPU)")

    lines += ["### Generator overhead", "",
              "Build through the plugin against `mkdocs build` of the same pages exported with "
              "`python -m generator export`, with the same theme, navigation and Markdown extensions "
              "(bench/site_configs.py). Each build is `load_config` + `build` in a fresh process, measured as wall-clock "
              "and as CPU time (user + system, which other processes on the machine disturb far less). "
              "The ratio is the median of the per-run ratios; target: at most "
              f"{MAX_OVERHEAD:.2f}.", ""]
    rows = []
    for scale, clocks in overhead.items():
        for clock, label in (("seconds", "wall"), ("cpu", "CPU")):
            o = clocks[clock]
            ratio = statistics.median(o["ratios"])
            rows.append([f"{scale}x", label, f"{o['plugin']:.2f} s", f"{o['plain']:.2f} s", f"{o['plugin'] - o['plain']:.2f} s",
                         f"{ratio:.2f}", ", ".join(f"{r:.2f}" for r in o["ratios"]), verdict(ratio <= MAX_OVERHEAD)])
    lines += table(["archive", "clock", "plugin build", "plain build", "generator adds", "ratio", "each run", ""], rows) + [""]

    # 2. Scaling.
    lines += ["### Scaling", "",
              "Synthetic archives: the bundled care types cloned as `<zorgsoort>-kloon-<i>`, each with a second year "
              "(bench/synth.py). Build through the plugin; medians over the runs above (10x: one run). "
              f"Target: time per page at 50x at most {MAX_PER_PAGE_GROWTH}x the time per page at 1x.", ""]
    rows = []
    per_page: dict[int, dict[str, float]] = {}
    for scale in sorted(results):
        builds = results[scale]
        pick = lambda attr: statistics.median(getattr(b, attr) for b in builds)  # noqa: E731
        pages = builds[0].pages
        per_page[scale] = {"seconds": pick("seconds") / pages, "cpu": pick("cpu") / pages}
        largest = max(builds, key=lambda b: b.largest_bytes)
        rows.append([f"{scale}x", str(synth.policy_count(archives[scale])), str(pages),
                     f"{pick('seconds'):.1f} s / {pick('cpu'):.1f} s",
                     f"{per_page[scale]['seconds'] * 1000:.1f} / {per_page[scale]['cpu'] * 1000:.1f} ms",
                     f"{max(b.peak_kib for b in builds) / 1024:.0f} MiB",
                     kb(int(pick("search_bytes"))), f"{kb(largest.largest_bytes)} ({largest.largest_page})"])
    lines += table(["archive", "policies", "pages", "build (wall / CPU)", "per page (wall / CPU)", "peak memory",
                    "search index", "largest page"], rows)
    search_1x = statistics.median(b.search_bytes for b in results[1])
    lines += [""]
    for clock, label in (("seconds", "wall"), ("cpu", "CPU")):
        growth = per_page[50][clock] / per_page[1][clock]
        lines.append(f"- Time per page at 50x / at 1x ({label}): {growth:.2f}: {verdict(growth <= MAX_PER_PAGE_GROWTH)}")
    lines += [f"- Search index of the bundled site: {kb(int(search_1x))} (target at most {kb(MAX_SEARCH_INDEX)}): "
              f"{verdict(search_1x <= MAX_SEARCH_INDEX)}", ""]

    # 3. check.
    rows = []
    for scale, runs in ((1, 2 if args.quick else 5), (50, 1 if args.quick else 3)):
        times = [timed_check(archives[scale]) for _ in range(runs)]
        wall, cpu = statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)
        log(f"check {scale}x: {wall:.2f} s ({cpu:.2f} CPU)")
        limit = MAX_CHECK_SECONDS[scale]
        rows.append([f"{scale}x", f"{wall:.2f} s", f"{cpu:.2f} s", ", ".join(f"{t[0]:.2f}" for t in times),
                     f"< {limit:.0f} s", f"{verdict(wall < limit)} / {verdict(cpu < limit)}"])
    lines += ["### `check`", "", "`python -m generator check <archive>` as a user runs it: the whole process, "
              "interpreter start included. Medians.", ""]
    lines += table(["archive", "wall", "CPU", "each run (wall)", "target", "wall / CPU"], rows) + [""]

    # 4. Live reload, on a copy of the bundled data so the edit touches nothing real.
    import live_reload

    serve_policies = synth.make_archive(work / "policies-serve", 1)
    serve_cfg = site_configs.write_config(work / "cfg-serve", serve_policies)
    mount = urlsplit(site_url).path or "/"  # `mkdocs serve` serves the site under site_url's path
    edited = sorted((serve_policies / "zorgsoorten").glob("*/*.yaml"))[0]
    care_type, year = edited.parent.name, edited.stem
    latencies = live_reload.measure(serve_cfg, edited, f"{mount}zorgsoorten/{care_type}/{year}/", edits=3 if args.quick else 5)
    median = statistics.median(latencies)
    log(f"live reload: {median:.2f} s")
    lines += ["### Live reload", "",
              f"Save `{edited.relative_to(serve_policies.parent)}` (a new title) under `mkdocs serve` on the bundled data; "
              "time until the landing page served over HTTP shows the new title (polled every 20 ms). "
              "MkDocs looks for changed files every 0.5 s, so up to 0.5 s of each figure is that wait.", ""]
    lines += table(["median", "each save", "target", ""],
                   [[f"{median:.2f} s", ", ".join(f"{t:.2f}" for t in latencies), f"< {MAX_RELOAD_SECONDS:.0f} s",
                     verdict(median < MAX_RELOAD_SECONDS)]]) + [""]

    # 5. Page weight of the care-type pages of the bundled site (from the last plugin build).
    import page_weight

    site = work / "site-plugin-1x"
    care_types = sorted(p.name for p in (site / "zorgsoorten").iterdir() if p.is_dir())
    paths = []
    for name in care_types:
        latest = max((p for p in (site / "zorgsoorten" / name).iterdir() if p.name.isdigit()), key=lambda p: int(p.name))
        paths += [f"zorgsoorten/{name}/", f"zorgsoorten/{name}/{latest.name}/", f"zorgsoorten/{name}/{latest.name}/beleid/",
                  f"zorgsoorten/{name}/{latest.name}/checklist/", f"zorgsoorten/{name}/{latest.name}/wijzigingen/"]
    weights = page_weight.measure(site, paths)
    kinds = {"care type (zorgsoorten/<zorgsoort>/)": lambda p: p.count("/") == 2,
             "year (…/<jaar>/)": lambda p: p.count("/") == 3,
             "full policy (…/<jaar>/beleid/)": lambda p: p.endswith("/beleid/"),
             "checklist (…/<jaar>/checklist/)": lambda p: p.endswith("/checklist/"),
             "changes (…/<jaar>/wijzigingen/)": lambda p: p.endswith("/wijzigingen/")}
    rows, heaviest = [], None
    for label, test in kinds.items():
        group = [w for w in weights if test(w.path)]
        top = max(group, key=lambda w: w.html_bytes)
        heaviest = top if heaviest is None or top.html_bytes > heaviest.html_bytes else heaviest
        rows.append([label, f"{kb(top.html_bytes)} ({top.path.split('/')[1]})", kb(max(w.total_bytes for w in group)),
                     kb(max(w.total_gzip_bytes for w in group)), str(max(w.requests for w in group)),
                     str(sum(w.blocked for w in group))])
    log("page weight measured")
    lines += ["### Page weight", "",
              f"Every page of the latest year of each of the {len(care_types)} bundled care types, loaded in headless "
              "Chromium from a local http.server with an empty cache; per kind of page the heaviest: its HTML, "
              "and all responses together (as sent, uncompressed, and gzipped as a compressing host sends them).", ""]
    lines += table(["page", "HTML", "total", "total gzipped", "requests", "blocked outside requests"], rows)
    lines += ["", f"- Heaviest care-type page: {kb(heaviest.html_bytes)} of HTML ({heaviest.path}; target at most "
                  f"{kb(MAX_CARE_TYPE_HTML)}): {verdict(heaviest.html_bytes <= MAX_CARE_TYPE_HTML)}", ""]
    return lines


def write_results(output: str) -> None:
    """Replace the measured part of RESULTS.md; the findings written by hand stay."""
    block = f"{START}\n{output.rstrip()}\n{END}"
    if RESULTS.exists() and START in (text := RESULTS.read_text(encoding="utf-8")) and END in text:
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1]
        RESULTS.write_text(before + block + after, encoding="utf-8")
    else:
        RESULTS.write_text(f"# Benchmark results\n\n{block}\n\n## Findings\n\n(none yet)\n", encoding="utf-8")


if __name__ == "__main__":
    main()
