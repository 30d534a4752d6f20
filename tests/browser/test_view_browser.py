"""Issue 19's findings, each at the size where it was seen, in a real browser: one view state
that presentation, the names chooser and the link cannot undo; details where the eye is; a
compare view that reads; labels and legend that leave the four islands clear.

Expected names, colours and ids come from Python (the catalogue, geo), never typed in here.
"""

from __future__ import annotations

import re

import pytest
from browser_helpers import (
    ARTIFACTS,
    MAP_IFRAME,
    MAP_READY_TIMEOUT_MS,
    MapHandle,
    wait_for_maps,
    wait_view_settled,
)
from playwright.sync_api import Page, expect

import geo
from atlas_ui.history import PANEL_TABS
from geo import i18n
from geo.files.scenarios import load_scenarios
from geo.files.style import load_style
from geo.maps.payload import snapshot_payload
from geo.model import compare
from geo.state import present as lesson
from tests.conftest import bundled_atlas

pytestmark = pytest.mark.browser

ATLAS = bundled_atlas()
SCENARIOS = load_scenarios(source_ids=set(ATLAS.sources.index))
STYLE = load_style()
DISPUTED = ("habomai", "shikotan", "kunashiri", "etorofu")
FEATURES = ("suisho", "shikotan", "kunashiri", "etorofu")  # drawn features of the four


def open_page(page: Page, app_url: str, query: str) -> list[MapHandle]:
    page.goto(f"{app_url}/?{query}", wait_until="domcontentloaded")
    count = wait_for_maps(page)
    frames = [MapHandle(page, i) for i in range(count)]
    for frame in frames:
        wait_view_settled(frame)
    return frames


