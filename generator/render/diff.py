"""Differences between two versions, by stable id.

Two versions are compared item by item on their ids, never on position: a
condition whose id stays is "reworded" when its text changes, a milestone is
"moved" when its date changes. Word-level highlighting shows what was reworded.

What only changes the form is not a difference: text equal after Markdown,
whitespace and typographic quotes are set aside (`comparable`), and an item
whose id was renamed (a removed and an added item of the same kind and text).
How a difference reads on a page is the template diff.j2's business.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

from markupsafe import Markup

from ..model.documents import Chapter, ConditionGroup, Differentiation, Policy, SharedSection, Table, Timeline, walk_chapters
from .dates import dutch
from .markup import plain

# How an item is named on a page, by its title or label (never by its id).
KIND_NAMES = {"hoofdstuk": "Tekst onder ‘{}’", "voorwaarde": "Voorwaarde in ‘{}’", "mijlpaal": "Stap ‘{}’",
              "tabelrij": "Rij in de tabel ‘{}’", "factor": "Differentiatiefactor in ‘{}’", "variant": "Contractvariant ‘{}’"}

# Kinds whose label is the item's own title (the others carry the title of their group or table).
NAMED_BY_TITLE = frozenset({"hoofdstuk", "mijlpaal", "variant"})

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"'})
_LIST_MARKER = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+", re.MULTILINE)


def comparable(text: str) -> str:
    """A text as compared: list markers, typographic quotes and runs of whitespace set aside
    (items already hold plain text: Markdown emphasis and links are gone)."""
    return " ".join(_LIST_MARKER.sub("", text.translate(_QUOTES)).split())


@dataclass(frozen=True)
class Item:
    kind: str
    id: str
    label: str
    text: str
    date: str | None = None  # milestones: the date as written, for "moved" detection
    shown_date: str | None = None  # milestones: the date in words, for the page

    @property
    def name(self) -> str:
        """The item as a reader knows it: its kind and the title it sits under."""
        return KIND_NAMES.get(self.kind, "{}").format(self.label)

    def same_as(self, other: "Item") -> bool:
        """The same content under another id: kind, text and date equal as compared (an item
        without text, such as a chapter of subchapters only, also keeps its title)."""
        return (self.kind == other.kind and self.date == other.date
                and comparable(self.text) == comparable(other.text)
                and (bool(comparable(self.text)) or comparable(self.label) == comparable(other.label)))

    @property
    def excerpt(self) -> str:
        """The start of the text, cut at a word within 240 characters ("" when there is no text)."""
        text = self.text.strip()
        return text if len(text) <= 240 else text[:237].rsplit(" ", 1)[0] + " …"


@dataclass
class Diff:
    old_name: str
    new_name: str
    added: list[Item] = field(default_factory=list)
    removed: list[Item] = field(default_factory=list)
    reworded: list[tuple[Item, Item, Markup]] = field(default_factory=list)  # old, new, word diff HTML
    moved: list[tuple[Item, Item]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.reworded or self.moved)

    def count(self) -> int:
        return len(self.added) + len(self.removed) + len(self.reworded) + len(self.moved)


def chapter_items(chapters: Iterable[Chapter], prefix: str = "", to_plain: Callable[[str], str] = plain) -> Iterable[Item]:
    """The comparable items of chapters; `to_plain` makes Markdown plain text (a renderer's
    cached `Renderer.plain` saves converting the texts every year repeats)."""
    for chapter in walk_chapters(list(chapters)):
        texts = [to_plain(block.text) for block in chapter.content if block.text]
        yield Item("hoofdstuk", prefix + chapter.id, chapter.title, "\n\n".join(texts))
        for block in chapter.content:
            value = block.value
            if isinstance(value, ConditionGroup):
                for c in value.items:
                    yield Item("voorwaarde", prefix + c.id, value.title or chapter.title, to_plain("\n".join([c.text, *c.subitems])))
            elif isinstance(value, Timeline):
                for m in value.milestones:
                    date = m.date.isoformat() if m.date else (f"{m.window.start}/{m.window.end}" if m.window else m.when)
                    shown = dutch(m.date) if m.date else (f"{dutch(m.window.start)} – {dutch(m.window.end)}" if m.window else m.when)
                    yield Item("mijlpaal", prefix + m.id, m.step, m.step, date, shown)
            elif isinstance(value, Table):
                for row in value.rows:
                    yield Item("tabelrij", prefix + row.id, value.title or chapter.title, " | ".join(to_plain(cell) for cell in row.cells))
            elif isinstance(value, Differentiation):
                for f in value.factors:
                    yield Item("factor", prefix + f.id, value.title or chapter.title, to_plain(f.text))
                for v in value.variants:
                    yield Item("variant", prefix + v.id, v.name, f"{v.name}: {v.min_factors}-{v.max_factors}")


def policy_items(policy: Policy, to_plain: Callable[[str], str] = plain) -> dict[str, Item]:
    """A policy's comparable items by stable id (shared sections are compared on their own)."""
    return {item.id: item for item in chapter_items(policy.chapters, to_plain=to_plain)}


