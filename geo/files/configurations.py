"""``timeline/configurations.toml``: one ``[[configuration]]`` per year of the timeline (the
instrument or event that set the statuses, its quote and sources), each with the readings of
both governments (``[[configuration.reading]]``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, Strict, ValidationInfo, field_validator

from geo.errors import raise_problems
from geo.files.atlas import Configuration, Reading
from geo.files.fields import IsoDate, OptionalSourceId
from geo.files.read import read_toml
from geo.files.schema import (
    Expected,
    Loc,
    OptionalSourceIds,
    OptionalText,
    Record,
    SourceIds,
    Text,
    check,
    duplicates,
    mismatch,
    rule,
)


class ReadingEntry(Record):
    """How Japan's and Russia's governments read the instrument on one topic (see
    :class:`~geo.files.atlas.Reading`). ``sources`` may be left out when the columns' lists
    are given: it is then their union."""

    topic: Text
    japan: Text
    russia: Text
    japan_sources: OptionalSourceIds = ()
    russia_sources: Annotated[OptionalSourceIds, Field(validate_default=True)] = ()
    scholarship: OptionalText = ""
    scholarship_sources: Annotated[OptionalSourceIds, Field(validate_default=True)] = ()
    sources: Annotated[SourceIds | None, Field(validate_default=True)] = None

    @field_validator("russia_sources")
    @classmethod
    def _both_columns_or_neither(cls, value: tuple[str, ...], info: ValidationInfo):
        japan = info.data.get("japan_sources")
        if japan is not None and bool(japan) != bool(value):
            raise rule(
                "expected both japan_sources and russia_sources, or neither",
                field="russia_sources" if japan else "japan_sources",
            )
        return value

    @field_validator("scholarship_sources")
    @classmethod
    def _scholarship_is_sourced(cls, value: tuple[str, ...], info: ValidationInfo):
        if info.data.get("scholarship") and not value:
            raise rule("expected at least one source id for the scholarship text")
        return value

    @field_validator("sources")
    @classmethod
    def _union_of_the_columns(cls, value: tuple[str, ...] | None, info: ValidationInfo):
        columns = ("japan_sources", "russia_sources", "scholarship_sources")
        if value is not None or any(c not in info.data for c in columns):
            return value
        union = tuple(dict.fromkeys(s for c in columns for s in info.data[c]))
        if not union:
            raise mismatch("a list of source ids, or japan_sources and russia_sources", None)
        return union


class ConfigurationEntry(Record):
    """One ``[[configuration]]``: see :class:`~geo.files.atlas.Configuration`."""

    year: Annotated[int, Expected("an integer year")]
    date: Annotated[IsoDate, Expected('a date as text, "YYYY-MM-DD"')]
    label: Text
    summary: Text
    instrument_en: OptionalText = ""
    instrument_ja: OptionalText = ""
    instrument_ru: OptionalText = ""
    key_article: OptionalText = ""
    quote: OptionalText = ""
    quote_translation: OptionalText = ""
    quote_source: Annotated[OptionalSourceId, Field(validate_default=True)] = ""
    quote_original: OptionalText = ""
    quote_original_source: Annotated[OptionalSourceId, Field(validate_default=True)] = ""
    changes: OptionalText = ""
    sources: SourceIds
    reading: Annotated[
        tuple[ReadingEntry, ...],
        Strict(False),
        Field(validate_default=True),
        Expected("[[configuration.reading]] tables"),
    ] = ()

    @field_validator("quote_source", "quote_original_source")
    @classmethod
    def _a_quote_has_its_source(cls, value: str, info: ValidationInfo) -> str:
        assert info.field_name is not None  # pydantic names the field it validates
        quote = info.field_name.removesuffix("_source")
        if info.data.get(quote) and not value:
            raise mismatch(f"the source id of its {quote}", None)
        return value

    @field_validator("reading")
    @classmethod
    def _a_quote_or_a_reading(cls, value: tuple[ReadingEntry, ...], info: ValidationInfo):
        if "quote" in info.data and not info.data["quote"] and not value:
            raise rule("expected a quote or at least one reading", field="quote")
        return value

    def record(self) -> Configuration:
        """The configuration as the atlas holds it."""
        readings = tuple(Reading(**r.model_dump()) for r in self.reading)
        return Configuration(**self.model_dump(exclude={"reading"}), readings=readings)


class ConfigurationsFile(Record):
    configuration: Annotated[
        tuple[ConfigurationEntry, ...],
        Strict(False),
        Field(min_length=1),
        Expected("at least one [[configuration]] table"),
    ]


CONFIGURATION_TEXT_KEYS = ("date", "label", "summary")
# The keys a configuration may leave out (texts, and the sources of its quotes).
CONFIGURATION_OPTIONAL_KEYS = tuple(
    key for key, f in ConfigurationEntry.model_fields.items() if f.default == ""
)
READING_KEYS = tuple(ReadingEntry.model_fields)


def load_configurations(path: Path, label: str, source_ids: set[str]) -> dict[int, Configuration]:
    """Read ``timeline/configurations.toml`` into {year: configuration}, by year: every key
    type-checked, every source an id of sources.csv, each year once; every problem is raised
    together in one DataError naming the entry ("configuration #2 (year 1875)", "...,
    reading #1") and the field."""
    doc = read_toml(path, label)
    entries = doc.get("configuration")
    found, problems = check(
        ConfigurationsFile,
        doc,
        label,
        place=_place(entries if isinstance(entries, list) else []),
        context={"source_ids": source_ids},
    )
    if isinstance(entries, list):
        years = (
            (_where(i, entry), entry["year"])
            for i, entry in enumerate(entries)
            if isinstance(entry, dict) and type(entry.get("year")) is int
        )
        problems += duplicates(years, label, lambda y: f"duplicate year {y}", "year")
    raise_problems(problems)
    assert found is not None
    return {c.year: c.record() for c in sorted(found.configuration, key=lambda c: c.year)}


def _where(index: int, entry: Any) -> str:
    """ "configuration #2 (year 1875)" (counted from 1, as the file is read)."""
    year = f" (year {entry.get('year')})" if isinstance(entry, dict) else ""
    return f"configuration #{index + 1}{year}"


def _place(entries: list):
    """Name an error's place as an entry, and a reading of it, of ``entries``."""

    def place(loc: Loc) -> tuple[str | None, Loc]:
        if len(loc) < 2 or loc[0] != "configuration" or not isinstance(loc[1], int):
            return None, loc
        where, rest = _where(loc[1], entries[loc[1]]), loc[2:]
        if len(rest) >= 2 and rest[0] == "reading" and isinstance(rest[1], int):
            where, rest = f"{where}, reading #{rest[1] + 1}", rest[2:]
        return where, rest

    return place
