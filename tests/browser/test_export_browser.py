"""The standalone HTML export in a real browser, offline: every request but the file is blocked.

The page is written to a temporary file and opened from it (file://) in a context that routes
every request: the file itself is let through, anything else is aborted and counted. The page
also reports any Content-Security-Policy violation (a request its policy refused before it
reached the network), so a stray URL in the file cannot hide behind the policy. Expected
colours and counts come from Python (geo.maps.snapshot_payload, data/*.geojson).
"""

from __future__ import annotations

import dataclasses
import json
import time
from pathlib import Path

import pytest
from browser_helpers import ARTIFACTS, MAP_READY_TIMEOUT_MS, MapHandle

import geo
from geo.exports import export
from geo.files.scenarios import load_scenarios
from geo.maps.payload import snapshot_payload
from geo.model import compare
from tests.conftest import DATA, bundled_atlas

pytestmark = pytest.mark.browser

ATLAS = bundled_atlas()
SCENARIOS = load_scenarios(DATA / "scenarios.toml", set(ATLAS.sources.index))
AREA_PATHS = ".leaflet-atlas-areas-pane path.leaflet-interactive"
HOSTILE = "</script><script>alert(1)</script><img src=x onerror=alert(2)>"
# Recorded from the first script the page runs (before ours).
WATCH_CSP = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@dataclasses.dataclass
class Opened:
    page: object
    url: str
    requests: list
    aborted: list
    errors: list
    dialogs: list
    load_ms: float


@pytest.fixture
def open_offline(browser, tmp_path: Path):
    """Write the HTML to a file and open it with every other request aborted."""
    contexts = []

    def _open(html: str, snapshot_id: str, name: str = "atlas.html") -> Opened:
        path = tmp_path / name
        path.write_text(html, encoding="utf-8")
        url = path.as_uri()
        context = browser.new_context(viewport={"width": 1200, "height": 800})
        contexts.append(context)
        context.set_default_timeout(MAP_READY_TIMEOUT_MS)
        opened = Opened(None, url, [], [], [], [], 0.0)

        def route(r):
            if r.request.url == url:
                r.continue_()
            else:
                opened.aborted.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        context.add_init_script(WATCH_CSP)
        page = context.new_page()
        page.on("request", lambda req: opened.requests.append(req.url))
        page.on("pageerror", lambda err: opened.errors.append(str(err)))

        def dialog(d):
            opened.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)
        t0 = time.perf_counter()
        page.goto(url)
        MapHandle(page).wait_for_function(
            """(id) => window.atlas && window.atlas.loaded && window.map
                 && window.map.getContainer().getAttribute('data-atlas-snapshot') === id""",
            arg=snapshot_id,
        )
        opened.load_ms = (time.perf_counter() - t0) * 1000
        opened.page = page
        return opened

    try:
        yield _open
    finally:
        for context in contexts:
            context.close()


def _features(name: str) -> list[dict]:
    return json.loads((ATLAS.data_dir / name).read_text(encoding="utf-8"))["features"]


def _assert_offline_and_clean(opened: Opened) -> None:
    page = opened.page
    assert opened.requests == [opened.url], f"requests besides the file: {opened.requests}"
    assert opened.aborted == [], f"requests that had to be blocked: {opened.aborted}"
    assert page.evaluate("() => window.__violations") == [], "the page tried to load something"
    assert not opened.errors, f"uncaught errors in the page: {opened.errors}"
    assert not opened.dialogs, f"dialogs opened: {opened.dialogs}"
    assert not page.locator(".atlas-error").count(), page.locator(".atlas-error").inner_text()


def _assert_every_area_drawn(page, payload: dict) -> None:
    """Every area of the snapshot is drawn, in its administrator's colour, and so are the parts
    of a divided island. (Whether the whole divided island is gone from under its parts is
    checked apart: test_a_divided_island_is_drawn_only_from_its_parts.)"""
    units = payload["units"]
    hidden = set(payload["hidden"])
    areas = _features("areas.geojson")
    shown = [f["properties"]["id"] for f in areas if f["properties"]["id"] not in hidden]
    expected_fills = sorted(
        [units[payload["feature_units"][fid]]["area_style"]["fillColor"] for fid in shown]
        + [units[part["unit"]]["area_style"]["fillColor"] for part in payload["parts"]]
    )
    # What is on screen: the fill of every path in the areas pane, but the hidden features'.
    drawn_fills = MapHandle(page).evaluate(
        """([selector, hidden]) => {
             const skip = new Set(hidden.map((id) => window.atlas.areas[id]._path));
             return Array.from(document.querySelectorAll(selector))
               .filter((p) => !skip.has(p)).map((p) => p.getAttribute('fill')); }""",
        [AREA_PATHS, sorted(hidden)],
    )
    assert sorted(drawn_fills) == expected_fills
    # Per feature: on the map with the payload's fill.
    actual = MapHandle(page).evaluate(
        """(ids) => Object.fromEntries(ids.map((id) => { const layer = window.atlas.areas[id];
                 return [id, window.map.hasLayer(layer) ? layer.options.fillColor : null]; }))""",
        shown,
    )
    assert actual == {
        fid: units[payload["feature_units"][fid]]["area_style"]["fillColor"] for fid in shown
    }
    # Per part: on the map with its unit's fill.
    parts = MapHandle(page).evaluate(
        """() => window.atlas.partLayers.filter((e) => e[0] === 'areas').map((e) =>
                 [window.map.hasLayer(e[1]), e[1].getLayers()[0].options.fillColor])"""
    )
    assert parts == [
        [True, units[part["unit"]]["area_style"]["fillColor"]] for part in payload["parts"]
    ]
    # The offline basemap and the snapshot's lines are drawn too.
    basemap = page.locator(".leaflet-atlas-basemap-pane path").count()
    assert basemap == len(_features("basemap.geojson"))
    assert MapHandle(page).evaluate("() => window.atlas.groups.lines.getLayers().length") == len(
        payload["lines"]
    ) + (1 if payload["cut"] else 0)


