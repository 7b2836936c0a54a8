"""The live-preview part of the bench: save-to-reloaded-page latency under `mkdocs serve`
at each scale (bench/live_reload.py), against the targets of issue 18."""

from __future__ import annotations

import shlex
from urllib.parse import urlsplit

import live_reload
from report import each, median, s, table, verdict
from workspace import Workspace, log

MAX_SECONDS = {10: 2.0, 50: 5.0}


def measure(ws: Workspace, scales: list[int], saves: int) -> list[str]:
    mount = urlsplit(ws.site_url).path or "/"  # `mkdocs serve` serves the site under site_url's path
    flags, env = live_reload.serve_flags()
    rows, edited_name = [], ""
    for scale in scales:
        archive = ws.serve_archive(scale)
        config = ws.plugin_config_for(archive, f"serve-{scale}x")
        edited = sorted((archive / "zorgsoorten").glob("*/*.yaml"))[0]
        edited_name = edited.relative_to(archive).as_posix()
        care_type, year = edited.parent.name, edited.stem
        log(f"serve {scale}x: starting mkdocs serve")
        first, results = live_reload.measure(config, edited, f"{mount}zorgsoorten/{care_type}/{year}/", saves=saves)
        latency = median(r.seconds for r in results)
        log(f"serve {scale}x: first page after {first:.1f} s; median save-to-reload {latency:.2f} s")
        limit = MAX_SECONDS.get(scale)
        rows.append([f"{scale}x", s(first), s(latency), each(r.seconds for r in results),
                     each(r.reload for r in results), each(r.content for r in results),
                     f"< {limit:.0f} s" if limit else "", verdict(latency < limit) if limit else ""])
    command = " ".join(["mkdocs serve", *map(shlex.quote, flags)])
    return ["### Live preview", "",
            f"`{command}` (the flags of `scripts/serve`; environment {', '.join(f'{k}={v}' for k, v in env.items()) or 'none'}) "
            f"on the real site over a copy of the archive; each save gives `{edited_name}` a new `titel:`. "
            "Save to reloaded page: the later of the live-reload long poll answering (the browser then reloads) and "
            "the page served with the new title (bench/live_reload.py). Polling for changed files (0.5 s) and "
            "MkDocs' build delay (0.1 s) are included, as a user waits for them. \"First page\" is the time from "
            "starting `mkdocs serve` until the page was served. Medians of the saves.", "",
            *table(["archive", "first page", "save to reload", "each save", "long poll answered", "page shows the edit",
                    "target", ""], rows), ""]
