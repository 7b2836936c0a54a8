"""Build cost: the plugin build against plain MkDocs, paired in the same run, per scale.

Per run, in turn: the plain build (the same pages from `generator export`, the same
theme, navigation and Markdown extensions, then the same Pagefind step), the plugin
build without the build cache, and where the plugin has a build cache, a cold build
(empty cache folder) and a warm one (the next build with that folder). The order
flips every run (A B C D, D C B A, with cold always before warm), so a change in
background load hits all alike. Every build is a fresh process (bench/build_once.py).

Figures per build: wall-clock, CPU (user + system of the build and of Pagefind's
process), Pagefind alone, peak resident memory of the build process. Against the
plain build of the same run: the generator's cost (plugin CPU minus plain CPU), that
as a share of the plain build, and the memory ratio; medians over the runs.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field

from report import each, median, mib, s, table, verdict
from workspace import Build, Workspace, log, run_build

MAX_SHARE = 0.10  # the generator's cost / plain build (CPU), at 10x and 50x
MAX_CPU_1X = 0.5  # the generator's cost at 1x, CPU seconds
MAX_MEMORY = 1.2  # peak memory plugin / plain

LABELS = {"plain": "plain MkDocs + Pagefind", "plugin": "plugin, no cache", "cold": "plugin, cache cold",
          "warm": "plugin, cache warm"}


@dataclass
class ScaleResult:
    scale: int
    runs: list[dict[str, Build]] = field(default_factory=list)

    def median(self, variant: str, attribute: str) -> float:
        return median(getattr(run[variant], attribute) for run in self.runs)


def order(variants: list[str], run: int) -> list[str]:
    if run % 2 == 0:
        return variants
    flipped = list(reversed(variants))
    if "cold" in flipped:  # the warm build needs the cold one's cache
        flipped.remove("cold")
        flipped.insert(flipped.index("warm"), "cold")
    return flipped


def measure_scale(ws: Workspace, scale: int, runs: int) -> ScaleResult:
    variants = ["plain", "plugin"] + (["cold", "warm"] if ws.cache else [])
    configs = {"plain": ws.plain_config(scale), "plugin": ws.plugin_config(scale)}
    if ws.cache:
        configs["cold"] = configs["warm"] = ws.plugin_config(scale, "cache")
    result = ScaleResult(scale)
    for run in range(runs):
        got: dict[str, Build] = {}
        for variant in order(variants, run):
            if variant == "cold" and ws.cache_dir(scale).exists():
                shutil.rmtree(ws.cache_dir(scale))
            got[variant] = run_build(configs[variant], ws.root / f"site-{variant}-{scale}x", pagefind=variant == "plain")
        pages = {variant: build.pages for variant, build in got.items()}
        if len(set(pages.values())) != 1:
            raise RuntimeError(f"{scale}x: the builds have different numbers of pages: {pages}")
        result.runs.append(got)
        log(f"build {scale}x run {run + 1}/{runs}: " + ", ".join(
            f"{variant} {build.seconds:.2f} s ({build.cpu:.2f} CPU)" for variant, build in got.items()))
    return result


def target(scale: int) -> tuple[str, callable]:
    if scale == 1:
        return f"cost ≤ {MAX_CPU_1X} s CPU", lambda cost, share: cost <= MAX_CPU_1X
    return f"cost ≤ {MAX_SHARE:.0%} of plain (CPU ratio ≤ {1 + MAX_SHARE:.2f})", lambda cost, share: share <= MAX_SHARE


def section(results: list[ScaleResult], cache: bool) -> list[str]:
    lines = ["### Build cost against plain MkDocs", "",
             "The plugin build against `mkdocs build` of the same pages exported with `python -m generator export`, "
             "with the same theme, navigation and Markdown extensions (bench/site_configs.py), followed by the same "
             "Pagefind step (`generator.plugin.search.build_index`), so both have the site's search. Each build is "
             "`load_config` + `build` in a fresh process (bench/build_once.py); CPU is user + system of the build "
             "and of Pagefind's process. Builds of one run are paired and their order flips every run; medians "
             "over the runs. Peak memory is that of the build's Python process (Pagefind's process, the same "
             "in both, is not in it).", ""]
    if not cache:
        lines += ["The plugin has no build cache in this code (no `cache` / `cache_dir` option in "
                  "generator/plugin/config.py): the cold and warm cache builds are not measured.", ""]
    rows = []
    for result in results:
        for variant in result.runs[0]:
            rows.append([f"{result.scale}x", LABELS[variant], str(len(result.runs)), str(result.runs[0][variant].pages),
                         s(result.median(variant, "seconds")), s(result.median(variant, "cpu")),
                         f"{s(result.median(variant, 'pagefind_seconds'))} / {s(result.median(variant, 'pagefind_cpu'))}",
                         mib(result.median(variant, "peak_kib"))])
    lines += table(["archive", "build", "runs", "pages", "wall", "CPU", "of which Pagefind (wall / CPU)",
                    "peak memory"], rows)
    lines += ["", "Against the plain build of the same run: the generator's cost is the plugin build's CPU minus "
              "the plain build's; the ratios are plugin over plain, per run, and their median. Targets: a cost of at "
              "most 0.5 s CPU at 1x and at most 10% of the plain build at 10x and 50x; peak memory at most 1.2x plain.", ""]
    rows = []
    for result in results:
        text, meets = target(result.scale)
        for variant in [v for v in result.runs[0] if v != "plain"]:
            costs = [run[variant].cpu - run["plain"].cpu for run in result.runs]
            ratios = [run[variant].cpu / run["plain"].cpu for run in result.runs]
            walls = [run[variant].seconds / run["plain"].seconds for run in result.runs]
            memory = [run[variant].peak_kib / run["plain"].peak_kib for run in result.runs]
            cost, ratio, mem = median(costs), median(ratios), median(memory)
            rows.append([f"{result.scale}x", LABELS[variant], f"{cost:.2f} s ({each(costs)})",
                         f"{ratio:.2f} ({each(ratios)})", f"{median(walls):.2f} ({each(walls)})",
                         f"{mem:.2f} ({each(memory)})", text,
                         f"{verdict(meets(cost, ratio - 1))} / memory {verdict(mem <= MAX_MEMORY)}"])
    lines += table(["archive", "build", "generator's cost, CPU (each run)", "CPU ratio (each run)",
                    "wall ratio (each run)", "memory ratio (each run)", "target", "cost / memory"], rows)
    return lines + [""]


def measure(ws: Workspace, scales: list[int], runs_at) -> tuple[list[str], dict[int, ScaleResult]]:
    results = {scale: measure_scale(ws, scale, runs_at(scale)) for scale in scales}
    return section(list(results.values()), ws.cache), results
