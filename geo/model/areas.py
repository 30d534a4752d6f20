"""Area arithmetic on the atlas geometry, always in an equal-area projection."""

from __future__ import annotations

import math
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely
from shapely.geometry.base import BaseGeometry

# WGS 84 / NSIDC EASE-Grid 2.0 Global: a cylindrical equal-area projection on the WGS 84
# ellipsoid, in metres. Areas measured in it are true ellipsoidal areas, unlike areas computed
# on longitude/latitude degrees.
EQUAL_AREA_CRS = "EPSG:6933"


def area_km2(gdf: gpd.GeoDataFrame | gpd.GeoSeries) -> pd.Series:
    """Area of each geometry in km².

    Parameters
    ----------
    gdf : GeoDataFrame or GeoSeries with a CRS (the atlas uses EPSG:4326).

    Returns
    -------
    pandas.Series of float, km², indexed like ``gdf``.
    """
    if gdf.crs is None:
        raise ValueError("area_km2 needs a CRS to project from; got a frame without one")
    return gdf.to_crs(EQUAL_AREA_CRS).area / 1e6


def group_area_km2(gdf: gpd.GeoDataFrame) -> pd.Series:
    """Total area in km² of each ``group`` of ``gdf`` (e.g. the four Habomai islets summed)."""
    return area_km2(gdf).groupby(gdf["group"]).sum()


# --------------------------------------------------------------------------- shared helpers
# Everything below is pure: geometry in, numbers and new geometry out, nothing read or cached.
# Input and output geometry is EPSG:4326 (lon/lat degrees). Shapes are cut and buffered in a
# local azimuthal equidistant projection (metres), and every area is measured in
# EQUAL_AREA_CRS (EPSG:6933), never on degrees.

WGS84 = "EPSG:4326"
SIDES = ("JP", "RU", "JOINT", "DISPUTED")
NAUTICAL_MILE_M = 1852.0
EEZ_RADIUS_M = 200 * NAUTICAL_MILE_M  # 370.4 km


def local_crs(geom: BaseGeometry) -> pyproj.CRS:
    """An azimuthal equidistant projection centred on ``geom`` (EPSG:4326), in metres.

    The centre is the centroid of ``geom``'s lon/lat coordinates (a centre for the projection,
    not a measured quantity). Distances from the centre are true; other distances and angles are
    distorted by less than 0.2 % within 600 km of it (the tangential scale factor is
    ``(d/R) / sin(d/R)``), so lines drawn and buffers built in it are close to true on the
    ground at the scale of the southern Kurils.

    Parameters
    ----------
    geom : shapely geometry in EPSG:4326.

    Returns
    -------
    pyproj.CRS, metres.
    """
    centre = geom.centroid
    return pyproj.CRS.from_proj4(
        f"+proj=aeqd +lat_0={centre.y:.6f} +lon_0={centre.x:.6f} +datum=WGS84 +units=m +no_defs"
    )


def transform_geometry(geom: BaseGeometry, source, target) -> BaseGeometry:
    transformer = pyproj.Transformer.from_crs(source, target, always_xy=True)

    def apply(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, apply)


def geometry_km2(geom: BaseGeometry, crs=WGS84) -> float:
    """Area of one geometry in km², measured in EPSG:6933.

    Parameters
    ----------
    geom : shapely geometry (polygonal; other parts have no area).
    crs : CRS of ``geom``; EPSG:4326 by default.

    Returns
    -------
    float, km².
    """
    if geom.is_empty:
        return 0.0
    return float(transform_geometry(geom, crs, EQUAL_AREA_CRS).area / 1e6)


def polygonal(geom: BaseGeometry) -> BaseGeometry:
    """The polygons of ``geom`` (drops points and lines left over by overlay operations)."""
    if geom.is_empty or geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [
        g for g in getattr(geom, "geoms", [geom]) if g.geom_type in ("Polygon", "MultiPolygon")
    ]
    return shapely.union_all(parts) if parts else shapely.Polygon()


