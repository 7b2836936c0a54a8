"""Rewrites of markup that Material for MkDocs 9.x itself emits and that fails the
HTML checker or axe. Our own templates are fixed at the source instead (the search
dialog, overrides/partials/search.html, among them).

These are attribute-level repairs on the finished page. Copying the whole theme
template for each (base.html, nav-item.html) would freeze a large piece of the
theme into this repository; a rewrite that no longer matches simply does nothing
when the theme fixes the markup itself (tests/browser/test_html_validity.py
checks the result, not the rewrite).
"""

from __future__ import annotations

import html as html_lib
import re

# The drawer and search toggles are checkboxes; HTML allows `autocomplete` only on
# text-like inputs (vnu: "Attribute autocomplete is only allowed when the input type is ...").
_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle" data-md-toggle="(?:drawer|search)" type="checkbox" id="__(?:drawer|search)") autocomplete="off">')

# Section labels in the navigation get `tabindex=""` when they are not meant to be
# focusable; an empty tabindex is invalid, and leaving the attribute out means the same.
_EMPTY_TABINDEX = re.compile(r'(<label class="md-nav__link[^"]*" for="__nav_[0-9_]+" id="__nav_[0-9_]+_label") tabindex=""')

# A section's expand/collapse toggle next to its index link is a focusable label with
# only an icon, and the section's <nav> takes its name from it: both end up nameless.
# The section title goes inside as visually hidden text (aria-label is not allowed on
# a <label> without a role).
_NAV_TOGGLE = re.compile(
    r'(<div class="md-nav__link md-nav__container">\s*<a href="[^"]*" class="md-nav__link[^"]*">\s*'
    r'<span class="md-ellipsis">\s*(?P<title>[^<]*?)\s*</span>\s*</a>\s*'
    r'<label class="md-nav__link[^"]*" for="__nav_[0-9_]+" id="__nav_[0-9_]+_label"(?: tabindex="[^"]*")?)>'
)

# On a section's index page the theme renders no `__toc` toggle, yet the table of
# contents still has a <label for="__toc"> (vnu: label must point at a form control).
_TOC_LABEL = re.compile(r'<label class="md-nav__title" for="__toc">(.*?)</label>', re.S)


# The theme adds its skip link only when the page has a table of contents (not on the
# 404 page): then it goes to the first <h1> with an id.
_EMPTY_SKIP = re.compile(r'(<div data-md-component="skip">)(\s*</div>)')
_FIRST_H1 = re.compile(r'<h1 id="([^"]+)"')


def fix_theme_html(html: str, skip_label: str = "Ga naar inhoud") -> str:
    html = _TOGGLE_AUTOCOMPLETE.sub(r"\1>", html)
    html = _EMPTY_TABINDEX.sub(r"\1", html)
    html = _NAV_TOGGLE.sub(_name_toggle, html)
    heading = _FIRST_H1.search(html)
    if heading:
        html = _EMPTY_SKIP.sub(lambda m: f'{m.group(1)}<a href="#{heading.group(1)}" class="md-skip">{skip_label}</a>{m.group(2)}', html, count=1)
    if 'id="__toc"' not in html:
        html = _TOC_LABEL.sub(r'<div class="md-nav__title">\1</div>', html)
    return html


def _name_toggle(match: re.Match) -> str:
    title = html_lib.escape(html_lib.unescape(match.group("title")), quote=True)
    return f'{match.group(1)}><span class="cq-visually-hidden">{title}</span>'
