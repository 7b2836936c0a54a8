"""What a published policy may not lose: the history of its milestones (NZa art. 7).

Providers subscribe to the calendar feeds, so a milestone of a published policy
that moves or disappears must say so: the old date goes under `eerder` (which
raises the feed's SEQUENCE) and a removed step stays, with `vervallen` filled.
`history_problems` compares the policies of a reference version (in CI the base
of the pull request) with the working files, by care type, year and milestone
id, and returns a problem on the line that needs the fix.

Drafts and policies that did not exist in the reference were never published,
so they may change freely. Reading the reference is the caller's business.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..load.layout import display_path
from ..model.archive import Archive
from ..model.documents import Cancellation, Milestone, Policy, PreviousDate, Revision, Timeline
from ..model.errors import Problem
from ..model.source import PathKey, SourceFile
from ..model.walk import objects

_DATE = Milestone.yaml_key("date")
_WINDOW = Milestone.yaml_key("window")
_WHEN = Milestone.yaml_key("when")
_PREVIOUS = Milestone.yaml_key("previous")
_CANCELLED = Milestone.yaml_key("cancelled")
_MILESTONES = Timeline.yaml_key("milestones")
_REVISIONS = Policy.yaml_key("revisions")
_STATUS = Policy.yaml_key("status")
_PREVIOUS_WHEN = PreviousDate.yaml_key("when")
_PREVIOUS_REVISION = PreviousDate.yaml_key("revision")
_CANCELLED_DATE = Cancellation.yaml_key("date")
_CANCELLED_REASON = Cancellation.yaml_key("reason")
_REVISION_DATE = Revision.yaml_key("date")
_REVISION_ID = Revision.yaml_key("id")


@dataclass(frozen=True)
class Placed:
    """A model object and its YAML path in its document."""

    path: PathKey
    obj: object


def published_policies(archive: Archive) -> dict[tuple[str, int], Policy]:
    """The policies that were published, by (care type, year)."""
    return {(p.care_type, p.year): p for p in archive.policies if not p.draft}


def placed_milestones(policy: Policy) -> dict[str, Placed]:
    """Every milestone of a policy by id, with its path."""
    return {m.id: Placed(path, m) for path, m in objects(policy) if isinstance(m, Milestone)}


def _timelines(policy: Policy) -> dict[str, Placed]:
    return {t.id: Placed(path, t) for path, t in objects(policy) if isinstance(t, Timeline)}


def _timeline_of(policy: Policy, milestone_id: str) -> str | None:
    return next((t.id for _, t in objects(policy) if isinstance(t, Timeline)
                 and any(m.id == milestone_id for m in t.milestones)), None)


def _date_of(milestone: Milestone) -> tuple:
    return milestone.date, milestone.window


def _shown_date(milestone: Milestone) -> str:
    if milestone.date is not None:
        return f"{_DATE}: {milestone.date.isoformat()}"
    return f"{_WINDOW}: {milestone.window.start.isoformat()} tot {milestone.window.end.isoformat()}"


def history_problems(before: Archive, after: Archive) -> list[Problem]:
    """Every change of a published milestone's history that the working files do not record."""
    found: list[Problem] = []
    now = published_policies(after)
    for key, old in published_policies(before).items():
        new = now.get(key)
        if new is None:
            draft = next((p for p in after.policies if (p.care_type, p.year) == key), None)
            if draft is None:
                found.append(_policy_removed(before, after, old))
            else:
                found.append(after.source_of(draft).problem(
                    (_STATUS,), f"het gepubliceerde beleid {old.name} {old.year} is teruggezet naar '{draft.status.value}'",
                    f"een concept verdwijnt van de site en uit de agenda's; zet '{_STATUS}: {old.status.value}' terug "
                    "en leg wijzigingen vast met een revisie"))
            continue
        found += _policy_history(old, new, after.source_of(new))
    return found


def _policy_removed(before: Archive, after: Archive, old: Policy) -> Problem:
    relative = before.source_of(old).path.relative_to(before.root)
    shown = display_path(after.root / relative, after.root)
    return Problem(shown, 1, 1, f"het gepubliceerde beleid {old.name} {old.year} is verwijderd",
                   "zet het bestand terug; een gepubliceerd beleid blijft staan, met een revisie die zegt wat er verandert")


