"""The compare view in a real browser: two maps offline, one side changed alone, views aligned.

Expected colours come from Python (geo.model.compare and geo.maps.mapview), never typed in here.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from browser_helpers import (
    ARTIFACTS,
    MAP_IFRAME,
    MAP_READY_TIMEOUT_MS,
    MapHandle,
    wait_view_settled,
)
from playwright.sync_api import Page, expect

from geo.files.scenarios import load_scenarios
from geo.files.style import load_style
from geo.maps.payload import snapshot_payload
from geo.model import compare
from geo.model.snapshot import changed_groups
from geo.text import compare_text
from tests.conftest import bundled_atlas

pytestmark = pytest.mark.browser

ATLAS = bundled_atlas()
SCENARIOS = load_scenarios(source_ids=set(ATLAS.sources.index))
SIZES = [(1400, 900), (1024, 768), (390, 844)]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def wait_for_snapshots(page: Page, left: str, right: str) -> tuple[MapHandle, MapHandle]:
    """Wait until the two compare maps have applied these snapshot ids; their handles."""
    page.wait_for_function(
        """(ids) => {
             const roots = Array.from(document.querySelectorAll('.atlas-root'));
             if (roots.length !== 2) return false;
             return roots.every((root, i) => {
               const atlas = root.atlas;
               return Boolean(atlas && atlas.loaded && atlas.map && atlas.map.getContainer()
                 .getAttribute('data-atlas-snapshot') === ids[i]);
             });
           }""",
        arg=[left, right],
        timeout=MAP_READY_TIMEOUT_MS,
    )
    frames = (MapHandle(page, 0), MapHandle(page, 1))
    for frame in frames:
        frame.wait_for_function(
            "() => !window.map._animatingZoom && !(window.map._panAnim"
            " && window.map._panAnim._inProgress)"
        )
    return frames


def open_compare(page: Page, app_url: str) -> tuple[MapHandle, MapHandle]:
    page.goto(app_url + "/", wait_until="domcontentloaded")
    page.get_by_text("Compare two maps", exact=True).click()
    default = compare.CompareState()
    return wait_for_snapshots(page, default.left, default.right)


def choose(page: Page, key: str, snapshot_id: str) -> None:
    """Pick a snapshot in the left or right map's chooser, by its label, as a user does."""
    label = compare_text.snapshot_option(snapshot_id, ATLAS, SCENARIOS)
    chooser = page.get_by_role("combobox", name=f"{key.title()} map")
    chooser.select_option(label=label)


def expected_fills(snapshot_id: str, other_id: str) -> dict[str, str]:
    """Drawn feature id -> fill colour, from Python's payload of that snapshot (the other side
    changes only the outlines)."""
    snapshot = compare.resolve_snapshot(snapshot_id, ATLAS, SCENARIOS)
    payload = snapshot_payload(snapshot, ATLAS)
    return {
        fid: payload["units"][unit]["area_style"]["fillColor"]
        for fid, unit in payload["feature_units"].items()
    }


def fills(frame: MapHandle) -> dict[str, str]:
    return frame.evaluate(
        """() => Object.fromEntries(Object.entries(window.atlas.areas)
             .filter(([id, layer]) => window.atlas.groups.areas.hasLayer(layer))
             .map(([id, layer]) => [id, layer.options.fillColor]))"""
    )


def view(frame: MapHandle) -> dict:
    return frame.evaluate(
        "() => ({zoom: map.getZoom(), lat: map.getCenter().lat, lng: map.getCenter().lng})"
    )


def test_both_maps_load_offline_with_their_colours_and_the_differences(page, app_url, recorder):
    left, right = open_compare(page, app_url)
    state = compare.CompareState()
    assert fills(left) == expected_fills(state.left, state.right)
    assert fills(right) == expected_fills(state.right, state.left)
    changed = changed_groups(
        compare.resolve_snapshot(state.left, ATLAS, SCENARIOS),
        compare.resolve_snapshot(state.right, ATLAS, SCENARIOS),
    )
    halo = load_style().change.color
    for frame in (left, right):
        outlined = frame.evaluate(
            """(color) => Object.entries(window.atlas.changed)
                 .filter(([id, layer]) => layer.options.stroke && layer.options.color === color)
                 .map(([id]) => window.atlas.config.feature_groups[id])""",
            halo,
        )
        assert set(outlined) == set(changed)
        assert frame.locator(".atlas-label-disputed").count() == 4
    foreign = {
        u
        for u in recorder.requests
        if urlsplit(u).scheme in ("http", "https", "ws", "wss")
        and urlsplit(u).hostname not in LOCAL_HOSTS
    }
    assert not foreign, f"requests to other hosts: {sorted(foreign)}"
    assert not recorder.page_errors, recorder.page_errors


