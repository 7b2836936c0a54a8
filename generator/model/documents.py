"""The policy data model: what a file in `policies/` may contain.

YAML keys are Dutch, because the purchasing team edits them; Python names are
English. Every field carries a Dutch description, which becomes the JSON
Schema text an editor such as VS Code shows while typing.

Stable ids (`Id`) are the backbone: permalinks, diffs, calendar UIDs and saved
checklist ticks all hang on them, so an id never derives from a text, a date
or a position.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from functools import cache
from typing import Annotated, ClassVar, Iterator

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from .fields import Refers, Role, yaml_key
from .values import RULE_ERROR, Count, Date, Integer, rule_broken

ID_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
KEY_PATTERN = r"^[0-9a-z][0-9a-z-]*$"
UZOVI_PATTERN = r"^[0-9]{4}$"
CHAPTER_NUMBER_PATTERN = r"^[0-9]+(\.[0-9]+)*$"
# "hoofdstuk 4", "paragraaf 2.2", "artikel 2.2", "punt 4" in a text: a word that names a numbered part of a
# policy, and its number. A trailing full stop ends the sentence, it is no part of the number.
CHAPTER_REFERENCE = re.compile(r"\b(hoofdstuk|paragraaf|artikel|punt)\s+([0-9]+(?:\.[0-9]+)*)(?![0-9])", re.IGNORECASE)
FIRST_YEAR, LAST_YEAR = 2000, 2100  # contract years; their dates stay inside values.FIRST_DAY..LAST_DAY
LINE_PATTERN = r"^[^\r\n]+$"  # one line: a newline in a title or date phrase would break headings and feeds

# RULE_ERROR is the error type of every rule the model checks itself (see `values`).


Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=80),
    Field(
        description=(
            "Vaste, leesbare sleutel: kleine letters, cijfers en koppeltekens, beginnend met een "
            "letter (bijvoorbeeld `hkz-certificaat`). Verander een sleutel nooit als alleen de "
            "tekst wijzigt: links, kalenders en afgevinkte voorwaarden hangen eraan."
        )
    ),
    Role.key,
]
Key = Annotated[
    str,
    StringConstraints(pattern=KEY_PATTERN, max_length=40),
    Field(description="Korte sleutel zoals een jaartal of periode, bijvoorbeeld `2026` of `2023-2026`."),
    Role.key,
]
Markdown = Annotated[
    str,
    StringConstraints(min_length=1),
    Field(
        description=(
            "Tekst in Markdown: alinea's, opsommingen met `-`, **vet**, *cursief* en links als "
            "`[tekst](https://...)`. Geen HTML; alleen links met https, http of mailto."
        )
    ),
]
Line = Annotated[
    str,
    StringConstraints(min_length=1, max_length=400, pattern=LINE_PATTERN),
    Field(description="Korte tekst op één regel, zonder opmaak."),
]
Url = Annotated[Line, Role.url]
Email = Annotated[Line, Role.email]
SchemaPointer = Annotated[str, Role.schema]
DateWording = Annotated[Line, Role.date_wording]
Cell = Annotated[
    Line,
    Role.inline_markdown,
    Field(description="Eén cel op één regel; Markdown zoals **vet** en links als `[tekst](https://...)` wordt opgemaakt."),
]



@cache
def _named_fields(model: type[BaseModel]) -> tuple[tuple[str, str | None], ...]:
    """(Python name, YAML key) of each field, in order; asked for every block, so looked up once per class."""
    return tuple((name, info.alias) for name, info in model.model_fields.items())


class Strict(BaseModel):
    """Base for every model: unknown keys are errors, keys are the Dutch aliases."""

    model_config = ConfigDict(extra="forbid", populate_by_name=False, frozen=True)

    @classmethod
    def yaml_key(cls, name: str) -> str:
        """The Dutch YAML key of the field `name`."""
        return yaml_key(cls, name)


# --------------------------------------------------------------------------- organisation


class ContactTopic(str, Enum):
    purchasing = "zorginkoop"
    contract_request = "contractaanvraag"
    claims = "declaraties"
    authorisations = "machtigingen"


class Contact(Strict):
    id: Id
    topic: ContactTopic = Field(alias="onderwerp", description="Waarover dit kanaal gaat.")
    title: Line = Field(alias="titel", description="Kop van de contactkaart, bijvoorbeeld 'Vragen over zorginkoop'.")
    description: Markdown | None = Field(None, alias="omschrijving", description="Korte uitleg bij dit kanaal.")
    email: Email | None = Field(None, alias="email", description="E-mailadres.")
    phone: Line | None = Field(None, alias="telefoon", description="Telefoonnummer zoals het gepubliceerd wordt.")
    web: Url | None = Field(None, alias="web", description="Webadres, beginnend met https:// of http://.")


class Insurer(Strict):
    name: Line = Field(alias="naam", description="Naam van de zorgverzekeraar.")
    description: Line | None = Field(None, alias="omschrijving", description="Korte omschrijving.")
    uzovi: Annotated[str, StringConstraints(pattern=UZOVI_PATTERN)] = Field(
        alias="uzovi", description="UZOVI-code: vier cijfers, tussen aanhalingstekens, bijvoorbeeld \"3360\"."
    )
    labels: list[Line] = Field(alias="labels", description=(
        "Labels waaronder de verzekeraar nu polissen aanbiedt (de startpagina noemt ze). Een beleid noemt de "
        "labels van zijn eigen jaar in zijn eigen veld `labels`."))


class Organisation(Strict):
    """`policies/organisatie.yaml`: who Caresq is and how to reach it."""

    schema_: SchemaPointer | None = Field(None, alias="$schema", description="Verwijzing naar het JSON-schema (optioneel).")
    name: Line = Field(alias="naam", description="Naam van de inkooporganisatie.")
    tagline: Line | None = Field(None, alias="omschrijving", description="Wat de organisatie doet, in één regel.")
    website: Url = Field(alias="website", description="Website van de organisatie.")
    insurer: Insurer = Field(alias="verzekeraar", description="De zorgverzekeraar waarvoor Caresq inkoopt.")
    claims_address: list[Line] = Field(alias="postadres_declaraties", min_length=1, description=(
        "Postadres voor declaraties en machtigingen, één regel per element. De bron drukt het af in de kolom "
        "van het label, bij de loketten voor declaraties en machtigingen: het is niet het adres van Caresq."))
    contacts: list[Contact] = Field(alias="contact", min_length=1, description="Contactkanalen per onderwerp.")
    response_time: Markdown = Field(alias="reactietermijn", description="De belofte over de reactietijd op vragen.")
    site_name: Line = Field(alias="sitenaam", description="Naam van de website in de kop van elke pagina.")


# --------------------------------------------------------------------------- glossary


class Term(Strict):
    term: Line = Field(alias="term", description="De afkorting of het vakwoord, precies zoals het in de tekst staat.")
    meaning: Line = Field(alias="uitleg", description="Uitleg in gewone taal, getoond als tooltip.")


class Glossary(Strict):
    """`policies/begrippen.yaml`: jargon shown as tooltips wherever it appears."""

    schema_: SchemaPointer | None = Field(None, alias="$schema", description="Verwijzing naar het JSON-schema (optioneel).")
    terms: list[Term] = Field(alias="begrippen", description="Begrippenlijst.")


# --------------------------------------------------------------------------- content blocks


class Condition(Strict):
    id: Id
    text: Markdown = Field(alias="tekst", description="De voorwaarde, woordelijk zoals in het beleid.")
    subitems: list[Markdown] = Field(default_factory=list, alias="subitems", description="Onderdelen van deze voorwaarde (een geneste opsomming).")
    note: Markdown | None = Field(None, alias="toelichting", description="Toelichting onder de voorwaarde.")


class ConditionKind(str, Enum):
    baseline = "randvoorwaarden"
    additional = "aanvullend"
    other = "overig"


class ConditionGroup(Strict):
    label: ClassVar[str] = "voorwaardengroep"  # what editors call it, in messages

    id: Id
    title: Line | None = Field(None, alias="titel", description="Kop boven deze groep voorwaarden.")
    kind: ConditionKind = Field(ConditionKind.baseline, alias="soort", description="Randvoorwaarden, aanvullende voorwaarden of overig.")
    care_form: Annotated[Id, Refers("CareForm")] | None = Field(None, alias="zorgvorm", description="Sleutel van de zorgvorm (uit `zorgvormen`) waarvoor deze groep geldt.")
    routes: list[Annotated[Id, Refers("Route")]] = Field(default_factory=list, alias="routes", description="Sleutels van de routes (uit `routes`) waarvoor deze groep geldt; leeg is voor iedereen.")
    variant: Annotated[Id, Refers("Variant")] | None = Field(None, alias="variant", description="Sleutel van de contractvariant waarvoor deze groep geldt.")
    intro: Markdown | None = Field(None, alias="inleiding", description="Tekst boven de voorwaarden.")
    items: list[Condition] = Field(alias="items", min_length=1, description="De voorwaarden, één per item.")
    outro: Markdown | None = Field(None, alias="slot", description="Tekst onder de voorwaarden.")


class Footnote(Strict):
    mark: Line = Field(alias="teken", description="Het teken in de tabel, bijvoorbeeld `*` of `1`.")
    text: Markdown = Field(alias="tekst", description="De voetnoot.")


class TableRow(Strict):
    id: Id
    cells: list[Cell] = Field(alias="cellen", min_length=1, description="Celwaarden, in de volgorde van de kolommen.")


class Table(Strict):
    id: Id
    title: Line | None = Field(None, alias="titel", description="Titel of bijschrift van de tabel.")
    columns: list[Line] = Field(alias="kolommen", min_length=1, description="Kolomkoppen.")
    rows: list[TableRow] = Field(alias="rijen", min_length=1, description="De rijen, elk met een vaste sleutel.")
    footnotes: list[Footnote] = Field(default_factory=list, alias="voetnoten", description="Voetnoten onder de tabel.")
    note: Markdown | None = Field(None, alias="toelichting", description="Tekst onder de tabel.")

    @model_validator(mode="after")
    def _row_width(self) -> "Table":
        for row in self.rows:
            if len(row.cells) != len(self.columns):
                raise rule_broken(
                    f"rij '{row.id}' heeft {len(row.cells)} cellen maar de tabel heeft {len(self.columns)} kolommen",
                    "geef elke rij evenveel cellen als er kolommen zijn (een lege cel schrijf je als \"-\")",
                )
        return self


class MilestoneKind(str, Enum):
    publication = "publicatie"
    questionnaire = "vragenlijst"
    offer = "aanbieding"
    deadline = "deadline"
    conversation = "gesprek"
    signing = "ondertekening"
    start = "start"
    other = "overig"


class DateMeaning(str, Enum):
    """What a milestone's date means to a provider who acts on it."""

    last_day = "uiterlijk"  # the date is the last day on time: "uiterlijk X", "tot uiterlijk X", a bare deadline
    before = "voor"  # "vóór X": `datum` holds X as written, the last day on time is X - 1
    from_on = "vanaf"  # a start: from X on
    on = "op"  # happens on X, not a deadline (a publication, say)
    expected = "verwacht"  # an approximate period, held in `venster`


