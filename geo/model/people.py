"""People then and now (issue 21): who lived on the four disputed groups at each step.

Nothing here imports Streamlit, and nothing returns markup: every text is plain, and the source
ids of each line are handed back beside it, for the page and the handout to cite.

- :func:`geo.files.residents_census.load_residents_census` reads and checks
  ``data/timeline/residents_census.csv`` (columns and rules: ``data/timeline/README.md``,
  "Residents then and now (issue 21)").
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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from geo.errors import UnknownIdError
from geo.files.codes import DISPUTED_GROUPS
from geo.files.residents_1945 import Residents1945
from geo.files.residents_census import (
    FOUR_ISLANDS,
    GROUP,
    KINDS,
    SETTLEMENT,
    SETTLEMENTS,
    TOGETHER,
    CensusFigure,
)

# The kind of the 1945 figures in a People row: as Japan's Cabinet Office, MOFA and
# hoppou.go.jp publish them (residents_1945.csv), not one of the census file's kinds.
PUBLISHED_1945 = "published"
# Rules of people_at (module docstring).
RULE_1945, RULE_PRESENT, RULE_PERIOD, RULE_NONE = "1945", "present_day", "period", "no_figure"
_PREFERENCE = {kind: rank for rank, kind in enumerate(KINDS)}


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

    ``census``: :func:`geo.files.residents_census.load_residents_census`; ``residents_1945``:
    :func:`geo.files.residents_1945.load_residents_1945`; ``steps``: the configuration years
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