def test_changing_one_side_restyles_it_alone_and_a_zoom_moves_both(page, app_url):
    left, right = open_compare(page, app_url)
    right.evaluate("() => { window.atlas.marker = true; }")
    before = view(right)
    choose(page, "left", "equal_area_2006")
    left, right = wait_for_snapshots(page, "equal_area_2006", compare.CompareState().right)
    # the right map was neither remounted nor re-fitted
    assert right.evaluate("() => window.atlas.marker === true")
    assert view(right) == before
    # the divided island is drawn from its two parts, with the dividing line
    assert left.evaluate("() => window.atlas.partLayers.length") > 0
    assert left.evaluate("() => Boolean(window.atlas.cutLayer)")
    # the text below the maps follows too (the screenshot must not catch a stale table)
    label = SCENARIOS["equal_area_2006"].label
    page.get_by_text(f"Left: {label}.", exact=False).wait_for()
    page.wait_for_function(
        "() => !document.querySelector('[data-stale=\"true\"]')", timeout=MAP_READY_TIMEOUT_MS
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "compare-equal-area.png"))
    # a zoom on the left map moves the right one to the same view
    left.locator(".leaflet-control-zoom-in").click()
    left.wait_for_function(f"() => map.getZoom() > {before['zoom']}")
    right.wait_for_function(f"() => map.getZoom() > {before['zoom']}")
    wait_view_settled(left)  # the zoom animation has ended on both
    wait_view_settled(right)
    a, b = view(left), view(right)
    assert a["zoom"] == b["zoom"]
    assert a["lat"] == pytest.approx(b["lat"], abs=1e-6)
    assert a["lng"] == pytest.approx(b["lng"], abs=1e-6)


@pytest.mark.parametrize("viewport", SIZES, ids=["laptop", "projector", "phone"], indirect=True)
def test_compare_view_reads_at_every_size(page, app_url, viewport):
    left, right = open_compare(page, app_url)
    name = f"{viewport['width']}x{viewport['height']}"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"compare-{name}.png"))
    for frame in (left, right):
        boxes = frame.evaluate(
            """() => {
                 const frame = map.getContainer().getBoundingClientRect();
                 return Array.from(map.getContainer().querySelectorAll('.atlas-label-disputed'))
                   .map((el) => { const r = el.getBoundingClientRect();
                     return {inside: r.left >= frame.left - 1 && r.right <= frame.right + 1
                             && r.top >= frame.top - 1 && r.bottom <= frame.bottom + 1,
                             text: (el.querySelector('.atlas-label-name') || el).textContent}; });
               }"""
        )
        assert len(boxes) == 4 and all(b["inside"] for b in boxes), boxes
    # on a narrow screen each chooser comes right before its own map
    if viewport["width"] < 640:
        chooser = page.get_by_role("combobox", name="Right map").bounding_box()
        maps = [page.locator(MAP_IFRAME).nth(i).bounding_box() for i in range(2)]
        assert maps[0]["y"] < chooser["y"] < maps[1]["y"]


def test_a_choice_redraws_its_map_and_both_outlines_before_the_server_answers(page, app_url):
    left, right = open_compare(page, app_url)
    state = compare.CompareState()
    # Chosen and drawn within the chooser's own change event: the map does not wait for the
    # rerun (the page's text below catches up after it).
    drawn = left.evaluate(
        """() => { const select = window.atlas.root.querySelector('select.atlas-chooser');
                   select.value = '1855';
                   select.dispatchEvent(new Event('change', {bubbles: true}));
                   return [window.atlas.current,
                           window.map.getContainer().getAttribute('data-atlas-snapshot')]; }"""
    )
    assert drawn == ["1855", "1855"]
    expected = changed_groups(
        compare.resolve_snapshot("1855", ATLAS, SCENARIOS),
        compare.resolve_snapshot(state.right, ATLAS, SCENARIOS),
    )
    halo = load_style().change.color
    outlined = """(color) => Object.entries(window.atlas.changed)
        .filter(([id, layer]) => window.atlas.groups.changed.hasLayer(layer)
                                 && layer.options.color === color)
        .map(([id]) => window.atlas.config.feature_groups[id])"""
    for frame in (left, right):
        assert set(frame.evaluate(outlined, halo)) == set(expected)
    # the page follows: the link and the text below name the new left map
    expect(page).to_have_url(re.compile(r"left=1855"))
    page.get_by_text(f"Left: {ATLAS.configurations[1855].label}.", exact=False).wait_for()
    assert fills(left) == expected_fills("1855", state.right)
