"""``data/scenarios.toml``: settlement scenarios for the four disputed groups, read and checked
into frozen :class:`Scenario` records (:mod:`geo.model.scenarios` turns one into a snapshot,
:mod:`geo.model.custom` builds one from a reader's own division)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from geo.errors import data_label, raise_problems
from geo.files.codes import DISPUTED_GROUPS
from geo.files.fields import NonEmpty, OneOf, SourceIdList, TomlList, is_real_date
from geo.files.read import DATA_DIR, read_toml
from geo.files.schema import (
    Expected,
    Loc,
    OptionalText,
    Record,
    Text,
    check,
    duplicates,
)

SCENARIOS_PATH = DATA_DIR / "scenarios.toml"
# Codes a disputed group can take in a scenario: the atlas's state codes for holders, and
# DISPUTED for "still disputed / left to negotiation" (geo.model.areas.SIDES, the sides of land).
SCENARIO_CODES = ("JP", "RU", "JOINT", "DISPUTED")
SPLIT_EQUAL_AREA = "SPLIT_EQUAL_AREA"
# The one group a scenario may cut in two.
SPLIT_GROUP = "etorofu"
ID = re.compile(r"^[a-z][a-z0-9_]*$")
_YEAR = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class Scenario:
    """Who would hold each disputed group under one scenario.

    Attributes
    ----------
    id, label, proposer, date, description, verification : str. ``date`` is YYYY-MM-DD or
        YYYY (empty for a custom scenario).
    sources : tuple of source ids (``timeline/sources.csv``); empty for a custom scenario.
    allocation : tuple of (group, value) pairs, one per disputed group, in the order of
        ``DISPUTED_GROUPS``. Value: JP, RU, JOINT, DISPUTED, or for ``etorofu`` also
        ``SPLIT_EQUAL_AREA`` or ``SPLIT`` (a fixed share, see ``split_share``).
    islets : tuple of (feature id, code) pairs overriding the Habomai group's value for single
        islets (custom scenarios only).
    split_share : float in [0, 1] or None. Japan's share of Etorofu's area when the
        allocation is ``SPLIT`` (custom scenarios).
    quoted_shares : tuple of QuotedShare.
    custom : bool. True for a scenario built from a user's assignment.
    final : bool. True for a settlement: every group's claims end with the allocation (a
        state keeps no claim to land it does not get). False for a partial step: a group
        left with its present-day holder (or ``DISPUTED``) keeps its present-day claims.
    """

    id: str
    label: str
    proposer: str
    date: str
    description: str
    sources: tuple[str, ...]
    allocation: tuple[tuple[str, str], ...]
    islets: tuple[tuple[str, str], ...] = ()
    split_share: float | None = None
    verification: str = ""
    quoted_shares: tuple[QuotedShare, ...] = ()
    custom: bool = False
    final: bool = False

    def value(self, group: str) -> str:
        """The allocation value of ``group`` (KeyError if it is not a disputed group)."""
        return dict(self.allocation)[group]

    def side_of_feature(self, feature: str, group: str) -> str:
        """The side of one drawn feature: its islet override, else its group's value."""
        return dict(self.islets).get(feature, self.value(group))


# --------------------------------------------------------------------------- the file's schema


def _date_or_year(value: str) -> str:
    if not (_YEAR.match(value) or is_real_date(value)):
        raise PydanticCustomError("date_or_year", "not a date or a year")
    return value


DateOrYear = Annotated[
    str,
    StringConstraints(strip_whitespace=True),
    AfterValidator(_date_or_year),
    Expected("a real date YYYY-MM-DD or a year YYYY"),
]
ScenarioId = Annotated[
    str, StringConstraints(pattern=ID.pattern), Expected("a lowercase id (a-z, 0-9, _)")
]


class QuotedShare(Record):
    """A share of a group quoted at the time of a proposal (e.g. "25 % of Etorofu"), with who
    said it, when, in which words and where it is published."""

    group: Annotated[str, OneOf(DISPUTED_GROUPS)]
    share: Annotated[
        float,
        Field(ge=0, le=1, allow_inf_nan=False),
        Expected("a number in [0, 1] (a fraction, not a percent)"),
    ]
    said_by: Text
    date: DateOrYear
    wording: Text
    sources: SourceIdList


