"""What a provider reads: no ids, version keys or notes about the data, no English theme words,
permalinks as icons, and the purchasing team's material out of the providers' way.

"Visible text" is every text node of a page except scripts and styles, plus the attributes a
browser or screen reader shows (title, aria-label, placeholder, alt). Ids in other attributes
and in URLs are fine. The editors' pages (urls.EDITOR_PAGES) talk about ids on purpose.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator.plugin import search
from test_search import read_fragments
from conftest import POLICIES, SYNTHETIC
from generator.render import urls

SHOWN_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
NOT_TEXT = {"script", "style", "template", "svg"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

# Keys whose value is a key of the data rather than text: ids, version keys, references.
KEY_FIELDS = {"id", "versie", "zorgsoort", "sectie"}
REFERENCE_FIELDS = {"betreft", "doelgroep", "zorgvormen", "zorgvorm", "routes", "vereist", "variant", "exclusief"}

# Notes about the data itself, which are the editors' business (see the check page).
DATA_NOTES = ("niet vermeld in de bron", "datum niet vermeld", "Zoals de gegevens", "in dit archief", "per vaste sleutel")

# What Material for MkDocs 9 renders in English when a string has no translation.
THEME_ENGLISH = ("Made with", "Material for MkDocs", "Table of contents", "Back to top", "Search", "Copy to clipboard",
                 "Copied to clipboard", "Initializing search", "Type to start searching", "No matching documents",
                 "Skip to content", "Edit this page", "View source of this page", "Go to repository", "Previous",
                 "Next", "Header", "Footer", "Navigation", "Share", "Clear")

TOKEN = re.compile(r"\w+(?:-\w+)*")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.parts: list[str] = []
        self.permalinks: list[dict[str, str | None]] = []  # the attributes of each permalink, with its text
        self._permalink: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if not any(t in NOT_TEXT for t in self.open):
            self.parts.extend(value for name, value in attrs if name in SHOWN_ATTRIBUTES and value)
        classes = (attributes.get("class") or "").split()
        if tag == "a" and ("headerlink" in classes or "cq-permalink" in classes):
            self._permalink = dict(attributes, text="")
            self.permalinks.append(self._permalink)
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag == "a":
            self._permalink = None
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag):]

    def handle_data(self, data):
        if any(t in NOT_TEXT for t in self.open):
            return
        self.parts.append(data)
        if self._permalink is not None:
            self._permalink["text"] += data


def page_text(path: Path) -> _Text:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def public_pages(site: Path) -> list[Path]:
    editors = {urls.served_path(uri) for uri in urls.EDITOR_PAGES}
    pages = [p for p in sorted(site.rglob("*.html"))
             if p.relative_to(site).as_posix().removesuffix("index.html") not in editors]
    assert len(pages) > 10
    return pages


def data_keys(root: Path) -> set[str]:
    """Every id, version key and reference in the archive that reads as a key, not a word:
    a key the archive's own text also uses as a word ("kraamzorg", "stoppen-met-roken",
    "2026") is the provider's word too."""
    keys: set[str] = set()
    prose: set[str] = set()

    def walk(node, field=None):
        if isinstance(node, dict):
            for name, value in node.items():
                walk(value, name)
        elif isinstance(node, list):
            for value in node:
                walk(value, field)
        elif field in KEY_FIELDS or field in REFERENCE_FIELDS:
            keys.add(str(node))
        elif isinstance(node, str):
            prose.update(TOKEN.findall(node))

    for path in sorted(root.rglob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
        keys.add(path.stem)
    return {key for key in keys if TOKEN.fullmatch(key) and key not in prose}


def leaks(site: Path, archive_root: Path) -> dict[str, set[str]]:
    keys = data_keys(archive_root)
    found: dict[str, set[str]] = {}
    for page in public_pages(site):
        text = " ".join(page_text(page).parts)
        hits = {token for token in TOKEN.findall(text) if token in keys}
        hits |= {note for note in DATA_NOTES if note in text}
        if hits:
            found[page.relative_to(site).as_posix()] = hits
    return found


def english(site: Path) -> dict[str, set[str]]:
    found = {}
    for page in sorted(site.rglob("*.html")):
        text = " ".join(page_text(page).parts)
        hits = {word for word in THEME_ENGLISH if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)}
        if hits:
            found[page.relative_to(site).as_posix()] = hits
    return found


# --------------------------------------------------------------------------- the synthetic archive


def test_the_key_collection_finds_the_keys_and_spares_the_words():
    keys = data_keys(SYNTHETIC)
    assert {"deadline-vragenlijst", "uiterste-tekendatum"} <= keys
    assert "kraamzorg" not in keys, "an id the text itself uses as a word is the provider's word"


def test_no_id_version_key_or_data_note_on_a_public_page_of_the_synthetic_archive(synthetic_built):
    assert leaks(synthetic_built, SYNTHETIC) == {}


