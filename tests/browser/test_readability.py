"""How the atlas reads on a laptop, a classroom projector and a phone (issue: readable map).

Each check runs at the three sizes a class uses: 1400×900, 1024×768 and 390×844. Screenshots per
size and year land in test-artifacts/ to be looked at; the assertions check what a reader
needs: the four islands named and big enough, nothing covering them, a compact card inside the
map, no text left over from the previous year, no page scroll swallowing a click.
"""

from __future__ import annotations

import itertools

import pytest
from browser_helpers import (
    ARTIFACTS,
    MAP_IFRAME,
    SLIDER_NAME,
    wait_for_maps,
    wait_for_year,
    wait_view_settled,
)

import geo
from geo import i18n
from geo.files.style import load_style
from geo.maps import mapview
from geo.maps.payload import year_payload
from tests.conftest import bundled_atlas

pytestmark = pytest.mark.browser

SIZES = [(1400, 900), (1024, 768), (390, 844)]
SIZE_IDS = ["laptop", "projector", "phone"]
MIN_ISLAND_PX = 20
MAX_CARD_WIDTH_PX = 340

# Pixel boxes (inside the map frame) of each disputed group, of its label and of the legend.
BOXES_JS = """() => {
  const atlas = window.atlas, out = {groups: {}, labels: {}};
  const box = (r) => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom});
  for (const [id, layer] of Object.entries(atlas.areas)) {
    const group = atlas.config.feature_groups[id];
    if (!atlas.config.disputed_groups.includes(group)) continue;
    const r = layer.getElement().getBoundingClientRect();
    const b = out.groups[group];
    out.groups[group] = b
      ? {left: Math.min(b.left, r.left), top: Math.min(b.top, r.top),
         right: Math.max(b.right, r.right), bottom: Math.max(b.bottom, r.bottom)}
      : box(r);
  }
  for (const group of atlas.config.disputed_groups) {
    const tip = atlas.labels[group] && atlas.labels[group].tip;
    const el = tip && atlas.groups.labels.hasLayer(tip) && tip.getElement();
    const name = el && el.querySelector('.atlas-label-name');
    out.labels[group] = el ? {box: box(el.getBoundingClientRect()),
                              text: (name || el).textContent} : null;
  }
  out.legend = box(document.querySelector('.atlas-legend').getBoundingClientRect());
  out.map = box(window.map.getContainer().getBoundingClientRect());
  return out;
}"""


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and (b["top"] < a["bottom"])
    )


def _inside(inner: dict, outer: dict, slack: float = 0.5) -> bool:
    return (
        inner["left"] >= outer["left"] - slack
        and inner["top"] >= outer["top"] - slack
        and inner["right"] <= outer["right"] + slack
        and inner["bottom"] <= outer["bottom"] + slack
    )


def _name(viewport: dict) -> str:
    return f"{viewport['width']}x{viewport['height']}"


def _press(page, key: str) -> None:
    slider = page.get_by_role("slider", name=SLIDER_NAME)
    slider.focus()
    slider.press(key)


def _visible_point(frame, area_id: str, prefer: str = "center") -> dict:
    """A point of the frame where the area's polygon is on top (not under a label or control)."""
    point = frame.evaluate(
        """([id, prefer]) => {
             const path = window.atlas.areas[id].getElement();
             const r = path.getBoundingClientRect();
             const target = prefer === 'east' ? {x: r.right, y: r.top}
                          : {x: r.left + r.width / 2, y: r.top + r.height / 2};
             const points = [];
             for (let i = 1; i < 30; i++) for (let j = 1; j < 30; j++)
               points.push({x: r.left + r.width * i / 30, y: r.top + r.height * j / 30});
             points.sort((a, b) => Math.hypot(a.x - target.x, a.y - target.y)
                                   - Math.hypot(b.x - target.x, b.y - target.y));
             return points.find((p) => document.elementFromPoint(p.x, p.y) === path) || null;
           }""",
        [area_id, prefer],
    )
    assert point is not None, f"no visible point of {area_id} on the map"
    return point


