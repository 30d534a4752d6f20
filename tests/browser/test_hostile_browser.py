"""Hostile text in every data file stays text: nothing runs, nothing is fetched, all is shown.

A copy of the app (app.py, geo/, data/, .streamlit/) gets a hostile string in one entry of
every text field of every data file: the configurations, statuses, names, events, sources,
scenarios, residents, official areas, the message catalogue, the style (state names, tile
layer name and attribution), the manifest (attribution) and the lines' GeoJSON properties.
Each string carries a tag naming its field. One server runs on that copy for the module; the
page is opened on a few views (timeline years, the compare view, presentation mode), with
every request routed (anything not on 127.0.0.1 is aborted and counted) and dialogs counted.

Per view: no flag a payload would set is set, in the page or the map frames; no dialog; no
request leaves the machine; no element a payload would make exists. Per field: its hostile
string is in the shown text literally (so it was neither dropped nor interpreted).

Fields the loader must reject anyway (ids, colours, dates, numbers, URLs) are not injected:
they are the loader's business.
"""

from __future__ import annotations

import csv
import json
import tomllib
import urllib.parse
from pathlib import Path

import pytest
import tomli_w
from browser_helpers import (
    ARTIFACTS,
    MAP_READY_TIMEOUT_MS,
    MAP_ROOT,
    MapHandle,
    ServerError,
    copy_app,
    open_expanders,
    streamlit_server,
    wait_for_maps,
)

from atlas_ui.history import PANEL_TABS
from geo.files.configurations import (
    CONFIGURATION_OPTIONAL_KEYS,
    CONFIGURATION_TEXT_KEYS,
    READING_KEYS,
)

pytestmark = pytest.mark.browser

WORD_JOINER = "\u2060"  # geo.text.tables.md_escape splits autolinks and shortcodes with it


def hostile(tag: str, braces: bool = True) -> str:
    """HTML, script, attribute break-out, Markdown link / image / autolink, LaTeX, shortcode."""
    text = (
        f"<{tag}>"
        f"<img src=x onerror=\"window.top.__pwned='{tag}';alert('{tag}')\">"
        f"<script>window.top.__pwned='{tag}'</script>"
        f'"><svg onload=window.top.__pwned=1>'
        f"[link](javascript:window.top.__pwned=1) "
        f"![img](http://example.invalid/{tag}.png) "
        f"http://example.invalid/{tag} www.example.invalid "
        f"$x^2$ :streamlit: :material/home: *em* **b** # h"
    )
    # Braces (a template, TeX arguments) where the text is no format string.
    return text + (r" $\frac{1}{2}$ {{7*7}}" if braces else "")


# ----------------------------------------------------------------- what is injected where