# --------------------------------------------------------------------------- splitting an island


@dataclass(frozen=True)
class Split:
    """An island cut in two across its long axis.

    Attributes
    ----------
    near, far : shapely geometry, EPSG:4326. ``near`` is the end nearer the reference geometry.
    share : float in [0, 1]. Actual share of the island's area (EPSG:6933) in ``near``.
    target : float. The share that was asked for.
    near_km2, far_km2, island_km2 : float, km² in EPSG:6933; ``near_km2 + far_km2`` equals
        ``island_km2`` up to floating-point rounding.
    cut : shapely LineString, EPSG:4326. The cut line across the island (empty if the target
        was 0 or 1, when nothing is cut).
    """

    near: BaseGeometry
    far: BaseGeometry
    share: float
    target: float
    near_km2: float
    far_km2: float
    island_km2: float
    cut: BaseGeometry


def long_axis(geom: BaseGeometry) -> tuple[np.ndarray, np.ndarray]:
    """Centre and unit direction of the long axis of a projected geometry.

    The long axis is the direction of the longer side of the minimum rotated rectangle.

    Parameters
    ----------
    geom : shapely geometry in a metric CRS (e.g. :func:`local_crs`).

    Returns
    -------
    (centre, direction) : two numpy arrays of shape (2,), metres and a unit vector.
    """
    rect = np.asarray(shapely.minimum_rotated_rectangle(geom).exterior.coords)[:4]
    edges = np.diff(np.vstack([rect, rect[:1]]), axis=0)
    longest = edges[np.argmax(np.hypot(edges[:, 0], edges[:, 1]))]
    direction = longest / np.hypot(*longest)
    centre = np.asarray(geom.centroid.coords[0])
    return centre, direction


