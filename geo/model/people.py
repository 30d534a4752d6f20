"""People then and now (issue 21): who lived on the four disputed groups at each step.

Nothing here imports Streamlit, and nothing returns markup: every text is plain, and the source
ids of each line are handed back beside it, for the page and the handout to cite.

- :func:`load_residents_census` reads and checks ``data/timeline/residents_census.csv``
  (columns and rules: ``data/timeline/README.md``, "Residents then and now (issue 21)").
- :func:`people_at` says, for one step of the atlas, which figures the atlas can show.
- :func:`geo.text.people_lines.people_lines` turns that into one short sentence per figure in
  English, Japanese or Russian, from the ``[people]`` section of ``data/messages.toml``.

Rules of :func:`people_at` (``steps`` are the configuration years, ascending; the last one is
the nominal present day):

1. **The 1945 step** (the step whose year is the year of ``residents_1945.csv``'s ``as_of``
   date, 15 Aug 1945): the Japanese residents of each group, then the total as published
   (never the groups added up by the atlas). Nothing from ``residents_census.csv``.
2. **The present day** (the last step): the latest year in which the census file has a row for
   *each* of the four groups (``area`` = the group itself), so that the four lines are of one
   year (2023: Kunashiri 7,715, Etorofu 6,916 and Shikotan 3,772 residents, Rosstat estimates
   for 1 January; Habomai: no residents other than border guards). Then the published total
   of the four islands for that same year, if the file has one (2023: 18,403), and the latest
   row on Japanese residents of the four islands (``four-islands-japanese-residents-now``: none).
   No figure of a later year that is not per group (a district's) and no settlement is shown.
3. **Any other step**: the figures of the *earliest* year, from the step's year up to (not
   including) the next step's year, that has a row for a group, the four islands together or a
   settlement; all rows of that year (1956: the 1959 census of Kurilsk, a settlement on Etorofu,
   since no earlier figure after 1956 is in the file). Each row keeps its own year and kind,
   and a settlement stays a settlement.
4. **Otherwise** (1855, 1875, 1905, 1951): no figure. :attr:`People.rows` is empty and
   :func:`geo.text.people_lines.people_lines` says that the atlas has no sourced count; nothing
   is estimated.

Never: figures of different years or kinds added up, a settlement's figure shown as its
island's, a district's figure shown as an island's (districts and single islets are read and
checked but never chosen: a district covers more than one group, or islands outside the four).
Where one group has two rows of the chosen year, the census is preferred to the estimate and
the estimate to the statement (then the smaller id), so that each group has one line.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from geo.errors import UnknownIdError, data_label
from geo.files.codes import DISPUTED_GROUPS, ISO_DATE
from geo.files.problems import Problems
from geo.files.read import DATA_DIR, read_csv

if TYPE_CHECKING:
    from geo.model.scenarios import Residents1945

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
# The kind of the 1945 figures in a People row: as Japan's Cabinet Office, MOFA and
# hoppou.go.jp publish them (residents_1945.csv), not one of the census file's kinds.
PUBLISHED_1945 = "published"
# Rules of people_at (module docstring).
RULE_1945, RULE_PRESENT, RULE_PERIOD, RULE_NONE = "1945", "present_day", "period", "no_figure"
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_YEAR = re.compile(r"\d{4}")
_COUNT = re.compile(r"\d+")
_PREFERENCE = {kind: rank for rank, kind in enumerate(KINDS)}


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


@dataclass(frozen=True)
class CensusFigure:
    """One row of ``residents_census.csv``: ``count`` people of the kind ``counts`` on
    ``area`` in ``year`` (``date`` when the source gives the day), as ``reported_by`` says."""

    id: str
    area: str
    covers: tuple[str, ...]
    year: int
    date: str
    count: int
    qualifier: str
    counts: str
    kind: str
    reported_by: str
    sources: tuple[str, ...]
    note: str

    @property
    def area_kind(self) -> str:
        return area_kind(self.area)


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
    problems = Problems(label)
    figures: list[CensusFigure] = []
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        where = f"line {line} ({row['id'] or 'no id'})"
        before = len(problems)
        if not _ID.fullmatch(row["id"]):
            problems.add(
                where=where,
                field="id",
                expected="a lowercase id (a-z, 0-9, '-')",
                found=row["id"],
            )
        elif row["id"] in seen:
            problems.add(f"duplicate id {row['id']!r}", where=where, field="id")
        seen.add(row["id"])
        if row["area"] not in AREAS:
            problems.add(
                where=where,
                field="area",
                expected=f"one of {list(AREAS)} (data/timeline/README.md, Area ids)",
                found=row["area"],
            )
        covers = _covers(row, problems, where)
        year = None
        if _YEAR.fullmatch(row["year"]):
            year = int(row["year"])
        else:
            problems.add(where=where, field="year", expected="a year YYYY", found=row["year"])
        if row["date"]:
            if not ISO_DATE.match(row["date"]) or not _real_date(row["date"]):
                problems.add(
                    where=where, field="date", expected="YYYY-MM-DD or empty", found=row["date"]
                )
            elif year is not None and int(row["date"][:4]) != year:
                problems.add(
                    where=where,
                    field="date",
                    expected=f"a date in the row's year {year}",
                    found=row["date"],
                )
        if not _COUNT.fullmatch(row["count"]):
            problems.add(
                where=where, field="count", expected="a whole number ≥ 0", found=row["count"]
            )
        for key, allowed in (("qualifier", QUALIFIERS), ("counts", COUNTS), ("kind", KINDS)):
            if row[key] not in allowed:
                problems.add(
                    where=where, field=key, expected=f"one of {list(allowed)}", found=row[key]
                )
        if not row["reported_by"]:
            problems.add(where=where, field="reported_by", expected="who says it", found="")
        sources = tuple(s.strip() for s in row["source"].split(";") if s.strip())
        if not sources:
            problems.add(where=where, field="source", expected="at least one source id", found="")
        unknown = [s for s in sources if s not in source_ids]
        if unknown:
            problems.add(
                f"unknown source id(s) {unknown}; every source must be listed in sources.csv",
                where=where,
                field="source",
            )
        if len(problems) == before:
            figures.append(
                CensusFigure(
                    id=row["id"],
                    area=row["area"],
                    covers=covers,
                    year=int(row["year"]),
                    date=row["date"],
                    count=int(row["count"]),
                    qualifier=row["qualifier"],
                    counts=row["counts"],
                    kind=row["kind"],
                    reported_by=row["reported_by"],
                    sources=sources,
                    note=row["note"],
                )
            )
    problems.raise_all()
    return tuple(figures)


def _covers(row: dict[str, str], problems: Problems, where: str) -> tuple[str, ...]:
    """The row's ``covers`` as a tuple, after recording what is wrong with it."""
    covers = tuple(c.strip() for c in row["covers"].split(";") if c.strip())
    groups = list(DISPUTED_GROUPS)
    if (
        not covers
        or any(c not in DISPUTED_GROUPS for c in covers)
        or len(set(covers)) < len(covers)
    ):
        problems.add(
            where=where,
            field="covers",
            expected=f"a ';' list of {groups}, each once",
            found=row["covers"],
        )
        return covers
    area = row["area"]
    if area in DISPUTED_GROUPS and covers != (area,):
        problems.add(
            where=where, field="covers", expected=f"{area!r} (itself)", found=row["covers"]
        )
    elif area == FOUR_ISLANDS and set(covers) != set(DISPUTED_GROUPS):
        problems.add(
            where=where, field="covers", expected=f"all four of {groups}", found=row["covers"]
        )
    elif (area in SETTLEMENTS or area in ISLETS) and len(covers) != 1:
        problems.add(
            where=where,
            field="covers",
            expected="the one group it lies on",
            found=row["covers"],
        )
    return covers


