"""Pydantic's validation errors, and YAML 1.1 retyping, as Dutch problems at the right line."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache
from typing import Any, Callable

from pydantic import BaseModel

from ..model.documents import ID_PATTERN, KEY_PATTERN, LINE_PATTERN, RULE_ERROR, UZOVI_PATTERN, Organisation
from ..model.fields import model_types
from ..model.source import SourceFile

_SCHEMA_KEY = Organisation.yaml_key("schema_")  # offered by the schema, never worth suggesting


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
        current = next(iter(model_types(match.annotation)), None)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias for f in current.model_fields.values() if f.alias]
    return []


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


# Patterns of the model in words, for `string_pattern_mismatch`.
_PATTERNS = {
    ID_PATTERN: lambda e: (f"'{e.shown}' is geen geldige sleutel",
                           "gebruik kleine letters, cijfers en koppeltekens en begin met een letter, bijvoorbeeld 'hkz-certificaat'"),
    LINE_PATTERN: lambda e: (f"de tekst bij '{e.name}' moet op één regel staan",
                             "haal de regelovergang weg; een '|' of '>' na de dubbele punt maakt er meerdere regels van"),
    UZOVI_PATTERN: lambda e: (f"'{e.shown}' heeft niet de juiste vorm voor '{e.name}'",
                              "schrijf precies vier cijfers tussen aanhalingstekens, bijvoorbeeld \"3360\""),
    KEY_PATTERN: lambda e: (f"'{e.shown}' heeft niet de juiste vorm voor '{e.name}'",
                            "gebruik kleine letters, cijfers en koppeltekens, tussen aanhalingstekens, bijvoorbeeld \"2026\" of \"2023-2026\""),
}


@dataclass(frozen=True)
class _Error:
    """One pydantic error, with what the wording needs."""

    model: type[BaseModel]
    loc: tuple
    value: Any
    ctx: dict
    msg: str

    @property
    def shown(self) -> str:
        return _one_line(self.value)

    @property
    def name(self) -> str:
        """The YAML key nearest to the value."""
        return next((p for p in reversed(self.loc) if isinstance(p, str)), "")


def _unknown_field(e: _Error) -> tuple[str, str]:
    allowed = [a for a in _fields_at(e.model, e.loc[:-1]) if a != _SCHEMA_KEY]
    guess = difflib.get_close_matches(e.name, allowed, n=1, cutoff=0.6)
    return f"onbekend veld '{e.name}'", (f"bedoelde u '{guess[0]}'?" if guess else "toegestaan zijn hier: " + ", ".join(allowed))


def _no_date(e: _Error) -> tuple[str, str]:
    return (f"'{e.shown}' is geen bestaande datum",
            "schrijf de datum als JJJJ-MM-DD, bijvoorbeeld 2026-09-30, en controleer dag en maand")


def _no_integer(e: _Error) -> tuple[str, str]:
    return f"'{e.shown}' is geen geheel getal", "schrijf alleen cijfers, bijvoorbeeld 2027"


def _wrong_pattern(e: _Error) -> tuple[str, str]:
    pattern = e.ctx.get("pattern", "")
    if pattern in _PATTERNS:
        return _PATTERNS[pattern](e)
    return f"'{e.shown}' heeft niet de juiste vorm voor '{e.name}'", f"zie de uitleg bij '{e.name}' in het schema"


def _no_text(e: _Error) -> tuple[str, str]:
    if e.value is None:
        return (f"bij '{e.name}' hoort tekst, maar hier staat niets",
                "vul de tekst in; begint hij met '#', zet hem dan tussen \"aanhalingstekens\" (YAML leest '#' als commentaar)")
    return (f"bij '{e.name}' hoort tekst, maar hier staat {_shape(e.value)}",
            "schrijf gewone tekst; staat er een ':' in, zet de tekst dan tussen \"aanhalingstekens\"")


def _no_fields(e: _Error) -> tuple[str, str]:
    return (f"bij '{e.name or 'dit onderdeel'}' horen velden (sleutel: waarde), maar hier staat {_shape(e.value)}",
            "zie het schema of een bestaand beleid voor de juiste velden")


def _out_of_range(e: _Error) -> tuple[str, str]:
    return f"'{e.shown}' ligt buiten het toegestane bereik voor '{e.name}'", e.msg


# Pydantic's error type -> (message, hint) in Dutch. The model's own rules carry their wording.
_MESSAGES: dict[str, Callable[[_Error], tuple[str, str]]] = {
    "extra_forbidden": _unknown_field,
    "missing": lambda e: (f"het verplichte veld '{e.name}' ontbreekt", f"voeg '{e.name}:' met een waarde toe"),
    **dict.fromkeys(("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"), _no_date),
    **dict.fromkeys(("int_parsing", "int_type", "int_from_float"), _no_integer),
    "string_pattern_mismatch": _wrong_pattern,
    "enum": lambda e: (f"'{e.shown}' is geen toegestane waarde voor '{e.name}'",
                       f"kies één van: {e.ctx['expected'].replace(' or ', ' of ')}"),
    "string_type": _no_text,
    "list_type": lambda e: (f"bij '{e.name}' hoort een lijst, maar hier staat {_shape(e.value)}",
                            "zet elk onderdeel op een eigen regel die begint met '- '"),
    **dict.fromkeys(("model_type", "dict_type", "model_attributes_type"), _no_fields),
    **dict.fromkeys(("too_short", "string_too_short"), lambda e: (
        f"'{e.name}' mag niet leeg zijn", "vul een waarde in of verwijder het veld als het niet verplicht is")),
    "string_too_long": lambda e: (f"de tekst bij '{e.name}' is te lang voor één regel",
                                  "gebruik een kortere kop en zet de rest in een tekstveld"),
    RULE_ERROR: lambda e: (e.ctx["message"], e.ctx["hint"]),
    **dict.fromkeys(("greater_than_equal", "less_than_equal"), _out_of_range),
}
_AT_KEY = {"extra_forbidden"}  # reported where the key is written, not its value


def report(source: SourceFile, model: type[BaseModel], item: dict) -> None:
    error = _Error(model, _loc(item), item.get("input"), item.get("ctx") or {}, item["msg"])
    wording = _MESSAGES.get(item["type"])
    if wording is None:
        message, hint = f"ongeldige waarde bij '{error.name}': {error.msg}", "zie de uitleg in het schema"
    else:
        message, hint = wording(error)
    source.problem(error.loc, message, hint, key=item["type"] in _AT_KEY)


def _shape(value: Any) -> str:
    if isinstance(value, dict):
        return "een blok velden"
    if isinstance(value, list):
        return "een lijst"
    if value is None:
        return "niets"
    return f"'{_one_line(value)}'"


def _one_line(value: Any) -> str:
    """A value as messages quote it: on one line (a line break shows as ↵), and not endless."""
    text = str(value).rstrip("\n").replace("\r\n", "\n").replace("\n", "↵")
    return text if len(text) <= 80 else text[:79] + "…"


def report_implicit_types(source: SourceFile, obj: BaseModel) -> None:
    """Plain scalars that YAML 1.1 would retype must be quoted where the model wants text."""
    for path, meaning in sorted(source.implicit.items(), key=lambda kv: source.where(kv[0])):
        value = _resolve(obj, path)
        if isinstance(value, str):
            source.problem(
                path, f"'{value}' wordt door YAML gelezen als {meaning}, niet als tekst",
                f"zet de waarde tussen aanhalingstekens: \"{value}\"",
            )


@cache
def _names_by_alias(model: type[BaseModel]) -> dict[str, str]:
    """The field name of each YAML key of `model` (the first, should two share one)."""
    names: dict[str, str] = {}
    for name, info in model.model_fields.items():
        names.setdefault(info.alias, name)
    return names


def _resolve(obj: Any, path: tuple) -> Any:
    for part in path:
        if isinstance(part, int):
            obj = obj[part]
        elif isinstance(obj, BaseModel):
            name = _names_by_alias(type(obj)).get(part)
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
