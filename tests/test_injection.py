"""Hostile text in every free-text field never becomes active in the built site.

`check` rejects HTML and foreign link schemes, so this test switches that text
check off and tests the second line of defence: Jinja autoescaping, the
Markdown heading escape, nh3 sanitising, the iCalendar serialiser, and MkDocs
with Material on top (page titles, navigation, the search index).

Every text value in a copy of the synthetic archive (tests/archive/, which uses
every field of the model) gets a unique marker plus a batch of payloads from
`injection_payloads.txt`; the corpus is split into batches that fit a one-line
field (400 characters), one real MkDocs build per batch, so every field meets
every payload. Each policy also gets a link list with every payload as its URL.
The result is compared with the clean build of the same archive
(`synthetic_built`): no script, style, element or attribute that the clean site
does not have, no `on*` attribute, no link scheme outside http(s), mailto,
webcal and tel, no iCalendar property the clean feeds do not have, and every
one-line text still readable as text (escaped, not dropped).

Drafts are left out of the injected copy: a build does not publish them (their
pages use the same templates as a published policy's).
"""

from __future__ import annotations

import inspect
import json
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import get_args

import pytest
import yaml
from pydantic import BaseModel

from conftest import ROOT, SYNTHETIC, build_site_into
from test_search import read_fragments
from generator.check import texts
from generator.check.deadlines import parse_when
from generator.load import layout as loader
from generator.model.documents import Policy
from generator.model.fields import Role
from generator.plugin import search
from generator.tools.linkcheck import check_site, guess_site_url
from generator.load.yamlsource import read_yaml
from test_nothing_dropped import calendar_only, feed_titles, known_gap

PAYLOAD_FILE = Path(__file__).with_name("injection_payloads.txt")
LINE_BUDGET = 350  # a one-line field holds 400 characters; the marker (and the date of a `wanneer`) takes the rest
ALLOWED_SCHEMES = {"http", "https", "mailto", "webcal", "tel"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "background", "cite",
                  "codebase", "srcset", "ping"}
URL_FIELDS = {"url", "web"}  # go into href as a whole; the other texts carry a marker and a batch
KEEP_FIELDS = {"uzovi"}  # a pattern-checked code, not free text
DATE_WORDS_FIELDS = {"wanneer"}  # the policy's date in words; payloads follow it
FOREIGN_TAGS = {"iframe", "object", "embed", "frame", "frameset", "applet", "base", "portal"}


def read_payloads() -> list[str]:
    """One payload per line; `\\n`, `\\r` and `\\t` stand for the control characters."""
    lines = PAYLOAD_FILE.read_text(encoding="utf-8").splitlines()
    return [re.sub(r"\\([nrt])", lambda m: {"n": "\n", "r": "\r", "t": "\t"}[m.group(1)], line) for line in lines if line]


PAYLOADS = read_payloads()


def batches(payloads: list[str]) -> list[list[str]]:
    out: list[list[str]] = [[]]
    for payload in payloads:
        if out[-1] and len(" ".join(out[-1] + [payload])) > LINE_BUDGET:
            out.append([])
        out[-1].append(payload)
    return out


BATCHES = batches(PAYLOADS)


def test_the_corpus_is_large_and_covers_every_kind_of_attack():
    assert len(PAYLOADS) >= 30
    corpus = "\n".join(PAYLOADS).lower()
    for needle in ("<script", "onerror=", "onload=", "javascript:", "data:text/html", "](javascript:", "![",
                   "<iframe", "<svg", "<a href=", "{{", "{%", "&lt;script", "&colon;", "ontoggle", "<style",
                   "]: javascript:", "<javascript:", "expression(", "\nattendee"):
        assert needle in corpus, f"the corpus has no payload with {needle!r}"
    assert all(len(" ".join(batch)) <= LINE_BUDGET for batch in BATCHES)


# --------------------------------------------------------------------------- which fields are one line

def _parts(annotation) -> list:
    found = [annotation]
    for arg in get_args(annotation):
        found += _parts(arg)
    return found


def text_kind(model: type[BaseModel], path: tuple) -> str:
    """'line' (escaped, shown verbatim), 'inline' (one line, rendered as Markdown and sanitised) or
    'markdown' (rendered and sanitised) for the text at `path`."""
    current: type[BaseModel] = model
    parts: list = []
    for key in path:
        if isinstance(key, int):
            continue
        field = next(f for f in current.model_fields.values() if f.alias == key)
        parts = _parts(field.annotation) + list(field.metadata)
        for annotation in parts:
            if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
                current = annotation
                break
    if Role.inline_markdown in parts:
        return "inline"  # one line (the model refuses a line break), rendered as Markdown
    return "line" if any(getattr(p, "max_length", None) for p in parts) else "markdown"


