"""Reading one YAML file safely, keeping the line and column of every value.

PyYAML's defaults are wrong for hand-edited policy text: it silently keeps the
last of two duplicate keys, reads `NO` as false and `1.10` as 1.1, expands
anchor bombs, and raises position-less errors for dates like 0000-00-00. So we
compose the node tree ourselves: every scalar stays a string (the model decides
its type), every value keeps its position, and each trap becomes a `Problem`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..model.errors import Problem
from ..model.source import Marks, PathKey, SourceFile, position
from .characters import describe, forbidden_in_file, forbidden_in_value, lines

MAX_BYTES = 1024 * 1024
# Lists and blocks inside each other; a policy needs about fifteen. Deeper nesting only
# makes every later step recursive work (a thousand '[' ran Python out of stack).
MAX_DEPTH = 40

# YAML 1.1 resolves these plain scalars to non-strings; we report them in text fields.
_IMPLICIT_NAMES = {
    "tag:yaml.org,2002:bool": "een ja/nee-waarde",
    "tag:yaml.org,2002:int": "een getal",
    "tag:yaml.org,2002:float": "een kommagetal",
    "tag:yaml.org,2002:timestamp": "een datum of tijd",
}
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:null",
    *_IMPLICIT_NAMES,
}


def _mark(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def _position(mark) -> int:
    """A mark as `SourceFile.marks` keeps it."""
    return position(mark.line + 1, mark.column + 1)


# libyaml gives the same nodes and positions about twenty times faster; the pure-Python parser is the fallback.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(text: str, shown: str, loader: type) -> tuple[list[Problem], yaml.Node | None]:
    """The node tree, or the anchors and aliases that forbid building it. Raises YAMLError on bad syntax."""
    problems = []
    # Aliases are found on the event stream, which never expands them: a bomb costs nothing here.
    aliases: dict[str, list[yaml.AliasEvent]] = {}
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return [Problem(shown, *_mark(event.start_mark), f"de lijsten en blokken staan hier meer dan {MAX_DEPTH} niveaus diep in elkaar",
                                "haal overbodige [ ] en { } weg; een beleid heeft nooit zo veel niveaus nodig")], None
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if isinstance(event, yaml.AliasEvent):
            aliases.setdefault(event.anchor, []).append(event)
        elif getattr(event, "anchor", None):
            problems.append(
                Problem(shown, *_mark(event.start_mark), f"anker '&{event.anchor}' is niet toegestaan",
                        "verwijder '&" + event.anchor + "'; ankers en verwijzingen worden niet ondersteund")
            )
    for name, uses in aliases.items():  # one report per name, or a bomb floods the output
        more = f" (en nog {len(uses) - 1} keer)" if len(uses) > 1 else ""
        problems.append(
            Problem(shown, *_mark(uses[0].start_mark), f"verwijzing '*{name}' is niet toegestaan{more}",
                    "schrijf de tekst voluit; ankers (&) en verwijzingen (*) worden niet ondersteund "
                    "(begint de tekst met * voor vet of cursief, zet hem dan tussen 'aanhalingstekens')")
        )
    if problems:
        return problems, None
    return [], yaml.compose(text, Loader=loader)


def read_yaml(path: Path, shown: str) -> SourceFile:
    """Parse `path`; on any problem, `.problems` is non-empty and `.data` may be None."""
    source = SourceFile(path=path, shown=shown)
    try:
        size = path.stat().st_size
        raw = path.read_bytes() if size <= MAX_BYTES else b""
    except OSError as error:
        reason = "geen toegang" if isinstance(error, PermissionError) else (error.strerror or type(error).__name__)
        source.problems.append(Problem(shown, 1, 1, f"het bestand is niet te lezen ({reason})",
                                       "geef leesrechten op het bestand (chmod) of verwijder het uit policies/"))
        return source
    if size > MAX_BYTES:
        source.problems.append(
            Problem(shown, 1, 1, f"het bestand is {size // 1024} KiB; het maximum is 1024 KiB",
                    "splits het beleid of verwijder ingeplakte tekst die er niet hoort")
        )
        return source
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        source.problems.append(
            Problem(shown, line, 1, "het bestand is niet opgeslagen als UTF-8", "sla het bestand op met codering UTF-8")
        )
        return source
    text = text.removeprefix("\ufeff")

    for found in forbidden_in_file(text):
        more = f" (en nog {found.count - 1} keer)" if found.count > 1 else ""
        source.problems.append(
            Problem(shown, found.line, found.column, f"het teken {describe(found.char)} is niet toegestaan{more}",
                    "verwijder het: zo'n onzichtbaar teken komt vaak mee bij kopiëren uit Word, pdf of e-mail "
                    "en maakt de agenda's en feeds onleesbaar")
        )
    if source.problems:
        return source

    for number, line in enumerate(lines(text) if "\t" in text else (), start=1):
        column = line.find("\t")
        if column >= 0:
            indenting = not line[:column].strip()
            source.problems.append(
                Problem(shown, number, column + 1, "er staat een tab in het bestand",
                        "YAML accepteert alleen spaties: vervang de tab door spaties (2 per inspringniveau)" if indenting
                        else "vervang de tab door een spatie; tabs uit Word of e-mail vallen niet op maar zijn niet toegestaan")
            )
    if source.problems:
        return source

    try:
        return _OnePass(text, source).read()
    except (_Unusual, yaml.YAMLError):
        source = SourceFile(path=path, shown=shown)  # nothing of the attempt is kept
    try:
        problems, node = _compose(text, shown, _FAST_LOADER)
    except yaml.YAMLError:
        # libyaml words its errors differently; the pure-Python parser gives the text _SYNTAX knows.
        try:
            problems, node = _compose(text, shown, yaml.SafeLoader)
        except yaml.MarkedYAMLError as error:
            source.problems.append(_syntax_problem(shown, error, text))
            return source
        except yaml.YAMLError as error:  # defensive: a YAMLError without a mark
            source.problems.append(Problem(shown, 1, 1, f"de YAML is niet te lezen ({error})", "controleer de opmaak"))
            return source
    if problems:
        source.problems += problems
        return source

    if node is None:
        source.problems.append(Problem(shown, 1, 1, "het bestand is leeg", "vul het bestand of verwijder het"))
        return source
    source.data, source.marks = _build(node, (), source)
    return source


# PyYAML's English error text -> (Dutch explanation, hint, use the context mark). First match wins.
_SYNTAX = (
    ("mapping values are not allowed here", "er staat een dubbele punt met een spatie erna midden in een waarde",
     "zet de hele tekst tussen \"aanhalingstekens\", of begin een nieuw veld op een nieuwe regel", False),
    ("found unexpected end of stream", "dit aanhalingsteken wordt nergens gesloten",
     "sluit de tekst af met hetzelfde aanhalingsteken (\" of ')", True),
    ("could not find expected ':'", "deze regel is geen 'veld: waarde' en hoort ook niet bij de tekst erboven",
     "zet een dubbele punt na de veldnaam; tekst over meer regels schrijf je als 'veld: |' met de tekst ingesprongen eronder",
     True),
    ("expected <block end>, but found '<scalar>'",
     "de tekst begint met een teken dat YAML als opmaak leest (zoals [ of \"), en daarna staat nog tekst",
     "zet de hele tekst tussen 'enkele aanhalingstekens', of schrijf 'veld: |' met de tekst ingesprongen op de volgende regel",
     False),
    ("expected <block end>", "de inspringing klopt niet",
     "zet velden van hetzelfde blok precies onder elkaar (met spaties) en zet geen lijst ('- ') tussen gewone velden", False),
    ("that cannot start any token", "een waarde mag niet met dit teken beginnen",
     "zet de tekst tussen \"aanhalingstekens\"", False),
    ("expected the node content", "een waarde mag niet met dit teken beginnen",
     "zet de tekst tussen \"aanhalingstekens\"", False),
    ("expected ',' or", "een lijst [...] of blok {...} op één regel is niet goed afgesloten",
     "sluit af met ']' of '}'; zet tekst met een komma of dubbele punt tussen \"aanhalingstekens\"", False),
    ("expected alphabetic or numeric character", "een tekst die met * of & begint, leest YAML als verwijzing of anker",
     "zet tekst die met * begint (Markdown-vet of -cursief) tussen 'enkele aanhalingstekens', of schrijf 'veld: |' "
     "met de tekst ingesprongen op de volgende regel", False),
    ("found unknown escape character", "een backslash (\\) in tekst tussen dubbele aanhalingstekens",
     "gebruik 'enkele aanhalingstekens' of schrijf een dubbele backslash (\\\\)", False),
)


def _syntax_problem(shown: str, error: yaml.MarkedYAMLError, text: str) -> Problem:
    detail = (error.problem or "").strip()
    for needle, explanation, hint, at_context in _SYNTAX:
        if needle in detail:
            break
    else:
        explanation = f"onbekende YAML-fout ({detail or error})"
        hint = "controleer inspringing, dubbele punten en aanhalingstekens; tekst met ': ' of ' #' zet je tussen \"aanhalingstekens\""
        at_context = False
    mark = (error.context_mark if at_context else None) or error.problem_mark or error.context_mark
    line, column = _mark(mark) if mark else (1, 1)
    # PyYAML names the symptom, often lines below the cause; these name the usual causes where they stand.
    lines = text.splitlines()
    tokens = _tokens_until_error(text)
    for diagnose in (_runaway_quote, _apostrophe_in_single_quotes, _missing_space_after_colon,
                     _over_indented, _missing_dash_before_key):
        found = diagnose(tokens, lines, error, line)
        if found:
            line, column, explanation, hint = found
            break
    return Problem(shown, line, column, f"de YAML is hier niet te lezen: {explanation}", hint)


# Diagnoses of a syntax error: (tokens read before the error, the file's lines, the error, the reported
# line) -> (line, column, explanation, hint), or None when the cause is not theirs. Lines are 1-based.
Diagnosis = tuple[int, int, str, str] | None

# A line that starts a field, perhaps as a list item: `  - naam: waarde` -> indentation, dash, key.
_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_$][\w$-]*):(?= |$)")
# A field written without the space after its colon: `datum:2025-06-01` (but not `https://`).
_NO_SPACE = re.compile(r"^(?P<indent> *)(?:- +)?(?P<key>[A-Za-z_$][\w$-]*):(?P<value>[^\s/][^\s]*)")


def _tokens_until_error(text: str) -> list[yaml.Token]:
    """The pure-Python scanner's tokens up to the error, including any it had read ahead."""
    loader = yaml.SafeLoader(text)
    tokens: list[yaml.Token] = []
    try:
        while loader.check_token():
            tokens.append(loader.get_token())
    except yaml.YAMLError:
        tokens += loader.tokens
    finally:
        loader.dispose()
    return tokens