class Window(Strict):
    start: Date = Field(alias="van", description="Eerste dag van de periode (JJJJ-MM-DD).")
    end: Date = Field(alias="tot", description="Laatste dag van de periode, inbegrepen (JJJJ-MM-DD).")

    @model_validator(mode="after")
    def _ordered(self) -> "Window":
        if self.end < self.start:
            start, end = self.yaml_key("start"), self.yaml_key("end")
            raise rule_broken(f"'{end}' ligt vóór '{start}'", f"zet de vroegste datum bij '{start}'")
        return self


class Relative(Strict):
    after: Annotated[Id, Refers("Milestone")] = Field(alias="na", description="Sleutel van de mijlpaal waarop deze termijn volgt.")
    term: Line = Field(alias="termijn", description="De termijn, bijvoorbeeld '4 weken'.")


class PreviousDate(Strict):
    date: Date | None = Field(None, alias="datum", description="De eerdere exacte datum.")
    window: Window | None = Field(None, alias="venster", description="Het eerdere venster.")
    when: DateWording | None = Field(None, alias="wanneer", description="De eerdere formulering van de datum.")
    revision: Annotated[Id, Refers("Revision")] | None = Field(None, alias="revisie", description="Sleutel van de revisie die de datum veranderde.")
    changed_on: Date | None = Field(None, alias="gewijzigd_op", description="Datum van de wijziging, als er geen revisie bij hoort.")


