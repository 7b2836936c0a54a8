"""The search index (Pagefind, generator/plugin/search.py) of the synthetic archive's build:
Dutch, a condition's words under the right page and section, no drafts, no repeated
contact cards, no 404 page, and only the files the site's search uses.

Pagefind stores each page as a fragment: gzip of b"pagefind_dcd" and JSON with the
page's url, title, indexed text and its anchors (elements with an id, at a word
position). A query's result is a page, with a section per heading anchor.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from generator.plugin import search

FRAGMENT_MAGIC = b"pagefind_dcd"
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def read_fragments(bundle: Path) -> dict[str, dict]:
    """url -> fragment of every indexed page."""
    fragments = {}
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(FRAGMENT_MAGIC), path.name
        fragment = json.loads(raw[len(FRAGMENT_MAGIC):])
        fragments[fragment["url"]] = fragment
    return fragments


def section_of(fragment: dict, phrase: str) -> str | None:
    """The id of the heading whose section holds `phrase` ('' before the first), None if absent."""
    start = fragment["content"].find(phrase)
    if start < 0:
        return None
    word = len(fragment["content"][:start].split())
    headings = [a for a in fragment["anchors"] if a["element"] in HEADINGS and a["location"] <= word]
    return headings[-1]["id"] if headings else ""


@pytest.fixture(scope="module")
def bundle(synthetic_built) -> Path:
    return synthetic_built / search.OUTPUT


@pytest.fixture(scope="module")
def fragments(bundle) -> dict[str, dict]:
    return read_fragments(bundle)


def test_search_is_dutch(bundle):
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert set(entry["languages"]) == {"nl"}
    assert (bundle / "wasm.nl.pagefind").is_file()


@pytest.mark.parametrize("phrase, page, section", [
    ("wijkverpleegkundige op niveau 5", "/zorgsoorten/wijkzorg/2026/beleid/", "voorwaarden-thuiszorg"),
    ("30 minuten ter plaatse", "/zorgsoorten/wijkzorg/2026/beleid/", "voorwaarden-nachtzorg"),
    ("kraamverzorgenden zijn in loondienst", "/zorgsoorten/kraamzorg/2026/beleid/", None),
    ("U levert passende zorg dicht bij huis", "/gedeeld/themas/", None),
])
def test_condition_words_lead_to_page_and_section(fragments, phrase, page, section):
    assert page in fragments, f"{page} is not indexed: {sorted(fragments)}"
    found = section_of(fragments[page], phrase)
    assert found is not None, f"{phrase!r} is not in the indexed text of {page}"
    if section is not None:
        assert found == section, f"{phrase!r} is under #{found} on {page}, not #{section}"
    assert [a for a in fragments[page]["anchors"] if a["element"] in HEADINGS], "no sections to link to"


def test_every_page_has_its_title(fragments):
    assert all(fragment["meta"].get("title") for fragment in fragments.values())
    assert fragments["/zorgsoorten/wijkzorg/2026/beleid/"]["meta"]["title"].startswith("Inkoopbeleid")


def test_drafts_are_not_searchable(fragments):
    assert fragments
    assert not [url for url in fragments if "2027" in url]


def test_the_contact_cards_are_indexed_once(fragments, synthetic_built):
    """Every care type's page repeats the organisation's contact cards; the home page's copy is the one found."""
    landing = (synthetic_built / "zorgsoorten" / "wijkzorg" / "2026" / "index.html").read_text(encoding="utf-8")
    assert "declaraties@proefinkoop.example" in landing  # shown there, not indexed there
    holders = sorted(url for url, fragment in fragments.items() if "declaraties@proefinkoop.example" in fragment["content"])
    assert holders == ["/"]
    assert section_of(fragments["/"], "declaraties@proefinkoop.example") == "contact"


EDITORS_PAGES = ("/beleid-aanpassen/", "/controle/")  # front matter `search: exclude: true`


def test_the_menus_the_404_page_and_the_editors_pages_are_not_indexed(fragments, synthetic_built):
    assert "/404.html" not in fragments
    assert not [url for url in EDITORS_PAGES if url in fragments], "editors' material is not in the providers' search"
    assert len(fragments) == len(search_pages(synthetic_built)) - 1 - len(EDITORS_PAGES)
    home = fragments["/"]["content"]
    assert "Donkere weergave" not in home and "Vaste link" not in home and "¶" not in home


def search_pages(site: Path) -> list[str]:
    return [p for p in site.rglob("*.html") if search.OUTPUT not in p.relative_to(site).parts]


def test_only_the_engine_and_the_index_are_shipped(bundle):
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-worker.js").is_file()
    assert not [name for name in search.UNUSED if (bundle / name).exists()]


def test_the_lunr_index_is_gone(synthetic_built):
    assert not (synthetic_built / "search" / "search_index.json").exists()


@pytest.mark.policies
def test_the_worked_examples_are_not_searchable(built_site):
    """The editors' guide (with its made-up example of a moved deadline) is out of the providers' search,
    so a provider searching "deadline vragenlijst" never lands on the example."""
    fragments = read_fragments(built_site / search.OUTPUT)
    assert "/beleid-aanpassen/" not in fragments
    assert not [url for url, f in fragments.items() if "deadline-vragenlijst-verlengd" in f["content"]
                or "18 naar 25 juni" in f["content"]]


@pytest.mark.parametrize("directory_urls, expected", [(True, []), (False, ["--keep-index-url"])])
def test_the_command_indexes_the_article_in_dutch(tmp_path, directory_urls, expected):
    args = search.command(tmp_path, directory_urls=directory_urls)
    assert args[args.index("--root-selector") + 1] == "article.md-content__inner"
    assert args[args.index("--force-language") + 1] == "nl"
    assert [a for a in args if a == "--keep-index-url"] == expected


def test_a_failing_index_stops_the_build(tmp_path):
    with pytest.raises(search.SearchIndexError, match="Pagefind"):
        search.build_index(tmp_path / "bestaat-niet", directory_urls=True)
