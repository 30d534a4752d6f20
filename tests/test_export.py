"""Exports of the current view: standalone HTML, GeoJSON and CSV (geo.exports.export)."""

from __future__ import annotations

import dataclasses
import io
import json
import re

import geopandas as gpd
import pandas as pd
import pytest

import geo
from geo.exports import export
from geo.files.scenarios import load_scenarios
from geo.files.style import load_style
from geo.maps import mapview
from geo.maps.assets import STATIC_GEOMETRY, leaflet_source_dir
from geo.maps.payload import snapshot_payload
from geo.model import compare
from tests.conftest import DATA, bundled_atlas, edit_csv

ATLAS = bundled_atlas()
SCENARIOS = load_scenarios(DATA / "scenarios.toml", set(ATLAS.sources.index))
STYLE = load_style()
HOSTILE = "</script><script>alert(1)</script>\u2028<!-- &"


def snapshot_1956():
    return geo.historical_snapshot(1956, ATLAS)


def equal_area():
    return compare.resolve_snapshot("equal_area_2006", ATLAS, SCENARIOS)


def read_geojson(text: str) -> gpd.GeoDataFrame:
    return gpd.read_file(io.BytesIO(text.encode("utf-8")))


def embedded(page: str, call: str):
    """The JSON data after ``call`` in the start script (the map's mount)."""
    match = re.search(re.escape(call) + r"(\{.*\}), \{\}\);\n", page)
    assert match, f"no {call}(...) in the page"
    return json.loads(match.group(1))


# --------------------------------------------------------------------------- GeoJSON


@pytest.mark.parametrize("make", [snapshot_1956, equal_area], ids=["1956", "equal_area_2006"])
def test_geojson_loads_with_geopandas_one_feature_per_unit(make):
    snapshot = make()
    frame = read_geojson(export.snapshot_geojson(snapshot, ATLAS))
    assert frame.crs.to_epsg() == 4326
    assert list(frame["unit_id"]) == [u.id for u in snapshot.units]
    assert frame.geometry.is_valid.all() and not frame.geometry.is_empty.any()
    assert set(frame["snapshot_id"]) == {snapshot.id}
    assert set(frame["snapshot_label"]) == {snapshot.label}
    # The same km² as the status table, and measured on the exported geometry too.
    km2 = compare.unit_km2(snapshot, ATLAS)
    assert list(frame["area_km2"]) == pytest.approx([km2[u.id] for u in snapshot.units], abs=1e-3)
    measured = geo.area_km2(frame)
    assert list(measured) == pytest.approx(list(frame["area_km2"]), rel=1e-4, abs=0.01)


def test_equal_area_scenario_exports_each_part_of_etorofu_not_the_whole_island():
    snapshot = equal_area()
    frame = read_geojson(export.snapshot_geojson(snapshot, ATLAS)).set_index("unit_id")
    parts = [u for u in snapshot.units if u.divided]
    assert len(parts) == 2 and {u.administered_by for u in parts} == {"JP", "RU"}
    whole = ATLAS.areas.loc[ATLAS.areas["group"] == "etorofu"]
    whole_km2 = float(geo.area_km2(whole).sum())
    for unit in parts:
        row = frame.loc[unit.id]
        assert bool(row["divided"]) and row["group"] == "etorofu"
        assert row["administered_by"] == unit.administered_by
        assert row["feature_ids"] == ";".join(whole["id"])
        assert row["area_km2"] == pytest.approx(unit.share * whole_km2, rel=1e-3)
        assert row["area_km2"] < 0.9 * whole_km2
    assert sum(frame.loc[u.id, "area_km2"] for u in parts) == pytest.approx(whole_km2, rel=1e-3)