class Cancellation(Strict):
    date: Date = Field(alias="datum", description="Datum waarop de mijlpaal is vervallen.")
    reason: Markdown = Field(alias="reden", description="Waarom de mijlpaal vervalt.")


class Milestone(Strict):
    label: ClassVar[str] = "mijlpaal"  # what editors call it, in messages

    id: Id
    step: Line = Field(alias="stap", description="De stap, woordelijk zoals in het beleid.")
    short_step: Line | None = Field(None, alias="korte_stap", description=(
        "De stap in een paar woorden voor de titel van de afspraak in een agenda, bijvoorbeeld 'tekenen' of "
        "'vragenlijst invullen' (met een kleine letter, behalve een naam). Een telefoon toont ongeveer 30 tekens; "
        "zorgsoort, jaar en 'uiterlijk', 'vóór' of 'verwacht' komen er vanzelf bij. Leeg: de hele stap."))
    when: DateWording | None = Field(None, alias="wanneer", description="De datum zoals het beleid hem schrijft, bijvoorbeeld 'half mei 2025' of 'uiterlijk 30 september 2026'.")
    date: Date | None = Field(None, alias="datum", description="Exacte datum (JJJJ-MM-DD). Gebruik dit alleen als het beleid een precieze dag noemt.")
    window: Window | None = Field(None, alias="venster", description="Periode voor een globale datum zoals 'begin oktober' (dag 1-10), 'half mei' (11-20) of 'eind augustus' (21-einde maand).")
    relative: Relative | None = Field(None, alias="relatief", description="Termijn ten opzichte van een andere mijlpaal, bijvoorbeeld '4 weken na aanbieding'.")
    audience: list[Annotated[Id, Refers("Route")]] = Field(default_factory=list, alias="doelgroep", description="Sleutels van de routes waarvoor deze stap geldt; leeg is voor iedereen.")
    care_forms: list[Annotated[Id, Refers("CareForm")]] = Field(default_factory=list, alias="zorgvormen", description="Sleutels van de zorgvormen (uit `zorgvormen` van het beleid) die deze stap betreft, bijvoorbeeld alleen `wijkverpleging`; leeg is voor alle zorgvormen.")
    meaning: DateMeaning | None = Field(None, alias="betekenis", description=(
        "Wat de datum betekent, verplicht bij 'datum': 'uiterlijk' (de datum is de laatste dag: 'uiterlijk 1 september', "
        "'tot uiterlijk ...', een kale deadline), 'voor' ('vóór 1 juli': zet 1 juli bij 'datum'; de laatste dag is 30 juni), "
        "'vanaf' (een begin: 'vanaf 12 november'), 'op' (gebeurt op die dag, geen deadline) of 'verwacht' "
        "(een globale periode in 'venster'; bij 'venster' mag 'betekenis' weg)."))
    kind: MilestoneKind = Field(alias="soort", description="Soort stap: publicatie, vragenlijst, aanbieding, deadline, gesprek, ondertekening, start of overig.")
    note: Markdown | None = Field(None, alias="toelichting", description="Extra uitleg bij de stap.")
    previous: Annotated[list[PreviousDate], Role.history] = Field(default_factory=list, alias="eerder", description="Eerdere datums van deze stap, oudste eerst. Elke wijziging verhoogt de volgnummering in de agenda.")
    cancelled: Cancellation | None = Field(None, alias="vervallen", description="Vul in als de stap is vervallen; hij blijft dan een seizoen als 'Vervallen' in de agenda staan.")

    @model_validator(mode="after")
    def _one_date_form(self) -> "Milestone":
        keys = [self.yaml_key(name) for name in ("date", "window", "relative")]
        forms = [key for key, name in zip(keys, ("date", "window", "relative")) if getattr(self, name) is not None]
        if len(forms) > 1:
            raise rule_broken("deze mijlpaal heeft meer dan één soort datum",
                              f"gebruik één van {keys[0]}, {keys[1]} of {keys[2]}, niet {' en '.join(forms)}")
        if forms and not self.when:
            when = self.yaml_key("when")
            raise rule_broken(f"bij deze datum ontbreekt '{when}'",
                              f"vul '{when}' in met de datum zoals het beleid hem schrijft, bijvoorbeeld 'uiterlijk 1 november 2025'")
        return self

    @model_validator(mode="after")
    def _meaning_fits_date(self) -> "Milestone":
        date, window, meaning = (self.yaml_key(name) for name in ("date", "window", "meaning"))
        if self.date is not None and self.meaning is None:
            raise rule_broken(f"bij deze '{date}' ontbreekt '{meaning}'",
                              f"vul '{meaning}' in bij '{date}': uiterlijk, voor, vanaf of op (zie de handleiding)")
        if self.date is not None and self.meaning is DateMeaning.expected:
            raise rule_broken(f"'{meaning}: verwacht' hoort bij een '{window}'",
                              f"geef een globale datum een '{window}', of kies uiterlijk, voor, vanaf of op bij een exacte datum")
        if self.window is not None and self.meaning not in (None, DateMeaning.expected):
            raise rule_broken(f"bij een '{window}' is alleen '{meaning}: verwacht' mogelijk, niet '{self.meaning.value}'",
                              f"noemt het beleid een precieze dag, gebruik dan '{date}'")
        if self.date is None and self.window is None and self.meaning is not None:
            raise rule_broken(f"'{meaning}' hoort bij een '{date}' of '{window}'",
                              f"haal '{meaning}' weg of vul de datum in")
        return self

    @property
    def event_days(self) -> tuple[dt.date, dt.date] | None:
        """First and last day (inclusive) of the calendar event; for 'vóór X' the last day on time, X - 1."""
        if self.date is not None:
            day = self.date - dt.timedelta(days=1) if self.meaning is DateMeaning.before else self.date
            return day, day
        if self.window is not None:
            return self.window.start, self.window.end
        return None

    @property
    def date_kind(self) -> str:
        if self.date is not None:
            return "exact"
        if self.window is not None:
            return "window"
        if self.relative is not None:
            return "relative"
        return "undated"

    @property
    def sort_date(self) -> dt.date | None:
        return self.date or (self.window.start if self.window else None)

    @property
    def sequence(self) -> int:
        """RFC 5545 SEQUENCE: one step per recorded change of date or status."""
        return len(self.previous) + (1 if self.cancelled else 0)