def _to_page(page, point: dict) -> tuple[float, float]:
    """A point the map measured (viewport coordinates: the map is in the page itself)."""
    return point["x"], point["y"]


@pytest.mark.parametrize("viewport", SIZES, ids=SIZE_IDS, indirect=True)
def test_opening_view_names_the_four_islands_and_keeps_them_clear(page, open_map, viewport):
    frame = open_map()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"open-{_name(viewport)}.png"))
    boxes = frame.evaluate(BOXES_JS)
    names = geo.names_of(bundled_atlas(), "group")

    for group in geo.DISPUTED_GROUPS:
        island = boxes["groups"][group]
        across = max(island["right"] - island["left"], island["bottom"] - island["top"])
        assert across >= MIN_ISLAND_PX, f"{group} is only {across:.0f} px across"
        assert _inside(island, boxes["map"]), f"{group} is not wholly in the opening view"
        label = boxes["labels"][group]
        assert label is not None, f"{group} has no label in the opening view"
        # both local names by default, one line each
        assert label["text"] == "\n".join(i18n.place_lines(names.loc[group], i18n.DEFAULT_NAMES))
        assert _inside(label["box"], boxes["map"]), f"{group}'s label is cut off: {label}"
        assert not _overlap(label["box"], island), f"{group}'s label sits on the island"
        for small in ("habomai", "shikotan"):
            assert not _overlap(label["box"], boxes["groups"][small]), (
                f"{group}'s label covers {small}"
            )
        assert not _overlap(boxes["legend"], island), f"the legend covers {group}"

    title = frame.locator(".atlas-title-main").inner_text()
    assert (
        title
        == geo.configuration_info(geo.configurations(bundled_atlas())[-1], bundled_atlas()).label
    )
    # The year control and the whole map fit the window without scrolling (the map's bottom
    # edge below the window made a first click or tap scroll the page and miss its target),
    # on the phone too.
    slider = page.get_by_role("slider", name=SLIDER_NAME).bounding_box()
    iframe = page.locator(MAP_IFRAME).bounding_box()
    assert slider["y"] >= 0
    assert iframe["y"] + iframe["height"] <= viewport["height"], (
        f"the map ends at {iframe['y'] + iframe['height']:.0f} px in a "
        f"{viewport['height']} px window"
    )


@pytest.mark.parametrize("viewport", SIZES, ids=SIZE_IDS, indirect=True)
def test_every_year_is_written_on_the_map_with_nothing_left_from_the_last(page, open_map, viewport):
    years = geo.configurations(bundled_atlas())
    frame = open_map()
    ARTIFACTS.mkdir(exist_ok=True)
    previous = None
    for i, year in enumerate(years):
        _press(page, "Home" if i == 0 else "ArrowRight")
        frame = wait_for_year(page, year)
        payload = year_payload(year, bundled_atlas())
        assert frame.locator(".atlas-title-main").inner_text() == payload["title"]
        stripes = frame.locator(".atlas-legend-year .atlas-legend-row")
        assert stripes.count() == len(payload["legend"])
        # the label names the administrator as the state was called then (USSR in 1956)
        admins = frame.evaluate(
            "() => Object.fromEntries(Object.entries(window.atlas.labels)"
            ".filter(([, e]) => e.admin).map(([g, e]) => [g, e.admin.textContent]))"
        )
        assert admins["kunashiri"].endswith(payload["units"]["kunashiri"]["administrator"])
        boxes = frame.evaluate(BOXES_JS)
        title = frame.locator(".atlas-title").evaluate(
            "(el) => { const r = el.getBoundingClientRect();"
            " return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; }"
        )
        for group, label in boxes["labels"].items():
            assert label and not _overlap(label["box"], title), f"{year}: title covers {group}"
            assert not _overlap(title, boxes["groups"][group]), f"{year}: title covers {group}"
        # The page below the map caught up too, and no heading of the previous year is left.
        heading = page.get_by_role("heading", name=f"Every area in {year}")
        heading.wait_for()
        if previous is not None:
            assert page.get_by_role("heading", name=f"Every area in {previous}").count() == 0
            stale = page.get_by_text(
                geo.configuration_info(previous, bundled_atlas()).label, exact=True
            )
            assert stale.filter(visible=True).count() == 0
        wait_view_settled(frame)
        page.screenshot(path=str(ARTIFACTS / f"year-{year}-{_name(viewport)}.png"))
        previous = year


