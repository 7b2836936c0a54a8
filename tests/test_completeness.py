"""Every sentence of policy text in the source documents is in `policies/`.

For each seed in ../shared/seeds, `tests/completeness/<seed>.yaml` lists the OCR
repairs applied to the source and the page furniture that is not content. Each
listed snippet must really occur in the source, so the list stays honest.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from completeness_support import corpus, fragments
from generator import load_archive
from generator.check.texts import archive_texts

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
RULES = Path(__file__).parent / "completeness"
SEED_FILES = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []

pytestmark = pytest.mark.policies  # about the real data: the source documents against policies/


@pytest.fixture(scope="module")
def data_corpus() -> str:
    archive = load_archive(ROOT / "policies")
    return corpus([value.text for value in archive_texts(archive)])


def prepared_source(seed: Path) -> str:
    text = seed.read_text(encoding="utf-8")
    rules_file = RULES / f"{seed.stem}.yaml"
    rules = yaml.safe_load(rules_file.read_text(encoding="utf-8")) if rules_file.exists() else {}
    rules = rules or {}
    for repair in rules.get("reparaties") or []:
        assert repair["bron"] in text, f"{rules_file.name}: reparatie-bron {repair['bron']!r} komt niet voor in de bron"
        text = text.replace(repair["bron"], repair["tekst"])
    for span in rules.get("bereiken") or []:
        start = text.find(span["van"])
        assert start >= 0, f"{rules_file.name}: bereik-begin {span['van']!r} niet gevonden"
        end = text.find(span["tot"], start + len(span["van"])) if span.get("tot") else len(text)
        assert end >= 0, f"{rules_file.name}: bereik-einde {span['tot']!r} niet gevonden"
        text = text[:start] + "\n" + text[end:]
    for snippet in rules.get("weglaten") or []:
        assert snippet in text, f"{rules_file.name}: weglaten-tekst {snippet!r} komt niet voor in de bron"
        text = text.replace(snippet, "\n")
    return text


@pytest.mark.skipif(not SEED_FILES, reason=f"the source documents are absent ({SEEDS} not found); nothing to compare")
@pytest.mark.parametrize("seed", SEED_FILES, ids=[seed.stem for seed in SEED_FILES])
def test_every_source_sentence_is_in_the_data(seed: Path, data_corpus: str) -> None:
    missing = [piece for piece in fragments(prepared_source(seed)) if piece not in data_corpus]
    assert not missing, (
        f"{len(missing)} fragment(en) uit {seed.name} ontbreken in policies/:\n" + "\n".join(f"  - {m}" for m in missing[:60])
    )
