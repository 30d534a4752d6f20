"""``timeline/events.csv``: sourced events, each shown on the page of the configuration in
force at its date (they do not change the map), in chronological order."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Annotated

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from geo.errors import DataError, raise_problems
from geo.files.atlas import Configuration, Event, date_bounds
from geo.files.fields import (
    OneOf,
    OptionalSourceId,
    OptionalSourceIdCells,
    SourceIdCells,
    known_in,
    split_cells,
)
from geo.files.schema import (
    Expected,
    OptionalText,
    Row,
    Text,
    cells,
    check_rows,
    duplicates,
    mismatch,
    read_rows,
    rule,
)

# YYYY, YYYY-MM or YYYY-MM-DD: a day or month that is not known is left out.
# "before": the event happened before `date` (e.g. the Ainu before the 1855 treaty).
DATE_QUALIFIERS = ("", "before")
# The last configuration (2026) is a nominal present-day snapshot whose date is a label. It
# shows the events of the Russian Federation era: from 1992, the first year after the USSR
# was dissolved in late 1991. Earlier post-1956 events show with 1956.
PRESENT_DAY_EVENTS_FROM = (1992, 1, 1)
SUMMARY_MAX_CHARS = 1500


def configuration_for_date(
    date: str, qualifier: str, configurations: dict[int, Configuration]
) -> int | None:
    """The configuration whose page shows an event of this date (see data/timeline/README.md).

    The configuration in force at the date: the latest one whose date is on or before it. An
    event before the first configuration shows with the first; the last configuration (the
    nominal present day) takes the events from PRESENT_DAY_EVENTS_FROM on. ``None`` when a
    partial date (YYYY or YYYY-MM) straddles a configuration date, so the rule is ambiguous.
    """
    first, last = date_bounds(date)
    if qualifier == "before":  # the day before the date's first day
        day_before = datetime.date(*first) - datetime.timedelta(days=1)
        first = last = (day_before.year, day_before.month, day_before.day)
    years = sorted(configurations)
    starts = {y: tuple(int(p) for p in configurations[y].date.split("-")) for y in years}
    starts[years[-1]] = PRESENT_DAY_EVENTS_FROM

    def in_force(day: tuple[int, int, int]) -> int:
        chosen = years[0]
        for y in years:
            if starts[y] <= day:
                chosen = y
        return chosen

    at_first, at_last = in_force(first), in_force(last)
    return at_first if at_first == at_last else None


def _a_date(value: str) -> str:
    try:
        date_bounds(value)
    except ValueError:
        raise PydanticCustomError("not_a_date", "not a date") from None
    return value


# A year, a year and month, or a whole date of the calendar.
EventDate = Annotated[str, AfterValidator(_a_date), Expected("a date YYYY, YYYY-MM or YYYY-MM-DD")]


class EventRow(Row):
    """A row of ``events.csv``: see :class:`~geo.files.atlas.Event`. A quote comes with its
    source; the two governments' readings come together, with their sources."""

    id: Annotated[
        str,
        StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$"),
        Expected("a lowercase id (a-z, 0-9, '-')"),
    ]
    date: EventDate
    date_qualifier: Annotated[str, OneOf(DATE_QUALIFIERS)] = ""
    end_date: EventDate = ""
    title: Text
    summary: Annotated[
        Text,
        StringConstraints(max_length=SUMMARY_MAX_CHARS),
        Expected(f"non-empty text of at most {SUMMARY_MAX_CHARS} characters"),
    ]
    instrument: OptionalText = ""
    article: OptionalText = ""
    quote: OptionalText = ""
    quote_source: Annotated[OptionalSourceId, Field(validate_default=True)] = ""
    japan_reading: OptionalText = ""
    russia_reading: Annotated[OptionalText, Field(validate_default=True)] = ""
    reading_sources: Annotated[OptionalSourceIdCells, Field(validate_default=True)] = ()
    groups: Annotated[
        tuple[str, ...],
        BeforeValidator(split_cells),
        Expected("area ids separated by ';'"),
        known_in("groups", "area"),
    ] = ()
    configuration: Annotated[
        int, Expected("a configuration year"), known_in("years", "configuration year")
    ]
    sources: SourceIdCells

    @field_validator("end_date")
    @classmethod
    def _end_after_start(cls, value: str, info: ValidationInfo) -> str:
        date = info.data.get("date")
        if date and date_bounds(value)[1] < date_bounds(date)[0]:
            raise mismatch(f"a date after {date}", value)
        if info.data.get("date_qualifier"):
            raise rule("expected no end_date for a 'before' date")
        return value

    @field_validator("quote_source")
    @classmethod
    def _quote_with_source(cls, value: str, info: ValidationInfo) -> str:
        if "quote" in info.data and bool(info.data["quote"]) != bool(value):
            raise rule("expected a quote and its quote_source together, or neither")
        return value

    @field_validator("russia_reading")
    @classmethod
    def _both_readings(cls, value: str, info: ValidationInfo) -> str:
        japan = info.data.get("japan_reading")
        if japan is not None and bool(japan) != bool(value):
            raise rule(
                "expected both governments' readings, or neither",
                field="russia_reading" if japan else "japan_reading",
            )
        return value

    @field_validator("reading_sources")
    @classmethod
    def _readings_with_sources(cls, value: tuple[str, ...], info: ValidationInfo):
        if info.data.get("japan_reading") and not value:
            raise rule("expected source ids for the readings")
        if value and "japan_reading" in info.data and not info.data["japan_reading"]:
            raise rule("expected no reading_sources without readings")
        return value

    @field_validator("configuration")
    @classmethod
    def _in_force_at_the_date(cls, value: int, info: ValidationInfo) -> int:
        configurations = (info.context or {}).get("configurations")
        date, qualifier = info.data.get("date"), info.data.get("date_qualifier")
        if not configurations or date is None or qualifier is None:
            return value
        expected = configuration_for_date(date, qualifier, configurations)
        if expected is None:
            raise rule(
                f"the partial date {date!r} spans a configuration date; "
                "give the month or day so the configuration is unambiguous",
                field="date",
            )
        if expected != value:
            raise mismatch(f"{expected} (the configuration in force on {date})", value)
        return value


def load_events(
    path: Path,
    label: str,
    configurations: dict[int, Configuration],
    groups: set[str],
    source_ids: set[str],
) -> tuple[Event, ...]:
    """Read ``timeline/events.csv``: every row checked (its configuration and groups those of
    configurations.toml and areas.geojson, its sources those of sources.csv), each id once,
    the rows in chronological order; every problem raised together in one DataError."""
    rows = read_rows(EventRow, path, label)
    context = {
        "configurations": configurations,
        "years": set(configurations),
        "groups": groups,
        "source_ids": source_ids,
    }
    checked, problems = check_rows(EventRow, rows, label, name=lambda r: r["id"], context=context)
    problems += duplicates(cells(checked, rows, "id"), label, lambda i: f"duplicate id {i!r}", "id")
    events, previous = [], None
    for where, row in checked:
        if row is None:
            continue
        event = Event(**row.model_dump())
        if previous is not None and event.sort_key < previous:
            problems.append(
                DataError(
                    label,
                    "rows must be in chronological order; this event is earlier than the row above",
                    where=where,
                    field="date",
                )
            )
        previous = event.sort_key
        events.append(event)
    raise_problems(problems)
    return tuple(events)
