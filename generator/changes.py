"""Change logs: differences between two versions by stable id, the pages that
show them beside the authored lists, and the Atom feed of changes.

Two versions are compared item by item on their ids, never on position: a
condition whose id stays is "reworded" when its text changes, a milestone is
"moved" when its date changes. Word-level highlighting shows what was reworded.
"""

from __future__ import annotations

import datetime as dt
import difflib
import html
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable
from xml.sax.saxutils import escape as xml_escape, quoteattr

from markupsafe import Markup

from . import urls, views
from .dates import dutch
from .markup import plain
from .model import (ChangeList, Chapter, ConditionGroup, Differentiation, Policy, SharedSection, Table, Timeline,
                    walk_chapters)

if TYPE_CHECKING:
    from .site import GeneratedSite, SiteBuilder

KIND_NAMES = {"hoofdstuk": "Tekst", "voorwaarde": "Voorwaarde", "mijlpaal": "Mijlpaal", "tabelrij": "Tabelrij",
              "factor": "Differentiatiefactor", "variant": "Contractvariant"}


@dataclass(frozen=True)
class Item:
    kind: str
    id: str
    label: str
    text: str
    date: str | None = None  # milestones: the date as written, for "moved" detection


@dataclass
class Diff:
    old_name: str
    new_name: str
    added: list[Item] = field(default_factory=list)
    removed: list[Item] = field(default_factory=list)
    reworded: list[tuple[Item, Item, str]] = field(default_factory=list)  # old, new, word diff HTML
    moved: list[tuple[Item, Item]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.reworded or self.moved)

    def count(self) -> int:
        return len(self.added) + len(self.removed) + len(self.reworded) + len(self.moved)


def chapter_items(chapters: Iterable[Chapter], prefix: str = "") -> Iterable[Item]:
    for chapter in walk_chapters(list(chapters)):
        texts = [plain(block.text) for block in chapter.content if block.text]
        yield Item("hoofdstuk", prefix + chapter.id, chapter.title, "\n\n".join(texts))
        for block in chapter.content:
            value = block.value
            if isinstance(value, ConditionGroup):
                for c in value.items:
                    yield Item("voorwaarde", prefix + c.id, value.title or chapter.title, plain("\n".join([c.text, *c.subitems])))
            elif isinstance(value, Timeline):
                for m in value.milestones:
                    date = m.date.isoformat() if m.date else (f"{m.window.start}/{m.window.end}" if m.window else m.when)
                    yield Item("mijlpaal", prefix + m.id, m.step, m.step, date)
            elif isinstance(value, Table):
                for row in value.rows:
                    yield Item("tabelrij", prefix + row.id, value.title or chapter.title, " | ".join(row.cells))
            elif isinstance(value, Differentiation):
                for f in value.factors:
                    yield Item("factor", prefix + f.id, value.title or chapter.title, plain(f.text))
                for v in value.variants:
                    yield Item("variant", prefix + v.id, v.name, f"{v.name}: {v.min_factors}-{v.max_factors}")


def policy_items(policy: Policy) -> dict[str, Item]:
    """A policy's comparable items by stable id (shared sections are compared on their own)."""
    return {item.id: item for item in chapter_items(policy.chapters)}


def word_diff(old: str, new: str) -> str:
    """HTML with <del> and <ins> around the words that changed.

    Short unchanged runs (one or two words) between two changes are folded into
    the change, so a rewritten sentence reads as one deletion and one insertion
    instead of alternating word by word.
    """
    # Each token is a word with the whitespace after it; words are compared without it.
    a, b = re.findall(r"\S+\s*", old), re.findall(r"\S+\s*", new)
    words_a, words_b = [t.rstrip() for t in a], [t.rstrip() for t in b]
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
            out.append(html.escape(before))
            continue
        # The space after the last changed word stays outside the highlight.
        tail = after[len(after.rstrip()):] if after.strip() else before[len(before.rstrip()):]
        if before.strip():
            out.append(f"<del>{html.escape(before.rstrip())}</del>")
        if after.strip():
            out.append(f"<ins>{html.escape(after.rstrip())}</ins>")
        out.append(html.escape(tail))
    return "".join(out)


def diff(old: dict[str, Item], new: dict[str, Item], old_name: str, new_name: str) -> Diff:
    result = Diff(old_name, new_name)
    for key, item in new.items():
        if key not in old:
            result.added.append(item)
            continue
        before = old[key]
        if before.text != item.text:
            result.reworded.append((before, item, word_diff(before.text, item.text)))
        if before.date != item.date:
            result.moved.append((before, item))
    result.removed = [item for key, item in old.items() if key not in new]
    return result


@dataclass
class SharedDiff:
    old: str
    new: str
    diff: Diff
    html: str


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