class Timeline(Strict):
    id: Id
    title: Line | None = Field(None, alias="titel", description="Kop boven de tijdlijn.")
    intro: Markdown | None = Field(None, alias="inleiding", description="Tekst boven de tijdlijn.")
    milestones: list[Milestone] = Field(alias="mijlpalen", min_length=1, description="De stappen, in de volgorde van het beleid.")
    outro: Markdown | None = Field(None, alias="slot", description="Tekst onder de tijdlijn.")


class Attributed(Strict):
    """A statement or note of a secondary source, shown as that source's words, never as a rule."""

    according_to: Line = Field(alias="volgens", description="Wie dit zegt, zoals het na 'volgens' leest, bijvoorbeeld 'het KNGF'.")
    text: Markdown = Field(alias="tekst", description="Wat de bron zegt: alleen feiten of haar eigen opmerking, woordelijk waar het kan.")


class Factor(Strict):
    label: ClassVar[str] = "factor"  # what editors call it, in messages

    id: Id
    text: Markdown = Field(alias="tekst", description="De differentiatiefactor, woordelijk.")


class Variant(Strict):
    label: ClassVar[str] = "variant"  # what editors call it, in messages

    id: Id
    name: Line = Field(alias="naam", description="Naam van de contractvariant, bijvoorbeeld 'Zorgovereenkomst A'.")
    min_factors: Count = Field(alias="min_factoren", description="Minimaal aantal factoren waaraan voldaan moet zijn.")
    max_factors: Count | None = Field(None, alias="max_factoren", description="Maximaal aantal factoren (leeg: geen maximum).")
    text: Markdown | None = Field(None, alias="tekst", description="Omschrijving van de variant, woordelijk.")