def _real_date(value: str) -> bool:
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------- one step


@dataclass(frozen=True)
class PeopleRow:
    """One figure the atlas shows for a step.

    ``area``: a group id, ``four_islands`` or a settlement id; ``area_kind`` says which
    (``group``, ``four_islands``, ``settlement``); ``group``: the group it lies on (empty for
    the four islands together). ``kind``: ``census``, ``estimate``, ``statement`` or, for the
    1945 table, ``published``. ``counts``: who is counted (``japanese_residents`` in 1945).
    ``id``: the row's id in ``residents_census.csv``, or ``residents_1945.<unit>``.
    ``reported_by`` is empty for the 1945 table (its sources say who publishes it).
    """

    id: str
    area: str
    area_kind: str
    group: str
    count: int
    qualifier: str
    year: int
    date: str
    kind: str
    counts: str
    sources: tuple[str, ...]
    reported_by: str
    note: str


@dataclass(frozen=True)
class People:
    """What the atlas can say about who lived on the four groups at one step.

    ``step``: the configuration year; ``rule``: which rule chose the rows (``1945``,
    ``present_day``, ``period``, ``no_figure``; module docstring); ``year``: the year of the
    figures (1945, the present day's year of the four groups, the period's earliest year;
    None without figures). ``rows`` is empty for ``no_figure``.
    """

    step: int
    rule: str
    rows: tuple[PeopleRow, ...] = ()
    year: int | None = None

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source id of the rows, each once, in order."""
        return tuple(dict.fromkeys(s for row in self.rows for s in row.sources))


def people_at(
    year: int,
    census: Iterable[CensusFigure],
    residents_1945: Residents1945,
    steps: Sequence[int],
) -> People:
    """Who lived on the four groups at the step ``year`` (rules: module docstring).

    ``census``: :func:`load_residents_census`; ``residents_1945``:
    :func:`geo.model.scenarios.load_residents_1945`; ``steps``: the configuration years
    (:func:`geo.model.timeline.configurations`). Raises UnknownIdError for a year not in ``steps``.
    """
    steps = sorted(steps)
    if year not in steps:
        raise UnknownIdError("configuration year", year, steps)
    census = tuple(census)
    table = residents_1945.table
    as_of = str(table.loc[table["kind"] == "total", "as_of"].iloc[0])
    if year == int(as_of[:4]):
        return People(year, RULE_1945, _rows_1945(residents_1945), int(as_of[:4]))
    if year == steps[-1]:
        return _present_day(year, census)
    end = steps[steps.index(year) + 1]
    shown = [f for f in census if year <= f.year < end and f.area_kind in _SHOWN]
    if not shown:
        return People(year, RULE_NONE)
    first = min(f.year for f in shown)
    rows = _one_per_area([f for f in shown if f.year == first])
    return People(year, RULE_PERIOD, tuple(_row(f) for f in rows), first)


# Areas a rule may choose (districts and single islets never: module docstring), in the
# order the lines come: the groups in the atlas's order, the four together, the settlements.
_SHOWN = (GROUP, TOGETHER, SETTLEMENT)
_ORDER = {area: i for i, area in enumerate((*DISPUTED_GROUPS, FOUR_ISLANDS, *SETTLEMENTS))}


def _one_per_area(figures: Iterable[CensusFigure]) -> list[CensusFigure]:
    """One figure per (area, who is counted): census before estimate before statement."""
    chosen: dict[tuple[str, str], CensusFigure] = {}
    for f in sorted(figures, key=lambda f: (_PREFERENCE[f.kind], f.id)):
        chosen.setdefault((f.area, f.counts), f)
    return sorted(chosen.values(), key=lambda f: (_ORDER[f.area], f.counts))


def _present_day(step: int, census: tuple[CensusFigure, ...]) -> People:
    by_year: dict[int, set[str]] = {}
    for f in census:
        if f.area_kind == GROUP and f.year <= step and f.counts != "japanese_residents":
            by_year.setdefault(f.year, set()).add(f.area)
    complete = [y for y, areas in by_year.items() if areas == set(DISPUTED_GROUPS)]
    rows: list[CensusFigure] = []
    latest = max(complete) if complete else None
    if latest is not None:
        groups = [
            f
            for f in census
            if f.year == latest and f.area_kind == GROUP and f.counts != "japanese_residents"
        ]
        rows += _one_per_group(groups)
        totals = [
            f
            for f in census
            if f.year == latest and f.area == FOUR_ISLANDS and f.counts == "permanent_population"
        ]
        rows += _one_per_area(totals)
    japanese = [
        f
        for f in census
        if f.area == FOUR_ISLANDS and f.counts == "japanese_residents" and f.year <= step
    ]
    if japanese:
        rows.append(max(japanese, key=lambda f: (f.year, f.date, -_PREFERENCE[f.kind])))
    if not rows:
        return People(step, RULE_NONE)
    return People(step, RULE_PRESENT, tuple(_row(f) for f in rows), latest)


def _one_per_group(figures: list[CensusFigure]) -> list[CensusFigure]:
    """One figure per group (census before estimate before statement), in the atlas's order."""
    chosen: dict[str, CensusFigure] = {}
    for f in sorted(figures, key=lambda f: (_PREFERENCE[f.kind], f.id)):
        chosen.setdefault(f.area, f)
    return [chosen[g] for g in DISPUTED_GROUPS if g in chosen]