def shared_diffs(versions: list[SharedSection], only: str | None = None) -> list[SharedDiff]:
    """Each version against its predecessor (or just `only` against its predecessor)."""
    out = []
    for after in versions:
        if only is not None and after.version != only:
            continue
        before = predecessor(versions, after.version)
        if before is None:
            continue
        d = diff(_section_items(before), _section_items(after), before.version, after.version)
        out.append(SharedDiff(before.version, after.version, d, render_diff(d)))
    return out


def _section_items(section: SharedSection) -> dict[str, Item]:
    root = Chapter.model_construct(id=section.id, title=section.title, content=section.content, chapters=section.chapters)
    return {item.id: item for item in chapter_items([root])}


def render_diff(d: Diff) -> str:
    """A readable HTML list of one Diff (escaped here; it is built from data)."""
    if d.empty:
        return Markup('<div class="cq-diff"><p>Geen verschillen in tekst, voorwaarden of datums.</p></div>')
    parts = ['<div class="cq-diff">', f"<p>{d.count()} verschil(len) van {html.escape(d.old_name)} naar {html.escape(d.new_name)}.</p>"]

    def label(item: Item) -> str:
        return f"{KIND_NAMES.get(item.kind, item.kind)} <code>{html.escape(item.id)}</code> ({html.escape(item.label)})"

    if d.moved:
        parts.append("<p><strong>Verschoven datums</strong></p><ul>")
        parts += [f"<li>{label(new)}: {html.escape(old.date or 'geen datum')} → {html.escape(new.date or 'geen datum')}</li>" for old, new in d.moved]
        parts.append("</ul>")
    if d.reworded:
        parts.append("<p><strong>Anders geformuleerd</strong></p><ul>")
        parts += [f"<li>{label(new)}<div class=\"cq-worddiff\">{wd}</div></li>" for old, new, wd in d.reworded]
        parts.append("</ul>")
    if d.added:
        parts.append("<p><strong>Toegevoegd</strong></p><ul>")
        parts += [f"<li>{label(i)}{_excerpt(i)}</li>" for i in d.added]
        parts.append("</ul>")
    if d.removed:
        parts.append("<p><strong>Vervallen</strong></p><ul>")
        parts += [f"<li>{label(i)}{_excerpt(i)}</li>" for i in d.removed]
        parts.append("</ul>")
    parts.append("</div>")
    return Markup("\n".join(parts))


def _excerpt(item: Item) -> str:
    text = item.text.strip()
    if not text:
        return ""
    short = text if len(text) <= 240 else text[:237].rsplit(" ", 1)[0] + " …"
    return f'<div class="cq-excerpt">{html.escape(short)}</div>'


# ---------------------------------------------------------------------- pages


@dataclass
class ChangeEntry:
    """One dated entry on the site-wide change page and in the Atom feed."""

    key: str  # stable: never reuse for another entry
    date: dt.date
    date_known: bool
    title: str
    policy: Policy | None
    html: str
    href_uri: str
    anchor: str | None = None


def revision_moves(policy: Policy, revision_id: str) -> list[str]:
    moved = []
    for milestone in views.milestones(policy):
        for previous in milestone.previous:
            if previous.revision == revision_id:
                before = dutch(previous.date) if previous.date else (previous.when or "onbekend")
                after = dutch(milestone.date) if milestone.date else (milestone.when or "onbekend")
                moved.append(f"{milestone.step}: {before} → {after}")
    return moved


def previous_policy(policy: Policy, siblings: list[Policy]) -> Policy | None:
    earlier = [p for p in siblings if p.year < policy.year]
    return earlier[-1] if earlier else None


def shared_changes_for(builder: "SiteBuilder", policy: Policy) -> list[tuple[str, SharedDiff]]:
    """For each shared section this policy uses, the change from the version before it."""
    from .model import SharedRef, blocks_of

    found = []
    for ref in blocks_of(policy.chapters, SharedRef):
        for d in (d for d in builder.section_diffs(ref.section) if d.new == ref.version):
            found.append((builder.archive.shared[(ref.section, ref.version)].title, d))
    return found


