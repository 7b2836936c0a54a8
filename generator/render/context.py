"""The rendering context of one build: the Jinja environment, the URL scheme, the
Markdown renderer, and the builders of the view models (`views`) that pages share.

Pages are Markdown (headings in Markdown for the table of contents, search and
permalinks; bodies as sanitised HTML). Which files exist is `generator.outputs`'s
business; this module only knows how to render them. Templates get finished view
data and never call back into it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from ..check.transparency import findings
from ..model.archive import Archive
from ..model.documents import (Block, Chapter, ChapterKind, ConditionGroup, Differentiation, Milestone, Policy, SharedRef,
                               walk_chapters)
from . import upcoming, urls, views
from .addlinks import add_links
from .dates import dutch
from .diff import Diff, Item, SharedDiff, html_text, policy_items, shared_diffs, version_name
from .markup import Renderer, md_escape, safe_url
from .options import SiteOptions



def _json_data(value):
    """View models in `tojson`: a dataclass as the object of its fields."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    raise TypeError(f"{type(value).__name__} is not JSON data")


class _CompiledTemplates(jinja2.BytecodeCache):
    """The templates compiled once per process: `mkdocs serve` makes a context for every rebuild."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.render", "templates"),
        bytecode_cache=_COMPILED,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "default": _json_data}
    env.filters["md_heading"] = lambda text: Markup(md_escape(str(text)))
    env.filters["dutch_date"] = dutch
    env.filters["safe_url"] = safe_url
    env.filters["html_text"] = html_text
    env.filters["version_name"] = version_name
    return env


@dataclass
class SectionDiff(SharedDiff):
    """A shared section's change from one version to the next, with its HTML."""

    html: Markup