@pytest.mark.parametrize("viewport", SIZES, ids=SIZE_IDS, indirect=True)
def test_hover_card_is_compact_inside_the_map_and_follows_the_year(page, open_map, viewport):
    years = geo.configurations(bundled_atlas())
    frame = open_map()
    # A closed card fades out for 200 ms before it is removed: look at the open one only.
    card = frame.locator('.atlas-card-box:not([style*="opacity: 0"])')
    map_box = frame.evaluate(BOXES_JS)["map"]
    for area, prefer in (("kunashiri", "center"), ("etorofu", "east")):
        page.mouse.move(*_to_page(page, _visible_point(frame, area, prefer)))
        card.wait_for(state="visible")
        box = card.evaluate(
            "(el) => { const r = el.getBoundingClientRect();"
            " return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; }"
        )
        assert box["right"] - box["left"] <= MAX_CARD_WIDTH_PX, f"{area} card is too wide: {box}"
        assert _inside(box, map_box), f"{area} card leaves the map {map_box}: {box}"
    page.screenshot(path=str(ARTIFACTS / f"card-{_name(viewport)}.png"))
    latest = year_payload(years[-1], bundled_atlas())["units"]["etorofu"]["card"][0]
    assert latest in card.inner_text()

    # The card stays open (the mouse has not moved) while the year changes: it must follow.
    _press(page, "ArrowLeft")
    wait_for_year(page, years[-2])
    text = card.inner_text()
    assert year_payload(years[-2], bundled_atlas())["units"]["etorofu"]["card"][0] in text
    assert latest not in text, f"the card still shows {years[-1]}: {text!r}"


@pytest.mark.parametrize("viewport", [SIZES[0], SIZES[2]], ids=["laptop", "phone"], indirect=True)
def test_a_click_selects_an_area_for_the_side_panel_without_moving_the_map(
    page, open_map, viewport
):
    """Its details show where the eye is: beside the map on a wide page (in view, no
    scrolling), right under the map on a phone (#19)."""
    years = geo.configurations(bundled_atlas())
    frame = open_map()
    scroll_before = page.evaluate("() => window.scrollY")
    center_before = frame.evaluate("() => window.map.getCenter()")
    page.mouse.click(*_to_page(page, _visible_point(frame, "shikotan")))

    phone = viewport["width"] < 640
    where = page.locator(".st-key-area_under_map" if phone else ".st-key-panel")
    detail = where.get_by_text(f"Shikotan in {years[-1]}", exact=True)
    detail.wait_for()
    assert frame.locator(".leaflet-popup").count() == 0, "a click must not open a popup"
    wait_view_settled(frame)
    center_after = frame.evaluate("() => window.map.getCenter()")
    assert center_after == pytest.approx(center_before), "the click moved the map"
    box = detail.bounding_box()
    if phone:
        gap = page.evaluate(  # both measured at once: the page may still be scrolling
            """(selector) => document.querySelector('.st-key-area_under_map')
                 .getBoundingClientRect().top
                 - document.querySelector(selector).getBoundingClientRect().bottom""",
            MAP_IFRAME,
        )
        assert 0 <= gap < 90, f"the details start {gap:.0f} px under the map"
    else:
        assert page.evaluate("() => window.scrollY") == scroll_before, "the click scrolled"
        assert box["y"] + box["height"] <= viewport["height"], "the details are out of view"
        assert page.locator(".st-key-area_under_map").is_hidden()
    note = geo.configuration(years[-1], bundled_atlas()).set_index("id").loc["shikotan", "note"]
    assert where.get_by_text(note[:40]).count() >= 1

    # The selected area follows the year.
    _press(page, "ArrowLeft")
    where.get_by_text(f"Shikotan in {years[-2]}", exact=True).wait_for()
    assert where.get_by_text(f"Shikotan in {years[-1]}", exact=True).count() == 0
    if phone:  # closed from under the map, the map is the next thing again
        where.get_by_role("button", name="Close").click()
        where.wait_for(state="detached")


