"""Where the generator's time goes: one build per scale with CPU timers (bench/timers.py).

The figures are the CPU time spent inside each of the plugin's hooks, and inside
the generator's functions they call, as the chain of calls they were made under
(a row's children are indented under it; "rest of" is its time outside the timed
children). The build without the cache, and where the plugin has a build cache,
a cold and a warm cached build. This is the profile that shows where the floor is
when the build-cost target is missed; it is one build, not a median.
"""

from __future__ import annotations

import json
import shutil

from builds import LABELS
from report import table
from workspace import Workspace, log, run_build

HOOKS = ("on_startup", "on_config", "on_files", "on_nav", "on_page_markdown", "on_page_content", "on_post_page",
         "on_post_template", "on_post_build", "on_serve", "on_shutdown")
PAGEFIND = "plugin.search.build_index"


def timed_build(ws: Workspace, scale: int, variant: str) -> dict:
    config = ws.plugin_config(scale, "plugin" if variant == "plugin" else "cache")
    if variant == "cold" and ws.cache_dir(scale).exists():
        shutil.rmtree(ws.cache_dir(scale))
    out = ws.root / f"timers-{variant}-{scale}x.json"
    build = run_build(config, ws.root / f"site-timed-{variant}-{scale}x", timers=out)
    log(f"breakdown {scale}x {variant}: {build.cpu:.2f} s CPU")
    return json.loads(out.read_text(encoding="utf-8"))


def _summary(data: dict) -> dict[str, float]:
    nodes = {tuple(node["chain"]): node for node in data["nodes"]}
    hooks = sum(node["cpu"] for chain, node in nodes.items() if len(chain) == 1)
    pagefind = sum(node["cpu"] for chain, node in nodes.items()
                   if chain[-1] == PAGEFIND and PAGEFIND not in chain[:-1])
    total, imported = data["total"]["cpu"], data["import"]["cpu"]
    return {"total": total, "import": imported, "hooks": hooks, "pagefind": pagefind,
            "mkdocs": total - imported - hooks, "generator": imported + hooks - pagefind}


def _tree(builds: list[dict[tuple, dict]]) -> list[tuple]:
    """The chains of all builds in display order: hooks in event order, below each its
    parts by CPU, largest first (in the first build that has them)."""
    cpu = {}
    for nodes in reversed(builds):
        cpu.update({chain: node["cpu"] for chain, node in nodes.items()})

    def children(parent: tuple) -> list[tuple]:
        kids = [chain for chain in cpu if len(chain) == len(parent) + 1 and chain[:-1] == parent]
        if not parent:
            return sorted(kids, key=lambda c: (HOOKS.index(c[0]) if c[0] in HOOKS else len(HOOKS), -cpu[c]))
        return sorted(kids, key=lambda c: -cpu[c])

    ordered = []

    def walk(parent: tuple) -> None:
        for chain in children(parent):
            ordered.append(chain)
            walk(chain)
            if children(chain):
                ordered.append(chain + ("(rest)",))

    walk(())
    return ordered


def section(scale_data: dict[int, dict[str, dict]], plain_cpu: dict[int, float]) -> list[str]:
    lines = ["### Where the generator's time goes", "",
             "One plugin build per column with CPU timers around the plugin's hooks and the generator's functions "
             "(bench/timers.py; not a profiler, the code runs at full speed). CPU seconds, Pagefind's process "
             "included; a row's parts are indented under it, and \"rest of\" is its own time outside them. "
             "\"MkDocs itself\" is the build outside the plugin's hooks (Markdown, theme templates, copying). "
             "The generator's own work is importing it plus its hooks, without Pagefind (which the plain build "
             "runs too). The share is of the plain build's CPU in the build part of the same run (shown when that "
             "part ran).", ""]
    for scale, variants in scale_data.items():
        names = list(variants)
        nodes = {name: {tuple(n["chain"]): n for n in data["nodes"]} for name, data in variants.items()}
        sums = {name: _summary(data) for name, data in variants.items()}
        plain = plain_cpu.get(scale)
        share = lambda cpu: f"{cpu / plain:.1%}"  # noqa: E731

        def row(label: str, values: dict[str, float | None], calls: str = "") -> list[str]:
            cells = [label, *(("" if values.get(n) is None else f"{values[n]:.3f}") for n in names), calls]
            if plain:
                cells.append(" / ".join("" if values.get(n) is None else share(values[n]) for n in names))
            return cells

        rows = [row("whole build", {n: sums[n]["total"] for n in names}),
                row("MkDocs itself", {n: sums[n]["mkdocs"] for n in names}),
                row("**the generator's own work**", {n: sums[n]["generator"] for n in names}),
                row("import the generator", {n: sums[n]["import"] for n in names})]
        for chain in _tree([nodes[n] for n in names]):
            depth = len(chain) - 1
            if chain[-1] == "(rest)":
                parent = chain[:-1]
                values = {}
                for n in names:
                    if parent in nodes[n]:
                        kids = [c for c in nodes[n] if len(c) == len(parent) + 1 and c[:-1] == parent]
                        values[n] = nodes[n][parent]["cpu"] - sum(nodes[n][c]["cpu"] for c in kids)
                if all(abs(v) < 0.005 for v in values.values()):
                    continue
                rows.append(row("· " * depth + f"rest of {parent[-1]}", values))
                continue
            values = {n: nodes[n][chain]["cpu"] for n in names if chain in nodes[n]}
            calls = next(nodes[n][chain]["calls"] for n in names if chain in nodes[n])
            rows.append(row("· " * depth + chain[-1], values, str(calls)))
        rows.append(row("of which Pagefind", {n: sums[n]["pagefind"] for n in names}))
        lines += [f"**{scale}x**" + (f" (plain build: {plain:.2f} s CPU)" if plain else ""), ""]
        header = ["part", *(f"{LABELS[n]}: CPU s" for n in names), "calls"]
        if plain:
            header.append("share of plain: " + " / ".join(LABELS[n].removeprefix("plugin, ") for n in names))
        lines += table(header, rows)
        skipped = sorted({s for data in variants.values() for s in data["skipped"]})
        if skipped:
            lines += ["", "Not found in this code, so not timed: " + ", ".join(f"`{s}`" for s in skipped)]
        lines += [""]
    return lines


def measure(ws: Workspace, scales: list[int], plain_cpu: dict[int, float]) -> list[str]:
    variants = ["plugin"] + (["cold", "warm"] if ws.cache else [])
    data = {scale: {variant: timed_build(ws, scale, variant) for variant in variants} for scale in scales}
    return section(data, plain_cpu)