def _quoted(token: yaml.Token) -> bool:
    return isinstance(token, yaml.ScalarToken) and token.style in ("'", '"')


def _runaway_quote(tokens, lines, error, line) -> Diagnosis:
    """A quote not closed on its line swallows the fields below it, up to the next quote in the file."""
    for token in tokens:
        first, last = token.start_mark.line, token.end_mark.line
        if _quoted(token) and last > first and any(
            _KEY_LINE.match(text) or text.lstrip().startswith("- ") for text in lines[first + 1: last + 1]
        ):
            quote = token.style
            return (first + 1, token.start_mark.column + 1, f"het aanhalingsteken ({quote}) wordt op deze regel niet gesloten",
                    f"sluit de tekst op dezelfde regel af met {quote}; nu leest YAML alles tot regel {last + 1} als één tekst")
    return None


def _apostrophe_in_single_quotes(tokens, lines, error, line) -> Diagnosis:
    """`'Caresq's beleid'`: the apostrophe closes the text and the rest is left over."""
    for token, after in zip(tokens, tokens[1:]):
        end = token.end_mark
        if (_quoted(token) and token.style == "'" and end.line + 1 == line
                and isinstance(after, yaml.ScalarToken) and after.start_mark.index == end.index):
            return (end.line + 1, end.column, "een apostrof (') sluit hier de tekst tussen 'enkele aanhalingstekens' af",
                    "schrijf een apostrof binnen 'enkele aanhalingstekens' dubbel (''), bijvoorbeeld 'Caresq''s beleid', "
                    "of zet de tekst tussen \"dubbele aanhalingstekens\"")
    return None


