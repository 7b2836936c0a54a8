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
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from functools import lru_cache

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE
from markupsafe import Markup

from ..model.documents import CHAPTER_REFERENCE

ALLOWED_TAGS = {
    "p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "a", "abbr", "code", "blockquote", "sup", "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
_MD_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")


class _Fragment(Treeprocessor):
    """Shapes the parse tree into the part of a text that is asked for, before it is
    written out: the whole text, the text without a lone paragraph around it, or a
    text split into its first paragraph and the rest. Records the shape it saw."""

    WHOLE, INLINE, FIRST, REST = "whole", "inline", "first", "rest"

    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        self.part = self.WHOLE
        self.shape: tuple[str, ...] = ()

    def run(self, root: etree.Element) -> None:
        self.shape = tuple(child.tag for child in root)
        if self.part == self.INLINE and self.shape == ("p",):
            _unwrap(root, root[0])
        elif self.part == self.FIRST and self.shape[:1] == ("p",):
            for child in list(root)[1:]:
                root.remove(child)
            _unwrap(root, root[0])
        elif self.part == self.REST and self.shape[:1] == ("p",):
            root.remove(root[0])


def _unwrap(root: etree.Element, paragraph: etree.Element) -> None:
    """Put a paragraph's content in its place (the document root), without the <p>."""
    root.text = paragraph.text
    root.remove(paragraph)
    root.extend(list(paragraph))


@dataclass(frozen=True)
class Label:
    """A text as the label of a checkbox. A <label> holds phrasing content only, so
    a text of several blocks keeps its first paragraph as the label and the rest as
    a description; a text that does not open with a paragraph has no label text."""

    label: Markup | None
    more: Markup | None


_NO_LINKS_INSIDE = frozenset({"a", "code", "abbr"})


class _References(Treeprocessor):
    """Turns "hoofdstuk 4", "artikel 2.2" and the like into links to the numbered section,
    where `targets` (number -> href) holds that number; any other mention stays text.
    Never inside a link, code or a glossary term."""

    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        self.targets: dict[str, str] = {}

    def run(self, root: etree.Element) -> None:
        if self.targets:
            self._link_in(root)

    def _link_in(self, elem: etree.Element) -> None:
        head, links = self._split(elem.text)
        elem.text = head
        for index, link in enumerate(links):
            elem.insert(index, link)
        for child in list(elem)[len(links):]:
            if child.tag not in _NO_LINKS_INSIDE:
                self._link_in(child)
            tail, links = self._split(child.tail)
            child.tail = tail
            position = list(elem).index(child) + 1
            for offset, link in enumerate(links):
                elem.insert(position + offset, link)

    def _split(self, text: str | None) -> tuple[str | None, list[etree.Element]]:
        """A text node as the text before the first reference and the links, each with the text after it."""
        links: list[etree.Element] = []
        head, last = text, 0
        for match in CHAPTER_REFERENCE.finditer(text or ""):
            href = self.targets.get(match.group(2))
            if href is None:
                continue
            if links:
                links[-1].tail = text[last:match.start()]
            else:
                head = text[:match.start()]
            link = etree.Element("a", {"href": href})
            link.text = match.group(0)
            links.append(link)
            last = match.end()
        if links:
            links[-1].tail = text[last:]
        return head, links


class Renderer:
    """Renders Markdown with one glossary; caches by text (and reference targets), since
    shared texts repeat. `linking(targets)` is the same renderer, with the same caches,
    that also links "hoofdstuk N" and the like to the sections `targets` names."""

    def __init__(self, glossary: dict[str, str], *, _engine: "_Engine | None" = None,
                 _targets: tuple[tuple[str, str], ...] = ()):
        self._engine = _engine or _Engine(glossary)
        self._targets = _targets

    def linking(self, targets: dict[str, str]) -> "Renderer":
        return Renderer({}, _engine=self._engine, _targets=tuple(sorted(targets.items())))

    def block(self, text: str) -> Markup:
        """A Markdown text as sanitised block HTML (paragraphs, lists)."""
        return self._engine.render(text, _Fragment.WHOLE, self._targets)[0]

    def inline(self, text: str) -> Markup:
        """A one-line text as sanitised inline HTML: a lone paragraph loses its <p>."""
        return self._engine.render(text, _Fragment.INLINE, self._targets)[0]

    def label(self, text: str) -> Label:
        return self._engine.label(text, self._targets)

    def plain(self, text: str) -> str:
        """`plain(text)`, cached: the same texts recur in every year's policy and shared text."""
        return self._engine.plain(text)


class _Engine:
    """One Markdown parser and the caches of what it rendered."""

    def __init__(self, glossary: dict[str, str]):
        self._md = markdown.Markdown(
            extensions=["abbr", "sane_lists"],
            extension_configs={"abbr": {"glossary": dict(glossary)}},
        )
        self._fragment = _Fragment(self._md)
        self._references = _References(self._md)
        # Last: after the inline patterns, the line breaks and the glossary.
        self._md.treeprocessors.register(self._references, "references", 2)
        self._md.treeprocessors.register(self._fragment, "fragment", 1)
        self.render = lru_cache(maxsize=None)(self._convert)
        self.label = lru_cache(maxsize=None)(self._label)
        self.plain = lru_cache(maxsize=None)(plain)

    def _convert(self, text: str, part: str, targets: tuple[tuple[str, str], ...]) -> tuple[Markup, tuple[str, ...]]:
        self._md.reset()
        self._fragment.part = part
        self._references.targets = dict(targets)
        rendered = self._md.convert(text)
        return Markup(clean(rendered)), self._fragment.shape

    def _label(self, text: str, targets: tuple[tuple[str, str], ...]) -> Label:
        html, shape = self.render(text, _Fragment.INLINE, targets)
        if shape in ((), ("p",)):
            return Label(label=html, more=None)
        if shape[0] == "p":
            return Label(label=self.render(text, _Fragment.FIRST, targets)[0],
                         more=self.render(text, _Fragment.REST, targets)[0])
        return Label(label=None, more=html)


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


class _PlainText(Treeprocessor):
    """Writes the parse tree out as plain text: a link as its text with the address in
    brackets, emphasis and code as their words, lists one item a line ("- ", "1. ",
    nested items one space in), blocks apart by a blank line."""

    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        self.text = ""

    def run(self, root: etree.Element) -> None:
        self.text = "\n\n".join(self._block(child) for child in root)

    def _block(self, elem: etree.Element, depth: int = 0) -> str:
        if elem.tag not in ("ul", "ol"):
            return self._inline(elem).strip()
        lines = []
        for number, item in enumerate(elem, int(elem.get("start") or 1)):
            marker = "- " if elem.tag == "ul" else f"{number}. "
            nested = [child for child in item if child.tag in ("ul", "ol")]
            words = self._inline(item, skip=nested).strip()
            lines.append(" " * depth + marker + words)
            lines += [self._block(sub, depth + 1) for sub in nested]
        return "\n".join(lines)

    def _inline(self, elem: etree.Element, skip: list[etree.Element] = ()) -> str:
        out = [elem.text or ""]
        for child in elem:
            if child not in skip:
                if child.tag == "a":
                    out.append(f"{self._inline(child)} ({child.get('href', '')})")
                elif child.tag == "img":
                    out.append(f"{child.get('alt', '')} ({child.get('src', '')})")
                elif child.tag == "p":
                    out.append(self._inline(child).strip() + "\n\n")
                else:
                    out.append(self._inline(child))
            out.append(child.tail or "")
        return HTML_PLACEHOLDER_RE.sub(self._stashed, "".join(out))

    def _stashed(self, match: re.Match) -> str:
        """Raw HTML and character references the parser set aside: as the text they stand for."""
        stashed = self.md.htmlStash.rawHtmlBlocks[int(match.group(1))]
        return html.unescape(stashed if isinstance(stashed, str) else "".join(stashed.itertext()))


def _plain_markdown() -> tuple[markdown.Markdown, _PlainText]:
    md = markdown.Markdown(extensions=["sane_lists"])
    writer = _PlainText(md)
    md.treeprocessors.register(writer, "plain_text", -1)  # after everything, escapes undone
    return md, writer


_PLAIN = _plain_markdown()


def plain(text: str) -> str:
    """Markdown reduced to plain text, for calendar descriptions, JSON and titles."""
    md, writer = _PLAIN
    md.reset()
    md.convert(text)
    return re.sub(r"[ \t]+", " ", writer.text).strip()


def md_escape(text: str) -> str:
    """A plain text made inert for a Markdown heading: HTML-escaped, Markdown specials escaped."""
    # A line break (a folded YAML scalar ends with one) would end the heading early.
    return _MD_SPECIALS.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))