class Differentiation(Strict):
    id: Id
    title: Line | None = Field(None, alias="titel", description="Kop boven de differentiatie.")
    intro: Markdown | None = Field(None, alias="inleiding", description="Tekst boven de factoren.")
    requires: list[Annotated[Id, Refers("ConditionGroup")]] = Field(default_factory=list, alias="vereist", description="Sleutels van voorwaardengroepen waaraan altijd voldaan moet zijn.")
    factors: list[Factor] = Field(alias="factoren", min_length=1, description="De differentiatiefactoren.")
    variants: list[Variant] = Field(alias="varianten", min_length=1, description="De contractvarianten, van hoog naar laag.")
    exclusive: list[list[Annotated[Id, Refers("Factor")]]] = Field(default_factory=list, alias="sluiten_elkaar_uit", description="Groepjes factoren waarvan er maar één tegelijk kan gelden.")
    contradiction: Markdown | None = Field(None, alias="tegenstrijdigheid", description="Uitleg als de bron zelf tegenstrijdig is.")
    source_note: Attributed | None = Field(None, alias="opmerking_bron", description=(
        "Een opmerking of interpretatie van een (secundaire) bron over deze differentiatie. De site toont haar "
        "als opmerking van die bron; ze verandert de regels niet (gebruik daarvoor 'sluiten_elkaar_uit')."))
    outro: Markdown | None = Field(None, alias="slot", description="Tekst onder de varianten.")


