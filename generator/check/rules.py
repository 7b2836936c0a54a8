"""Rules that span a whole file or the whole archive: ids, references, order, safe text.

The model checks the shape of one value; this module checks what only makes
sense together: an id used twice, a route that does not exist, a signing
deadline before the contract offer, HTML or a `javascript:` link in a text.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import defaultdict
from typing import Any, Iterator

from ..model.archive import Archive
from ..model.documents import Policy
from ..model.errors import Problem
from ..model.source import SourceFile
from .transparency import transparency_problems

# The nearest list/field name above a dict with an `id` says what the id names.
_CATEGORY = {
    "hoofdstukken": "hoofdstuk", "voorwaarden": "voorwaardengroep", "items": "onderdeel",
    "mijlpalen": "mijlpaal", "tijdlijn": "tijdlijn", "tabel": "tabel", "rijen": "tabelrij",
    "factoren": "factor", "varianten": "variant", "differentiatie": "differentiatie",
    "wijzigingen": "wijzigingenlijst", "groepen": "wijzigingengroep", "revisies": "revisie",
    "zorgvormen": "zorgvorm", "routes": "route", "kernthemas": "kernthema", "contact": "contact",
}

_ALLOWED_SCHEMES = ("http", "https", "mailto")
_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?][^>]*>?")
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>")
# A link target may hold one level of balanced brackets: [x](javascript:alert(1)).
_MD_LINK = re.compile(r"\]\(\s*<?((?:[^()\s>]|\([^()\s>]*\))*)")
_MD_REFDEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(\s|$)", re.M)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_DANGEROUS = re.compile(r"\b(javascript|vbscript)\s*:|\bdata:[a-z]+/[a-z0-9.+-]+[;,]", re.I)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.I)
_URL_FIELDS = {"url", "web", "website"}
_SKIP_TEXT_FIELDS = {"$schema"}


def validate_archive(archive: Archive, *, strict: bool = False) -> list[Problem]:
    problems: list[Problem] = []
    for source in archive.files.values():
        problems += _check_text(source)
    for (section, version), shared in archive.shared.items():
        source = archive.source_of(shared)
        if source.path.parent.name != section:
            problems.append(source.problem(("id",), f"de sleutel '{section}' verschilt van de mapnaam '{source.path.parent.name}'",
                                           f"zet 'id: {source.path.parent.name}' of verplaats het bestand"))
        if source.path.stem != version:
            problems.append(source.problem(("versie",), f"de versie '{version}' verschilt van de bestandsnaam '{source.path.name}'",
                                           f"zet 'versie: \"{source.path.stem}\"' of hernoem het bestand"))
        problems += _check_ids(source, skip_root=True)
        problems += _check_shared_refs(archive, source)
    problems += _check_shared_cycles(archive)
    for policy in archive.policies:
        source = archive.source_of(policy)
        problems += _check_policy(archive, policy, source)
    problems += transparency_problems(archive, strict=strict)
    return problems


def _check_policy(archive: Archive, policy: Policy, source: SourceFile) -> list[Problem]:
    found: list[Problem] = []
    if source.path.parent.name != policy.care_type:
        found.append(source.problem(("zorgsoort",), f"de zorgsoort '{policy.care_type}' verschilt van de mapnaam '{source.path.parent.name}'",
                                    f"zet 'zorgsoort: {source.path.parent.name}' of verplaats het bestand"))
    if source.path.stem != str(policy.year):
        found.append(source.problem(("jaar",), f"het jaar {policy.year} verschilt van de bestandsnaam '{source.path.name}'",
                                    f"zet 'jaar: {source.path.stem}' of hernoem het bestand naar {policy.year}.yaml"))
    found += _check_ids(source)
    ids = _ids_by_category(source.data)
    all_ids = {i for group in ids.values() for i in group}
    refs = {
        "zorgvorm": ("zorgvorm", "zorgvormen"),
        "routes": ("route", "routes"),
        "doelgroep": ("route", "routes"),
        "variant": ("variant", "varianten"),
        "vereist": ("voorwaardengroep", "voorwaarden"),
        "sluiten_elkaar_uit": ("factor", "factoren"),
        "revisie": ("revisie", "revisies"),
        "na": ("mijlpaal", "mijlpalen"),
    }
    for path, key, value in _walk_values(source.data):
        if key == "betreft":
            if value not in all_ids:
                found.append(source.problem(path, f"'betreft' verwijst naar '{value}', maar die sleutel bestaat niet in dit beleid",
                                            _suggest(value, all_ids)))
            continue
        if key not in refs:
            continue
        category, listname = refs[key]
        if value not in ids.get(category, set()):
            found.append(source.problem(path, f"'{key}' verwijst naar '{value}', maar er is geen {category} met die sleutel",
                                        _suggest(value, ids.get(category, set()), f"voeg hem toe aan '{listname}'")))
    found += _check_shared_refs(archive, source)
    found += _check_timelines(policy, source)
    return found


def _check_shared_refs(archive: Archive, source: SourceFile) -> list[Problem]:
    found = []
    for path, ref in _walk_shared_refs(source.data):
        if (ref.get("sectie"), ref.get("versie")) not in archive.shared:
            versions = sorted(v for (s, v) in archive.shared if s == ref.get("sectie"))
            hint = (f"beschikbare versies: {', '.join(versions)}" if versions
                    else "maak policies/gedeeld/<sectie>/<versie>.yaml aan of controleer de spelling")
            found.append(source.problem(path, f"de gedeelde sectie '{ref.get('sectie')}' versie '{ref.get('versie')}' bestaat niet", hint))
    return found


def _check_shared_cycles(archive: Archive) -> list[Problem]:
    """A shared section that (indirectly) includes itself would never finish rendering."""
    edges = {key: [(r.get("sectie"), r.get("versie")) for _, r in _walk_shared_refs(archive.source_of(s).data)]
             for key, s in archive.shared.items()}
    found = []
    for start in sorted(edges):
        stack, seen = [(start, (start,))], set()
        while stack:
            node, trail = stack.pop()
            for nxt in edges.get(node, []):
                if nxt == start:
                    source = archive.source_of(archive.shared[start])
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


def _walk(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _walk(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _walk(value, path + (index,))


def _walk_values(data: Any) -> Iterator[tuple[tuple, str, str]]:
    """(path, field name, string) for every string, also inside lists of strings."""
    for path, value in _walk(data):
        if isinstance(value, str):
            key = next((p for p in reversed(path) if isinstance(p, str)), "")
            yield path, key, value


def _walk_shared_refs(data: Any) -> Iterator[tuple[tuple, dict]]:
    for path, value in _walk(data):
        if path and path[-1] == "gedeeld" and isinstance(value, dict):
            yield path, value


def _category(path: tuple) -> str:
    key = next((p for p in reversed(path) if isinstance(p, str)), "")
    return _CATEGORY.get(key, key)


def _ids_by_category(data: Any) -> dict[str, set[str]]:
    result: dict[str, set[str]] = defaultdict(set)
    for path, value in _walk(data):
        if path and isinstance(value, dict) and isinstance(value.get("id"), str):
            result[_category(path)].add(value["id"])
    return result


def _check_ids(source: SourceFile, *, skip_root: bool = False) -> list[Problem]:
    found = []
    first: dict[str, tuple] = {}
    for path, value in _walk(source.data):
        if not isinstance(value, dict) or not isinstance(value.get("id"), str):
            continue
        if skip_root and path == ():
            continue
        key = value["id"]
        if key in first:
            line, _ = source.where(first[key] + ("id",))
            found.append(source.problem(path + ("id",), f"de sleutel '{key}' komt twee keer voor in dit bestand (eerst op regel {line})",
                                        "geef elk onderdeel een eigen sleutel, bijvoorbeeld door er een woord aan toe te voegen"))
        else:
            first[key] = path
    return found


def _check_timelines(policy: Policy, source: SourceFile) -> list[Problem]:
    """Within one timeline, per route, dated steps may not go back in time."""
    found = []
    route_ids = [route.id for route in policy.routes] or [None]
    for path, raw in _walk(source.data):
        if not (path and path[-1] == "tijdlijn" and isinstance(raw, dict)):
            continue
        milestones = raw.get("mijlpalen") or []
        seen_ids: list[str] = []
        for index, item in enumerate(milestones):
            if isinstance(item, dict) and isinstance(item.get("relatief"), dict):
                target = item["relatief"].get("na")
                if target in {m.get("id") for m in milestones if isinstance(m, dict)} and target not in seen_ids:
                    found.append(source.problem(path + ("mijlpalen", index, "relatief", "na"),
                                                f"'{item.get('stap')}' volgt op '{target}', maar die stap staat er pas na",
                                                "zet de stap waarop deze termijn volgt eerder in de lijst"))
            seen_ids.append(item.get("id") if isinstance(item, dict) else None)
        flagged = _signed_before_offer(milestones, path, source, found)
        for route in route_ids:
            latest = None
            for index, item in enumerate(milestones):
                if not isinstance(item, dict) or item.get("vervallen") or index in flagged:
                    continue
                audience = item.get("doelgroep") or []
                if route is not None and audience and route not in audience:
                    continue
                when = _start_date(item)
                if when is None:
                    continue
                if latest and when < latest[0]:
                    route_text = f" voor route '{route}'" if route else ""
                    found.append(source.problem(
                        path + ("mijlpalen", index),
                        f"'{item.get('stap')}' ({item.get('wanneer')}) ligt vóór '{latest[1].get('stap')}' "
                        f"({latest[1].get('wanneer')}), die eerder in de tijdlijn staat{route_text}",
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


def _signed_before_offer(milestones: list, path: tuple, source: SourceFile, found: list[Problem]) -> set[int]:
    """A contract cannot be signed before it is offered, whatever order the list has. Returns flagged indexes."""
    live = [(i, m) for i, m in enumerate(milestones) if isinstance(m, dict) and not m.get("vervallen")]
    offers = [m for _, m in live if m.get("soort") == "aanbieding" and _start_date(m)]
    flagged = set()
    for index, item in live:
        signed = _end_date(item)
        if item.get("soort") != "ondertekening" or signed is None:
            continue
        for offer in offers:
            audiences = set(item.get("doelgroep") or []), set(offer.get("doelgroep") or [])
            if all(audiences) and not audiences[0] & audiences[1]:
                continue  # different routes: one may sign while the other is still waiting
            if signed < _start_date(offer):
                field = "datum" if item.get("datum") else "venster"
                found.append(source.problem(
                    path + ("mijlpalen", index, field),
                    f"'{item.get('stap')}' ({item.get('wanneer')}) ligt vóór het contractaanbod "
                    f"'{offer.get('stap')}' ({offer.get('wanneer')})",
                    "ondertekenen kan pas na het aanbod: controleer de datum van beide stappen",
                ))
                flagged.add(index)
                break
    return flagged


def _end_date(item: dict) -> dt.date | None:
    raw = item.get("datum") or (item.get("venster") or {}).get("tot")
    return dt.date.fromisoformat(raw) if isinstance(raw, str) else None


def _start_date(item: dict) -> dt.date | None:
    raw = item.get("datum") or (item.get("venster") or {}).get("van")
    return dt.date.fromisoformat(raw) if isinstance(raw, str) else None


def _check_text(source: SourceFile) -> list[Problem]:
    """No HTML and no link schemes other than http(s)/mailto in anything an editor writes."""
    found = []
    for path, key, value in _walk_values(source.data):
        if key in _SKIP_TEXT_FIELDS:
            continue
        if key in _URL_FIELDS:
            scheme = _SCHEME.match(value)
            if not scheme or scheme.group(1).lower() not in _ALLOWED_SCHEMES:
                found.append(source.problem(path, f"'{value}' is geen webadres met https, http of mailto",
                                            "schrijf het volledige adres, beginnend met https://"))
            continue
        if key == "email":
            if not _EMAIL.match(value):
                found.append(source.problem(path, f"'{value}' is geen geldig e-mailadres", "schrijf het adres als naam@domein.nl"))
            continue
        for url in _link_targets(value):
            scheme = _SCHEME.match(url)
            if not scheme or scheme.group(1).lower() not in _ALLOWED_SCHEMES:
                found.append(source.problem(path, f"de link '{url}' is niet toegestaan",
                                            "links beginnen met https://, http:// of mailto:, bijvoorbeeld [Caresq](https://www.caresq.nl)"))
        stripped = _AUTOLINK.sub("", value)
        tag = _HTML_TAG.search(stripped)
        if tag:
            found.append(source.problem(path, f"HTML ('{tag.group(0)[:40]}') is niet toegestaan in tekst",
                                        "schrijf gewone tekst of Markdown; een kleiner-dan-teken schrijf je met een spatie erna ('< 5')"))
        elif _DANGEROUS.search(_MD_LINK.sub("](", stripped)):  # link targets were checked above
            match = _DANGEROUS.search(_MD_LINK.sub("](", stripped))
            found.append(source.problem(path, f"'{match.group(0)}' is niet toegestaan in tekst",
                                        "gebruik alleen links met https://, http:// of mailto:"))
    return found


def _link_targets(text: str) -> list[str]:
    targets = [m.group(1) for m in _MD_LINK.finditer(text)]
    targets += [m.group(1) for m in _MD_REFDEF.finditer(text)]
    targets += [m.group(1) for m in _AUTOLINK.finditer(text)]
    return targets
