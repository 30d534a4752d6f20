"""The status timeline: who administers and who claims each area in each configuration."""

from __future__ import annotations

from functools import lru_cache

import geopandas as gpd
import pandas as pd

from geo.errors import UnknownIdError
from geo.files.atlas import Atlas, Configuration, Event
from geo.files.codes import NAME_FIELDS
from geo.files.status import STATUS_COLUMNS
from geo.model.snapshot import HISTORICAL, STATUS_FIELDS, Snapshot, Unit, diff


def load_areas(atlas: Atlas) -> gpd.GeoDataFrame:
    """Every drawn feature, EPSG:4326: ``id``, ``group``, the five name fields, ``geometry``.

    A fresh copy on every call, so callers may modify it.
    """
    feature_names = names_of(atlas, "feature")
    group_names = names_of(atlas, "group")
    areas = atlas.areas.copy()
    for column in NAME_FIELDS:
        areas[column] = areas["id"].map(feature_names[column])
        areas[f"group_{column}"] = areas["group"].map(group_names[column])
    return areas


@lru_cache(maxsize=32)
def names_of(atlas: Atlas, kind: str) -> pd.DataFrame:
    """The names table for one kind (``feature``, ``group`` or ``undrawn``), indexed by id.

    Cached per atlas (every view asks on every rerun): treat the frame as read-only.
    """
    return atlas.names[atlas.names["kind"] == kind].set_index("id")


def configurations(atlas: Atlas) -> list[int]:
    """The configuration years, ascending."""
    return list(atlas.configurations)


def configuration_info(year: int, atlas: Atlas) -> Configuration:
    """The instrument, article, quote, readings and sources of one configuration."""
    try:
        return atlas.configurations[year]
    except (KeyError, TypeError):
        raise UnknownIdError("configuration year", year, list(atlas.configurations)) from None


def configuration(year: int, atlas: Atlas) -> gpd.GeoDataFrame:
    """Every feature with its status in the configuration of ``year``, EPSG:4326.

    Columns: those of :func:`load_areas` plus ``administered_by`` (JP, RU, JOINT or NONE),
    ``administering_state`` (that year's name, e.g. "USSR"), ``claimed_by`` (tuple of codes,
    the administrator included), ``transfer_promised_to``, ``transfer_condition``,
    ``event_date``, ``basis_instrument``, ``basis_article``, ``note`` and ``sources`` (tuple
    of source ids).
    """
    configuration_info(year, atlas)
    status = atlas.status[atlas.status["year"] == year].drop(columns="year")
    merged = load_areas(atlas).merge(status, on="group", how="left", validate="many_to_one")
    return gpd.GeoDataFrame(merged, geometry="geometry", crs=atlas.areas.crs)


def lines_for(year: int, atlas: Atlas) -> gpd.GeoDataFrame:
    """The treaty and boundary lines drawn in the configuration of ``year``."""
    configuration_info(year, atlas)
    keep = atlas.lines["years"].map(lambda years: year in years)
    return atlas.lines[keep].copy()


@lru_cache(maxsize=32)
def historical_snapshot(year: int, atlas: Atlas) -> Snapshot:
    """The resolved snapshot of the configuration of ``year`` (one unit per group).

    Built once per (year, atlas) and shared: a snapshot is immutable. Raises UnknownIdError
    naming the known years for an unknown year.
    """
    info = configuration_info(year, atlas)
    features = {
        group: tuple(atlas.areas.loc[atlas.areas["group"] == group, "id"]) for group in atlas.groups
    }
    status = atlas.status[atlas.status["year"] == year].set_index("group")
    units = tuple(
        Unit(
            id=group,
            group=group,
            features=features[group],
            **{k: status.loc[group, k] for k in UNIT_FIELDS},
        )
        for group in atlas.groups
    )
    return Snapshot(
        id=str(year),
        kind=HISTORICAL,
        label=info.label,
        subtitle=info.instrument_en,
        tag=str(year),
        year=year,
        units=units,
        lines=tuple(sorted(lines_for(year, atlas)["id"])),
        sources=tuple(info.sources),
        description=info.summary,
    )


# status.csv columns carried by each historical unit (all but the row's key)
UNIT_FIELDS = tuple(c for c in STATUS_COLUMNS if c not in ("year", "group"))


def changes_since_previous(year: int, atlas: Atlas) -> list[dict]:
    """Groups whose status differs from the previous configuration, with before and after.

    Empty for the first configuration. Computed by :func:`geo.model.snapshot.diff` of the two
    snapshots (the same rule as the compare view).
    """
    years = configurations(atlas)
    configuration_info(year, atlas)
    index = years.index(year)
    if index == 0:
        return []
    before = historical_snapshot(years[index - 1], atlas)
    after = historical_snapshot(year, atlas)
    return [
        {
            "group": change.group,
            "fields": list(change.fields),
            "before": {f: getattr(change.before[0], f) for f in STATUS_FIELDS},
            "after": {f: getattr(change.after[0], f) for f in STATUS_FIELDS},
        }
        for change in diff(before, after)
    ]


def events(atlas: Atlas) -> list[Event]:
    """Every sourced event of ``timeline/events.csv``, chronologically.

    Events add context to a configuration; none changes who administers or claims an area.
    """
    return sorted(atlas.events, key=lambda event: event.sort_key)


def events_for(year: int, atlas: Atlas) -> list[Event]:
    """The events shown with the configuration of ``year``, chronologically.

    Each event belongs to the configuration in force at its date (rule in
    data/timeline/README.md); raises UnknownIdError for an unknown year.
    """
    configuration_info(year, atlas)
    return [event for event in events(atlas) if event.configuration == year]
