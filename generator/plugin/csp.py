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

Pages are read with the HTML Standard's parser (Lexbor, through selectolax) with
scripting on: what is a script, and what its text is, is then decided as by the
browser that applies the policy. Each finished page is parsed once.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

# `<meta charset>` must stay first; the policy follows it, before any script or style.
_CHARSET = re.compile(r'<meta charset="utf-8">', re.I)
_EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}
# A <script> element starts with a start tag named script: the tokenizer makes one only of
# this text, in any ASCII case (re.I also takes a few non-ASCII look-alikes: more, never fewer).
_SCRIPT_TAG_OPEN = re.compile("<script", re.I)

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
    body: str  # the script's text, as the browser hashes it
    inline: bool  # no src: the body is the code
    executable: bool  # data blocks such as application/json are never run
    in_content: bool  # inside the page content, not the theme around it


def scripts(html: str) -> list[Script]:
    """Every <script> element of a finished page, also those in a <template>'s content."""
    return _scripts(LexborHTMLParser(html, scripting=True), in_content=False)


def content_has_script(html: str) -> bool:
    """Whether the HTML that Markdown made of a page has a <script> element (of any type).

    The HTML is parsed as a fragment in the <article> the theme puts it in, so markup
    that only a document's start obeys (a <frameset>) is read as in the page. Without
    the text of a script start tag there is nothing to parse.
    """
    if _SCRIPT_TAG_OPEN.search(html) is None:
        return False
    return bool(_scripts(LexborHTMLParser(html, is_fragment=True, fragment_tag="article", scripting=True), in_content=True))


def _scripts(tree, *, in_content: bool) -> list[Script]:
    """The scripts of a parsed document or fragment; `in_content` when all of it lies in the content."""
    found = []
    for node in tree.css("script"):
        attributes = node.attributes
        kind = (attributes.get("type") or "").strip().lower()
        found.append(Script(body=node.text(deep=False), inline="src" not in attributes,
                            executable=kind in _EXECUTABLE_TYPES, in_content=in_content or _in_content(node)))
    for template in tree.css("template"):
        # Its content is a fragment outside the tree: never run as parsed, but inserting a copy would run it.
        for content in template.template_fragments():
            found += _scripts(content, in_content=in_content or _in_content(template))
    return found


def _in_content(node) -> bool:
    """Whether an element lies within the content container (Material's `.md-content`, or an `<article>`)."""
    node = node.parent
    while node is not None:
        if node.tag == "article" or "md-content" in (node.attributes.get("class") or "").split():
            return True
        node = node.parent
    return False


def inline_script_hashes(found: list[Script]) -> list[str]:
    """CSP source expressions for the inline scripts of the theme and our templates the browser would run."""
    hashes = set()
    for script in found:
        if script.inline and script.executable and not script.in_content:
            digest = hashlib.sha256(script.body.encode("utf-8")).digest()
            hashes.add("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")
    return sorted(hashes)


def policy(found: list[Script]) -> str:
    """The policy of a page with these scripts."""
    parts = []
    for directive, sources in BASE_POLICY:
        if directive == "script-src":
            sources = sources + inline_script_hashes(found)
        parts.append(" ".join([directive, *sources]))
    return "; ".join(parts)


def page_policy(html: str) -> str:
    """The policy of a finished page; ScriptInContent for a script in the content."""
    found = scripts(html)
    if any(script.executable for script in found if script.in_content):
        raise ScriptInContent("de inhoud van de pagina bevat een <script>")
    return policy(found)


def with_policy(html: str, page_policy: str) -> str:
    """The page with `page_policy` as the second element of <head>, after <meta charset>."""
    match = _CHARSET.search(html)
    if match is None:
        raise ValueError("page has no <meta charset=\"utf-8\">; cannot place the Content-Security-Policy")
    meta = f'\n    <meta http-equiv="Content-Security-Policy" content="{page_policy}">'
    return html[: match.end()] + meta + html[match.end():]


def add_policy(html: str) -> str:
    """The page with its policy as the second element of <head>; ScriptInContent for a script in the content."""
    return with_policy(html, page_policy(html))