class ChangeItem(Strict):
    id: Id
    text: Markdown = Field(alias="tekst", description="De wijziging, woordelijk.")
    concerns: list[Annotated[Id, Refers()]] = Field(default_factory=list, alias="betreft", description="Sleutels van de onderdelen die deze wijziging raakt.")


class ChangeGroup(Strict):
    id: Id
    title: Line | None = Field(None, alias="titel", description="Kop van de groep, bijvoorbeeld 'Algemeen'.")
    items: list[ChangeItem] = Field(alias="items", min_length=1, description="De wijzigingen.")


class ChangeList(Strict):
    id: Id
    title: Line = Field(alias="titel", description="Kop, bijvoorbeeld 'Wijzigingen ten opzichte van het inkoopbeleid van 2025'.")
    intro: Markdown | None = Field(None, alias="inleiding", description="Tekst boven de wijzigingen.")
    groups: list[ChangeGroup] = Field(alias="groepen", min_length=1, description="Groepen wijzigingen, zoals in de bron.")


class SharedRef(Strict):
    section: Id = Field(alias="sectie", description="Sleutel van de gedeelde sectie (de mapnaam onder policies/gedeeld/).")
    version: Key = Field(alias="versie", description="Versie van die sectie (de bestandsnaam zonder .yaml).")


class Block(Strict):
    """One piece of a chapter's content: exactly one of the keys below."""

    text: Markdown | None = Field(None, alias="tekst", description="Lopende tekst in Markdown.")
    attributed: Attributed | None = Field(None, alias="uit_bron", description=(
        "Een feit uit een secundaire bron dat niet in Caresq's eigen tekst staat (bijvoorbeeld uit een "
        "meningsparagraaf van een analyse), getoond met de bron erbij."))
    conditions: ConditionGroup | None = Field(None, alias="voorwaarden", description="Een groep voorwaarden (wordt een afvinklijst).")
    table: Table | None = Field(None, alias="tabel", description="Een tabel.")
    timeline: Timeline | None = Field(None, alias="tijdlijn", description="Een tijdlijn met mijlpalen.")
    differentiation: Differentiation | None = Field(None, alias="differentiatie", description="Differentiatiefactoren en contractvarianten.")
    changes: ChangeList | None = Field(None, alias="wijzigingen", description="Een lijst wijzigingen.")
    shared: SharedRef | None = Field(None, alias="gedeeld", description="Een gedeelde sectie, één keer geschreven en hier ingevoegd.")

    @model_validator(mode="after")
    def _exactly_one(self) -> "Block":
        fields = _named_fields(type(self))
        present = [key for name, key in fields if getattr(self, name) is not None]
        if len(present) != 1:
            keys = [key for _, key in fields]
            raise rule_broken(
                f"elk onderdeel van '{Chapter.yaml_key('content')}' heeft precies één van: {', '.join(keys)} "
                f"(hier: {', '.join(present) or 'geen'})",
                "begin een nieuw onderdeel met '- ' voor elk stuk",
            )
        return self

    @property
    def value(self):
        return next(value for name, _ in _named_fields(type(self)) if (value := getattr(self, name)) is not None)


class ChapterKind(str, Enum):
    introduction = "inleiding"
    themes = "themas"
    vision = "visie"
    conditions = "voorwaarden"
    procedure = "procedure"
    planning = "planning"
    changes = "wijzigingen"
    disclaimer = "disclaimer"
    annex = "bijlage"
    other = "overig"


class Chapter(Strict):
    id: Id
    title: Line = Field(alias="titel", description="Kop van het hoofdstuk of de paragraaf.")
    number: Annotated[str, StringConstraints(pattern=CHAPTER_NUMBER_PATTERN), Role.numbering] | None = Field(None, alias="nummer", description=(
        "Het nummer van het hoofdstuk of de paragraaf zoals de bron het nummert, tussen aanhalingstekens, "
        "bijvoorbeeld \"4\" of \"2.2\". De kop toont het, en 'hoofdstuk 4' of 'paragraaf 2.2' in de tekst "
        "wordt een link hierheen. Leeg als de bron het hoofdstuk niet nummert."))
    kind: ChapterKind = Field(ChapterKind.other, alias="soort", description="Waar het hoofdstuk over gaat; bepaalt de plek in de navigatie.")
    content: list[Block] = Field(default_factory=list, alias="inhoud", description="De inhoud, in de volgorde van het beleid.")
    chapters: list["Chapter"] = Field(default_factory=list, alias="hoofdstukken", description="Paragrafen binnen dit hoofdstuk.")


