"""Time from starting `scripts/serve` until the site answers over HTTP on 127.0.0.1.

Each run starts `scripts/serve` on a free port (through DEV_ADDR), polls the home page
every 20 ms until it answers, then stops the server. Next to the wall-clock time it
reports the CPU time (user + system) of scripts/serve and everything it started, up to
the moment it is stopped: on a busy machine that is the steadier figure. Run it after `scripts/setup`, so
that the figure is the everyday start: setup finds nothing changed and skips pip.

    .venv/bin/python bench/serve_start.py                    # 3 runs, prints each and the median
    .venv/bin/python bench/serve_start.py --runs 5 --project /path/to/a/clone
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import statistics
import subprocess
import time
from pathlib import Path

from serving import fetch, free_port  # noqa: E402 - bench/ is not a package

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 120.0


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def one_start(project: Path) -> tuple[float, float]:
    """Wall-clock seconds until scripts/serve's home page answers, and its CPU seconds."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "DEV_ADDR": f"127.0.0.1:{port}"}
    env.pop("PYTHONPATH", None)  # serve the project's own code, as a user would
    cpu_before = children_cpu()
    started = time.perf_counter()
    server = subprocess.Popen([str(project / "scripts" / "serve")], cwd=project, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        while fetch(url, timeout=1) is None:
            if server.poll() is not None:
                raise SystemExit(f"scripts/serve stopped with code {server.returncode}:\n"
                                 + server.stderr.read().decode(errors="replace"))
            if time.perf_counter() - started > TIMEOUT:
                raise SystemExit(f"scripts/serve did not answer on {url} within {TIMEOUT:.0f} s")
            time.sleep(0.02)
        wall = time.perf_counter() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # its own session: setup's children too
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    return wall, children_cpu() - cpu_before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--project", type=Path, default=ROOT, help="the checkout whose scripts/serve to time")
    args = parser.parse_args()
    runs = [one_start(args.project.resolve()) for _ in range(args.runs)]
    for label, times in (("wall", [wall for wall, _ in runs]), ("CPU", [cpu for _, cpu in runs])):
        print(f"scripts/serve answers after {statistics.median(times):.2f} s {label} (median of {len(times)}; "
              f"each: {', '.join(f'{t:.2f}' for t in times)})")
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"load average (1/5/15 min) at the end: {load}")


if __name__ == "__main__":
    main()
