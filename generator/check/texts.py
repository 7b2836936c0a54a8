"""Every human-readable text in the archive, with where it came from.

Used by the completeness test (every source sentence is in the data) and the
nothing-dropped test (every text in the data reaches the built site).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ..model.archive import Archive
from ..model.documents import Glossary, Organisation, Policy, SharedSection
from ..model.fields import TEXT_KINDS, kind_of, model_types
from ..model.source import SourceFile
from ..model.walk import field_keys

_DOCUMENTS = (Organisation, Glossary, SharedSection, Policy)
# Keys of fields that hold keys, references, enums, numbers or dates rather than reader-facing text.
_NON_TEXT = frozenset().union(*(
    field_keys(document, lambda info: not model_types(info.annotation) and kind_of(info) not in TEXT_KINDS)
    for document in _DOCUMENTS
))
_ITEM_LISTS = frozenset().union(*(field_keys(document, lambda info: bool(model_types(info.annotation)))
                                  for document in _DOCUMENTS))
# A key such as `zorgvormen` is a list of references on a milestone (`zorgvormen: [wijkverpleging]`) but a
# list of named items at the top of a policy (`zorgvormen: [{id: ..., naam: ...}]`): only the names are text.
REFERENCE_LISTS = _NON_TEXT & _ITEM_LISTS
NON_TEXT_FIELDS = _NON_TEXT - REFERENCE_LISTS


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
        yield from file_texts(archive, source)


def file_texts(archive: Archive, source: SourceFile) -> Iterator[TextValue]:
    """The texts of one file of the archive."""
    shown = source.path.relative_to(archive.root.parent).as_posix()
    return _texts(source.data, (), shown)


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
