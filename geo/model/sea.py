"""An ILLUSTRATIVE division of the sea near the disputed islands by nearest land (the compare
view's sea figures): not a maritime boundary, measured in an equal-area projection."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pyproj
import shapely
from shapely.geometry.base import BaseGeometry

from geo.model.areas import (
    EEZ_RADIUS_M,
    SIDES,
    WGS84,
    geometry_km2,
    local_crs,
    polygonal,
    transform_geometry,
)

SEA_SAMPLE_M = 1000.0  # spacing of the coastline samples that generate the partition
SEA_DENSIFY_M = 2000.0  # vertex spacing before reprojecting sea polygons to EPSG:6933


@dataclass(frozen=True)
class SeaPartition:
    """An ILLUSTRATIVE division of the sea near the disputed islands by nearest land.

    Not a maritime boundary and not a legal delimitation: real delimitation weighs coasts,
    islands, equity and agreement between the states; this is only "which side's land is
    nearest" on the atlas's simplified coastline.

    Attributes
    ----------
    parts : GeoDataFrame, EPSG:4326, one row per side (``side``, ``km2``, ``pct``,
        ``geometry``); sides with no sea nearest to them have an empty geometry and 0 km².
    region : shapely geometry, EPSG:4326. The whole sea considered (within ``radius_m`` of
        the core land, all land removed).
    region_km2 : float, km² (EPSG:6933).
    crs : pyproj.CRS. The metric projection the partition was built in.
    """

    parts: gpd.GeoDataFrame
    region: BaseGeometry
    region_km2: float
    crs: pyproj.CRS


def sea_partition(
    land: gpd.GeoDataFrame,
    core: BaseGeometry,
    *,
    radius_m: float = EEZ_RADIUS_M,
    sides: tuple[str, ...] = SIDES,
    sample_m: float = SEA_SAMPLE_M,
) -> SeaPartition:
    """Split the sea within ``radius_m`` of ``core`` by which side's land is nearest.

    ILLUSTRATION ONLY, not a legal delimitation (see :class:`SeaPartition`).

    Method: everything is built in :func:`local_crs` centred on ``core``, an azimuthal
    equidistant projection whose distance error stays under 0.2 % within 600 km of the centre
    (the whole 200-nautical-mile zone around the southern Kurils), unlike a UTM zone, which
    these 139-158°E features would stretch over more than one zone. The region is ``core``
    buffered by ``radius_m`` minus every land polygon of ``land``. The coastline of all land
    within ``2 * radius_m`` of ``core`` (farther land cannot be the nearest land of any point
    of the region) is sampled every ``sample_m`` metres; each sample takes the side of the
    land it lies on, the Voronoi cells of the samples are merged by side and cut to the
    region. The cells tile the plane, so the parts cover the region with no gap or overlap;
    the part boundaries are within about ``sample_m / 2`` of the true equidistance lines.
    Areas are measured in EPSG:6933 after densifying to ``SEA_DENSIFY_M``.

    Parameters
    ----------
    land : GeoDataFrame, any CRS, with ``side`` (one of ``sides``) and ``geometry``: every
        land polygon that can be nearest land, e.g. the four disputed groups as a scenario
        assigns them plus the context land each side holds.
    core : geometry, EPSG:4326: the land whose surrounding sea is divided (the four groups).
    radius_m : float, metres. Default 200 nautical miles (370.4 km).
    sides : sides to report, in order.
    sample_m : float, metres. Coastline sample spacing.

    Returns
    -------
    SeaPartition.

    Raises
    ------
    ValueError
        for an unknown side or an empty ``core``.
    """
    unknown = sorted(set(land["side"]) - set(sides))
    if unknown:
        raise ValueError(f"unknown side(s) {unknown}; expected {list(sides)}")
    if core.is_empty:
        raise ValueError("core geometry is empty")
    crs = local_crs(core)
    projected = land.to_crs(crs)
    core_m = transform_geometry(core, WGS84, crs)
    all_land = shapely.union_all(projected.geometry.to_numpy())
    zone = core_m.buffer(radius_m, quad_segs=32)
    region = polygonal(zone.difference(all_land))

    reach = core_m.buffer(2 * radius_m, quad_segs=16)
    coast = shapely.segmentize(all_land.intersection(reach).boundary, sample_m)
    points = np.unique(np.round(shapely.get_coordinates(coast), 1), axis=0)
    point_geoms = shapely.points(points)
    tree = shapely.STRtree(projected.geometry.to_numpy())
    _, nearest = tree.query_nearest(point_geoms, all_matches=False)
    point_side = projected["side"].to_numpy()[nearest]

    cells = shapely.voronoi_polygons(
        shapely.multipoints(points), extend_to=zone.envelope.buffer(radius_m), ordered=True
    )
    cells = np.asarray(cells.geoms)
    records = []
    for side in sides:
        mine = cells[point_side == side]
        merged = shapely.coverage_union_all(mine) if len(mine) else shapely.Polygon()
        part = polygonal(region.intersection(merged)) if not merged.is_empty else merged
        part = shapely.segmentize(part, SEA_DENSIFY_M) if not part.is_empty else part
        records.append({"side": side, "km2": geometry_km2(part, crs), "geometry": part})
    parts = gpd.GeoDataFrame(records, geometry="geometry", crs=crs)
    region_km2 = geometry_km2(shapely.segmentize(region, SEA_DENSIFY_M), crs)
    parts["pct"] = parts["km2"] / parts["km2"].sum() * 100
    parts = parts[["side", "km2", "pct", "geometry"]].to_crs(WGS84)
    return SeaPartition(
        parts=parts,
        region=transform_geometry(region, crs, WGS84),
        region_km2=region_km2,
        crs=crs,
    )