def word_diff(old: str, new: str) -> Markup:
    """HTML with <del> and <ins> around the words that changed.

    Short unchanged runs (one or two words) between two changes are folded into
    the change, so a rewritten sentence reads as one deletion and one insertion
    instead of alternating word by word.
    """
    # Each token is a word with the whitespace after it; words are compared without it and
    # with straight quotes, so a typographic quote alone is no change. Unchanged words show
    # as the new text has them.
    a, b = re.findall(r"\S+\s*", old), re.findall(r"\S+\s*", new)
    words_a, words_b = [t.rstrip().translate(_QUOTES) for t in a], [t.rstrip().translate(_QUOTES) for t in b]
    pieces: list[list] = []  # [equal?, old text, new text]
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, words_a, words_b, autojunk=False).get_opcodes():
        pieces.append([op == "equal", "".join(a[i1:i2]), "".join(b[j1:j2])])
    for index in range(1, len(pieces) - 1):
        piece = pieces[index]
        if piece[0] and len(piece[1].split()) <= 2 and not pieces[index - 1][0] and not pieces[index + 1][0]:
            piece[0] = False
    merged: list[list] = []
    for piece in pieces:
        if merged and not piece[0] and not merged[-1][0]:
            merged[-1][1] += piece[1]
            merged[-1][2] += piece[2]
        else:
            merged.append(list(piece))
    out = []
    for equal, before, after in merged:
        if equal:
            out.append(html_text(after))
            continue
        # The space after the last changed word stays outside the highlight.
        tail = after[len(after.rstrip()):] if after.strip() else before[len(before.rstrip()):]
        if before.strip():
            out.append(Markup("<del>{}</del>").format(html_text(before.rstrip())))
        if after.strip():
            out.append(Markup("<ins>{}</ins>").format(html_text(after.rstrip())))
        out.append(html_text(tail))
    return Markup("").join(out)


def html_text(text: str) -> Markup:
    """Text as HTML, escaped by the standard library's html.escape rather than markupsafe:
    it spells quotes &#x27; and &quot;, as the published change pages and Atom feed always
    have (autoescape would write &#39; and &#34;). Templates use it as the filter `html_text`."""
    return Markup(html.escape(text))


def diff(old: dict[str, Item], new: dict[str, Item], old_name: str, new_name: str) -> Diff:
    """What changed from `old` to `new`, leaving out what changed only in form or id."""
    result = Diff(old_name, new_name)
    added = []
    for key, item in new.items():
        if key not in old:
            added.append(item)
            continue
        before = old[key]
        # Most items keep their text word for word from one version to the next: equal text
        # needs no comparing (`comparable` is the costly part of a diff).
        if before.text != item.text and comparable(before.text) != comparable(item.text):
            result.reworded.append((before, item, word_diff(before.text, item.text)))
        if before.date != item.date:
            result.moved.append((before, item))
    removed = [item for key, item in old.items() if key not in new]
    # A removed and an added item with the same content: the id was renamed, nothing changed.
    for gone in list(removed):
        twin = next((item for item in added if item.same_as(gone)), None)
        if twin is not None:
            removed.remove(gone)
            added.remove(twin)
    # A renamed item whose title names it alone (a chapter, a step, a contract variant) and
    # whose text changed too: reworded, as if it had kept its id.
    for gone in list(removed):
        if gone.kind not in NAMED_BY_TITLE:
            continue
        same_title = [item for item in added if item.kind == gone.kind and comparable(item.label) == comparable(gone.label)]
        if len(same_title) != 1 or sum(1 for item in removed if item.kind == gone.kind
                                       and comparable(item.label) == comparable(gone.label)) != 1:
            continue
        [twin] = same_title
        removed.remove(gone)
        added.remove(twin)
        if comparable(gone.text) != comparable(twin.text):
            result.reworded.append((gone, twin, word_diff(gone.text, twin.text)))
        if gone.date != twin.date:
            result.moved.append((gone, twin))
    result.added, result.removed = added, removed
    return result


@dataclass
class SharedDiff:
    old: str  # the version the newer one replaced
    new: str
    diff: Diff


def version_name(version: str) -> str:
    """A version key in words: "2026" stays, "2026-geboortezorg" is "2026 (geboortezorg)"."""
    year, variant = _year_and_variant(version)
    if not year:
        return version.replace("-", " ")
    return f"{year} ({variant.replace('-', ' ')})" if variant else str(year)


def _year_and_variant(version: str) -> tuple[int, str]:
    head, _, variant = version.partition("-")
    return (int(head) if head.isdigit() else 0), (variant if head.isdigit() else version)


def predecessor(versions: list[SharedSection], version: str) -> SharedSection | None:
    """The wording a version replaced. A variant ("2026-geboortezorg") departs from its
    base year ("2026"); a plain year follows the latest plain year before it."""
    year, variant = _year_and_variant(version)
    plain_earlier = [v for v in versions if _year_and_variant(v.version)[1] == "" and _year_and_variant(v.version)[0] < year]
    if variant:
        base = [v for v in versions if v.version == str(year)]
        if base:
            return base[0]
    if plain_earlier:
        return max(plain_earlier, key=lambda v: _year_and_variant(v.version)[0])
    earlier = [v for v in versions if _year_and_variant(v.version)[0] < year]
    return max(earlier, key=lambda v: (_year_and_variant(v.version), v.version)) if earlier else None


def shared_diffs(versions: list[SharedSection], only: str | None = None,
                 to_plain: Callable[[str], str] = plain) -> list[SharedDiff]:
    """Each version against its predecessor (or just `only` against its predecessor)."""
    out = []
    for after in versions:
        if only is not None and after.version != only:
            continue
        before = predecessor(versions, after.version)
        if before is None:
            continue
        d = diff(_section_items(before, to_plain), _section_items(after, to_plain), f"versie {version_name(before.version)}",
                 f"versie {version_name(after.version)}")
        out.append(SharedDiff(before.version, after.version, d))
    return out


def _section_items(section: SharedSection, to_plain: Callable[[str], str]) -> dict[str, Item]:
    root = Chapter.model_construct(id=section.id, title=section.title, content=section.content, chapters=section.chapters)
    return {item.id: item for item in chapter_items([root], to_plain=to_plain)}
