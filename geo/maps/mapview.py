"""The map's data: one static configuration per names mode, and each snapshot's payload.

The map itself is an ES module (``atlas_map.js``, beside this file) that the app mounts as a
Streamlit component (``atlas_ui/map_component.py``) and the offline export inlines
(``geo/exports/export.py``). What it needs that never changes while the server runs (geometry URLs,
names, labels, legend, style, and the payload of every year and scenario) is one JSON file per
names mode, published into the app's static folder (:func:`publish_map_files`) and fetched
once by the browser; each rerun then names only the snapshot to show. A payload
(:func:`snapshot_payload`) holds a snapshot's title, per-unit styles and card lines: a few kB,
free of geometry except the parts of a divided island. Nothing here imports Streamlit.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from geo.files.atlas import Atlas
from geo.files.codes import DISPUTED_GROUPS, MAP_CODES, STATE_CODES
from geo.files.manifest import load_manifest
from geo.files.style import Style, load_style
from geo.i18n import (
    DEFAULT_NAMES,
    NAME_MODES,
    catalogue_section,
    place_lines,
    place_name,
    t,
    ui_language,
)
from geo.maps.assets import (
    STATIC_DIR,
    STATIC_GEOMETRY,
    STATIC_URL_PREFIX,
    asset_url,
    write_if_changed,
)
from geo.maps.payload import snapshot_payload
from geo.model.snapshot import HISTORICAL, SCENARIO, Snapshot
from geo.model.timeline import historical_snapshot, names_of
from geo.text import history_text
from geo.text.wording import (
    state_label,
)

JS_PATH = Path(__file__).with_name("atlas_map.js")
# Layers a reader may hide from the page (the rest of the page and the link know them too).
HIDEABLE_LAYERS = ("claims", "disputed", "transfer", "lines", "labels")
# A context label (not one of the four disputed groups) is drawn only when its area spans at
# least this many screen pixels; the four disputed groups are always labelled.
LABEL_MIN_PIXELS = 40
# A click (or tap) this close to an area, in screen pixels, still picks it: small islets.
PICK_TOLERANCE_PX = 10
# The map's stylesheet (published beside the module; inlined by the offline export). Sizes that
# depend on the map's width are container queries on .atlas-root, so that a map in a column
# (the compare view) reads as its own width, not the window's.
CSS = """
.atlas-root {container-type: inline-size; position: relative; font-family: sans-serif;
  color: #111;}
.atlas-map {height: 520px; width: 100%;}
.atlas-root.atlas-present .atlas-map {height: calc(100vh - 8.2rem); min-height: 320px;}
.atlas-root[data-role="export"] .atlas-map {height: 100%;}
@media (max-width: 640px) {.atlas-root[data-role="timeline"] .atlas-map {height: 420px;}}
.atlas-stepbar {display: flex; align-items: flex-start; gap: 8px; flex-wrap: wrap;
  margin: 0 0 6px;}
.atlas-step-button {font: 14px sans-serif; padding: 5px 10px; border: 1px solid #bbb;
  border-radius: 6px; background: #fff; color: #111; cursor: pointer; flex: none;}
.atlas-step-button:hover:not(:disabled) {border-color: #e0453a; color: #c0291f;}
.atlas-step-button:disabled {color: #999; cursor: default;}
.atlas-step-track {flex: 1 1 200px; min-width: 160px; position: relative;}
.atlas-step-range {width: 100%; margin: 6px 0 0; accent-color: #c0291f; cursor: pointer;}
.atlas-step-ticks {position: relative; height: 1.3rem; margin: 0 8px; font-size: 0.8rem;
  color: #444;}
.atlas-step-tick {position: absolute; transform: translateX(-50%); white-space: nowrap;
  cursor: pointer;}
.atlas-step-tick.first {transform: none;}
.atlas-step-tick.last {transform: translateX(-100%);}
.atlas-step-tick.current {font-weight: bold; color: #111;}
.atlas-step-title {flex-basis: 100%; font: bold 15px/1.3 sans-serif;}
.atlas-chooser-bar {flex-direction: column; align-items: stretch; gap: 2px;}
.atlas-chooser-label {font: 14px sans-serif; color: #31333f;}
.atlas-chooser {font: 15px sans-serif; padding: 7px 8px; border: 1px solid #bbb;
  border-radius: 6px; background: #f0f2f6; color: #111; width: 100%; min-width: 0;
  text-overflow: ellipsis;}
.atlas-present .atlas-step-button {font-size: 18px;}
/* In presentation mode the page's heading names the step, larger. */
.atlas-present .atlas-step-title {display: none;}
/* A narrow map (a phone): Previous and Next on one row, the labelled slider under them. */
@container (max-width: 479px) {
  .atlas-stepbar:not(.atlas-chooser-bar) {display: grid; grid-template-columns: auto 1fr auto;
    row-gap: 2px;}
  .atlas-step-previous {grid-column: 1; grid-row: 1;}
  .atlas-step-next {grid-column: 3; grid-row: 1;}
  .atlas-step-track {grid-column: 1 / -1; grid-row: 2; min-width: 0;}
  .atlas-step-title {grid-column: 1 / -1;}
}
.atlas-root :focus-visible {outline: 3px solid #1a73e8; outline-offset: 2px;}
.leaflet-container {font-family: sans-serif;}
.leaflet-control-attribution {font-size: 10px; line-height: 1.3;}
@container (max-width: 599px) {.leaflet-control-scale {display: none;}}  /* room for labels */
.atlas-title {background: rgba(255,255,255,0.94); padding: 4px 8px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.3); max-width: min(420px, calc(100cqw - 96px));}
.atlas-title-main, .atlas-title-sub {white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis;}
.atlas-title-main {font: bold 15px/1.3 sans-serif; color: #111;}
.atlas-title-sub {font: 12px/1.3 sans-serif; color: #333;}
.atlas-title-sub:empty {display: none;}
/* A phone stacks the two compare maps: there each has a toggle beside its chooser that shows
   the other side's snapshot in its own view (both sides of the same area, in one place). */
.atlas-chooser-row {display: flex; gap: 6px; align-items: stretch;}
.atlas-flip-button {display: none; font: bold 14px sans-serif; padding: 4px 10px;
  border: 1px solid #bbb; border-radius: 6px; background: #fff; color: #111; cursor: pointer;
  flex: none; white-space: nowrap;}
@media (max-width: 640px) {.atlas-root[data-role="compare"] .atlas-flip-button {
  display: block;}}
.atlas-flipped .atlas-flip-button {background: #F0E442;}
.atlas-flipped .atlas-map {outline: 3px solid #F0E442; outline-offset: -3px;}
.atlas-views {display: flex; flex-direction: column; background: #fff;}
.atlas-view-button {font: 12px sans-serif; padding: 4px 8px; border: none; background: #fff;
  cursor: pointer; text-align: left; color: #111;}
.atlas-view-button + .atlas-view-button {border-top: 1px solid #ccc;}
.atlas-view-button:hover, .atlas-view-button:focus-visible {background: #f0f0f0;}
.atlas-view-button:focus-visible, .atlas-legend-title:focus-visible {
  outline: 3px solid #1a73e8; outline-offset: 1px;}
.atlas-legend {background: rgba(255,255,255,0.94); padding: 4px 6px; font: 12px/1.3 sans-serif;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,0.3); max-width: 220px; color: #111;}
.atlas-legend-title {font-weight: bold; cursor: pointer;}
.atlas-legend.atlas-legend-below {max-width: none; box-shadow: none; border: 1px solid #ccc;
  margin-top: 4px; background: #fff;}
.atlas-legend[open] .atlas-legend-title {margin-bottom: 4px;}
.atlas-legend-row {display: flex; align-items: center; gap: 6px; margin: 2px 0;}
.atlas-swatch {display: inline-block; width: 22px; height: 14px; flex: none;
  border: 1px solid #555; box-sizing: border-box;}
.atlas-swatch-outline {border: 3px dashed; background: transparent;}
.atlas-swatch-disputed {border: 3px solid; background: transparent;}
.atlas-swatch-line {border: none; border-top: 3px dashed; height: 0;}
.atlas-swatch-changed {border: 5px solid; background: transparent;}
.atlas-swatch-cut {border: none; border-top: 3px dashed; height: 0;}
.atlas-label {background: rgba(255,255,255,0.85); border: none; box-shadow: none; color: #111;
  font: bold 12px sans-serif; padding: 1px 4px; white-space: pre; text-align: center;}
.atlas-label-disputed {font-size: 13px; border: 1px solid #333; background: #fff;}
.atlas-label::before {display: none;}
.atlas-label-admin {font-weight: normal; font-size: 11px; color: #222;}
.atlas-present .atlas-label-admin {font-size: 17px;}
/* A phone's map has no room for a third label line: there the card and the table say it (a
   compare map at 1024 px, about 450 px wide, keeps it). */
@container (max-width: 399px) {.atlas-label-admin {display: none;}}
.atlas-label-disputed.leaflet-tooltip-left::before,
.atlas-label-disputed.leaflet-tooltip-right::before,
.atlas-label-disputed.leaflet-tooltip-top::before,
.atlas-label-disputed.leaflet-tooltip-bottom::before {display: block;}
.atlas-card-box {padding: 6px 8px; white-space: normal; width: max-content; max-width: 320px;}
.atlas-card {font: 13px/1.35 sans-serif; color: #111;}
.atlas-card-title {font-weight: bold; font-size: 14px;}
.atlas-card-name {color: #333;}
/* Presentation mode: type readable from the back of a room. */
.atlas-present .atlas-label {font-size: 20px; padding: 2px 6px;}
.atlas-present .atlas-label-disputed {font-size: 22px; border-width: 2px;}
.atlas-present .atlas-title {display: none;}  /* the page's heading says it, larger */
.atlas-present .atlas-title-main {font-size: 24px;}
.atlas-present .atlas-title-sub {font-size: 18px;}
.atlas-present .atlas-legend {font-size: 18px; max-width: 340px;}
.atlas-present .atlas-swatch {width: 30px; height: 20px;}
.atlas-present .atlas-card {font-size: 18px;}
.atlas-present .atlas-card-title {font-size: 20px;}
.atlas-present .atlas-card-box {max-width: 440px;}
.atlas-present .atlas-view-button {font-size: 16px; padding: 6px 10px;}
.atlas-error, .atlas-notice {position: absolute; bottom: 28px; left: 50px; right: 50px;
  z-index: 1000; padding: 8px; font: 14px sans-serif;}
.atlas-error {top: 10px; bottom: auto; background: #fff3f3; border: 2px solid #b00;}
.atlas-notice {background: #fffbe6; border: 2px solid #b58900;}
"""


@lru_cache(maxsize=1)
def library_js() -> str:
    """The map's ES module (its source text)."""
    return JS_PATH.read_text(encoding="utf-8")


def js_json(value) -> str:
    """JSON safe to embed in a script: no '<', '>' or '&' that could close a tag."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _names(atlas: Atlas, names_mode: str = DEFAULT_NAMES) -> dict:
    """Each feature's hover-card title (in the names mode) and its names in every language."""
    names = names_of(atlas, "feature")
    groups = names_of(atlas, "group")
    out = {}
    for fid, group in zip(atlas.areas["id"], atlas.areas["group"]):
        row = names.loc[fid]
        lines = [
            f"English: {row['name_en']}",
            f"日本語: {row['name_ja']} ({row['name_ja_latn']})",
            f"Русский: {row['name_ru']} ({row['name_ru_latn']})",
        ]
        title = place_name(row, names_mode)
        if fid != group:
            title = f"{title} — {place_name(groups.loc[group], names_mode)}"
        out[fid] = {"title": title, "lines": lines}
    return out


def _labels(atlas: Atlas, style: Style, names_mode: str = DEFAULT_NAMES) -> list[dict]:
    """One label per group; the disputed four carry the side on which they sit (style data).

    A label has one line per name (two for both local names).
    """
    names = names_of(atlas, "group")
    sides = style.label_side
    labels = []
    for group in atlas.groups:
        features = list(atlas.areas.loc[atlas.areas["group"] == group, "id"])
        disputed = group in DISPUTED_GROUPS
        labels.append(
            {
                "group": group,
                "text": "\n".join(place_lines(names.loc[group], names_mode)),
                "features": features,
                "disputed": disputed,
                "side": sides.get(group, "right") if disputed else "center",
            }
        )
    return labels


def legend(style: Style, lang: str = "en") -> dict:
    """The legend rows that never change; the stripes rows come with each year's payload."""
    items = [
        {
            "kind": "fill",
            "color": style.state[c].fill,
            "label": state_label(c, style, lang, short=False),
        }
        for c in STATE_CODES
        if c != "NONE"
    ]
    items.append(
        {
            "kind": "disputed",
            "color": style.disputed.color,
            "label": t("map.legend_disputed", lang),
        }
    )
    items.append(
        {
            "kind": "outline",
            "color": style.transfer.color,
            "label": t("map.legend_transfer", lang),
        }
    )
    items.append(
        {
            "kind": "line",
            "color": style.line.color,
            "label": t("map.legend_line", lang),
        }
    )
    return {"title": t("map.legend", lang), "items": items}


@lru_cache(maxsize=4)
def attribution_text(atlas: Atlas) -> str:
    """The licence attribution of the drawn geometry, from the data manifest (read once)."""
    manifest = load_manifest(atlas.data_dir / "manifest.json")
    texts = {e["attribution"] for e in manifest["files"] if e["path"] in STATIC_GEOMETRY}
    return "; ".join(sorted(texts))


def view_bounds(atlas: Atlas) -> dict[str, list[list[float]]]:
    """The map's named views as [[south, west], [north, east]] in degrees (EPSG:4326).

    ``four``: the four disputed groups (the opening view); ``region``: every drawn area.
    Derived from the geometry, never typed in; computed once per atlas (every rerun asks).
    """
    return {name: [list(corner) for corner in box] for name, box in _view_bounds(atlas).items()}


@lru_cache(maxsize=4)
def _view_bounds(atlas: Atlas) -> dict[str, tuple[tuple[float, float], ...]]:
    areas = atlas.areas
    disputed = areas[areas["group"].isin(DISPUTED_GROUPS)]

    def corners(frame) -> tuple[tuple[float, float], ...]:
        west, south, east, north = (round(float(v), 4) for v in frame.total_bounds)
        return ((south, west), (north, east))

    return {"four": corners(disputed), "region": corners(areas)}


@lru_cache(maxsize=16)
def base_config(atlas: Atlas, names_mode: str = DEFAULT_NAMES) -> dict:
    """The map's constant configuration without payloads; computed once per atlas and names
    mode (cached: callers copy it, never change it)."""
    style = load_style(atlas.data_dir / "style.toml")
    shown = style.model_dump(mode="json")  # the style as the map's script reads it
    lang = ui_language(names_mode)
    return {
        "urls": [asset_url(name, atlas.data_dir) for name in STATIC_GEOMETRY],
        "attribution": attribution_text(atlas),
        "style": shown,
        "layer_names": catalogue_section("layer", lang),
        "online_tiles": shown["online_tiles"],
        "names": _names(atlas, names_mode),
        "feature_groups": dict(zip(atlas.areas["id"], atlas.areas["group"])),
        "pick_tolerance_px": PICK_TOLERANCE_PX,
        "disputed_groups": list(DISPUTED_GROUPS),
        "labels": _labels(atlas, style, names_mode),
        "legend": legend(style, lang),
        "views": view_bounds(atlas),
        "ui": catalogue_section("map", lang),
        "ui_steps": {
            "previous": t("app.previous", lang),
            "next": t("app.next", lang),
            "slider": t("app.year_slider", lang),
            "custom": t("compare.custom", lang),
            "left": t("app.left_map", lang),
            "right": t("app.right_map", lang),
        },
        "hideable": list(HIDEABLE_LAYERS),
        "state_short": {c: state_label(c, style, lang) for c in MAP_CODES},
        "label_min_pixels": LABEL_MIN_PIXELS,
    }


def step_label(snapshot: Snapshot, lang: str = "en") -> dict[str, str]:
    """How the map names a snapshot: a short tick (a year), its whole title, and the option
    of the compare view's chooser ("Scenario: ..." for a scenario)."""
    historical = snapshot.kind == HISTORICAL
    return {
        "short": str(snapshot.year) if historical else snapshot.id,
        "title": snapshot.label,
        # a year and a country's map name themselves ("As Japan's ... draw it today")
        "option": t("compare.scenario", lang, label=snapshot.label)
        if snapshot.kind == SCENARIO
        else snapshot.label,
    }


def map_config(
    atlas: Atlas, names_mode: str = DEFAULT_NAMES, snapshots: tuple[Snapshot, ...] = ()
) -> dict:
    """Everything constant a map needs in one names mode: the base configuration, and the
    payload and step label of every configuration year and of each of ``snapshots`` (the
    scenarios), by snapshot id. Published as a static file (:func:`publish_map_files`)."""
    shown = [historical_snapshot(year, atlas) for year in atlas.configurations]
    shown += list(snapshots)
    return {
        **base_config(atlas, names_mode),
        "payloads": {s.id: snapshot_payload(s, atlas, names_mode) for s in shown},
        "step_labels": {
            s.id: step_label(
                history_text.snapshot_in(s, ui_language(names_mode), atlas),
                ui_language(names_mode),
            )
            for s in shown
        },
    }


@lru_cache(maxsize=4)
def publish_map_files(
    atlas: Atlas, snapshots: tuple[Snapshot, ...] = (), static_dir: Path = STATIC_DIR
) -> dict[str, str]:
    """Write the map's module, its stylesheet and each names mode's configuration (with the
    payloads of ``snapshots`` besides the years) into ``static_dir``/atlas/.

    Returns their URLs (``module``, ``css`` and one per names mode), relative to the page and
    versioned by content, so that a browser never uses a stale copy and may cache them for
    good. Done once per process; only files whose content changed are rewritten.
    """
    urls = {}
    module = library_js().encode("utf-8")
    write_if_changed(static_dir / "atlas" / "atlas_map.js", module)
    urls["module"] = _versioned("atlas_map.js", module)
    css = CSS.encode("utf-8")
    write_if_changed(static_dir / "atlas" / "atlas_map.css", css)
    urls["css"] = _versioned("atlas_map.css", css)
    for mode in NAME_MODES:
        text = json.dumps(
            map_config(atlas, mode, snapshots),
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
        ).encode("utf-8")
        # Named by its content: a server that publishes another configuration (other data, a
        # broken scenarios file) writes another file, never one a page is reading.
        name = f"config-{mode}-{_digest(text)}.json"
        write_if_changed(static_dir / "atlas" / name, text)
        _keep_newest(static_dir / "atlas", f"config-{mode}-*.json", KEEP_CONFIGS)
        urls[mode] = f"{STATIC_URL_PREFIX}atlas/{name}"
    return urls


# Configurations kept per names mode in the static folder: the one just written and the
# few before it (other data, other processes); older ones are removed.
KEEP_CONFIGS = 8


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()[:12]


def _keep_newest(folder: Path, pattern: str, keep: int) -> None:
    """Remove all but the ``keep`` newest files matching ``pattern`` (best effort)."""
    found = []
    for path in folder.glob(pattern):
        try:
            found.append((path.stat().st_mtime, path))
        except OSError:  # removed meanwhile by another process
            continue
    for _, path in sorted(found, reverse=True)[keep:]:
        path.unlink(missing_ok=True)


def _versioned(name: str, content: bytes) -> str:
    return f"{STATIC_URL_PREFIX}atlas/{name}?v={_digest(content)}"


def read_published_config(url: str, static_dir: Path = STATIC_DIR) -> dict:
    """A published configuration (a URL of :func:`publish_map_files`) as the browser reads it
    (for tests and tools)."""
    name = url.split("?")[0].rsplit("/", 1)[-1]
    return json.loads((static_dir / "atlas" / name).read_text(encoding="utf-8"))
