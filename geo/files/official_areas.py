"""``timeline/official_areas.csv``: the published land area of each disputed group (Japan's
MOFA, from GSI's survey), read by the compare view and the questions (not by load_atlas)."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationInfo, field_validator

from geo.errors import DataError, data_label, raise_problems
from geo.files.atlas import OfficialArea
from geo.files.codes import DISPUTED_GROUPS
from geo.files.fields import SourceIdCells
from geo.files.read import DATA_DIR
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
)

PositiveNumber = Annotated[float, Field(gt=0, allow_inf_nan=False), Expected("a positive number")]


class OfficialAreaRow(Row):
    """One group's area: ``area_km2`` with the surrounding islets and rocks,
    ``island_only_km2`` without; ``source``: ids of sources.csv separated by ';'."""

    group: Annotated[Text, Expected("a group id")]
    area_km2: PositiveNumber
    island_only_km2: PositiveNumber
    basis: OptionalText = ""
    source: SourceIdCells
    note: OptionalText = ""

    @field_validator("group")
    @classmethod
    def _a_listed_group(cls, value: str, info: ValidationInfo) -> str:
        groups = (info.context or {}).get("groups", DISPUTED_GROUPS)
        if value not in groups:
            raise mismatch(f"one of {list(groups)}", value)
        return value

    def record(self) -> OfficialArea:
        return OfficialArea(
            self.group, self.area_km2, self.island_only_km2, self.basis, self.source, self.note
        )


def load_official_areas(
    path: Path | str | None = None,
    source_ids: Collection[str] | None = None,
    groups: tuple[str, ...] = DISPUTED_GROUPS,
) -> dict[str, OfficialArea]:
    """Read ``data/timeline/official_areas.csv``: one published area per group of ``groups``.

    Every problem (an unknown, repeated or missing group, a number that is not positive, a
    source id not in ``source_ids`` when given) is collected and raised together in one
    DataError.
    """
    path = Path(path) if path is not None else DATA_DIR / "timeline" / "official_areas.csv"
    label = data_label(path)
    rows = read_rows(OfficialAreaRow, path, label)
    context = {"groups": groups, "source_ids": source_ids}
    checked, problems = check_rows(OfficialAreaRow, rows, label, context=context)
    problems += duplicates(
        cells(checked, rows, "group"),
        label,
        lambda group: f"a second row for {group!r}",
        "group",
    )
    areas = {r.group: r.record() for _, r in checked if r}
    missing = [g for g in groups if g not in {row["group"] for row in rows}]
    if missing:
        problems.append(
            DataError(label, f"expected a row for each of {missing}, found none", field="group")
        )
    raise_problems(problems)
    return areas
