"""Presentation mode and the classroom page in a real browser.

- at 1024×768 and 1920×1080 the map, the step's title and the notes fit without scrolling, and
  the map's labels and legend are large;
- the keys (→, ←, End, Home) and the Next button step the map without reloading it, keep the
  teacher's zoom, and the link follows;
- a link opens the view it names, names switched to Japanese;
- the keyboard alone reaches every control of the normal page, with a visible focus.
"""

from __future__ import annotations

import statistics

import pytest
from browser_helpers import (
    ARTIFACTS,
    MAP_IFRAME,
    MAP_READY_TIMEOUT_MS,
    map_frame,
    wait_for_year,
    wait_view_settled,
)
from playwright.sync_api import Page, expect

import geo
from geo import i18n
from geo.files.codes import MAP_CODES
from geo.files.style import load_style
from tests.conftest import bundled_atlas

pytestmark = pytest.mark.browser

ATLAS = bundled_atlas()
YEARS = geo.configurations(ATLAS)
PROJECTORS = [(1024, 768), (1920, 1080)]


def open_link(page: Page, app_url: str, query: str, year: int):
    page.goto(f"{app_url}/?{query}", wait_until="domcontentloaded")
    frame = wait_for_year(page, year)
    wait_view_settled(frame)
    return frame


def boxes(page: Page) -> dict:
    return page.evaluate(
        """(selector) => {
             const box = (el) => { if (!el) return null; const r = el.getBoundingClientRect();
               return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                       height: r.height}; };
             const main = document.querySelector('[data-testid="stMain"]') || document.body;
             return {
               map: box(document.querySelector(selector)),
               title: box(document.querySelector('.st-key-present_bar h2')),
               notes: box(document.querySelector('.st-key-present_notes')),
               next: box(document.querySelector('.atlas-step-next')),
               scroll: Math.max(main.scrollHeight, document.documentElement.scrollHeight),
               height: window.innerHeight, width: window.innerWidth,
             };
           }""",
        MAP_IFRAME,
    )


@pytest.mark.parametrize("viewport", PROJECTORS, ids=lambda s: f"{s[0]}x{s[1]}", indirect=True)
def test_presentation_fits_a_projector_with_large_type(page, app_url, viewport):
    frame = open_link(page, app_url, "present=1&year=1956", 1956)
    expect(page.locator(".st-key-present_notes")).to_contain_text("Article 9")
    b = boxes(page)
    page.screenshot(path=str(ARTIFACTS / f"present-{b['width']}x{b['height']}.png"))
    assert b["scroll"] <= b["height"] + 1, f"the page scrolls: {b}"
    for part in ("map", "title", "notes", "next"):
        assert b[part] is not None, part
        assert b[part]["top"] >= 0 and b[part]["bottom"] <= b["height"] + 1, (part, b)
    assert b["map"]["height"] >= 0.8 * b["height"], f"the map does not fill the height: {b}"
    sizes = frame.evaluate(
        """() => {
             const px = (el) => el ? parseFloat(getComputedStyle(el).fontSize) : 0;
             const labels = Array.from(document.querySelectorAll('.atlas-label-disputed'));
             return {labels: labels.map(px), legend: px(document.querySelector('.atlas-legend'))};
           }"""
    )
    assert len(sizes["labels"]) == 4 and min(sizes["labels"]) >= 20, sizes
    assert sizes["legend"] >= 18, sizes


def _mark(frame) -> None:
    frame.evaluate("() => { window.atlas.notRemounted = true; }")


def _state(page: Page) -> dict:
    frame = map_frame(page)
    return frame.evaluate(
        """() => ({mark: window.atlas.notRemounted === true, zoom: map.getZoom(),
                  center: map.getCenter(),
                  year: map.getContainer().getAttribute('data-atlas-year'),
                  snapshot: map.getContainer().getAttribute('data-atlas-snapshot')})"""
    )


