"""`new-year`: start next year's policy as a draft copy of the latest one.

The copy is made by editing the YAML text, not by loading and dumping it, so
comments, quoting, key order and line layout stay exactly as the editor wrote
them. What changes:

- `jaar` becomes the new year; the contract year in `titel` and `bron.document` too;
- `status: concept`, so the copy shows under `mkdocs serve` but is not published;
- every exact date (`datum`, `van`/`tot`, `publicatiedatum`, ...) moves the same
  number of years, and so do the years in `wanneer`, the policy's own wording of
  that date (29 February becomes 28 February);
- `revisies` and `eerder` are left out: they are the history of last year's
  document, not of the new one.

Every id stays, so year-on-year diffs, saved checklist ticks and the calendar
UIDs carry over. What a person must still look at is returned as review items.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import yaml

from ..load.layout import POLICY_DIR, SHARED_DIR, display_path
from ..load.yamlsource import read_yaml
from ..model.documents import Block, ChangeList, Milestone, Policy, PolicyStatus, SharedRef, Source, Table
from ..model.errors import ScaffoldError
from ..model.fields import Kind, Role, has_role, kind_of, model_types
from ..model.walk import field_keys

# The file is edited as YAML text, so fields are found by their keys, taken from the model.
DATE_FIELDS = field_keys(Policy, lambda info: kind_of(info) is Kind.date)
WORDING_FIELDS = field_keys(Policy, lambda info: has_role(info, Role.date_wording))  # the policy's own words for a date we shift
HISTORY_FIELDS = field_keys(Policy, lambda info: has_role(info, Role.history))  # last year's history; not carried over
# Fields whose years are not a statement about the contract year: keys, references (an id such as
# `themas-2023-2026` is a name, not a date), dates, numbers, choices, addresses, and the date wording we shift.
NOT_TEXT = WORDING_FIELDS | field_keys(
    Policy, lambda info: not model_types(info.annotation) and kind_of(info) is not Kind.text)

YEAR_KEY = Policy.yaml_key("year")
STATUS_KEY = Policy.yaml_key("status")
TITLE_PATH = (Policy.yaml_key("title"),)
SOURCE_DOCUMENT_PATH = (Policy.yaml_key("source"), Source.yaml_key("document"))

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
WEEKDAY = re.compile(r"\b(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\b", re.I)
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


@dataclass(frozen=True, order=True)
class ReviewItem:
    line: int
    message: str


@dataclass
class NewYear:
    source: Path
    target: Path
    shifted_dates: int = 0
    removed: dict[str, int] = field(default_factory=dict)  # field -> how many blocks were left out
    review: list[ReviewItem] = field(default_factory=list)


# --------------------------------------------------------------------------- YAML nodes with paths


def _walk(node: yaml.Node, path: tuple = (), key: yaml.Node | None = None) -> Iterator[tuple[tuple, yaml.Node | None, yaml.Node]]:
    """(path, key node or None, value node) for every node, depth first, in document order."""
    yield path, key, node
    if isinstance(node, yaml.MappingNode):
        for child_key, value in node.value:
            yield from _walk(value, path + (child_key.value,), child_key)
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            yield from _walk(value, path + (index,))


def _field(path: tuple) -> str:
    return next((p for p in reversed(path) if isinstance(p, str)), "")


def shift_date(day: dt.date, years: int) -> tuple[dt.date, bool]:
    """The same day `years` later; 29 February becomes 28 February (second value True)."""
    try:
        return day.replace(year=day.year + years), False
    except ValueError:
        return day.replace(year=day.year + years, day=28), True


# --------------------------------------------------------------------------- text edits


@dataclass(frozen=True, order=True)
class _Edit:
    start: int
    end: int
    text: str


def _apply(text: str, edits: list[_Edit]) -> str:
    ordered = sorted(edits)
    for before, after in zip(ordered, ordered[1:]):
        if after.start < before.end:
            raise ScaffoldError("interne fout: twee aanpassingen overlappen; maak de kopie met de hand")
    for edit in reversed(ordered):
        text = text[: edit.start] + edit.text + text[edit.end:]
    return text


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _next_line(text: str, index: int) -> int:
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1


def _remove_block(text: str, key: yaml.Node, value: yaml.Node) -> _Edit | None:
    """The lines of `key: value` in block style; None when the key shares its line with other content."""
    start = _line_start(text, key.start_mark.index)
    if text[start: key.start_mark.index].strip():
        return None
    end_index = value.end_mark.index
    before_end = text[_line_start(text, end_index): end_index]
    end = _line_start(text, end_index) if not before_end.strip() else _next_line(text, end_index)
    # Blank lines and comments after the block belong to what follows it: keep them.
    lines = text[start:end].splitlines(keepends=True)
    while len(lines) > 1 and (not lines[-1].strip() or (
            lines[-1].lstrip().startswith("#") and len(lines[-1]) - len(lines[-1].lstrip()) <= key.start_mark.column)):
        end -= len(lines.pop())
    return _Edit(start, end, "")


def _replace_in(text: str, node: yaml.ScalarNode, old: str, new: str) -> _Edit:
    raw = text[node.start_mark.index: node.end_mark.index]
    return _Edit(node.start_mark.index, node.end_mark.index, raw.replace(old, new, 1))


def _shift_years_in(text: str, node: yaml.ScalarNode, years: int) -> _Edit | None:
    raw = text[node.start_mark.index: node.end_mark.index]
    new = YEAR.sub(lambda m: str(int(m.group(0)) + years), raw)
    return _Edit(node.start_mark.index, node.end_mark.index, new) if new != raw else None


# --------------------------------------------------------------------------- the copy


def latest_policy(policies: Path, care_type: str) -> Path:
    folder = policies / POLICY_DIR / care_type
    years = sorted((int(p.stem), p) for p in folder.glob("*.yaml") if p.stem.isdigit()) if folder.is_dir() else []
    if not years:
        known = sorted(p.name for p in (policies / POLICY_DIR).iterdir() if p.is_dir()) if (policies / POLICY_DIR).is_dir() else []
        raise ScaffoldError(f"er is nog geen beleid voor zorgsoort '{care_type}'"
                            + (f"; bestaande zorgsoorten: {', '.join(known)}" if known else ""))
    return years[-1][1]


def new_year(policies: Path, care_type: str, year: int) -> NewYear:
    """Write `zorgsoorten/<care_type>/<year>.yaml` as a draft copy of the latest year."""
    policies = Path(policies)
    source_path = latest_policy(policies, care_type)
    target = source_path.with_name(f"{year}.yaml")
    shown_target = display_path(target, policies)
    if target.exists():
        raise ScaffoldError(f"{shown_target} bestaat al; er is niets gewijzigd (verwijder of hernoem het bestand als u opnieuw wilt beginnen)")
    old_year = int(source_path.stem)
    if year <= old_year:
        raise ScaffoldError(f"het nieuwe jaar moet na {old_year} liggen, het laatste jaar van '{care_type}'")
    parsed = read_yaml(source_path, display_path(source_path, policies))
    if parsed.problems:
        raise ScaffoldError(f"{parsed.shown} heeft fouten; los die eerst op (python -m generator check policies)")

    text = source_path.read_text(encoding="utf-8")
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    result = NewYear(source=source_path, target=target)
    years = year - old_year
    edits: list[_Edit] = []
    top = {key.value: (key, value) for key, value in root.value}
    clamped: set[tuple] = set()

    removed: list[tuple] = []
    for path, key, node in _walk(root):
        if any(path[: len(r)] == r for r in removed):
            continue  # inside a block that goes away
        name = _field(path)
        if key is not None and name in HISTORY_FIELDS:
            removal = _remove_block(text, key, node)
            if removal is None:
                result.review.append(ReviewItem(key.start_mark.line + 1, f"verwijder '{name}' hier met de hand: het hoort bij {old_year}"))
            else:
                edits.append(removal)
                removed.append(path)
                result.removed[name] = result.removed.get(name, 0) + (len(node.value) if isinstance(node, yaml.SequenceNode) else 1)
            continue
        if not isinstance(node, yaml.ScalarNode):
            continue
        if name in DATE_FIELDS and ISO_DATE.match(node.value):
            try:
                day = dt.date.fromisoformat(node.value)
            except ValueError:
                continue  # check reports the impossible date; we leave it as written
            new_day, was_clamped = shift_date(day, years)
            edits.append(_replace_in(text, node, node.value, new_day.isoformat()))
            result.shifted_dates += 1
            if was_clamped:
                clamped.add(path)
        elif name in WORDING_FIELDS:
            edit = _shift_years_in(text, node, years)
            if edit:
                edits.append(edit)

    jaar = top.get(YEAR_KEY)
    if jaar is None:
        raise ScaffoldError(f"{parsed.shown} heeft geen '{YEAR_KEY}'")
    edits.append(_Edit(jaar[1].start_mark.index, jaar[1].end_mark.index, str(year)))
    for path in (TITLE_PATH, SOURCE_DOCUMENT_PATH):
        node = _node_at(root, path)
        if isinstance(node, yaml.ScalarNode) and str(old_year) in node.value:
            edits.append(_replace_in(text, node, str(old_year), str(year)))
    if STATUS_KEY in top:
        edits.append(_Edit(top[STATUS_KEY][1].start_mark.index, top[STATUS_KEY][1].end_mark.index, PolicyStatus.draft.value))
    else:
        after = _next_line(text, jaar[1].end_mark.index)
        edits.append(_Edit(after, after, f"{STATUS_KEY}: {PolicyStatus.draft.value}\n"))

    new_text = _apply(text, edits)
    check = yaml.compose(new_text, Loader=yaml.SafeLoader)  # our edits must leave valid YAML
    result.review = sorted(set(result.review) | set(_review(new_text, check, old_year, year, clamped, policies)))
    with open(target, "x", encoding="utf-8", newline="") as handle:  # "x": never overwrite
        handle.write(new_text)
    return result


def _node_at(root: yaml.Node, path: tuple) -> yaml.Node | None:
    node = root
    for part in path:
        if not isinstance(node, yaml.MappingNode):
            return None
        node = next((v for k, v in node.value if k.value == part), None)
        if node is None:
            return None
    return node


# --------------------------------------------------------------------------- what to review


def _review(text: str, root: yaml.Node, old_year: int, year: int, clamped: set[tuple], policies: Path) -> list[ReviewItem]:
    items: list[ReviewItem] = []
    tables: dict[tuple, tuple[int, int, set[str]]] = {}  # table path -> first line, last line, years
    shared_versions: dict[str, list[str]] = {}
    shared_root = policies / SHARED_DIR
    if shared_root.is_dir():
        for folder in shared_root.iterdir():
            shared_versions[folder.name] = sorted(p.stem for p in folder.glob("*.yaml"))

    def add(node: yaml.Node, message: str) -> None:
        items.append(ReviewItem(node.start_mark.line + 1, message))

    step, date, cancelled = (Milestone.yaml_key(name) for name in ("step", "date", "cancelled"))
    shared, changes = Block.yaml_key("shared"), Block.yaml_key("changes")
    section, version_key = SharedRef.yaml_key("section"), SharedRef.yaml_key("version")
    rows = Table.yaml_key("rows")

    for path, key, node in _walk(root):
        name = _field(path)
        if path in clamped:
            add(node, f"29 februari bestaat niet in {year}: de datum is {node.value} geworden; controleer hem")
        if isinstance(node, yaml.MappingNode):
            fields = {k.value: v for k, v in node.value}
            if cancelled in fields and step in fields:
                add(node, f"de stap '{fields[step].value}' was vervallen in {old_year}: haal de stap weg, of het veld '{cancelled}' als hij weer geldt")
            if date in fields and step in fields and isinstance(fields[date], yaml.ScalarNode):
                try:
                    day = dt.date.fromisoformat(fields[date].value)
                except ValueError:
                    day = None
                if day and day.weekday() >= 5:
                    add(fields[date], f"{fields[date].value} valt op een {WEEKDAYS[day.weekday()]}: klopt die datum nog?")
            if path and path[-1] == shared and section in fields and version_key in fields:
                used, version = fields[section].value, fields[version_key].value
                newer = [v for v in shared_versions.get(used, []) if v > version]
                if newer:
                    add(node, f"de gedeelde tekst '{used}' versie {version} is gebruikt; er is ook {', '.join(newer)}")
            if path and path[-1] == changes and ChangeList.yaml_key("title") in fields:
                add(node, f"de wijzigingen beschrijven nog {old_year}: vervang ze door de wijzigingen ten opzichte van {old_year}")
            continue
        if not isinstance(node, yaml.ScalarNode):
            continue
        if path == (Policy.yaml_key("published"),):
            add(node, "de publicatiedatum is een jaar verschoven: zet de echte datum zodra het beleid gepubliceerd wordt")
        elif name in WORDING_FIELDS and WEEKDAY.search(node.value):
            add(node, f"'{node.value}' noemt een weekdag; die klopt na het verschuiven waarschijnlijk niet meer")
        elif name not in NOT_TEXT and path not in (TITLE_PATH, SOURCE_DOCUMENT_PATH):
            mentioned = set(YEAR.findall(node.value))
            if not mentioned:
                continue
            if rows in path:  # one item per table, not one per cell
                table = path[: path.index(rows)]
                line = node.start_mark.line + 1
                first, _, seen = tables.get(table, (line, line, set()))
                tables[table] = (first, line, seen | mentioned)
                continue
            add(node, f"'{name}' noemt {', '.join(sorted(mentioned))}: pas de tekst aan als die over het contractjaar gaat")
    for first, last, mentioned in tables.values():
        items.append(ReviewItem(first, f"de tabel (regels {first}-{last}) noemt {', '.join(sorted(mentioned))}: "
                                       "pas de cellen aan die over het contractjaar gaan"))
    return items
