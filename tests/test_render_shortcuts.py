"""The render layer's shortcuts give what the long way gives: a document's blocks walked
once (`SiteContext.index`) are what `blocks_of` finds, and page links computed by path
segments (`urls._relpath`) are what `posixpath.relpath` computes."""

from __future__ import annotations

import itertools
import posixpath

import pytest

from generator.model.documents import (Attributed, ChangeList, ConditionGroup, Differentiation, SharedRef, Table, Timeline,
                                       blocks_of)
from generator.render import urls, views
from generator.render.context import SiteContext, SiteOptions

KINDS = (Attributed, ChangeList, ConditionGroup, Differentiation, SharedRef, Table, Timeline)


def test_document_index_holds_what_blocks_of_finds(synthetic):
    builder = SiteContext(synthetic, SiteOptions(base_url="https://example.org/"))
    documents = [(policy, policy.chapters) for policy in synthetic.policies]
    documents += [(section, [section]) for section in synthetic.shared.values()]
    found = set()
    for document, chapters in documents:
        index = builder.index(document)
        assert builder.index(document) is index, "one walk per document"
        for kind in KINDS:
            assert index.of(kind) == tuple(blocks_of(chapters, kind))
            found |= {kind} if index.of(kind) else set()
        assert list(index.milestones) == [m for t in blocks_of(chapters, Timeline) for m in t.milestones]
    assert found == set(KINDS), "the synthetic archive has every kind of block"
    policy = synthetic.policies[0]
    assert list(builder.milestones(policy)) == views.milestones(policy)


SEGMENTS = ("", "a", "b", "x.ics", "index.html", ".", "..", ".well-known", "zorgsoorten", "2026")


@pytest.mark.parametrize("target, start", [
    ("", ""), ("", "a/b/"), ("a/b/", ""), ("a/b/", "a/b/"), ("a/c/", "a/b/"), ("agenda/x.ics", "zorgsoorten/x/2026/"),
    ("a//b/", "a/"), ("a/./b", "a/"), ("a/../b/", "c/"), ("x", "../y/"),
])
def test_relpath_by_segments_is_posixpath_relpath(target, start):
    assert urls._relpath(target, start) == posixpath.relpath("/" + target, "/" + start)


def test_relpath_agrees_on_every_short_path():
    paths = ["/".join(parts) for n in range(3) for parts in itertools.product(SEGMENTS, repeat=n)]
    for target, start in itertools.product(paths, paths[::7]):
        assert urls._relpath(target, start) == posixpath.relpath("/" + target, "/" + start), (target, start)
