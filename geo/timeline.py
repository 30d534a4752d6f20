"""The status timeline: who administers and who claims each area in each configuration."""

from __future__ import annotations

from functools import lru_cache

import geopandas as gpd
import pandas as pd

from geo.errors import UnknownIdError
from geo.loading import NAME_FIELDS, Atlas, Configuration, Event, load_atlas


@lru_cache(maxsize=1)
def default_atlas() -> Atlas:
    """The bundled atlas, loaded and validated once per process."""
    return load_atlas()


def load_areas(atlas: Atlas | None = None) -> gpd.GeoDataFrame:
    """Every drawn feature, EPSG:4326: ``id``, ``group``, the five name fields, ``geometry``.

    A fresh copy on every call, so callers may modify it.
    """
    atlas = atlas or default_atlas()
    feature_names = names_of(atlas, "feature")
    group_names = names_of(atlas, "group")
    areas = atlas.areas.copy()
    for column in NAME_FIELDS:
        areas[column] = areas["id"].map(feature_names[column])
        areas[f"group_{column}"] = areas["group"].map(group_names[column])
    return areas


def names_of(atlas: Atlas, kind: str) -> pd.DataFrame:
    """The names table for one kind (``feature``, ``group`` or ``undrawn``), indexed by id."""
    return atlas.names[atlas.names["kind"] == kind].set_index("id")


def claimed_not_administered(administered_by: str, claimed_by: tuple[str, ...]) -> list[str]:
    """The claimants that do not administer the area.

    Under ``JOINT`` administration (e.g. Sakhalin in 1855) the claimants administer it
    together, so none of them counts as claiming without administering.
    """
    if administered_by == "JOINT":
        return []
    return [code for code in claimed_by if code != administered_by]


def configurations(atlas: Atlas | None = None) -> list[int]:
    """The configuration years, ascending."""
    atlas = atlas or default_atlas()
    return list(atlas.configurations)


def configuration_info(year: int, atlas: Atlas | None = None) -> Configuration:
    """The instrument, article, quote, readings and sources of one configuration."""
    atlas = atlas or default_atlas()
    try:
        return atlas.configurations[year]
    except (KeyError, TypeError):
        raise UnknownIdError("configuration year", year, list(atlas.configurations)) from None


def configuration(year: int, atlas: Atlas | None = None) -> gpd.GeoDataFrame:
    """Every feature with its status in the configuration of ``year``, EPSG:4326.

    Columns: those of :func:`load_areas` plus ``administered_by`` (JP, RU, JOINT or NONE),
    ``administering_state`` (that year's name, e.g. "USSR"), ``claimed_by`` (tuple of codes,
    the administrator included), ``transfer_promised_to``, ``transfer_condition``,
    ``event_date``, ``basis_instrument``, ``basis_article``, ``note`` and ``sources`` (tuple
    of source ids).
    """
    atlas = atlas or default_atlas()
    configuration_info(year, atlas)
    status = atlas.status[atlas.status["year"] == year].drop(columns="year")
    merged = load_areas(atlas).merge(status, on="group", how="left", validate="many_to_one")
    return gpd.GeoDataFrame(merged, geometry="geometry", crs=atlas.areas.crs)


def lines_for(year: int, atlas: Atlas | None = None) -> gpd.GeoDataFrame:
    """The treaty and boundary lines drawn in the configuration of ``year``."""
    atlas = atlas or default_atlas()
    configuration_info(year, atlas)
    keep = atlas.lines["years"].map(lambda years: year in years)
    return atlas.lines[keep].copy()


STATUS_FIELDS = ("administered_by", "administering_state", "claimed_by", "transfer_promised_to")


def changes_since_previous(year: int, atlas: Atlas | None = None) -> list[dict]:
    """Groups whose status differs from the previous configuration, with before and after.

    Empty for the first configuration.
    """
    atlas = atlas or default_atlas()
    years = configurations(atlas)
    configuration_info(year, atlas)
    index = years.index(year)
    if index == 0:
        return []
    status = atlas.status.set_index(["year", "group"])
    changes = []
    for group in atlas.groups:
        before = status.loc[(years[index - 1], group)]
        after = status.loc[(year, group)]
        changed = [f for f in STATUS_FIELDS if before[f] != after[f]]
        if changed:
            changes.append(
                {
                    "group": group,
                    "fields": changed,
                    "before": {f: before[f] for f in STATUS_FIELDS},
                    "after": {f: after[f] for f in STATUS_FIELDS},
                }
            )
    return changes


def events(atlas: Atlas | None = None) -> list[Event]:
    """Every sourced event of ``timeline/events.csv``, chronologically.

    Events add context to a configuration; none changes who administers or claims an area.
    """
    atlas = atlas or default_atlas()
    return sorted(atlas.events, key=lambda event: event.sort_key)


def events_for(year: int, atlas: Atlas | None = None) -> list[Event]:
    """The events shown with the configuration of ``year``, chronologically.

    Each event belongs to the configuration in force at its date (rule in
    data/timeline/README.md); raises UnknownIdError for an unknown year.
    """
    atlas = atlas or default_atlas()
    configuration_info(year, atlas)
    return [event for event in events(atlas) if event.configuration == year]
