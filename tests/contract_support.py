"""`check` is the contract: the harness and Hypothesis strategies behind tests/test_contract.py
and bench/property_run.py.

The rule: for any input, `check` exits 0 or 2 and prints no traceback; when it exits 0,
`build_site` succeeds and every output is well-formed (the Atom feed parses as XML, each
JSON file as JSON, each .ics passes our lint and the `ical` and vobject parsers, and no
text output holds a control character).

Archives are built from the synthetic archive (tests/archive/): its files are read with
the project's own YAML reader (every scalar a string), one or a few mutations are applied
to the data (a value swapped for a hostile one, a key dropped or added, an id copied, deep
nesting, a long text) or to the YAML text itself (a character inserted), and the result is
written back with `yaml.safe_dump`, which writes control characters as escapes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from hypothesis import strategies as st

from generator import SiteOptions, build_site, load_archive
from generator.load.yamlsource import read_yaml
from generator.tools.cli import main
from ical_lint import lint

SYNTHETIC = Path(__file__).resolve().parent / "archive"
BASE_URL = "https://proef.example.test/beleid/"
# What no text output may hold: it breaks XML (Atom), calendar parsers or the one-line forms.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029\ufffe\uffff]")


def _synthetic_data() -> dict[str, Any]:
    """Relative path -> parsed data (scalars as strings) of every file of the synthetic archive."""
    out = {}
    for path in sorted(SYNTHETIC.rglob("*.yaml")):
        source = read_yaml(path, path.name)
        assert not source.problems, source.problems
        out[path.relative_to(SYNTHETIC).as_posix()] = source.data
    return out


SYNTHETIC_DATA = _synthetic_data()


# --------------------------------------------------------------------------- running check and the build


@dataclass
class Outcome:
    exit_code: int
    output: str
    built: int  # files generated when check passed, else 0


class ContractBroken(AssertionError):
    """The rule did not hold for an archive."""


def write_archive(root: Path, files: dict[str, str | bytes]) -> Path:
    if root.exists():
        shutil.rmtree(root)
    for relative, content in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
    return root


def check_then_build(root: Path) -> Outcome:
    """`check` in-process on `root` (a folder named policies), then the build and the validators if it passed."""
    before = Path.cwd()
    os.chdir(root.parent)
    try:
        result = CliRunner().invoke(main, ["check", root.name])
    finally:
        os.chdir(before)
    output = result.stdout + result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise ContractBroken(f"check raised {result.exception!r}\n{output}") from result.exception
    if "Traceback" in output or result.exit_code not in (0, 2):
        raise ContractBroken(f"check exited {result.exit_code}:\n{output}")
    if result.exit_code != 0:
        return Outcome(result.exit_code, output, 0)
    try:
        site = build_site(load_archive(root), SiteOptions(base_url=BASE_URL))
    except Exception as error:
        raise ContractBroken(f"check passed, the build failed: {error!r}\n{output}") from error
    for uri, content in site.files.items():
        validate_output(uri, content)
    return Outcome(0, output, len(site.files))


def validate_output(uri: str, content: str | bytes) -> None:
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    text = data.decode("utf-8")
    if _CONTROL.search(text):
        raise ContractBroken(f"{uri} holds a control character: {_CONTROL.search(text).group(0)!r}")
    try:
        if uri.endswith((".atom", ".xml")):
            ET.fromstring(data)
        elif uri.endswith(".json"):
            json.loads(text)
        elif uri.endswith(".ics"):
            # A single-event file (agenda/mijlpalen/) is imported once: a reminder, no refresh.
            findings = lint(data, one_off=uri.startswith("agenda/mijlpalen/"))
            if findings:
                raise ContractBroken(f"{uri}: {findings[0]}")
            read_with_parsers(text)
    except ContractBroken:
        raise
    except Exception as error:
        raise ContractBroken(f"{uri} is not well-formed: {error!r}") from error


def read_with_parsers(text: str) -> None:
    """The calendar parsers of tests/test_feeds.py: `ical` (Home Assistant) and vobject with validation."""
    import warnings

    import vobject
    from ical.calendar_stream import IcsCalendarStream

    IcsCalendarStream.calendar_from_ics(text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        vobject.readOne(text, validate=True)


# --------------------------------------------------------------------------- strategies

_EDGE_DATES = ["9999-12-31", "0001-01-01", "0000-00-00", "1999-12-31", "2000-01-01", "2199-12-31", "2200-01-01",
               "2025-02-29", "2024-02-29", "2025-11-08T00:00:00Z", "2025-11-08 00:00", "1762560000", "0", "-1",
               "2025-1-8", "20251108", "+2025-11-08", "2025-11-08\n", " 2025-11-08", "2025‐11‐08"]
_EDGE_NUMBERS = ["1_0", "0x10", "1e3", "10.0", "-0", "+5", "٣", "99999999999999999999", "1" * 5000, "0", "-5",
                 "1000", "1001", "2000", "2100", "2101", "true", "~"]
_NASTY_CHARS = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\r", "\x1b", "\x7f", "\x85", "\x9f", "\u2028",
                "\u2029", "\u202e", "\u2066", "\u200f", "\ufeff", "\ufffe", "\uffff", "\ud800", "\t", "\n",
                "\U0010ffff", "<", ">", "&", "\"", "'", "\\", "[", "]", "(", ")", "*", "_", "`", ":", "#", "%"]
_MARKUP = ["[", "![", "[a](", "](", "*a_", "<", "> ", "- ", "    ", "&#106;", "\\", "`", "[x]: ", "\n\n", "_", "*"]
_LINKS = ["javascript:alert(1)", "java&#115;cript:x", "data:text/html,x", "vbscript:x", "https://ok.example/",
          "mailto:a@b.nl", "ftp://x", "//evil.example", "https://x/\"><script>", "http://", "mailto:"]


def _ids() -> st.SearchStrategy[str]:
    return st.one_of(st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4}){0,3}", fullmatch=True),
                     st.sampled_from(["wijkzorg-2026-x", "2026", "a" * 81, "Hoofdletter", "dubbel--streep", "-x", ""]))


def _texts() -> st.SearchStrategy[str]:
    pieces = st.one_of(st.text(min_size=0, max_size=20), st.sampled_from(_NASTY_CHARS), st.sampled_from(_MARKUP),
                       st.sampled_from(_LINKS).map(lambda url: f"[link]({url})"),
                       st.sampled_from(_LINKS).map(lambda url: f"\n\n> [r]: {url}\n"),
                       st.sampled_from(_LINKS).map(lambda url: f"<{url}>"))
    short = st.lists(pieces, max_size=12).map("".join)
    repeated = st.tuples(st.sampled_from(_MARKUP + ["woord ", "[\n", "*a_", "a"]),
                         st.integers(min_value=1, max_value=12_000)).map(lambda pair: pair[0] * pair[1])
    return st.one_of(short, repeated, st.text(max_size=200))


def _nested(depth: int) -> Any:
    value: Any = "x"
    for level in range(depth):
        value = [value] if level % 2 else {"a": value}
    return value


def scalars() -> st.SearchStrategy[Any]:
    return st.one_of(
        _texts(),
        st.sampled_from(_EDGE_DATES),
        st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(dt.date.isoformat),
        st.sampled_from(_EDGE_NUMBERS),
        st.integers(min_value=-10, max_value=3000).map(str),
        _ids(),
        st.sampled_from(_LINKS),
        st.none(),
        st.integers(min_value=1, max_value=60).map(_nested),
        st.lists(st.text(max_size=5), max_size=3),
    )


def _paths(data: Any, path: tuple = ()) -> list[tuple]:
    """Every path to a value inside `data` (dict keys and list indexes)."""
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, path + (index,))
    return found


def _get(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


def _copy(data: Any) -> Any:
    return json.loads(json.dumps(data))


@st.composite
def mutated_archive(draw, max_mutations: int = 3) -> dict[str, str | bytes]:
    """The synthetic archive with 0..max_mutations mutations, as relative path -> file content."""
    data = {name: _copy(value) for name, value in SYNTHETIC_DATA.items()}
    raw_edits: list[tuple[str, int, str]] = []
    names = sorted(data)
    for _ in range(draw(st.integers(min_value=0, max_value=max_mutations))):
        name = draw(st.sampled_from(names))
        paths = _paths(data[name])
        path = draw(st.sampled_from(paths))
        kind = draw(st.sampled_from(["replace", "replace", "replace", "drop", "add", "copy-id", "raw"]))
        parent, last = (_get(data[name], path[:-1]), path[-1]) if path else (None, None)
        if kind == "replace" and path:
            parent[last] = draw(scalars())
        elif kind == "drop" and path:
            del parent[last]
        elif kind == "add":
            target = _get(data[name], path)
            if isinstance(target, dict):
                target[draw(st.sampled_from(["extra", "id", "datum", "tekst", "versie", "$schema"]))] = draw(scalars())
            elif isinstance(target, list):
                target.append(draw(scalars()) if not target or not isinstance(target[0], dict) else _copy(target[0]))
        elif kind == "copy-id":
            ids = [p for p in paths if p and p[-1] == "id"]
            others = [(n, p) for n in names for p in _paths(data[n]) if p and p[-1] == "id"]
            if ids and others:
                source_name, source_path = draw(st.sampled_from(others))
                target = draw(st.sampled_from(ids))
                _get(data[name], target[:-1])["id"] = _get(data[source_name], source_path)
        elif kind == "raw":
            raw_edits.append((name, draw(st.integers(min_value=0, max_value=10**6)), draw(st.sampled_from(_NASTY_CHARS))))
    return archive_files(data, raw_edits)


def archive_files(data: dict[str, Any], raw_edits: list[tuple[str, int, str]] = ()) -> dict[str, bytes]:
    """Parsed files written back as YAML (control characters as escapes), then the raw edits: (file, place, character)."""
    texts: dict[str, str] = {}
    for name, value in data.items():
        try:
            texts[name] = yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=10**6)
        except yaml.YAMLError:  # a value YAML cannot write (a lone surrogate): write it escaped
            texts[name] = yaml.safe_dump(value, allow_unicode=False, sort_keys=False, width=10**6)
    for name, position, char in raw_edits:
        at = position % (len(texts[name]) + 1)
        texts[name] = texts[name][:at] + char + texts[name][at:]
    return {name: text.encode("utf-8", "surrogatepass") for name, text in texts.items()}