# --------------------------------------------------------------------------- shared sections


class SharedSection(Chapter):
    """`policies/gedeeld/<sectie>/<versie>.yaml`: one wording of a recurring section."""

    schema_: SchemaPointer | None = Field(None, alias="$schema", description="Verwijzing naar het JSON-schema (optioneel).")
    version: Key = Field(alias="versie", description="Versie: gelijk aan de bestandsnaam, bijvoorbeeld `2026`.")
    period: Line | None = Field(None, alias="periode", description="Periode waarvoor deze formulering geldt, bijvoorbeeld '2023-2026'.")
    used_since: Date | None = Field(None, alias="sinds", description="Datum van eerste publicatie van deze formulering.")

    @model_validator(mode="after")
    def _version_year(self) -> "SharedSection":
        """A version that starts with a year dates the section's change entry: a contract year, as for a policy."""
        if self.version[:4].isdigit() and not FIRST_YEAR <= int(self.version[:4]) <= LAST_YEAR:
            key = self.yaml_key("version")
            raise rule_broken(f"de '{key}' '{self.version}' begint met het jaar {self.version[:4]}, buiten {FIRST_YEAR}-{LAST_YEAR}",
                              f"begin de versie met het contractjaar, bijvoorbeeld \"2026\"")
        return self


# --------------------------------------------------------------------------- policy


class SourceKind(str, Enum):
    primary = "primair"
    secondary = "secundair"


class Source(Strict):
    document: Line = Field(alias="document", description="Titel van het brondocument.")
    kind: SourceKind = Field(alias="soort", description="'primair' voor Caresq's eigen document, 'secundair' voor een analyse door derden.")
    publisher: Line | None = Field(None, alias="uitgever", description="Wie het brondocument uitgaf.")
    note: Markdown | None = Field(None, alias="toelichting", description="Toelichting bij de bron, bijvoorbeeld wat wel en niet is overgenomen.")
    url: Url | None = Field(None, alias="url", description="Webadres van de bron.")


class Revision(Strict):
    label: ClassVar[str] = "revisie"  # what editors call it, in messages

    id: Id
    date: Date | None = Field(None, alias="datum", description="Datum van de revisie (JJJJ-MM-DD). Leeg alleen als de bron geen datum noemt.")
    reason: Markdown = Field(alias="reden", description="Waarom het beleid na publicatie is gewijzigd. Verplicht.")
    title: Line = Field(alias="titel", description="Kop van de revisie, bijvoorbeeld 'Wijzigingen ten opzichte van de 1 april 2023 publicatie'.")
    items: list[ChangeItem] = Field(alias="items", min_length=1, description="Wat er is gewijzigd, met de sleutels van de geraakte onderdelen.")


class CareForm(Strict):
    label: ClassVar[str] = "zorgvorm"  # what editors call it, in messages

    id: Id
    name: Line = Field(alias="naam", description="Naam van de zorgvorm of subzorgsoort.")


class Route(Strict):
    label: ClassVar[str] = "route"  # what editors call it, in messages

    id: Id
    name: Line = Field(alias="naam", description="Naam van de route of doelgroep, bijvoorbeeld 'Zorgaanbieders zonder onderhandeling'.")
    new_providers: bool | None = Field(None, alias="nieuwe_aanbieders", description=(
        "Zet op true als dit de route is voor zorgaanbieders die nog geen zorgovereenkomst hebben en er gedurende het "
        "jaar een kunnen aanvragen (bijcontractering). De NZa vraagt zo'n procedure; de controle zoekt deze route."))


class Link(Strict):
    title: Line = Field(alias="titel", description="Linktekst.")
    url: Url = Field(alias="url", description="Webadres (https, http of mailto).")


class KeyTheme(Strict):
    id: Id
    text: Markdown = Field(alias="tekst", description="Het thema, woordelijk.")


class PolicyStatus(str, Enum):
    published = "gepubliceerd"
    draft = "concept"