def add_change_pages(builder: "SiteBuilder", site: "GeneratedSite") -> None:
    entries: list[ChangeEntry] = []
    for care_type, policies in builder.care_types.items():
        for policy in policies:
            uri = urls.policy_changes(policy)
            before = previous_policy(policy, policies)
            year_diff = None
            if before is not None:
                year_diff = diff(policy_items(before), policy_items(policy),
                                 str(before.year), str(policy.year))
            shared = shared_changes_for(builder, policy)
            authored = [cl for cl in _change_lists(policy)]
            revisions = [(rev, revision_moves(policy, rev.id)) for rev in policy.revisions]
            site.add(uri, builder.render(
                "policy_changes.md.j2", uri, policy,
                siblings=policies, version=builder.version_line(policy), authored=authored, before=before,
                year_diff_html=render_diff(year_diff) if year_diff else None, shared=shared, revisions=revisions,
            ), builder.archive.relative_path(policy))
            published = policy.published or dt.date(policy.year - 1, 4, 1)
            body = [builder.renderer.block("\n".join(f"- {item.text}" for cl in authored for g in cl.groups for item in g.items))] if authored else []
            if year_diff:
                body.append(render_diff(year_diff))
            entries.append(ChangeEntry(f"zorgsoorten/{care_type}/{policy.year}/wijzigingen", published, policy.published is not None,
                                       f"{policy.name} {policy.year}: wijzigingen ten opzichte van vorig jaar", policy,
                                       "\n".join(body) or "<p>Zie het beleid.</p>", uri))
            for rev, moved in revisions:
                items_html = builder.renderer.block("\n".join(f"- {item.text}" for item in rev.items))
                moved_html = ("<p>Verschoven datums:</p><ul>" + "".join(f"<li>{html.escape(m)}</li>" for m in moved) + "</ul>") if moved else ""
                reason = builder.renderer.block(rev.reason)
                entries.append(ChangeEntry(
                    f"zorgsoorten/{care_type}/{policy.year}/revisies/{rev.id}", rev.date or published, rev.date is not None,
                    f"{policy.name} {policy.year}: {rev.title}", policy,
                    f"<p><strong>Reden:</strong></p>{reason}{items_html}{moved_html}", uri, rev.id))
    for section_id in sorted({sid for sid, _ in builder.archive.shared}):
        versions = builder.archive.shared_versions(section_id)
        for d in builder.section_diffs(section_id):
            newer = next(v for v in versions if v.version == d.new)
            when = newer.used_since or dt.date(int(d.new[:4]) - 1, 4, 1) if d.new[:4].isdigit() else dt.date(2000, 1, 1)
            entries.append(ChangeEntry(f"gedeeld/{section_id}/{d.old}-{d.new}", when, newer.used_since is not None,
                                       f"{newer.title}: versie {d.old} → {d.new}", None, d.html,
                                       urls.shared_section(section_id), f"verschil-{d.old}-{d.new}"))
    entries.sort(key=lambda e: (e.date, e.key), reverse=True)
    site.add(urls.CHANGES_PAGE, builder.render("changes.md.j2", urls.CHANGES_PAGE, entries=entries,
                                               care_types=sorted({(e.policy.care_type, e.policy.name) for e in entries if e.policy})))
    site.add(urls.CHANGES_FEED, atom_feed(builder, entries))


def _change_lists(policy: Policy) -> list[ChangeList]:
    from .model import blocks_of

    return list(blocks_of(policy.chapters, ChangeList))


def atom_feed(builder: "SiteBuilder", entries: list[ChangeEntry]) -> str:
    """Atom 1.0 with stable entry ids (tag URIs built from the data's ids)."""
    base = builder.options.base_url
    host = base.split("://", 1)[-1].split("/", 1)[0] or "caresq.nl"
    stamp = lambda day: f"{day.isoformat()}T00:00:00Z"  # noqa: E731 - dates from the data, midnight UTC
    updated = max((e.date for e in entries), default=dt.date(2000, 1, 1))
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="nl">',
           f"<title>{xml_escape(builder.archive.organisation.name)}: wijzigingen in het zorginkoopbeleid</title>",
           f"<id>tag:{host},2024:wijzigingen</id>", f"<updated>{stamp(updated)}</updated>",
           f'<link rel="self" type="application/atom+xml" href="{xml_escape(base + urls.CHANGES_FEED)}"/>',
           f'<link rel="alternate" type="text/html" href="{xml_escape(base + builder.urls.served_path(urls.CHANGES_PAGE))}"/>',
           f"<author><name>{xml_escape(builder.archive.organisation.name)}</name></author>"]
    for e in entries:
        link = base + builder.urls.served_path(e.href_uri) + (f"#{e.anchor}" if e.anchor else "")
        category = f'<category term="{xml_escape(e.policy.care_type)}" label={quoteattr(e.policy.name)}/>' if e.policy else ""
        out += ["<entry>", f"<id>tag:{host},2024:{xml_escape(e.key)}</id>", f"<title>{xml_escape(e.title)}</title>",
                f"<updated>{stamp(e.date)}</updated>", f'<link rel="alternate" type="text/html" href="{xml_escape(link)}"/>',
                category, f'<content type="html">{xml_escape(e.html)}</content>', "</entry>"]
    out.append("</feed>")
    return "\n".join(line for line in out if line) + "\n"