class SiteContext:
    def __init__(self, archive: Archive, options: SiteOptions):
        self.archive = archive
        self.options = options
        self.env = _environment()
        self.urls = urls.UrlScheme(options.directory_urls)
        glossary = {term.term: term.meaning for term in archive.glossary.terms}
        self.renderer = Renderer(glossary)
        self.env.globals.update(r=self.renderer, org=archive.organisation, urls=self.urls, nza_url=upcoming.NZA_RULES_URL)
        self.care_types = archive.care_types()
        self._section_diffs: dict[str, list[SectionDiff]] = {}
        # Per document (by identity; the archive keeps them all alive): computed once per build.
        self._indexes: dict[int, tuple[Chapter | Policy, views.DocumentIndex]] = {}
        self._steps: dict[tuple[int, int], tuple[Milestone, views.TimelineEntry]] = {}
        self._users: dict[tuple[str, str], tuple[Policy, ...]] | None = None
        self._items: dict[int, tuple[Policy, dict[str, Item]]] = {}
        self._audiences: dict[str, list[views.Audience]] = {}

    # ------------------------------------------------------------------ helpers

    def index(self, document: Policy | Chapter) -> views.DocumentIndex:
        """A policy's or shared section's blocks by type and its milestones, walked once per
        build: many pages and outputs ask the same document for them."""
        found = self._indexes.get(id(document))
        if found is None or found[0] is not document:
            found = self._indexes[id(document)] = (document, views.document_index(document.chapters if isinstance(document, Policy)
                                                                                 else [document]))
        return found[1]

    def milestones(self, policy: Policy) -> tuple[Milestone, ...]:
        """Every milestone of the policy in document order (as `views.milestones`)."""
        return self.index(policy).milestones

    def render(self, template: str, page_uri: str, policy: Policy | None = None, **values) -> str:
        text = self.env.get_template(template).render(policy=policy, page_uri=page_uri, **values)
        return _tidy(text)

    def section_diffs(self, section_id: str) -> list[SectionDiff]:
        """Each version of a shared section against its predecessor, computed once per
        build: its page, the change page and every policy that embeds it show them."""
        if section_id not in self._section_diffs:
            self._section_diffs[section_id] = [
                SectionDiff(d.old, d.new, d.diff, self.render_diff(d.diff))
                for d in shared_diffs(self.archive.shared_versions(section_id), to_plain=self.renderer.plain)
            ]
        return self._section_diffs[section_id]

    def policy_items(self, policy: Policy) -> dict[str, Item]:
        """A policy's comparable items (`diff.policy_items`), once per build: a policy is
        compared with the year before it and with the year after."""
        found = self._items.get(id(policy))
        if found is None or found[0] is not policy:
            found = self._items[id(policy)] = (policy, policy_items(policy, self.renderer.plain))
        return found[1]

    def render_diff(self, d: Diff) -> Markup:
        """One difference as readable HTML (the macro `diff_html` of diff.j2)."""
        return self.env.get_template("diff.j2").module.diff_html(d)

    # ------------------------------------------------------------------ calendar feeds

    def feed_picker(self, page_uri: str, care_type: str | None) -> views.FeedPicker:
        """The feeds a page offers: on the Inkoopkalender every feed, by care type; on a care
        type's pages its own (everything, then per sub care type and route)."""
        chosen = [care_type] if care_type else sorted(self.care_types, key=lambda ct: self.care_types[ct][-1].name)
        groups = []
        if care_type is None:
            groups.append(views.FeedGroup("alle", "Alle zorgsoorten", (
                self._feed_link(page_uri, "Alle zorgsoorten", "alles", urls.FEED_ALL, "Alle zorgsoorten"),)))
        for key in chosen:
            policies = [p for p in self.care_types[key] if not p.draft]
            if not policies:
                continue
            name = policies[-1].name
            feeds = [self._feed_link(page_uri, f"Alle stappen {name}", "zorgsoort", urls.feed_care_type(key), name)]
            feeds += [self._feed_link(page_uri, audience.name, audience.kind, audience.uri(key), f"{name} – {audience.name}")
                      for audience in self._audiences_of(key, policies)]
            groups.append(views.FeedGroup(key, policies[-1].name, tuple(feeds)))
        calendar = self.urls.relative(page_uri, urls.CALENDAR_PAGE, "agenda") if care_type else None
        return views.FeedPicker(tuple(groups), calendar)

    def _audiences_of(self, care_type: str, published: list[Policy]) -> list[views.Audience]:
        """`views.audiences` of a care type's published policies, once per build: every page of
        the care type offers its feeds."""
        if care_type not in self._audiences:
            self._audiences[care_type] = views.audiences(published, self.milestones)
        return self._audiences[care_type]

    def _feed_link(self, page_uri: str, title: str, kind: str, feed_uri: str, calendar_name: str) -> views.FeedLink:
        """`title` is what the picker shows; `calendar_name` what the calendar app will call it."""
        https = self.options.base_url + feed_uri
        webcal = "webcal://" + https.split("://", 1)[1]
        encoded = quote(https, safe="")
        encoded_name = quote(f"{self.archive.organisation.name}: {calendar_name}", safe="")
        return views.FeedLink(
            title=title,
            kind=kind,
            href=self.urls.relative(page_uri, feed_uri),
            https=https,
            webcal=webcal,
            outlook=f"https://outlook.live.com/calendar/0/addfromweb?url={encoded}&name={encoded_name}",
            office=f"https://outlook.office.com/calendar/0/addfromweb?url={encoded}&name={encoded_name}",
            google=f"https://calendar.google.com/calendar/render?cid={quote(webcal, safe='')}",
        )

    # ------------------------------------------------------------------ policy pages

    def version_line(self, policy: Policy) -> str:
        parts = []
        if policy.published:
            parts.append(f"gepubliceerd op {dutch(policy.published)}")
        for revision in policy.revisions:
            parts.append(f"herzien op {dutch(revision.date)}" if revision.date else "herzien")
        if policy.draft:
            parts.insert(0, "CONCEPT, niet gepubliceerd")
        # A date the source does not give is left out: what the data lacks is the editors'
        # business (the check page), not the providers'.
        return "; ".join(dict.fromkeys(parts))

    def intro_text(self, policy: Policy) -> str | None:
        if policy.summary:
            return policy.summary
        for chapter in walk_chapters(policy.chapters):
            if chapter.kind is ChapterKind.introduction:
                text = self._first_text(chapter)
                if text:
                    return text
        return None

    def _first_text(self, chapter) -> str | None:
        """The first paragraph text of a chapter, looking into shared sections it embeds."""
        for block in chapter.content:
            if block.text:
                return block.text
            if block.shared:
                found = self._first_text(self.archive.shared[(block.shared.section, block.shared.version)])
                if found:
                    return found
        return None

    def theme_links(self, policy: Policy, page_uri: str) -> tuple[views.Link, ...]:
        return tuple(
            views.Link(chapter.title, self.urls.relative(page_uri, urls.full_policy(policy), chapter.id))
            for chapter in walk_chapters(policy.chapters)
            if chapter.kind in (ChapterKind.themes, ChapterKind.vision)
        )

    def care_forms(self, policy: Policy, page_uri: str) -> tuple[views.CareForm, ...]:
        groups = self.index(policy).of(ConditionGroup)
        return tuple(
            views.CareForm(form.id, form.name, tuple(
                views.Link(group.title, self.urls.relative(page_uri, urls.full_policy(policy), group.id))
                for group in groups if group.care_form == form.id))
            for form in policy.care_forms
        )

    def condition_summary(self, policy: Policy) -> views.ConditionSummary:
        groups = self.index(policy).of(ConditionGroup)
        return views.ConditionSummary(conditions=sum(len(group.items) for group in groups), groups=len(groups),
                                      selfcheck=bool(self.index(policy).of(Differentiation)))

    def timeline(self, policy: Policy, page_uri: str) -> tuple[views.TimelineEntry, ...]:
        """Every milestone of the policy in date order; undated steps stay after the step they follow."""
        ordered = views.chronological(list(self.milestones(policy)))
        return views.with_months([self._entry(policy, m, page_uri) for m in ordered])

    def _entry(self, policy: Policy, milestone: Milestone, page_uri: str, anchor: str | None = None) -> views.TimelineEntry:
        """A timeline entry on a page, with its 'add to Google / Outlook' links (published policies only)."""
        return views.placed(self._step(policy, milestone), policy, milestone, page_uri, self.urls, anchor)

    def _step(self, policy: Policy, milestone: Milestone) -> views.TimelineEntry:
        """What every page shows of a step (`views.step_entry`, with its 'add to calendar'
        links), once per build: the calendar, the landing page and the full policy all show it."""
        key = (id(policy), id(milestone))
        found = self._steps.get(key)
        if found is None or found[0] is not milestone:
            item = views.step_entry(policy, milestone, self.index(policy).step_names)
            if not policy.draft:
                page_url = self.options.base_url + self.urls.served_path(urls.landing(policy)) + f"#{milestone.id}"
                links = add_links(policy, milestone, page_url)
                item = dataclasses.replace(item, google=links[0], outlook=links[1]) if links else item
            found = self._steps[key] = (milestone, item)
        return found[1]

    def chapters(self, policy: Policy, page_uri: str) -> tuple[views.ChapterView, ...]:
        """The policy's text, with the shared sections it embeds resolved."""
        return tuple(self._chapter(chapter, policy, page_uri, "") for chapter in policy.chapters)

    def references(self, policy: Policy) -> Renderer:
        """The renderer for the full policy page: "hoofdstuk 4" links to the chapter numbered 4 on that page."""
        return self.renderer.linking({chapter.number: f"#{chapter.id}" for chapter in walk_chapters(policy.chapters)
                                      if chapter.number})

    def shared_versions(self, section_id: str, page_uri: str) -> tuple[views.SharedVersion, ...]:
        """Every version of a shared section, oldest first, for the section's own page."""
        out = []
        for version in self.archive.shared_versions(section_id):
            prefix = f"v{version.version}--"
            # The versions are not under a chapter of that title: "" never inlines a nested section.
            body = self._chapter(version, None, page_uri, prefix, parent_title="")
            out.append(views.SharedVersion(version.version, version.title, version.period, body,
                                           self._shared_users(section_id, version.version, page_uri)))
        return tuple(out)

    def shared_uses(self, page_uri: str) -> tuple[views.SharedUse, ...]:
        """Every version of every shared text with the policies that use it, for the editors' check page."""
        return tuple(
            views.SharedUse(section_id, version, section.title,
                            self.urls.relative(page_uri, urls.shared_section(section_id), f"versie-{version}"),
                            self._shared_users(section_id, version, page_uri))
            for (section_id, version), section in sorted(self.archive.shared.items()))

    def _shared_users(self, section_id: str, version: str, page_uri: str) -> tuple[views.PolicyLink, ...]:
        """The policies that include this version, directly or nested in another shared text, by name and year."""
        if self._users is None:
            users: dict[tuple[str, str], list[Policy]] = {}
            for policies in sorted(self.care_types.values(), key=lambda ps: ps[-1].name):
                for policy in policies:
                    for key in self.shared_reached(policy):
                        users.setdefault(key, []).append(policy)
            self._users = {key: tuple(found) for key, found in users.items()}
        return tuple(views.PolicyLink(f"{policy.name} {policy.year}", self.urls.relative(page_uri, urls.landing(policy)),
                                      policy.draft)
                     for policy in self._users.get((section_id, version), ()))

    def shared_reached(self, policy: Policy) -> set[tuple[str, str]]:
        """The (section, version) of every shared text the policy includes, directly or nested in another."""
        reached: set[tuple[str, str]] = set()
        todo = [(ref.section, ref.version) for ref in self.index(policy).of(SharedRef)]
        while todo:
            key = todo.pop()
            if key in reached or key not in self.archive.shared:
                continue
            reached.add(key)
            todo += [(ref.section, ref.version) for ref in self.index(self.archive.shared[key]).of(SharedRef)]
        return reached

    def _chapter(self, chapter: Chapter, policy: Policy | None, page_uri: str, prefix: str,
                 parent_title: str | None = None) -> views.ChapterView:
        parent = chapter.title if parent_title is None else parent_title
        return views.ChapterView(
            id=chapter.id,
            title=chapter.title,
            blocks=tuple(self._block(block, policy, page_uri, prefix, parent) for block in chapter.content),
            chapters=tuple(self._chapter(sub, policy, page_uri, prefix) for sub in chapter.chapters),
            number=chapter.number,
            kind=chapter.kind,
        )

    def _block(self, block: Block, policy: Policy | None, page_uri: str, prefix: str, parent_title: str) -> views.BlockView:
        if block.timeline is not None:
            entries = views.with_months([self._entry(policy, m, page_uri) for m in block.timeline.milestones])
            return views.BlockView(timeline=views.TimelineView(block.timeline, entries))
        if block.differentiation is not None:
            info = views.differentiation_info(block.differentiation)
            return views.BlockView(differentiation=views.DifferentiationView(block.differentiation, info.variants))
        if block.shared is not None:
            ref = block.shared
            section = self.archive.shared[(ref.section, ref.version)]
            # A shared-text page shows every version, so a nested shared text keeps the version
            # prefix there (unique ids); policy pages keep their anchors as published.
            nested = (prefix if policy is None else "") + section.id + "--"
            return views.BlockView(shared=views.SharedView(
                title=section.title,
                version=section.version,
                href=self.urls.relative(page_uri, urls.shared_section(ref.section), f"versie-{ref.version}"),
                prefix=nested,
                inline=section.title == parent_title,
                body=self._chapter(section, policy, page_uri, nested),
            ))
        return views.BlockView(text=block.text, attributed=block.attributed, conditions=block.conditions, table=block.table, changes=block.changes)

    def checklist(self, policy: Policy, page_uri: str) -> views.ChecklistView:
        forms = {c.id: c.name for c in policy.care_forms}
        routes = {r.id: r.name for r in policy.routes}
        differentiations = self.index(policy).of(Differentiation)
        variants = {v.id: v.name for d in differentiations for v in d.variants}
        groups = []
        for chapter in walk_chapters(policy.chapters):
            for block in chapter.content:
                if isinstance(block.value, ConditionGroup):
                    group = block.value
                    applies_to = [forms.get(group.care_form, ""), *(routes.get(r, r) for r in group.routes),
                                  variants.get(group.variant, "")]
                    groups.append(views.CheckGroup(
                        group=group,
                        title=group.title or chapter.title,
                        form=group.care_form,
                        routes=tuple(group.routes),
                        variant=group.variant,
                        applies_to=tuple(name for name in applies_to if name),
                        items=tuple(views.CheckItem(
                            condition=item,
                            label=self.renderer.label(item.text),
                            hash=views.condition_hash(item.text, item.subitems),
                            href=self.urls.relative(page_uri, urls.full_policy(policy), item.id),
                        ) for item in group.items),
                    ))
        used_forms = sorted({g.form for g in groups if g.form}, key=list(forms).index)
        used_routes = sorted({r for g in groups for r in g.routes}, key=list(routes).index)
        used_variants = sorted({g.variant for g in groups if g.variant})
        group_titles = {g.group.id: g.title for g in groups}
        selfchecks = []
        for d in differentiations:
            info = views.differentiation_info(d)
            selfchecks.append(views.SelfCheck(
                differentiation=d,
                factors=tuple(views.SelfCheckFactor(f.id, self.renderer.label(f.text)) for f in d.factors),
                variants=info.variants,
                rules=views.selfcheck_rules(d, info),
                requires=tuple(views.Option(g, group_titles[g]) for g in d.requires if g in group_titles),
            ))
        return views.ChecklistView(
            groups=tuple(groups),
            forms=tuple(views.Option(f, forms[f]) for f in used_forms),
            routes=tuple(views.Option(r, routes[r]) for r in used_routes),
            variants=tuple(views.Option(v, variants.get(v, v)) for v in used_variants),
            storage_key=f"caresq:checklist:{policy.care_type}:{policy.year}",
            selfchecks=tuple(selfchecks),
        )

    # ------------------------------------------------------------------ site pages

    def care_type_cards(self, page_uri: str) -> tuple[views.CareTypeCard, ...]:
        cards = []
        for care_type, policies in sorted(self.care_types.items(), key=lambda kv: kv[1][-1].name):
            latest = upcoming.latest_published(policies)
            cards.append(views.CareTypeCard(
                name=latest.name, year=latest.year, href=self.urls.relative(page_uri, urls.landing(latest)),
                years=tuple(p.year for p in policies), upcoming=self.upcoming(care_type, page_uri),
                title=latest.title, secondary=latest.source.kind.value == "secundair",
                forms=self.care_form_links(latest, page_uri)))
        return tuple(cards)

    def care_form_links(self, policy: Policy, page_uri: str) -> tuple[views.Link, ...]:
        """The policy's care forms in the providers' words ("wijkverpleging", "kraamzorg"), each
        to the checklist with that care form's filter preselected (caresq.js reads `?zorgvorm=`),
        or, when no condition group is about it, to its place on the landing page."""
        filtered = {group.care_form for group in self.index(policy).of(ConditionGroup) if group.care_form}
        links = []
        for form in policy.care_forms:
            if form.id in filtered:
                href = self.urls.relative(page_uri, urls.checklist(policy)) + "?zorgvorm=" + quote(form.id, safe="")
            else:
                href = self.urls.relative(page_uri, urls.landing(policy), form.id)
            links.append(views.Link(form.name, href))
        return tuple(links)

    def offers(self, cards: tuple[views.CareTypeCard, ...]) -> tuple[views.Offer, ...]:
        """What a provider offers, alphabetically: every care form of the latest policies, and
        each care type without care forms under its own name."""
        found = []
        for card in cards:
            for form in card.forms or (views.Link(card.name, card.href),):
                what = views.in_sentence(form.title or card.name)
                found.append(views.Offer(what, form.href, "" if form.title == card.name else card.name))
        return tuple(sorted(found, key=lambda offer: offer.what.casefold()))

    def policy_checks(self, page_uri: str) -> tuple[views.PolicyCheck, ...]:
        """Every policy with the NZa transparency findings about it, for the editors' check page."""
        return tuple(
            views.PolicyCheck(name=f"{policy.name} {policy.year}", href=self.urls.relative(page_uri, urls.landing(policy)),
                              source=self.archive.relative_path(policy), secondary=policy.source.kind.value == "secundair",
                              draft=policy.draft, findings=tuple(findings(policy)))
            for _, policies in sorted(self.care_types.items(), key=lambda kv: kv[1][-1].name)
            for policy in policies
        )

    def upcoming(self, care_type: str, page_uri: str) -> views.UpcomingView:
        """What comes next for a care type, per route; the fallback is for the build's day."""
        return upcoming.upcoming(care_type, self.care_types[care_type], page_uri, self.options.today, self.urls,
                                 self.milestones)

    def calendar(self) -> views.CalendarView:
        page = urls.CALENDAR_PAGE
        dated, undated = [], []
        for policies in self.care_types.values():
            for policy in policies:
                for milestone in self.milestones(policy):
                    item = self._entry(policy, milestone, page, anchor=f"{policy.care_type}-{policy.year}-{milestone.id}")
                    (dated if item.start else undated).append((policy.name, item))
        dated.sort(key=lambda pair: (pair[1].start, pair[0], pair[1].step))
        today = self.options.today.isoformat() if self.options.today else ""
        return views.CalendarView(
            entries=views.with_months([item for _, item in dated if item.end >= today]),
            past=views.with_months([item for _, item in dated if item.end < today]),
            expected=tuple(upcoming.expected_for(
                {ct: [p for p in ps if not p.draft] for ct, ps in self.care_types.items()}, self.options.today)),
            undated=tuple(item for _, item in undated),
            picker=self.feed_picker(page, None),
        )


def _tidy(text: str) -> str:
    """Collapse runs of blank lines the templates leave, so raw HTML blocks stay intact."""
    lines = [line.rstrip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if not line and out and not out[-1]:
            continue
        out.append(line)
    return "\n".join(out).strip() + "\n"
