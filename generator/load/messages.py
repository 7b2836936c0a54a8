"""Pydantic's validation errors, and YAML 1.1 retyping, as Dutch problems at the right line."""

from __future__ import annotations

import difflib
from typing import Any, get_args

from pydantic import BaseModel

from ..model.documents import LINE_PATTERN
from ..model.source import SourceFile

def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The allowed Dutch keys of the model found at `loc` (for 'did you mean')."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        match = next((f for f in current.model_fields.values() if f.alias == part), None)
        if match is None:
            return [f.alias for f in current.model_fields.values() if f.alias]
        current = _inner_model(match.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias for f in current.model_fields.values() if f.alias]
    return []


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _loc(item: dict) -> tuple:
    return tuple(part for part in item["loc"] if not (isinstance(part, str) and part.startswith("function-")))


def without_explained_missing(items: list[dict]) -> list[dict]:
    """A typo such as `tekts:` also makes `tekst` missing; the 'did you mean' report says it all."""
    unknown = {(_loc(i)[:-1], _loc(i)[-1]) for i in items if i["type"] == "extra_forbidden"}
    kept = []
    for item in items:
        loc = _loc(item)
        if item["type"] == "missing" and any(
            parent == loc[:-1] and difflib.get_close_matches(str(loc[-1]), [str(name)], cutoff=0.6)
            for parent, name in unknown
        ):
            continue
        kept.append(item)
    return kept


# Patterns of the model in words, for `string_pattern_mismatch` on fields that are not ids.
_PATTERN_HINTS = {
    r"^[0-9]{4}$": "schrijf precies vier cijfers tussen aanhalingstekens, bijvoorbeeld \"3360\"",
    r"^[0-9a-z][0-9a-z-]*$": "gebruik kleine letters, cijfers en koppeltekens, tussen aanhalingstekens, bijvoorbeeld \"2026\" of \"2023-2026\"",
}


# Model checks whose text is only an instruction: (what is wrong, addition to the instruction).
_INSTRUCTIONS = {
    "vul 'wanneer' in": ("bij deze datum ontbreekt 'wanneer'", ", bijvoorbeeld 'uiterlijk 1 november 2025'"),
    "gebruik één van datum, venster of relatief": ("deze mijlpaal heeft meer dan één soort datum", ""),
}


