"""``data/timeline/residents_1945.csv``: the Japanese residents of the four disputed groups on
15 August 1945, as published (per islet, per group and in total), read and checked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import pandas as pd

from geo.errors import DataError, data_label, raise_problems
from geo.files.codes import DISPUTED_GROUPS
from geo.files.fields import Count, IsoDate, OneOf, SourceIdCells
from geo.files.read import DATA_DIR, read_csv
from geo.files.schema import OptionalText, Row, Text, cells, check_rows, duplicates

RESIDENTS_PATH = DATA_DIR / "timeline" / "residents_1945.csv"
RESIDENT_COLUMNS = ("unit", "kind", "group", "households", "residents", "as_of", "sources", "note")
RESIDENT_KINDS = ("feature", "group", "total")


class ResidentRow(Row):
    """One published figure: of a drawn islet (``feature``, with its ``group``), of a disputed
    group (``group``: unit and group are the group) or of the four (``total``: unit ``total``,
    no group)."""

    unit: Text
    kind: Annotated[str, OneOf(RESIDENT_KINDS)]
    group: OptionalText = ""
    households: Count
    residents: Count
    as_of: IsoDate
    sources: SourceIdCells
    note: OptionalText = ""


@dataclass(frozen=True)
class Residents1945:
    """Japanese residents of the four groups on 15 Aug 1945, as published.

    Attributes
    ----------
    table : DataFrame, one row per published figure: ``unit``, ``kind`` (feature, group,
        total), ``group``, ``households``, ``residents`` (int), ``as_of``, ``sources`` (tuple),
        ``note``.
    by_group : dict group → residents (the published group figures).
    stated_total : int. The published total.
    sum_of_groups : int. The group figures added up.
    islet_sums : dict group → sum of its published islet figures (only groups with islets).
    """

    table: pd.DataFrame
    by_group: dict[str, int]
    stated_total: int
    sum_of_groups: int
    islet_sums: dict[str, int] = field(default_factory=dict)

    @property
    def groups_add_up(self) -> bool:
        """Whether the group figures add up to the stated total (both are kept either way)."""
        return self.sum_of_groups == self.stated_total


def load_residents_1945(
    path: Path | str | None = None,
    source_ids: set[str] | frozenset[str] | None = None,
    features: Mapping[str, str] | None = None,
) -> Residents1945:
    """Read and check the 1945 residents table.

    Parameters
    ----------
    path : CSV path (default ``data/timeline/residents_1945.csv``).
    source_ids : every known source id (required).
    features : feature id → group (from ``Atlas.areas``); ``feature`` rows must name a
        drawn feature of a disputed group. Optional; unchecked if None.

    Each disputed group needs exactly one ``group`` row, and there must be one ``total`` row.

    Returns
    -------
    Residents1945. Sums that do not match are reported (``groups_add_up``, ``islet_sums``),
    never corrected.

    Raises
    ------
    DataError
        listing every problem (file, line, field, expected, found).
    """
    path = Path(path) if path is not None else RESIDENTS_PATH
    if source_ids is None:
        raise TypeError("load_residents_1945 needs source_ids")
    label = data_label(path)
    rows = read_csv(path, label, RESIDENT_COLUMNS)  # encoding, columns, field counts
    checked, problems = check_rows(
        ResidentRow, rows, label, name=lambda r: r["unit"], context={"source_ids": source_ids}
    )
    problems += duplicates(cells(checked, rows, "unit", "kind"), label, _duplicate)
    for where, row in checked:
        if row is not None:
            problems += _row_problems(row, where, label, features)
    records = [row for _, row in checked if row is not None]
    problems += _absent_rows(records, label)
    raise_problems(problems)
    return _residents(records)


def _duplicate(key: tuple[str, str]) -> str:
    unit, kind = key
    return f"duplicate {kind} {unit!r}"


def _row_problems(
    row: ResidentRow, where: str, label: str, features: Mapping[str, str] | None
) -> list[DataError]:
    """What is wrong with a row beside its cells: a unit and group that do not fit its kind."""
    problems = []
    groups = list(DISPUTED_GROUPS)
    if row.kind == "group" and (row.unit not in groups or row.group != row.unit):
        problems.append(
            DataError(
                label,
                f"expected unit and group both one of {groups}, found {row.unit!r} / {row.group!r}",
                where=where,
                field="unit",
            )
        )
    elif row.kind == "feature" and row.group not in groups:
        problems.append(
            DataError(
                label, where=where, field="group", expected=f"one of {groups}", found=row.group
            )
        )
    elif row.kind == "feature" and features is not None and features.get(row.unit) != row.group:
        problems.append(
            DataError(
                label,
                f"expected a drawn feature of group {row.group!r}, found {row.unit!r}",
                where=where,
                field="unit",
            )
        )
    elif row.kind == "total" and (row.unit != "total" or row.group):
        problems.append(
            DataError(label, "expected unit 'total' and an empty group", where=where, field="unit")
        )
    return problems


def _absent_rows(records: list[ResidentRow], label: str) -> list[DataError]:
    """A problem for a disputed group without its group row, and for a missing total."""
    kinds = {(r.unit, r.kind) for r in records}
    problems = []
    absent = [g for g in DISPUTED_GROUPS if (g, "group") not in kinds]
    if absent:
        problems.append(DataError(label, f"expected a group row for each of {absent}, found none"))
    if ("total", "total") not in kinds:
        problems.append(DataError(label, "expected one 'total' row, found none"))
    return problems


def _residents(records: list[ResidentRow]) -> Residents1945:
    table = pd.DataFrame.from_records(
        [r.model_dump() for r in records], columns=list(RESIDENT_COLUMNS)
    )
    by_group = {r.unit: r.residents for r in records if r.kind == "group"}
    by_group = {g: by_group[g] for g in DISPUTED_GROUPS}
    total = next(r.residents for r in records if r.kind == "total")
    islet_sums: dict[str, int] = {}
    for r in records:
        if r.kind == "feature":
            islet_sums[r.group] = islet_sums.get(r.group, 0) + r.residents
    return Residents1945(
        table=table,
        by_group=by_group,
        stated_total=total,
        sum_of_groups=sum(by_group.values()),
        islet_sums=islet_sums,
    )