def _press_and_time(page: Page, key: str, expected: str) -> float:
    """Key press in the page → the map shows ``expected`` (snapshot id), in ms."""
    frame = map_frame(page)
    frame.evaluate(
        """() => { window.__applied = null;
             const obs = new MutationObserver(() => {
               if (window.__applied === null) window.__applied = performance.now(); });
             obs.observe(map.getContainer(),
                         {attributes: true, attributeFilter: ['data-atlas-snapshot']});
             window.__observer = obs; }"""
    )
    start = page.evaluate("() => performance.now()")
    page.keyboard.press(key)
    frame.wait_for_function(
        "(id) => map.getContainer().getAttribute('data-atlas-snapshot') === id", arg=expected
    )
    applied = page.evaluate("() => { window.__observer.disconnect(); return window.__applied; }")
    return applied - start


def test_keys_and_buttons_step_the_map_without_reloading_it_and_keep_the_zoom(page, app_url):
    frame = open_link(page, app_url, "present=1&year=1855", 1855)
    page.mouse.click(3, 3)  # focus the page, not a control
    frame.evaluate("() => { map.setZoom(map.getZoom() + 1, {animate: false}); }")
    wait_view_settled(frame)
    _mark(frame)
    before = _state(page)
    times = []
    for year in YEARS[1:]:
        times.append(_press_and_time(page, "ArrowRight", str(year)))
    expect(page).to_have_url(f"{page.url.split('?')[0]}?present=1", timeout=MAP_READY_TIMEOUT_MS)
    times.append(_press_and_time(page, "Home", str(YEARS[0])))
    times.append(_press_and_time(page, "End", str(YEARS[-1])))
    times.append(_press_and_time(page, "ArrowLeft", str(YEARS[-2])))
    expect(page.locator(".st-key-present_bar h2")).to_have_text(
        ATLAS.configurations[YEARS[-2]].label
    )
    after = _state(page)
    assert after["mark"], "the map was reloaded by a step"
    assert after["zoom"] == before["zoom"], "a step lost the teacher's zoom"
    assert abs(after["center"]["lat"] - before["center"]["lat"]) < 1e-6
    # the map's own Next button steps it too
    page.locator(".atlas-step-next").click()
    wait_for_year(page, YEARS[-1])
    assert _state(page)["mark"]
    expect(page).to_have_url(f"{page.url.split('?')[0]}?present=1", timeout=MAP_READY_TIMEOUT_MS)
    print(
        f"\npresentation step, key press → map restyled: median "
        f"{statistics.median(times):.0f} ms, max {max(times):.0f} ms over {len(times)} steps"
    )


