"""The generator's core as the plugin uses it when it has to generate: load and check the
policies, build the site and its navigation, the preview's error pages, and the live
preview's incremental rebuild.

`plugin.py` imports this module only when a build needs it. It brings in the whole core
(the pydantic documents, Jinja, iCalendar): about 0.2 s and 25 MB, a third of what the
generator adds to a build of the bundled data. A build served from the cache between
builds (`cache.py`) needs none of it.
"""

from __future__ import annotations

from ..check import load_archive
from ..outputs import build_site
from ..outputs.nav import navigation
from ..outputs.preview import error_files
from ..render.urls import HOME
from . import incremental
from .incremental import LivePreview, TrackedFile

__all__ = ["HOME", "LivePreview", "TrackedFile", "build_site", "error_files", "incremental", "load_archive",
           "navigation"]