class Allocation(Record):
    """Who holds each disputed group: JP, RU, JOINT or DISPUTED; Etorofu may also be divided
    so that both sides hold equal land among the four (SPLIT_EQUAL_AREA)."""

    habomai: Annotated[str, OneOf(SCENARIO_CODES)]
    shikotan: Annotated[str, OneOf(SCENARIO_CODES)]
    kunashiri: Annotated[str, OneOf(SCENARIO_CODES)]
    etorofu: Annotated[str, OneOf((*SCENARIO_CODES, SPLIT_EQUAL_AREA))]


if tuple(Allocation.model_fields) != DISPUTED_GROUPS:  # one field per disputed group, in order
    raise TypeError(f"Allocation must have one field per disputed group {DISPUTED_GROUPS}")


class ScenarioEntry(Record):
    """One ``[[scenario]]`` of the file."""

    id: ScenarioId
    label: Text
    proposer: Text
    date: DateOrYear
    description: Text
    sources: SourceIdList
    verification: OptionalText = ""
    allocation: Annotated[
        Allocation, Expected(f"a table with one value per group {list(DISPUTED_GROUPS)}")
    ]
    quoted_share: Annotated[
        tuple[Annotated[QuotedShare, Expected("a table")], ...],
        TomlList,
        Expected("[[scenario.quoted_share]] tables"),
    ] = ()
    final: Annotated[
        bool,
        Expected(
            "true (a settlement: claims end with the allocation) or false "
            "(a step: untouched groups keep today's claims)"
        ),
    ]


class ScenariosFile(Record):
    scenario: Annotated[
        tuple[Annotated[ScenarioEntry, Expected("a table")], ...],
        TomlList,
        NonEmpty,
        Expected("at least one [[scenario]] table"),
    ]


# --------------------------------------------------------------------------- loading


def load_scenarios(
    path: Path | str | None = None,
    source_ids: set[str] | frozenset[str] | None = None,
) -> dict[str, Scenario]:
    """Read and check the scenarios file.

    Parameters
    ----------
    path : path of the TOML file (default ``data/scenarios.toml``).
    source_ids : every known source id (``Atlas.sources.index``); every cited id must be one.
        Required: pass ``set(atlas.sources.index)``.

    Returns
    -------
    dict from scenario id to :class:`Scenario`, in file order.

    Raises
    ------
    DataError
        listing every problem found (file, entry, field, expected, found): a missing or
        unknown key, an id that is not lowercase or is used twice, an empty text, a date that
        is neither a real date nor a year, an unknown source id, an allocation that does not
        give each disputed group a code, a quoted share outside [0, 1], ``final`` not true or
        false.
    """
    path = Path(path) if path is not None else SCENARIOS_PATH
    if source_ids is None:
        raise TypeError("load_scenarios needs source_ids (the ids of timeline/sources.csv)")
    label = data_label(path)
    doc = read_toml(path, label)
    entries = doc.get("scenario")
    entries = entries if isinstance(entries, list) else []
    names = [e.get("id") if isinstance(e, dict) else None for e in entries]

    def place(loc: Loc) -> tuple[str | None, Loc]:
        if len(loc) < 2 or loc[0] != "scenario" or not isinstance(loc[1], int):
            return None, loc
        where = f"scenario #{loc[1] + 1}"
        if isinstance(entries[loc[1]], dict):
            where += f" ({names[loc[1]]})"
        if len(loc) > 3 and loc[2] == "quoted_share" and isinstance(loc[3], int):
            return f"{where}, quoted_share #{loc[3] + 1}", loc[4:]
        return where, loc[2:]

    found, problems = check(
        ScenariosFile, doc, label, place=place, context={"source_ids": set(source_ids)}
    )
    ids = [(f"scenario #{n + 1} ({i})", i) for n, i in enumerate(names) if isinstance(i, str)]
    problems += duplicates(
        ids, label, lambda i: f"expected a unique id, found duplicate id {i!r}", "id"
    )
    raise_problems(problems)
    assert found is not None
    return {entry.id: _scenario(entry) for entry in found.scenario}


def _scenario(entry: ScenarioEntry) -> Scenario:
    return Scenario(
        id=entry.id,
        label=entry.label,
        proposer=entry.proposer,
        date=entry.date,
        description=entry.description,
        sources=entry.sources,
        allocation=tuple((g, getattr(entry.allocation, g)) for g in DISPUTED_GROUPS),
        verification=entry.verification,
        quoted_shares=entry.quoted_share,
        final=entry.final,
    )
