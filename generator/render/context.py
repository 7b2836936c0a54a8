"""The rendering context of one build: the Jinja environment, the URL scheme, the
Markdown renderer and the view data that pages and feeds share.

Pages are Markdown (headings in Markdown for the table of contents, search and
permalinks; bodies as sanitised HTML). Which files exist is `generator.outputs`'s
business; this module only knows how to render them.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from ..check.transparency import findings
from ..model.archive import Archive
from ..model.documents import ChangeList, ChapterKind, ConditionGroup, Differentiation, Policy, SharedRef, Timeline, blocks_of, walk_chapters
from . import urls, views
from .dates import dutch
from .diff import Diff, SharedDiff, html_text, shared_diffs
from .markup import Renderer, md_escape, safe_url


@dataclass(frozen=True)
class SiteOptions:
    """What the core needs from the site engine's configuration."""

    base_url: str  # absolute, ends with '/'; feeds and subscribe links need it
    directory_urls: bool = True  # False: pages are `x.html`, for a preview opened from disk


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md_heading"] = lambda text: Markup(md_escape(str(text)))
    env.filters["dutch_date"] = dutch
    env.filters["safe_url"] = safe_url
    env.filters["when_text"] = when_text
    env.filters["earlier_dates"] = earlier_dates
    env.filters["html_text"] = html_text
    return env


@dataclass
class SectionDiff(SharedDiff):
    """A shared section's change from one version to the next, with its HTML."""

    html: Markup


class PolicyContext:
    """Helpers the templates call while rendering one page of one policy."""

    def __init__(self, builder: "SiteContext", policy: Policy | None, page_uri: str):
        self.builder = builder
        self.policy = policy
        self.page_uri = page_uri

    def href(self, uri: str, anchor: str | None = None) -> str:
        return self.builder.urls.relative(self.page_uri, uri, anchor)

    def timeline_entries(self, timeline: Timeline) -> list[views.TimelineEntry]:
        return views.with_months([views.entry(self.policy, m, self.page_uri, self.builder.urls) for m in timeline.milestones])

    def all_entries(self) -> list[views.TimelineEntry]:
        """Every milestone of the policy in date order; undated steps stay after the step they follow."""
        ordered = views.chronological(views.milestones(self.policy))
        return views.with_months([views.entry(self.policy, m, self.page_uri, self.builder.urls) for m in ordered])

    def differentiation_info(self, d: Differentiation) -> views.DifferentiationInfo:
        return views.differentiation_info(d)

    def selfcheck_rules(self, d: Differentiation) -> dict:
        """The self-check's rules, straight from the YAML: next year's data changes them."""
        info = views.differentiation_info(d)
        return {"requires": d.requires, "exclusive": d.exclusive, "max_reachable": info.max_reachable,
                "variants": [{"id": v.id, "name": v.name, "min": v.min, "max": v.max, "range": v.range,
                              "reachable": v.reachable} for v in info.variants]}

    def shared(self, ref: SharedRef):
        return self.builder.archive.shared[(ref.section, ref.version)]

    def shared_href(self, ref: SharedRef) -> str:
        return self.href(urls.shared_section(ref.section), f"versie-{ref.version}")


