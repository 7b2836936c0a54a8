"""Every human-readable text in the archive, with where it came from.

Used by the completeness test (every source sentence is in the data) and the
nothing-dropped test (every text in the data reaches the built site).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ..model.archive import Archive

# Fields that hold keys, references, enums or dates rather than reader-facing text.
NON_TEXT_FIELDS = frozenset({
    "$schema", "id", "soort", "zorgsoort", "onderwerp", "versie", "sectie", "na", "doelgroep", "routes",
    "zorgvorm", "variant", "vereist", "betreft", "revisie", "sluiten_elkaar_uit", "status", "datum", "van",
    "tot", "gewijzigd_op", "sinds", "publicatiedatum", "jaar", "min_factoren", "max_factoren", "betekenis",
})
# Keys whose value is a list of references on a milestone (`zorgvormen: [wijkverpleging]`) but a list
# of named items at the top of a policy (`zorgvormen: [{id: ..., naam: ...}]`): only the names are text.
REFERENCE_LISTS = frozenset({"zorgvormen"})


def is_reference_list(key: str, value) -> bool:
    return key in REFERENCE_LISTS and isinstance(value, list) and all(isinstance(v, str) for v in value)


@dataclass(frozen=True)
class TextValue:
    file: str  # path relative to the archive root's parent, e.g. policies/organisatie.yaml
    path: tuple
    field: str
    text: str


def archive_texts(archive: Archive) -> Iterator[TextValue]:
    for source in archive.files.values():
        shown = source.path.relative_to(archive.root.parent).as_posix()
        yield from _texts(source.data, (), shown)


def _texts(data, path: tuple, shown: str) -> Iterator[TextValue]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in NON_TEXT_FIELDS and not is_reference_list(key, value):
                yield from _texts(value, path + (key,), shown)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _texts(value, path + (index,), shown)
    elif isinstance(data, str):
        field = next((p for p in reversed(path) if isinstance(p, str)), "")
        yield TextValue(shown, path, field, data)