def split_long_axis(
    island: BaseGeometry,
    share: float,
    toward: BaseGeometry,
    *,
    tolerance: float = 1e-4,
    max_iterations: int = 100,
) -> Split:
    """Cut ``island`` across its long axis so that the end nearer ``toward`` has ``share``.

    The long axis is that of the island's minimum rotated rectangle in :func:`local_crs`
    (metres, nearly true angles), oriented towards the centroid of ``toward`` (for Etorofu
    with ``toward`` = Kunashiri this is the south-west end). The cut is a straight line in
    EPSG:6933 whose direction is the ground perpendicular to that axis at the island's
    centre; its position along the axis is found by bisection in EPSG:6933 so that the near
    part holds ``share`` of the island's area. Cutting and measuring in the same equal-area
    plane makes the two parts add up exactly to the island's EPSG:6933 area.

    Parameters
    ----------
    island : Polygon or MultiPolygon, EPSG:4326.
    share : float in [0, 1]. Wanted share of the island's area in the near part.
    toward : geometry, EPSG:4326, that defines which end is "near" (e.g. Kunashiri).
    tolerance : float. Stop when the actual share is within this of ``share`` (default 1e-4,
        i.e. 0.01 % of the island's area).
    max_iterations : int. Bisection steps at most (each halves the interval).

    Returns
    -------
    Split, with both parts in EPSG:4326 and the actual share.

    Raises
    ------
    ValueError
        if ``share`` is outside [0, 1] or not a number, or ``island`` has no area.
    """
    if (
        not isinstance(share, int | float)
        or isinstance(share, bool)
        or not math.isfinite(share)
        or not 0.0 <= float(share) <= 1.0
    ):
        raise ValueError(f"share must be a number in [0, 1], got {share!r}")
    share = float(share)
    shape = transform_geometry(island, WGS84, EQUAL_AREA_CRS)
    island_km2 = shape.area / 1e6
    if island_km2 <= 0:
        raise ValueError("the island has no area")
    if share in (0.0, 1.0):
        near, far = (island, shapely.Polygon()) if share == 1.0 else (shapely.Polygon(), island)
        near_km2 = island_km2 * share
        return Split(
            near,
            far,
            share,
            share,
            near_km2,
            island_km2 - near_km2,
            island_km2,
            shapely.LineString(),
        )

    # the axis and its ground perpendicular, found in the local metric CRS, carried to 6933
    crs = local_crs(island)
    local = transform_geometry(island, WGS84, crs)
    centre, axis = long_axis(local)
    toward_xy = np.asarray(transform_geometry(toward, WGS84, crs).centroid.coords[0])
    if np.dot(toward_xy - centre, axis) < 0:
        axis = -axis
    normal = np.array([-axis[1], axis[0]])
    step = 1000.0
    frame = shapely.MultiPoint([centre, centre + axis * step, centre + normal * step])
    c, a, n = shapely.get_coordinates(
        transform_geometry(transform_geometry(frame, crs, WGS84), WGS84, EQUAL_AREA_CRS)
    )
    axis_ea = (a - c) / np.hypot(*(a - c))
    normal_ea = (n - c) / np.hypot(*(n - c))
    along = (shapely.get_coordinates(shape) - c) @ axis_ea
    reach = float(np.ptp(shapely.get_coordinates(shape), axis=0).max() * 4 + 1.0)

    def line_point(offset: float) -> np.ndarray:
        # the point of the axis line at ``offset`` metres along it (measured in 6933)
        return c + axis_ea * offset

    def near_part(offset: float) -> BaseGeometry:
        # the half-plane on the near side of the cut line through line_point(offset)
        p = line_point(offset)
        q = p + axis_ea * reach
        half = shapely.Polygon(
            [
                p + normal_ea * reach,
                q + normal_ea * reach,
                q - normal_ea * reach,
                p - normal_ea * reach,
            ]
        )
        return polygonal(shape.intersection(half))

    low, high = float(along.min()) - 1.0, float(along.max()) + 1.0  # share 1 at low, 0 at high
    offset, near = low, shape
    for _ in range(max_iterations):
        offset = (low + high) / 2
        near = near_part(offset)
        actual = near.area / 1e6 / island_km2
        if abs(actual - share) <= tolerance:
            break
        if actual > share:
            low = offset
        else:
            high = offset
    far = polygonal(shape.difference(near))
    near_km2, far_km2 = near.area / 1e6, far.area / 1e6
    p = line_point(offset)
    cut = shapely.LineString([p + normal_ea * reach, p - normal_ea * reach]).intersection(shape)
    return Split(
        near=_to_wgs84(near),
        far=_to_wgs84(far),
        share=near_km2 / (near_km2 + far_km2),
        target=share,
        near_km2=near_km2,
        far_km2=far_km2,
        island_km2=near_km2 + far_km2,
        cut=transform_geometry(cut, EQUAL_AREA_CRS, WGS84),
    )


def _to_wgs84(geom: BaseGeometry) -> BaseGeometry:
    """EPSG:6933 polygons back to EPSG:4326, repaired if the transform left them invalid."""
    out = transform_geometry(geom, EQUAL_AREA_CRS, WGS84)
    return out if out.is_valid else polygonal(shapely.make_valid(out))


@dataclass(frozen=True)
class EqualAreaSplit:
    """The division of a disputed area into two equal halves by cutting one island.

    Attributes
    ----------
    share : float in [0, 1]. Share of the cut island's area that goes to the first side.
    first_km2, second_km2 : float, km² (EPSG:6933): the first side's total (its fixed land
        plus the near part) and the second side's (the far part).
    imbalance : float. ``|first_km2 - second_km2| / (first_km2 + second_km2)``.
    split : Split. The cut itself (both parts, EPSG:4326).
    """

    share: float
    first_km2: float
    second_km2: float
    imbalance: float
    split: Split


