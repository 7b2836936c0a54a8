"""Characters no policy text may hold, found in the file's text and in every value.

Control characters (NUL, BEL, ESC, ...) make the Atom feed invalid XML and calendar
feeds unreadable; line and paragraph separators (U+2028, U+2029, NEL) count as a new
line for YAML but not for the editor, so every later line number would be off by one;
bidi controls make a text read differently from how it is stored. In the file they
are found before YAML reads it; in a value they can come from an escape between
double quotes ("\\0", "\\x01", "\\e", "\\uFFFF").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterator

# Tab, line feed and carriage return are the only control characters a file may hold
# (tabs are reported on their own, with a hint about indenting).
_IN_FILE = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"   # C0 and C1 controls, DEL, NEL (U+0085)
    "\u2028\u2029"                          # line and paragraph separator
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi marks, embeddings, overrides, isolates
    "\ud800-\udfff"                         # lone surrogates (only a \\u escape can make one)
    "\ufdd0-\ufdef\ufffe\uffff"              # noncharacters
)
FORBIDDEN_IN_FILE = re.compile(f"[{_IN_FILE}]|[\U0001fffe\U0001ffff\U0010fffe\U0010ffff]")
# A value may not hold a carriage return either; a tab from a "\t" escape is harmless.
FORBIDDEN_IN_VALUE = re.compile(f"[\r{_IN_FILE}]|[\U0001fffe\U0001ffff\U0010fffe\U0010ffff]")

_NAMES = {
    "\x00": "NUL", "\x07": "BEL", "\x08": "backspace", "\x0b": "verticale tab", "\x0c": "form feed",
    "\r": "carriage return", "\x1b": "escape-teken ESC", "\x7f": "DEL", "\x85": "NEL (volgende regel)",
    "\u2028": "regelscheiding (line separator)", "\u2029": "alineascheiding (paragraph separator)",
}


def describe(char: str) -> str:
    """A character as a message names it: 'U+0007 (BEL)'."""
    code = f"U+{ord(char):04X}"
    if char in _NAMES:
        return f"{code} ({_NAMES[char]})"
    if 0xD800 <= ord(char) <= 0xDFFF:
        return f"{code} (halve surrogaat)"
    if unicodedata.category(char) == "Cf":
        return f"{code} (richtingsteken)"
    if unicodedata.category(char) == "Cn":
        return f"{code} (geen teken)"
    return f"{code} (stuurteken)"


@dataclass(frozen=True)
class Found:
    """The first place of one forbidden character in a text, and how often it occurs."""

    char: str
    line: int
    column: int
    count: int


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def lines(text: str) -> list[str]:
    """The lines of a file as YAML and editors count them: only CR LF, CR and LF end a line
    (str.splitlines would also split on the characters reported here)."""
    return _LINE_BREAK.split(text)


def forbidden_in_file(text: str) -> Iterator[Found]:
    """Each forbidden character of a file's text once, at its first line and column, in file order."""
    if not FORBIDDEN_IN_FILE.search(text):
        return
    first: dict[str, list] = {}
    for number, line in enumerate(lines(text), start=1):
        for match in FORBIDDEN_IN_FILE.finditer(line):
            char = match.group(0)
            if char in first:
                first[char][3] += 1
            else:
                first[char] = [char, number, match.start() + 1, 1]
    for char, line, column, count in sorted(first.values(), key=lambda f: (f[1], f[2])):
        yield Found(char, line, column, count)


def forbidden_in_value(value: str) -> str | None:
    """The first forbidden character in a value, or None."""
    match = FORBIDDEN_IN_VALUE.search(value)
    return match.group(0) if match else None