def test_shikotan_1956_properties():
    frame = read_geojson(export.snapshot_geojson(snapshot_1956(), ATLAS)).set_index("unit_id")
    row = frame.loc["shikotan"]
    assert row["group"] == "shikotan" and row["feature_ids"] == "shikotan"
    assert row["administered_by"] == "RU" and row["administering_state"] == "USSR"
    assert row["transfer_promised_to"] == "JP"
    assert set(row["claimed_by"].split(";")) == {"RU", "JP"}
    assert bool(row["contested"]) is True
    assert "1956" in row["basis_instrument"] or "Joint Declaration" in row["basis_instrument"]
    assert row["basis_article"]
    unit = snapshot_1956().unit("shikotan")
    assert row["sources"].split(";") == list(unit.sources)
    assert (row["name_en"], row["name_ja"], row["name_ru"]) == (
        "Shikotan",
        "色丹島",
        "остров Шикотан",
    )
    assert row["name"] == "色丹島 / остров Шикотан"  # the "local" names mode
    assert row["area_km2"] == pytest.approx(249.2, abs=0.1)


def test_geojson_names_mode_and_licence():
    text = export.snapshot_geojson(snapshot_1956(), ATLAS, names_mode="ru")
    document = json.loads(text)
    assert document["type"] == "FeatureCollection"
    assert "OpenStreetMap contributors" in document["attribution"]
    assert "ODbL" in document["attribution"] and "ODbL-1.0" in document["license"]
    names = {f["id"]: f["properties"]["name"] for f in document["features"]}
    assert names["etorofu"] == "остров Итуруп"


def test_habomai_islets_set_apart_carry_their_own_names():
    snapshot = compare.resolve_snapshot("custom", ATLAS, SCENARIOS, "h=RU,s=RU,k=RU,e=0,suisho=JP")
    habomai = snapshot.units_of("habomai")
    assert len(habomai) == 2
    frame = read_geojson(export.snapshot_geojson(snapshot, ATLAS, "en")).set_index("unit_id")
    assert len(frame) == len(snapshot.units)
    islet_names = geo.names_of(ATLAS, "feature")
    for unit in habomai:
        row = frame.loc[unit.id]
        assert row["feature_ids"] == ";".join(unit.features)
        assert row["administered_by"] == unit.administered_by
        assert row["name_en"] == ", ".join(islet_names.loc[f, "name_en"] for f in unit.features)
        assert row["name"] == row["name_en"]
        shape = gpd.GeoSeries(
            ATLAS.areas.set_index("id").loc[list(unit.features)].geometry, crs="EPSG:4326"
        )
        assert row["area_km2"] == pytest.approx(float(geo.area_km2(shape).sum()), rel=1e-4)


# --------------------------------------------------------------------------- CSV


def test_csv_has_a_bom_and_reads_back_with_and_without_utf8_sig():
    snapshot = snapshot_1956()
    data = export.snapshot_csv(snapshot, STYLE, ATLAS)
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    table = geo.text.tables.status_table(snapshot, STYLE, ATLAS)
    for encoding in ("utf-8-sig", None):
        frame = pd.read_csv(io.BytesIO(data), encoding=encoding)
        assert list(frame.columns[:3]) == ["Snapshot", "Snapshot label", "Unit"]
        assert set(table.columns) < set(frame.columns)
        assert list(frame["Unit"]) == [u.id for u in snapshot.units]
        assert list(frame["Area"]) == list(table["Area"])
        assert list(frame["km²"]) == pytest.approx(list(table["km²"]))
        row = frame.set_index("Unit").loc["etorofu"]
        assert "択捉島" in row["Local names (Japanese / Russian)"]
        assert "остров Итуруп" in row["Name"]


def test_csv_of_the_equal_area_scenario_matches_its_geojson():
    snapshot = equal_area()
    frame = pd.read_csv(io.BytesIO(export.snapshot_csv(snapshot, STYLE, ATLAS, "en")))
    shapes = read_geojson(export.snapshot_geojson(snapshot, ATLAS, "en"))
    assert list(frame["Unit"]) == list(shapes["unit_id"])
    assert list(frame["Name"]) == list(shapes["name"])
    assert list(frame["km²"]) == pytest.approx(list(shapes["area_km2"]), abs=0.06)


