"""The JSON Schemas editors use: committed, current, Dutch, named by every policy file, and strict.

Strict: run over the malformed corpus (tests/malformed/), the schema rejects every mistake a
schema can see; tests/schema_only_check.yaml lists, with the reason, the ones only `check` catches.

An editor reads YAML 1.2 (VS Code's YAML extension), `check` reads YAML 1.1 (PyYAML). `editor_view`
reads a file as the editor does: PyYAML's parser for the syntax (the two versions share it), then
plain scalars typed by the YAML 1.2 core schema, so `NO`, `22:30` and `2025-11-08` stay text and
only the schema's patterns catch them, while `2026` and `true` become a number and a yes/no value.
A syntax error or a duplicate key is the editor's own YAML error, shown without any schema. The
`format` keyword is not checked: VS Code checks a date's or address's form, which the schema's
patterns carry, and not whether 31 February exists.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import POLICIES, ROOT, SYNTHETIC
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


# --------------------------------------------------------------------------- the schema as an editor uses it

MALFORMED = Path(__file__).parent / "malformed"
ONLY_CHECK = yaml.safe_load((Path(__file__).parent / "schema_only_check.yaml").read_text(encoding="utf-8"))
# The YAML 1.2 core schema: how an editor types a plain (unquoted) scalar; anything else is text.
CORE_SCHEMA = [
    (re.compile(r"(?:~|null|Null|NULL|)"), lambda v: None),
    (re.compile(r"(?:true|True|TRUE|false|False|FALSE)"), lambda v: v.lower() == "true"),
    (re.compile(r"[-+]?[0-9]+"), int),
    (re.compile(r"0o[0-7]+"), lambda v: int(v[2:], 8)),
    (re.compile(r"0x[0-9a-fA-F]+"), lambda v: int(v[2:], 16)),
    (re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"), float),
]


class EditorError(Exception):
    """The editor's YAML parser rejects the file: it shows this error, with or without a schema."""


class TooLarge(Exception):
    """Aliases expand into more values than are worth validating (an anchor bomb)."""


def _editor_value(node: yaml.Node, budget: list[int]):
    budget[0] -= 1
    if budget[0] < 0:
        raise TooLarge
    if isinstance(node, yaml.MappingNode):
        mapping = {}
        for key_node, value_node in node.value:
            key = _editor_value(key_node, budget)
            if key in mapping:
                raise EditorError(f"duplicate key {key!r}")
            mapping[key] = _editor_value(value_node, budget)
        return mapping
    if isinstance(node, yaml.SequenceNode):
        return [_editor_value(item, budget) for item in node.value]
    if node.style:  # quoted or a block scalar: always text
        return node.value
    return next((convert(node.value) for pattern, convert in CORE_SCHEMA if pattern.fullmatch(node.value)), node.value)


def editor_view(raw: bytes):
    """The data an editor validates against the schema (see the module docstring)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")  # an editor guesses another encoding and shows the file
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        return None if node is None else _editor_value(node, [100_000])
    except yaml.YAMLError as error:
        raise EditorError(str(error)) from error
    except RecursionError as error:  # 1,000 levels of nesting: an editor's parser gives up as well
        raise EditorError("nested too deeply to read") from error


def schema_for(place: str) -> dict:
    return json.loads((SCHEMA_DIR / PLACES[place.split("/")[0]]).read_text(encoding="utf-8"))


def schema_errors(place: str, raw: bytes) -> list[str] | None:
    """What the schema says about a file: its errors, or None when the editor validates nothing."""
    data = editor_view(raw)
    if data is None:
        return None  # an empty document: nothing to validate
    validator = jsonschema.Draft202012Validator(schema_for(place))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


def _corpus_case(file: Path) -> tuple[str, bytes]:
    raw = file.read_bytes()
    return raw.split(b"\n", 1)[0].decode("utf-8").removeprefix("# plek: "), raw


CORPUS = sorted(MALFORMED.glob("*.yaml"))


@pytest.mark.parametrize("file", CORPUS, ids=[f.stem for f in CORPUS])
def test_editor_rejects_every_mistake_a_schema_can_see(file: Path):
    place, raw = _corpus_case(file)
    try:
        errors = schema_errors(place, raw)
    except EditorError:
        assert file.stem not in ONLY_CHECK, f"{file.stem}: the editor's YAML parser rejects it; remove it from the list"
        return
    except TooLarge:
        errors = None
    if file.stem in ONLY_CHECK:
        assert not errors, f"{file.stem} is listed as only for `check`, but the schema rejects it: {errors}"
    else:
        assert errors, f"the schema accepts {file.stem}: reject it in the schema or list it with the reason"


def test_only_check_list_names_corpus_files():
    assert set(ONLY_CHECK) <= {f.stem for f in CORPUS}
    assert all(isinstance(reason, str) and len(reason) > 20 for reason in ONLY_CHECK.values())


def test_corpus_base_files_pass_the_schema():
    """The schema rejects the planted mistakes, not the files they are planted in."""
    for base in sorted((MALFORMED / "basis").glob("*.yaml")):
        place, raw = _corpus_case(base)
        assert schema_errors(place, raw) == [], base.name


def _archive_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.yaml") if p.relative_to(root).parts[0] in PLACES)


@pytest.mark.parametrize("root", [SYNTHETIC, pytest.param(POLICIES, marks=pytest.mark.policies)], ids=["synthetic", "policies"])
def test_valid_files_pass_the_schema(root: Path):
    """Whatever `check` accepts, the editor must not underline."""
    for path in _archive_files(root):
        place = path.relative_to(root).as_posix()
        assert schema_errors(place, path.read_bytes()) == [], place


@pytest.mark.parametrize("text, valid", [
    ('jaar: "2026"', True), ("jaar: 2026", True), ("jaar: twintig", False), ('jaar: "2026a"', False),
    ("titel: NO", False), ('titel: "Nee"', True), ("titel: 22:30", False), ("titel: Om 22:30", True),
])
def test_schema_and_check_agree_on_quoting(text: str, valid: bool, tmp_path: Path):
    """A quoted number is the number to `check`, so to the schema; YAML 1.1 look-alikes are not text."""
    base = (MALFORMED / "basis" / "beleid.yaml").read_text(encoding="utf-8")
    key = text.split(":")[0]
    lines = [text if line.startswith(f"{key}: ") else line for line in base.splitlines()]
    errors = schema_errors("zorgsoorten/proef/2026.yaml", "\n".join(lines).encode())
    assert (errors == []) is valid, errors