def _row(f: CensusFigure) -> PeopleRow:
    kind = f.area_kind
    return PeopleRow(
        id=f.id,
        area=f.area,
        area_kind=kind,
        group="" if kind == TOGETHER else f.covers[0],
        count=f.count,
        qualifier=f.qualifier,
        year=f.year,
        date=f.date,
        kind=f.kind,
        counts=f.counts,
        sources=f.sources,
        reported_by=f.reported_by,
        note=f.note,
    )


def _rows_1945(residents: Residents1945) -> tuple[PeopleRow, ...]:
    """The group rows of the 1945 table in the atlas's order, then its published total."""
    table = residents.table
    rows = []
    for record in table.itertuples(index=False):
        if record.kind not in ("group", "total"):
            continue
        together = record.kind == "total"
        rows.append(
            PeopleRow(
                id=f"residents_1945.{record.unit}",
                area=FOUR_ISLANDS if together else record.unit,
                area_kind=TOGETHER if together else GROUP,
                group="" if together else record.group,
                count=int(record.residents),
                qualifier="",
                year=int(record.as_of[:4]),
                date=record.as_of,
                kind=PUBLISHED_1945,
                counts="japanese_residents",
                sources=tuple(record.sources),
                reported_by="",
                note=record.note,
            )
        )
    return tuple(sorted(rows, key=lambda r: _ORDER[r.area]))