# --------------------------------------------------------------------------- the injected copy


@dataclass(frozen=True)
class Planted:
    file: str
    path: tuple
    kind: str  # line, inline (one-line Markdown), markdown or url
    value: str
    marker: str

    def where(self) -> str:
        return f"{self.file} {'/'.join(map(str, self.path))}"


def one_line(text: str) -> str:
    """One-line fields refuse line breaks in the model itself (the first line of defence);
    line-break payloads still reach every Markdown field."""
    return text.replace("\r", " ").replace("\n", " ")


def plant(data, model, path: tuple, batch: list[str], shown: str, planted: list[Planted]):
    """`data` with every free text replaced by a marker plus the batch (URLs by one payload each)."""
    if isinstance(data, dict):
        return {key: (value if key in texts.NON_TEXT_FIELDS or key in KEEP_FIELDS or texts.is_reference_list(key, value)
                      else plant(value, model, path + (key,), batch, shown, planted))
                for key, value in data.items()}
    if isinstance(data, list):
        return [plant(value, model, path + (index,), batch, shown, planted) for index, value in enumerate(data)]
    if not isinstance(data, str):
        return data
    marker = f"Q{len(planted):05d}Q"
    field = next(p for p in reversed(path) if isinstance(p, str))
    if field in URL_FIELDS:
        kind, value = "url", PAYLOADS[len(planted) % len(PAYLOADS)]
    elif field in DATE_WORDS_FIELDS and parse_when(data):
        # `check` compares the date in the words with `datum`: keep the date and the word before it
        # ("uiterlijk", "vóór", "vanaf") in front, short enough to leave room for the payloads.
        date = parse_when(data)[0].text
        before = re.search(r"(?:(?:tot )?uiterlijk(?: op)? |vóór |voor |vanaf |Vóór |Voor |Vanaf |Uiterlijk )?$",
                           data[:data.find(date)]).group(0)
        kind, value = "line", f"{before}{date} {marker} " + " ".join(batch)
    elif text_kind(model, path) in ("line", "inline"):
        kind, value = text_kind(model, path), f"{marker} " + " ".join(batch)
    else:
        kind, value = "markdown", f"{marker}\n\n" + "\n\n".join(batch)
    if kind in ("line", "inline", "url"):
        value = one_line(value)
    planted.append(Planted(shown, path, kind, value, marker))
    return value


def injected_project(tmp: Path, batch: list[str]) -> tuple[Path, list[Planted]]:
    """A copy of the project (mkdocs.yml, docs, overrides) whose policies carry the payloads."""
    project = tmp / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    (project / "generator").mkdir()  # named under `watch:`, which must exist
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    planted: list[Planted] = []
    for path in loader.policy_files(SYNTHETIC):
        relative = path.relative_to(SYNTHETIC)
        model = loader.model_for(relative)
        if model is Policy and read_yaml(path, str(relative)).data.get("status") == "concept":
            continue
        data = plant(read_yaml(path, str(relative)).data, model, (), batch, f"{SYNTHETIC.name}/{relative.as_posix()}", planted)
        if model is Policy:
            # Every payload also as the address of a link, where text becomes an href.
            data["links"] = data.get("links", []) + [{"titel": one_line(f"link {i}: " + " ".join(batch)), "url": one_line(p)}
                                                     for i, p in enumerate(PAYLOADS)]
        target = project / "policies" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")
    return project, planted


@dataclass
class Injected:
    site: Path
    planted: list[Planted]
    pages: dict[str, "Audit"]  # every HTML page, parsed once


@pytest.fixture(scope="module", params=range(len(BATCHES)), ids=lambda i: f"batch{i + 1}")
def injected(request, tmp_path_factory) -> Injected:
    """One real MkDocs build of the site with one batch of payloads in every text."""
    tmp = tmp_path_factory.mktemp(f"injected{request.param}")
    project, planted = injected_project(tmp, BATCHES[request.param])
    with pytest.MonkeyPatch.context() as patch:
        # Bypass the checker's text rules: this test is about what the renderer does on its own.
        patch.setattr("generator.check.rules._check_text", lambda source: [])
        patch.setattr("generator.load.yamlsource.forbidden_in_value", lambda value: None)  # the \r payloads
        site = build_site_into(tmp / "site", project / "mkdocs.yml")
    return Injected(site, planted, {page: audit(html) for page, html in html_pages(site).items()})


