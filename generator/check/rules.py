"""Rules that span a whole file or the whole archive: ids, references, order, safe text.

The model checks the shape of one value; this module checks what only makes
sense together: an id used twice, a route that does not exist, a signing
deadline before the contract offer, HTML or a `javascript:` link in a text.
"""

from __future__ import annotations

import datetime as dt
import difflib
import html
import re
from collections import defaultdict
from functools import cache
from typing import Any, Iterable, NamedTuple

from pydantic import BaseModel

from ..load import ParseMemo
from ..model.archive import Archive
from ..model.documents import Milestone, MilestoneKind, Policy, SharedRef, SharedSection, Timeline
from ..model.errors import Problem
from ..model.fields import Kind, kind_of, refers_to
from ..model.source import PathKey, SourceFile
from ..model.values import shown
from ..model.walk import Value, classes, home_key, objects, values_of
from .limits import text_limits
from .transparency import transparency_problems

_ALLOWED_SCHEMES = ("http", "https", "mailto")
_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?][^>]*>?")
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>")
# A link target may hold one level of balanced brackets: [x](javascript:alert(1)).
_MD_LINK = re.compile(r"\]\(\s*<?((?:[^()\s>]|\([^()\s>]*\))*)")
# A reference definition, also inside a blockquote or a list item, its target maybe on the next line.
_MD_REFDEF = re.compile(r"^(?:[ \t]*(?:>|[-*+](?=[ \t])|[0-9]{1,9}[.)](?=[ \t])))*[ \t]*\[[^\]\n]+\]:[ \t]*(?:\n[ \t>]*)?<?([^\s>]+)", re.M)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_DANGEROUS = re.compile(r"\b(javascript|vbscript)\s*:|\bdata:[a-z]+/[a-z0-9.+-]+[;,]", re.I)
_EMAIL = re.compile(r"^[a-z0-9._%+'-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$", re.I)
# A web address as a whole field: nothing that could end an attribute, a tag or a calendar line.
_URL_SAFE = r"\s<>\"'`{}|\\^"  # never in an address
_URL = re.compile(rf"^(?:https?://[^{_URL_SAFE}/?#@]+(?:[/?#][^{_URL_SAFE}]*)?|mailto:[^{_URL_SAFE}@]+@[^{_URL_SAFE}@]+)$", re.I)

# The parts of a policy that a reference can name, by class name (see `Refers` in the model).
_POLICY_PARTS = {model.__name__: model for model in classes(Policy)}


class Document(NamedTuple):
    """One validated file: its model object, the source that says where each value stands, and the
    walk of its objects and values (made once: every rule below reads it)."""

    obj: BaseModel
    source: SourceFile
    placed: list[tuple[PathKey, BaseModel]]  # `objects(obj)`: the object and every model object inside it
    values: list[Value]  # `values(obj)`

    @classmethod
    def of(cls, archive: Archive, obj: BaseModel) -> "Document":
        placed = list(objects(obj))
        return cls(obj, archive.source_of(obj), placed, list(values_of(placed)))


def _in_file_order(source: SourceFile, found: Iterable[tuple[PathKey, Any]]) -> list[tuple[PathKey, Any]]:
    """The walk follows the model's field order; messages that say 'first' follow the file."""
    return sorted(found, key=lambda item: source.where(item[0]))


def validate_archive(archive: Archive, *, strict: bool = False, memo: ParseMemo | None = None) -> list[Problem]:
    """`memo`: the one the archive was read with, which keeps each unchanged file's text check."""
    problems: list[Problem] = []
    for obj in (archive.organisation, archive.glossary):
        problems += _text_problems(archive, obj, memo)
    shared = {key: Document.of(archive, section) for key, section in archive.shared.items()}
    for (section, version), document in shared.items():
        problems += memo.of(document.obj, "text", lambda: _check_text(document)) if memo else _check_text(document)
        source = document.source
        id_key, version_key = SharedSection.yaml_key("id"), SharedSection.yaml_key("version")
        if source.path.parent.name != section:
            problems.append(source.problem((id_key,), f"de sleutel '{section}' verschilt van de mapnaam '{source.path.parent.name}'",
                                           f"zet '{id_key}: {source.path.parent.name}' of verplaats het bestand"))
        if source.path.stem != version:
            problems.append(source.problem((version_key,), f"de versie '{version}' verschilt van de bestandsnaam '{source.path.name}'",
                                           f"zet '{version_key}: \"{source.path.stem}\"' of hernoem het bestand"))
        problems += _check_ids(document, skip_root=True)
        problems += _check_shared_refs(archive, document)
    problems += _check_shared_cycles(shared)
    shared_keys = tuple(sorted(archive.shared))  # all that `_check_policy` reads of the other files
    for policy in archive.policies:
        problems += memo.of(policy, ("policy", shared_keys), lambda: _policy_problems(archive, policy)) if memo \
            else _policy_problems(archive, policy)
    problems += transparency_problems(archive, strict=strict)
    return problems


