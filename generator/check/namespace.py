"""Ids that meet in one output namespace: a calendar event's UID and file name.

A milestone's event is named `<zorgsoort>-<jaar>-<id>` (its UID and its file under
agenda/mijlpalen/). Ids are unique within a file, but joined with a care type and a
year two milestones of different care types can still come out the same: then two
events would share a file and a UID, and calendars would merge them.
"""

from __future__ import annotations

from ..model.archive import Archive
from ..model.documents import Milestone, Policy, Timeline, blocks_of
from ..model.errors import Problem
from ..model.walk import objects


def event_name(policy: Policy, milestone: Milestone) -> str:
    """The stem of the event's UID and file name (see `generator.outputs.ical.uid`)."""
    return f"{policy.care_type}-{policy.year}-{milestone.id}"


def namespace_problems(archive: Archive) -> list[Problem]:
    if not _shared_names(archive):
        return []  # the usual case, found without walking every policy for the places
    found = []
    first: dict[str, tuple[Policy, tuple]] = {}
    for policy in archive.policies:
        source = archive.source_of(policy)
        for path, part in objects(policy):
            if not isinstance(part, Milestone):
                continue
            name = event_name(policy, part)
            if name not in first:
                first[name] = (policy, path)
                continue
            other, other_path = first[name]
            if other is policy:
                continue  # the same id twice in one file: reported by the id rule
            line, _ = archive.source_of(other).where(other_path)
            found.append(source.problem(
                path + (Milestone.yaml_key("id"),),
                f"de agenda-naam '{name}' van deze mijlpaal is gelijk aan die van een mijlpaal in "
                f"{archive.source_of(other).shown} (regel {line})",
                "kies een andere sleutel (id) voor één van beide: in de agenda zouden de twee stappen één afspraak worden"))
    return found


def _shared_names(archive: Archive) -> bool:
    """Whether two policies have a milestone of the same name (milestones are only in timelines)."""
    owner: dict[str, int] = {}
    for number, policy in enumerate(archive.policies):
        for timeline in blocks_of(policy.chapters, Timeline):
            for milestone in timeline.milestones:
                if owner.setdefault(event_name(policy, milestone), number) != number:
                    return True
    return False
