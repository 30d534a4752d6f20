"""Worldviews: how one authority's own maps draw the area today, as snapshots (issue 21).

``data/worldviews.toml`` records, for each worldview (Japan's authorized school atlases,
Russia's official position, international reference maps), how its maps draw every status
group: ``JP``, ``RU``, ``UNDETERMINED`` (left white: attribution undetermined, 帰属未定) or
``not_stated`` (no source read says), whose claim they mark, the boundary lines they draw, and
the sources of each. :func:`load_worldviews` checks the file; :func:`worldview_snapshot` turns
one worldview into a :class:`~geo.model.snapshot.Snapshot` of kind ``"worldview"``, so that every
view (map, compare, presentation, link, exports, print) shows it like a year or a scenario.

In such a snapshot a unit's ``administered_by`` is how the map *draws* the group, not who
administers it: the views word it "drawn as" (:func:`geo.text.wording.is_drawn`). The texts are
English; their Japanese and Russian are history-text translations
(``data/timeline/translations``). Nothing here imports Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo.errors import data_label
from geo.files.atlas import Atlas
from geo.files.problems import Problems
from geo.files.read import DATA_DIR, read_toml
from geo.model.snapshot import WORLDVIEW, Snapshot, Unit
from geo.model.timeline import configurations

WORLDVIEWS_PATH = DATA_DIR / "worldviews.toml"
# How the data writes a drawing → the code a unit carries (the map's and the style's code).
DRAWN_AS = {"JP": "JP", "RU": "RU", "UNDETERMINED": "UNDETERMINED", "not_stated": "NOT_STATED"}
CLAIM_CODES = ("JP", "RU")
WORLDVIEW_KEYS = (
    "id",
    "label",
    "series",
    "description",
    "boundaries",
    "verification",
    "sources",
    "lines",
    "line_label",
    "group",
)
GROUP_KEYS = ("group", "drawn_as", "claim_marked_by", "note", "sources")
# The texts a worldview's snapshot shows, translated as history texts (geo.text.history_text).
TEXT_FIELDS = ("label", "series", "description", "boundaries", "verification", "line_label")
TAG = "This map"  # the catalogue's history.worldview_tag in English


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
    problems = Problems(label)
    entries = doc.get("worldview")
    if not isinstance(entries, list) or not entries:
        problems.add(expected="at least one [[worldview]] table", found=entries)
        problems.raise_all()
    problems.unknown_keys(doc, ("worldview",), None)
    known = set(source_ids)
    found: dict[str, Worldview] = {}
    for index, entry in enumerate(entries, start=1):
        where = f"[[worldview]] #{index}"
        if not isinstance(entry, dict):
            problems.add(where=where, expected="a table", found=entry)
            continue
        wid = entry.get("id")
        if isinstance(wid, str) and wid:
            where = f"[[worldview]] {wid!r}"
        worldview = _worldview(entry, where, problems, known, groups, line_ids)
        if worldview is None:
            continue
        if worldview.id in found:
            problems.add(f"id {worldview.id!r} is used twice", where=where, field="id")
        found[worldview.id] = worldview
    problems.raise_all()
    return found


def _worldview(entry, where, problems, known, groups, line_ids) -> Worldview | None:
    problems.unknown_keys(entry, WORLDVIEW_KEYS, where)
    wid = problems.text(entry, "id", where)
    if wid and not (wid.isascii() and wid.replace("_", "").isalnum() and wid[0].isalpha()):
        problems.add(
            where=where, field="id", expected="letters, digits and _ (a link's id)", found=wid
        )
    texts = {key: problems.text(entry, key, where) for key in TEXT_FIELDS}
    sources = problems.id_list(entry, "sources", where, known)
    lines = entry.get("lines", [])
    if not isinstance(lines, list) or not all(isinstance(i, str) for i in lines):
        problems.add(where=where, field="lines", expected="a list of line ids", found=lines)
        lines = []
    unknown_lines = [i for i in lines if i not in line_ids]
    if unknown_lines:
        problems.add(
            f"unknown line id(s) {unknown_lines}; every line must be in lines.geojson "
            f"({', '.join(line_ids)})",
            where=where,
            field="lines",
        )
    tables = entry.get("group")
    if not isinstance(tables, list):
        problems.add(
            where=where, field="group", expected="[[worldview.group]] tables", found=tables
        )
        tables = []
    drawn: dict[str, WorldviewGroup] = {}
    for number, table in enumerate(tables, start=1):
        at = f"{where}, group #{number}"
        if not isinstance(table, dict):
            problems.add(where=at, expected="a table", found=table)
            continue
        group = _group(table, at, problems, known, groups)
        if group is None:
            continue
        if group.group in drawn:
            problems.add(f"group {group.group!r} is given twice", where=at, field="group")
        drawn[group.group] = group
    missing = [g for g in groups if g not in drawn]
    if missing:
        problems.add(
            f"no [[worldview.group]] for {missing}; every status group needs one",
            where=where,
        )
    if not wid:
        return None
    return Worldview(
        id=wid,
        sources=sources,
        lines=tuple(lines),
        groups=tuple(drawn[g] for g in groups if g in drawn),
        **texts,
    )


def _group(table, at, problems, known, groups) -> WorldviewGroup | None:
    problems.unknown_keys(table, GROUP_KEYS, at)
    group = table.get("group")
    if group not in groups:
        problems.add(where=at, field="group", expected=f"one of {list(groups)}", found=group)
        return None
    at = f"{at.rsplit(', ', 1)[0]}, group {group!r}"
    drawn_as = table.get("drawn_as")
    if drawn_as not in DRAWN_AS:
        problems.add(
            where=at, field="drawn_as", expected=f"one of {list(DRAWN_AS)}", found=drawn_as
        )
        drawn_as = "not_stated"
    claim = table.get("claim_marked_by", "")
    if claim not in ("", *CLAIM_CODES):
        problems.add(
            where=at,
            field="claim_marked_by",
            expected=f'one of {list(CLAIM_CODES)} or ""',
            found=claim,
        )
        claim = ""
    note = problems.text(table, "note", at)
    sources = problems.id_list(table, "sources", at, known)
    return WorldviewGroup(group, DRAWN_AS[drawn_as], claim, note, sources)


def worldview_snapshot(worldview: Worldview, atlas: Atlas) -> Snapshot:
    """The snapshot of ``worldview``: one unit per group, ``administered_by`` = how its maps
    draw the group, ``claimed_by`` = that drawing and any claim the maps mark (drawn as
    stripes where it is another state's), the group's note and sources; the boundary lines the
    maps draw. Built once per worldview and atlas (immutable)."""
    return _snapshot(worldview, atlas)


@lru_cache(maxsize=16)
def _snapshot(worldview: Worldview, atlas: Atlas) -> Snapshot:
    areas = atlas.areas
    units = []
    for drawn in worldview.groups:
        holder = (drawn.drawn_as,) if drawn.drawn_as in CLAIM_CODES else ()
        marked = (drawn.claim_marked_by,) if drawn.claim_marked_by else ()
        units.append(
            Unit(
                id=drawn.group,
                group=drawn.group,
                features=tuple(areas.loc[areas["group"] == drawn.group, "id"]),
                administered_by=drawn.drawn_as,
                administering_state="",
                claimed_by=tuple(dict.fromkeys(holder + marked)),
                note=drawn.note,
                sources=drawn.sources,
            )
        )
    return Snapshot(
        id=worldview.id,
        kind=WORLDVIEW,
        label=worldview.label,
        subtitle=worldview.series,
        tag=TAG,
        year=configurations(atlas)[-1],
        units=tuple(units),
        lines=worldview.lines,
        sources=worldview.sources,
        description=worldview.description,
        line_label=worldview.line_label,
    )


def load_for(atlas: Atlas, path: Path | str | None = None) -> dict[str, Worldview]:
    """The worldviews file checked against ``atlas`` (its sources, groups and lines)."""
    return load_worldviews(
        path or atlas.data_dir / "worldviews.toml",
        source_ids=set(atlas.sources.index),
        groups=tuple(atlas.groups),
        line_ids=tuple(atlas.lines["id"]),
    )
