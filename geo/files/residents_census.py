"""``data/timeline/residents_census.csv``: who lived on the four disputed groups after 1945
(censuses, estimates and statements, each as its source reports it), read and checked.

Columns and rules: ``data/timeline/README.md``, "Residents then and now (issue 21)". What the
atlas shows of it at each step: :mod:`geo.model.people`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    StringConstraints,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from geo.errors import data_label, raise_problems
from geo.files.codes import DISPUTED_GROUPS
from geo.files.fields import Count, OneOf, SourceIdCells, is_real_date, split_cells
from geo.files.read import DATA_DIR, read_csv
from geo.files.schema import (
    Expected,
    OptionalText,
    Row,
    cells,
    check_rows,
    duplicates,
    mismatch,
)

CENSUS_PATH = DATA_DIR / "timeline" / "residents_census.csv"
CENSUS_COLUMNS = (
    "id",
    "area",
    "covers",
    "year",
    "date",
    "count",
    "qualifier",
    "counts",
    "kind",
    "reported_by",
    "source",
    "note",
)
# What a row's ``area`` is (data/timeline/README.md, "Area ids"). An area not listed here is
# refused: the lines need a name for it (groups: names.csv; settlements: [people] messages).
FOUR_ISLANDS = "four_islands"
SETTLEMENTS = ("yuzhno_kurilsk", "kurilsk", "malokurilskoye")
DISTRICTS = ("yuzhno_kurilsky_district", "kurilsky_district")
ISLETS = ("shibotsu",)
AREAS = (*DISPUTED_GROUPS, FOUR_ISLANDS, *SETTLEMENTS, *DISTRICTS, *ISLETS)
GROUP, TOGETHER, SETTLEMENT, DISTRICT, ISLET = (
    "group",
    "four_islands",
    "settlement",
    "district",
    "islet",
)
QUALIFIERS = ("", "approximately")
COUNTS = (
    "permanent_population",
    "civilian_residents",
    "residents_excluding_border_guards",
    "japanese_residents",
)
KINDS = ("census", "estimate", "statement")
_YEAR = re.compile(r"^\d{4}$")


def area_kind(area: str) -> str:
    """What an area id of the census file is: group, four_islands, settlement, district or
    islet (ValueError for an area the file may not name)."""
    if area in DISPUTED_GROUPS:
        return GROUP
    if area == FOUR_ISLANDS:
        return TOGETHER
    for kind, ids in ((SETTLEMENT, SETTLEMENTS), (DISTRICT, DISTRICTS), (ISLET, ISLETS)):
        if area in ids:
            return kind
    raise ValueError(f"unknown area {area!r}; known: {list(AREAS)}")


def _year(value: object) -> object:
    if isinstance(value, str) and not _YEAR.match(value):
        raise PydanticCustomError("not_a_year", "not a year")
    return value


def _day_or_empty(value: str) -> str:
    if value and not is_real_date(value):
        raise PydanticCustomError("not_a_day", "not a day of the calendar")
    return value


CensusId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$"),
    Expected("a lowercase id (a-z, 0-9, '-')"),
]
Year = Annotated[int, BeforeValidator(_year), Expected("a year YYYY")]
COVERS = f"a ';' list of {list(DISPUTED_GROUPS)}, each once"
Covers = Annotated[tuple[str, ...], BeforeValidator(split_cells), Expected(COVERS)]


class CensusFigure(Row):
    """One row of ``residents_census.csv``: ``count`` people of the kind ``counts`` on
    ``area`` in ``year`` (``date`` when the source gives the day), as ``reported_by`` says.

    ``covers``: the groups the area lies on (a group's own row: itself; ``four_islands``: all
    four; a settlement or an islet: the one group), ``;``-separated in the file."""

    id: CensusId
    area: Annotated[str, OneOf(AREAS, f"one of {list(AREAS)} (data/timeline/README.md, Area ids)")]
    covers: Covers
    year: Year
    date: Annotated[str, AfterValidator(_day_or_empty), Expected("YYYY-MM-DD or empty")] = ""
    count: Count
    qualifier: Annotated[str, OneOf(QUALIFIERS)] = ""
    counts: Annotated[str, OneOf(COUNTS)]
    kind: Annotated[str, OneOf(KINDS)]
    reported_by: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1), Expected("who says it")
    ]
    source: SourceIdCells
    note: OptionalText = ""

    @field_validator("covers", mode="wrap")
    @classmethod
    def _covers_its_area(cls, value: Any, handler, info: ValidationInfo) -> tuple[str, ...]:
        """The groups the row's area lies on, each once: itself, all four, or the one group."""
        covers, found = handler(value), value
        if (
            not covers
            or any(g not in DISPUTED_GROUPS for g in covers)
            or len(set(covers)) < len(covers)
        ):
            raise mismatch(COVERS, found)
        area = info.data.get("area")
        if area in DISPUTED_GROUPS and covers != (area,):
            raise mismatch(f"{area!r} (itself)", found)
        if area == FOUR_ISLANDS and set(covers) != set(DISPUTED_GROUPS):
            raise mismatch(f"all four of {list(DISPUTED_GROUPS)}", found)
        if (area in SETTLEMENTS or area in ISLETS) and len(covers) != 1:
            raise mismatch("the one group it lies on", found)
        return covers

    @field_validator("date")
    @classmethod
    def _in_its_year(cls, value: str, info: ValidationInfo) -> str:
        year = info.data.get("year")
        if value and year is not None and int(value[:4]) != year:
            raise mismatch(f"a date in the row's year {year}", value)
        return value

    @property
    def area_kind(self) -> str:
        return area_kind(self.area)

    @property
    def sources(self) -> tuple[str, ...]:
        """The row's source ids (its ``source`` column)."""
        return self.source


def load_residents_census(
    path: Path | str | None = None,
    source_ids: set[str] | frozenset[str] | None = None,
) -> tuple[CensusFigure, ...]:
    """Read and check ``data/timeline/residents_census.csv``, in file order.

    Parameters
    ----------
    path : CSV path (default ``data/timeline/residents_census.csv``).
    source_ids : every id of ``timeline/sources.csv`` (required).

    Every problem is raised together in one :class:`~geo.errors.DataError` naming the file,
    the line (with its id), the field, what was expected and what was found: the columns
    (through the atlas's one CSV reader: encoding, size and row limits, field counts); a
    lowercase, unique ``id``; an ``area`` of the README's list; ``covers`` a ``;`` list of the
    four groups (a group's own row covers itself, ``four_islands`` all four, a settlement or an
    islet one group); ``year`` four digits; ``date`` empty or a real ISO date in that year;
    ``count`` a whole number ≥ 0; ``qualifier``, ``counts`` and ``kind`` from their sets;
    ``reported_by`` not empty; ``source`` at least one id, each in ``sources.csv``.
    """
    path = Path(path) if path is not None else CENSUS_PATH
    if source_ids is None:
        raise TypeError("load_residents_census needs source_ids")
    label = data_label(path)
    rows = read_csv(path, label, CENSUS_COLUMNS)
    checked, problems = check_rows(
        CensusFigure, rows, label, name=lambda r: r["id"], context={"source_ids": source_ids}
    )
    problems += duplicates(cells(checked, rows, "id"), label, lambda i: f"duplicate id {i!r}", "id")
    raise_problems(problems)
    return tuple(figure for _, figure in checked if figure is not None)
