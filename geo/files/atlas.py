"""The records of the atlas: what its loaders (:func:`geo.files.loading.load_atlas` and the
modules of geo/files it reads each file with) build from the data files and every layer above
reads. Frozen; treat the tables of :class:`Atlas` as read-only."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

# A date of events.csv: a year, a year and month, or a whole date.
EVENT_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class Reading:
    """How Japan's and Russia's governments each read an instrument on one topic.

    ``japan`` and ``russia`` hold government positions only; ``scholarship`` (optional) holds
    scholarly or encyclopedic views, labelled as such. ``sources`` is every source of the reading;
    ``japan_sources`` / ``russia_sources`` / ``scholarship_sources`` say which back which column
    (empty when the data gives only the combined list).
    """

    topic: str
    japan: str
    russia: str
    sources: tuple[str, ...]
    japan_sources: tuple[str, ...] = ()
    russia_sources: tuple[str, ...] = ()
    scholarship: str = ""
    scholarship_sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Configuration:
    """One moment of the timeline: the instrument or event that set the statuses."""

    year: int
    date: str
    label: str
    summary: str
    sources: tuple[str, ...]
    instrument_en: str = ""
    instrument_ja: str = ""
    instrument_ru: str = ""
    key_article: str = ""
    quote: str = ""
    quote_translation: str = ""
    quote_source: str = ""
    quote_original: str = ""
    quote_original_source: str = ""
    changes: str = ""
    readings: tuple[Reading, ...] = ()


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: a cache key
class Atlas:
    """Every validated table of the atlas. Treat as read-only; accessors hand out copies."""

    data_dir: Path
    areas: gpd.GeoDataFrame
    lines: gpd.GeoDataFrame
    names: pd.DataFrame
    sources: pd.DataFrame
    configurations: dict[int, Configuration]
    status: pd.DataFrame
    groups: tuple[str, ...] = field(default=())
    events: tuple[Event, ...] = field(default=())


@dataclass(frozen=True)
class Event:
    """A sourced event shown on the page of one configuration; it does not change the map."""

    id: str
    date: str
    title: str
    summary: str
    configuration: int
    sources: tuple[str, ...]
    date_qualifier: str = ""
    end_date: str = ""
    instrument: str = ""
    article: str = ""
    quote: str = ""
    quote_source: str = ""
    japan_reading: str = ""
    russia_reading: str = ""
    reading_sources: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()

    @property
    def sort_key(self) -> tuple[int, int, int, int]:
        """Chronological key: a partial date sorts at its first day; "before" just before it."""
        start = date_bounds(self.date)[0]
        return (*start, 0 if self.date_qualifier == "before" else 1)

    @property
    def when(self) -> str:
        """The date as a reader sees it, e.g. "before 7 February 1855", "1947-1949"."""
        text = format_date(self.date)
        if self.end_date:
            text = f"{text}\u2013{format_date(self.end_date)}"
        return f"before {text}" if self.date_qualifier == "before" else text


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(value: str) -> str:
    match = EVENT_DATE.match(value)
    if not match:
        raise ValueError(f"not a date of events.csv: {value!r}")
    year, month, day = match.groups()
    if day:
        return f"{int(day)} {_MONTHS[int(month) - 1]} {year}"
    if month:
        return f"{_MONTHS[int(month) - 1]} {year}"
    return year


def date_bounds(value: str) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """First and last day of a YYYY, YYYY-MM or YYYY-MM-DD date; ValueError if invalid."""
    import calendar
    import datetime

    match = EVENT_DATE.match(value)
    if not match:
        raise ValueError(value)
    year = int(match.group(1))
    month, day = (int(v) if v else None for v in match.groups()[1:])
    if month is None:
        return (year, 1, 1), (year, 12, 31)
    if not 1 <= month <= 12:
        raise ValueError(value)
    if day is None:
        return (year, month, 1), (year, month, calendar.monthrange(year, month)[1])
    datetime.date(year, month, day)  # raises ValueError for 1999-02-30
    return (year, month, day), (year, month, day)


@dataclass(frozen=True)
class OfficialArea:
    """A published land area of one disputed group (Japan's MOFA, from GSI's survey).

    ``area_km2`` includes the surrounding islets and rocks; ``island_only_km2`` does not.
    """

    group: str
    area_km2: float
    island_only_km2: float
    basis: str
    sources: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class QuoteText:
    """A Japanese or Russian text beside a quote (``quote``: ``configuration.<year>`` or
    ``event.<id>``); ``note`` (English) says what it is and where it was read."""

    quote: str
    lang: str
    kind: str
    text: str
    source: str
    note: str
