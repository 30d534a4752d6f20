"""Every data file is listed in data/manifest.json with its provenance and checksum."""

from __future__ import annotations

import hashlib
import json

import pytest

from tests.conftest import DATA

MANIFEST = json.loads((DATA / "manifest.json").read_text(encoding="utf-8"))
ENTRIES = {entry["path"]: entry for entry in MANIFEST["files"]}
NOT_DATA = {"manifest.json", "README.md"}


def data_files() -> set[str]:
    return {
        str(p.relative_to(DATA))
        for p in DATA.rglob("*")
        if p.is_file()
        and "cache" not in p.parts
        and str(p.relative_to(DATA)) not in NOT_DATA
        and not p.name.endswith(".md")
    }


def test_every_data_file_is_in_the_manifest_and_nothing_else():
    assert data_files() == set(ENTRIES)


@pytest.mark.parametrize("path", sorted(ENTRIES))
def test_file_matches_its_checksum_and_size(path):
    entry = ENTRIES[path]
    content = (DATA / path).read_bytes()
    assert hashlib.sha256(content).hexdigest() == entry["sha256"], (
        f"{path} changed: run `python scripts/build_data.py --manifest-only` after editing "
        "authored data, or the full build for derived data"
    )
    assert len(content) == entry["bytes"]


@pytest.mark.parametrize("path", sorted(ENTRIES))
def test_entry_names_source_licence_attribution_and_derivation(path):
    entry = ENTRIES[path]
    for key in ("kind", "source", "licence", "attribution", "derived_by"):
        assert isinstance(entry.get(key), str) and entry[key].strip(), f"{path}: {key}"
    assert entry["kind"] in ("derived", "authored")
    if entry["kind"] == "derived":
        assert entry["licence"] == "ODbL-1.0"
        assert "OpenStreetMap" in entry["attribution"]
        assert len(entry["source_sha1"]) == 40


def test_simplification_figures_are_recorded_for_every_feature():
    figures = ENTRIES["areas.geojson"]["simplification"]
    features = json.loads((DATA / "areas.geojson").read_text(encoding="utf-8"))["features"]
    assert set(figures) == {f["properties"]["id"] for f in features}
    for fid, fig in figures.items():
        assert abs(fig["change_pct"]) < 1.0, fid
        assert fig["committed_vertices"] >= 4, fid


def test_committed_data_stays_small():
    for path in ("areas.geojson", "basemap.geojson", "lines.geojson"):
        assert ENTRIES[path]["bytes"] < 400_000, path
