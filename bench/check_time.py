"""`python -m generator check <archive>` as a user runs it: the whole process, interpreter
start included, wall-clock and CPU (user + system). Medians."""

from __future__ import annotations

import resource
import subprocess
import time
from pathlib import Path

from report import each, median, s, table, verdict
from workspace import PYTHON, ROOT, Workspace, log

MAX_SECONDS = {50: 2.0}  # the target of issue 18: check on the 50x archive under 2 s


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


def measure(ws: Workspace, scales: list[int], runs_at) -> list[str]:
    rows = []
    for scale in scales:
        times = [timed_check(ws.archive(scale)) for _ in range(runs_at(scale))]
        wall, cpu = median(t[0] for t in times), median(t[1] for t in times)
        log(f"check {scale}x: {wall:.2f} s ({cpu:.2f} CPU)")
        limit = MAX_SECONDS.get(scale)
        rows.append([f"{scale}x", str(len(times)), s(wall), s(cpu), each(t[0] for t in times), each(t[1] for t in times),
                     f"< {limit:.0f} s" if limit else "", f"{verdict(wall < limit)} / {verdict(cpu < limit)}" if limit else ""])
    return ["### `check`", "",
            "`python -m generator check <archive>` as a user runs it: the whole process, interpreter start "
            "included. Medians; the verdict is for wall-clock / CPU.", "",
            *table(["archive", "runs", "wall", "CPU", "each run (wall)", "each run (CPU)", "target", "wall / CPU"], rows), ""]