def _missing_space_after_colon(tokens, lines, error, line) -> Diagnosis:
    """`datum:2025-06-01` is one word to YAML, not a field."""
    candidates = [line] + [t.start_mark.line + 1 for t in reversed(tokens) if isinstance(t, yaml.ScalarToken)][:1]
    for number in candidates:
        match = _NO_SPACE.match(lines[number - 1]) if 0 < number <= len(lines) else None
        if match:
            key, value = match["key"], lines[number - 1][match.start("value"):].rstrip()
            value = value if len(value) <= 30 else value[:29] + "…"
            return (number, match.end("key") + 1, f"na de dubbele punt van '{key}' ontbreekt een spatie",
                    f"schrijf een spatie na de dubbele punt: '{key}: {value}'")
    return None


def _over_indented(tokens, lines, error, line) -> Diagnosis:
    """A field indented further than the field above it reads as more text of that field's value."""
    if "mapping values are not allowed here" not in (error.problem or ""):
        return None
    scalars = [t for t in tokens if isinstance(t, yaml.ScalarToken) and not t.style]
    if not scalars or scalars[-1].start_mark.line + 1 >= line:
        return None
    above = _KEY_LINE.match(lines[scalars[-1].start_mark.line])
    here = _KEY_LINE.match(lines[line - 1])
    if not (above and here and not here["dash"]):
        return None
    above_column, here_column = above.start("key"), here.start("key")
    if here_column <= above_column:
        return None
    extra = here_column - above_column
    return (line, here_column + 1,
            f"'{here['key']}' springt {extra} spatie{'s' if extra > 1 else ''} verder in dan '{above['key']}' "
            f"op regel {scalars[-1].start_mark.line + 1}",
            f"zet '{here['key']}' precies onder '{above['key']}' ({above_column} spaties inspringing); "
            "verder inspringen maakt er een vervolg van de tekst erboven van")


