"""Policy text (Markdown from YAML) to safe HTML.

Python-Markdown does not sanitise: raw HTML and `javascript:` links pass
through it. So every text is rendered here, with the glossary as <abbr>
tooltips, and then cleaned by nh3 (ammonia) with a short allow-list. `check`
already rejects HTML and foreign link schemes; this is the second line of
defence, for whatever `check` did not foresee.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "a", "abbr", "code", "blockquote", "sup", "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
_MD_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")


class Renderer:
    """Renders Markdown with one glossary; caches by text, since shared texts repeat."""

    def __init__(self, glossary: dict[str, str]):
        self._md = markdown.Markdown(
            extensions=["abbr", "sane_lists"],
            extension_configs={"abbr": {"glossary": dict(glossary)}},
        )
        self.block = lru_cache(maxsize=None)(self._block)
        self.inline = lru_cache(maxsize=None)(self._inline)

    def _block(self, text: str) -> Markup:
        """A Markdown text as sanitised block HTML (paragraphs, lists)."""
        self._md.reset()
        rendered = self._md.convert(text)
        return Markup(clean(rendered))

    def _inline(self, text: str) -> Markup:
        """A one-line text as sanitised inline HTML (no surrounding <p>)."""
        rendered = str(self._block(text))
        if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
            rendered = rendered[3:-4]
        return Markup(rendered)


def clean(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def safe_url(url: str) -> str | None:
    """An address from the data as it may enter an href: only https, http and mailto, else None.

    `check` already rejects other addresses; this keeps a `javascript:` address
    from becoming a live link if one ever slips through.
    """
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", url.strip())
    return url.strip() if match and match.group(1).lower() in URL_SCHEMES else None


def plain(text: str) -> str:
    """Markdown reduced to plain text, for calendar descriptions, JSON and titles."""
    text = re.sub(r"!?\[([^\]]*)\]\(([^)]*)\)", r"\1 (\2)", text)
    text = re.sub(r"(\*\*|__|\*|_|`)", "", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def md_escape(text: str) -> str:
    """A plain text made inert for a Markdown heading: HTML-escaped, Markdown specials escaped."""
    # A line break (a folded YAML scalar ends with one) would end the heading early.
    return _MD_SPECIALS.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))
