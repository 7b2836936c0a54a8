"""Markdown for bench/RESULTS.md: tables, the machine, and writing each part's section.

RESULTS.md holds the measured figures between `<!-- bench:start -->` and
`<!-- bench:end -->`; inside, every part has its own markers
(`<!-- bench:build:start -->` ...), so `run.py --only check --write` replaces the
`check` section and keeps the others. Text outside the outer markers (the findings,
written by hand) is never touched.
"""

from __future__ import annotations

import os
import platform
import re
import statistics
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


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

    import yaml

    return [
        f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}",
        f"Python {platform.python_version()}, MkDocs {version('mkdocs')}, Material {version('mkdocs-material')}, "
        f"PyYAML {version('pyyaml')} (libyaml: {'yes' if getattr(yaml, '__with_libyaml__', False) else 'no'}), "
        f"Pagefind {version('pagefind')}",
    ]


def kb(n: float) -> str:
    return f"{n / 1000:,.0f} kB"


def mib(kib: float) -> str:
    return f"{kib / 1024:,.0f} MiB"


def s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def each(values, fmt="{:.2f}") -> str:
    return ", ".join(fmt.format(v) for v in values)


def median(values):
    return statistics.median(values)


def verdict(ok: bool | None) -> str:
    return "" if ok is None else ("ok" if ok else "MISSED")


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"  # noqa: E731
    return [line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *(line(r) for r in rows)]


def _block(name: str) -> tuple[str, str]:
    return f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"


def _sections(inner: str) -> dict[str, str]:
    found = {}
    for match in re.finditer(r"<!-- bench:([a-z]+):start -->\n(.*?)\n<!-- bench:\1:end -->", inner, re.S):
        found[match.group(1)] = match.group(2)
    return found


def write_results(sections: dict[str, str], order: list[str]) -> None:
    """Put each of `sections` (part name -> Markdown) into RESULTS.md, keeping the other parts'.

    A measured block of the old, single-section format is replaced whole."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    if START in text and END in text:
        before, rest = text.split(START, 1)
        inner, after = rest.split(END, 1)
    else:
        before = text or "# Benchmark results\n\n"
        inner, after = "", "\n\n## Findings\n\n(none yet)\n" if not text else "\n"
    kept = _sections(inner)
    kept.update(sections)
    names = [name for name in order if name in kept] + [name for name in kept if name not in order]
    body = "\n\n".join(f"{_block(name)[0]}\n{kept[name].strip()}\n{_block(name)[1]}" for name in names)
    RESULTS.write_text(f"{before}{START}\n{body}\n{END}{after}", encoding="utf-8")
