"""Reading `policies/` into an `Archive`, turning every mistake in one file into a `Problem`.

The layout of the folder is in `layout`; the Dutch wording of model errors in `messages`.
Rules that span files are not read here but checked by `generator.check`.
"""

from __future__ import annotations

import dataclasses
import gc
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

from pydantic import BaseModel, ValidationError

from ..model.archive import Archive
from ..model.documents import Glossary, Organisation, Policy, SharedSection
from ..model.errors import PolicyError, Problem, Severity
from ..model.source import SourceFile
from .layout import GLOSSARY_FILE, ORGANISATION_FILE, display_path, model_for, scan
from .messages import report, report_implicit_types, without_explained_missing
from .yamlsource import read_yaml


class ParseMemo:
    """The documents of the last `read_archive`, by path and bytes: `mkdocs serve` reads the
    archive after every save, and a file whose bytes did not change gives back the same
    document object (which is how the outputs know it did not change) without parsing again."""

    def __init__(self) -> None:
        self._entries: dict[tuple[Path, str, type], tuple[bytes, BaseModel, SourceFile]] = {}
        self._next: dict[tuple[Path, str, type], tuple[bytes, BaseModel, SourceFile]] = {}
        self._results: dict[int, dict[str, Any]] = {}  # id of a document given out -> results kept with it

    def of(self, obj: BaseModel, name: str, compute: Callable[[], Any]) -> Any:
        """`compute()`, kept with a document this memo gave out for as long as its file does not
        change: the checks of one file on its own need not run again for an unchanged file."""
        results = self._results.get(id(obj))
        if results is None:
            return compute()
        if name not in results:
            results[name] = compute()
        return results[name]

    def parse(self, path: Path, shown: str, model: type[BaseModel]) -> tuple[BaseModel | None, SourceFile]:
        key = (path, shown, model)
        try:
            raw = path.read_bytes()
        except OSError:
            return parse_file(path, shown, model)  # parse_file words the problem
        known = self._entries.get(key)
        if known is not None and known[0] == raw:
            obj, source = known[1], known[2]
        else:
            obj, source = parse_file(path, shown, model)
            if obj is None:
                return obj, source
        self._next[key] = (raw, obj, source)
        # A fresh SourceFile: the checks add their problems to the one they are given. A document
        # comes back only when its file parsed without problems, so there are none to keep.
        return obj, dataclasses.replace(source, problems=[])

    def finish(self) -> None:
        """Forget the files the last read did not see."""
        results = {id(entry[1]): self._results.get(id(entry[1]), {}) for entry in self._next.values()}
        self._entries, self._next, self._results = self._next, {}, results


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for a while, as it was before afterwards.

    Loading makes hundreds of thousands of objects (nodes, dicts, model objects) that all stay alive,
    and no reference cycles; each time the collector ran it walked all of them again, which was about
    three quarters of the time YAML composition took. Reference counting still frees what is dropped.
    Nested, only the outermost pause turns the collector back on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            # What was made meanwhile and lives on (the archive) goes straight to the oldest generation,
            # where a full collection would have put it: otherwise the first young collection walks it all.
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def read_archive(root: Path, *, include_drafts: bool = True, memo: ParseMemo | None = None) -> Archive:
    """Read every file of the data folder into an `Archive`, each document checked against
    its model. Raises `PolicyError` listing every error; cross-file rules are `check`'s.
    With `memo`, a file whose bytes are those of the memo's last read is not parsed again."""
    with collector_paused():
        return _read_archive(Path(root), include_drafts, memo)


def _read_archive(root: Path, include_drafts: bool, memo: ParseMemo | None) -> Archive:
    problems: list[Problem] = []
    if not root.is_dir():
        raise PolicyError([Problem(str(root), 1, 1, "de map met beleidsbestanden bestaat niet",
                                   "geef de map 'policies' op")])
    loaded: dict[Path, tuple[SourceFile, BaseModel]] = {}
    files, unread = scan(root)
    for item in unread:
        problems.append(Problem(display_path(item.path, root), 1, 1, item.message, item.hint,
                                Severity.error if item.error else Severity.warning))
    for path in files:
        relative = path.relative_to(root)
        shown = display_path(path, root)
        if path.suffix == ".yml":
            problems.append(Problem(shown, 1, 1, "beleidsbestanden eindigen op .yaml", f"hernoem naar {path.stem}.yaml"))
            continue
        model = model_for(relative)
        if model is None:
            problems.append(Problem(
                shown, 1, 1, "dit bestand staat op een onbekende plek",
                "beleid hoort in zorgsoorten/<zorgsoort>/<jaar>.yaml, gedeelde teksten in gedeeld/<sectie>/<versie>.yaml",
            ))
            continue
        obj, source = memo.parse(path, shown, model) if memo is not None else parse_file(path, shown, model)
        problems.extend(source.problems)
        if obj is not None:
            loaded[path] = (source, obj)

    if memo is not None:
        memo.finish()
    for name, model in ((ORGANISATION_FILE, Organisation), (GLOSSARY_FILE, Glossary)):
        if not (root / name).is_file() or (root / name).is_symlink():
            problems.append(Problem(display_path(root / name, root), 1, 1, f"{name} ontbreekt",
                                    f"maak {name} aan in de map met beleidsbestanden"))
    if any(p.is_error for p in problems):
        raise PolicyError(problems)

    files: dict[int, SourceFile] = {}
    organisation = glossary = None
    shared: dict[tuple[str, str], SharedSection] = {}
    policies: list[Policy] = []
    for path, (source, obj) in loaded.items():
        if isinstance(obj, Organisation):
            organisation = obj
        elif isinstance(obj, Glossary):
            glossary = obj
        elif isinstance(obj, SharedSection):
            shared[(obj.id, obj.version)] = obj
        elif isinstance(obj, Policy):
            if obj.draft and not include_drafts:
                continue  # not kept, so not in `files` either: a freed object's id() may be reused
            policies.append(obj)
        files[id(obj)] = source
    policies.sort(key=lambda p: (p.care_type, p.year))
    return Archive(root, organisation, glossary, shared, policies, files, sorted(problems))


def parse_file(path: Path, shown: str, model: type[BaseModel]) -> tuple[BaseModel | None, SourceFile]:
    """Read one file and validate it against its model; problems land on the SourceFile."""
    source = read_yaml(path, shown)
    if source.problems:
        return None, source
    if not isinstance(source.data, dict):
        source.problem((), "het bestand moet beginnen met velden (sleutel: waarde)",
                       "schrijf de velden zonder '- ' ervoor, zoals in de andere bestanden in policies/")
        return None, source
    try:
        obj = model.model_validate(source.data)
    except ValidationError as error:
        for item in without_explained_missing(error.errors()):
            report(source, model, item)
        return None, source
    report_implicit_types(source, obj)
    return (None if source.problems else obj), source
