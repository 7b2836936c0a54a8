"""Walking a validated document, or the model's classes, with the YAML path of everything.

A path is the one `SourceFile.where` takes: YAML keys and list indexes from the
document's root, e.g. ('hoofdstukken', 0, 'inhoud', 2, 'tijdlijn'). Paths are
built from the field aliases, so a problem found on a model object lands on
the line and column where its value was written.

The walk follows the order in which the model declares its fields, not the
order of the keys in the file: sort by position where that order matters.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Callable, Iterable, Iterator, NamedTuple

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .fields import model_types

from .source import PathKey


class Value(NamedTuple):
    """One value that is not a model object: a text, key, date, number or choice (list items one by one)."""

    path: PathKey
    key: str  # the YAML key of its field
    field: FieldInfo
    value: Any
    owner: BaseModel  # the model object whose field holds it


@cache
def _declared(model: type[BaseModel]) -> tuple[tuple[str, str, FieldInfo], ...]:
    """(name, YAML key, field) of each field of `model`, in declaration order."""
    return tuple((name, info.alias or name, info) for name, info in model.model_fields.items())


def _fields(obj: BaseModel) -> Iterator[tuple[str, FieldInfo, Any]]:
    for name, key, info in _declared(type(obj)):
        value = getattr(obj, name)
        if value is not None:
            yield key, info, value


# The walks collect into a list: a generator per level would pass each object up through every level above it.

def objects(root: BaseModel, path: PathKey = ()) -> Iterator[tuple[PathKey, BaseModel]]:
    """(path, object) for `root` and every model object inside it, parents before children."""
    found: list[tuple[PathKey, BaseModel]] = []
    _collect_objects(root, path, found)
    return iter(found)


def _collect_objects(obj: BaseModel, path: PathKey, found: list[tuple[PathKey, BaseModel]]) -> None:
    found.append((path, obj))
    for key, _, value in _fields(obj):
        if isinstance(value, (BaseModel, list)):
            _collect_objects_in(value, path + (key,), found)


def _collect_objects_in(value: Any, path: PathKey, found: list[tuple[PathKey, BaseModel]]) -> None:
    if isinstance(value, BaseModel):
        _collect_objects(value, path, found)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, (BaseModel, list)):
                _collect_objects_in(item, path + (index,), found)


def values(root: BaseModel, path: PathKey = ()) -> Iterator[Value]:
    """Every value of `root` and of the objects inside it that is not itself a model object."""
    return values_of(objects(root, path))


def values_of(placed: Iterable[tuple[PathKey, BaseModel]]) -> Iterator[Value]:
    """The values of the objects of a walk (`objects`), each object's own fields only."""
    found: list[Value] = []
    for object_path, obj in placed:
        for key, info, value in _fields(obj):
            _collect_values(value, object_path + (key,), key, info, obj, found)
    return iter(found)


def _collect_values(value: Any, path: PathKey, key: str, info: FieldInfo, owner: BaseModel, found: list[Value]) -> None:
    if isinstance(value, BaseModel):
        return  # walked by `objects`
    if isinstance(value, list):
        for index, item in enumerate(value):
            _collect_values(item, path + (index,), key, info, owner, found)
    else:
        found.append(Value(path, key, info, value, owner))


def classes(root: type[BaseModel]) -> Iterator[type[BaseModel]]:
    """`root` and every model class its fields can hold, each once."""
    seen: list[type[BaseModel]] = []
    todo = [root]
    while todo:
        model = todo.pop(0)
        if model in seen:
            continue
        seen.append(model)
        yield model
        for info in model.model_fields.values():
            todo.extend(model_types(info.annotation))


def field_keys(root: type[BaseModel], wanted: Callable[[FieldInfo], bool]) -> frozenset[str]:
    """The YAML keys of every field, in `root` or any class inside it, for which `wanted` holds."""
    return frozenset(info.alias or name for model in classes(root)
                     for name, info in model.model_fields.items() if wanted(info))


def home_key(root: type[BaseModel], target: type[BaseModel]) -> str:
    """The YAML key of the field that holds objects of class `target` (e.g. Route -> 'routes')."""
    return next(info.alias or name for model in classes(root)
                for name, info in model.model_fields.items() if target in model_types(info.annotation))
