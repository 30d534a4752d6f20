"""Map building: local Leaflet only, no geometry per switch, data never becomes live code."""

from __future__ import annotations

import json
import re

import pytest
from streamlit_folium import _get_feature_group_string

import geo
from geo import mapview
from tests.conftest import edit_csv

CDN = re.compile(r"cdn\.|unpkg\.com|jsdelivr|cloudflare|code\.jquery|bootstrapcdn|d3js\.org")


def rendered(m) -> str:
    return m.get_root().render()


def test_base_map_loads_leaflet_from_the_app_only():
    m = mapview.build_base_map()
    links = [url for _, url in m.default_js + m.default_css]
    assert links == [
        "../../app/static/vendor/leaflet/leaflet.js",
        "../../app/static/vendor/leaflet/leaflet.css",
    ]
    html = rendered(m)
    assert not CDN.search(html), CDN.search(html)


def test_base_map_is_fitted_to_the_data():
    m = mapview.build_base_map()
    west, south, east, north = geo.load_areas().total_bounds
    script = rendered(m)
    fit = re.search(
        r"fitBounds\(\s*\[\[([-\d.]+),\s*([-\d.]+)\],\s*\[([-\d.]+),\s*([-\d.]+)\]\]", script
    )
    assert fit, "the map must be fitted to the data bounds"
    assert [float(v) for v in fit.groups()] == pytest.approx([south, west, north, east])


def test_base_map_carries_no_geometry_and_is_stable():
    first = rendered(mapview.build_base_map())
    assert '"coordinates"' not in first
    second = rendered(mapview.build_base_map())
    strip = re.compile(r"_[a-z0-9]+")
    assert strip.sub("", first) == strip.sub("", second)


def test_geometry_urls_are_versioned_static_files():
    config = re.search(r"atlasInit\([^,]+, (\{.*\})\);", rendered(mapview.build_base_map()))
    urls = json.loads(config.group(1))["urls"]
    assert [u.split("?")[0] for u in urls] == [
        "../../app/static/atlas/basemap.geojson",
        "../../app/static/atlas/areas.geojson",
        "../../app/static/atlas/lines.geojson",
    ]
    assert all(re.search(r"\?v=[0-9a-f]{12}$", u) for u in urls)


@pytest.mark.parametrize("year", geo.configurations())
def test_year_payload_is_small_and_matches_the_data(year):
    payload = mapview.year_payload(year)
    text = json.dumps(payload, ensure_ascii=False)
    assert len(text.encode()) < 20_000 and '"coordinates"' not in text
    style = mapview.load_style()
    status = geo.configuration(year).drop_duplicates("group").set_index("group")
    assert set(payload["groups"]) == set(status.index)
    for group, entry in payload["groups"].items():
        code = status.loc[group, "administered_by"]
        assert entry["area_style"]["fillColor"] == style["state"][code]["fill"]
        hatched = entry["claim_style"]["fill"]
        claimants = set(status.loc[group, "claimed_by"])
        assert hatched == (code != "JOINT" and bool(claimants - {code}))
        assert entry["transfer_style"]["stroke"] == bool(status.loc[group, "transfer_promised_to"])
    assert payload["lines"] == sorted(geo.lines_for(year)["id"])


def test_1956_marks_habomai_and_shikotan_as_promised_and_claims_hatched():
    groups = mapview.year_payload(1956)["groups"]
    assert groups["habomai"]["transfer_style"]["stroke"]
    assert groups["shikotan"]["transfer_style"]["stroke"]
    assert not groups["kunashiri"]["transfer_style"]["stroke"]
    assert groups["kunashiri"]["claim_style"]["fillColor"] == "url(#atlas-hatch-JP)"
    assert "Claimed but not administered by: Japan" in groups["etorofu"]["lines"]


def test_year_layer_script_cannot_be_closed_by_hostile_text(data_copy):
    def hostile(rows):
        rows[0]["note"] = "</script><script>alert(1)</script> & <b>bold</b>"

    edit_csv(data_copy / "timeline" / "status.csv", hostile)
    atlas = geo.load_atlas(data_copy)
    layer = mapview.build_year_layer(int(atlas.status.loc[0, "year"]), atlas)
    script = _get_feature_group_string(layer, mapview.build_base_map(atlas))
    assert "</script>" not in script and "<b>" not in script
    assert "\\u003c/script\\u003e" in script


def test_unknown_year_payload_raises_clear_error():
    with pytest.raises(geo.UnknownIdError, match="unknown configuration year 1"):
        mapview.year_payload(1)


def test_broken_style_file_is_named(tmp_path):
    path = tmp_path / "style.toml"
    path.write_text('[state.JP]\nfill = "orange"\n', encoding="utf-8")
    with pytest.raises(
        geo.DataError,
        match=r"style\.toml: \[state\.JP\]: field 'fill': "
        r"expected a '#RRGGBB' colour",
    ):
        mapview.load_style(path)


def test_attribution_names_openstreetmap_and_licence():
    text = mapview.attribution_text(geo.default_atlas())
    assert "OpenStreetMap contributors" in text and "ODbL" in text


def test_joint_administration_is_not_hatched_as_a_claim():
    groups = mapview.year_payload(1855)["groups"]
    assert not groups["sakhalin_south"]["claim_style"]["fill"]
    assert not any("not administered" in line for line in groups["sakhalin_south"]["lines"])
