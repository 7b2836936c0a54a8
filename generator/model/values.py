"""The scalar types of the model that YAML text must match exactly: dates and whole numbers.

The loader hands the model every scalar as the string the editor wrote. Pydantic's
lax parsing would then read `2025-11-08T00:00:00Z`, `1762560000` or `0` as a date and
`1_0` as ten; each of those passed `check` and then went wrong later (a rule that
re-parsed the text, a "1 januari 1970" on the site). So a date is `JJJJ-MM-DD` and
nothing else, a number is digits and nothing else, and both stay within what every
output can write (an event's end is the day after its date; a change page counts
back a year from a version).

The checks run before pydantic's own parsing, so they leave the JSON schemas alone.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from annotated_types import Ge
from pydantic import AfterValidator, BeforeValidator
from pydantic_core import PydanticCustomError, PydanticKnownError

# The error type of every rule the model checks itself; its context holds the Dutch
# `message` (what is wrong) and `hint` (what to do), worded next to the rule.
RULE_ERROR = "model_rule"

FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2199, 12, 31)
MAX_COUNT = 1000  # a number of factors; far above any policy, far below what a page can show

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DIGITS = re.compile(r"-?[0-9]{1,9}")


def rule_broken(message: str, hint: str) -> PydanticCustomError:
    return PydanticCustomError(RULE_ERROR, "{message} — {hint}", {"message": message, "hint": hint})


def shown(value: Any, limit: int = 60) -> str:
    """A value as a message quotes it: on one line and short."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _iso_date(value: Any) -> Any:
    if isinstance(value, dt.datetime) or isinstance(value, bool):
        raise rule_broken(f"'{shown(value)}' is geen datum in de vorm JJJJ-MM-DD",
                          "schrijf alleen de dag, zonder tijd, bijvoorbeeld 2026-09-30")
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise rule_broken(f"'{shown(value)}' is geen datum in de vorm JJJJ-MM-DD",
                          "schrijf jaar, maand en dag met koppeltekens, zonder tijd, bijvoorbeeld 2026-09-30")
    return value  # the shape is right; pydantic says whether the day exists (2025-02-31)


def _date_in_range(value: dt.date) -> dt.date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise rule_broken(f"de datum {value.isoformat()} ligt buiten {FIRST_DAY.isoformat()} tot en met {LAST_DAY.isoformat()}",
                          "controleer het jaartal")
    return value


def _whole_number(value: Any) -> Any:
    if isinstance(value, bool):
        raise PydanticKnownError("int_type")
    if isinstance(value, str) and not _DIGITS.fullmatch(value):
        raise PydanticKnownError("int_parsing")
    return value


def _at_most(limit: int):
    def check(value: int) -> int:
        if value > limit:
            raise rule_broken(f"{value} is meer dan het maximum van {limit}", f"geef een getal van 0 tot en met {limit}")
        return value
    return check


Date = Annotated[dt.date, BeforeValidator(_iso_date), AfterValidator(_date_in_range)]
Integer = Annotated[int, BeforeValidator(_whole_number)]
Count = Annotated[int, Ge(0), BeforeValidator(_whole_number), AfterValidator(_at_most(MAX_COUNT))]  # how many of something
