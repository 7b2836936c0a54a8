"""Every text in the YAML reaches a page of the built site.

A template that forgets a field drops a sentence from the published policy
without any error. So every text value (`generator.check.texts.archive_texts`) must be
readable on at least one HTML page: compared as plain text, with HTML tags
stripped, entities unescaped and whitespace collapsed. A Markdown text is
compared as the text its Markdown renders to (link targets and emphasis marks
are not visible text); a one-line text as written.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import markdown
import pytest

from generator.check.texts import archive_texts


class _VisibleText(HTMLParser):
    """The text a reader sees: no scripts or styles, no ¶ of heading permalinks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag in ("script", "style") or (tag == "a" and "headerlink" in classes):
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "a") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def collapse(text: str) -> str:
    return " ".join(text.split())


def visible_text(page_html: str) -> str:
    parser = _VisibleText()
    parser.feed(page_html)
    parser.close()
    return collapse("".join(parser.parts))


_MARKDOWN = markdown.Markdown(extensions=["sane_lists"])


def markdown_text(text: str) -> str:
    """What a Markdown text reads as once rendered."""
    _MARKDOWN.reset()
    rendered = _MARKDOWN.convert(text)
    return collapse(html.unescape(re.sub(r"<[^>]+>", "", rendered)))


@pytest.fixture(scope="module")
def site_text(built_site) -> str:
    return "\n".join(visible_text(p.read_text(encoding="utf-8")) for p in sorted(built_site.rglob("*.html")))


def test_the_normalisation_keeps_words_and_drops_markup():
    assert visible_text('<p>Een <abbr title="x">AGB</abbr>-code &amp; <a href="#a">meer</a></p>') == "Een AGB-code & meer"
    assert visible_text('<h2>Kop<a class="headerlink" href="#k">¶</a></h2><script>x()</script>') == "Kop"
    assert markdown_text("- **vet** en [link](https://x.nl)\n- twee") == "vet en link twee"


def test_every_text_in_the_yaml_is_on_a_page(archive, site_text):
    missing = []
    count = 0
    for item in archive_texts(archive):
        count += 1
        if collapse(item.text) not in site_text and markdown_text(item.text) not in site_text:
            missing.append(f"{item.file} {'/'.join(map(str, item.path))}: {collapse(item.text)[:100]!r}")
    assert count > 500, "the walk over the YAML found suspiciously few texts"
    assert not missing, f"{len(missing)} of {count} texts appear on no page:\n" + "\n".join(missing)