class SiteContext:
    def __init__(self, archive: Archive, options: SiteOptions):
        self.archive = archive
        self.options = options
        self.env = _environment()
        self.urls = urls.UrlScheme(options.directory_urls)
        glossary = {term.term: term.meaning for term in archive.glossary.terms}
        self.renderer = Renderer(glossary)
        self.env.globals.update(
            r=self.renderer,
            org=archive.organisation,
            site_url=options.base_url,
            urls=self.urls,
            kind_labels=views.KIND_LABELS,
        )
        self.care_types = archive.care_types()
        self._section_diffs: dict[str, list[SectionDiff]] = {}

    # ------------------------------------------------------------------ helpers

    def render(self, template: str, page_uri: str, policy: Policy | None = None, **values) -> str:
        ctx = PolicyContext(self, policy, page_uri)
        text = self.env.get_template(template).render(ctx=ctx, policy=policy, page_uri=page_uri, **values)
        return _tidy(text)

    def section_diffs(self, section_id: str) -> list[SectionDiff]:
        """Each version of a shared section against its predecessor, computed once per
        build: its page, the change page and every policy that embeds it show them."""
        if section_id not in self._section_diffs:
            self._section_diffs[section_id] = [
                SectionDiff(d.old, d.new, d.diff, self.render_diff(d.diff))
                for d in shared_diffs(self.archive.shared_versions(section_id))
            ]
        return self._section_diffs[section_id]

    def render_diff(self, d: Diff) -> Markup:
        """One difference as readable HTML (the macro `diff_html` of diff.j2)."""
        return self.env.get_template("diff.j2").module.diff_html(d)

    def feeds_for(self, care_type: str) -> list[dict]:
        policies = self.care_types[care_type]
        feeds = [{"title": f"Alle stappen {policies[-1].name}", "uri": urls.feed_care_type(care_type)}]
        for route_id, route_name in views.route_feeds(policies):
            feeds.append({"title": f"{policies[-1].name}: {route_name}", "uri": urls.feed_route(care_type, route_id)})
        return feeds

    def subscribe_links(self, feed_uri: str, name: str) -> dict:
        https = self.options.base_url + feed_uri
        webcal = "webcal://" + https.split("://", 1)[1]
        encoded, encoded_name = quote(https, safe=""), quote(name, safe="")
        return {
            "https": https,
            "webcal": webcal,
            "outlook": f"https://outlook.live.com/calendar/0/addfromweb?url={encoded}&name={encoded_name}",
            "office": f"https://outlook.office.com/calendar/0/addfromweb?url={encoded}&name={encoded_name}",
            "google": f"https://calendar.google.com/calendar/render?cid={quote(webcal, safe='')}",
        }

    def feed_links(self, page_uri: str, care_type: str | None) -> list[dict]:
        feeds = self.feeds_for(care_type) if care_type else []
        feeds.append({"title": "Alle zorgsoorten", "uri": urls.FEED_ALL})
        for feed in feeds:
            feed["href"] = self.urls.relative(page_uri, feed["uri"])
            feed.update(self.subscribe_links(feed["uri"], f"Caresq: {feed['title']}"))
        return feeds

    def version_line(self, policy: Policy) -> str:
        parts = []
        if policy.published:
            parts.append(f"gepubliceerd op {dutch(policy.published)}")
        for revision in policy.revisions:
            parts.append(f"herzien op {dutch(revision.date)}" if revision.date else "herzien (datum niet vermeld in de bron)")
        if policy.draft:
            parts.insert(0, "CONCEPT, niet gepubliceerd")
        return "; ".join(parts) or "publicatiedatum niet vermeld in de bron"

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

    def theme_links(self, policy: Policy, page_uri: str) -> list[dict]:
        return [
            {"title": chapter.title, "href": self.urls.relative(page_uri, urls.full_policy(policy), chapter.id)}
            for chapter in walk_chapters(policy.chapters)
            if chapter.kind in (ChapterKind.themes, ChapterKind.vision)
        ]

    def checklist_data(self, policy: Policy) -> dict:
        groups = []
        forms = {c.id: c.name for c in policy.care_forms}
        routes = {r.id: r.name for r in policy.routes}
        variants = {v.id: v.name for d in blocks_of(policy.chapters, Differentiation) for v in d.variants}
        for chapter in walk_chapters(policy.chapters):
            for block in chapter.content:
                if isinstance(block.value, ConditionGroup):
                    group = block.value
                    groups.append({
                        "group": group,
                        "chapter": chapter,
                        "title": group.title or chapter.title,
                        "form": group.care_form,
                        "form_name": forms.get(group.care_form, ""),
                        "routes": group.routes,
                        "route_names": [routes.get(r, r) for r in group.routes],
                        "variant": group.variant,
                        "variant_name": variants.get(group.variant, ""),
                        "hashes": {item.id: views.condition_hash(item.text, item.subitems) for item in group.items},
                    })
        used_forms = sorted({g["form"] for g in groups if g["form"]}, key=list(forms).index)
        used_routes = sorted({r for g in groups for r in g["routes"]}, key=list(routes).index)
        used_variants = sorted({g["variant"] for g in groups if g["variant"]})
        return {
            "groups": groups,
            "forms": [(f, forms[f]) for f in used_forms],
            "routes": [(r, routes[r]) for r in used_routes],
            "variants": [(v, variants.get(v, v)) for v in used_variants],
            "storage_key": f"caresq:checklist:{policy.care_type}:{policy.year}",
        }

    def care_type_cards(self, page_uri: str) -> list[dict]:
        cards = []
        for care_type, policies in sorted(self.care_types.items(), key=lambda kv: kv[1][-1].name):
            published = [p for p in policies if not p.draft] or policies
            latest = published[-1]
            dated = []
            for policy in policies:
                for milestone in views.milestones(policy):
                    span = views.dates.span(milestone)
                    if span and not milestone.cancelled:
                        dated.append({"start": span[0].isoformat(), "end": span[1].isoformat(),
                                      "label": views.dates.when_label(milestone, {}), "step": milestone.step,
                                      "href": self.urls.relative(page_uri, urls.landing(policy), milestone.id)})
            dated.sort(key=lambda d: d["start"])
            cards.append({"name": latest.name, "year": latest.year, "href": self.urls.relative(page_uri, urls.landing(latest)),
                          "years": [p.year for p in policies], "milestones": dated, "title": latest.title,
                          "secondary": latest.source.kind.value == "secundair"})
        return cards

    def calendar_values(self) -> dict:
        page = urls.CALENDAR_PAGE
        dated, undated = [], []
        for policies in self.care_types.values():
            for policy in policies:
                for milestone in views.milestones(policy):
                    item = views.entry(policy, milestone, page, self.urls)
                    item.anchor = f"{policy.care_type}-{policy.year}-{milestone.id}"
                    (dated if item.start else undated).append(item)
        dated.sort(key=lambda e: (e.start, e.policy.name, e.step))
        return {"entries": views.with_months(dated), "undated": undated, "feeds": self.feed_links(page, None),
                "care_type_feeds": [
                    {"name": policies[-1].name, "feeds": self.feed_links(page, care_type)[:-1]}
                    for care_type, policies in sorted(self.care_types.items())
                ]}


