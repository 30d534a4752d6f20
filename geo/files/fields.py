"""Shared field types of the data files' schemas (:mod:`geo.files.schema`), beside its
``Text``, ``WholeNumber``, ``SourceIds``...: a calendar date, a code from a list (:class:`OneOf`)
or several in a CSV cell (:class:`Codes`), ``;``-separated lists in a CSV cell, one source id,
:func:`known_in`, the one way to check a value against another file (the validation
context's collection of it); and a TOML list taken as a tuple (:data:`TomlList`), a list of at
least one item (:data:`NonEmpty`), whether a text is a real day (:func:`is_real_date`) and a
whole number written in digits in a CSV cell (:data:`Count`)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    GetCoreSchemaHandler,
    Strict,
    StringConstraints,
    ValidationInfo,
)
from pydantic_core import CoreSchema, PydanticCustomError

from geo.files.codes import ISO_DATE
from geo.files.schema import Expected, OptionalSourceIds, SourceIds, rule


def split_cells(value: object) -> object:
    """A CSV cell's ``;``-separated list as a tuple of its stripped, non-empty parts
    (``"a; b;"`` is ``("a", "b")``); any other value unchanged."""
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(";") if part.strip())
    return value


# SourceIds and OptionalSourceIds in a CSV cell, separated by ';' ("a;b").
SourceIdCells = Annotated[
    SourceIds, BeforeValidator(split_cells), Expected("at least one source id (separated by ';')")
]
OptionalSourceIdCells = Annotated[
    OptionalSourceIds, BeforeValidator(split_cells), Expected("source ids separated by ';'")
]


def _known_source(value: str, info: ValidationInfo) -> str:
    """One source id (or none: "") that must be listed in sources.csv (see SourceIds)."""
    known = (info.context or {}).get("source_ids")
    if value and known is not None and value not in known:
        raise rule(f"unknown source id {value!r}; every source must be listed in sources.csv")
    return value


# One source id listed in sources.csv (pass ``source_ids`` in the context).
KnownSourceId = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    Expected("a source id"),
    AfterValidator(_known_source),
]
# The same, or "" where none is given.
OptionalSourceId = Annotated[
    str,
    StringConstraints(strip_whitespace=True),
    Expected("a source id"),
    AfterValidator(_known_source),
]


def _calendar_day(value: str) -> str:
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("not_a_day", "not a day of the calendar") from None
    return value


# A day of the calendar as text, "YYYY-MM-DD" (1999-02-30 is refused).
IsoDate = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=ISO_DATE.pattern),
    AfterValidator(_calendar_day),
    Expected("YYYY-MM-DD"),
]


class OneOf(Expected):
    """A text that is one of ``choices`` (a code from a list), stripped of spaces:
    ``Annotated[str, OneOf(STATE_CODES)]``. A broken one reads "expected one of ['JP', 'RU'],
    found 'USSR'" (or ``expected``'s words: it is the field's :class:`Expected`)."""

    def __init__(self, choices: Sequence[str], expected: str | None = None) -> None:
        self.choices = tuple(choices)
        super().__init__(expected or f"one of {list(self.choices)}")

    def _check(self, value: str) -> str:
        if value not in self.choices:
            raise PydanticCustomError("not_one_of", "not one of the allowed values")
        return value

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return handler(
            Annotated[source, StringConstraints(strip_whitespace=True), AfterValidator(self._check)]
        )


class Codes(Expected):
    """A CSV cell's ``;``-separated codes, each one of ``choices``, as a tuple (possibly
    empty): ``Annotated[tuple[str, ...], Codes(STATE_CODES)]``. A broken cell reads "expected
    codes from ['JP', 'RU'] separated by ';', found 'JP;XX'" (or ``expected``'s words)."""

    def __init__(self, choices: Sequence[str], expected: str | None = None) -> None:
        self.choices = tuple(choices)
        super().__init__(expected or f"codes from {list(self.choices)} separated by ';'")

    def _check(self, values: tuple[str, ...]) -> tuple[str, ...]:
        if any(value not in self.choices for value in values):
            raise PydanticCustomError("not_one_of", "not codes from the allowed values")
        return values

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return handler(Annotated[source, BeforeValidator(split_cells), AfterValidator(self._check)])


def known_in(key: str, what: str, hint: str | None = None) -> AfterValidator:
    """A check of another file, written once: the value (or each value of a tuple) must be
    among the validation context's ``key`` (e.g. the configuration years), when the context
    gives it. A broken one reads "unknown {what} 1900; known: [1855, ...]" ("unknown
    {what}(s) [...]" for a tuple), or "; " and ``hint`` instead of the known values."""

    def check(value: Any, info: ValidationInfo) -> Any:
        known = (info.context or {}).get(key)
        if known is None:
            return value
        many = isinstance(value, tuple)
        unknown = [v for v in (value if many else (value,)) if v not in known]
        if unknown:
            shown = f"{what}(s) {unknown!r}" if many else f"{what} {unknown[0]!r}"
            raise rule(f"unknown {shown}; " + (hint or f"known: {sorted(known)}"))
        return value

    return AfterValidator(check)


# --------------------------------------------------------------------------- lists, days, counts

# A list of source ids in a TOML file (SourceIds), worded for one that may not be empty.
SourceIdList = Annotated[SourceIds, Expected("a non-empty list of source ids")]
# A TOML list taken as a tuple (a strict record takes only a tuple as a tuple); its items are
# checked as strictly as ever, and a broken list is shown as the file has it.
TomlList = Strict(False)


def _non_empty(value: object) -> object:
    if isinstance(value, list | tuple) and not value:
        raise PydanticCustomError("too_short", "an empty list")
    return value


# A list that must hold at least one item. Unlike ``Field(min_length=1)``, a list whose items
# are all broken is not also called too short (pydantic counts the items that passed).
NonEmpty = BeforeValidator(_non_empty)


def is_real_date(text: str) -> bool:
    """Whether ``text`` is a day of the calendar written YYYY-MM-DD (not 1956-02-30)."""
    try:
        return bool(re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text)) and bool(
            datetime.date.fromisoformat(text)
        )
    except ValueError:
        return False


def _digits(value: object) -> object:
    if isinstance(value, str) and not (value.isascii() and value.isdigit()):
        raise PydanticCustomError("not_digits", "not a whole number written in digits")
    return value


# A whole number in a CSV cell, written in digits only ("986"; not "+986", "986.0" or "9_86").
Count = Annotated[int, BeforeValidator(_digits), Field(ge=0), Expected("a whole number ≥ 0")]
