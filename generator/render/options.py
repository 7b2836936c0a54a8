"""What the site engine and the core tell each other, without the rest of rendering.

`SiteOptions` is what the core needs from the engine's configuration; `ASSETS` are the
stylesheet and script every page needs, which the engine must link. Kept apart from
`context` so that the MkDocs plugin can read them without importing the renderer: a
build served from the cache between builds never renders anything (plugin/cache.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

ASSETS = ("caresq.css", "caresq.js")  # under assets/ in the site


@dataclass(frozen=True)
class SiteOptions:
    """What the core needs from the site engine's configuration."""

    base_url: str  # absolute, ends with '/'; feeds and subscribe links need it
    directory_urls: bool = True  # False: pages are `x.html`, for a preview opened from disk
    # The day the build-time "what comes next" is computed for (the site engine gives the
    # build date, from SOURCE_DATE_EPOCH when set). None: no date-dependent fallback.
    today: dt.date | None = None