def _text_problems(archive: Archive, obj, memo: ParseMemo | None) -> list[Problem]:
    """The text check of one file on its own; with `memo`, done again only when the file changed."""
    if memo is None:
        return _check_text(Document.of(archive, obj))
    return memo.of(obj, "text", lambda: _check_text(Document.of(archive, obj)))


def _policy_problems(archive: Archive, policy: Policy) -> list[Problem]:
    """A policy's own rules, its text check included: one walk of the policy, let go afterwards."""
    document = Document.of(archive, policy)
    return _check_text(document) + _check_policy(archive, policy, document)


def _check_policy(archive: Archive, policy: Policy, document: Document) -> list[Problem]:
    found: list[Problem] = []
    source = document.source
    care_type_key, year_key = Policy.yaml_key("care_type"), Policy.yaml_key("year")
    if source.path.parent.name != policy.care_type:
        found.append(source.problem((care_type_key,), f"de zorgsoort '{policy.care_type}' verschilt van de mapnaam '{source.path.parent.name}'",
                                    f"zet '{care_type_key}: {source.path.parent.name}' of verplaats het bestand"))
    if source.path.stem != str(policy.year):
        found.append(source.problem((year_key,), f"het jaar {policy.year} verschilt van de bestandsnaam '{source.path.name}'",
                                    f"zet '{year_key}: {source.path.stem}' of hernoem het bestand naar {policy.year}.yaml"))
    found += _check_ids(document)
    ids: dict[str, set[str]] = defaultdict(set)  # class name -> ids of its objects
    for _, obj in _with_ids(document.placed):
        ids[type(obj).__name__].add(obj.id)
    all_ids = {i for group in ids.values() for i in group}
    for value in document.values:
        ref = refers_to(value.field)
        if ref is None:
            continue
        if ref.target is None:
            if value.value not in all_ids:
                found.append(source.problem(value.path, f"'{value.key}' verwijst naar '{value.value}', maar die sleutel bestaat niet in dit beleid",
                                            _suggest(value.value, all_ids)))
            continue
        target = _POLICY_PARTS[ref.target]
        if value.value not in ids[ref.target]:
            found.append(source.problem(value.path, f"'{value.key}' verwijst naar '{value.value}', maar er is geen {target.label} met die sleutel",
                                        _suggest(value.value, ids[ref.target], f"voeg hem toe aan '{home_key(Policy, target)}'")))
    found += _check_shared_refs(archive, document)
    found += _check_timelines(document)
    return found


def _shared_refs(document: Document) -> list[tuple[PathKey, SharedRef]]:
    """The document's shared sections, in walk order (each is checked on its own, so order does not matter)."""
    return [(path, ref) for path, ref in document.placed if isinstance(ref, SharedRef)]


def _check_shared_refs(archive: Archive, document: Document) -> list[Problem]:
    found = []
    source = document.source
    for path, ref in _shared_refs(document):
        if (ref.section, ref.version) not in archive.shared:
            versions = sorted(v for (s, v) in archive.shared if s == ref.section)
            hint = (f"beschikbare versies: {', '.join(versions)}" if versions
                    else "maak policies/gedeeld/<sectie>/<versie>.yaml aan of controleer de spelling")
            found.append(source.problem(path, f"de gedeelde sectie '{ref.section}' versie '{ref.version}' bestaat niet", hint))
    return found


