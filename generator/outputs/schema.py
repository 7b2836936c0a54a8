"""JSON Schemas generated from the model, committed under `schema/` for editors.

`# yaml-language-server: $schema=...` at the top of each policy file makes VS
Code validate and complete while typing. A test fails when a committed schema
is out of date; `python -m generator schema` rewrites them.

Pydantic's schema holds the types; `_editor_rules` adds what else a schema can
say, so the editor underlines most mistakes `check` reports: the form of dates,
web and e-mail addresses, the model's rules that are a matter of which keys
stand together, and text that YAML 1.1 (and so `check`) reads as something
else. The editor reads YAML 1.2, where `NO`, `22:30` and `2025-11-08` are
text: a pattern catches them. tests/test_schema.py lists what only `check` can catch.
"""

from __future__ import annotations

import json
from pathlib import Path

from typing import Any

from pydantic import BaseModel

from ..model.documents import Block, DateMeaning, Glossary, Milestone, Organisation, Policy, SharedSection
from ..model.fields import Kind, kind_of
from ..model.walk import classes

SCHEMAS = {
    "policy.schema.json": (Policy, "Caresq inkoopbeleid per zorgsoort en jaar"),
    "shared.schema.json": (SharedSection, "Caresq gedeelde sectie (één formulering)"),
    "organisation.schema.json": (Organisation, "Caresq organisatie en contact"),
    "glossary.schema.json": (Glossary, "Caresq begrippenlijst"),
}

# Editors show these on hover; the English docstrings of the models are for developers.
DUTCH_DESCRIPTIONS = {
    "Policy": "Het inkoopbeleid van één zorgsoort voor één contractjaar (policies/zorgsoorten/<zorgsoort>/<jaar>.yaml).",
    "SharedSection": "Eén formulering van een tekst die in meerdere beleidsdocumenten terugkomt (policies/gedeeld/<sectie>/<versie>.yaml).",
    "Organisation": "Wie Caresq is en hoe zorgaanbieders Caresq bereiken (policies/organisatie.yaml).",
    "Glossary": "Vakwoorden en afkortingen, op de site getoond als uitleg bij het woord (policies/begrippen.yaml).",
    "Block": "Eén onderdeel van de inhoud: precies één van tekst, uit_bron, voorwaarden, tabel, tijdlijn, differentiatie, wijzigingen of gedeeld.",
}


def _dutch(schema: dict, model_name: str) -> None:
    """Replace docstring-derived descriptions of models by Dutch ones, drop the rest."""
    if model_name in DUTCH_DESCRIPTIONS:
        schema["description"] = DUTCH_DESCRIPTIONS[model_name]
    else:
        schema.pop("description", None)


# Plain text that YAML 1.1 reads as a yes/no value, a number or a date, where YAML 1.2 keeps it text:
# yes/no/on/off, 22:30 (a number of minutes), 1_000, 0b101 and dates with an optional time.
YAML11_LOOKALIKE = (
    r"^(?:[Yy]es|YES|[Nn]o|NO|[Oo]n|ON|[Oo]ff|OFF"
    r"|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|[-+]?[0-9]+_[0-9_]*(?:\.[0-9_]*)?|[-+]?0b[01_]+"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}.*)?)$"
)
# Years 2000-2199, as the model's date type (model/values.py FIRST_DAY, LAST_DAY): the outputs can show those.
DATE = r"^(?:20|21)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$"
# Characters `check` refuses in a value (load/characters.py): controls, bidi marks, separators, noncharacters.
CONTROL = r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef\ufffe\uffff]"
URL = r"^(?:[Hh][Tt][Tt][Pp][Ss]?://|[Mm][Aa][Ii][Ll][Tt][Oo]:)\S+$"  # as `check`: https, http or mailto
EMAIL = r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$"  # as `check`
DIGITS = r"^[0-9]+$"  # `check` reads a quoted number as the number: so does the schema

