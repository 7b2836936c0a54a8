"""Rewrites of markup that Material for MkDocs 9.x itself emits and that fails the
HTML checker or axe. Our own templates are fixed at the source instead (the search
dialog, overrides/partials/search.html, among them).

These are attribute-level repairs on the finished page. Copying the whole theme
template for each (base.html, nav-item.html) would freeze a large piece of the
theme into this repository; a rewrite that no longer matches simply does nothing
when the theme fixes the markup itself (tests/browser/test_html_validity.py
checks the result, not the rewrite).

All repairs are one regular expression, one alternative each, so a page is read
once: a scan per repair cost more than the repairs (the navigation makes pages
large). None of the markup they match lies inside another's, except the empty
tabindex on a section toggle, which that toggle's repair drops itself.
"""

from __future__ import annotations

import html as html_lib
import re

_LABEL = r'label class="md-nav__link[^"]*" for="__nav_[0-9_]+" id="__nav_[0-9_]+_label"'

_REPAIRS = re.compile(
    "<(?:"
    # The drawer and search toggles are checkboxes; HTML allows `autocomplete` only on
    # text-like inputs (vnu: "Attribute autocomplete is only allowed when the input type is ...").
    r'(?P<toggle>input class="md-toggle" data-md-toggle="(?:drawer|search)" type="checkbox" id="__(?:drawer|search)") autocomplete="off">'
    # A section's expand/collapse toggle next to its index link is a focusable label with
    # only an icon, and the section's <nav> takes its name from it: both end up nameless.
    # The section title goes inside as visually hidden text (aria-label is not allowed on
    # a <label> without a role).
    r'|(?P<section>div class="md-nav__link md-nav__container">\s*<a href="[^"]*" class="md-nav__link[^"]*">\s*'
    r'<span class="md-ellipsis">\s*(?P<title>[^<]*?)\s*</span>\s*</a>\s*'
    rf'<{_LABEL})(?: tabindex="")?(?P<tabindex> tabindex="[^"]*")?>'
    # Section labels in the navigation get `tabindex=""` when they are not meant to be
    # focusable; an empty tabindex is invalid, and leaving the attribute out means the same.
    rf'|(?P<label>{_LABEL}) tabindex=""'
    # The theme adds its skip link only when the page has a table of contents (not on the
    # 404 page): then it goes to the first <h1> with an id.
    r'|(?P<skip>div data-md-component="skip">)(?P<skip_end>\s*</div>)'
    # On a section's index page the theme renders no `__toc` toggle, yet the table of
    # contents still has a <label for="__toc"> (vnu: label must point at a form control).
    r'|label class="md-nav__title" for="__toc">(?P<toc_title>.*?)</label>'
    ")",
    re.S,
)
_FIRST_H1 = re.compile(r'<h1 id="([^"]+)"')


def fix_theme_html(html: str, skip_label: str = "Ga naar inhoud") -> str:
    heading = _FIRST_H1.search(html)
    skip_link = heading is not None  # the first empty skip container gets it
    has_toc = 'id="__toc"' in html

    def repair(match: re.Match) -> str:
        nonlocal skip_link
        if match["toggle"] is not None:
            return f"<{match['toggle']}>"
        if match["section"] is not None:
            title = html_lib.escape(html_lib.unescape(match["title"]), quote=True)
            return f'<{match["section"]}{match["tabindex"] or ""}><span class="cq-visually-hidden">{title}</span>'
        if match["label"] is not None:
            return f"<{match['label']}"
        if match["skip"] is not None:
            if not skip_link:
                return match[0]
            skip_link = False
            return f'<{match["skip"]}<a href="#{heading.group(1)}" class="md-skip">{skip_label}</a>{match["skip_end"]}'
        if has_toc:
            return match[0]
        return f'<div class="md-nav__title">{match["toc_title"]}</div>'

    return _REPAIRS.sub(repair, html)