def test_online_tiles_without_network_say_so_and_keep_the_offline_land(page, open_map, app_url):
    blocked = []

    def route(request_route):
        url = request_route.request.url
        if url.startswith((app_url, "data:", "blob:")):
            request_route.continue_()
        else:
            blocked.append(url)
            request_route.abort()

    page.context.route("**/*", route)
    frame = open_map()
    tiles_name = load_style().online_tiles[0].name
    frame.locator(".leaflet-control-layers").hover()
    checkbox = frame.get_by_role("checkbox", name=tiles_name)
    checkbox.check()
    notice = frame.locator(".atlas-notice")
    notice.wait_for(state="visible")
    assert "offline land is still shown" in notice.inner_text()
    assert frame.locator(".leaflet-atlas-basemap-pane path").count() > 0
    assert blocked, "the tiles were never requested"
    checkbox.uncheck()
    notice.wait_for(state="detached")


def test_the_server_logs_no_warnings_while_a_user_steps_through(page, open_map, server_log):
    frame = open_map()
    for key in ("Home", "ArrowRight", "ArrowRight"):
        _press(page, key)
    wait_for_year(page, geo.configurations(bundled_atlas())[2])
    assert frame.locator(".atlas-title-main").count() == 1
    log = server_log.read_text(encoding="utf-8", errors="replace")
    for warning in ("deprecat", "No static folder", "Traceback"):
        assert warning.lower() not in log.lower(), f"server log mentions {warning!r}:\n{log}"


# Each table of the page: its box against its column's, and whether it scrolls in its own box.
TABLES_JS = """() => Array.from(
    document.querySelectorAll('[data-testid="stMarkdownContainer"] table')).map((t) => {
    const column = t.closest('[data-testid="stElementContainer"]').getBoundingClientRect();
    const r = t.getBoundingClientRect();
    return {left: r.left, right: r.right, columnLeft: column.left, columnRight: column.right,
            overflowing: t.scrollWidth > t.clientWidth + 1,
            scrolls: ['auto', 'scroll'].includes(getComputedStyle(t).overflowX)};
  })"""


@pytest.mark.parametrize("viewport", SIZES, ids=SIZE_IDS, indirect=True)
@pytest.mark.parametrize(
    "query",
    ["/?year=1956", "/?view=compare&left=decl_1956&right=japan_four"],
    ids=["table", "numbers"],
)
def test_tables_stay_inside_their_column_and_scroll_rather_than_cut_off(
    page, app_url, viewport, query
):
    page.goto(app_url + query, wait_until="domcontentloaded")
    page.locator('[data-testid="stMarkdownContainer"] table').first.wait_for()
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(
        state="attached"
    )
    # the page's last layout: every map mounted and drawn (a map's mount changes the layout),
    # then two animation frames
    wait_for_maps(page)
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
    tables = page.evaluate(TABLES_JS)
    assert tables
    for table in tables:
        assert table["left"] >= table["columnLeft"] - 0.5
        assert table["right"] <= table["columnRight"] + 0.5, "a table runs out of its column"
        # a table wider than the phone is read by scrolling it, never clipped
        assert not table["overflowing"] or table["scrolls"]
    page.locator('[data-testid="stMarkdownContainer"] table').first.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"table-{query.split('=')[1][:7]}-{_name(viewport)}.png"))


