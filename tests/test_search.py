"""Dutch search finds a condition's words on the right page and section (the synthetic archive's build)."""

from __future__ import annotations

import json

import pytest


@pytest.fixture(scope="module")
def search_index(synthetic_built) -> dict:
    return json.loads((synthetic_built / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_search_is_dutch(search_index):
    assert search_index["config"]["lang"] == ["nl"]


@pytest.mark.parametrize("phrase, page, anchor", [
    ("wijkverpleegkundige op niveau 5", "zorgsoorten/wijkzorg/2026/beleid/", "#voorwaarden-thuiszorg"),
    ("30 minuten ter plaatse", "zorgsoorten/wijkzorg/2026/beleid/", "#voorwaarden-nachtzorg"),
    ("kraamverzorgenden zijn in loondienst", "zorgsoorten/kraamzorg/2026/beleid/", "#"),
    ("U levert passende zorg dicht bij huis", "gedeeld/themas/", "#"),
])
def test_condition_words_lead_to_page_and_section(search_index, phrase, page, anchor):
    hits = [doc["location"] for doc in search_index["docs"] if phrase in doc["text"]]
    assert any(hit.startswith(page + anchor) for hit in hits), f"{phrase!r} not found in a section of {page}: {hits}"


def test_drafts_are_not_searchable(search_index):
    assert not [doc["location"] for doc in search_index["docs"] if "2027" in doc["location"]]