def _policy_history(old: Policy, new: Policy, source: SourceFile) -> list[Problem]:
    found: list[Problem] = []
    old_revisions = {r.id for r in old.revisions}
    undated: dict[str, PathKey] = {}
    for index, revision in enumerate(new.revisions):
        if revision.id not in old_revisions and revision.date is None:
            undated[revision.id] = (_REVISIONS, index, _REVISION_ID)
    revisions = {r.id: r for r in new.revisions}
    before, after = placed_milestones(old), placed_milestones(new)
    timelines = _timelines(new)
    for milestone_id, was in before.items():
        if milestone_id not in after:
            found.append(_milestone_removed(was.obj, _timeline_of(old, milestone_id), timelines, source))
            continue
        placed = after[milestone_id]
        found += _milestone_history(was.obj, placed.obj, placed.path, source)
        for entry in placed.obj.previous[len(was.obj.previous):]:
            revision = revisions.get(entry.revision) if entry.revision else None
            if revision is not None and revision.date is None:
                undated.setdefault(revision.id, (_REVISIONS, new.revisions.index(revision), _REVISION_ID))
    for revision_id, path in undated.items():
        found.append(source.problem(path, f"de revisie '{revision_id}' heeft geen datum",
                                    f"vul '{_REVISION_DATE}' in met de dag waarop de wijziging is gepubliceerd "
                                    "(JJJJ-MM-DD); de NZa vraagt bij elke wijziging na publicatie een datum en een reden"))
    return found


def _milestone_removed(milestone: Milestone, timeline_id: str | None, timelines: dict[str, Placed],
                       source: SourceFile) -> Problem:
    place = timelines.get(timeline_id) if timeline_id else None
    path = place.path + (_MILESTONES,) if place else ()
    return source.problem(
        path, f"de gepubliceerde mijlpaal '{milestone.id}' ({milestone.step}) is verwijderd",
        f"zet de mijlpaal terug en vul '{_CANCELLED}' in met '{_CANCELLED_DATE}' en '{_CANCELLED_REASON}': "
        "zo zien zorgaanbieders in hun agenda dat de stap vervalt, en waarom", key=bool(place))


def _milestone_history(old: Milestone, new: Milestone, path: PathKey, source: SourceFile) -> list[Problem]:
    found: list[Problem] = []
    kept = new.previous[:len(old.previous)]
    if len(new.previous) < len(old.previous) or kept != old.previous:
        changed = next((i for i, (a, b) in enumerate(zip(old.previous, kept)) if a != b), len(kept))
        found.append(source.problem(
            path + (_PREVIOUS, changed) if changed < len(new.previous) else path + (_PREVIOUS,),
            f"een eerdere datum van '{new.step}' onder '{_PREVIOUS}' is gewijzigd of weggehaald",
            f"laat de bestaande regels onder '{_PREVIOUS}' staan zoals ze waren; zet een nieuwe eerdere datum onderaan",
            key=changed >= len(new.previous)))
    if old.cancelled is not None and new.cancelled is None:
        found.append(source.problem(
            path, f"bij de mijlpaal '{new.id}' is '{_CANCELLED}' weggehaald",
            f"een vervallen stap blijft vervallen; maak voor een nieuwe stap een nieuwe mijlpaal met een eigen '{type(new).yaml_key('id')}'"))
    if _date_of(old) == _date_of(new) or old.sort_date is None:
        return found
    where = path + ((_DATE,) if new.date is not None else (_WINDOW,) if new.window is not None else ())
    added = new.previous[len(old.previous):]
    holding = [(len(old.previous) + i, e) for i, e in enumerate(added) if (e.date, e.window) == _date_of(old)]
    if not holding:
        found.append(source.problem(
            where, f"de datum van '{new.step}' is veranderd, maar de oude datum staat niet onder '{_PREVIOUS}'",
            f"zet onderaan de lijst '{_PREVIOUS}' van deze mijlpaal een regel met de oude datum "
            f"('{_shown_date(old)}', '{_PREVIOUS_WHEN}: {old.when}') en '{_PREVIOUS_REVISION}' met de sleutel van de revisie "
            "die de wijziging uitlegt; dan werken de agenda's van zorgaanbieders de afspraak bij"))
        return found
    index, entry = holding[-1]
    if entry.when != old.when:
        found.append(source.problem(
            path + (_PREVIOUS, index, _PREVIOUS_WHEN) if entry.when else path + (_PREVIOUS, index),
            f"de eerdere datum van '{new.step}' mist de oude formulering",
            f"zet '{_PREVIOUS_WHEN}: {old.when}' bij deze regel onder '{_PREVIOUS}', zoals het beleid de datum eerst schreef"))
    return found