def equal_area_split(
    first_fixed_km2: float,
    island: BaseGeometry,
    toward: BaseGeometry,
    *,
    second_fixed_km2: float = 0.0,
    tolerance: float = 1e-4,
) -> EqualAreaSplit:
    """Cut ``island`` so that both sides end up with the same land area.

    The first side holds ``first_fixed_km2`` plus the near part of the island (the end nearer
    ``toward``), the second ``second_fixed_km2`` plus the far part. With island area ``A``,
    ``F1 + s A = F2 + (1 - s) A`` gives ``s = (A + F2 - F1) / (2 A)``; :func:`split_long_axis`
    then places the cut by bisection (areas in EPSG:6933), so the imbalance left is at most
    about ``tolerance * A / (F1 + F2 + A)``.

    Parameters
    ----------
    first_fixed_km2 : float, km². The first side's other land (e.g. Habomai + Shikotan +
        Kunashiri for Japan in the 2006 idea), measured with :func:`geometry_km2`.
    island : Polygon or MultiPolygon, EPSG:4326 (e.g. Etorofu).
    toward : geometry, EPSG:4326, marking the first side's end of the island.
    second_fixed_km2 : float, km². The second side's other land (0 in the 2006 idea).
    tolerance : float. Passed to :func:`split_long_axis`.

    Returns
    -------
    EqualAreaSplit.

    Raises
    ------
    ValueError
        if a fixed area is negative or the difference between them is at least the island's
        area (no cut can balance the sides).
    """
    island_km2 = geometry_km2(island)
    if first_fixed_km2 < 0 or second_fixed_km2 < 0:
        raise ValueError("fixed land areas must not be negative")
    share = (island_km2 + second_fixed_km2 - first_fixed_km2) / (2 * island_km2)
    if not 0.0 <= share <= 1.0:
        raise ValueError(
            f"the sides' other land differs by {abs(first_fixed_km2 - second_fixed_km2):.2f} "
            f"km², more than the island's {island_km2:.2f} km²: no cut can balance them"
        )
    split = split_long_axis(island, share, toward, tolerance=tolerance)
    first = first_fixed_km2 + split.near_km2
    second = second_fixed_km2 + split.far_km2
    return EqualAreaSplit(
        share=split.share,
        first_km2=first,
        second_km2=second,
        imbalance=abs(first - second) / (first + second),
        split=split,
    )


# --------------------------------------------------------------------------- land totals


def land_totals(land: gpd.GeoDataFrame, sides: tuple[str, ...] = SIDES) -> pd.DataFrame:
    """Land area and number of features per side, with each side's share of the total.

    Parameters
    ----------
    land : GeoDataFrame with a CRS and columns ``id`` (feature), ``side`` (one of ``sides``)
        and ``geometry``. A feature split between sides appears once per side (one row each).
    sides : the sides to report, in order; a side with no land gets a row of zeros.

    Returns
    -------
    pandas.DataFrame indexed by side, columns ``km2`` (EPSG:6933), ``pct`` (percent of the
    total; the column sums to 100 up to floating-point rounding) and ``features`` (number of
    distinct feature ids with land on that side, so a split feature counts on both sides).

    Raises
    ------
    ValueError
        if a row's side is not in ``sides`` or the land has no area.
    """
    unknown = sorted(set(land["side"]) - set(sides))
    if unknown:
        raise ValueError(f"unknown side(s) {unknown}; expected {list(sides)}")
    frame = pd.DataFrame({"side": land["side"], "id": land["id"], "km2": area_km2(land)})
    total = frame["km2"].sum()
    if not total > 0:
        raise ValueError("the land has no area")
    km2 = frame.groupby("side")["km2"].sum().reindex(list(sides), fill_value=0.0)
    features = frame.groupby("side")["id"].nunique().reindex(list(sides), fill_value=0)
    return pd.DataFrame({"km2": km2, "pct": km2 / total * 100, "features": features})