class Policy(Strict):
    """`policies/zorgsoorten/<zorgsoort>/<jaar>.yaml`: one care type's policy for one contract year."""

    schema_: SchemaPointer | None = Field(None, alias="$schema", description="Verwijzing naar het JSON-schema (optioneel).")
    care_type: Id = Field(alias="zorgsoort", description="Sleutel van de zorgsoort: gelijk aan de mapnaam.")
    name: Line = Field(alias="naam", description="Naam van de zorgsoort, bijvoorbeeld 'Geboortezorg'.")
    short_name: Line | None = Field(None, alias="korte_naam", description=(
        "Korte naam van de zorgsoort voor de titels in de agenda, bijvoorbeeld 'V&V' voor Verpleging en verzorging. "
        "Leeg: de naam."))
    year: Integer = Field(alias="jaar", ge=FIRST_YEAR, le=LAST_YEAR, description="Contractjaar: gelijk aan de bestandsnaam.")
    title: Line = Field(alias="titel", description="Titel van het document, bijvoorbeeld 'Inkoopbeleid Geboortezorg 2026'.")
    status: PolicyStatus = Field(PolicyStatus.published, alias="status", description="'gepubliceerd', of 'concept' voor een beleid dat nog niet live mag.")
    first_year: Annotated[bool | None, Role.history] = Field(None, alias="eerste_contractjaar", description=(
        "Zet op true als Caresq deze zorgsoort dit jaar voor het eerst inkoopt: er is dan geen vorig jaar, dus geen "
        "overzicht van wijzigingen nodig. Een kopie voor een volgend jaar (new-year) laat dit veld weg."))
    published: Date | None = Field(None, alias="publicatiedatum", description="Datum van de eerste publicatie (JJJJ-MM-DD); leeg als de bron hem niet noemt.")
    source: Source = Field(alias="bron", description="Het brondocument.")
    labels: list[Line] = Field(default_factory=list, alias="labels", description=(
        "Labels van de verzekeraar waarvoor dit beleid geldt, zoals het eigen brondocument ze noemt (in 2024 "
        "alleen 'Aevitae'). Leeg: de pagina's van dit beleid noemen geen labels."))
    summary: Markdown | None = Field(None, alias="samenvatting", description="Korte inleiding bovenaan de landingspagina.")
    key_themes: list[KeyTheme] = Field(default_factory=list, alias="kernthemas", description="Belangrijkste thema's voor de landingspagina.")
    care_forms: list[CareForm] = Field(default_factory=list, alias="zorgvormen", description="Zorgvormen of subzorgsoorten binnen deze zorgsoort.")
    routes: list[Route] = Field(default_factory=list, alias="routes", description="Routes of doelgroepen in de procedure.")
    revisions: Annotated[list[Revision], Role.history] = Field(default_factory=list, alias="revisies", description="Wijzigingen na publicatie, oudste eerst, elk met datum en reden.")
    chapters: list[Chapter] = Field(alias="hoofdstukken", min_length=1, description="De hoofdstukken van het beleid, in volgorde.")
    links: list[Link] = Field(default_factory=list, alias="links", description="Verwijzingen naar bronnen en documenten.")

    @property
    def draft(self) -> bool:
        return self.status is PolicyStatus.draft


# --------------------------------------------------------------------------- traversal


def walk_chapters(chapters: list[Chapter]) -> Iterator[Chapter]:
    for chapter in chapters:
        yield chapter
        yield from walk_chapters(chapter.chapters)


def blocks_of(chapters: list[Chapter], kind: type) -> Iterator:
    """Every block value of one type (ConditionGroup, Timeline, ...) in document order."""
    for chapter in walk_chapters(chapters):
        for block in chapter.content:
            if isinstance(block.value, kind):
                yield block.value



# --------------------------------------------------------------------------- calendar titles

TITLE_LIMIT = 90  # characters of an event title; a phone's list shows about 30
_SHORT_MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def event_title(policy: Policy, milestone: Milestone) -> str:
    """The SUMMARY of a milestone's calendar event, task first and short:
    "V&V 2024 · tekenen (uiterlijk)", "Hulpmiddelen 2027 · nieuwe producten aanvragen (vóór 1 aug)",
    "Geboortezorg 2026 · nieuwe tariefbijlage (verwacht)". The event sits on the last day on
    time, so "vóór" keeps its own date. A cancelled step starts with "Vervallen: "."""
    task = milestone.short_step or milestone.step
    if milestone.window is not None:
        qualifier = "verwacht"
    elif milestone.meaning is DateMeaning.last_day:
        qualifier = "uiterlijk"
    elif milestone.meaning is DateMeaning.before and milestone.date is not None:
        qualifier = f"vóór {milestone.date.day} {_SHORT_MONTHS[milestone.date.month - 1]}"
    else:
        qualifier = ""
    title = f"{policy.short_name or policy.name} {policy.year} · {task}" + (f" ({qualifier})" if qualifier else "")
    return f"Vervallen: {title}" if milestone.cancelled else title