def _check_shared_cycles(shared: dict[tuple[str, str], Document]) -> list[Problem]:
    """A shared section that (indirectly) includes itself would never finish rendering."""
    # In file order: the first cycle found, and so the one reported, follows the files.
    edges = {key: [(r.section, r.version) for _, r in _in_file_order(document.source, _shared_refs(document))]
             for key, document in shared.items()}
    found = []
    for start in sorted(edges):
        stack, seen = [(start, (start,))], set()
        while stack:
            node, trail = stack.pop()
            for nxt in edges.get(node, []):
                if nxt == start:
                    source = shared[start].source
                    chain = " → ".join(f"{s}@{v}" for s, v in trail + (start,))
                    found.append(source.problem((), f"gedeelde secties verwijzen in een kring naar elkaar: {chain}",
                                                "verwijder één van de verwijzingen"))
                    stack.clear()
                    break
                if nxt in edges and nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, trail + (nxt,)))
    return found


def _suggest(value: str, options: set[str], fallback: str = "controleer de spelling") -> str:
    guess = difflib.get_close_matches(value, sorted(options), n=1, cutoff=0.6)
    return f"bedoelde u '{guess[0]}'?" if guess else fallback


@cache
def _has_id(model: type[BaseModel]) -> bool:
    return "id" in model.model_fields


def _with_ids(placed: Iterable[tuple[PathKey, BaseModel]]) -> list[tuple[PathKey, BaseModel]]:
    """Every object of a walk that has an id."""
    return [(path, o) for path, o in placed if _has_id(type(o))]


def _check_ids(document: Document, *, skip_root: bool = False) -> list[Problem]:
    with_ids = [(path, part) for path, part in _with_ids(document.placed) if not (skip_root and path == ())]
    if len({part.id for _, part in with_ids}) == len(with_ids):
        return []  # no id twice; which one comes first in the file only matters when one does
    found = []
    source = document.source
    first: dict[str, PathKey] = {}
    for path, part in _in_file_order(source, with_ids):
        id_path = path + (type(part).yaml_key("id"),)
        if part.id in first:
            line, _ = source.where(first[part.id])
            found.append(source.problem(id_path, f"de sleutel '{part.id}' komt twee keer voor in dit bestand (eerst op regel {line})",
                                        "geef elk onderdeel een eigen sleutel, bijvoorbeeld door er een woord aan toe te voegen"))
        else:
            first[part.id] = id_path
    return found


def _check_timelines(document: Document) -> list[Problem]:
    """Within one timeline, per route, dated steps may not go back in time."""
    found = []
    policy, source = document.obj, document.source
    route_ids = [route.id for route in policy.routes] or [None]
    milestones_key = Timeline.yaml_key("milestones")
    for path, timeline in document.placed:
        if not isinstance(timeline, Timeline):
            continue
        milestones = timeline.milestones
        here = path + (milestones_key,)
        seen_ids: list[str] = []
        for index, item in enumerate(milestones):
            if item.relative is not None:
                target = item.relative.after
                if target in {m.id for m in milestones} and target not in seen_ids:
                    found.append(source.problem(here + (index, Milestone.yaml_key("relative"), type(item.relative).yaml_key("after")),
                                                f"'{item.step}' volgt op '{target}', maar die stap staat er pas na",
                                                "zet de stap waarop deze termijn volgt eerder in de lijst"))
            seen_ids.append(item.id)
        flagged = _signed_before_offer(milestones, here, source, found)
        for route in route_ids:
            latest: tuple[dt.date, Milestone] | None = None
            for index, item in enumerate(milestones):
                if item.cancelled is not None or index in flagged:
                    continue
                if route is not None and item.audience and route not in item.audience:
                    continue
                when = item.sort_date
                if when is None:
                    continue
                if latest and when < latest[0]:
                    route_text = f" voor route '{route}'" if route else ""
                    found.append(source.problem(
                        here + (index,),
                        f"'{item.step}' ({item.when}) ligt vóór '{latest[1].step}' "
                        f"({latest[1].when}), die eerder in de tijdlijn staat{route_text}",
                        "zet de stappen in de volgorde waarin ze plaatsvinden, of controleer de datum",
                    ))
                if not latest or when >= latest[0]:
                    latest = (when, item)
    # One report per milestone is enough, even if several routes see it.
    unique, seen = [], set()
    for problem in found:
        if (problem.line, problem.message) not in seen:
            seen.add((problem.line, problem.message))
            unique.append(problem)
    source.problems[:] = [p for p in source.problems if p not in found or p in unique]
    return unique