# A point of the page (viewport coordinates) `offset` px off one of the group's islets, on
# open water, with that islet within `near` px (measured with Leaflet's geometry) and every
# other group's area at least `clear` px away; or, with group null, a point of open water far
# from every area.
NEAR_POINT_JS = """([group, offset, near, clear]) => {
  const atlas = window.atlas, map = window.map;
  const frame = map.getContainer().getBoundingClientRect();
  const distances = (x, y) => {
    const p = map.containerPointToLayerPoint([x - frame.left, y - frame.top]);
    return Object.keys(atlas.areas).map((id) => {
      const c = atlas.areas[id]._parts.length ? atlas.areas[id].closestLayerPoint(p) : null;
      return [atlas.config.feature_groups[id], c ? c.distance : Infinity];
    });
  };
  const open = (x, y) => {
    const el = document.elementFromPoint(x, y);
    return el && !el.classList.contains('leaflet-interactive')
      && !el.closest('.leaflet-control, .leaflet-tooltip');
  };
  const candidates = [];
  if (group) {
    for (const id of Object.keys(atlas.areas)) {
      if (atlas.config.feature_groups[id] !== group) continue;
      const r = atlas.areas[id].getElement().getBoundingClientRect();
      const cx = (r.left + r.right) / 2, cy = (r.top + r.bottom) / 2;
      candidates.push([r.right + offset, cy], [r.left - offset, cy], [cx, r.top - offset],
                      [cx, r.bottom + offset]);
    }
  } else {
    for (let i = 1; i < 20; i++) for (let j = 1; j < 20; j++)
      candidates.push([frame.left + frame.width * i / 20, frame.top + frame.height * j / 20]);
  }
  for (const [x, y] of candidates) {
    if (!open(x, y)) continue;
    const d = distances(x, y);
    const mine = Math.min(...d.filter(([g]) => g === group).map(([, v]) => v));
    const others = Math.min(...d.filter(([g]) => g !== group).map(([, v]) => v));
    if ((group ? mine <= near : true) && others >= clear) {
      return {x: x, y: y};
    }
  }
  return null;
}"""


def test_a_click_just_off_a_small_islet_picks_it_and_open_sea_picks_nothing(page, open_map):
    year = geo.configurations(bundled_atlas())[-1]
    frame = open_map()
    names = geo.names_of(bundled_atlas(), "group")
    # Open water first: nothing is picked, the side panel still asks for an area.
    sea = frame.evaluate(NEAR_POINT_JS, [None, 0, 0, 3 * mapview.PICK_TOLERANCE_PX])
    assert sea is not None, "no open water on the map"
    page.mouse.click(*_to_page(page, sea))
    # the map reports a pick within its click handler: none was reported
    assert frame.root.get_attribute("data-picked") is None
    for group in bundled_atlas().groups:
        assert page.get_by_text(f"{names.loc[group, 'name_en']} in {year}").count() == 0
    # Then just off one of the Habomai islets (a few pixels across): it is picked.
    point = frame.evaluate(
        NEAR_POINT_JS, ["habomai", 5, mapview.PICK_TOLERANCE_PX - 2, 2 * mapview.PICK_TOLERANCE_PX]
    )
    assert point is not None, "no open water next to a Habomai islet"
    page.mouse.click(*_to_page(page, point))
    panel = page.locator(".st-key-panel")  # (a phone shows it under the map: not this size)
    panel.get_by_text(f"{names.loc['habomai', 'name_en']} in {year}", exact=True).wait_for()


@pytest.mark.parametrize("viewport", SIZES, ids=SIZE_IDS, indirect=True)
def test_the_step_bar_labels_every_year_without_overlap(page, open_map, viewport):
    frame = open_map()
    boxes = frame.evaluate(
        """() => Array.from(window.atlas.root.querySelectorAll('.atlas-step-tick, button'))
             .filter((el) => el.closest('.atlas-stepbar'))
             .map((el) => { const r = el.getBoundingClientRect();
               return {text: el.textContent, left: r.left, right: r.right, top: r.top,
                       bottom: r.bottom}; })"""
    )
    root = frame.root.bounding_box()
    ticks = [b for b in boxes if b["text"].isdigit()]
    assert [b["text"] for b in ticks] == [str(y) for y in geo.configurations(bundled_atlas())]
    for box in boxes:  # inside the map's own element, never cut off
        assert root["x"] - 0.5 <= box["left"] and box["right"] <= root["x"] + root["width"] + 0.5
    for a, b in itertools.pairwise(boxes):
        if a["text"].isdigit() and b["text"].isdigit():
            assert a["right"] + 2 <= b["left"], f"{a['text']} and {b['text']} overlap: {a}, {b}"
