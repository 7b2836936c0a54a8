"""The site says what its sources say, in the sources' own roles.

- Table cells are inline Markdown, rendered and sanitised like every other text: a link
  in a cell is a working link, never raw `[text](url)` on the page, and a `javascript:`
  link in a cell is refused by `check`.
- A secondary source's interpretation (the KNGF's note that two factors exclude each
  other) is shown as that source's note and never becomes a rule of the self-check; the
  facts it states in its opinion sections are on the page, marked as coming from it.
- The glossary expands an abbreviation as the source does; the postal address is shown
  in its role (claims and authorisations), and a policy names only its own year's labels.

The first group builds the synthetic archive (tests/archive/); the tests marked
`policies` read the real policies/ and the bundled site.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, synthetic_copy
from generator.model.documents import Differentiation, blocks_of
from generator.render import urls
from generator.render.views import differentiation_info
from generator.tools.cli import main

SEEDS = ROOT.parent / "shared" / "seeds"
KNGF_SEED = SEEDS / "004_b377d64a9ca9f04b.txt"
VV_SEED = SEEDS / "000_11c584b41dd6602d.txt"
RAW_LINK = "]("


class _Page(HTMLParser):
    """The visible text of a page (no script, style, code or form values), per text node,
    with the elements around it, and the elements with their attributes."""

    HIDDEN = {"script", "style", "template", "code", "pre", "textarea"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.texts: list[tuple[tuple[str, ...], str]] = []
        self.elements: list[tuple[str, dict, list[str]]] = []  # tag, attributes, text inside (filled as it goes)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes, []))
        if tag not in self.VOID:
            self.stack.append((tag, attributes, len(self.elements) - 1))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        tags = tuple(entry[0] for entry in self.stack)
        if self.HIDDEN & set(tags):
            return
        self.texts.append((tags, data))
        for _, _, element in self.stack:
            self.elements[element][2].append(data)

    def text_of(self, tag: str, css_class: str) -> list[str]:
        """The text inside each element `tag` with class `css_class`, whitespace folded."""
        return [" ".join("".join(parts).split()) for name, attrs, parts in self.elements
                if name == tag and css_class in (attrs.get("class") or "").split()]


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def raw_links(page: _Page) -> list[str]:
    return [" ".join(text.split())[:120] for _, text in page.texts if RAW_LINK in text]


# --------------------------------------------------------------------------- the synthetic archive


def _page(site, uri: str) -> _Page:
    return parse(site.files[uri])


def test_a_markdown_link_in_a_table_cell_is_a_working_link(synthetic, synthetic_site):
    policy = next(p for p in synthetic.policies if p.care_type == "kraamzorg" and p.year == 2026)
    page = _page(synthetic_site, urls.full_policy(policy))
    cells = [(attrs, "".join(text)) for tag, attrs, text in page.elements if tag == "td"]
    assert ({"data-label": "Bereikbaarheid"}, "zorginkoop@proefinkoop.example") in cells
    links = [attrs for tag, attrs, text in page.elements
             if tag == "a" and "".join(text) == "zorginkoop@proefinkoop.example"]
    assert {"href": "mailto:zorginkoop@proefinkoop.example", "rel": "noopener noreferrer"} in links
    assert raw_links(page) == []


def test_a_javascript_link_in_a_table_cell_is_refused_by_check(tmp_path, monkeypatch):
    policies = synthetic_copy(tmp_path / "policies")
    target = policies / "zorgsoorten" / "kraamzorg" / "2026.yaml"
    text = target.read_text(encoding="utf-8")
    cell = '"[zorginkoop@proefinkoop.example](mailto:zorginkoop@proefinkoop.example)"'
    assert text.count(cell) == 1
    target.write_text(text.replace(cell, '"[klik hier](javascript:alert(1))"'), encoding="utf-8")
    line = next(number for number, row in enumerate(target.read_text(encoding="utf-8").splitlines(), 1)
                if "javascript:" in row)

    monkeypatch.chdir(tmp_path)  # `check` shows paths relative to the working directory
    result = CliRunner().invoke(main, ["check", "policies"])

    assert result.exit_code == 2, "errors: nothing is published"
    errors = [row for row in result.stdout.splitlines() if ": fout: " in row]
    assert len(errors) == 1 and errors[0].startswith(f"policies/zorgsoorten/kraamzorg/2026.yaml:{line}:")
    assert "de link 'javascript:alert(1)' is niet toegestaan" in errors[0]


def test_a_secondary_source_speaks_in_its_own_name(synthetic, synthetic_site):
    kraamzorg = next(p for p in synthetic.policies if p.care_type == "kraamzorg" and p.year == 2026)
    page = _page(synthetic_site, urls.full_policy(kraamzorg))
    assert page.text_of("div", "cq-attributed") == [
        "Volgens de Vereniging Proefkraamzorg Proefinkoop contracteert kraamzorg alleen in de regio Proefstad."]

    wijkzorg = next(p for p in synthetic.policies if p.care_type == "wijkzorg" and p.year == 2026)
    for uri in (urls.full_policy(wijkzorg), urls.checklist(wijkzorg)):
        notes = _page(synthetic_site, uri).text_of("div", "cq-source-note")
        assert len(notes) == 1 and notes[0].startswith("Opmerking van de Vereniging Proefwijkzorg Wij lezen dit zo"), uri
        assert "geen regel uit het beleid" in notes[0]


def test_a_policy_names_its_own_labels_and_the_address_keeps_its_role(synthetic, synthetic_site):
    kraamzorg = next(p for p in synthetic.policies if p.care_type == "kraamzorg" and p.year == 2026)
    wijkzorg = next(p for p in synthetic.policies if p.care_type == "wijkzorg" and p.year == 2026)
    own = _page(synthetic_site, urls.landing(kraamzorg))
    assert "Voor zorgverzekeraar Proefverzekeraar met label Proeflabel." in [t.strip() for _, t in own.texts]
    for policy in (kraamzorg, wijkzorg):
        text = " ".join(t for _, t in _page(synthetic_site, urls.landing(policy)).texts)
        assert "Testpolis" not in text, "a label the policy does not name"
        assert "Declaraties en machtigingen per post: Postbus 1, 1234 AB Proefstad." in " ".join(text.split())
        assert "Proefinkoop, Postbus 1" not in text, "the address is not the purchaser's"


# --------------------------------------------------------------------------- the real policies/


def _html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.mark.policies
def test_no_raw_markdown_link_on_any_page(built_site):
    pages = _html_pages(built_site)
    assert len(pages) > 30
    found = []
    for path in pages:
        page = parse(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(built_site)}: {text}" for text in raw_links(page)]
        cells = ["".join(text) for tag, _, text in page.elements if tag in ("td", "th")]
        found += [f"{path.relative_to(built_site)} (cel): {cell[:120]}" for cell in cells if RAW_LINK in cell]
    assert found == [], "\n".join(found[:30])


@pytest.mark.policies
def test_hulpmiddelen_contact_table_links_work(built_site):
    page = parse((built_site / "zorgsoorten" / "hulpmiddelen" / "2027" / "beleid" / "index.html").read_text("utf-8"))
    hrefs = {attrs.get("href") for tag, attrs, _ in page.elements if tag == "a"}
    assert {"mailto:zorginkoop@caresq.nl", "mailto:zorgverlenersloket@aevitae.com", "mailto:mg@aevitae.com",
            "https://www.zn.nl/qa-zorginkoopbeleid-verduurzamen-van-zorg"} <= hrefs


def _fysiotherapie(archive):
    return next(p for p in archive.policies if p.care_type == "fysiotherapie" and p.year == 2024)


@pytest.mark.policies
def test_fysiotherapie_tier_a_is_reachable_and_the_kngf_note_is_its_note(archive, built_site):
    policy = _fysiotherapie(archive)
    (d,) = blocks_of(policy.chapters, Differentiation)
    info = differentiation_info(d)
    assert d.exclusive == [], "the KNGF's reading is not a rule of Caresq's policy"
    assert info.max_reachable == len(d.factors) == 4
    assert [(v.name, v.reachable) for v in info.variants][0] == ("Zorgovereenkomst A", True)
    assert all(v.reachable for v in info.variants)
    assert d.source_note is not None and d.source_note.according_to == "het KNGF"

    checklist = (built_site / "zorgsoorten" / "fysiotherapie" / "2024" / "checklist" / "index.html").read_text("utf-8")
    page = parse(checklist)
    (rules,) = [json.loads(attrs["data-rules"]) for tag, attrs, _ in page.elements
                if tag == "form" and "data-rules" in attrs]
    assert rules["exclusive"] == [] and rules["max_reachable"] == 4
    assert {v["name"]: v["reachable"] for v in rules["variants"]}["Zorgovereenkomst A"] is True

    full = (built_site / "zorgsoorten" / "fysiotherapie" / "2024" / "beleid" / "index.html").read_text("utf-8")
    for html in (checklist, full):
        text = " ".join(t for _, t in parse(html).texts)
        assert "niet haalbaar" not in text
        (note,) = parse(html).text_of("div", "cq-source-note")
        assert note.startswith("Opmerking van het KNGF N.B. Er kan slechts sprake zijn van 4 overeenkomsten")
        assert note.endswith("Dit is de uitleg van het KNGF, geen regel uit het beleid.")
        assert "Tegenstrijdigheid" not in text

    data = json.loads((built_site / urls.policy_json(policy)).read_text("utf-8"))
    (differentiation,) = [block["differentiatie"] for chapter in data["beleid"]["hoofdstukken"]
                          for block in chapter.get("inhoud", []) if "differentiatie" in block]
    assert differentiation["sluiten_elkaar_uit"] == []
    assert differentiation["opmerking_bron"]["volgens"] == "het KNGF"


@pytest.mark.policies
def test_the_parkinson_and_claudicatio_limit_is_on_the_page_as_the_kngf_says_it(built_site):
    full = (built_site / "zorgsoorten" / "fysiotherapie" / "2024" / "beleid" / "index.html").read_text("utf-8")
    statements = parse(full).text_of("div", "cq-attributed")
    matching = [s for s in statements if "Parkinson" in s]
    assert matching == ["Volgens het KNGF De behandeling voor mensen met Parkinson en Claudicatio Intermittens is "
                        "beperkt tot fysiotherapeuten met een registratie bij ParkinsonNet en Chronisch ZorgNet."]
    if KNGF_SEED.exists():  # the fact as the source words it, inside the association's opinion
        source = " ".join(KNGF_SEED.read_text(encoding="utf-8").split())
        assert "Parkinson en Claudicatio Intermittens niet beperkt zou moeten blijven tot fysiotherapeuten met een " \
               "registratie bij ParkinsonNet en Chronisch ZorgNet" in source


@pytest.mark.policies
def test_prem_is_expanded_as_the_source_expands_it(archive):
    (meaning,) = [term.meaning for term in archive.glossary.terms if term.term == "PREM"]
    expansion = "Patient Related Experience Measures"
    assert meaning.startswith(expansion + ",")
    if VV_SEED.exists():
        source = " ".join(VV_SEED.read_text(encoding="utf-8").split())
        assert re.findall(r"PREM \(([^)]*)\)", source) == [expansion]


@pytest.mark.policies
def test_2024_pages_name_only_the_label_their_sources_name(archive, built_site):
    for policy in archive.policies:
        if policy.year != 2024:
            continue
        assert policy.labels == ["Aevitae"]
        folder = built_site / "zorgsoorten" / policy.care_type / "2024"
        for path in sorted(folder.rglob("*.html")):
            text = " ".join(t for _, t in parse(path.read_text("utf-8")).texts)
            assert "Care4Life" not in text, path.relative_to(built_site)
            assert "Caresq, Postbus" not in text, path.relative_to(built_site)
        landing = " ".join(" ".join(t for _, t in parse((folder / "index.html").read_text("utf-8")).texts).split())
        assert "Voor zorgverzekeraar Eucare met label Aevitae." in landing
        assert "Declaraties en machtigingen per post: Postbus 2705, 6401 DE Heerlen." in landing