TOML_FILES = {
    # file: [(case id, path into the parsed document)]
    # every text field the loader knows (not dates, source ids or lists of them)
    "timeline/configurations.toml": [
        (f"configurations.{key}", ("configuration", 0, key))
        for key in (*CONFIGURATION_TEXT_KEYS, *CONFIGURATION_OPTIONAL_KEYS)
        if key != "date" and not key.endswith("_source")
    ]
    + [
        (f"configurations.reading.{key}", ("configuration", 0, "reading", 0, key))
        for key in READING_KEYS
        if not key.endswith("sources")
    ],
    "scenarios.toml": [
        (f"scenarios.{key}", ("scenario", 0, key))
        for key in ("label", "proposer", "description", "verification")
    ],
    "worldviews.toml": [
        (f"worldviews.{key}", ("worldview", 0, key))
        for key in ("label", "series", "description", "boundaries", "verification", "line_label")
    ],
    "style.toml": [
        ("style.state.label", ("state", "JP", "label")),
        ("style.state.short", ("state", "JP", "short")),
        ("style.online_tiles.name", ("online_tiles", 0, "name")),
        ("style.online_tiles.attribution", ("online_tiles", 0, "attribution")),
    ],
}
CSV_FILES = {
    # file: (row selector, [text columns])
    "timeline/configurations.toml": None,
    "timeline/status.csv": (
        lambda r: r["year"] == "1855" and r["group"] == "shikotan",
        ["administering_state", "basis_instrument", "basis_article", "basis_note", "note"],
    ),
    "timeline/names.csv": (
        lambda r: r["id"] == "shikotan" and r["kind"] == "group",
        ["name_en", "name_ja", "name_ja_latn", "name_ru", "name_ru_latn", "note"],
    ),
    # An event of 1956 with an instrument and a quote, one of 2026 with both readings.
    "timeline/events.csv": (
        lambda r: r["id"] == "gorbachev-joint-communique-1991",
        ["title", "summary", "instrument", "article", "quote"],
    ),
    "timeline/events.csv#readings": (
        lambda r: r["id"] == "irkutsk-statement-2001",
        ["japan_reading", "russia_reading"],
    ),
    "timeline/sources.csv": (
        lambda r: r["id"] == "spf-shimoda-1855-article2-ja",
        ["title", "author", "publisher", "note"],
    ),
    "timeline/residents_1945.csv": (lambda r: r["unit"] == "suisho", ["note"]),
    "timeline/official_areas.csv": (lambda r: r["group"] == "habomai", ["basis", "note"]),
}
del CSV_FILES["timeline/configurations.toml"]
# The message catalogue: every text in every language gets a tag; these are checked as shown.
MESSAGE_KEYS = (
    "app.title",
    # (app.year_slider names the map's step slider as an attribute, set with setAttribute:
    # never shown as text, never markup)
    "app.previous",
    "app.next",
    "app.present",
    "app.layers",
    "app.view_timeline",
    "app.view_compare",
    "app.take_away",
    "app.about_data",
    "app.tab_text",
    "app.tab_events",
    "app.tab_area",
    "app.tab_sources",
    "app.every_area",
    "app.left_map",
    "app.exit_present",
    "app.keys_hint",
    "layer.claims",
    "layer.areas",
    "map.legend",
    "map.attribution_prefix",
    "map.view_four",
)
# Injected, but documentation columns the app never shows (so not checked as visible; the
# views' checks still cover them).
NOT_SHOWN = (
    "names.note",
    "sources.note",
    "residents_1945.note",
    "official_areas.basis",
    "official_areas.note",
)


def _set(doc, path, text):
    *parents, last = path
    for p in parents:
        doc = doc[p]
    doc[last] = text


# A teacher's note comes in a lesson's link (one line of at most 160 characters).
LESSON_NOTE = (
    "<img src=x onerror=\"window.top.__pwned='note'\"><script>window.top.__pwned=2</script>"
    "[l](javascript:window.top.__pwned=3) :red[r] *em* $x$"
)


