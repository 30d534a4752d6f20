"""``data/worldviews.toml``: how each authority's own maps draw the area today (Japan's
authorized school atlases, Russia's official position, international reference maps), read
and checked into frozen :class:`Worldview` records (:mod:`geo.model.worldviews` turns one into a
snapshot).

For each status group a worldview says how its maps draw it (``JP``, ``RU``, ``UNDETERMINED``:
left white as attribution undetermined, or ``not_stated``: no source read says), whose claim
they mark, with a note and sources; and which boundary lines they draw."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import StringConstraints

from geo.errors import DataError, data_label, raise_problems
from geo.files.atlas import Atlas
from geo.files.fields import NonEmpty, OneOf, SourceIdList, TomlList, known_in
from geo.files.read import DATA_DIR, read_toml
from geo.files.schema import Expected, Loc, Record, Text, check, duplicates

WORLDVIEWS_PATH = DATA_DIR / "worldviews.toml"
# How the data writes a drawing → the code a unit carries (the map's and the style's code).
DRAWN_AS = {"JP": "JP", "RU": "RU", "UNDETERMINED": "UNDETERMINED", "not_stated": "NOT_STATED"}
CLAIM_CODES = ("JP", "RU")


@dataclass(frozen=True)
class WorldviewGroup:
    """How one worldview's maps draw one status group, and why."""

    group: str
    drawn_as: str  # JP, RU, UNDETERMINED or NOT_STATED
    claim_marked_by: str  # JP, RU or "" (no source read says a claim is marked)
    note: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Worldview:
    """One authority's way of drawing the area today (one ``[[worldview]]`` of the file)."""

    id: str
    label: str
    series: str
    description: str
    boundaries: str
    verification: str
    sources: tuple[str, ...]
    lines: tuple[str, ...]
    line_label: str
    groups: tuple[WorldviewGroup, ...]


# --------------------------------------------------------------------------- the file's schema


class GroupEntry(Record):
    """One ``[[worldview.group]]``: how the worldview's maps draw one status group."""

    group: Annotated[
        str,
        known_in("groups", "group"),
        Expected("a status group of timeline/status.csv"),
    ]
    drawn_as: Annotated[str, OneOf(tuple(DRAWN_AS))]
    claim_marked_by: Annotated[
        str, OneOf(("", *CLAIM_CODES), f'one of {list(CLAIM_CODES)} or ""')
    ] = ""
    note: Text
    sources: SourceIdList


class WorldviewEntry(Record):
    """One ``[[worldview]]``: its id (a link's id), texts, sources, lines and groups."""

    id: Annotated[
        str,
        StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]*$"),
        Expected("letters, digits and _ (a link's id)"),
    ]
    label: Text
    series: Text
    description: Text
    boundaries: Text
    verification: Text
    sources: SourceIdList
    lines: Annotated[
        tuple[str, ...],
        TomlList,
        known_in("line_ids", "line id"),
        Expected("a list of line ids"),
    ] = ()
    line_label: Text
    group: Annotated[
        tuple[Annotated[GroupEntry, Expected("a table")], ...],
        TomlList,
        Expected("[[worldview.group]] tables"),
    ]


class WorldviewsFile(Record):
    worldview: Annotated[
        tuple[Annotated[WorldviewEntry, Expected("a table")], ...],
        TomlList,
        NonEmpty,
        Expected("at least one [[worldview]] table"),
    ]


# --------------------------------------------------------------------------- loading


def load_worldviews(
    path: Path | str | None = None,
    *,
    source_ids: set[str] | frozenset[str],
    groups: tuple[str, ...],
    line_ids: tuple[str, ...],
) -> dict[str, Worldview]:
    """Read and check ``data/worldviews.toml``.

    Every worldview needs an id, its texts, known sources, known line ids, and one group table
    for each status group of the atlas (``groups``), each with a drawing (``JP``, ``RU``,
    ``UNDETERMINED`` or ``not_stated``), a marked claim (``JP``, ``RU`` or ""), a note and known
    sources. Raises one :class:`~geo.errors.DataError` listing every problem (file, entry,
    field, expected, found).
    """
    path = Path(path) if path is not None else WORLDVIEWS_PATH
    label = data_label(path)
    doc = read_toml(path, label)
    places = _Places(doc, groups)
    context = {"source_ids": set(source_ids), "groups": groups, "line_ids": line_ids}
    found, problems = check(WorldviewsFile, doc, label, place=places.place, context=context)
    problems += _twice_or_missing(places, groups, label)
    raise_problems(problems)
    assert found is not None
    return {entry.id: _worldview(entry, groups) for entry in found.worldview}


