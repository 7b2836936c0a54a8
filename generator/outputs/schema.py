"""JSON Schemas generated from the model, committed under `schema/` for editors.

`# yaml-language-server: $schema=...` at the top of each policy file makes VS
Code validate and complete while typing. A test fails when a committed schema
is out of date; `python -m generator schema` rewrites them.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..model.documents import Glossary, Organisation, Policy, SharedSection

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


def render_schemas() -> dict[str, str]:
    out = {}
    for name, (model, title) in SCHEMAS.items():
        schema = model.model_json_schema(by_alias=True, mode="validation")
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
