"""The site's navigation as data: by care type and year, so each page renders a small menu."""

from __future__ import annotations

import html
from typing import Iterable

from ..model.archive import Archive
from ..render import urls

GENERATED_PAGES = frozenset({urls.HOME, urls.CARE_TYPES_PAGE, urls.CALENDAR_PAGE, urls.CHANGES_PAGE, urls.GLOSSARY_PAGE,
                             urls.CHECK_PAGE})
GENERATED_FOLDERS = ("zorgsoorten/", "gedeeld/")


def navigation(archive: Archive, hand_written: Iterable[str] = ()) -> list:
    """MkDocs' `nav` structure. `hand_written`: the uris of the pages in `docs/`. The editors'
    pages (urls.EDITOR_PAGES) stay out of it: the footer links to them."""
    care_types = []
    for care_type, policies in sorted(archive.care_types().items(), key=lambda kv: kv[1][-1].name):
        years = []
        for policy in reversed(policies):
            label = f"{policy.year}" + (" (concept)" if policy.draft else "")
            years.append({label: [urls.landing(policy), {"Volledig beleid": urls.full_policy(policy)},
                                  {"Checklist": urls.checklist(policy)}, {"Wijzigingen": urls.policy_changes(policy)}]})
        # Navigation titles are HTML to MkDocs and Material: text from the YAML is escaped.
        care_types.append({html.escape(policies[-1].name): [urls.care_type_index(care_type), *years]})
    shared = []
    for section in sorted({s for s, _ in archive.shared}):
        title = html.escape(archive.shared_versions(section)[-1].title)
        shared.append({(f"ZN-tekst: {title}" if section.startswith("zn-") else title): urls.shared_section(section)})
    nav: list = [
        {"Home": urls.HOME},
        {"Zorgsoorten": [urls.CARE_TYPES_PAGE, *care_types]},
        {"Inkoopkalender": urls.CALENDAR_PAGE},
        {"Wijzigingen": urls.CHANGES_PAGE},
        {"Gedeelde teksten": shared},
        {"Begrippen": urls.GLOSSARY_PAGE},
    ]
    extra = sorted(uri for uri in hand_written if uri not in GENERATED_PAGES | urls.EDITOR_PAGES
                   and not uri.startswith(GENERATED_FOLDERS))
    if extra:
        nav.append({"Over deze site": extra})
    return nav
