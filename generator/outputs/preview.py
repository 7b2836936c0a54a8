"""The files of the serve preview while the policy files have errors: the error page at
every page address the browser may be on, and the site's own stylesheet and script."""

from __future__ import annotations

from collections.abc import Iterable

from ..model.errors import Problem
from ..render import urls
from ..render.preview import problems_page
from .pages import asset_files


def error_files(problems: list[Problem], page_uris: Iterable[str]) -> dict[str, str]:
    """The same error page at each of `page_uris` and at the home page."""
    page = problems_page(problems)
    files = asset_files()
    files.update({uri: page for uri in {urls.HOME, *page_uris}})
    return files