def test_csv_cells_that_look_like_formulas_are_defused():
    snapshot = snapshot_1956()
    units = list(snapshot.units)
    units[0] = dataclasses.replace(units[0], administering_state='=HYPERLINK("x","y")')
    units[1] = dataclasses.replace(units[1], administering_state="+1")
    units[2] = dataclasses.replace(units[2], administering_state="@SUM(A1)")
    units[3] = dataclasses.replace(units[3], administering_state="-2")
    hostile = dataclasses.replace(snapshot, units=tuple(units), label="=1+1")
    frame = pd.read_csv(io.BytesIO(export.snapshot_csv(hostile, STYLE, ATLAS)), dtype=str)
    assert list(frame["Administered by"][:4]) == [
        '\'=HYPERLINK("x","y")',
        "'+1",
        "'@SUM(A1)",
        "'-2",
    ]
    assert set(frame["Snapshot label"]) == {"'=1+1"}
    assert frame["Administered by"][4] == units[4].administering_state  # untouched
    assert (
        pd.read_csv(io.BytesIO(export.snapshot_csv(snapshot, STYLE, ATLAS)))["km²"].dtype == float
    )


# --------------------------------------------------------------------------- standalone HTML


def test_html_is_self_contained_and_deterministic():
    snapshot = snapshot_1956()
    page = export.standalone_html(snapshot, ATLAS)
    assert page == export.standalone_html(snapshot, ATLAS)  # no date, no random ids
    assert page.startswith("<!DOCTYPE html>") and "<title>1956: " in page
    # the app's own map module, started as in the app (mount), not a second start-up
    assert mapview.library_js() in page and 'mount(document.getElementById("atlas-map"), ' in page
    assert '<script type="module">' in page
    assert "OpenStreetMap contributors (ODbL 1.0)" in page  # visible header
    assert "BSD 2-Clause License" in page  # Leaflet's licence travels with its code
    # Nothing that a browser would load from elsewhere: no src / href / url() / @import of a
    # URL other than data: or a fragment, no <link rel="stylesheet">. (Leaflet's own code
    # holds one link, its credit, which the map script switches off: checked below.)
    leaflet_js = (leaflet_source_dir() / "leaflet.js").read_text(encoding="utf-8")
    assert leaflet_js in page
    # (our module is code, checked on its own in test_mapview: it names no URL)
    ours = page.replace(leaflet_js, "").replace(mapview.library_js(), "")
    for attr in re.findall(r"""\b(?:src|href)\s*=\s*["']?([^"'\s>]*)""", ours):
        assert attr.startswith(("data:", "#")), attr
    for target in re.findall(r"url\(\s*['\"]?([^'\")]*)", page):
        assert target.startswith(("data:", "#")), target
    assert "@import" not in page and not re.search(r"<link[^>]*stylesheet", page)
    assert "tile.openstreetmap.org" not in page and "{z}/{x}/{y}" not in page
    # Every http(s) text left is one that is never requested: the SVG namespace, Leaflet's
    # credit link (its prefix is switched off by the map script) and comments in its CSS.
    allowed = {
        "http://www.w3.org/2000/svg",
        "https://leafletjs.com",
        "https://bugzilla.mozilla.org/show_bug.cgi?id=888319",
        "https://bugs.chromium.org/p/chromium/issues/detail?id=600120",
    }
    assert set(re.findall(r"https?://[^\s\"'<>)\\]*", page)) <= allowed
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_html_embeds_the_geometry_config_and_payload():
    snapshot = equal_area()
    page = export.standalone_html(snapshot, ATLAS, changed=frozenset({"etorofu"}))
    data = embedded(page, 'mount(document.getElementById("atlas-map"), ')
    config = data["config"]
    assert config["geometry"] == [
        json.loads((ATLAS.data_dir / name).read_text(encoding="utf-8")) for name in STATIC_GEOMETRY
    ]
    assert config["online_tiles"] == [] and "online_tiles" not in config["style"]
    assert config["names"] == mapview.base_config(ATLAS)["names"]
    assert data["step"] == snapshot.id and data["changed"] == ["etorofu"]
    payload = config["payloads"][snapshot.id]
    expected = snapshot_payload(snapshot, ATLAS)
    assert payload == json.loads(json.dumps(expected))
    assert payload["parts"] and payload["units"]
    # The cached base config was not changed by the export.
    assert "geometry" not in mapview.base_config(ATLAS)
    assert mapview.base_config(ATLAS)["online_tiles"]


