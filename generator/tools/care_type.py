"""`new-care-type` (`nieuwe-zorgsoort`): start the first policy of a care type Caresq did not buy before.

The file written is the smallest policy that passes `check` without an error: name, year,
title and source, marked as a first contract year (so no change list is asked for), and one
timeline with the two steps every contract year has by law and by contract: publication by
1 April of the year before (NZa, Regeling transparantie zorginkoopproces Zvw, art. 4) and the
contracts' start on 1 January. Comments say what to fill in; `check` then names, as
transparency warnings, what the NZa still asks. The status is `concept`, so nothing is
published before an editor says so.

Every YAML key comes from the model, so the template follows a renamed field.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from ..load.layout import POLICY_DIR, display_path
from ..model.documents import (ID_PATTERN, Block, Chapter, ChapterKind, ConditionGroup, DateMeaning, Milestone, MilestoneKind,
                               Policy, PolicyStatus, Route, Source, SourceKind, Timeline)
from ..model.errors import ScaffoldError

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../../schema/policy.schema.json"
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")


@dataclass(frozen=True)
class NewCareType:
    target: Path
    care_type: str
    name: str
    year: int


def slug_for(name: str) -> str:
    """The folder name for a care type's name: 'Zorg voor Ouderen & Jeugd' -> 'zorg-voor-ouderen-jeugd'."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", plain)
    slug = "-".join(words)
    return re.sub(r"^[0-9-]+", "", slug)  # a key starts with a letter


def _scalar(value: str) -> str:
    """`value` as a YAML scalar: plain where YAML reads it back unchanged, else double-quoted."""
    try:
        if yaml.safe_load(f"k: {value}") == {"k": value} and "#" not in value:
            return value
    except yaml.YAMLError:
        pass
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _long_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def policy_text(care_type: str, name: str, year: int) -> str:
    """The YAML text of the first policy of a care type."""
    key = Policy.yaml_key
    source = Source.yaml_key
    chapter = Chapter.yaml_key
    timeline = Timeline.yaml_key
    step = Milestone.yaml_key
    route = Route.yaml_key
    published = dt.date(year - 1, 4, 1)
    start = dt.date(year, 1, 1)

    def milestone(id_: str, text: str, when: str, day: dt.date, meaning: DateMeaning, kind: MilestoneKind) -> str:
        return (f"            - {step('id')}: {id_}\n"
                f"              {step('step')}: {_scalar(text)}\n"
                f"              {step('when')}: {_scalar(when)}\n"
                f"              {step('date')}: {day.isoformat()}\n"
                f"              {step('meaning')}: {meaning.value}\n"
                f"              {step('kind')}: {kind.value}\n")

    return (
        f"{SCHEMA_COMMENT}\n"
        f"# Eerste beleid voor {name}, gemaakt met 'python -m generator new-care-type'.\n"
        "# Vul in wat hieronder met VUL IN staat en controleer met: python -m generator check policies\n"
        "# De controle noemt daarna precies wat de NZa nog vraagt (fasen, procedure, voorwaarden, route voor nieuwe\n"
        "# zorgaanbieders). Uitleg bij elk veld: docs/beleid-aanpassen.md en de tips van de editor (schema).\n"
        f"{key('care_type')}: {care_type}\n"
        f"{key('name')}: {_scalar(name)}\n"
        f"{key('year')}: {year}\n"
        f"{key('title')}: {_scalar(f'Inkoopbeleid {name} {year}')}\n"
        f"# Zet '{key('status')}: {PolicyStatus.published.value}' als het beleid live mag; als concept is het alleen zichtbaar met scripts/serve.\n"
        f"{key('status')}: {PolicyStatus.draft.value}\n"
        f"# Caresq koopt {name} in {year} voor het eerst in: er is geen vorig jaar, dus geen blok met wijzigingen nodig.\n"
        f"{key('first_year')}: true\n"
        f"# VUL IN: de datum waarop het beleid verschijnt (JJJJ-MM-DD), uiterlijk {published.isoformat()}.\n"
        f"# {key('published')}: {published.isoformat()}\n"
        f"{key('source')}:\n"
        f"  # VUL IN: de titel van het brondocument, zoals Caresq het publiceert.\n"
        f"  {source('document')}: {_scalar(f'Inkoopbeleid {name} {year}')}\n"
        f"  {source('kind')}: {SourceKind.primary.value}\n"
        f"  {source('publisher')}: Caresq\n"
        f"# VUL IN: een korte inleiding voor de landingspagina.\n"
        f"# {key('summary')}: |\n"
        f"#   ...\n"
        f"# VUL IN: de routes of doelgroepen van de procedure. De NZa vraagt een procedure voor zorgaanbieders die\n"
        f"# gedurende het jaar een zorgovereenkomst aanvragen: zet bij die route '{route('new_providers')}: true'.\n"
        f"# {key('routes')}:\n"
        f"#   - {route('id')}: nieuwe-zorgaanbieders\n"
        f"#     {route('name')}: Zorgaanbieders zonder zorgovereenkomst\n"
        f"#     {route('new_providers')}: true\n"
        f"{key('chapters')}:\n"
        f"  # VUL IN: de hoofdstukken van het beleid, in de volgorde van het document. De NZa vraagt onder meer een\n"
        f"  # hoofdstuk met '{chapter('kind')}: {ChapterKind.procedure.value}' en minimumeisen in een blok "
        f"'{Block.yaml_key('conditions')}' (met '{ConditionGroup.yaml_key('items')}').\n"
        f"  - {chapter('id')}: planning\n"
        f"    {chapter('title')}: Planning en bereikbaarheid\n"
        f"    {chapter('kind')}: {ChapterKind.planning.value}\n"
        f"    {chapter('content')}:\n"
        f"      - {Block.yaml_key('timeline')}:\n"
        f"          {timeline('id')}: tijdlijn-{year}\n"
        f"          {timeline('title')}: {_scalar(f'Planning {year}')}\n"
        f"          # VUL IN: de stappen van de inkoop met hun termijnen, in de volgorde van het beleid\n"
        f"          # (vragenlijst, aanbieding, tekenen). Deze twee stappen gelden voor elk contractjaar.\n"
        f"          {timeline('milestones')}:\n"
        + milestone("publicatie-inkoopbeleid", "Publicatie van het inkoopbeleid", f"uiterlijk {_long_date(published)}",
                    published, DateMeaning.last_day, MilestoneKind.publication)
        + milestone("ingang-zorgovereenkomsten", "Ingang van de zorgovereenkomsten", f"vanaf {_long_date(start)}",
                    start, DateMeaning.from_on, MilestoneKind.start)
    )


