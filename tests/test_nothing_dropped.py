"""Every text in the YAML reaches a page of the built site.

A template that forgets a field drops a sentence from the published policy
without any error. So every text value (`generator.check.texts.archive_texts`) must be
readable on at least one HTML page: compared as plain text, with HTML tags
stripped, entities unescaped and whitespace collapsed. A Markdown text is
compared as the text its Markdown renders to (link targets and emphasis marks
are not visible text); a one-line text as written.

The synthetic archive (every field of the model) tests the templates; the real
`policies/` is checked too (marked `policies`), for texts only real data has.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import markdown
import pytest

from generator.check.texts import archive_texts


class _VisibleText(HTMLParser):
    """The text a reader sees: no scripts or styles, no ¶ of heading permalinks; and the link targets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hrefs: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            self.hrefs.append(dict(attrs)["href"])
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


# Texts the site does not show yet, each with the test that fails once it does (then remove it here).
KNOWN_GAPS = {
    ("vervallen", "reden"): "test_the_reason_a_milestone_was_cancelled_is_on_its_page",
}


def known_gap(path: tuple) -> bool:
    """True for a text whose field is a known gap: shown in the feeds, not on a page."""
    return tuple(p for p in path if isinstance(p, str))[-2:] in KNOWN_GAPS


URL_FIELDS = {"url", "web", "website"}  # shown as a link's target, not as its text
# Short forms for the titles of calendar events: they are in the feeds, not on a page.
CALENDAR_FIELDS = {"korte_stap", "korte_naam"}


def calendar_only(path: tuple) -> bool:
    return [p for p in path if isinstance(p, str)][-1:] in ([field] for field in CALENDAR_FIELDS)


def feed_titles(site) -> str:
    """Every event title (SUMMARY) in the site's calendar files, unescaped, one per line."""
    titles = set()
    for path in sorted(site.rglob("*.ics")):
        unfolded = path.read_bytes().decode("utf-8").replace("\r\n ", "").split("\r\n")
        for line in unfolded:
            if line.startswith("SUMMARY:"):
                titles.add(re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), line[8:]))
    return "\n".join(sorted(titles)) + "\n"


def site_text(site) -> str:
    """Every page's visible text, then every link target, one per line."""
    texts, hrefs = [], set()
    for page in sorted(site.rglob("*.html")):
        parser = _VisibleText()
        parser.feed(page.read_text(encoding="utf-8"))
        parser.close()
        texts.append(collapse("".join(parser.parts)))
        hrefs.update(parser.hrefs)
    return "\n".join(texts) + "\n" + "\n".join(sorted(hrefs)) + "\n"


def missing_texts(archive, text: str, *, skip_gaps: bool, titles: str = "") -> tuple[int, list[str]]:
    """(number of texts looked for, those on no page). Drafts are not built, so not looked for.
    A calendar title's short form is looked for in the feeds' `titles`."""
    drafts = {archive.relative_path(p) for p in archive.policies if p.draft}
    missing, count = [], 0
    for item in archive_texts(archive):
        if item.file in drafts or (skip_gaps and known_gap(item.path)):
            continue
        count += 1
        if item.field in CALENDAR_FIELDS:
            if item.text not in titles:
                missing.append(f"{item.file} {'/'.join(map(str, item.path))}: {item.text!r} is in no calendar title")
        elif item.field in URL_FIELDS:
            if f"\n{item.text}\n" not in text:
                missing.append(f"{item.file} {'/'.join(map(str, item.path))}: no link to {item.text!r}")
        elif collapse(item.text) not in text and markdown_text(item.text) not in text:
            missing.append(f"{item.file} {'/'.join(map(str, item.path))}: {collapse(item.text)[:100]!r}")
    return count, missing


def test_the_normalisation_keeps_words_and_drops_markup():
    assert visible_text('<p>Een <abbr title="x">AGB</abbr>-code &amp; <a href="#a">meer</a></p>') == "Een AGB-code & meer"
    assert visible_text('<h2>Kop<a class="headerlink" href="#k">¶</a></h2><script>x()</script>') == "Kop"
    assert markdown_text("- **vet** en [link](https://x.nl)\n- twee") == "vet en link twee"


def test_every_text_of_the_synthetic_archive_is_on_a_page(synthetic, synthetic_built):
    """The synthetic archive uses every field of the model, so every template path is covered."""
    count, missing = missing_texts(synthetic, site_text(synthetic_built), skip_gaps=True,
                                   titles=feed_titles(synthetic_built))
    assert count > 100, "the walk over the YAML found suspiciously few texts"
    assert not missing, f"{len(missing)} of {count} texts appear on no page:\n" + "\n".join(missing)


@pytest.mark.xfail(strict=True, reason="known gap: a cancelled milestone shows '(vervallen)' but not why; "
                                      "the reason is only in the calendar feeds")
def test_the_reason_a_milestone_was_cancelled_is_on_its_page(synthetic, synthetic_built):
    _, missing = missing_texts(synthetic, site_text(synthetic_built), skip_gaps=False)
    assert not [line for line in missing if "/vervallen/reden" in line]


@pytest.mark.policies
def test_every_text_in_the_yaml_is_on_a_page(archive, built_site):
    count, missing = missing_texts(archive, site_text(built_site), skip_gaps=False, titles=feed_titles(built_site))
    assert count > 500, "the walk over the YAML found suspiciously few texts"
    assert not missing, f"{len(missing)} of {count} texts appear on no page:\n" + "\n".join(missing)