def test_the_leak_check_sees_an_id_in_visible_text_but_not_in_attributes(tmp_path):
    (tmp_path / "a.html").write_text('<p id="deadline-vragenlijst"><a href="#deadline-vragenlijst">Deadline</a></p>')
    for n in range(11):
        (tmp_path / f"p{n}.html").write_text("<p>Tekst</p>")
    assert leaks(tmp_path, SYNTHETIC) == {}
    (tmp_path / "b.html").write_text("<p>Tekst <code>deadline-vragenlijst</code>, datum niet vermeld in de bron</p>")
    assert leaks(tmp_path, SYNTHETIC) == {"b.html": {"deadline-vragenlijst", "niet vermeld in de bron", "datum niet vermeld"}}


def test_no_english_theme_words_on_any_page(synthetic_built):
    assert english(synthetic_built) == {}


def test_permalinks_are_icons_with_a_name_not_a_character(synthetic_built):
    landing = next(synthetic_built.glob("zorgsoorten/*/*/beleid/index.html"))
    permalinks = page_text(landing).permalinks
    assert len(permalinks) > 10
    for link in permalinks:
        assert link["text"].strip() == "", f"permalink shows {link['text']!r}"
        assert (link.get("aria-label") or link.get("title") or "").startswith(("Vaste link", "Deze voorwaarde"))
    css = (synthetic_built / "assets" / "caresq.css").read_text(encoding="utf-8")
    assert ".headerlink::before" in css and "a.cq-permalink:focus" in css, "the icon, shown on hover and focus"


def test_the_purchasing_teams_material_is_in_the_footer_not_the_header_or_menu(synthetic_built):
    html = (synthetic_built / "index.html").read_text(encoding="utf-8")
    header, _, rest = html.partition("</header>")
    _, _, footer = rest.partition("<footer")
    assert "md-source" not in html and "md-content__button" not in html, "no repository link or edit pencil"
    assert "Beleid aanpassen" not in header and "beleid-aanpassen/" not in rest.partition("<footer")[0], \
        "the guide is not in the header or the menu"
    assert 'href="beleid-aanpassen/"' in footer and 'href="controle/"' in footer
    assert "cq-transparency" not in html and "Transparantie" not in html


def test_the_transparency_audit_is_on_the_editors_page_only(synthetic, synthetic_built):
    check = (synthetic_built / "controle" / "index.html").read_text(encoding="utf-8")
    for policy in (p for p in synthetic.policies if not p.draft):
        assert f"{policy.name} {policy.year}" in check
        landing = (synthetic_built / urls.served_path(urls.landing(policy)) / "index.html").read_text(encoding="utf-8")
        assert "cq-transparency" not in landing
    assert "Aanwezig" in check and "Elke revisie met datum en reden" in check
    fragments = read_fragments(synthetic_built / search.OUTPUT)
    assert not [url for url in fragments if url.startswith(("/controle/", "/beleid-aanpassen/"))], \
        "the editors' pages are not in the providers' search"


def test_the_guides_worked_examples_are_marked_and_out_of_search(synthetic_built):
    html = (synthetic_built / "beleid-aanpassen" / "index.html").read_text(encoding="utf-8")
    examples = re.findall(r'<div class="admonition example"[^>]*>\s*<p class="admonition-title">([^<]*)</p>', html)
    assert len(examples) == 2 and all(title.startswith("Voorbeeld") for title in examples)
    examples = re.findall(r'<div class="admonition example"[^>]*>', html)
    assert all("data-pagefind-ignore" in tag and "data-search-exclude" in tag for tag in examples)
    fragments = read_fragments(synthetic_built / search.OUTPUT)
    assert not [url for url, f in fragments.items() if "18 naar 25 juni 2023" in f["content"]]


def test_home_offers_each_care_form_in_the_providers_words(synthetic, synthetic_built):
    html = (synthetic_built / "index.html").read_text(encoding="utf-8")
    offers = dict((text, href) for href, text in re.findall(r'<li><a href="([^"]+)">Ik bied ([^<]+)</a>', html))
    for policy in (p for p in synthetic.policies if not p.draft):
        for form in policy.care_forms:
            what = form.name[:1].lower() + form.name[1:] if form.name[1:2].islower() else form.name
            if what in offers and "?zorgvorm=" in offers[what]:
                assert offers[what].endswith(f"checklist/?zorgvorm={form.id}")
    assert offers and any("?zorgvorm=" in href for href in offers.values())


# --------------------------------------------------------------------------- the real policies/


@pytest.mark.policies
def test_no_id_version_key_or_data_note_on_a_public_page(built_site):
    assert leaks(built_site, POLICIES) == {}


@pytest.mark.policies
def test_no_english_theme_words_on_any_page_of_the_site(built_site):
    assert english(built_site) == {}


@pytest.mark.policies
def test_wijkverpleging_and_kraamzorg_lead_from_home_to_their_checklist(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="zorgsoorten/verpleging-en-verzorging/2024/checklist/?zorgvorm=wijkverpleging">Ik bied wijkverpleging</a>' in html
    assert 'href="zorgsoorten/geboortezorg/2026/checklist/?zorgvorm=kraamzorg">Ik bied kraamzorg</a>' in html
    care_types = (built_site / "zorgsoorten" / "index.html").read_text(encoding="utf-8")
    assert ">Wijkverpleging</a>" in care_types and ">Kraamzorg</a>" in care_types