def _missing_dash_before_key(tokens, lines, error, line) -> Diagnosis:
    """A list item without its `- `, written where the dash of a neighbouring item stands."""
    if "expected <block end>" not in (error.problem or "") or not 0 < line <= len(lines):
        return None
    here = _KEY_LINE.match(lines[line - 1])
    if not here:
        return None
    indent = len(here["indent"])
    if here["dash"]:
        # `- id: b` after an item `  id: a` that lost its dash: the error shows at the second item.
        inner, candidate = indent + len(here["dash"]), None
        for number in range(line - 1, 0, -1):
            above = _KEY_LINE.match(lines[number - 1])
            if above is None or len(above["indent"]) > inner:
                continue
            if len(above["indent"]) == inner and not above["dash"] and above["key"] == here["key"]:
                candidate = number
            elif len(above["indent"]) <= indent:
                break
        return (candidate, indent + 1, *_dash_missing(here["key"], line)) if candidate else None
    for number in range(line - 1, 0, -1):
        above = _KEY_LINE.match(lines[number - 1])
        if above is None or len(above["indent"]) > indent:
            continue
        if len(above["indent"]) == indent and above["dash"]:
            if above["key"] == here["key"]:
                return (line, indent + 1, *_dash_missing(here["key"], number))
            return (line, indent + 1, f"'{here['key']}' staat even ver ingesprongen als het streepje ('- ') op regel {number}",
                    f"begint hier een nieuw onderdeel van de lijst, zet er dan '- ' voor; hoort '{here['key']}' bij het "
                    f"onderdeel erboven, laat het dan even ver inspringen als '{above['key']}'")
        return None
    return None


def _dash_missing(key: str, example: int) -> tuple[str, str]:
    return (f"voor '{key}' ontbreekt het streepje ('- ') van een nieuw onderdeel van de lijst",
            f"begin elk onderdeel van de lijst met '- ', zoals op regel {example}")


def _implicit_meaning(node: yaml.ScalarNode) -> str:
    """What YAML 1.1 would make of a plain scalar, in words: 'een getal (1350)'."""
    try:
        value = yaml.constructor.SafeConstructor().construct_object(node)  # no reader or parser: nothing to dispose
    except (ValueError, OverflowError, yaml.YAMLError):  # e.g. 2025-02-31: YAML would fail on it, not retype it
        return _IMPLICIT_NAMES[node.tag]
    if isinstance(value, bool):
        shown = "ja" if value else "nee"
    elif hasattr(value, "isoformat"):
        shown = value.isoformat()
    else:
        shown = str(value)
    return f"{_IMPLICIT_NAMES[node.tag]} ({shown})"


