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
from ..model.documents import ChangeList, ChapterKind, ConditionGroup, Policy, SourceKind, Timeline, blocks_of, walk_chapters
from ..model.errors import Problem, Severity


@dataclass(frozen=True)
class Rule:
    id: str
    label: str  # Dutch, shown on the site
    hint: str
    holds: Callable[[Policy], bool]


def _has_chapter(kind: ChapterKind) -> Callable[[Policy], bool]:
    return lambda policy: any(chapter.kind is kind for chapter in walk_chapters(policy.chapters))


def _has_phases(policy: Policy) -> bool:
    return any(len(timeline.milestones) >= 2 for timeline in blocks_of(policy.chapters, Timeline))


def _has_conditions(policy: Policy) -> bool:
    return any(True for _ in blocks_of(policy.chapters, ConditionGroup))


def _has_changes(policy: Policy) -> bool:
    return any(True for _ in blocks_of(policy.chapters, ChangeList))


def _has_new_provider_route(policy: Policy) -> bool:
    return any(route.id.startswith(("nieuwe", "bijcontractering")) for route in policy.routes)


RULES: tuple[Rule, ...] = (
    Rule("fasen", "Fasen van het inkoopproces met termijnen", "voeg een tijdlijn met de stappen en termijnen toe", _has_phases),
    Rule("bereikbaarheid", "Bereikbaarheid tijdens de inkoop", "voeg een hoofdstuk met soort 'planning' toe", _has_chapter(ChapterKind.planning)),
    Rule("kwaliteit", "Kwaliteitsbeleid en minimumeisen per contract", "voeg voorwaardengroepen toe", _has_conditions),
    Rule("procedure", "Beschrijving van de inkoopprocedure", "voeg een hoofdstuk met soort 'procedure' toe", _has_chapter(ChapterKind.procedure)),
    Rule("wijzigingen", "Overzicht van wijzigingen ten opzichte van vorig jaar", "voeg een blok 'wijzigingen' toe", _has_changes),
    Rule("bijcontractering", "Procedure voor nieuwe zorgaanbieders gedurende het jaar",
         "voeg een route 'nieuwe-zorgaanbieders' met de procedure toe", _has_new_provider_route),
)


@dataclass(frozen=True)
class Finding:
    rule: str
    label: str
    ok: bool
    detail: str = ""
    field: str | None = None  # the Policy field the finding is about, where a problem is shown


# The findings about one field of the policy are named after its YAML key.
_PUBLISHED = Policy.yaml_key("published")
_REVISIONS = Policy.yaml_key("revisions")


def deadline_for(policy: Policy) -> dt.date:
    """Art. 4: publish by 1 April of the year before the contract year."""
    return dt.date(policy.year - 1, 4, 1)


def findings(policy: Policy) -> list[Finding]:
    results = []
    if policy.published is None:
        results.append(Finding(_PUBLISHED, "Gepubliceerd vóór 1 april", False, "de bron noemt geen publicatiedatum", "published"))
    else:
        on_time = policy.published <= deadline_for(policy)
        results.append(Finding(_PUBLISHED, "Gepubliceerd vóór 1 april", on_time,
                               f"gepubliceerd op {policy.published.isoformat()}, uiterlijk {deadline_for(policy).isoformat()}",
                               "published"))
    for rule in RULES:
        results.append(Finding(rule.id, rule.label, rule.holds(policy)))
    undated = [r.id for r in policy.revisions if r.date is None]
    results.append(Finding(_REVISIONS, "Elke revisie met datum en reden", not undated,
                           f"revisie zonder datum: {', '.join(undated)}" if undated else "", "revisions"))
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
            hint = rule.hint if rule else finding.detail
            path = (Policy.yaml_key(finding.field),) if finding.field else ()
            found.append(source.problem(path, f"transparantie: {finding.label.lower()} ontbreekt of klopt niet"
                                        + (f" ({finding.detail})" if finding.detail else ""), hint, severity=severity))
    return found
