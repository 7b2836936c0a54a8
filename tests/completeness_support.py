"""Splitting source documents and policy texts into comparable fragments."""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"', "„": '"', "\u00a0": " ", "\u2009": " ",
                         "–": "-", "—": "-", "‐": "-", "‑": "-"})
_BULLETS = re.compile(r"[•●▪◦■□➢►®©¢\uf0b7\uf0a7]")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_HTML = re.compile(r"<[^>]+>")
_MARKUP = re.compile(r"[*#_]|\\(?=[^\s])")
_LEADING = re.compile(r"^\s*(?:[-+]\s+|\d+(?:\.\d+)*\.?\s+|[a-z]\)\s+)+")
_SPACES = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[.?!;])\s+")
_WORD = re.compile(r"\w", re.UNICODE)


def normalise_line(line: str) -> str:
    line = unicodedata.normalize("NFC", line).translate(_QUOTES)
    line = _MD_LINK.sub(r"\1", line)
    line = _HTML.sub(" ", line)
    line = _BULLETS.sub(" ", line)
    line = _MARKUP.sub("", line)
    line = _LEADING.sub("", line)
    return _SPACES.sub(" ", line).strip()


def fragments(text: str) -> list[str]:
    """Pieces of text split at line breaks, tabs and sentence ends, normalised."""
    result = []
    for raw_line in re.split(r"[\n\t|]", text):
        line = normalise_line(raw_line)
        for piece in _SENTENCE_END.split(line):
            piece = normalise_line(piece)
            if _WORD.search(piece):
                result.append(piece)
    return result


def corpus(texts: list[str]) -> str:
    """All data texts as one searchable string; fragments never cross a line."""
    lines = []
    for text in texts:
        for raw_line in re.split(r"[\n\t|]", text):
            lines.append(normalise_line(raw_line))
    return "\n".join(lines)