def test_a_link_opens_a_comparison_in_japanese(page, app_url):
    query = "view=compare&left=1855&right=equal_area_2006&names=ja"
    page.goto(f"{app_url}/?{query}", wait_until="domcontentloaded")
    expect(page.get_by_role("heading", name=i18n.t("app.title", "ja"))).to_be_visible()
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll('.atlas-root')).map((root) => {
             const a = root.atlas;
             return a && a.loaded && a.map.getContainer().getAttribute('data-atlas-snapshot');
           }).join(',') === '1855,equal_area_2006'""",
        timeout=MAP_READY_TIMEOUT_MS,
    )
    frame = map_frame(page)
    labels = frame.evaluate(
        "() => Array.from(map.getContainer()"
        ".querySelectorAll('.atlas-label-disputed .atlas-label-name'))"
        ".map((el) => el.textContent)"
    )
    assert "択捉島" in labels
    assert "names=ja" in page.url and "right=equal_area_2006" in page.url
    page.screenshot(path=str(ARTIFACTS / "compare-ja.png"))


def test_a_bad_link_value_shows_a_notice_as_text(page, app_url):
    hostile = "<img src=x onerror=window.__pwned=1>"
    page.goto(f"{app_url}/?year={hostile}&names=xx", wait_until="domcontentloaded")
    wait_for_year(page, YEARS[-1])
    alert = page.get_by_text("This link had values the atlas could not use")
    expect(alert).to_be_visible()
    expect(page.get_by_text(hostile, exact=False)).to_be_visible()
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("img[src=x]").count() == 0


def test_the_keyboard_alone_reaches_every_control_with_a_visible_focus(page, app_url):
    page.set_viewport_size({"width": 1400, "height": 900})
    open_link(page, app_url, "", YEARS[-1])
    page.mouse.click(3, 3)
    wanted = {
        "view": ".st-key-view",
        "year slider": ".atlas-step-range",
        "previous": ".atlas-step-previous",
        "names": ".st-key-names",
        "present": ".st-key-present_on",
        "layers": ".st-key-layers",
        "side panel tabs": '[role="tab"]',
        "map": ".leaflet-container",
    }
    reached: dict[str, str] = {}
    unseen_outline = []
    for _ in range(80):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """(wanted) => { const el = document.activeElement;
                 if (!el || el === document.body) return null;
                 const hit = Object.entries(wanted).find(([, sel]) => el.closest(sel));
                 const style = getComputedStyle(el);
                 return {hit: hit ? hit[0] : null, tag: el.tagName,
                         outline: style.outlineStyle !== 'none'
                                  && parseFloat(style.outlineWidth) > 0
                                  || style.boxShadow !== 'none'}; }""",
            wanted,
        )
        if info and info["hit"] and info["hit"] not in reached:
            reached[info["hit"]] = info["tag"]
            if not info["outline"] and info["tag"] != "INPUT":
                unseen_outline.append(info["hit"])
        if len(reached) == len(wanted):
            break
    missing = sorted(set(wanted) - set(reached))
    assert not missing, f"not reachable by Tab: {missing} (reached {reached})"
    assert not unseen_outline, f"no visible focus on: {unseen_outline}"
    # Enter on the focused Present button opens the presentation
    page.locator(".st-key-present_on button").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".st-key-present_bar")).to_be_visible()


CONTRAST_JS = """
() => {
  const parse = (c) => { const m = c.match(/[\\d.]+/g).map(Number);
    return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; };
  const over = (top, base) => ({r: top.r * top.a + base.r * (1 - top.a),
    g: top.g * top.a + base.g * (1 - top.a), b: top.b * top.a + base.b * (1 - top.a), a: 1});
  const lum = (c) => { const f = (v) => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05); };
  // Under a translucent box lies the map: take the worst of its land, sea and fill colours.
  const unders = window.atlasContrastBases.map(parse);
  const selectors = ['.atlas-label-name', '.atlas-label-admin', '.atlas-title-main',
    '.atlas-title-sub', '.atlas-view-button', '.atlas-legend-title', '.atlas-legend-row',
    '.leaflet-control-attribution'];
  const out = [];
  selectors.forEach((sel) => document.querySelectorAll(sel).forEach((el) => {
    if (!el.offsetParent || !el.textContent.trim()) return;
    const layers = [];
    for (let n = el; n && n !== document.body; n = n.parentElement) {
      const bg = parse(getComputedStyle(n).backgroundColor);
      if (bg.a > 0) layers.push(bg);
      if (bg.a >= 1) break;
    }
    let worst = Infinity;
    unders.forEach((under) => {
      let bg = under;
      for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
      const fg = over(parse(getComputedStyle(el).color), bg);
      worst = Math.min(worst, ratio(fg, bg));
    });
    out.push({sel: sel, text: el.textContent.slice(0, 30), ratio: worst});
  }));
  return out;
}
"""


@pytest.mark.parametrize("query", ["year=1956", "present=1&year=1956&names=ja"])
def test_text_on_the_map_meets_wcag_aa_contrast(page, app_url, query):
    frame = open_link(page, app_url, query, 1956)
    style = load_style()
    bases = [style.basemap.sea, style.basemap.land]
    bases += [style.state[code].fill for code in MAP_CODES]
    rgb = [f"rgb({int(c[1:3], 16)}, {int(c[3:5], 16)}, {int(c[5:7], 16)})" for c in bases]
    frame.evaluate("(bases) => { window.atlasContrastBases = bases; }", rgb)
    frame.evaluate("() => { const l = document.querySelector('.atlas-legend'); l.open = true; }")
    results = frame.evaluate(CONTRAST_JS)
    kinds = {r["sel"] for r in results}
    assert {".atlas-label-name", ".atlas-legend-row", ".leaflet-control-attribution"} <= kinds
    low = [r for r in results if r["ratio"] < 4.5]
    assert not low, f"text below WCAG AA 4.5:1 on the map: {low}"
