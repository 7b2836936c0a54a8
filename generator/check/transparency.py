"""The NZa transparency rules (Regeling transparantie zorginkoopproces Zvw) as checks.

Each rule is a warning by default; `check --streng` (or the plugin option
`strict_transparency`) turns them into errors. The same results feed the
transparency overview on the editors' check page (controle.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from ..model.archive import Archive
from ..model.documents import (Block, ChangeList, Chapter, ChapterKind, ConditionGroup, Policy, Revision, Route, SourceKind, Timeline,
                               blocks_of, walk_chapters)
from ..model.errors import Problem, Severity


@dataclass(frozen=True)
class Rule:
    id: str
    label: str  # Dutch, shown on the site
    hint: Callable[[Policy], str]  # what exactly is missing from this policy, and how to add it
    holds: Callable[[Policy], bool]


# Hints name the YAML keys and values as the model spells them.
_TIMELINE, _CONDITIONS, _CHANGES = (Block.yaml_key(name) for name in ("timeline", "conditions", "changes"))
_MILESTONES = Timeline.yaml_key("milestones")
_KIND = Chapter.yaml_key("kind")
_ROUTES = Policy.yaml_key("routes")
_NEW_PROVIDERS = Route.yaml_key("new_providers")
_FIRST_YEAR = Policy.yaml_key("first_year")
MIN_PHASES = 2


def _has_chapter(kind: ChapterKind) -> Callable[[Policy], bool]:
    return lambda policy: any(chapter.kind is kind for chapter in walk_chapters(policy.chapters))


def _chapter_hint(kind: ChapterKind, about: str) -> Callable[[Policy], str]:
    return lambda policy: f"voeg een hoofdstuk over {about} toe met '{_KIND}: {kind.value}'"


def _has_phases(policy: Policy) -> bool:
    return any(len(timeline.milestones) >= MIN_PHASES for timeline in blocks_of(policy.chapters, Timeline))


def _phases_hint(policy: Policy) -> str:
    short = [timeline.id for timeline in blocks_of(policy.chapters, Timeline)]
    if not short:
        return (f"voeg een '{_TIMELINE}' toe met minstens {MIN_PHASES} '{_MILESTONES}': "
                "de stappen van de inkoop met hun termijnen")
    return (f"de tijdlijn {', '.join(repr(t) for t in short)} heeft maar één stap; de regeling vraagt de fasen: "
            f"zet er minstens {MIN_PHASES} '{_MILESTONES}' in")


def _has_conditions(policy: Policy) -> bool:
    return any(True for _ in blocks_of(policy.chapters, ConditionGroup))


def _conditions_hint(policy: Policy) -> str:
    return f"voeg een blok '{_CONDITIONS}' toe met de minimumeisen voor een zorgovereenkomst"


def _has_changes(policy: Policy) -> bool:
    return bool(policy.first_year) or any(True for _ in blocks_of(policy.chapters, ChangeList))


def _changes_hint(policy: Policy) -> str:
    return (f"voeg een blok '{_CHANGES}' toe met de wijzigingen ten opzichte van {policy.year - 1}; koopt Caresq "
            f"deze zorgsoort in {policy.year} voor het eerst in, zet dan '{_FIRST_YEAR}: true'")


def _has_new_provider_route(policy: Policy) -> bool:
    return any(route.new_providers for route in policy.routes)


def _new_provider_hint(policy: Policy) -> str:
    if not policy.routes:
        return (f"voeg onder '{_ROUTES}' de route toe voor zorgaanbieders die gedurende het jaar een zorgovereenkomst "
                f"aanvragen, met '{_NEW_PROVIDERS}: true'")
    return (f"zet '{_NEW_PROVIDERS}: true' bij de route voor zorgaanbieders die gedurende het jaar een zorgovereenkomst "
            f"aanvragen (routes nu: {', '.join(route.id for route in policy.routes)}), of voeg die route toe")


RULES: tuple[Rule, ...] = (
    Rule("fasen", "Fasen van het inkoopproces met termijnen", _phases_hint, _has_phases),
    Rule("bereikbaarheid", "Bereikbaarheid tijdens de inkoop",
         _chapter_hint(ChapterKind.planning, "de planning en de bereikbaarheid"), _has_chapter(ChapterKind.planning)),
    Rule("kwaliteit", "Kwaliteitsbeleid en minimumeisen per contract", _conditions_hint, _has_conditions),
    Rule("procedure", "Beschrijving van de inkoopprocedure",
         _chapter_hint(ChapterKind.procedure, "de inkoopprocedure"), _has_chapter(ChapterKind.procedure)),
    Rule("wijzigingen", "Overzicht van wijzigingen ten opzichte van vorig jaar", _changes_hint, _has_changes),
    Rule("bijcontractering", "Procedure voor nieuwe zorgaanbieders gedurende het jaar", _new_provider_hint, _has_new_provider_route),
)


@dataclass(frozen=True)
class Finding:
    rule: str
    label: str
    ok: bool
    detail: str = ""
    field: str | None = None  # the Policy field the finding is about, where a problem is shown
    hint: str = ""  # what to do, for a finding that is no rule of RULES


# The findings about one field of the policy are named after its YAML key.
_PUBLISHED = Policy.yaml_key("published")
_REVISIONS = Policy.yaml_key("revisions")


def deadline_for(policy: Policy) -> dt.date:
    """Art. 4: publish by 1 April of the year before the contract year."""
    return dt.date(policy.year - 1, 4, 1)


def findings(policy: Policy) -> list[Finding]:
    results = []
    deadline = deadline_for(policy).isoformat()
    if policy.published is None:
        results.append(Finding(_PUBLISHED, "Gepubliceerd vóór 1 april", False, "de bron noemt geen publicatiedatum", "published",
                               f"zet '{_PUBLISHED}: JJJJ-MM-DD' met de dag waarop het beleid verscheen (uiterlijk {deadline})"))
    else:
        on_time = policy.published <= deadline_for(policy)
        results.append(Finding(_PUBLISHED, "Gepubliceerd vóór 1 april", on_time,
                               f"gepubliceerd op {policy.published.isoformat()}, uiterlijk {deadline}",
                               "published", f"controleer '{_PUBLISHED}': de regeling vraagt publicatie uiterlijk {deadline}"))
    for rule in RULES:
        results.append(Finding(rule.id, rule.label, rule.holds(policy)))
    undated = [r.id for r in policy.revisions if r.date is None]
    results.append(Finding(_REVISIONS, "Elke revisie met datum en reden", not undated,
                           f"revisie zonder datum: {', '.join(undated)}" if undated else "", "revisions",
                           f"zet bij elke revisie '{Revision.yaml_key('date')}: JJJJ-MM-DD'; noemt de bron geen datum, "
                           "dan blijft deze melding staan"))
    return results


def transparency_problems(archive: Archive, *, strict: bool = False) -> list[Problem]:
    severity = Severity.error if strict else Severity.warning
    found = []
    for policy in archive.policies:
        if policy.source.kind is SourceKind.secondary:
            continue  # an association's analysis is not Caresq's publication
        source = archive.source_of(policy)
        for finding in findings(policy):
            if finding.ok:
                continue
            rule = next((r for r in RULES if r.id == finding.rule), None)
            hint = rule.hint(policy) if rule else finding.hint
            path = (Policy.yaml_key(finding.field),) if finding.field else ()
            found.append(source.problem(path, f"transparantie: {finding.label.lower()} ontbreekt of klopt niet"
                                        + (f" ({finding.detail})" if finding.detail else ""), hint, severity=severity))
        found.extend(_first_year_problems(archive, policy, severity))
    return found


def _first_year_problems(archive: Archive, policy: Policy, severity: Severity) -> list[Problem]:
    """A first contract year needs no changes; one with an earlier year in the archive is no first year."""
    if not policy.first_year:
        return []
    earlier = [p.year for p in archive.care_types().get(policy.care_type, []) if p.year < policy.year]
    if not earlier:
        return []
    return [archive.source_of(policy).problem(
        (_FIRST_YEAR,), f"'{_FIRST_YEAR}: true', maar er is al beleid voor {policy.name} {max(earlier)}",
        f"haal '{_FIRST_YEAR}' weg en voeg een blok '{_CHANGES}' toe met de wijzigingen ten opzichte van {max(earlier)}",
        severity=severity)]
