"""Each side's own map in a real browser (issue 21 part 1): Japan's school atlases beside
Russia's official position, offline, at a projector's size; their colours, lines, legend and
labels say how each map draws the area; the presentation steps into them.

Expected colours and texts come from Python (geo.maps.mapview, geo.model.worldviews), never typed
in here.
"""

from __future__ import annotations

import pytest
from browser_helpers import ARTIFACTS, MapHandle
from playwright.sync_api import Page, expect
from test_compare_browser import fills, wait_for_snapshots

from geo.files import worldviews
from geo.files.scenarios import load_scenarios
from geo.files.style import load_style
from geo.i18n import t
from geo.maps import mapview
from geo.maps.payload import snapshot_payload
from geo.model import compare
from tests.conftest import bundled_atlas

pytestmark = pytest.mark.browser

ATLAS = bundled_atlas()
SCENARIOS = load_scenarios(source_ids=set(ATLAS.sources.index))
WORLDVIEWS = worldviews.load_for(ATLAS)
STYLE = load_style(ATLAS.data_dir / "style.toml")


def payload(snapshot_id: str, names: str = "local") -> dict:
    shown = compare.resolve_snapshot(snapshot_id, ATLAS, SCENARIOS, worldviews=WORLDVIEWS)
    return snapshot_payload(shown, ATLAS, names)


def expected_fills(snapshot_id: str) -> dict[str, str]:
    data = payload(snapshot_id)
    return {
        fid: data["units"][unit]["area_style"]["fillColor"]
        for fid, unit in data["feature_units"].items()
    }


def line_tooltips(frame: MapHandle) -> dict[str, str]:
    """Line id -> its tooltip's text, for the lines the map shows."""
    return frame.evaluate(
        """() => Object.fromEntries(Object.entries(window.atlas.lines)
             .filter(([id, layer]) => window.atlas.groups.lines.hasLayer(layer))
             .map(([id, layer]) => [id, layer.getTooltip().getContent().textContent]))"""
    )


def test_japans_map_beside_russias_at_a_projectors_size(page: Page, app_url):
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(
        app_url + "/?view=compare&left=japan_official&right=russia_official",
        wait_until="domcontentloaded",
    )
    left, right = wait_for_snapshots(page, "japan_official", "russia_official")
    assert fills(left) == expected_fills("japan_official")
    assert fills(right) == expected_fills("russia_official")
    urup = ATLAS.areas.loc[ATLAS.areas["group"] == "urup", "id"].iloc[0]
    assert fills(left)[urup] == STYLE.state["UNDETERMINED"].fill
    # the lines each map draws, named as that map's lines (not the treaties')
    assert line_tooltips(left) == dict.fromkeys(
        WORLDVIEWS["japan_official"].lines, WORLDVIEWS["japan_official"].line_label
    )
    assert set(line_tooltips(right)) == set(WORLDVIEWS["russia_official"].lines)
    # the labels beside the islands say how the map draws them
    prefix = t("map.drawn_prefix", "en")
    expect(left.root.get_by_text(f"{prefix}Japan").first).to_be_visible()
    expect(right.root.get_by_text(f"{prefix}Russia").first).to_be_visible()
    # the legend names the white and the grey (opened: a narrow map folds it under the map)
    legend = left.locator(".atlas-legend")
    if legend.locator("summary").count():
        legend.locator("summary").first.click()
    expect(legend.get_by_text(STYLE.state["UNDETERMINED"].label)).to_be_visible()
    expect(legend.get_by_text(STYLE.state["NOT_STATED"].label)).to_be_visible()
    # the page below words the differences as shown, never as administered
    expect(page.get_by_text("shown: Japan → Russia").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "worldviews-1024.png"))


def test_a_chooser_and_the_presentation_keys_reach_the_countries_maps(page: Page, app_url):
    page.goto(
        app_url + "/?view=compare&left=japan_official&right=russia_official",
        wait_until="domcontentloaded",
    )
    left, _ = wait_for_snapshots(page, "japan_official", "russia_official")
    marker = left.evaluate("() => { window.map._testMarker = 1; return 1; }")
    label = mapview.step_label(
        compare.resolve_snapshot("international_reference", ATLAS, SCENARIOS, worldviews=WORLDVIEWS)
    )["option"]
    page.get_by_role("combobox", name="Left map").select_option(label=label)
    left, _ = wait_for_snapshots(page, "international_reference", "russia_official")
    # restyled in place: the same Leaflet map, and the four striped with Japan's marked claim
    assert left.evaluate("() => window.map._testMarker") == marker
    assert fills(left) == expected_fills("international_reference")
    # presenting steps scenario by scenario, then into the countries' maps
    page.goto(
        app_url + "/?view=compare&present=1&left=japan_official&right=russia_official",
        wait_until="domcontentloaded",
    )
    page.wait_for_function(
        """() => { const r = document.querySelector('.atlas-root');
             return r && r.atlas && r.atlas.loaded && r.atlas.map.getContainer()
               .getAttribute('data-atlas-snapshot') === 'russia_official'; }"""
    )
    page.locator(".atlas-root .atlas-map").first.click(position={"x": 5, "y": 300})
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        """() => document.querySelector('.atlas-root').atlas.map.getContainer()
             .getAttribute('data-atlas-snapshot') === 'international_reference'"""
    )
    expect(
        page.get_by_role("heading", name=WORLDVIEWS["international_reference"].label)
    ).to_be_visible()
