"""Two snapshots side by side: which ids can be compared, and the figures that compare them.

- :func:`snapshot_choices` lists every comparable id (configuration years, scenarios,
  ``custom``); :func:`resolve_snapshot` turns an id into a :class:`~geo.model.snapshot.Snapshot`.
- :class:`CompareState` is the whole state of the compare view (two ids and the custom
  assignment text), small enough for a URL.
- :func:`land_figures` gives each side's land among the four disputed groups (km² in
  EPSG:6933, % of the four, islands, contested land, the published areas);
  :func:`sea_figures` the illustrative nearest-land sea partition; :func:`hand_changes`
  the land that changes hands between two snapshots with the 1945 residents;
  :func:`sea_moves` the sea that changes side.

Pure functions of their inputs; the expensive ones cache per snapshot within the process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import geopandas as gpd
import pandas as pd
import shapely

from geo.errors import UnknownIdError
from geo.files.atlas import Atlas, OfficialArea
from geo.files.codes import DISPUTED_GROUPS, MAP_CODES, STATE_CODES
from geo.files.residents_1945 import Residents1945
from geo.files.scenarios import ID as SCENARIO_ID
from geo.files.scenarios import Scenario
from geo.files.worldviews import Worldview
from geo.model.areas import area_km2, geometry_km2, land_totals
from geo.model.custom import AssignmentError, decode_assignment
from geo.model.scenarios import scenario_snapshot
from geo.model.sea import sea_partition
from geo.model.snapshot import Snapshot, diff, land_frame
from geo.model.timeline import configurations, historical_snapshot
from geo.model.worldviews import worldview_snapshot

CUSTOM = "custom"
DEFAULT_CUSTOM = "h=JP,s=JP,k=RU,e=RU"


def snapshot_choices(
    atlas: Atlas, scenarios: dict[str, Scenario], worldviews: dict[str, Worldview] | None = None
) -> list[str]:
    """Every id the compare view offers: the years (as text), the scenarios, the worldviews
    (how each side's own maps draw it today), ``custom``."""
    return (
        [str(y) for y in configurations(atlas)]
        + list(scenarios)
        + list(worldviews or {})
        + [CUSTOM]
    )


@lru_cache(maxsize=8)
def habomai_islets(atlas: Atlas) -> tuple[str, ...]:
    """The drawn Habomai features a custom assignment may set one by one (once per atlas:
    every rerun asks)."""
    return tuple(atlas.areas.loc[atlas.areas["group"] == "habomai", "id"])


def resolve_snapshot(
    snapshot_id: str,
    atlas: Atlas,
    scenarios: dict[str, Scenario],
    custom: str = "",
    worldviews: dict[str, Worldview] | None = None,
) -> Snapshot:
    """The snapshot named by ``snapshot_id``.

    Parameters
    ----------
    snapshot_id : a configuration year as text (``"1956"``), a scenario id, a worldview id or
        ``"custom"``.
    atlas : Atlas.
    scenarios : the loaded scenarios (``load_scenarios``).
    custom : the encoded custom assignment (``encode_assignment``), used for ``"custom"``.
    worldviews : the loaded worldviews (``geo.files.worldviews.load_for``), if any.

    Raises
    ------
    UnknownIdError
        for an id that is none of these (naming the known ids).
    AssignmentError
        for a malformed custom assignment.
    """
    if snapshot_id == CUSTOM:
        scenario = decode_assignment(custom or DEFAULT_CUSTOM, islets=habomai_islets(atlas))
        return _scenario_snapshot(scenario, atlas)
    if snapshot_id in scenarios:
        return _scenario_snapshot(scenarios[snapshot_id], atlas)
    if worldviews and snapshot_id in worldviews:
        return worldview_snapshot(worldviews[snapshot_id], atlas)
    if (
        isinstance(snapshot_id, str)
        and re.fullmatch(r"\d{4}", snapshot_id)
        and int(snapshot_id) in atlas.configurations
    ):
        return historical_snapshot(int(snapshot_id), atlas)
    raise UnknownIdError("snapshot", snapshot_id, snapshot_choices(atlas, scenarios, worldviews))


@lru_cache(maxsize=32)
def _scenario_snapshot(scenario: Scenario, atlas: Atlas) -> Snapshot:
    present = historical_snapshot(configurations(atlas)[-1], atlas)
    return scenario_snapshot(scenario, present, atlas.areas)


def _unconfirmed(value: object, scenarios: dict[str, Scenario]) -> bool:
    """A link's scenario id that cannot be checked: no scenario could be read (the compare
    view shows the broken file's own DataError instead of its maps). Kept as the link gave it,
    without a notice that would blame the link; anything that cannot be an id is refused."""
    return not scenarios and isinstance(value, str) and bool(SCENARIO_ID.match(value))


@dataclass(frozen=True)
class CompareState:
    """Everything the compare view shows: two snapshot ids and the custom assignment text.

    ``to_params`` gives at most three short query parameters (``left``, ``right`` and, when a
    side is custom, ``custom``); ``from_params`` reads them back, replacing anything unknown
    by the default and saying what it replaced.
    """

    left: str = "decl_1956"
    right: str = "japan_four"
    custom: str = DEFAULT_CUSTOM

    def to_params(self) -> dict[str, str]:
        params = {"left": self.left, "right": self.right}
        if CUSTOM in (self.left, self.right):
            params["custom"] = self.custom
        return params

    @classmethod
    def from_params(
        cls,
        params: dict[str, str],
        atlas: Atlas,
        scenarios: dict[str, Scenario],
        worldviews: dict[str, Worldview] | None = None,
    ) -> tuple[CompareState, list[str]]:
        default = cls()
        choices = snapshot_choices(atlas, scenarios, worldviews)
        problems = []
        values = {}
        for key in ("left", "right"):
            # Only what the link gives is checked: a side it leaves out takes the default with
            # nothing to say (the default is a scenario, absent when they could not be read).
            value = params.get(key, getattr(default, key))
            if key in params and value not in choices and not _unconfirmed(value, scenarios):
                problems.append(
                    f"{key}={str(value)[:40]!r} is not a year, scenario or country's map; "
                    f"showing {getattr(default, key)!r}"
                )
                value = getattr(default, key)
            values[key] = value
        custom = params.get("custom", default.custom)
        try:
            decode_assignment(custom, islets=habomai_islets(atlas))
        except AssignmentError:
            # the assignment's own message may quote the whole bad text: name it briefly
            problems.append(
                f"custom={str(custom)[:40]!r} is not a division the atlas can show "
                f"(e.g. h=JP,s=JP,k=RU,e=0.25); showing {default.custom!r}"
            )
            custom = default.custom
        return cls(custom=custom, **values), problems


# --------------------------------------------------------------------------- land


def _disputed_land(snapshot: Snapshot, atlas: Atlas) -> gpd.GeoDataFrame:
    land = land_frame(snapshot, atlas.areas)
    return land[land["group"].isin(DISPUTED_GROUPS)].reset_index(drop=True)


@lru_cache(maxsize=64)
def land_figures(
    snapshot: Snapshot, atlas: Atlas, official: tuple[tuple[str, float], ...] = ()
) -> pd.DataFrame:
    """Each administrator's land among the four disputed groups under ``snapshot``.

    Parameters
    ----------
    snapshot : Snapshot.
    atlas : Atlas.
    official : (group, published km²) pairs (``load_official_areas``), or empty.

    Returns
    -------
    DataFrame indexed by state code (JP, RU, JOINT, NONE): ``km2`` (EPSG:6933, from the
    atlas geometry), ``pct`` (of the four groups' total; sums to 100), ``islands`` (drawn
    features with land on that side; a divided island counts on both), ``contested_km2``
    (land some other state claims too) and ``official_km2`` (the published group areas,
    prorated by the share of a divided group; NaN without ``official``).
    """
    land = _disputed_land(snapshot, atlas)
    totals = land_totals(land, sides=STATE_CODES)
    totals = totals.rename(columns={"features": "islands"})
    km2 = area_km2(land)
    totals["contested_km2"] = (
        km2[land["contested"].to_numpy()].groupby(land["side"]).sum().reindex(totals.index)
    ).fillna(0.0)
    published = dict(official)
    if published:
        shares: dict[str, float] = {}
        for unit in snapshot.units:
            if unit.group in DISPUTED_GROUPS:
                value = published[unit.group] * unit.share
                shares[unit.administered_by] = shares.get(unit.administered_by, 0.0) + value
        totals["official_km2"] = pd.Series(shares).reindex(totals.index).fillna(0.0)
    else:
        totals["official_km2"] = float("nan")
    return totals


def official_pairs(official: dict[str, OfficialArea]) -> tuple[tuple[str, float], ...]:
    """The published areas as hashable (group, km²) pairs for :func:`land_figures`."""
    return tuple((g, a.area_km2) for g, a in official.items())


@lru_cache(maxsize=64)
def unit_km2(snapshot: Snapshot, atlas: Atlas) -> dict[str, float]:
    """Land area of every unit of ``snapshot`` in km² (EPSG:6933), unit id → km²."""
    land = land_frame(snapshot, atlas.areas)
    km2 = area_km2(land).groupby(land["unit"]).sum()
    return {unit.id: float(km2.get(unit.id, 0.0)) for unit in snapshot.units}


# --------------------------------------------------------------------------- sea


@lru_cache(maxsize=32)
def sea_figures(snapshot: Snapshot, atlas: Atlas):
    """The ILLUSTRATIVE sea partition (:func:`geo.model.sea.sea_partition`) of ``snapshot``.

    The sea within 200 nautical miles of the four groups, divided by which administrator's
    land is nearest; all drawn land counts (Hokkaido, Urup...). Not a legal delimitation.
    About half a second; cached per snapshot.
    """
    land = land_frame(snapshot, atlas.areas)
    core = shapely.union_all(_disputed_land(snapshot, atlas).geometry.to_numpy())
    return sea_partition(land, core, sides=MAP_CODES)  # a worldview draws land undetermined


def sea_moves(before, after) -> pd.DataFrame:
    """Sea that is nearer a different side in ``after`` than in ``before`` (km², EPSG:6933).

    Returns a DataFrame with ``from``, ``to`` and ``km2``, one row per pair of different
    sides with sea moving between them (largest first); empty if nothing moves.
    """
    rows = []
    a_parts = before.parts.set_index("side").geometry
    b_parts = after.parts.set_index("side").geometry
    for old, geom_a in a_parts.items():
        for new, geom_b in b_parts.items():
            if old == new or geom_a.is_empty or geom_b.is_empty:
                continue
            moved = geom_a.intersection(geom_b)
            km2 = geometry_km2(moved) if not moved.is_empty else 0.0
            if km2 > 0.5:
                rows.append({"from": old, "to": new, "km2": km2})
    frame = pd.DataFrame(rows, columns=["from", "to", "km2"])
    return frame.sort_values("km2", ascending=False).reset_index(drop=True)


# --------------------------------------------------------------------------- changes of hands


@dataclass(frozen=True)
class HandChange:
    """Land of one disputed group whose administrator differs between two snapshots.

    Attributes
    ----------
    group : str.
    moves : tuple of (from code, to code, km²), km² in EPSG:6933.
    km2 : float. All land of the group that changes hands.
    residents : int or None. Japanese residents on 15 Aug 1945 of the land that changes hands
        (published figures), None where no published figure covers exactly that land.
    residents_note : str. Why the figure is missing or partial; empty otherwise.
    residents_why : tuple. The same reason as (catalogue key in ``[residents]``, then
        (name, value) pairs), for the interface's other languages; empty if there is none.
    """

    group: str
    moves: tuple[tuple[str, str, float], ...]
    km2: float
    residents: int | None
    residents_note: str = ""
    residents_why: tuple = ()


def hand_changes(
    before: Snapshot, after: Snapshot, atlas: Atlas, residents: Residents1945 | None = None
) -> list[HandChange]:
    """The disputed groups whose land changes administrator from ``before`` to ``after``."""
    land_a, land_b = _disputed_land(before, atlas), _disputed_land(after, atlas)
    changes = []
    for change in diff(before, after):
        if change.group not in DISPUTED_GROUPS or not change.changes_hands:
            continue
        a = land_a[land_a["group"] == change.group]
        b = land_b[land_b["group"] == change.group]
        moves: dict[tuple[str, str], float] = {}
        moved_features = set()
        for fid_a, side_a, geom_a in zip(a["id"], a["side"], a.geometry):
            for side_b, geom_b in zip(b["side"], b.geometry):
                if side_a == side_b or not geom_a.intersects(geom_b):
                    continue
                km2 = geometry_km2(geom_a.intersection(geom_b))
                if km2 > 0:
                    moves[(side_a, side_b)] = moves.get((side_a, side_b), 0.0) + km2
                    moved_features.add(fid_a)
        if not moves:
            continue
        divided = any(u.divided for u in (*change.before, *change.after))
        number, note, why = _residents(change.group, moved_features, divided, atlas, residents)
        changes.append(
            HandChange(
                group=change.group,
                moves=tuple((f, t, km2) for (f, t), km2 in moves.items()),
                km2=sum(moves.values()),
                residents=number,
                residents_note=note,
                residents_why=why,
            )
        )
    return changes


def _residents(
    group: str, moved: set, divided: bool, atlas: Atlas, residents: Residents1945 | None
) -> tuple[int | None, str, tuple]:
    """The published 1945 residents of the moved land, or None; why, in English and as a
    catalogue key with its values (see ``HandChange.residents_why``)."""
    if residents is None:
        return None, "no residents table given", ("no_table",)
    whole = residents.by_group[group]
    if divided:
        return (
            None,
            (
                f"{whole:,} lived on the whole island; the published figures are by village, "
                "and the atlas does not place villages on either side of the line"
            ),
            ("divided", ("count", whole)),
        )
    features = set(atlas.areas.loc[atlas.areas["group"] == group, "id"])
    if moved >= features:
        return whole, "", ()
    table = residents.table
    published = dict(
        zip(
            table.loc[table["kind"] == "feature", "unit"],
            table.loc[table["kind"] == "feature", "residents"],
        )
    )
    missing = sorted(f for f in moved if f not in published)
    known = [f for f in moved if f in published]
    if not known:
        return (
            None,
            f"no published figure for {', '.join(missing)}",
            ("no_figure", ("features", tuple(missing))),
        )
    total = int(sum(published[f] for f in known))
    if missing:
        return (
            total,
            f"named islets only; no published figure for {', '.join(missing)}",
            ("named_only", ("features", tuple(missing))),
        )
    return total, "", ()
