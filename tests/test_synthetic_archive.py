"""The synthetic archive (tests/archive/) stays what the fast tests rely on: valid, and
using every field of the model, every kind of date and every kind of page."""

from __future__ import annotations

import inspect
from typing import get_args

import yaml
from pydantic import BaseModel

from conftest import SYNTHETIC
from generator.load import layout
from generator.model.documents import Glossary, Organisation, Policy, SharedSection
from generator.outputs.nav import navigation
from generator.render import urls
from generator.render.views import milestones


def _models(annotation) -> list[type[BaseModel]]:
    found = [annotation] if inspect.isclass(annotation) and issubclass(annotation, BaseModel) else []
    for arg in get_args(annotation):
        found += _models(arg)
    return found


def model_fields(model: type[BaseModel], seen: set | None = None) -> set[tuple[str, str]]:
    """(model name, YAML key) of every field reachable from `model`."""
    seen = set() if seen is None else seen
    if model in seen:
        return set()
    seen.add(model)
    fields = set()
    for name, field in model.model_fields.items():
        fields.add((model.__name__, field.alias or name))
        for inner in _models(field.annotation):
            fields |= model_fields(inner, seen)
    return fields


def used_keys() -> set[str]:
    keys: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            keys.update(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in layout.policy_files(SYNTHETIC):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return keys


def test_the_archive_passes_check_without_an_error(synthetic):
    assert not [p for p in synthetic.problems if p.is_error]
    assert len(synthetic.policies) == 4 and len(synthetic.shared) == 7


def test_every_field_of_the_model_is_used():
    wanted = set()
    for model in (Organisation, Glossary, SharedSection, Policy):
        wanted |= model_fields(model)
    keys = used_keys()
    # A shared text is the same wherever a policy embeds it, so it has no chapter number of its own
    # (SharedSection inherits `nummer` from Chapter; the embedding policy's chapter carries it).
    inherited = {("SharedSection", "nummer")}
    unused = sorted(f"{model}.{key}" for model, key in wanted - inherited if key not in keys and key != "$schema")
    assert unused == [], "add these fields to tests/archive/ so the fast tests cover them"


def test_every_kind_of_milestone_is_there(synthetic):
    found = [m for p in synthetic.policies for m in milestones(p)]
    assert {m.date_kind for m in found} == {"exact", "window", "relative", "undated"}
    assert any(m.cancelled for m in found)
    assert any(prev.revision for m in found for prev in m.previous), "a date moved by a revision"
    assert any(prev.changed_on and prev.window for m in found for prev in m.previous), "a window that became a date"
    assert {p.draft for p in synthetic.policies} == {True, False}
    assert {p.source.kind.value for p in synthetic.policies} == {"primair", "secundair"}


def test_navigation_by_care_type_and_year(synthetic):
    nav = navigation(synthetic, ["index.md", "beleid-aanpassen.md", "open-data.md", "zorgsoorten/wijkzorg/2026/index.md"])
    sections = [next(iter(entry)) for entry in nav]
    assert sections == ["Home", "Zorgsoorten", "Inkoopkalender", "Wijzigingen", "Gedeelde teksten", "Begrippen",
                        "Over deze site"]
    care_types = nav[1]["Zorgsoorten"]
    assert care_types[0] == urls.CARE_TYPES_PAGE
    assert [next(iter(c)) for c in care_types[1:]] == ["Kraamzorg", "Wijkzorg"], "by name"
    kraamzorg = care_types[1]["Kraamzorg"]
    assert [next(iter(year)) for year in kraamzorg[1:]] == ["2027 (concept)", "2026"], "newest first, drafts said so"
    shared = [next(iter(s)) for s in nav[4]["Gedeelde teksten"]]
    # Navigation titles are HTML to MkDocs: text from the YAML arrives escaped.
    assert shared == ["Disclaimer", "Algemene thema&#x27;s", "ZN-tekst: Digitale zorg"]
    assert nav[6] == {"Over deze site": ["open-data.md"]}, \
        "only hand-written pages the generator does not own; the editors' guide is in the footer, not the menu"
