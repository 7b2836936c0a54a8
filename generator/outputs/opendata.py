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


_string = json.encoder.encode_basestring  # the C function json.dumps writes a string with (ensure_ascii=False)


def _dump(value) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)` and a newline, the same text written
    here: the standard library writes indented JSON in pure Python, over twice as slow."""
    out: list[str] = []
    _write(value, "\n", out)
    out.append("\n")
    return "".join(out)


def _write(value, newline: str, out: list[str]) -> None:
    """One JSON value; `newline` is the line break and indent its own lines start with."""
    if isinstance(value, str):
        out.append(_string(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        before = "{" + inner
        for key, item in value.items():
            out.append(before + _string(key if isinstance(key, str) else _key(key)) + ": ")
            before = "," + inner
            _write(item, inner, out)
        out.append(newline + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        before = "[" + inner
        for item in value:
            out.append(before)
            before = "," + inner
            _write(item, inner, out)
        out.append(newline + "]")
    else:
        out.append(json.dumps(value))  # a number, true, false or null: as json.dumps writes it anywhere


def _key(key) -> str:
    """A key that is no string, as json.dumps turns it into one."""
    if key is None or isinstance(key, (bool, int, float)):
        return json.dumps(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _as_json(model) -> dict:
    return model.model_dump(mode="json", by_alias=True, exclude_none=True, exclude={"schema_"})


def policy_document(builder: SiteContext, policy: Policy, shared: dict[tuple[str, str], dict]) -> dict:
    """The policy and the shared sections it reaches, directly or nested; `shared` holds the
    sections already dumped, for the other policies that use them."""
    used = {}
    for key in builder.shared_reached(policy):
        if key not in shared:
            shared[key] = _as_json(builder.archive.shared[key])
        used[f"{key[0]}@{key[1]}"] = shared[key]
    return {
        "formaat": FORMAT_VERSION,
        "schema": builder.options.base_url + "data/policy.schema.json",
        "url": builder.options.base_url + builder.urls.served_path(urls.landing(policy)),
        "beleid": _as_json(policy),
        "gedeeld": {key: used[key] for key in sorted(used)},
    }




def care_type_data(builder: SiteContext, care_type: str,
                   shared: dict[tuple[str, str], dict] | None = None) -> tuple[dict[str, str], list[dict]]:
    """The JSON documents of a care type's published policies, and their entries in the index.
    `shared` keeps the shared sections already dumped, to share between care types."""
    shared = {} if shared is None else shared
    site: dict[str, str] = {}
    index = []
    for policy in builder.care_types[care_type]:
        if policy.draft:
            continue
        uri = urls.policy_json(policy)
        site[uri] = _dump(policy_document(builder, policy, shared))
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
