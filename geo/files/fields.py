"""Shared field types of the data files' schemas (:mod:`geo.files.schema`), beside its
``Text``, ``WholeNumber``, ``SourceIds``...: a calendar date, a code from a list (:class:`OneOf`)
or several in a CSV cell (:class:`Codes`), ``;``-separated lists in a CSV cell, one source id,
and :func:`known_in`, the one way to check a value against another file (the validation
context's collection of it)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    GetCoreSchemaHandler,
    StringConstraints,
    ValidationInfo,
)
from pydantic_core import CoreSchema, PydanticCustomError

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
    StringConstraints(strip_whitespace=True, pattern=r"^\d{4}-\d{2}-\d{2}$"),
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
