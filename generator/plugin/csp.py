"""The Content-Security-Policy of every page, as a <meta http-equiv> tag.

GitHub Pages cannot send headers, so the policy lives in the page. The theme has
small inline scripts whose text depends on the page (the relative base URL), so
they are allowed by their SHA-256 hash, computed from the finished HTML, never by
'unsafe-inline'. Everything else comes from the site itself: no fonts, scripts or
API calls from elsewhere (the build and the site work offline).
"""

from __future__ import annotations

import base64
import hashlib
import re

# `<meta charset>` must stay first; the policy follows it, before any script or style.
_CHARSET = re.compile(r'<meta charset="utf-8">', re.I)
_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_TYPE = re.compile(r'\btype\s*=\s*"(?P<type>[^"]*)"', re.I)
_EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}

BASE_POLICY = (
    ("default-src", ["'self'"]),
    ("script-src", ["'self'"]),  # plus the page's inline-script hashes
    ("style-src", ["'self'"]),
    # The theme's icons are data: SVGs in its stylesheet.
    ("img-src", ["'self'", "data:"]),
    ("font-src", ["'self'"]),
    # The search index and the search worker come from the site.
    ("connect-src", ["'self'"]),
    ("worker-src", ["'self'"]),
    ("object-src", ["'none'"]),
    ("base-uri", ["'self'"]),
    ("form-action", ["'self'"]),
)


def inline_script_hashes(html: str) -> list[str]:
    """CSP source expressions for every inline script the browser would run."""
    hashes = set()
    for match in _SCRIPT.finditer(html):
        attrs = match.group("attrs")
        if re.search(r"\bsrc\s*=", attrs, re.I):
            continue
        type_match = _TYPE.search(attrs)
        if type_match and type_match.group("type").strip().lower() not in _EXECUTABLE_TYPES:
            continue  # data blocks such as application/json are never executed
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
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
    """The page with its policy as the second element of <head>."""
    match = _CHARSET.search(html)
    if match is None:
        raise ValueError("page has no <meta charset=\"utf-8\">; cannot place the Content-Security-Policy")
    meta = f'\n    <meta http-equiv="Content-Security-Policy" content="{policy_for(html)}">'
    return html[: match.end()] + meta + html[match.end():]
