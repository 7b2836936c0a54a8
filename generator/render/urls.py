"""Where every generated file lives. File names here are public and stable forever:
calendars subscribe to them, associations cite them, saved ticks hang on them."""

from __future__ import annotations

import posixpath

from ..model.documents import Policy


def policy_dir(care_type: str, year: int) -> str:
    return f"zorgsoorten/{care_type}/{year}"


def _policy_page(policy: Policy, name: str) -> str:
    return f"{policy_dir(policy.care_type, policy.year)}/{name}.md"


def landing(policy: Policy) -> str:
    return _policy_page(policy, "index")


def full_policy(policy: Policy) -> str:
    return _policy_page(policy, "beleid")


def checklist(policy: Policy) -> str:
    return _policy_page(policy, "checklist")


def policy_changes(policy: Policy) -> str:
    return _policy_page(policy, "wijzigingen")


def care_type_index(care_type: str) -> str:
    return f"zorgsoorten/{care_type}/index.md"


def shared_section(section: str) -> str:
    return f"gedeeld/{section}.md"


HOME = "index.md"
CALENDAR_PAGE = "inkoopkalender.md"
CHANGES_PAGE = "wijzigingen.md"
GLOSSARY_PAGE = "begrippen.md"
CARE_TYPES_PAGE = "zorgsoorten/index.md"
CHANGES_FEED = "feeds/wijzigingen.atom"
FEED_ALL = "agenda/caresq-alle-zorgsoorten.ics"
DATA_INDEX = "data/index.json"
# Pages for the purchasing team, linked from the footer and kept out of the providers' menu:
# the hand-written editors' guide (docs/) and the generated check of every policy.
EDITORS_GUIDE = "beleid-aanpassen.md"
CHECK_PAGE = "controle.md"
EDITOR_PAGES = frozenset({EDITORS_GUIDE, CHECK_PAGE})


def feed_care_type(care_type: str) -> str:
    return f"agenda/{care_type}.ics"


def feed_route(care_type: str, route: str) -> str:
    return f"agenda/{care_type}--{route}.ics"


def feed_care_form(care_type: str, care_form: str) -> str:
    """The feed of one sub care type; "zorgvorm-" keeps it apart from a route of the same key."""
    return f"agenda/{care_type}--zorgvorm-{care_form}.ics"


def single_event(policy: Policy, milestone_id: str) -> str:
    return f"agenda/mijlpalen/{policy.care_type}-{policy.year}-{milestone_id}.ics"


def policy_json(policy: Policy) -> str:
    return f"data/{policy.care_type}-{policy.year}.json"


class UrlScheme:
    """Where the site engine serves each file: with directory URLs (`beleid/`, the
    default and what is published) or as files (`beleid.html`, for a preview that
    opens from disk). Links inside generated HTML are computed here, because
    MkDocs does not rewrite links in raw HTML."""

    def __init__(self, directory_urls: bool = True):
        self.directory_urls = directory_urls

    def __getattr__(self, name: str):
        return globals()[name]  # the file locations above: urls.landing(...), urls.HOME, ...

    def served_path(self, uri: str) -> str:
        if not uri.endswith(".md"):
            return uri
        stem = uri[: -len(".md")]
        if not self.directory_urls:
            return stem + ".html"
        if stem == "index" or stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"

    def relative(self, from_uri: str, to_uri: str, anchor: str | None = None) -> str:
        """A link from the page `from_uri` to the file `to_uri`, as the browser resolves it."""
        base = self.served_path(from_uri)
        base_dir = base if base.endswith("/") else posixpath.dirname(base) + "/"
        base_dir = base_dir.lstrip("/")
        target = self.served_path(to_uri)
        rel = _relpath(target, base_dir)
        if target.endswith("/") or target == "":
            rel = rel.rstrip("/") + "/"
        if rel.startswith("./") and rel != "./":
            rel = rel[2:]
        return rel + (f"#{anchor}" if anchor else "")


def _relpath(target: str, start: str) -> str:
    """`posixpath.relpath("/" + target, "/" + start)`, by comparing path segments (every page
    links to many others, and relpath's normalising costs more than the rest of a link)."""
    to, here = target.split("/"), start.split("/")
    if "." in to or ".." in to or "." in here or ".." in here:
        return posixpath.relpath("/" + target, "/" + start)
    to, here = [part for part in to if part], [part for part in here if part]
    common = 0
    for mine, theirs in zip(to, here):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


DIRECTORY_URLS = UrlScheme(directory_urls=True)


def served_path(uri: str) -> str:
    """The URL path of a file on the published site (directory URLs)."""
    return DIRECTORY_URLS.served_path(uri)


def relative(from_uri: str, to_uri: str, anchor: str | None = None) -> str:
    """A link between two files of the published site (directory URLs)."""
    return DIRECTORY_URLS.relative(from_uri, to_uri, anchor)
