"""The open data's JSON is written by our own writer (`opendata._dump`, faster than the
standard library's indented JSON); it must be the very text `json.dumps` writes."""

from __future__ import annotations

import json

import pytest

from generator.outputs import opendata
from generator.render.context import SiteContext, SiteOptions


def reference(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("value", [
    {},
    [],
    "",
    0,
    -12,
    1.5,
    float("nan"),
    True,
    None,
    {"a": [], "b": {}, "c": [{}], "d": [[]]},
    {"quote \" back\\slash": "tab\t newline\n nul\x00 del\x7f bell\x07 line separator\u2028 é ‘’ 🙂"},
    [1, [2, [3, {"x": None, "y": False}]], "z"],
    ("a tuple", ("nested",)),
    {1: "int key", 2.5: "float key", True: "bool key", None: "null key"},
])
def test_writer_writes_what_json_dumps_writes(value):
    assert opendata._dump(value) == reference(value)


def test_writer_refuses_what_json_dumps_refuses():
    with pytest.raises(TypeError):
        opendata._dump({("tuple", "key"): 1})
    with pytest.raises(TypeError):
        opendata._dump({"a set": {1}})


def test_every_policy_document_is_written_as_json_dumps_writes_it(synthetic):
    builder = SiteContext(synthetic, SiteOptions(base_url="https://example.org/"))
    shared: dict = {}
    documents = [opendata.policy_document(builder, policy, shared) for policy in synthetic.policies]
    assert documents and any(document["gedeeld"] for document in documents)
    for document in documents:
        assert opendata._dump(document) == reference(document)
