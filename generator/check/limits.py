"""Limits per text that keep the build's time linear in the size of the files.

Python-Markdown looks for the end of each '[' (and of each '(' after ']') by reading
on to the end of the paragraph; a text of 20,000 unclosed '[' took minutes to build.
So a text is at most `MAX_TEXT` characters, holds at most `MAX_BRACKETS` '[', and
every '[' is closed on its own paragraph, not nested in another; blockquotes and
list indentation stay shallow, and emphasis marks and lines are counted (markup-dense text
costs Python-Markdown and the sanitiser many times more per character than prose). The policy texts use a small part of each limit. `rules` applies these to every text.
"""

from __future__ import annotations

import re


MAX_TEXT = 10_000  # characters of one text; the longest policy text has about 2,200
MAX_BRACKETS = 30  # '[' in one text; policy texts have at most a few links
MAX_MARKS = 200  # '*', '_' and '`' in one text: emphasis and code; policy texts have at most a few
MAX_LINES = 200  # lines of one text (each can be a list item or a line break); policy texts have at most 16
MAX_QUOTE_DEPTH = 3  # '>' at the start of a line
MAX_INDENT = 12  # spaces before a line: three levels of nested lists

_QUOTES = re.compile(r"[ \t]*(?:>[ \t]?)*")
_BLANK_LINE = re.compile(r"[ \t]*(?:\n|$)")
# A line whose quote depth ('>' after the indentation) or indentation is over its limit.
_DEEP_LINE = re.compile(rf"^(?: {{{MAX_INDENT + 1}}}|[ \t]*(?:>[ \t]?){{{MAX_QUOTE_DEPTH + 1}}})", re.M)
# The characters `_unclosed_bracket` acts on.
_BRACKET_SPECIAL = re.compile(r"[\\\n\[\]()]")


def text_limits(text: str) -> list[tuple[str, str]]:
    if len(text) > MAX_TEXT:
        return [(f"deze tekst is {len(text)} tekens lang; het maximum is {MAX_TEXT}",
                 "verdeel de tekst over meer onderdelen of hoofdstukken, of verwijder ingeplakte tekst die er niet hoort")]
    found = []
    brackets = text.count("[")
    if brackets > MAX_BRACKETS:
        found.append((f"deze tekst heeft {brackets} keer '['; het maximum is {MAX_BRACKETS}",
                      "gebruik '[' alleen voor links; verdeel een tekst met veel links over meer onderdelen"))
    elif brackets:  # without a '[' nothing can be left open
        problem = _unclosed_bracket(text)
        if problem:
            found.append(problem)
    marks = text.count("*") + text.count("_") + text.count("`")
    if marks > MAX_MARKS:
        found.append((f"deze tekst heeft {marks} tekens voor opmaak ('*', '_' of '`'); het maximum is {MAX_MARKS}",
                      "gebruik vet en cursief spaarzaam; verdeel een lange tekst over meer onderdelen"))
    lines = text.count("\n") + 1
    if lines > MAX_LINES:
        found.append((f"deze tekst heeft {lines} regels; het maximum is {MAX_LINES}",
                      "verdeel de tekst over meer onderdelen of hoofdstukken"))
    if _DEEP_LINE.search(text):  # some line is quoted or indented too deep: report the first
        for line in text.split("\n"):
            depth = _QUOTES.match(line).group(0).count(">")
            if depth > MAX_QUOTE_DEPTH:
                found.append((f"een citaat staat hier {depth} niveaus diep ('>'); het maximum is {MAX_QUOTE_DEPTH}",
                              "begin een regel met hooguit drie keer '>'"))
                break
            indent = len(line) - len(line.lstrip(" "))
            if indent > MAX_INDENT:
                found.append((f"een regel springt {indent} spaties in; het maximum is {MAX_INDENT}",
                              "nest opsommingen hooguit drie niveaus diep, twee tot vier spaties per niveau"))
                break
    return found


def _unclosed_bracket(text: str) -> tuple[str, str] | None:
    """A '[' without its ']' in the same paragraph, a '[' inside '[...]', or a '](' without its ')'."""
    open_at = None  # inside [...]
    in_target = 0  # depth of (...) after '](', one level of balanced brackets allowed in an address
    index = 0
    while (special := _BRACKET_SPECIAL.search(text, index)) is not None:
        index = special.start()  # the characters skipped change nothing below
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "\n" and _BLANK_LINE.match(text, index + 1) and (open_at is not None or in_target):
            break  # the paragraph ends with a bracket still open
        if in_target:
            if char == "(":
                in_target += 1
            elif char == ")":
                in_target -= 1
        elif char == "[":
            if open_at is not None:
                return ("een '[' staat binnen een andere '[ ]'",
                        "schrijf een link als [tekst](https://...), zonder [ ] in de linktekst")
            open_at = index
        elif char == "]" and open_at is not None:
            open_at = None
            if text.startswith("(", index + 1):
                in_target = 1
                index += 1
        index += 1
    if open_at is not None:
        return ("een '[' wordt niet gesloten met ']' in dezelfde alinea",
                "schrijf een link als [tekst](https://...); een los haakje '[' schrijf je als '\\['")
    if in_target:
        return ("een link '](' wordt niet gesloten met ')' in dezelfde alinea",
                "sluit het webadres af met ')', bijvoorbeeld [tekst](https://www.caresq.nl)")
    return None
