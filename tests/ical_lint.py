"""Our own lint for published iCalendar feeds (RFC 5545, RFC 7986).

The parsers that real clients use are lenient about exactly the things that make
a client silently drop or misread a feed: bare LF, over-long lines, a date
without VALUE=DATE, a duplicate UID, a REFRESH-INTERVAL without VALUE=DURATION.
This module checks those byte by byte. It knows nothing about our generator.

    findings = lint(data)          # [] when the feed is clean
    findings[0].rule               # e.g. "fold"
    lint(data, one_off=True)       # a file opened once: a reminder per event, no refresh
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MAX_OCTETS = 75  # RFC 5545 3.1: a content line is folded at 75 octets, not counting CRLF

# Properties whose value is TEXT: a bare ';' or ',' in them is not valid (RFC 5545 3.3.11).
# The X-WR-* ones are TEXT by default as X- properties (3.8.8.2); clients read them as such.
TEXT_PROPERTIES = {"SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT", "NAME", "X-WR-CALNAME", "X-WR-CALDESC"}
LIST_TEXT_PROPERTIES = {"CATEGORIES"}  # TEXT values separated by ','
ESCAPES = {"\\", ";", ",", "n", "N"}
DATE = re.compile(r"^[0-9]{8}$")
UTC_DATE_TIME = re.compile(r"^[0-9]{8}T[0-9]{6}Z$")
DURATION = re.compile(r"^[+-]?P(?:[0-9]+W|(?:[0-9]+D)?(?:T(?:[0-9]+H)?(?:[0-9]+M)?(?:[0-9]+S)?)?)$")


@dataclass(frozen=True)
class Finding:
    rule: str
    line: int  # physical line, 1-based; 0 for the whole file
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: [{self.rule}] {self.message}"


@dataclass
class ContentLine:
    name: str
    params: dict[str, list[str]]
    value: str
    line: int  # physical line where it starts


@dataclass
class Component:
    name: str
    line: int
    properties: list[ContentLine]
    children: list["Component"]

    def all(self, name: str) -> list[ContentLine]:
        return [p for p in self.properties if p.name == name]


def lint(data: bytes, one_off: bool = False) -> list[Finding]:
    """Every problem in one .ics file, in file order. A subscribed feed (`one_off` False)
    refreshes and has no VALARM; a one-off file, imported once, has no refresh properties
    and a reminder on every event that is not cancelled."""
    findings: list[Finding] = []
    findings += _check_bytes(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return findings + [Finding("utf8", 0, f"not UTF-8: {error}")]
    lines, problems = _content_lines(text)
    findings += problems
    root, problems = _components(lines)
    findings += problems
    if root is not None:
        findings += _check_one_off(root) if one_off else _check_calendar(root)
    for content in lines:
        findings += _check_text_value(content)
    return sorted(findings, key=lambda f: f.line)


# --------------------------------------------------------------------------- bytes and folding


def _check_bytes(data: bytes) -> list[Finding]:
    found = []
    if not data.endswith(b"\r\n"):
        found.append(Finding("crlf", 0, "the file does not end with CRLF"))
    physical = data.split(b"\r\n")
    if physical and physical[-1] == b"":
        physical = physical[:-1]
    for number, raw in enumerate(physical, start=1):
        if b"\n" in raw or b"\r" in raw:
            found.append(Finding("crlf", number, "bare LF or CR: every line must end with CRLF"))
            continue
        if len(raw) > MAX_OCTETS:
            found.append(Finding("fold", number, f"{len(raw)} octets; fold lines at {MAX_OCTETS} octets"))
        if raw == b"":
            found.append(Finding("fold", number, "empty line"))
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            found.append(Finding("fold", number, "folding splits a multi-octet UTF-8 character"))
        if re.search(rb"[\x00-\x08\x0a-\x1f\x7f]", raw):
            found.append(Finding("control", number, "control character in a content line"))
    return found


def _content_lines(text: str) -> tuple[list[ContentLine], list[Finding]]:
    """Unfold and split into NAME;PARAMS:VALUE. Tolerates bare LF so other rules still run."""
    physical = re.split(r"\r\n|\n|\r", text)
    if physical and physical[-1] == "":
        physical.pop()
    logical: list[tuple[int, str]] = []
    found = []
    for number, line in enumerate(physical, start=1):
        if line[:1] in (" ", "\t"):
            if not logical:
                found.append(Finding("fold", number, "the file starts with a continuation line"))
                continue
            start, previous = logical[-1]
            logical[-1] = (start, previous + line[1:])
        elif line:
            logical.append((number, line))
    lines = []
    for number, line in logical:
        parsed = _parse_line(line)
        if parsed is None:
            found.append(Finding("syntax", number, f"not a content line (NAME:VALUE): {line[:40]!r}"))
            continue
        name, params, value = parsed
        lines.append(ContentLine(name.upper(), params, value, number))
    return lines, found


def _parse_line(line: str) -> tuple[str, dict[str, list[str]], str] | None:
    """RFC 5545 3.1: name, then ;param=value[,value] (values may be quoted), then ':' value."""
    match = re.match(r"[A-Za-z0-9-]+", line)
    if not match:
        return None
    name, position, params = match.group(0), match.end(), {}
    while position < len(line) and line[position] == ";":
        param = re.match(r";([A-Za-z0-9-]+)=", line[position:])
        if not param:
            return None
        key, position = param.group(1).upper(), position + param.end()
        values = []
        while True:
            if line[position:position + 1] == '"':
                end = line.find('"', position + 1)
                if end < 0:
                    return None
                values.append(line[position + 1:end])
                position = end + 1
            else:
                value = re.match(r'[^";:,]*', line[position:]).group(0)
                values.append(value)
                position += len(value)
            if line[position:position + 1] != ",":
                break
            position += 1
        params[key] = values
    if line[position:position + 1] != ":":
        return None
    return name, params, line[position + 1:]


# --------------------------------------------------------------------------- components


def _components(lines: list[ContentLine]) -> tuple[Component | None, list[Finding]]:
    found: list[Finding] = []
    stack: list[Component] = []
    root = None
    for content in lines:
        if content.name == "BEGIN":
            component = Component(content.value.upper(), content.line, [], [])
            if stack:
                stack[-1].children.append(component)
            elif root is None:
                root = component
            else:
                found.append(Finding("structure", content.line, "content after END:VCALENDAR"))
            stack.append(component)
        elif content.name == "END":
            if not stack or stack[-1].name != content.value.upper():
                open_name = stack[-1].name if stack else "nothing"
                found.append(Finding("structure", content.line, f"END:{content.value} closes {open_name}"))
                continue
            stack.pop()
        elif stack:
            stack[-1].properties.append(content)
        else:
            found.append(Finding("structure", content.line, f"{content.name} outside any component"))
    for component in stack:
        found.append(Finding("structure", component.line, f"BEGIN:{component.name} is never closed"))
    if root is None or root.name != "VCALENDAR":
        found.append(Finding("structure", 1, "the file does not start with BEGIN:VCALENDAR"))
        return None, found
    return root, found


def _check_calendar(calendar: Component) -> list[Finding]:
    found = []
    for name, expected in (("VERSION", "2.0"), ("PRODID", None)):
        values = calendar.all(name)
        if len(values) != 1:
            found.append(Finding("calendar", calendar.line, f"VCALENDAR needs exactly one {name}, has {len(values)}"))
        elif expected and values[0].value != expected:
            found.append(Finding("calendar", values[0].line, f"{name} must be {expected}"))
    for refresh in calendar.all("REFRESH-INTERVAL"):
        if refresh.params.get("VALUE") != ["DURATION"]:
            found.append(Finding("refresh", refresh.line, "REFRESH-INTERVAL needs VALUE=DURATION (RFC 7986 5.7)"))
        if not DURATION.match(refresh.value):
            found.append(Finding("refresh", refresh.line, f"REFRESH-INTERVAL {refresh.value!r} is not a duration"))
    if not calendar.all("REFRESH-INTERVAL"):
        found.append(Finding("refresh", calendar.line, "no REFRESH-INTERVAL: clients fall back to their own schedule"))
    uids: dict[str, int] = {}
    for child in calendar.children:
        if child.name == "VEVENT":
            found += _check_event(child, uids)
        for alarm in (c for c in child.children if c.name == "VALARM"):
            found.append(Finding("valarm", alarm.line, "no VALARM in a subscribed feed: clients re-fire or drop them"))
    return found


def _check_one_off(calendar: Component) -> list[Finding]:
    found = []
    for name in ("VERSION", "PRODID"):
        if len(calendar.all(name)) != 1:
            found.append(Finding("calendar", calendar.line, f"VCALENDAR needs exactly one {name}"))
    for name in ("REFRESH-INTERVAL", "X-PUBLISHED-TTL"):
        for prop in calendar.all(name):
            found.append(Finding("one-off", prop.line, f"{name} in a one-off file: it is imported once, never refreshed"))
    uids: dict[str, int] = {}
    for event in (c for c in calendar.children if c.name == "VEVENT"):
        found += _check_event(event, uids)
        alarms = [c for c in event.children if c.name == "VALARM"]
        cancelled = any(p.value == "CANCELLED" for p in event.all("STATUS"))
        if not cancelled and not alarms:
            found.append(Finding("one-off", event.line, "a one-off event without a reminder (VALARM)"))
        for alarm in alarms:
            for name in ("ACTION", "TRIGGER"):
                if len(alarm.all(name)) != 1:
                    found.append(Finding("valarm", alarm.line, f"VALARM needs exactly one {name}"))
            if any(p.value == "DISPLAY" for p in alarm.all("ACTION")) and len(alarm.all("DESCRIPTION")) != 1:
                found.append(Finding("valarm", alarm.line, "a DISPLAY alarm needs a DESCRIPTION (RFC 5545 3.6.6)"))
    return found


def _check_event(event: Component, uids: dict[str, int]) -> list[Finding]:
    found = []
    for name in ("UID", "DTSTAMP", "DTSTART"):
        if len(event.all(name)) != 1:
            found.append(Finding("event", event.line, f"VEVENT needs exactly one {name}, has {len(event.all(name))}"))
    for uid in event.all("UID"):
        if uid.value in uids:
            found.append(Finding("uid", uid.line, f"UID {uid.value!r} also used on line {uids[uid.value]}"))
        uids.setdefault(uid.value, uid.line)
    for stamp in event.all("DTSTAMP") + event.all("LAST-MODIFIED"):
        if not UTC_DATE_TIME.match(stamp.value) or stamp.params:
            found.append(Finding("dtstamp", stamp.line, f"{stamp.name} must be a UTC date-time ending in Z"))
    days = {}
    for name in ("DTSTART", "DTEND"):
        for prop in event.all(name):
            if prop.params.get("VALUE") != ["DATE"]:
                found.append(Finding("all-day", prop.line, f"{name} without VALUE=DATE: a date-only deadline has no time"))
            if not DATE.match(prop.value):
                found.append(Finding("all-day", prop.line, f"{name} {prop.value!r} is not a date (YYYYMMDD)"))
                continue
            try:
                days[name] = dt.date(int(prop.value[:4]), int(prop.value[4:6]), int(prop.value[6:]))
            except ValueError:
                found.append(Finding("all-day", prop.line, f"{name} {prop.value!r} is not a real day"))
    if "DTSTART" in days and not event.all("DTEND") and not event.all("DURATION"):
        found.append(Finding("dtend", event.line, "no DTEND: give the exclusive next day"))
    if "DTSTART" in days and "DTEND" in days and days["DTEND"] <= days["DTSTART"]:
        found.append(Finding("dtend", event.all("DTEND")[0].line, "DTEND must be after DTSTART (it is exclusive)"))
    return found


# --------------------------------------------------------------------------- text values


def _check_text_value(content: ContentLine) -> list[Finding]:
    if content.name not in TEXT_PROPERTIES | LIST_TEXT_PROPERTIES:
        return []
    found = []
    value, index = content.value, 0
    while index < len(value):
        char = value[index]
        if char == "\\":
            if value[index + 1:index + 2] not in ESCAPES:
                found.append(Finding("escape", content.line, f"{content.name}: '\\' must escape \\ ; , or n"))
            index += 2
            continue
        if char == ";" or (char == "," and content.name in TEXT_PROPERTIES):
            found.append(Finding("escape", content.line, f"{content.name}: unescaped {char!r} in TEXT"))
        index += 1
    return found
