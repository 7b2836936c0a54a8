"""The JSON Schemas editors use: committed, current, Dutch, and named by every policy file."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from conftest import POLICIES, ROOT
from generator.outputs.schema import SCHEMAS, render_schemas

SCHEMA_DIR = ROOT / "schema"

# Which schema a file needs, by where it lives in policies/.
PLACES = {
    "organisatie.yaml": "organisation.schema.json",
    "begrippen.yaml": "glossary.schema.json",
    "gedeeld": "shared.schema.json",
    "zorgsoorten": "policy.schema.json",
}
# Words that betray an English description; none of them is Dutch.
ENGLISH = re.compile(r"\b(the|and|with|which|this|that|must|should|field|value|optional|one of)\b", re.I)
# Short Dutch words, one of which every description of four words or more contains.
DUTCH = re.compile(r"\b(de|het|een|en|van|voor|met|in|op|of|bij|naar|als|die|dit|deze|dat|is|zijn|niet|geen|wordt|waar|binnen|per|door|aan|uit|om|tot|u|wat|wie|waarom|elk|elke|er|kan|tussen|waarvan|bijvoorbeeld)\b", re.I)


def _properties(node, where=""):
    """(dotted name, property schema) for every property anywhere in a schema."""
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            yield f"{where}.{name}", prop
        for key, value in node.items():
            yield from _properties(value, f"{where}/{key}" if key != "properties" else where)
    elif isinstance(node, list):
        for value in node:
            yield from _properties(value, where)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_is_up_to_date(name: str):
    committed = SCHEMA_DIR / name
    assert committed.exists(), f"schema/{name} is missing: run `python -m generator schema`"
    assert committed.read_text(encoding="utf-8") == render_schemas()[name], (
        f"schema/{name} is out of date with the model: run `python -m generator schema` and commit the result"
    )


def test_no_stray_schema_files():
    assert {p.name for p in SCHEMA_DIR.glob("*.json")} == set(SCHEMAS)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_field_has_a_dutch_description(name: str):
    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    fields = list(_properties(schema))
    assert len(fields) >= 3
    for where, prop in fields:
        description = prop.get("description", "")
        assert description.strip(), f"{name}: {where} has no description"
        assert not ENGLISH.search(description), f"{name}: {where} reads as English: {description!r}"
        if len(description.split()) >= 4:
            assert DUTCH.search(description), f"{name}: {where} does not read as Dutch: {description!r}"


def test_schema_describes_the_dutch_keys():
    """Editors complete the keys people type, so the schema uses the YAML (Dutch) names."""
    policy = json.loads((SCHEMA_DIR / "policy.schema.json").read_text(encoding="utf-8"))
    assert {"zorgsoort", "jaar", "hoofdstukken", "bron"} <= set(policy["properties"])
    assert set(policy["required"]) >= {"zorgsoort", "jaar", "hoofdstukken"}
    assert policy.get("additionalProperties") is False  # a typo like `voorwaarde:` is flagged while typing


def _policy_files() -> list[Path]:
    return sorted(p for p in POLICIES.rglob("*") if p.is_file())


@pytest.mark.policies
@pytest.mark.parametrize("path", _policy_files(), ids=lambda p: p.relative_to(POLICIES).as_posix())
def test_policy_file_names_its_schema_on_the_first_line(path: Path):
    relative = path.relative_to(POLICIES)
    expected = PLACES[relative.parts[0]]
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, f"{relative}: the first line must be '# yaml-language-server: $schema=...', not {first!r}"
    target = (path.parent / match.group(1)).resolve()
    assert target == (SCHEMA_DIR / expected).resolve(), (
        f"{relative} names {match.group(1)}; it needs "
        f"{Path(os.path.relpath(SCHEMA_DIR / expected, path.parent)).as_posix()}"
    )