def report(source: SourceFile, model: type[BaseModel], item: dict) -> None:
    loc = _loc(item)
    kind = item["type"]
    value = item.get("input")
    name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if kind == "extra_forbidden":
        allowed = [a for a in _fields_at(model, loc[:-1]) if a != "$schema"]
        guess = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        hint = f"bedoelde u '{guess[0]}'?" if guess else "toegestaan zijn hier: " + ", ".join(allowed)
        source.problem(loc, f"onbekend veld '{name}'", hint, key=True)
    elif kind == "missing":
        source.problem(loc, f"het verplichte veld '{name}' ontbreekt", f"voeg '{name}:' met een waarde toe")
    elif kind.startswith("date") or kind.startswith("datetime"):
        source.problem(loc, f"'{value}' is geen bestaande datum",
                       "schrijf de datum als JJJJ-MM-DD, bijvoorbeeld 2026-09-30, en controleer dag en maand")
    elif kind in ("int_parsing", "int_type", "int_from_float"):
        source.problem(loc, f"'{value}' is geen geheel getal", "schrijf alleen cijfers, bijvoorbeeld 2027")
    elif kind == "string_pattern_mismatch" and name in ("id", "na", "zorgsoort", "sectie") or kind == "string_pattern_mismatch" and isinstance(loc[-1], int):
        source.problem(loc, f"'{value}' is geen geldige sleutel",
                       "gebruik kleine letters, cijfers en koppeltekens en begin met een letter, bijvoorbeeld 'hkz-certificaat'")
    elif kind == "string_pattern_mismatch" and item["ctx"].get("pattern") == LINE_PATTERN:
        source.problem(loc, f"de tekst bij '{name}' moet op één regel staan",
                       "haal de regelovergang weg; een '|' of '>' na de dubbele punt maakt er meerdere regels van")
    elif kind == "string_pattern_mismatch":
        pattern = item["ctx"].get("pattern", "")
        source.problem(loc, f"'{value}' heeft niet de juiste vorm voor '{name}'",
                       _PATTERN_HINTS.get(pattern, f"zie de uitleg bij '{name}' in het schema"))
    elif kind == "enum":
        source.problem(loc, f"'{value}' is geen toegestane waarde voor '{name}'", f"kies één van: {item['ctx']['expected'].replace(' or ', ' of ')}")
    elif kind in ("string_type",) and value is None:
        source.problem(loc, f"bij '{name}' hoort tekst, maar hier staat niets",
                       "vul de tekst in; begint hij met '#', zet hem dan tussen \"aanhalingstekens\" (YAML leest '#' als commentaar)")
    elif kind in ("string_type",):
        source.problem(loc, f"bij '{name}' hoort tekst, maar hier staat {_shape(value)}",
                       "schrijf gewone tekst; staat er een ':' in, zet de tekst dan tussen \"aanhalingstekens\"")
    elif kind in ("list_type",):
        source.problem(loc, f"bij '{name}' hoort een lijst, maar hier staat {_shape(value)}",
                       "zet elk onderdeel op een eigen regel die begint met '- '")
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        source.problem(loc, f"bij '{name or 'dit onderdeel'}' horen velden (sleutel: waarde), maar hier staat {_shape(value)}",
                       "zie het schema of een bestaand beleid voor de juiste velden")
    elif kind in ("too_short", "string_too_short"):
        source.problem(loc, f"'{name}' mag niet leeg zijn", "vul een waarde in of verwijder het veld als het niet verplicht is")
    elif kind == "string_too_long":
        source.problem(loc, f"de tekst bij '{name}' is te lang voor één regel",
                       "gebruik een kortere kop en zet de rest in een tekstveld")
    elif kind == "value_error":
        # The model's own checks write "what is wrong; what to do"; a few are only an instruction.
        text = str(item["ctx"]["error"])
        message, _, hint = text.partition("; ")
        for prefix, (fixed_message, fixed_hint) in _INSTRUCTIONS.items():
            if text.startswith(prefix):
                message, hint = fixed_message, f"{text}{fixed_hint}"
        source.problem(loc, message, hint or "zie de uitleg bij dit onderdeel in het schema")
    elif kind in ("greater_than_equal", "less_than_equal"):
        source.problem(loc, f"'{value}' ligt buiten het toegestane bereik voor '{name}'", item["msg"])
    else:
        source.problem(loc, f"ongeldige waarde bij '{name}': {item['msg']}", "zie de uitleg in het schema")


def _shape(value: Any) -> str:
    if isinstance(value, dict):
        return "een blok velden"
    if isinstance(value, list):
        return "een lijst"
    if value is None:
        return "niets"
    return f"'{value}'"


def report_implicit_types(source: SourceFile, obj: BaseModel) -> None:
    """Plain scalars that YAML 1.1 would retype must be quoted where the model wants text."""
    for path, meaning in sorted(source.implicit.items(), key=lambda kv: source.where(kv[0])):
        value = _resolve(obj, path)
        if isinstance(value, str):
            source.problem(
                path, f"'{value}' wordt door YAML gelezen als {meaning}, niet als tekst",
                f"zet de waarde tussen aanhalingstekens: \"{value}\"",
            )


def _resolve(obj: Any, path: tuple) -> Any:
    for part in path:
        if isinstance(part, int):
            obj = obj[part]
        elif isinstance(obj, BaseModel):
            name = next((n for n, f in type(obj).model_fields.items() if f.alias == part), None)
            if name is None:
                return None
            obj = getattr(obj, name)
        else:
            return None
        if obj is None:
            return None
    if hasattr(obj, "value") and not isinstance(obj, (str, BaseModel)):
        return obj.value  # an Enum
    return obj