def inject(data: Path) -> dict[str, str]:
    """Put a hostile string into every text field named above; {case id: the string}."""
    cases: dict[str, str] = {"lesson.note": LESSON_NOTE}
    for name, fields in TOML_FILES.items():
        doc = tomllib.loads((data / name).read_text(encoding="utf-8"))
        for case, path in fields:
            cases[case] = hostile(case)
            _set(doc, path, cases[case])
        (data / name).write_text(tomli_w.dumps(doc), encoding="utf-8")
    for entry, (select, columns) in CSV_FILES.items():
        name = entry.split("#")[0]
        with open(data / name, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            header, rows = reader.fieldnames, list(reader)
        row = next(r for r in rows if select(r))
        stem = Path(name).stem
        for column in columns:
            case = f"{stem}.{column}"
            cases[case] = hostile(case)
            row[column] = cases[case]
        with open(data / name, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=header)
            writer.writeheader()
            writer.writerows(rows)
    # The catalogue: its texts are format strings, so no braces in them.
    messages = tomllib.loads((data / "messages.toml").read_text(encoding="utf-8"))
    for section, entries in messages.items():
        for key, texts in entries.items():
            case = f"messages.{section}.{key}"
            for lang in texts:
                texts[lang] = f"{texts[lang]} {hostile(case, braces=False)}"
            if f"{section}.{key}" in MESSAGE_KEYS:
                cases[case] = hostile(case, braces=False)
    (data / "messages.toml").write_text(tomli_w.dumps(messages), encoding="utf-8")
    # The manifest's attribution of the drawn geometry (one text for the three files).
    manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    cases["manifest.attribution"] = hostile("manifest.attribution")
    for entry in manifest["files"]:
        if entry["path"].endswith(".geojson"):
            entry["attribution"] = cases["manifest.attribution"]
    (data / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
    # The lines' GeoJSON: the label shown in a line's tooltip.
    lines = json.loads((data / "lines.geojson").read_text(encoding="utf-8"))
    cases["lines.geojson.label"] = hostile("lines.geojson.label")
    lines["features"][0]["properties"]["label"] = cases["lines.geojson.label"]
    (data / "lines.geojson").write_text(json.dumps(lines, ensure_ascii=False))
    return cases


# ----------------------------------------------------------------- the visits

VIEWS = {
    "timeline-1855": "/?year=1855",
    "timeline-1956": "/?year=1956",
    "timeline-2026": "/",
    "compare": "/?view=compare&left=1855&right=status_quo",
    "present-1855": "/?present=1&year=1855",
    "present-compare": "/?view=compare&left=1855&right=status_quo&present=1",
    "compare-worldview": "/?view=compare&left=japan_official&right=1855",
    "lesson": "/?view=lesson&lesson=1855,japan_official&notes=" + urllib.parse.quote(LESSON_NOTE),
    "present-lesson": "/?view=lesson&present=1&lesson=1855&notes="
    + urllib.parse.quote(LESSON_NOTE),
}
# Everything in a document that a payload would have made, counted in the page and each frame.
MADE_BY_PAYLOAD = """() => ({
  flag: window.__pwned === undefined ? null : String(window.__pwned),
  elements: document.querySelectorAll(
    'img[src="x"], svg[onload], a[href^="javascript"], a[href*="example.invalid"],'
    + ' img[src*="example.invalid"], .katex, [onerror]').length
    + Array.from(document.getElementsByTagName('*')).filter(
        (el) => el.tagName.includes('.')).length,
  text: document.body ? document.body.textContent : '',
})"""
# Open what is closed: the map's layer control, every line's and a card's tooltip.
OPEN_MAP_TEXT = """() => {
  const a = window.atlas;
  if (!a || !a.loaded) return false;
  a.layerControl.expand();
  Object.values(a.lines).forEach((l) => { if (l.getTooltip()) {
    a.groups.lines.addLayer(l); l.openTooltip(l.getBounds().getCenter()); } });
  const area = a.areas.shikotan; if (area) area.openTooltip(area.getBounds().getCenter());
  // A tile layer's attribution, as Leaflet adds it when the layer is switched on (the layer
  // itself stays off: its tiles would be requests to the internet).
  a.layerControl._layers.forEach((entry) => {
    if (entry.layer.getAttribution && entry.layer instanceof L.TileLayer) {
      a.map.attributionControl.addAttribution(entry.layer.getAttribution());
    }
  });
  return true;
}"""


# The side panel's tabs, in app.py's order (PANEL_TABS): the area's is the third.
AREA_TAB = PANEL_TABS.index("area")  # the side panel's "Selected area" tab


def open_tab(page, number: int) -> None:
    """Open the number-th tab of the side panel and wait until its content has arrived."""
    page.get_by_role("tab").nth(number).click()
    page.wait_for_function(
        """(n) => { const tab = document.querySelectorAll('[role="tab"]')[n];
             if (!tab || tab.getAttribute('aria-selected') !== 'true') return false;
             const panel = document.getElementById(tab.getAttribute('aria-controls'));
             return Boolean(panel && panel.querySelector('[data-testid="stElementContainer"]'));
           }""",
        arg=number,
    )
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(
        state="attached"
    )


def _router(foreign: list[str]):
    """Let loopback and inline URLs through; abort and count everything else."""

    def route(r) -> None:
        if r.request.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
            r.continue_()
        else:
            foreign.append(r.request.url)
            r.abort()

    return route


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    """A copy of the app with hostile data, served for the whole module: (URL, cases)."""
    root = copy_app(tmp_path_factory.mktemp("hostile-app"))
    cases = inject(root / "data")
    log = root / "server.log"
    try:
        with streamlit_server("app.py", log, cwd=root) as (base, _proc):
            yield base, cases, log
    except ServerError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="module")
def visits(hostile_app, browser):
    """Every view opened once: what the page and its frames did and showed."""
    base, _cases, _log = hostile_app
    results = {}
    for name, query in VIEWS.items():
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(MAP_READY_TIMEOUT_MS)
        foreign, dialogs, errors = [], [], []

        context.route("**/*", _router(foreign))
        page = context.new_page()
        page.on("dialog", lambda d, dialogs=dialogs: (dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        page.goto(base + query, wait_until="domcontentloaded")
        if name == "lesson":  # the composer: no map, its table and step list
            page.locator(".st-key-plan_present").wait_for()
            maps = 0
        else:
            page.wait_for_selector(MAP_ROOT, state="attached")
            # Every map loaded (or showing its error box), then its closed texts opened.
            maps = wait_for_maps(page, allow_error=True)
        for index in range(maps):
            MapHandle(page, index).evaluate(OPEN_MAP_TEXT)
        # Each tab of the side panel in turn (a tab's content is made only while it is open),
        # with every expander opened, and what the page shows then.
        docs = []
        tabs = page.get_by_role("tab")
        for number in range(tabs.count() or 1):
            if tabs.count():
                open_tab(page, number)
            if name == "timeline-1855" and number == AREA_TAB:  # the hostile names' area
                page.locator(".st-key-area input").click()
                page.keyboard.type("names.name_en")
                page.get_by_role("option").first.click()
                page.get_by_text("status.basis_note", exact=False).first.wait_for(state="attached")
            # and every expander (their content is made only once opened)
            open_expanders(page)
            # an image's error handler runs once its (aborted) request has ended
            page.wait_for_load_state("networkidle")
            docs.append(page.main_frame.evaluate(MADE_BY_PAYLOAD))
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"hostile-{name}.png"))
        boxes = [
            page.evaluate(
                "() => Array.from(document.querySelectorAll('.atlas-error'))"
                ".map((e) => e.textContent)"
            )
        ]
        results[name] = {
            "flags": [d["flag"] for d in docs if d["flag"] is not None],
            "elements": sum(d["elements"] for d in docs),
            "text": "\n".join(d["text"] for d in docs).replace(WORD_JOINER, ""),
            "foreign": list(foreign),
            "dialogs": list(dialogs),
            "errors": list(errors),
            "error_boxes": [b for bs in boxes for b in bs],
            "frames": maps,
        }
        context.close()
    return results


@pytest.mark.parametrize("view", list(VIEWS))
def test_hostile_data_runs_nothing_and_fetches_nothing(visits, view):
    seen = visits[view]
    assert seen["frames"] >= 1 or view == "lesson", "no map in the page"  # (the composer: none)
    assert not seen["flags"], f"a payload ran: {seen['flags']}"
    assert not seen["dialogs"], f"a payload opened a dialog: {seen['dialogs']}"
    assert not seen["foreign"], f"requests left the machine: {seen['foreign']}"
    assert seen["elements"] == 0, "a payload became an element (img, svg, link, math)"
    assert not seen["error_boxes"], f"the map failed: {seen['error_boxes']}"


def _case_ids() -> list[str]:
    ids = [case for _, fields in TOML_FILES.items() for case, _ in fields]
    ids += [f"{Path(n.split('#')[0]).stem}.{c}" for n, (_, cols) in CSV_FILES.items() for c in cols]
    ids = [i for i in ids if i not in NOT_SHOWN]
    ids += [f"messages.{k}" for k in MESSAGE_KEYS]
    ids += ["manifest.attribution", "lines.geojson.label", "lesson.note"]
    return ids


@pytest.mark.parametrize("case", _case_ids())
def test_hostile_text_is_shown_literally(hostile_app, visits, case):
    _base, cases, _log = hostile_app
    text = cases[case]
    where = [view for view, seen in visits.items() if text in seen["text"]]
    assert where, f"{case}: its text is not shown literally in any view ({list(VIEWS)})"
