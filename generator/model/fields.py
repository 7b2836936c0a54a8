"""What a field of the model holds, declared once on the field itself.

A field's type says most of it (a date, a number, a choice from an enum); the
markers below say the rest, as `Annotated` metadata that pydantic keeps but
does not validate, so the JSON schemas do not change:

    Id = Annotated[str, ..., Role.key]                 a key, not reader-facing text
    Annotated[Id, Refers("Route")]                     the id of a route in the same document
    Annotated[Line, Role.url]                          a web address
    Annotated[Line, Role.inline_markdown]              one line, rendered as inline Markdown

`kind_of` turns type and markers into one `Kind`; `yaml_key` gives a field's
Dutch YAML key. Code outside the model asks these instead of naming keys.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo


class Role(Enum):
    """A marker for what a field means, beyond its Python type."""

    key = "key"  # a key such as an id or a version: names a part, is not read by people
    schema = "schema"  # the `$schema` pointer for editors
    url = "url"  # a web address, used as a link target as a whole
    email = "email"  # an e-mail address
    date_wording = "date_wording"  # the policy's own words for a date, e.g. 'half mei 2025'
    inline_markdown = "inline_markdown"  # one line, rendered as inline Markdown (a table cell)
    history = "history"  # what happened to this document, or holds for this year only; a copy for a new year leaves it out
    numbering = "numbering"  # a section number as the source prints it ('2.2'): a number, not free text


@dataclass(frozen=True)
class Refers:
    """Marker: the value is the id of another part of the same document.

    `target` is the name of the model class referred to; None means any id of the document."""

    target: str | None = None


class Kind(Enum):
    text = "text"
    url = "url"
    email = "email"
    key = "key"
    reference = "reference"
    schema = "schema"
    date = "date"
    number = "number"
    choice = "choice"


# Kinds whose values people read on the site (and which may hold links or markup).
TEXT_KINDS = frozenset({Kind.text, Kind.url, Kind.email})


def markers(info: FieldInfo) -> list[Any]:
    """Every marker of a field: on the field itself and on the types inside it (list items, optionals)."""
    found = list(info.metadata)
    todo = [info.annotation]
    while todo:  # depth first, in the order the annotation names them
        annotation = todo.pop()
        if get_origin(annotation) is Annotated:
            found.extend(annotation.__metadata__)
        todo.extend(reversed(get_args(annotation)))
    return found


def leaf_types(annotation: Any) -> list[Any]:
    """The plain types inside an annotation: `list[Id] | None` -> [str, NoneType]."""
    args = get_args(annotation)
    if get_origin(annotation) is Annotated:
        return leaf_types(args[0])
    if not args:
        return [annotation]
    return [leaf for arg in args for leaf in leaf_types(arg)]


def model_types(annotation: Any) -> list[type[BaseModel]]:
    """The model classes inside an annotation: `list[Chapter]` -> [Chapter]."""
    return [t for t in leaf_types(annotation) if isinstance(t, type) and issubclass(t, BaseModel)]


@cache  # a field is hashed by identity; its markers never change, and the checks ask for every value
def kind_of(info: FieldInfo) -> Kind:
    found = markers(info)
    if any(isinstance(m, Refers) for m in found):
        return Kind.reference
    for role, kind in ((Role.url, Kind.url), (Role.email, Kind.email), (Role.schema, Kind.schema), (Role.key, Kind.key),
                       (Role.numbering, Kind.number)):
        if role in found:
            return kind
    leaves = [t for t in leaf_types(info.annotation) if t is not type(None)]
    if any(isinstance(t, type) and issubclass(t, dt.date) for t in leaves):
        return Kind.date
    if any(t is bool or (isinstance(t, type) and issubclass(t, Enum)) for t in leaves):
        return Kind.choice  # a yes/no flag is a choice too
    if any(t is int for t in leaves):
        return Kind.number
    return Kind.text


@cache
def refers_to(info: FieldInfo) -> Refers | None:
    return next((m for m in markers(info) if isinstance(m, Refers)), None)


def has_role(info: FieldInfo, role: Role) -> bool:
    return role in markers(info)


@cache
def yaml_key(model: type[BaseModel], name: str) -> str:
    """The YAML key of the field `name` (its Python name) of `model`."""
    info = model.model_fields[name]
    return info.alias or name