def shown_steps(page: Page) -> list[str]:
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('.atlas-root')).map((root) =>
             root.atlas.map.getContainer().getAttribute('data-atlas-snapshot'))"""
    )


def wait_steps(page: Page, steps: list[str]) -> None:
    page.wait_for_function(
        """(steps) => { const roots = Array.from(document.querySelectorAll('.atlas-root'));
             return roots.length === steps.length && roots.every((root, i) => root.atlas
               && root.atlas.loaded && root.atlas.map.getContainer()
                 .getAttribute('data-atlas-snapshot') === steps[i]); }""",
        arg=steps,
        timeout=MAP_READY_TIMEOUT_MS,
    )


def fills(frame: MapHandle, ids) -> dict[str, str]:
    return frame.evaluate(
        "(ids) => Object.fromEntries(ids.map((id) => [id, window.atlas.areas[id].options"
        ".fillColor]))",
        list(ids),
    )


def payload_fills(snapshot_id: str, ids, custom: str | None = None) -> dict[str, str]:
    snapshot = compare.resolve_snapshot(snapshot_id, ATLAS, SCENARIOS, custom)
    payload = snapshot_payload(snapshot, ATLAS)
    units = payload["feature_units"]
    return {i: payload["units"][units[i]]["area_style"]["fillColor"] for i in ids}


# The disputed groups' labels whose box touches the land of one of the four (a grid of points
# in each box tested against the drawn outlines, projected to the screen).
LABELS_ON_LAND = """(disputed) => {
  const frame = map.getContainer().getBoundingClientRect();
  const rings = [];
  Object.values(window.atlas.areas).forEach((layer) => {
    if (disputed.indexOf(layer.feature.properties.group) < 0) return;
    const flat = (lls) => { if (!lls.length) return;
      if (lls[0] instanceof L.LatLng) rings.push(lls.map((ll) => map.latLngToContainerPoint(ll)));
      else lls.forEach(flat); };
    flat(layer.getLatLngs()); });
  const inside = (ring, x, y) => { let c = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const a = ring[i], b = ring[j];
      if ((a.y > y) !== (b.y > y) && x < (b.x - a.x) * (y - a.y) / (b.y - a.y) + a.x) c = !c; }
    return c; };
  const out = [];
  Object.entries(window.atlas.labels).forEach(([group, entry]) => {
    if (!entry.label.disputed) return;
    const el = entry.tip.getElement();
    if (!el || !el.isConnected) return;
    const r = el.getBoundingClientRect();
    for (let i = 1; i < 10; i++) for (let j = 1; j < 4; j++) {
      const x = r.left - frame.left + r.width * i / 10, y = r.top - frame.top + r.height * j / 4;
      if (rings.some((ring) => inside(ring, x, y))) { out.push(group); return; } }
  });
  return out; }"""


# --------------------------------------------------------------------------- one view state


@pytest.mark.parametrize("viewport", [(1024, 768)], indirect=True)
def test_presenting_a_comparison_in_japanese_keeps_the_view_names_and_step(page, app_url, viewport):
    """Present (the button) from the compare view in Japanese, then keys: still Japanese,
    still the scenarios against the left map (it fell back to the English timeline)."""
    open_page(page, app_url, "view=compare&names=ja")
    page.get_by_role("button", name=i18n.t("app.present", "ja")).click()
    steps = lesson.lesson_steps("compare", ATLAS, SCENARIOS)
    right = compare.CompareState().right
    wait_steps(page, [right])
    page.mouse.click(3, 3)  # the page has the focus, not a control
    for key, step in (
        ("ArrowRight", steps[steps.index(right) + 1]),
        ("Home", steps[0]),
        ("End", steps[-1]),
    ):
        page.keyboard.press(key)
        wait_steps(page, [step])
        expect(page).to_have_url(re.compile(rf"right={step}"))
        assert "view=compare" in page.url and "names=ja" in page.url and "present=1" in page.url
    # the page that took the keys is no control: no focus ring frames the projected page
    ring = page.evaluate(
        "() => getComputedStyle(document.querySelector('[data-testid=\"stMain\"]')).outlineStyle"
    )
    assert ring == "none"
    label = compare.resolve_snapshot(steps[-1], ATLAS, SCENARIOS).label
    heading = page.locator(".st-key-present_bar h2").inner_text()
    assert heading and heading != label, "the step's title stayed English"
    page.get_by_role("button", name=i18n.t("app.exit_present", "ja")).click()
    expect(page.get_by_role("radio", name=i18n.t("app.view_compare", "ja"))).to_be_checked()


def test_changing_the_names_keeps_the_view_switch_and_the_link_has_ids(page, app_url):
    open_page(page, app_url, "view=compare")
    page.locator(".st-key-names").get_by_role("combobox").click()
    page.get_by_role("option", name=i18n.t("language.ru", "en"), exact=True).click()
    expect(page.get_by_role("radio", name=i18n.t("app.view_compare", "ru"))).to_be_checked()
    expect(page).to_have_url(re.compile(r"names=ru"))
    page.get_by_role("button", name=i18n.t("app.present", "ru")).click()
    expect(page).to_have_url(re.compile(r"present=1"))
    assert "view=compare" in page.url and "+" not in page.url.split("?")[1]


# --------------------------------------------------------------------------- compare that reads


@pytest.mark.parametrize("viewport", [(1024, 768)], indirect=True)
def test_compare_at_a_projector_keeps_colours_status_lines_and_the_cut(page, app_url, viewport):
    frames = open_page(page, app_url, "view=compare&left=decl_1956&right=equal_area_2006")
    for frame in frames:
        # the "differs" ring is drawn under the land: it cannot wash over an island's colour
        order = frame.evaluate(
            "() => ['changed', 'areas'].map((k) => Number(map.getPane('atlas-' + k).style.zIndex))"
        )
        assert order[0] < order[1], order
        admins = frame.evaluate(
            """() => Array.from(map.getContainer().querySelectorAll('.atlas-label-admin'))
                 .map((el) => [el.offsetHeight, el.textContent])"""
        )
        assert len(admins) == 4 and all(h > 0 and text for h, text in admins), admins
    # the dividing line of the equal-area idea reads at the opening zoom
    cut = frames[1].evaluate(
        """() => { const layer = window.atlas.cutLayer; if (!layer) return null;
             const paths = []; layer.eachLayer((l) => paths.push(l));
             const r = paths[0].getElement().getBoundingClientRect();
             return {length: Math.hypot(r.width, r.height),
                     dash: paths[0].getElement().getAttribute('stroke-dasharray')}; }"""
    )
    assert cut is not None and cut["length"] >= 15, cut
    assert cut["dash"] == STYLE.cut.dash
    page.screenshot(path=str(ARTIFACTS / "compare-cut-1024x768.png"))


@pytest.mark.parametrize(
    "viewport", [(1400, 900), (1024, 768)], ids=["laptop", "projector"], indirect=True
)
@pytest.mark.parametrize(
    "query", ["view=compare", "present=1&year=1956", "present=1&view=compare&names=ru"]
)
def test_labels_never_cover_the_four_islands(page, app_url, viewport, query):
    """The Hokkaido label covered Kunashiri's south-west tip (present, compare); a long
    Russian label above Kunashiri covered Etorofu's tip (presentation at 1024)."""
    for frame in open_page(page, app_url, query):
        covering = frame.evaluate(LABELS_ON_LAND, list(DISPUTED))
        assert covering == [], covering
        overlaps = frame.evaluate(
            """(disputed) => {
                 const box = (b) => { const nw = map.latLngToContainerPoint(b.getNorthWest());
                   const se = map.latLngToContainerPoint(b.getSouthEast());
                   return {l: nw.x, r: se.x, t: nw.y, b: se.y}; };
                 const frame = map.getContainer().getBoundingClientRect();
                 const islands = disputed.map((g) => {
                   const b = L.latLngBounds([]);
                   Object.values(window.atlas.areas).forEach((layer) => {
                     if (layer.feature.properties.group === g) b.extend(layer.getBounds());
                   });
                   return box(b); });
                 const out = [];
                 Object.values(window.atlas.labels).forEach((entry) => {
                   if (entry.label.disputed) return;
                   const el = entry.tip.getElement();
                   if (!el || !el.isConnected) return;
                   const r = el.getBoundingClientRect();
                   const l = r.left - frame.left, t = r.top - frame.top;
                   islands.forEach((i, n) => {
                     if (l < i.r && i.l < l + r.width && t < i.b && i.t < t + r.height)
                       out.push([el.textContent, disputed[n]]); });
                 });
                 return out; }""",
            list(DISPUTED),
        )
        assert overlaps == [], overlaps


