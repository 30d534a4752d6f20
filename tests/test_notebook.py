"""The atlas in a notebook: a snapshot as a GeoDataFrame and its folium map
(geo.exports.notebook)."""

from __future__ import annotations

import pytest

import geo
from geo.exports import notebook
from geo.files.scenarios import load_scenarios
from geo.files.style import load_style
from geo.model import compare
from tests.conftest import DATA, bundled_atlas

ATLAS = bundled_atlas()
STYLE = load_style()
SCENARIOS = load_scenarios(DATA / "scenarios.toml", set(ATLAS.sources.index))


def test_a_year_is_one_row_per_unit_with_its_status_colour_and_area():
    snapshot = geo.historical_snapshot(1956, ATLAS)
    frame = notebook.snapshot_frame(snapshot, ATLAS, STYLE)
    assert frame.crs.to_epsg() == 4326
    assert list(frame["unit"]) == [u.id for u in snapshot.units]
    rows = frame.set_index("unit")
    shikotan = rows.loc["shikotan"]
    assert shikotan["administered_by"] == "RU" and shikotan["claimed_by"] == "RU;JP"
    assert shikotan["fill"] == STYLE.state["RU"].fill
    assert shikotan["outline"] == STYLE.state["JP"].fill  # the claim (stripes in the app)
    assert shikotan["claimed_not_administered"] == "Japan"
    assert shikotan["transfer_promised_to"] == "JP"
    km2 = compare.unit_km2(snapshot, ATLAS)
    assert shikotan["area_km2"] == pytest.approx(km2["shikotan"], abs=0.05)
    assert rows.loc["hokkaido", "claimed_not_administered"] == ""


def test_a_scenario_with_a_divided_island_has_both_parts():
    snapshot = compare.resolve_snapshot("equal_area_2006", ATLAS, SCENARIOS)
    frame = notebook.snapshot_frame(snapshot, ATLAS, STYLE, names_mode="ja")
    rows = frame.set_index("unit")
    assert {"etorofu_jp", "etorofu_ru"} <= set(rows.index)
    assert rows.loc["etorofu_jp", "administered_by"] == "JP"
    assert rows.loc["etorofu_jp", "name"] == "択捉島"


def test_explore_draws_the_atlas_colours_and_explains_the_stripes_in_the_tooltip():
    snapshot = geo.historical_snapshot(1956, ATLAS)
    m = notebook.explore(snapshot, ATLAS, STYLE, tiles=None)
    html = m.get_root().render()
    assert STYLE.state["RU"].fill in html and STYLE.state["JP"].fill in html
    # a claimed, not administered area: dashed in the claimant's colour (style function)
    assert "6 4" in html
    for column in notebook.TOOLTIP_COLUMNS:
        assert column in html
    assert "OpenStreetMap contributors" in html
