"""Open data: every validated policy as JSON, plus an index, for reuse by associations.

The JSON is the model itself (Dutch keys, as in the YAML, described by
`schema/policy.schema.json`), with shared sections resolved into the policy so
one file is a complete document.
"""

from __future__ import annotations

import json

from ..model.documents import Policy
from ..render import urls
from ..render.context import SiteContext
from .schema import render_schemas

FORMAT_VERSION = 1


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def _as_json(model) -> dict:
    return model.model_dump(mode="json", by_alias=True, exclude_none=True, exclude={"schema_"})


def policy_document(builder: SiteContext, policy: Policy) -> dict:
    data = _as_json(policy)
    used: dict[str, dict] = {}  # only the shared sections this policy reaches, dumped once each

    def collect(node):
        if isinstance(node, dict):
            ref = node.get("gedeeld")
            if isinstance(ref, dict):
                key = f"{ref['sectie']}@{ref['versie']}"
                if key not in used:
                    used[key] = _as_json(builder.archive.shared[(ref["sectie"], ref["versie"])])
                    collect(used[key])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(data)
    return {
        "formaat": FORMAT_VERSION,
        "schema": builder.options.base_url + "data/policy.schema.json",
        "url": builder.options.base_url + builder.urls.served_path(urls.landing(policy)),
        "beleid": data,
        "gedeeld": {key: used[key] for key in sorted(used)},
    }


def data_files(builder: SiteContext) -> dict[str, str]:
    """One JSON document per published policy, the index, and the schemas."""
    site: dict[str, str] = {}
    index = []
    for care_type in sorted(builder.care_types):
        documents, entries = care_type_data(builder, care_type)
        site.update(documents)
        index += entries
    site.update(aggregate_data(builder, index))
    return site


def care_type_data(builder: SiteContext, care_type: str) -> tuple[dict[str, str], list[dict]]:
    """The JSON documents of a care type's published policies, and their entries in the index."""
    site: dict[str, str] = {}
    index = []
    for policy in builder.care_types[care_type]:
        if policy.draft:
            continue
        uri = urls.policy_json(policy)
        site[uri] = _dump(policy_document(builder, policy))
        index.append({"zorgsoort": care_type, "naam": policy.name, "jaar": policy.year, "titel": policy.title,
                      "bron": policy.source.kind.value, "json": builder.options.base_url + uri,
                      "pagina": builder.options.base_url + builder.urls.served_path(urls.landing(policy)),
                      "agenda": builder.options.base_url + urls.feed_care_type(care_type)})
    return site, index


def aggregate_data(builder: SiteContext, index: list[dict]) -> dict[str, str]:
    """The index of every care type's `index` entries (in care type order), and the schemas."""
    site = {urls.DATA_INDEX: _dump({"formaat": FORMAT_VERSION, "organisatie": builder.archive.organisation.name,
                                    "beleid": index})}
    for name, text in render_schemas().items():
        site[f"data/{name}"] = text
    return site