class _MappingKeys:
    """The keys of one mapping as both readings take them, in file order: a key that is not a plain
    word, has a forbidden character or comes twice is reported and its value not built; the first key
    of a list item coming again is the next item with its dash forgotten, reported once, and nothing
    after it is built."""

    def __init__(self, source: SourceFile, line: int, *, in_list: bool, check_characters: bool = True):
        self.source, self.line, self.in_list, self.check_characters = source, line, in_list, check_characters
        self.first_key: str | None = None
        self.seen: dict[str, tuple[int, int]] = {}  # keys since the item began, or since a missing dash
        self.dashless = False  # past a list item whose '- ' is missing

    def admit(self, key: yaml.ScalarNode | yaml.ScalarEvent | Any, scalar: bool) -> bool:
        """Whether the value of `key` is built."""
        source = self.source
        if not scalar:
            source.problems.append(Problem(source.shown, *_mark(key.start_mark), "een sleutel moet een gewoon woord zijn",
                                           "schrijf 'naam: waarde'"))
            return False
        name = key.value
        if self.check_characters and _bad_characters(key, source):
            return False
        self.first_key = self.first_key or name
        if name in self.seen:
            if self.in_list and name == self.first_key:
                # `- id: a` ... `  id: b`: the item's first key again is the next item, its dash forgotten.
                source.problems.append(Problem(source.shown, *_mark(key.start_mark), *_dash_missing(name, self.line)))
                self.seen, self.dashless = {}, True
            else:
                source.problems.append(
                    Problem(source.shown, *_mark(key.start_mark),
                            f"het veld '{name}' staat twee keer in hetzelfde blok (eerst op regel {self.seen[name][0]})",
                            "YAML houdt dan alleen de laatste waarde: voeg de twee samen of verwijder er één")
                )
                return False
        self.seen[name] = _mark(key.start_mark)
        return not self.dashless


def _build(node: yaml.Node, path: PathKey, source: SourceFile) -> tuple[Any, Marks]:
    """The data of `node` and where each part of it stands (`SourceFile.marks`)."""
    at = _mark(node.start_mark)
    if node.tag not in _STANDARD_TAGS:
        source.problems.append(Problem(source.shown, *at, f"het label '{node.tag}' is niet toegestaan",
                                       "verwijder het label dat met '!' begint"))
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        marks: list = [position(*at)]
        keys = _MappingKeys(source, at[0], in_list=bool(path) and isinstance(path[-1], int))
        for key_node, value_node in node.value:
            if keys.admit(key_node, isinstance(key_node, yaml.ScalarNode)):
                key = key_node.value
                result[key], value_marks = _build(value_node, path + (key,), source)
                marks += (key, position(*keys.seen[key]), value_marks)
        return result, tuple(marks)
    if isinstance(node, yaml.SequenceNode):
        items, marks = [], [position(*at)]
        for index, item in enumerate(node.value):
            value, value_marks = _build(item, path + (index,), source)
            items.append(value)
            marks.append(value_marks)
        return items, marks
    # ScalarNode: keep strings; an unquoted empty / null scalar means "no value".
    if _bad_characters(node, source):
        return "", position(*at)
    plain = not node.style  # PyYAML says None, libyaml says ""
    if plain and node.tag == "tag:yaml.org,2002:null":
        return None, position(*at)
    if plain and node.tag in _IMPLICIT_NAMES:
        source.implicit[path] = _implicit_meaning(node)
    return node.value, position(*at)


class _Unusual(Exception):
    """The file holds something `_OnePass` leaves to the full reading: an anchor, an alias, a tag,
    nesting deeper than MAX_DEPTH, no document or more than one, a scalar read as another type than
    those `_build` accepts."""


_RESOLVER = yaml.resolver.Resolver()  # the loaders' own: what a plain scalar would mean to YAML 1.1
_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"