def new_care_type(policies: Path, care_type: str, name: str, year: int) -> NewCareType:
    """Write `zorgsoorten/<care_type>/<year>.yaml`, the first policy of a new care type."""
    policies = Path(policies)
    name = " ".join(name.split())
    if not name:
        raise ScaffoldError("geef de naam van de zorgsoort, bijvoorbeeld 'Mondzorg'")
    if not re.match(ID_PATTERN, care_type) or len(care_type) > 80:
        raise ScaffoldError(f"'{care_type}' kan geen sleutel zijn: gebruik kleine letters, cijfers en koppeltekens, "
                            f"beginnend met een letter (bijvoorbeeld '{slug_for(name) or 'mondzorg'}')")
    if not (2000 <= year <= 2100):
        raise ScaffoldError(f"{year} is geen contractjaar; geef een jaar als {dt.date.today().year + 1}")
    if not (policies / "organisatie.yaml").exists():
        raise ScaffoldError(f"{display_path(policies)} is geen beleidsmap (er staat geen organisatie.yaml in)")
    folder = policies / POLICY_DIR / care_type
    if folder.exists() and any(folder.glob("*.yaml")):
        raise ScaffoldError(f"zorgsoort '{care_type}' bestaat al; begin een volgend jaar met: "
                            f"python -m generator new-year {care_type} {year}")
    text = policy_text(care_type, name, year)
    try:
        Policy.model_validate(yaml.safe_load(text))  # what we write must be a valid policy
    except (ValidationError, yaml.YAMLError) as error:
        raise ScaffoldError(f"interne fout: het nieuwe beleid is niet geldig ({error}); meld dit aan het ontwikkelteam") from None
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{year}.yaml"
    with open(target, "x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
        handle.write(text)
    return NewCareType(target=target, care_type=care_type, name=name, year=year)
