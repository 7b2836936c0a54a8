"""Live preview: from saving a policy YAML under `mkdocs serve` until the browser shows the edit.

`mkdocs serve` runs with the flags `scripts/serve` gives it (read from that script, so
a flag added there, such as `--dirty`, is measured too) and its environment, on the
real site pointed at a copy of a synthetic archive.

Each save changes the policy's `titel:`, the heading of its landing page. The file is
written outside the archive and moved into place, as editors save, so MkDocs never
sees it half-written. Two clocks run from the save:
- the reload: the long poll MkDocs' live-reload script keeps open from the page
  (`/livereload/<epoch>/<request id>`, answered when a build has finished) answers;
- the content: a GET of the page, repeated every 20 ms, returns the new title (MkDocs
  holds a GET while a build runs).
The browser reloads on the first and shows the edit once both hold: the figure is
the later of the two. MkDocs looks for changed files every 0.5 s and waits 0.1 s
for more, so up to 0.6 s of each figure is that wait.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from serving import fetch, free_port

ROOT = Path(__file__).resolve().parents[1]
SERVE_SCRIPT = ROOT / "scripts" / "serve"
POLL = 0.02
_EPOCH = re.compile(r"livereload\((\d+), (\d+)\);")


def serve_flags(script: Path = SERVE_SCRIPT) -> tuple[list[str], dict[str, str]]:
    """The flags `scripts/serve` passes to `mkdocs serve` (but the address and "$@"),
    and the variables it exports."""
    flags, env = None, {}
    for line in script.read_text(encoding="utf-8").splitlines():
        words = shlex.split(line, comments=True)
        if words[:1] == ["export"]:
            for word in words[1:]:
                name, _, value = word.partition("=")
                env[name] = value
        if "serve" in words and any(word.endswith("mkdocs") for word in words[: words.index("serve")]):
            flags, rest = [], iter(words[words.index("serve") + 1:])
            for word in rest:
                if word in ("--dev-addr", "-a"):
                    next(rest, None)
                elif not (word.startswith("--dev-addr=") or word == "$@"):
                    flags.append(word)
    if flags is None:
        raise ValueError(f"{script} runs no `mkdocs serve`")
    return flags, env


@dataclass
class Save:
    reload: float  # the live-reload long poll answered
    content: float  # the page showed the edit

    @property
    def seconds(self) -> float:
        return max(self.reload, self.content)


def _wait(predicate, seconds: float) -> float | None:
    """Seconds until `predicate()` held, or None after `seconds`."""
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        if predicate():
            return time.perf_counter() - start
        time.sleep(POLL)
    return None


def _long_poll(base: str, epoch: int, request: int, started: list[float], answered: list[float]) -> None:
    """What the live-reload script does: poll until the server reports a newer build."""
    while True:
        try:
            with urllib.request.urlopen(f"{base}livereload/{epoch}/{request}", timeout=90) as response:
                newer = int(response.read().decode().strip() or 0) > epoch
        except OSError:
            newer = False
            time.sleep(0.2)
        if newer:
            answered.append(time.perf_counter() - started[0])
            return


def _save(path: Path, text: str, scratch: Path) -> None:
    scratch.write_text(text, encoding="utf-8")
    os.replace(scratch, path)


def measure(config_file: Path, policy_file: Path, page_path: str, saves: int = 3,
            start_timeout: float = 900, save_timeout: float = 300) -> tuple[float, list[Save]]:
    """Seconds until `mkdocs serve` first served the page, and the latency of each save.

    `page_path` is the served path of the policy's landing page (with the site_url's
    path in front, as `mkdocs serve` mounts the site there). `config_file` must watch
    the folder `policy_file` is in; the file is restored afterwards.
    """
    flags, script_env = serve_flags()
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    url = base + page_path.lstrip("/")
    original = policy_file.read_text(encoding="utf-8")
    scratch = config_file.parent / f"saving-{policy_file.name}"  # beside the config, outside the watched archive
    title = re.search(r"^titel: (.*)$", original, re.M)
    if title is None:
        raise ValueError(f"{policy_file} has no 'titel:' line to edit")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", *flags, "-f", str(config_file), "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, **script_env}, cwd=ROOT,
    )
    results = []
    try:
        first = _wait(lambda: title.group(1) in (fetch(url, timeout=start_timeout) or ""), start_timeout)
        if first is None:
            raise RuntimeError(f"mkdocs serve did not serve {url} within {start_timeout:.0f} s")
        for number in range(1, saves + 1):
            page = fetch(url, timeout=save_timeout) or ""
            found = _EPOCH.search(page)
            if found is None:
                raise RuntimeError(f"{url} has no live-reload script")
            epoch, request = int(found.group(1)), int(found.group(2))
            marker = f"{title.group(1)} (bench {number})"
            started: list[float] = []
            answered: list[float] = []
            poller = threading.Thread(target=_long_poll, args=(base, epoch, request, started, answered), daemon=True)
            started.append(time.perf_counter())
            poller.start()
            time.sleep(0.05)  # the poll is open before the save, as the browser's is
            started[0] = time.perf_counter()
            _save(policy_file, original.replace(title.group(0), f"titel: {marker}", 1), scratch)
            content = _wait(lambda: marker in (fetch(url, timeout=save_timeout) or ""), save_timeout)
            poller.join(save_timeout)
            if content is None or not answered:
                raise RuntimeError(f"save {number} was not shown within {save_timeout:.0f} s")
            results.append(Save(answered[0], content))
            time.sleep(1.0)  # let MkDocs settle before the next save
    finally:
        policy_file.write_text(original, encoding="utf-8")
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return first, results
