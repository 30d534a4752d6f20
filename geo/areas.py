"""Area arithmetic on the atlas geometry, always in an equal-area projection."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

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
