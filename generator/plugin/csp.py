"""The Content-Security-Policy of every page, as a <meta http-equiv> tag.

GitHub Pages cannot send headers, so the policy lives in the page. The theme has
small inline scripts whose text depends on the page (the relative base URL), so
they are allowed by their SHA-256 hash, computed from the finished HTML, never by
'unsafe-inline'. Everything else comes from the site itself: no fonts, scripts or
API calls from elsewhere (the build and the site work offline).

Only the scripts the site ships are hashed: those the theme and our templates put
around the page content. A script inside the content (Material's `.md-content`,
which holds the `<article>`) was written into a page, and would be allowed by its
own hash; `add_policy` refuses such a page with `ScriptInContent` instead. The
plugin also refuses a `<script>` in the HTML that Markdown made of a page, before
the theme wraps it, so closing tags written into a page cannot move one outside.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser

# `<meta charset>` must stay first; the policy follows it, before any script or style.
_CHARSET = re.compile(r'<meta charset="utf-8">', re.I)
_EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}

BASE_POLICY = (
    ("default-src", ["'self'"]),
    # Plus the page's inline-script hashes. The search (Pagefind) compiles its
    # WebAssembly in its web worker, pagefind/pagefind-worker.js: a worker loaded from
    # the site has the policy of its own response (none on GitHub Pages), not this
    # page's, so the page needs no 'wasm-unsafe-eval' (which the Nu HTML Checker also
    # rejects). Without workers the search says it cannot search rather than loosen this.
    ("script-src", ["'self'"]),
    ("style-src", ["'self'"]),
    # The theme's icons are data: SVGs in its stylesheet.
    ("img-src", ["'self'", "data:"]),
    ("font-src", ["'self'"]),
    # The search index, its WebAssembly and the search worker come from the site.
    ("connect-src", ["'self'"]),
    ("worker-src", ["'self'"]),
    ("object-src", ["'none'"]),
    ("base-uri", ["'self'"]),
    ("form-action", ["'self'"]),
)


class ScriptInContent(ValueError):
    """A page's own content has a script: the policy would allow it by its hash."""


@dataclass(frozen=True)
class Script:
    body: str  # the text between the tags, exactly as in the page
    inline: bool  # no src: the body is the code
    executable: bool  # data blocks such as application/json are never run
    in_content: bool  # inside the page content, not the theme around it


class _ScriptFinder(HTMLParser):
    """Every <script> of a page, and whether it lies within the content container."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[Script] = []
        self._content_tag: str | None = None  # the tag of the content container we are in
        self._content_depth = 0  # open elements with that tag, the container included
        self._script: dict[str, str | None] | None = None
        self._body: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._content_tag is None:
            classes = (dict(attrs).get("class") or "").split()
            if tag == "article" or "md-content" in classes:
                self._content_tag, self._content_depth = tag, 0
        if tag == self._content_tag:
            self._content_depth += 1
        if tag == "script":
            self._script, self._body = dict(attrs), []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            kind = (self._script.get("type") or "").strip().lower()
            self.scripts.append(Script(body="".join(self._body), inline="src" not in self._script,
                                       executable=kind in _EXECUTABLE_TYPES, in_content=self._content_tag is not None))
            self._script = None
        if tag == self._content_tag:
            self._content_depth -= 1
            if self._content_depth == 0:
                self._content_tag = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._body.append(data)


def scripts(html: str) -> list[Script]:
    finder = _ScriptFinder()
    finder.feed(html)
    finder.close()
    return finder.scripts


def inline_script_hashes(html: str) -> list[str]:
    """CSP source expressions for the inline scripts of the theme and our templates the browser would run."""
    hashes = set()
    for script in scripts(html):
        if script.inline and script.executable and not script.in_content:
            digest = hashlib.sha256(script.body.encode("utf-8")).digest()
            hashes.add("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")
    return sorted(hashes)


def policy_for(html: str) -> str:
    parts = []
    for directive, sources in BASE_POLICY:
        if directive == "script-src":
            sources = sources + inline_script_hashes(html)
        parts.append(" ".join([directive, *sources]))
    return "; ".join(parts)


def add_policy(html: str) -> str:
    """The page with its policy as the second element of <head>; ScriptInContent for a script in the content."""
    if any(script.executable for script in scripts(html) if script.in_content):
        raise ScriptInContent("de inhoud van de pagina bevat een <script>")
    match = _CHARSET.search(html)
    if match is None:
        raise ValueError("page has no <meta charset=\"utf-8\">; cannot place the Content-Security-Policy")
    meta = f'\n    <meta http-equiv="Content-Security-Policy" content="{policy_for(html)}">'
    return html[: match.end()] + meta + html[match.end():]