def test_html_names_mode_sets_the_page_language():
    page = export.standalone_html(snapshot_1956(), ATLAS, names_mode="ja")
    assert '<html lang="ja">' in page
    data = embedded(page, 'mount(document.getElementById("atlas-map"), ')
    assert data["config"]["names"]["etorofu"]["title"] == "択捉島"


def _scripts_intact(page: str) -> None:
    """Exactly our two script elements (Leaflet, our module), each closed once, none with a
    src."""
    assert page.count("<script>") == 1 and page.count('<script type="module">') == 1
    assert len(re.findall(r"<script", page, re.IGNORECASE)) == 2
    assert len(re.findall(r"</script", page, re.IGNORECASE)) == 2
    assert page.count("<!--") == 1  # Leaflet's licence notice, before any script
    assert HOSTILE not in page and "alert(1)</script>" not in page


def test_hostile_snapshot_text_stays_text():
    snapshot = snapshot_1956()
    units = list(snapshot.units)
    i = [u.group for u in units].index("shikotan")
    units[i] = dataclasses.replace(units[i], administering_state=HOSTILE, basis_article=HOSTILE)
    hostile = dataclasses.replace(snapshot, units=tuple(units), label=HOSTILE, subtitle=HOSTILE)
    page = export.standalone_html(hostile, ATLAS)
    _scripts_intact(page)
    assert "<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    data = embedded(page, 'mount(document.getElementById("atlas-map"), ')
    payload = data["config"]["payloads"][hostile.id]
    assert payload["title"] == HOSTILE  # intact after JSON decoding
    assert any(HOSTILE in line for line in payload["units"]["shikotan"]["card"])


def test_hostile_place_names_stay_text(data_copy):
    def poison(rows):
        for row in rows:
            if row["id"] == "shikotan":
                row["name_ja"] = HOSTILE
                row["name_en"] = HOSTILE

    edit_csv(data_copy / "timeline" / "names.csv", poison)
    atlas = geo.load_atlas(data_copy)
    snapshot = geo.historical_snapshot(1956, atlas)
    page = export.standalone_html(snapshot, atlas)
    _scripts_intact(page)
    config = embedded(page, 'mount(document.getElementById("atlas-map"), ')["config"]
    assert HOSTILE in config["names"]["shikotan"]["title"]
    frame = read_geojson(export.snapshot_geojson(snapshot, atlas)).set_index("unit_id")
    assert frame.loc["shikotan", "name_en"] == HOSTILE
    table = pd.read_csv(io.BytesIO(export.snapshot_csv(snapshot, STYLE, atlas)))
    assert HOSTILE in table.set_index("Unit").loc["shikotan", "Name"]


def test_script_and_style_guards_refuse_text_that_would_end_the_element():
    with pytest.raises(ValueError, match="cannot be inlined"):
        export._script("var a = '</SCRIPT>';", "test")
    with pytest.raises(ValueError, match="cannot be inlined"):
        export._script("var a = '<!--';", "test")
    with pytest.raises(ValueError, match="cannot be inlined"):
        export._style("a {} </style><script>", "test")
