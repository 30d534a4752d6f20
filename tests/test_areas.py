"""Area arithmetic: island splits, the equal-area division, land totals, the sea partition."""

from __future__ import annotations

import csv
from itertools import combinations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo.files.codes import DISPUTED_GROUPS
from geo.model import areas
from geo.model.sea import SEA_SAMPLE_M, sea_partition
from tests.conftest import DATA, bundled_atlas

ATLAS = bundled_atlas()
GEOMS = {g: shapely.union_all(f.geometry.to_numpy()) for g, f in ATLAS.areas.groupby("group")}
ETOROFU, KUNASHIRI = GEOMS["etorofu"], GEOMS["kunashiri"]
with open(DATA / "timeline" / "official_areas.csv", encoding="utf-8") as f:
    OFFICIAL = {row["group"]: float(row["area_km2"]) for row in csv.DictReader(f)}


@pytest.mark.parametrize("share", [0.05, 0.2118, 0.25, 0.5, 0.9])
def test_split_reaches_the_asked_share_within_a_tenth_of_a_percent(share):
    split = areas.split_long_axis(ETOROFU, share, KUNASHIRI)
    assert abs(split.share - share) < 1e-3
    # the reported share is what anyone measuring the returned parts in EPSG:6933 gets
    near, far = areas.geometry_km2(split.near), areas.geometry_km2(split.far)
    assert near / (near + far) == pytest.approx(split.share, abs=1e-9)
    assert near + far == pytest.approx(areas.geometry_km2(ETOROFU), rel=1e-6)
    assert areas.geometry_km2(split.near.intersection(split.far)) < 1e-5  # under 10 m²
    assert split.near.is_valid and split.far.is_valid


def test_near_part_is_the_end_nearer_the_reference_geometry():
    split = areas.split_long_axis(ETOROFU, 0.25, KUNASHIRI)
    assert split.near.distance(KUNASHIRI) < split.far.distance(KUNASHIRI)
    # and the far end is the one nearer the land beyond it (Urup), derived, not typed
    assert split.far.distance(GEOMS["urup"]) < split.near.distance(GEOMS["urup"])


def test_cut_is_perpendicular_to_the_long_axis():
    split = areas.split_long_axis(ETOROFU, 0.5, KUNASHIRI)
    crs = areas.local_crs(ETOROFU)
    projected = gpd.GeoSeries([ETOROFU, split.cut], crs="EPSG:4326").to_crs(crs)
    _, axis = areas.long_axis(projected.iloc[0])
    cut = np.asarray(shapely.get_coordinates(projected.iloc[1]))
    direction = cut[-1] - cut[0]
    assert abs(np.dot(direction / np.hypot(*direction), axis)) < 0.01  # within 0.6°


def test_split_of_a_rectangle_halves_it_in_the_middle():
    rectangle = shapely.minimum_rotated_rectangle(ETOROFU)  # derived from the geometry
    split = areas.split_long_axis(rectangle, 0.5, KUNASHIRI)
    assert split.share == pytest.approx(0.5, abs=1e-4)
    crs = areas.local_crs(rectangle)
    rect_m, cut_m = gpd.GeoSeries([rectangle, split.cut], crs="EPSG:4326").to_crs(crs)
    assert cut_m.centroid.distance(rect_m.centroid) < 0.01 * rect_m.length


@pytest.mark.parametrize("share", [0.0, 1.0])
def test_split_at_the_ends_gives_the_whole_island_to_one_side(share):
    split = areas.split_long_axis(ETOROFU, share, KUNASHIRI)
    assert split.share == share
    assert (split.near.is_empty, split.far.is_empty) == (share == 0.0, share == 1.0)


@pytest.mark.parametrize("share", [-0.1, 1.5, float("nan"), "0.5", None])
def test_split_rejects_a_share_outside_zero_to_one(share):
    with pytest.raises(ValueError, match="share"):
        areas.split_long_axis(ETOROFU, share, KUNASHIRI)


def _japan_fixed_km2() -> float:
    return sum(areas.geometry_km2(GEOMS[g]) for g in ("habomai", "shikotan", "kunashiri"))


def test_equal_area_split_balances_within_half_a_percent():
    result = areas.equal_area_split(_japan_fixed_km2(), ETOROFU, KUNASHIRI)
    assert result.imbalance < 0.005
    assert result.first_km2 == pytest.approx(result.second_km2, rel=0.005)
    total = sum(areas.geometry_km2(GEOMS[g]) for g in DISPUTED_GROUPS)
    assert result.first_km2 + result.second_km2 == pytest.approx(total, rel=1e-6)


def test_equal_area_share_agrees_with_the_official_areas():
    result = areas.equal_area_split(_japan_fixed_km2(), ETOROFU, KUNASHIRI)
    fixed = OFFICIAL["habomai"] + OFFICIAL["shikotan"] + OFFICIAL["kunashiri"]
    official_share = (OFFICIAL["etorofu"] - fixed) / (2 * OFFICIAL["etorofu"])
    assert result.share == pytest.approx(official_share, abs=0.005)


