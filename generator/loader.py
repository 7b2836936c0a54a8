"""Loading `policies/` into an `Archive`, turning every mistake into a `Problem`.

Layout of the data folder:

    policies/organisatie.yaml                      Organisation
    policies/begrippen.yaml                        Glossary
    policies/gedeeld/<sectie>/<versie>.yaml        SharedSection
    policies/zorgsoorten/<zorgsoort>/<jaar>.yaml   Policy
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .model import LINE_PATTERN, Glossary, Organisation, Policy, SharedSection
from .problems import PolicyError, Problem, display_path
from .yamlsource import SourceFile, read_yaml

ORGANISATION_FILE = "organisatie.yaml"
GLOSSARY_FILE = "begrippen.yaml"
SHARED_DIR = "gedeeld"
POLICY_DIR = "zorgsoorten"


@dataclass
class Archive:
    """Everything in `policies/`, validated. `files` maps each object to its source file."""

    root: Path
    organisation: Organisation
    glossary: Glossary
    shared: dict[tuple[str, str], SharedSection]
    policies: list[Policy]
    files: dict[int, SourceFile] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # warnings only; errors raise

    def source_of(self, obj: BaseModel) -> SourceFile:
        return self.files[id(obj)]

    def relative_path(self, obj: BaseModel) -> str:
        return self.source_of(obj).path.relative_to(self.root.parent).as_posix()

    def shared_versions(self, section: str) -> list[SharedSection]:
        return sorted((s for (sid, _), s in self.shared.items() if sid == section), key=lambda s: s.version)

    def care_types(self) -> dict[str, list[Policy]]:
        """Care type id -> its policies, oldest year first."""
        grouped: dict[str, list[Policy]] = {}
        for policy in self.policies:
            grouped.setdefault(policy.care_type, []).append(policy)
        return grouped


def _model_for(relative: Path) -> type[BaseModel] | None:
    parts = relative.parts
    if parts == (ORGANISATION_FILE,):
        return Organisation
    if parts == (GLOSSARY_FILE,):
        return Glossary
    if len(parts) == 3 and parts[0] == SHARED_DIR:
        return SharedSection
    if len(parts) == 3 and parts[0] == POLICY_DIR:
        return Policy
    return None


def policy_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def load_archive(root: Path, *, include_drafts: bool = True, strict: bool = False) -> Archive:
    """Load and validate the whole data folder. Raises `PolicyError` listing every error."""
    from .validate import validate_archive  # validate imports Archive from here

    root = Path(root)
    problems: list[Problem] = []
    if not root.is_dir():
        raise PolicyError([Problem(str(root), 1, 1, "de map met beleidsbestanden bestaat niet",
                                   "geef de map 'policies' op")])
    loaded: dict[Path, tuple[SourceFile, BaseModel]] = {}
    for path in policy_files(root):
        relative = path.relative_to(root)
        shown = display_path(path, root)
        if path.suffix == ".yml":
            problems.append(Problem(shown, 1, 1, "beleidsbestanden eindigen op .yaml", f"hernoem naar {path.stem}.yaml"))
            continue
        model = _model_for(relative)
        if model is None:
            problems.append(Problem(
                shown, 1, 1, "dit bestand staat op een onbekende plek",
                "beleid hoort in zorgsoorten/<zorgsoort>/<jaar>.yaml, gedeelde teksten in gedeeld/<sectie>/<versie>.yaml",
            ))
            continue
        obj, source = parse_file(path, shown, model)
        problems.extend(source.problems)
        if obj is not None:
            loaded[path] = (source, obj)

    for name, model in ((ORGANISATION_FILE, Organisation), (GLOSSARY_FILE, Glossary)):
        if not (root / name).exists():
            problems.append(Problem(display_path(root / name, root), 1, 1, f"{name} ontbreekt",
                                    f"maak {name} aan in de map met beleidsbestanden"))
    if any(p.is_error for p in problems):
        raise PolicyError(problems)

    files: dict[int, SourceFile] = {}
    organisation = glossary = None
    shared: dict[tuple[str, str], SharedSection] = {}
    policies: list[Policy] = []
    for path, (source, obj) in loaded.items():
        files[id(obj)] = source
        if isinstance(obj, Organisation):
            organisation = obj
        elif isinstance(obj, Glossary):
            glossary = obj
        elif isinstance(obj, SharedSection):
            shared[(obj.id, obj.version)] = obj
        elif isinstance(obj, Policy):
            if obj.draft and not include_drafts:
                continue
            policies.append(obj)
    policies.sort(key=lambda p: (p.care_type, p.year))
    archive = Archive(root, organisation, glossary, shared, policies, files)
    problems.extend(validate_archive(archive, strict=strict))
    if any(p.is_error for p in problems):
        raise PolicyError(problems)
    archive.problems = sorted(problems)
    return archive


def parse_file(path: Path, shown: str, model: type[BaseModel]) -> tuple[BaseModel | None, SourceFile]:
    """Read one file and validate it against its model; problems land on the SourceFile."""
    source = read_yaml(path, shown)
    if source.problems:
        return None, source
    if not isinstance(source.data, dict):
        source.problem((), "het bestand moet beginnen met velden (sleutel: waarde)",
                       "schrijf de velden zonder '- ' ervoor, zoals in de andere bestanden in policies/")
        return None, source
    try:
        obj = model.model_validate(source.data)
    except ValidationError as error:
        for item in _without_explained_missing(error.errors()):
            _report(source, model, item)
        return None, source
    _report_implicit_types(source, obj)
    return (None if source.problems else obj), source


# --------------------------------------------------------------------------- pydantic -> Dutch

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
    from typing import get_args

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _loc(item: dict) -> tuple:
    return tuple(part for part in item["loc"] if not (isinstance(part, str) and part.startswith("function-")))


def _without_explained_missing(items: list[dict]) -> list[dict]:
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


def _report(source: SourceFile, model: type[BaseModel], item: dict) -> None:
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


def _report_implicit_types(source: SourceFile, obj: BaseModel) -> None:
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
