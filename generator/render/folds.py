"""Folded sections of the full policy page, as a Markdown treeprocessor.

A heading written with the class `cq-fold` (`### Titel { #id .cq-fold }`, see blocks.j2)
becomes the summary of a <details class="cq-fold">, which holds everything after the heading
up to the next heading of the same or a higher level. The text itself stays ordinary
Markdown and HTML: the table of contents and search see every heading and word, and the
sanitised bodies are not parsed a second time. caresq.js opens the folds on wide screens,
for print and when a link points into one.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

FOLD_CLASS = "cq-fold"
_LEVELS = {f"h{n}": n for n in range(1, 7)}


def _is_fold(element: etree.Element) -> bool:
    return element.tag in _LEVELS and FOLD_CLASS in (element.get("class") or "").split()


class _Folds(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        self._fold_children(root)

    def _fold_children(self, parent: etree.Element) -> None:
        children = list(parent)
        index = 0
        while index < len(children):
            child = children[index]
            if not _is_fold(child):
                self._fold_children(child)
                index += 1
                continue
            level = _LEVELS[child.tag]
            end = index + 1
            while end < len(children) and not (children[end].tag in _LEVELS and _LEVELS[children[end].tag] <= level):
                end += 1
            details = etree.Element("details", {"class": FOLD_CLASS})
            details.text = "\n"
            details.tail = child.tail
            summary = etree.SubElement(details, "summary")
            summary.text = "\n"
            summary.tail = "\n"
            position = list(parent).index(child)
            classes = [c for c in child.get("class", "").split() if c != FOLD_CLASS]
            if classes:
                child.set("class", " ".join(classes))
            else:
                del child.attrib["class"]
            for moved in children[index:end]:
                parent.remove(moved)
            child.tail = "\n"
            summary.append(child)
            # A summary holds nothing focusable (axe nested-interactive): the heading's
            # permalink goes just after it, in the fold (caresq.css puts it beside the heading).
            for link in [a for a in child if a.tag == "a" and "headerlink" in (a.get("class") or "").split()]:
                child.remove(link)
                link.tail = "\n"
                details.append(link)
            details.extend(children[index + 1:end])
            parent.insert(position, details)
            self._fold_children(details)
            index = end


class FoldExtension(Extension):
    """Registers the fold treeprocessor after attr_list (which sets the class, priority 8)
    and toc (which adds the permalinks, priority 5)."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.treeprocessors.register(_Folds(md), "caresq_folds", 4)