class _OnePass:
    """The data, positions and problems that `_compose` and `_build` make of an ordinary policy file,
    in one pass over the parser's events: no scan for anchors first, no node tree. Raises `_Unusual`
    (or the parser's YAMLError) for anything else; the caller then reads the file the full way, so
    for those files every problem and message stays what that way finds.

    The events come in document order, the order in which `_build` visits the nodes; a value that
    `_build` does not visit (after a duplicate key, say) is read past, with the same rules."""

    def __init__(self, text: str, source: SourceFile):
        self.text, self.source = text, source
        # Only an escape between double quotes can put a character in a value that the file may not hold
        # (a CR only comes in with CR LF line ends, which YAML reads as LF): without either, none can.
        self.check_characters = "\\" in text or "\r" in text
        self.depth = 0

    def read(self) -> SourceFile:
        loader = _FAST_LOADER(self.text)
        try:
            self.next_event = loader.get_event
            self._expect(yaml.StreamStartEvent)
            self._expect(yaml.DocumentStartEvent)
            data, marks = self._node(self.next_event(), ())
            self._expect(yaml.DocumentEndEvent)
            self._expect(yaml.StreamEndEvent)
        finally:
            loader.dispose()
        self.source.data, self.source.marks = data, marks
        return self.source

    def _expect(self, kind: type) -> None:
        if type(self.next_event()) is not kind:
            raise _Unusual

    def _node(self, event: yaml.Event, path: PathKey) -> tuple[Any, Marks]:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            return self._scalar(event, path)
        if kind is not yaml.MappingStartEvent and kind is not yaml.SequenceStartEvent:
            raise _Unusual  # an alias
        if event.anchor is not None or event.tag is not None:
            raise _Unusual
        self._deeper()
        if kind is yaml.SequenceStartEvent:
            items, marks = [], [_position(event.start_mark)]
            while type(item := self.next_event()) is not yaml.SequenceEndEvent:
                value, value_marks = self._node(item, path + (len(items),))
                items.append(value)
                marks.append(value_marks)
            self.depth -= 1
            return items, marks
        result = self._mapping(event, path)
        self.depth -= 1
        return result

    def _deeper(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Unusual

    def _mapping(self, start: yaml.MappingStartEvent, path: PathKey) -> tuple[dict[str, Any], tuple]:
        """As `_build` does with a MappingNode, from its start event to its end event."""
        result: dict[str, Any] = {}
        marks: list = [_position(start.start_mark)]
        keys = _MappingKeys(self.source, start.start_mark.line + 1, in_list=bool(path) and isinstance(path[-1], int),
                            check_characters=self.check_characters)
        while type(key_event := self.next_event()) is not yaml.MappingEndEvent:
            scalar = type(key_event) is yaml.ScalarEvent
            if not scalar:
                self._skip(key_event)
            elif key_event.anchor is not None or key_event.tag is not None:
                raise _Unusual
            if not keys.admit(key_event, scalar):
                self._skip(self.next_event())
                continue
            key = key_event.value
            result[key], value_marks = self._node(self.next_event(), path + (key,))
            marks += (key, position(*keys.seen[key]), value_marks)
        return result, tuple(marks)

    def _scalar(self, event: yaml.ScalarEvent, path: PathKey) -> tuple[Any, int]:
        if event.anchor is not None or event.tag is not None:
            raise _Unusual
        value = event.value
        plain = not event.style  # PyYAML says None, libyaml says ""
        # As the composer resolves an untagged scalar: only a plain one can be other than a string.
        tag = _RESOLVER.resolve(yaml.ScalarNode, value, event.implicit) if event.implicit[0] else _STR
        if tag not in _STANDARD_TAGS:
            raise _Unusual
        at = _position(event.start_mark)
        if self.check_characters and _bad_characters(event, self.source):
            return "", at
        if plain and tag == _NULL:
            return None, at
        if plain and tag in _IMPLICIT_NAMES:
            self.source.implicit[path] = _implicit_meaning(
                yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style))
        return value, at

    def _skip(self, event: yaml.Event) -> None:
        """Read past the node that starts with `event`, as the anchor scan would: it stops at what it stops at."""
        if type(event) is yaml.AliasEvent or event.anchor is not None:
            raise _Unusual
        if type(event) is yaml.ScalarEvent:
            return
        self._deeper()
        end = yaml.SequenceEndEvent if type(event) is yaml.SequenceStartEvent else yaml.MappingEndEvent
        while type(inner := self.next_event()) is not end:
            self._skip(inner)
        self.depth -= 1


def _bad_characters(node: yaml.ScalarNode | yaml.ScalarEvent, source: SourceFile) -> bool:
    """A forbidden character in a scalar (from an escape between double quotes) is reported there."""
    char = forbidden_in_value(node.value)
    if char is None:
        return False
    source.problems.append(
        Problem(source.shown, *_mark(node.start_mark), f"de tekst bevat het teken {describe(char)}, dat niet is toegestaan",
                "verwijder de code met een backslash (zoals \\0, \\x01, \\e of \\uFFFF) uit de tekst tussen aanhalingstekens")
    )
    return True