class _Places:
    """The file's entries as a message names them: ``[[worldview]] 'japan_official'`` (or
    ``#2`` without an id), then ``, group 'urup'`` (or ``group #3`` without a known group)."""

    def __init__(self, doc: dict, groups: tuple[str, ...]) -> None:
        entries = doc.get("worldview")
        self.entries = [e if isinstance(e, dict) else {} for e in entries or ()]
        self.entries = self.entries if isinstance(entries, list) else []
        self.groups = groups

    def of_entry(self, index: int) -> str:
        wid = self.entries[index].get("id")
        return (
            f"[[worldview]] {wid!r}"
            if isinstance(wid, str) and wid
            else f"[[worldview]] #{index + 1}"
        )

    def tables(self, index: int) -> list:
        tables = self.entries[index].get("group")
        return tables if isinstance(tables, list) else []

    def of_group(self, index: int, number: int) -> str:
        table = self.tables(index)[number]
        group = table.get("group") if isinstance(table, dict) else None
        shown = repr(group) if isinstance(group, str) and group in self.groups else f"#{number + 1}"
        return f"{self.of_entry(index)}, group {shown}"

    def place(self, loc: Loc) -> tuple[str | None, Loc]:
        if len(loc) < 2 or loc[0] != "worldview" or not isinstance(loc[1], int):
            return None, loc
        if len(loc) > 3 and loc[2] == "group" and isinstance(loc[3], int):
            return self.of_group(loc[1], loc[3]), loc[4:]
        return self.of_entry(loc[1]), loc[2:]


def _text(table: dict, key: str) -> bool:
    """Whether ``table[key]`` is a text (an id another may repeat)."""
    return isinstance(table.get(key), str)


def _twice_or_missing(places: _Places, groups: tuple[str, ...], label: str) -> list[DataError]:
    """An id used twice, a group given twice in one worldview, a status group left out."""
    ids = [(places.of_entry(i), e["id"]) for i, e in enumerate(places.entries) if _text(e, "id")]
    problems = duplicates(ids, label, lambda i: f"id {i!r} is used twice", "id")
    for index in range(len(places.entries)):
        drawn = [
            (places.of_group(index, number), table.get("group"))
            for number, table in enumerate(places.tables(index))
            if isinstance(table, dict) and table.get("group") in groups
        ]
        problems += duplicates(drawn, label, lambda g: f"group {g!r} is given twice", "group")
        missing = [g for g in groups if g not in {group for _, group in drawn}]
        if missing:
            problems.append(
                DataError(
                    label,
                    f"no [[worldview.group]] for {missing}; every status group needs one",
                    where=places.of_entry(index),
                )
            )
    return problems


def _worldview(entry: WorldviewEntry, groups: tuple[str, ...]) -> Worldview:
    drawn: Mapping[str, GroupEntry] = {g.group: g for g in entry.group}
    return Worldview(
        id=entry.id,
        label=entry.label,
        series=entry.series,
        description=entry.description,
        boundaries=entry.boundaries,
        verification=entry.verification,
        sources=entry.sources,
        lines=entry.lines,
        line_label=entry.line_label,
        groups=tuple(
            WorldviewGroup(
                g,
                DRAWN_AS[drawn[g].drawn_as],
                drawn[g].claim_marked_by,
                drawn[g].note,
                drawn[g].sources,
            )
            for g in groups
            if g in drawn
        ),
    )


def load_for(atlas: Atlas, path: Path | str | None = None) -> dict[str, Worldview]:
    """The worldviews file checked against ``atlas`` (its sources, groups and lines)."""
    return load_worldviews(
        path or atlas.data_dir / "worldviews.toml",
        source_ids=set(atlas.sources.index),
        groups=tuple(atlas.groups),
        line_ids=tuple(atlas.lines["id"]),
    )