@pytest.mark.parametrize("viewport", [(390, 844)], indirect=True)
def test_a_phone_sees_both_sides_of_the_same_area_in_one_map(page, app_url, viewport):
    state = compare.CompareState()
    left, _right = open_page(page, app_url, "view=compare")
    view_before = left.evaluate("() => [map.getZoom(), map.getCenter()]")
    toggle = left.root.get_by_role("button", name=i18n.t("map.flip_show", "en"))
    expect(toggle).to_be_visible()
    toggle.click()
    wait_steps(page, [state.right, state.right])
    assert fills(left, FEATURES) == payload_fills(state.right, FEATURES)
    assert left.evaluate("() => [map.getZoom(), map.getCenter()]") == view_before
    page.screenshot(path=str(ARTIFACTS / "compare-flip-390x844.png"))
    back = left.root.get_by_role("button", name=i18n.t("map.flip_back", "en"))
    expect(back).to_have_attribute("aria-pressed", "true")
    back.click()
    wait_steps(page, [state.left, state.right])
    assert fills(left, FEATURES) == payload_fills(state.left, FEATURES)
    # a choice made while the other side is shown ends it: the map shows its own new side
    toggle.click()
    wait_steps(page, [state.right, state.right])
    left.root.locator("select.atlas-chooser").select_option("1855")
    wait_steps(page, ["1855", state.right])
    expect(toggle).to_have_attribute("aria-pressed", "false")


@pytest.mark.parametrize("viewport", [(1024, 768)], indirect=True)
def test_the_custom_division_is_edited_right_above_the_map_it_changes(page, app_url, viewport):
    frames = open_page(page, app_url, "view=compare&right=custom")
    editor = page.locator(".st-key-custom_editor")
    expect(editor).to_be_visible()
    maps = page.locator(MAP_IFRAME)
    gap = maps.nth(1).bounding_box()["y"] - (
        editor.bounding_box()["y"] + editor.bounding_box()["height"]
    )
    assert 0 <= gap < 120, f"{gap:.0f} px between the editor and the map"
    assert maps.nth(1).bounding_box()["y"] < viewport["height"] - 150, "the map is off screen"
    scroll = page.evaluate("() => window.scrollY")
    names = geo.names_of(ATLAS, "group")
    label = i18n.place_name(names.loc["kunashiri"], i18n.DEFAULT_NAMES)
    page.get_by_label(label).click()
    page.get_by_role("option", name=i18n.t("state_short.JP", "en"), exact=True).click()
    expect(page).to_have_url(re.compile(r"custom=[^&]*k(=|%3D)JP"))
    jp = STYLE.state["JP"].fill
    frames[1].wait_for_function(
        "(jp) => window.atlas.areas['kunashiri'].options.fillColor === jp", jp
    )
    assert page.evaluate("() => window.scrollY") == scroll


# --------------------------------------------------------------------------- a phone's page


@pytest.mark.parametrize("viewport", [(390, 844)], indirect=True)
def test_a_phone_keeps_the_four_islands_clear_and_every_word(page, app_url, viewport):
    (frame,) = open_page(page, app_url, "year=1956&names=ru")
    # the legend, opened, sits under the map: it covers no island
    frame.root.locator(".atlas-legend-title").click()
    legend = frame.root.locator(".atlas-legend").bounding_box()
    drawn = page.locator(MAP_IFRAME).bounding_box()
    assert legend["y"] >= drawn["y"] + drawn["height"] - 1, (legend, drawn)
    # the presentation button says what it does
    button = page.get_by_role("button", name=i18n.t("app.present", "ru"))
    text = button.locator("p").first
    assert float(text.evaluate("(el) => parseFloat(getComputedStyle(el).fontSize)")) >= 12
    assert text.bounding_box()["width"] > 40
    # no table hides a column behind a sideways scroll
    tables = page.locator("table")
    tables.first.wait_for()
    for i in range(tables.count()):
        sizes = tables.nth(i).evaluate("(el) => [el.scrollWidth, el.clientWidth]")
        assert sizes[0] <= sizes[1] + 1, sizes
    page.screenshot(path=str(ARTIFACTS / "phone-ru-1956.png"), full_page=True)


@pytest.mark.parametrize("viewport", [(1024, 768)], indirect=True)
def test_every_tab_of_the_side_panel_is_in_view_in_russian(page, app_url, viewport):
    open_page(page, app_url, "year=1956&names=ru")
    panel = page.locator(".st-key-panel")
    area = panel.bounding_box()
    tabs = panel.get_by_role("tab")
    expect(tabs).to_have_count(len(PANEL_TABS))
    for i in range(len(PANEL_TABS)):
        box = tabs.nth(i).bounding_box()
        assert (
            area["x"] - 1 <= box["x"] and box["x"] + box["width"] <= area["x"] + area["width"] + 1
        )
        expect(tabs.nth(i)).to_be_visible()
