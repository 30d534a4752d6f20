"""``timeline/status.csv``: who administers and who claims each group of areas.geojson in each
configuration of configurations.toml, on what basis, and from which sources."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
from pydantic import Field, ValidationInfo, field_validator

from geo.errors import DataError, raise_problems
from geo.files.codes import STATE_CODES
from geo.files.fields import Codes, IsoDate, OneOf, SourceIdCells, known_in
from geo.files.schema import (
    Expected,
    OptionalText,
    Row,
    Text,
    cells,
    check_rows,
    csv_columns,
    duplicates,
    read_rows,
    rule,
)


class StatusRow(Row):
    """One group in one configuration (``claimed_by``: codes separated by ';')."""

    year: Annotated[int, Expected("an integer year"), known_in("years", "configuration year")]
    group: Annotated[Text, Expected("an area id"), known_in("groups", "area")]
    administered_by: Annotated[str, OneOf(STATE_CODES)]
    administering_state: Annotated[Text, Expected("the administering state's name")]
    claimed_by: Annotated[tuple[str, ...], Codes(STATE_CODES)] = ()
    transfer_promised_to: Annotated[
        str, OneOf(STATE_CODES, f"one of {list(STATE_CODES)} or empty")
    ] = ""
    transfer_condition: OptionalText = ""
    event_date: Annotated[IsoDate, Expected("YYYY-MM-DD or empty")] = ""
    basis_instrument: OptionalText = ""
    basis_article: OptionalText = ""
    basis_note: Annotated[OptionalText, Field(validate_default=True)] = ""
    note: OptionalText = ""
    sources: SourceIdCells

    @field_validator("basis_note")
    @classmethod
    def _basis_named_or_explained(cls, value: str, info: ValidationInfo) -> str:
        if not (info.data.get("basis_instrument") and info.data.get("basis_article")) and not value:
            raise rule("expected a basis_note saying why no instrument or article is named")
        return value


STATUS_COLUMNS = csv_columns(StatusRow)


def load_status(
    path: Path, label: str, years: set[int], groups: set[str], source_ids: set[str]
) -> pd.DataFrame:
    """Read ``status.csv``: one row per configuration year and group (``years`` and ``groups``
    are those of configurations.toml and areas.geojson, ``source_ids`` those of sources.csv),
    every pair once; every problem is raised together in one DataError."""
    rows = read_rows(StatusRow, path, label)
    context = {"years": years, "groups": groups, "source_ids": source_ids}
    checked, problems = check_rows(
        StatusRow, rows, label, name=lambda row: f"{row['year']}, {row['group']}", context=context
    )
    problems += duplicates(
        cells(checked, rows, "year", "group"),
        label,
        lambda _: "duplicate row for this year and area",
    )
    given = {(row["year"], row["group"]) for row in rows}
    for year in sorted(years):
        missing = sorted(g for g in groups if (str(year), g) not in given)
        if missing:
            problems.append(
                DataError(
                    label,
                    f"configuration {year} has no status for area(s) {missing}; "
                    "every configuration must cover every area",
                )
            )
    raise_problems(problems)
    records = [r.model_dump() for _, r in checked if r]
    return pd.DataFrame.from_records(records, columns=list(STATUS_COLUMNS))
