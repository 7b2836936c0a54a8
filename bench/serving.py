"""Helpers for the benchmarks that time a running `mkdocs serve` on this machine's loopback."""

from __future__ import annotations

import socket
import urllib.request


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, timeout: float = 5) -> str | None:
    """The page's text, or None when the server does not answer it with 200 (yet)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8") if response.status == 200 else None
    except OSError:
        return None
