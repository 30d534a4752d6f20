"""Settlement scenarios for the four disputed groups, drawn: a scenario's land and snapshot.

- :func:`scenario_land` gives every drawn feature its side under a scenario (cutting Etorofu
  where the scenario splits it);
- :func:`scenario_snapshot` turns a scenario into the same resolved
  :class:`~geo.model.snapshot.Snapshot` that a historical year gives, so every view and
  :mod:`geo.model.compare` treat both alike.

The scenarios are read by :func:`geo.files.scenarios.load_scenarios` (``data/scenarios.toml``)
or built from a reader's own division by :func:`geo.model.custom.custom_scenario`. Nothing here
reads Streamlit or caches; every function is pure given its inputs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import geopandas as gpd
import shapely

from geo.files.codes import DISPUTED_GROUPS
from geo.files.scenarios import SPLIT_EQUAL_AREA, SPLIT_GROUP, Scenario
from geo.model.areas import Split, area_km2, equal_area_split, geometry_km2, split_long_axis
from geo.model.snapshot import SCENARIO, Snapshot, Unit

# The group that marks Japan's end of a divided Etorofu.
SPLIT_TOWARD = "kunashiri"


@dataclass(frozen=True)
class ScenarioLand:
    """Every drawn feature with its side under one scenario.

    Attributes
    ----------
    land : GeoDataFrame, EPSG:4326: ``id``, ``group``, ``side``, ``disputed`` (bool) and
        ``geometry``; a split feature has two rows (one per side).
    split : Split or None. The cut of Etorofu, if the scenario splits it.
    """

    land: gpd.GeoDataFrame
    split: Split | None = None


def scenario_land(
    scenario: Scenario,
    areas: gpd.GeoDataFrame,
    context: Mapping[str, str],
    groups: tuple[str, ...] = DISPUTED_GROUPS,
) -> ScenarioLand:
    """Give every feature of ``areas`` its side under ``scenario``.

    Disputed groups take the scenario's value (islet overrides included); other groups take
    ``context`` (today's administrator, from the present-day snapshot). Etorofu, when split,
    is cut across its long axis with Japan's part at the Kunashiri end: for
    ``SPLIT_EQUAL_AREA`` so that Japan's total land among the disputed groups equals Russia's
    (:func:`geo.model.areas.equal_area_split`), for ``SPLIT`` at the scenario's fixed share.

    Parameters
    ----------
    scenario : Scenario.
    areas : GeoDataFrame, EPSG:4326, with ``id``, ``group``, ``geometry`` (``Atlas.areas``).
    context : side of every non-disputed group.
    groups : the disputed groups.

    Returns
    -------
    ScenarioLand.
    """
    rows, split = [], None
    for fid, group, geom in zip(areas["id"], areas["group"], areas.geometry):
        disputed = group in groups
        side = scenario.side_of_feature(fid, group) if disputed else context[group]
        rows.append(
            {"id": fid, "group": group, "side": side, "disputed": disputed, "geometry": geom}
        )
    value = scenario.value(SPLIT_GROUP)
    if value in (SPLIT_EQUAL_AREA, "SPLIT"):
        island = shapely.union_all([r["geometry"] for r in rows if r["group"] == SPLIT_GROUP])
        toward = shapely.union_all([r["geometry"] for r in rows if r["group"] == SPLIT_TOWARD])
        if value == SPLIT_EQUAL_AREA:
            fixed = {
                side: sum(
                    geometry_km2(r["geometry"])
                    for r in rows
                    if r["disputed"] and r["group"] != SPLIT_GROUP and r["side"] == side
                )
                for side in ("JP", "RU")
            }
            split = equal_area_split(
                fixed["JP"], island, toward, second_fixed_km2=fixed["RU"]
            ).split
        else:
            assert scenario.split_share is not None  # a SPLIT allocation has its share
            split = split_long_axis(island, float(scenario.split_share), toward)
        keep = [r for r in rows if r["group"] != SPLIT_GROUP]
        ids = [r["id"] for r in rows if r["group"] == SPLIT_GROUP]
        fid = ids[0] if len(ids) == 1 else SPLIT_GROUP
        for side, part in (("JP", split.near), ("RU", split.far)):
            if not part.is_empty:
                keep.append(
                    {
                        "id": fid,
                        "group": SPLIT_GROUP,
                        "side": side,
                        "disputed": True,
                        "geometry": part,
                    }
                )
        rows = keep
    land = gpd.GeoDataFrame(rows, geometry="geometry", crs=areas.crs)
    return ScenarioLand(land=land, split=split)


# The name of a holder a scenario introduces, when today's data has none for it.
JOINT_STATE_NAME = "Japan and Russia jointly"


def scenario_snapshot(scenario: Scenario, present: Snapshot, areas: gpd.GeoDataFrame) -> Snapshot:
    """The snapshot of ``scenario``, built on the present-day snapshot.

    Rules (the same for the data file's proposals and for a reader's custom division):

    - groups other than the four disputed ones keep their present-day status;
    - a disputed group given to another holder than today's changes hands: administered and
      claimed by the new holder only (both states for ``JOINT``), basis the scenario;
    - a group left ``DISPUTED``, or left with today's holder in a scenario that is not
      ``final``, keeps its present-day status and claims (Japan's claim stays striped);
    - in a ``final`` scenario (a settlement) every disputed group is claimed by its holder
      only;
    - Habomai islets set one by one become units of their own; a divided Etorofu becomes two
      units with their own geometry (:func:`scenario_land`), and the cut line is kept.

    Parameters
    ----------
    scenario : Scenario.
    present : Snapshot. The latest historical snapshot (``timeline.historical_snapshot``).
    areas : GeoDataFrame, EPSG:4326 (``Atlas.areas``).

    Returns
    -------
    Snapshot of kind ``"scenario"`` with ``id`` = the scenario's id.
    """
    context = {
        g: present.unit(g).administered_by for g in present.groups if g not in DISPUTED_GROUPS
    }
    land = scenario_land(scenario, areas, context)
    names = {u.administered_by: u.administering_state for u in present.units}
    names.setdefault("JOINT", JOINT_STATE_NAME)
    units = []
    for today in present.units:
        if today.group not in DISPUTED_GROUPS:
            units.append(today)
            continue
        rows = land.land[land.land["group"] == today.group]
        by_side: dict[str, list] = {}
        for fid, side, geom in zip(rows["id"], rows["side"], rows.geometry):
            by_side.setdefault(side, []).append((fid, geom))
        split = land.split if today.group == SPLIT_GROUP else None  # the group divided
        for side, members in by_side.items():
            unit_id = today.group if len(by_side) == 1 else f"{today.group}_{side.lower()}"
            if split is not None:
                part_share = split.share if side == "JP" else 1 - split.share
                extra = {"features": (), "geometry": members[0][1], "share": part_share}
            else:
                fids = tuple(fid for fid, _ in members)
                extra = {"features": fids, "share": _share(rows, fids)}
            units.append(_scenario_unit(scenario, today, side, unit_id, names, extra))
    cut = land.split.cut if land.split is not None and not land.split.cut.is_empty else None
    return Snapshot(
        id=scenario.id,
        kind=SCENARIO,
        label=scenario.label,
        subtitle=", ".join(v for v in (scenario.proposer, scenario.date) if v),
        tag="Scenario",
        year=present.year,
        units=tuple(units),
        lines=present.lines,
        sources=scenario.sources,
        description=scenario.description,
        cut=cut,
        cut_label=(
            f"Dividing line across {SPLIT_GROUP.title()} (computed by this atlas: a straight "
            "cut across the island's long axis; no line was ever specified)"
            if cut is not None
            else ""
        ),
    )


def _share(rows: gpd.GeoDataFrame, fids: tuple[str, ...]) -> float:
    """The share of a group's land area held by some of its features (EPSG:6933)."""
    km2 = area_km2(rows)
    total = float(km2.sum())
    return float(km2[rows["id"].isin(fids)].sum()) / total if total > 0 else 1.0


def _scenario_unit(
    scenario: Scenario, today: Unit, side: str, unit_id: str, names: dict, extra: dict
) -> Unit:
    """One disputed unit under a scenario, following the rules of :func:`scenario_snapshot`."""
    if side == "DISPUTED" or (side == today.administered_by and not scenario.final):
        why = (
            "Left to negotiation under this scenario; as today."
            if side == "DISPUTED"
            else "Unchanged by this scenario; as today."
        )
        return replace(today, id=unit_id, basis_note=f"{why} {today.basis_note}".strip(), **extra)
    return Unit(
        id=unit_id,
        group=today.group,
        administered_by=side,
        administering_state=names[side],
        claimed_by=("JP", "RU") if side == "JOINT" else (side,),
        event_date=scenario.date,
        basis_instrument=f"Scenario: {scenario.label}",
        basis_note=f"Proposed or stated by: {scenario.proposer}",
        note=scenario.verification,
        sources=scenario.sources,
        **extra,
    )