# --------------------------------------------------------------------------- reading HTML


class Audit(HTMLParser):
    """Everything on a page that could run or navigate, plus its visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[int, str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []  # src, or the inline body
        self.styles: list[str] = []
        self.text: list[str] = []
        self._raw: str | None = None
        self._skip_text = 0

    def handle_starttag(self, tag, attrs):
        self.elements.append((self.getpos()[0], tag, attrs))
        values = dict(attrs)
        if tag in ("script", "style"):
            self._raw = tag
            if tag == "script" and values.get("src"):
                self.scripts.append("src=" + values["src"])
                self._raw = "script-src"
            self._body = []
        if tag == "a" and "headerlink" in (values.get("class") or "").split():
            self._skip_text += 1  # the ¶ of a heading permalink is not part of the text

    def handle_endtag(self, tag):
        if self._raw and tag in ("script", "style"):
            body = "".join(self._body)
            if self._raw == "script":
                self.scripts.append(body)
            elif self._raw == "style":
                self.styles.append(body)
            self._raw = None
        if tag == "a" and self._skip_text:
            self._skip_text -= 1

    def handle_data(self, data):
        if self._raw:
            self._body.append(data)
        elif not self._skip_text:
            self.text.append(data)


def audit(html: str) -> Audit:
    parser = Audit()
    parser.feed(html)
    parser.close()
    return parser


def scheme_of(url: str) -> str | None:
    """The scheme a browser would see: it drops surrounding spaces and tabs/newlines inside."""
    cleaned = re.sub(r"[\t\n\r]", "", url.strip(" \f\t\n\r\x00"))
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", cleaned)
    return match.group(1).lower() if match else None


def normalised(text: str) -> str:
    return " ".join(text.split())


def active_content(page: Audit, clean: Audit | None, where: str) -> list[str]:
    """Everything on `page` that could run script or navigate somewhere foreign."""
    problems = []
    allowed_scripts = set(clean.scripts) if clean else set()
    allowed_styles = set(clean.styles) if clean else set()
    for script in page.scripts:
        if script not in allowed_scripts:
            problems.append(f"{where}: foreign <script> {script[:80]!r}")
    for style in page.styles:
        if style not in allowed_styles:
            problems.append(f"{where}: foreign <style> {style[:80]!r}")
    for line, tag, attrs in page.elements:
        if tag in FOREIGN_TAGS:
            problems.append(f"{where}:{line}: <{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                problems.append(f"{where}:{line}: <{tag} {name}={value!r}>")
            elif name in URL_ATTRIBUTES and value and scheme_of(value) not in (None, *ALLOWED_SCHEMES):
                problems.append(f"{where}:{line}: <{tag} {name}={value!r}>")
            elif name == "srcdoc" or (tag == "meta" and name == "http-equiv" and value.lower() in ("refresh", "set-cookie")):
                problems.append(f"{where}:{line}: <{tag} {name}={value!r}>")
    return problems


def html_pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


@pytest.fixture(scope="module")
def clean_pages(synthetic_built) -> dict[str, Audit]:
    return {page: audit(html) for page, html in html_pages(synthetic_built).items()}


# --------------------------------------------------------------------------- the checks


def test_every_text_field_received_payloads(injected, synthetic):
    planted = injected.planted
    assert {p.kind for p in planted} == {"line", "inline", "markdown", "url"}
    reached = {(p.file, p.path) for p in planted}
    drafts = {synthetic.relative_path(p) for p in synthetic.policies if p.draft}
    missed = [f"{t.file} {t.path}" for t in texts.archive_texts(synthetic)
              if t.field not in KEEP_FIELDS and t.file not in drafts and (t.file, t.path) not in reached]
    assert not missed, missed


def test_no_active_content_in_any_page(injected, clean_pages):
    problems = []
    for page, parsed in injected.pages.items():
        problems += active_content(parsed, clean_pages.get(page), page)
    assert not problems, "\n".join(problems[:40])


def test_no_elements_or_attributes_the_clean_site_does_not_have(injected, clean_pages):
    tags = {tag for a in clean_pages.values() for _, tag, _ in a.elements}
    names = {name for a in clean_pages.values() for _, _, attrs in a.elements for name, _ in attrs}
    problems = []
    for page, parsed in injected.pages.items():
        for line, tag, attrs in parsed.elements:
            if tag not in tags:
                problems.append(f"{page}:{line}: new element <{tag}>")
            problems += [f"{page}:{line}: new attribute <{tag} {name}>" for name, _ in attrs if name not in names]
    assert not problems, "\n".join(problems[:40])


def test_one_line_texts_stay_readable_and_no_text_is_dropped(injected):
    """Escaped, not dropped: a one-line text reads exactly as written; a Markdown text keeps its marker."""
    visible = "\n".join(normalised("".join(parsed.text)) for parsed in injected.pages.values())
    titles = feed_titles(injected.site)
    missing = []
    for item in injected.planted:
        if calendar_only(item.path):  # a short form for calendar titles: read it there
            if item.value not in titles:
                missing.append(f"{item.where()}: {item.value[:60]!r} is in no calendar title")
        elif item.kind == "line" and normalised(item.value) not in visible:
            missing.append(f"{item.where()}: {item.value[:60]!r} is not readable as text")
        elif item.kind in ("markdown", "inline") and item.marker not in visible and not known_gap(item.path):
            missing.append(f"{item.where()}: the text with {item.marker} is missing")
    assert not missing, f"{len(missing)} texts:\n" + "\n".join(missing[:40])


def test_search_index_holds_only_text_the_pages_show(injected):
    """Pagefind indexes the pages' text: a planted `<script>` is there as the characters a reader
    sees on the site, never as markup of its own. The search shows it as text: zoeken.js keeps only
    the <mark> of an excerpt (tests/browser/test_search_forgives.py plants markup in the index)."""
    fragments = read_fragments(injected.site / search.OUTPUT)
    assert fragments
    visible = "\n".join(normalised("".join(parsed.text)) for parsed in injected.pages.values())
    problems = []
    for url, fragment in fragments.items():
        texts = [fragment["meta"].get("title", ""), fragment["content"], *(a.get("text", "") for a in fragment["anchors"])]
        for text in texts:
            for match in re.finditer(r"<[^\s<>]*>?", text):
                if normalised(match.group(0)) not in visible:
                    problems.append(f"search index {url}: {match.group(0)!r} is no text of the site")
    assert not problems, "\n".join(problems[:40])


def test_atom_feed_is_well_formed_and_its_html_is_inert(injected):
    try:
        feed = ET.parse(injected.site / "feeds" / "wijzigingen.atom").getroot()
    except ET.ParseError as error:
        pytest.fail(f"feeds/wijzigingen.atom is no longer well-formed XML: {error}")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    problems = []
    for entry in feed.findall("a:entry", ns):
        content = entry.find("a:content", ns)
        problems += active_content(audit(content.text or ""), None, f"atom {entry.find('a:id', ns).text}")
    assert not problems, "\n".join(problems[:40])


# What a payload puts after a line break, if the serialiser let it start a content line.
INJECTED_LINES = tuple(segment.strip() for p in PAYLOADS for segment in re.split(r"[\r\n]+", p)[1:]
                       if segment.strip() and not segment.startswith(("BEGIN:", "END:")))


def _ics_lines(path: Path) -> list[str]:
    """Unfolded content lines; any bare CR or LF counts as a line break, as lenient clients read it."""
    text = path.read_bytes().decode("utf-8")
    return re.split(r"\r\n|\n|\r", re.sub(r"\r\n[ \t]", "", text))


def _property(line: str) -> str:
    return re.split(r"[:;]", line, maxsplit=1)[0].upper()


def test_no_injected_properties_in_the_calendar_feeds(injected, synthetic_built):
    built_site = synthetic_built
    site = injected.site
    clean_files = sorted(p.relative_to(built_site) for p in built_site.rglob("*.ics"))
    assert sorted(p.relative_to(site) for p in site.rglob("*.ics")) == clean_files
    known = {_property(line) for f in clean_files for line in _ics_lines(built_site / f) if line}
    problems = []
    for relative in clean_files:
        lines = [line for line in _ics_lines(site / relative) if line]
        for number, line in enumerate(lines, 1):
            if _property(line) not in known or line.startswith(INJECTED_LINES):
                problems.append(f"{relative}:{number}: {line[:80]!r}")
        structure = [line for line in lines if line.startswith(("BEGIN:", "END:"))]
        clean_structure = [line for line in _ics_lines(built_site / relative) if line.startswith(("BEGIN:", "END:"))]
        if structure != clean_structure:
            problems.append(f"{relative}: components differ from the clean feed: {structure} != {clean_structure}")
    assert not problems, "\n".join(problems[:40])


def test_injected_text_breaks_no_internal_link_or_anchor(injected):
    report = check_site(injected.site, guess_site_url(injected.site))
    assert report.ok, "\n".join(str(b) for b in report.broken[:40])