@pytest.mark.parametrize("snapshot_id", ["1956", "equal_area_2006"])
def test_standalone_html_draws_every_area_with_every_request_blocked(
    open_offline, snapshot_id, capsys
):
    snapshot = compare.resolve_snapshot(snapshot_id, ATLAS, SCENARIOS)
    changed = frozenset({"etorofu"}) if snapshot.kind == "scenario" else frozenset()
    t0 = time.perf_counter()
    html = export.standalone_html(snapshot, ATLAS, changed)
    build_ms = (time.perf_counter() - t0) * 1000
    opened = open_offline(html, snapshot.id, f"atlas-{snapshot_id}.html")
    page = opened.page
    _assert_offline_and_clean(opened)
    payload = json.loads(json.dumps(snapshot_payload(snapshot, ATLAS, changed)))
    _assert_every_area_drawn(page, payload)
    # The title box, the visible header and the legend follow the snapshot.
    assert page.locator(".atlas-title-main").inner_text() == snapshot.label
    assert snapshot.label in page.locator(".export-header h1").inner_text()
    assert "OpenStreetMap contributors" in page.locator(".export-header").inner_text()
    assert page.title() == snapshot.label
    assert page.locator(".atlas-legend-row").count() >= len(payload["legend"])
    # The layer control's icon is inside the file (a data: URL), not images/layers.png.
    icon = MapHandle(page).evaluate(
        """() => getComputedStyle(document.querySelector('.leaflet-control-layers-toggle'))
                 .backgroundImage"""
    )
    assert icon.startswith('url("data:image/png;base64,'), icon[:60]
    # The map is on screen and fills most of the window.
    box = page.locator("#atlas-map").bounding_box()
    assert box and box["height"] > 600 and box["width"] == 1200

    ARTIFACTS.mkdir(exist_ok=True)
    suffix = "" if snapshot_id == "1956" else f"-{snapshot_id}"
    page.screenshot(path=str(ARTIFACTS / f"export-standalone{suffix}.png"))
    with capsys.disabled():
        print(
            f"\nstandalone export {snapshot_id}: {len(html.encode()) / 1024:.0f} KiB, built in "
            f"{build_ms:.0f} ms, opened and drawn in {opened.load_ms:.0f} ms"
        )


def test_standalone_html_cards_work_offline(open_offline):
    snapshot = geo.historical_snapshot(1956, ATLAS)
    opened = open_offline(export.standalone_html(snapshot, ATLAS, names_mode="en"), "1956")
    page = opened.page
    point = MapHandle(page).evaluate(
        """() => { const c = window.atlas.areas['shikotan'].getCenter();
                   const p = window.map.latLngToContainerPoint(c);
                   const r = window.map.getContainer().getBoundingClientRect();
                   return {x: r.left + p.x, y: r.top + p.y}; }"""
    )
    page.mouse.move(point["x"], point["y"])
    card = page.locator(".atlas-card")
    card.wait_for()
    text = card.inner_text()
    assert "Shikotan" in text and "色丹島" in text
    _assert_offline_and_clean(opened)


def test_hostile_text_in_the_export_stays_text(open_offline):
    snapshot = geo.historical_snapshot(1956, ATLAS)
    units = tuple(
        dataclasses.replace(u, administering_state=HOSTILE) if u.group == "shikotan" else u
        for u in snapshot.units
    )
    hostile = dataclasses.replace(snapshot, label=HOSTILE, subtitle=HOSTILE, units=units)
    opened = open_offline(export.standalone_html(hostile, ATLAS), hostile.id)
    page = opened.page
    _assert_offline_and_clean(opened)  # no dialog, no request for "x", no error
    assert page.evaluate("() => document.scripts.length") == 2
    assert page.locator("img").count() == 0
    assert page.title() == HOSTILE
    assert page.locator(".atlas-title-main").inner_text() == HOSTILE
    assert HOSTILE in page.locator(".export-header h1").inner_text()
    _assert_every_area_drawn(page, json.loads(json.dumps(snapshot_payload(hostile, ATLAS))))


def test_a_divided_island_is_drawn_only_from_its_parts(open_offline):
    snapshot = compare.resolve_snapshot("equal_area_2006", ATLAS, SCENARIOS)
    opened = open_offline(export.standalone_html(snapshot, ATLAS), snapshot.id)
    payload = snapshot_payload(snapshot, ATLAS)
    assert payload["hidden"]
    on_map = MapHandle(opened.page).evaluate(
        "(ids) => ids.filter((id) => window.map.hasLayer(window.atlas.areas[id]))",
        list(payload["hidden"]),
    )
    assert on_map == []
    areas = _features("areas.geojson")
    assert opened.page.locator(AREA_PATHS).count() == len(areas) - len(payload["hidden"]) + len(
        payload["parts"]
    )