def when_text(entry: views.TimelineEntry) -> str:
    """The date of a step as shown, keeping every word the policy used for it
    ("Uiterlijk 1 september 2026", a relative term)."""
    milestone = entry.milestone
    text = with_words(entry.when, milestone.when)
    if milestone.relative and milestone.relative.term.lower() not in text.lower():
        steps = {m.id: m.step for m in views.milestones(entry.policy)}
        text += f" ({milestone.relative.term} na {steps.get(milestone.relative.after, milestone.relative.after)})"
    return text


def earlier_dates(entry: views.TimelineEntry) -> list[str]:
    """Earlier dates of a step, each with the policy's own wording where it gave one."""
    out = []
    for previous in entry.milestone.previous:
        if previous.date:
            label = dutch(previous.date)
        elif previous.window:
            label = f"{dutch(previous.window.start)} – {dutch(previous.window.end)}"
        else:
            label = ""
        if text := with_words(label, previous.when):
            out.append(text)
    return out


def with_words(label: str, words: str | None) -> str:
    """A generated date label joined with the policy's own words for it, so none are lost."""
    if not words or words.lower() in label.lower():
        return label
    if label.lower() in words.lower():
        return words
    return f"{label} ({words})" if label else words


def _tidy(text: str) -> str:
    """Collapse runs of blank lines the templates leave, so raw HTML blocks stay intact."""
    lines = [line.rstrip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if not line and out and not out[-1]:
            continue
        out.append(line)
    return "\n".join(out).strip() + "\n"