def test_equal_area_split_with_land_on_both_sides_balances():
    result = areas.equal_area_split(
        _japan_fixed_km2(), ETOROFU, KUNASHIRI, second_fixed_km2=areas.geometry_km2(GEOMS["urup"])
    )
    assert result.imbalance < 0.005


def test_equal_area_split_refuses_an_impossible_balance():
    with pytest.raises(ValueError, match="no cut can balance"):
        areas.equal_area_split(areas.geometry_km2(ETOROFU) * 1.5, ETOROFU, KUNASHIRI)


def _land(sides: dict[str, str]) -> gpd.GeoDataFrame:
    frame = ATLAS.areas.copy()
    frame["side"] = frame["group"].map(sides)
    return frame


def test_land_totals_sum_to_one_hundred_percent_and_count_features():
    frame = _land(dict.fromkeys(GEOMS, "RU") | {"habomai": "JP", "shikotan": "JOINT"})
    frame = frame[frame["group"].isin(DISPUTED_GROUPS)]
    totals = areas.land_totals(frame)
    assert list(totals.index) == list(areas.SIDES)
    assert totals["pct"].sum() == pytest.approx(100.0, abs=1e-9)
    assert totals.loc["DISPUTED", "km2"] == 0
    habomai_features = int((ATLAS.areas["group"] == "habomai").sum())
    assert totals.loc["JP", "features"] == habomai_features
    assert totals.loc["JOINT", "features"] == 1


def test_land_totals_reject_an_unknown_side():
    frame = _land(dict.fromkeys(GEOMS, "XX"))
    with pytest.raises(ValueError, match="unknown side"):
        areas.land_totals(frame)


@pytest.fixture(scope="module")
def sea():
    sides = dict.fromkeys(GEOMS, "RU") | {"hokkaido": "JP", "habomai": "JP", "shikotan": "JP"}
    sides["kunashiri"] = "DISPUTED"
    core = shapely.union_all([GEOMS[g] for g in DISPUTED_GROUPS])
    return sea_partition(_land(sides), core), _land(sides)


def test_sea_parts_cover_the_region_without_gap_or_overlap(sea):
    partition, _ = sea
    parts = partition.parts.to_crs(partition.crs)
    region = gpd.GeoSeries([partition.region], crs="EPSG:4326").to_crs(partition.crs).iloc[0]
    union = shapely.union_all(parts.geometry.to_numpy())
    assert union.symmetric_difference(region).area < 1e-6 * region.area
    for a, b in combinations(parts.geometry, 2):
        assert a.intersection(b).area < 1e-6 * region.area
    assert partition.parts["km2"].sum() == pytest.approx(partition.region_km2, rel=1e-6)
    assert partition.parts["pct"].sum() == pytest.approx(100.0, abs=1e-9)


def test_sea_region_is_within_200_nautical_miles_and_contains_no_land(sea):
    partition, land = sea
    crs = partition.crs
    region = gpd.GeoSeries([partition.region], crs="EPSG:4326").to_crs(crs).iloc[0]
    core = gpd.GeoSeries(
        [shapely.union_all([GEOMS[g] for g in DISPUTED_GROUPS])], crs="EPSG:4326"
    ).to_crs(crs)
    assert core.iloc[0].buffer(areas.EEZ_RADIUS_M * 1.001, quad_segs=64).contains(region)
    all_land = shapely.union_all(land.to_crs(crs).geometry.to_numpy())
    assert region.intersection(all_land).area < 1e-6 * region.area


def test_each_sea_part_is_nearest_to_its_own_sides_land(sea):
    partition, land = sea
    crs = partition.crs
    projected = land.to_crs(crs)
    by_side = {s: shapely.union_all(f.geometry.to_numpy()) for s, f in projected.groupby("side")}
    checked = 0
    for side, part in zip(partition.parts["side"], partition.parts.to_crs(crs).geometry):
        if part.is_empty:
            continue
        for piece in getattr(part, "geoms", [part]):
            if piece.area < 500e6:
                continue
            point = piece.representative_point()
            distances = {s: g.distance(point) for s, g in by_side.items()}
            nearest = min(distances, key=distances.get)
            # the partition is built from coastline samples 1 km apart
            assert nearest == side or distances[side] - distances[nearest] < SEA_SAMPLE_M
            checked += 1
    assert checked >= 3


def test_sea_partition_reports_every_side_even_without_sea(sea):
    partition, _ = sea
    assert list(partition.parts["side"]) == list(areas.SIDES)
    assert partition.parts.set_index("side").loc["JOINT", "km2"] == 0
    assert partition.parts.set_index("side").loc["DISPUTED", "km2"] > 0


def test_geometry_km2_matches_area_km2():
    series = gpd.GeoSeries([ETOROFU], crs="EPSG:4326")
    assert areas.geometry_km2(ETOROFU) == pytest.approx(areas.area_km2(series).iloc[0], rel=1e-12)
