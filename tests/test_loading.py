"""The fast ways of loading and checking give what the plain ways give.

Reading a file in one pass over the parser's events (`_OnePass`) must give the data, positions,
implicit types and problems of the full reading (scan for anchors, compose, build); the tree of
positions must answer `where` as the file says; the text limits' shortcuts must find what a
line-by-line reading finds; and loading must leave nothing for the garbage collector, which
it pauses.
"""

from __future__ import annotations

import gc
import re
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from conftest import SYNTHETIC
from generator.check import load_archive
from generator.check import limits
from generator.load import collector_paused, yamlsource
from generator.load.yamlsource import read_yaml

TESTS = Path(__file__).parent
CORPUS = sorted(TESTS.glob("malformed/*.yaml")) + sorted(SYNTHETIC.rglob("*.yaml"))

# Small files that each take one of the turns of the reading: anchors and aliases, tags, nesting,
# duplicate keys, a forgotten dash, keys that are not words, escapes, retyped scalars, more documents.
SNIPPETS = {
    "plain": "id: a\nnaam: b\nlijst:\n  - x\n  - {y: 1, z: [2, 3]}\n",
    "anchor": "a: &x tekst\nb: *x\n",
    "alias-only": "a: *x\n",
    "tag": "a: !eigen tekst\n",
    "standard-tag": "a: !!str 12\n",
    "merge-key": "a:\n  <<: {b: 1}\n",
    "value-key": "a: =\n",
    "deep": "a: " + "[" * 45 + "]" * 45 + "\n",
    "just-deep-enough": "a: " + "[" * 39 + "]" * 39 + "\n",
    "duplicate": "a: 1\nb: 2\na: 3\n",
    "duplicate-with-anchor": "a: 1\na: &x 3\n",
    "dashless": "items:\n  - id: a\n    naam: x\n    id: b\n    naam: y\n",
    "flow-key": "? [a, b]\n: c\nd: e\n",
    "escape": 'a: "bel\\x07"\n"sleutel\\x01": b\n',
    "carriage-return": "a: b\r\nc: d\r\n",
    "retyped": "a: yes\nb: 2025-01-01\nc: 1.5\nd: 0x1f\ne: ~\nf: ''\ng: 2025-02-31\n",
    "two-documents": "a: 1\n---\nb: 2\n",
    "empty": "",
    "comment-only": "# niets\n",
    "scalar-document": "tekst\n",
    "syntax-error": "a: b: c\n",
    "unclosed-quote": 'a: "open\nb: c\n',
}


def _full(path: Path):
    """The reading without the one-pass shortcut."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yamlsource._OnePass, "read", lambda self: (_ for _ in ()).throw(yamlsource._Unusual()))
        return read_yaml(path, "bestand.yaml")


def _outcome(source) -> tuple:
    return source.data, source.marks, source.implicit, source.problems


def _one_pass_used(path: Path) -> bool:
    used = []
    read = yamlsource._OnePass.read

    def spy(self):
        result = read(self)
        used.append(True)
        return result

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yamlsource._OnePass, "read", spy)
        read_yaml(path, "bestand.yaml")
    return bool(used)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.relative_to(TESTS).as_posix())
def test_one_pass_reads_the_corpus_as_the_full_reading_does(path):
    assert _outcome(read_yaml(path, "bestand.yaml")) == _outcome(_full(path))


@pytest.mark.parametrize("name", SNIPPETS)
def test_one_pass_reads_each_turn_as_the_full_reading_does(name, tmp_path):
    path = tmp_path / "bestand.yaml"
    path.write_bytes(SNIPPETS[name].encode("utf-8"))
    assert _outcome(read_yaml(path, "bestand.yaml")) == _outcome(_full(path))


def test_ordinary_files_are_read_in_one_pass():
    files = sorted(SYNTHETIC.rglob("*.yaml"))
    assert files and all(_one_pass_used(path) for path in files)


def test_where_answers_from_the_tree_of_positions(tmp_path):
    path = tmp_path / "bestand.yaml"
    path.write_text("id: a\nlijst:\n  - x\n  - naam: b\n    tekst: |\n      c\nleeg:\n", encoding="utf-8")
    source = read_yaml(path, "bestand.yaml")
    assert source.where(()) == (1, 1)
    assert source.where(("id",)) == (1, 5)
    assert source.where(("id",), key=True) == (1, 1)
    assert source.where(("lijst", 0)) == (3, 5)
    assert source.where(("lijst", 1, "tekst")) == (5, 12)
    assert source.where(("lijst", 1, "tekst"), key=True) == (5, 5)
    assert source.where(("lijst", 1), key=True) == (4, 5)  # a list item has no key: its value
    assert source.where(("leeg",), key=True) == (7, 1)
    # Not in the file: the nearest parent that is.
    assert source.where(("lijst", 1, "naam", "meer")) == (4, 11)
    assert source.where(("lijst", 5)) == source.where(("lijst", -1)) == source.where(("lijst", "0")) == (3, 3)
    assert source.where(("onbekend", 0), key=True) == (1, 1)


def _plain_limits(text: str) -> list[tuple[str, str]]:
    """The quote-depth and indentation limits, read line by line without shortcuts."""
    for line in text.split("\n"):
        depth = len(re.match(r"[ \t]*(?:>[ \t]?)*", line).group(0).replace(" ", "").replace("\t", ""))
        if depth > limits.MAX_QUOTE_DEPTH:
            return ["citaat"]
        if len(line) - len(line.lstrip(" ")) > limits.MAX_INDENT:
            return ["inspringing"]
    return []


def _plain_unclosed(text: str) -> bool:
    """Whether a bracket stays open, read character by character."""
    open_at, in_target, index = None, 0, 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "\n" and re.match(r"[ \t]*(?:\n|$)", text[index + 1:]) and (open_at is not None or in_target):
            break
        if in_target:
            in_target += {"(": 1, ")": -1}.get(char, 0)
        elif char == "[":
            if open_at is not None:
                return True
            open_at = index
        elif char == "]" and open_at is not None:
            open_at = None
            if text.startswith("(", index + 1):
                in_target, index = 1, index + 1
        index += 1
    return open_at is not None or bool(in_target)


@settings(max_examples=3000, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(["[", "]", "(", ")", "](", "\\", "\n", "\n\n", " ", "\t", ">", "> ", "a", " " * 4,
                                 " " * 13, ">>>>"]), max_size=30).map("".join))
def test_the_text_limits_find_what_a_plain_reading_finds(text):
    found = [message for message, _ in limits.text_limits(text)]
    quoted = [m for m in found if m.startswith("een citaat")]
    indented = [m for m in found if m.startswith("een regel springt")]
    assert ["citaat"] * len(quoted) + ["inspringing"] * len(indented) == _plain_limits(text)
    bracket = [m for m in found if "'['" in m or "'](" in m]
    assert bool(bracket) == _plain_unclosed(text)


def test_the_collector_is_paused_and_restored():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled(), "only the outermost pause turns it back on"
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled(), "a collector that was off stays off"
    finally:
        gc.enable()


def test_loading_leaves_nothing_for_the_collector():
    """Loading runs with the collector paused, so a reference cycle made there would stay until later."""
    load_archive(SYNTHETIC)  # the first time also fills caches and imports
    gc.collect()
    gc.disable()
    try:
        load_archive(SYNTHETIC)
        assert gc.collect() == 0
    finally:
        gc.enable()
