"""An Atom 1.0 feed (RFC 4287), written by the standard library's ElementTree.

The feed knows nothing of policies: `changes` says what its entries are. Dates
are days from the data, published as midnight UTC.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Entry:
    id: str  # a stable URI: never reuse it for another entry
    title: str
    updated: dt.date
    link: str  # absolute URL of the entry's page
    html: str  # the content, as HTML text
    category: tuple[str, str] | None = None  # term, label


@dataclass(frozen=True)
class Feed:
    id: str
    title: str
    updated: dt.date
    self_link: str  # absolute URL of the feed itself
    page_link: str  # absolute URL of the HTML page it follows
    author: str
    lang: str
    entries: list[Entry]


def atom_feed(feed: Feed) -> str:
    """The feed as an XML document, one element a line."""
    # Atom as the default namespace, declared on the root: ElementTree's own
    # default_namespace option refuses the unprefixed attributes Atom uses.
    root = ET.Element("feed", {"xmlns": ATOM, XML_LANG: feed.lang})
    _child(root, "title", feed.title)
    _child(root, "id", feed.id)
    _child(root, "updated", _stamp(feed.updated))
    _child(root, "link", attributes={"rel": "self", "type": "application/atom+xml", "href": feed.self_link})
    _child(root, "link", attributes={"rel": "alternate", "type": "text/html", "href": feed.page_link})
    author = _child(root, "author")
    ET.SubElement(author, "name").text = feed.author
    for entry in feed.entries:
        element = _child(root, "entry")
        _child(element, "id", entry.id)
        _child(element, "title", entry.title)
        _child(element, "updated", _stamp(entry.updated))
        _child(element, "link", attributes={"rel": "alternate", "type": "text/html", "href": entry.link})
        if entry.category:
            term, label = entry.category
            _child(element, "category", attributes={"term": term, "label": label})
        # str(): ElementTree escapes with str.replace, which a markupsafe.Markup would escape again.
        _child(element, "content", str(entry.html), {"type": "html"})
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _child(parent: ET.Element, name: str, text: str | None = None, attributes: dict[str, str] | None = None) -> ET.Element:
    """A child element on a line of its own."""
    element = ET.SubElement(parent, name, attributes or {})
    element.text = text
    element.tail = "\n"
    parent.text = parent.text or "\n"
    return element


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"
