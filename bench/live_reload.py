"""Live-reload latency: from saving a policy YAML under `mkdocs serve` until the
rebuilt page is served.

The edit changes the policy's `titel:`, which is the landing page's heading, so
the change is visible in the served HTML. Each edit is timed from the moment
the file is written until a GET of that page returns the new title; the page
is polled every 20 ms. MkDocs notices changes by polling the file system
every 0.5 s, so up to half a second of each figure is MkDocs' own wait.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from serving import fetch, free_port  # noqa: E402 - bench/ is not a package

POLL = 0.02
SERVE_ARGS = ("--dirty",)  # as scripts/serve runs it: the live preview's incremental rebuild


def _wait(predicate, seconds: float) -> float | None:
    """Seconds until `predicate()` held, or None after `seconds`."""
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        if predicate():
            return time.perf_counter() - start
        time.sleep(POLL)
    return None


def measure(config_file: Path, policy_file: Path, page_path: str, edits: int = 5) -> list[float]:
    """Latency in seconds of each of `edits` saves of `policy_file`.

    `page_path` is the served path (with the site_url's path in front, as `mkdocs
    serve` mounts the site there) of the page whose heading is the policy's title.
    `config_file` must watch the folder `policy_file` is in; the file is restored afterwards.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}/" + page_path.lstrip("/")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    original = policy_file.read_text(encoding="utf-8")
    title = re.search(r"^titel: (.*)$", original, re.M)
    if title is None:
        raise ValueError(f"{policy_file} has no 'titel:' line to edit")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", *SERVE_ARGS, "-f", str(config_file), "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )
    latencies = []
    try:
        if _wait(lambda: title.group(1) in (fetch(url) or ""), 180) is None:
            raise RuntimeError(f"mkdocs serve did not serve {url}")
        for number in range(1, edits + 1):
            marker = f"{title.group(1)} (bench {number})"
            policy_file.write_text(original.replace(title.group(0), f"titel: {marker}", 1), encoding="utf-8")
            took = _wait(lambda: marker in (fetch(url) or ""), 60)
            if took is None:
                raise RuntimeError(f"edit {number} was not served within 60 s")
            latencies.append(took)
            time.sleep(took + 1.0)  # let MkDocs finish the rest of this build before the next save
    finally:
        policy_file.write_text(original, encoding="utf-8")
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    return latencies
