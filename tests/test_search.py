"""Dutch search finds a condition's words on the right page and section."""

from __future__ import annotations

import json

import pytest


@pytest.fixture(scope="module")
def search_index(built_site) -> dict:
    return json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_search_is_dutch(search_index):
    assert search_index["config"]["lang"] == ["nl"]


@pytest.mark.parametrize("phrase, page, anchor", [
    ("NEN 8009", "zorgsoorten/verpleging-en-verzorging/2024/beleid/", "#"),
    ("kraamverzorgenden in loondienst", "zorgsoorten/geboortezorg/2026/beleid/", "#kraamzorg-randvoorwaarden"),
    ("KABIZ", "zorgsoorten/stoppen-met-roken/2026/beleid/", "#"),
    ("SEMH-certificaat", "zorgsoorten/hulpmiddelen/2027/beleid/", "#"),
])
def test_condition_words_lead_to_page_and_section(search_index, phrase, page, anchor):
    hits = [doc["location"] for doc in search_index["docs"] if phrase in doc["text"]]
    assert any(hit.startswith(page + anchor) for hit in hits), f"{phrase!r} not found in a section of {page}: {hits}"