# Per kind of field: what the string schema of its value gets.
_BY_KIND: dict[Kind, dict[str, Any]] = {
    Kind.text: {"not": {"pattern": YAML11_LOOKALIKE}},
    Kind.url: {"format": "uri", "allOf": [{"pattern": URL}], "not": {"pattern": YAML11_LOOKALIKE}},
    Kind.email: {"format": "email", "allOf": [{"pattern": EMAIL}]},
    Kind.date: {"pattern": DATE},
}


def _strings(node: Any):
    """Every string schema inside a property's schema (through anyOf and list items), not into $refs."""
    if isinstance(node, dict):
        if node.get("type") == "string":
            yield node
        for key in ("anyOf", "items"):
            yield from _strings(node.get(key))
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)


def _integers_or_digits(node: Any) -> None:
    """`jaar: "2026"` passes `check` (the model reads the text as the number); let the schema agree."""
    if isinstance(node, dict):
        if node.get("type") == "integer":
            number = {key: node.pop(key) for key in list(node) if key not in ("description", "title", "default")}
            node["anyOf"] = [number, {"type": "string", "pattern": DIGITS}]
            return
        for key in ("anyOf", "items"):
            _integers_or_digits(node.get(key))
    elif isinstance(node, list):
        for item in node:
            _integers_or_digits(item)


def _required_if(present: str, *needed: str) -> dict:
    return {"if": {"required": [present]}, "then": {"required": list(needed)}}


def _model_rules() -> dict[type[BaseModel], dict[str, Any]]:
    """The model's rules that are about which keys stand together, as JSON Schema."""
    date, window, relative, when, meaning = (Milestone.yaml_key(n) for n in ("date", "window", "relative", "when", "meaning"))
    expected = DateMeaning.expected.value
    return {
        # elk onderdeel van 'inhoud' heeft precies één van tekst, voorwaarden, ...
        Block: {"minProperties": 1, "maxProperties": 1},
        Milestone: {"allOf": [
            {"not": {"anyOf": [{"required": [date, window]}, {"required": [date, relative]}, {"required": [window, relative]}]}},
            _required_if(date, when, meaning),
            _required_if(window, when),
            _required_if(relative, when),
            {"if": {"required": [meaning]}, "then": {"anyOf": [{"required": [date]}, {"required": [window]}]}},
            {"if": {"required": [date]}, "then": {"properties": {meaning: {
                "description": f"Bij '{date}' is '{meaning}' uiterlijk, voor, vanaf of op.", "not": {"const": expected}}}}},
            {"if": {"required": [window]}, "then": {"properties": {meaning: {
                "description": f"Bij '{window}' is '{meaning}' alleen '{expected}'.", "enum": [expected, None]}}}},
        ]},
    }


def _editor_rules(schema: dict, model: type[BaseModel]) -> None:
    """Add to pydantic's schema what else a schema can check (see the module docstring)."""
    rules = _model_rules()
    for cls in classes(model):
        definition = schema if cls is model else schema["$defs"][cls.__name__]
        for name, info in cls.model_fields.items():
            prop = definition["properties"][info.alias or name]
            kind = kind_of(info)
            for string in _strings(prop):
                string.update(_BY_KIND.get(kind, {}))
                if kind in (Kind.text, Kind.url, Kind.email):
                    string["allOf"] = [*string.get("allOf", []), {"not": {"pattern": CONTROL}}]
            if kind is Kind.number:
                _integers_or_digits(prop)
        definition.update(rules.get(cls, {}))


def render_schemas() -> dict[str, str]:
    out = {}
    for name, (model, title) in SCHEMAS.items():
        schema = model.model_json_schema(by_alias=True, mode="validation")
        _editor_rules(schema, model)
        _dutch(schema, model.__name__)
        for model_name, definition in schema.get("$defs", {}).items():
            if definition.get("type") == "object":
                _dutch(definition, model_name)
        schema["title"] = title
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        out[name] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return out


def write_schemas(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas().items():
        target = directory / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            written.append(target)
    return written
