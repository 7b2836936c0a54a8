"""`mkdocs serve` rebuilds and serves the new text when a policy YAML file changes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from conftest import synthetic_project



def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


@pytest.mark.parametrize("mode", [[], ["--dirty"]], ids=["full", "dirty"])
def test_editing_yaml_under_serve_changes_the_served_page(tmp_path, mode):
    """Both as plain `mkdocs serve` and as scripts/serve runs it (--dirty: the live preview)."""
    project = synthetic_project(tmp_path)
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", *mode, "-f", str(project / "mkdocs.yml"), "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
    )
    url = f"http://127.0.0.1:{port}/zorginkoopbeleid/zorgsoorten/wijkzorg/2026/beleid/"
    try:
        assert wait_for(lambda: fetch(url) is not None, 120), "mkdocs serve did not come up"
        assert "Zet deze tekst live om" not in fetch(url)
        policy = project / "policies" / "zorgsoorten" / "wijkzorg" / "2026.yaml"
        text = policy.read_text(encoding="utf-8")
        marker = "Wijkzorg hoort dicht bij huis, met de wijkverpleegkundige als spil."
        assert marker in text, "the test edits a known sentence"
        policy.write_text(text.replace(marker, marker + " Zet deze tekst live om te testen.", 1), encoding="utf-8")
        assert wait_for(lambda: "Zet deze tekst live om te testen." in (fetch(url) or ""), 120), "edit was not served"
    finally:
        stop(server)


def stop(server: subprocess.Popen) -> None:
    """End a `mkdocs serve` the test started: politely, then for sure."""
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