def _signed_before_offer(milestones: list[Milestone], path: PathKey, source: SourceFile, found: list[Problem]) -> set[int]:
    """A contract cannot be signed before it is offered, whatever order the list has. Returns flagged indexes."""
    live = [(i, m) for i, m in enumerate(milestones) if m.cancelled is None]
    offers = [m for _, m in live if m.kind is MilestoneKind.offer and m.sort_date]
    flagged = set()
    for index, item in live:
        signed = item.date or (item.window.end if item.window else None)
        if item.kind is not MilestoneKind.signing or signed is None:
            continue
        for offer in offers:
            audiences = set(item.audience), set(offer.audience)
            if all(audiences) and not audiences[0] & audiences[1]:
                continue  # different routes: one may sign while the other is still waiting
            if signed < offer.sort_date:
                field = Milestone.yaml_key("date" if item.date else "window")
                found.append(source.problem(
                    path + (index, field),
                    f"'{item.step}' ({item.when}) ligt vóór het contractaanbod "
                    f"'{offer.step}' ({offer.when})",
                    "ondertekenen kan pas na het aanbod: controleer de datum van beide stappen",
                ))
                flagged.add(index)
                break
    return flagged


def _check_text(document: Document) -> list[Problem]:
    """No HTML and no link schemes other than http(s)/mailto in anything an editor writes."""
    found = []
    source = document.source
    for item in document.values:
        value, kind = item.value, kind_of(item.field)
        if not isinstance(value, str) or kind is Kind.schema:
            continue
        path = item.path
        if kind is Kind.url:
            scheme = _SCHEME.match(value)
            if not scheme or scheme.group(1).lower() not in _ALLOWED_SCHEMES:
                found.append(source.problem(path, f"'{shown(value)}' is geen webadres met https, http of mailto",
                                            "schrijf het volledige adres, beginnend met https://"))
            elif not _URL.match(value):
                found.append(source.problem(path, f"'{shown(value)}' is geen geldig webadres",
                                            "schrijf het adres zonder spaties, aanhalingstekens of < >, zoals het in de adresbalk staat"))
            continue
        if kind is Kind.email:
            if not _EMAIL.match(value):
                found.append(source.problem(path, f"'{shown(value)}' is geen geldig e-mailadres", "schrijf het adres als naam@domein.nl"))
            continue
        found += [source.problem(path, message, hint) for message, hint in text_limits(value)]
        if "]" in value or "<" in value:  # every kind of link needs one of them
            for url in _link_targets(value):
                scheme = _SCHEME.match(url)
                if not scheme or scheme.group(1).lower() not in _ALLOWED_SCHEMES:
                    found.append(source.problem(path, f"de link '{url}' is niet toegestaan",
                                                "links beginnen met https://, http:// of mailto:, bijvoorbeeld [Caresq](https://www.caresq.nl)"))
        stripped = _AUTOLINK.sub("", value) if "<" in value else value
        tag = _HTML_TAG.search(stripped) if "<" in stripped else None
        if tag:
            found.append(source.problem(path, f"HTML ('{tag.group(0)[:40]}') is niet toegestaan in tekst",
                                        "schrijf gewone tekst of Markdown; een kleiner-dan-teken schrijf je met een spatie erna ('< 5')"))
        # A scheme needs a ':', written as such or as a character reference ('&colon;', '&#58;').
        elif (":" in stripped or "&" in stripped) and (
                match := _DANGEROUS.search(html.unescape(_MD_LINK.sub("](", stripped)))):  # link targets were checked above
            found.append(source.problem(path, f"'{match.group(0)}' is niet toegestaan in tekst",
                                        "gebruik alleen links met https://, http:// of mailto:"))
    return found


def _link_targets(text: str) -> list[str]:
    targets = [m.group(1) for m in _MD_LINK.finditer(text)]
    targets += [m.group(1) for m in _MD_REFDEF.finditer(text)]
    targets += [m.group(1) for m in _AUTOLINK.finditer(text)]
    return targets
