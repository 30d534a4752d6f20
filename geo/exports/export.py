"""Exports of the current view: a standalone HTML map, the snapshot's GeoJSON and its table.

- :func:`standalone_html`: one self-contained page that works offline from a USB stick:
  Leaflet's CSS and JS (from the pinned package, read at run time, its images as ``data:``
  URLs), the atlas's map CSS and script, the base configuration, the snapshot's payload and the
  three geometry files, all inside the file. Nothing is fetched: the online tile layers are
  left out, and a Content-Security-Policy forbids any request the page might still try.
- :func:`snapshot_geojson`: one GeoJSON feature per unit of the snapshot (EPSG:4326), with its
  status, sources and land area.
- :func:`snapshot_csv`: the status table as CSV, UTF-8 with a byte-order mark.

The output is deterministic (no date, no random ids): the same snapshot gives the same bytes.
Data text reaches the page only as escaped HTML or as JSON that cannot close its script.
Nothing here imports Streamlit.
"""

from __future__ import annotations

import base64
import html
import importlib.metadata
import json
import re
from pathlib import Path

import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from geo.files.atlas import Atlas
from geo.files.style import Style, load_style
from geo.i18n import DEFAULT_NAMES, place_name, ui_language
from geo.maps import mapview
from geo.maps.assets import STATIC_GEOMETRY, leaflet_source_dir
from geo.maps.payload import snapshot_payload
from geo.model.compare import unit_km2
from geo.model.snapshot import Snapshot, Unit
from geo.model.timeline import names_of
from geo.text import history_text
from geo.text.tables import status_table, unit_title

LEAFLET_DISTRIBUTION = "django-js-lib-leaflet"
GEOMETRY_LICENSE = "ODbL-1.0"
GEOMETRY_LICENSE_URL = "https://opendatacommons.org/licenses/odbl/1-0/"
# Coordinates of the exported GeoJSON are snapped to 1e-6 degrees (about 0.1 m); the atlas's
# own files have five decimals, so only the computed parts of a divided island are rounded.
GEOJSON_GRID = 1e-6
# A spreadsheet would run a cell starting with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# What the page may load: nothing from anywhere, except its own inline code, styles and
# data: images. A USB stick has no network, and a stray URL in data must not reach one either.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"
)
PAGE_CSS = """
<style>
html, body {height: 100%; margin: 0;}
body {display: flex; flex-direction: column; font-family: sans-serif; color: #111;}
.export-header {padding: 6px 10px; border-bottom: 1px solid #ccc; background: #fafafa;}
.export-header h1 {font-size: 16px; margin: 0;}
.export-header p {font-size: 12px; margin: 2px 0 0; color: #333;}
#atlas-map {flex: 1; min-height: 300px; display: flex; flex-direction: column;}
#atlas-map > .atlas-root {flex: 1; display: flex; flex-direction: column;}
#atlas-map .atlas-map {flex: 1; height: auto;}
</style>
"""


# --------------------------------------------------------------------------- standalone HTML


def standalone_html(
    snapshot: Snapshot,
    atlas: Atlas,
    changed: frozenset[str] = frozenset(),
    names_mode: str = DEFAULT_NAMES,
) -> str:
    """The map of ``snapshot`` as one self-contained HTML page (about 0.5 MB).

    It opens offline from a file: Leaflet, the map script, the styles and the geometry are
    inside it. ``changed`` names groups outlined as differing from another map (as in the
    compare view); ``names_mode`` is the names mode of the labels and cards, and its language
    that of the title and notes (geo/text/history_text.py).
    """
    snapshot = history_text.snapshot_in(snapshot, ui_language(names_mode), atlas)
    base = mapview.base_config(atlas, names_mode)  # cached: copied, never changed
    config = {
        **base,
        # No online tiles on a USB stick: neither the layer nor its URL in the style.
        "style": {k: v for k, v in base["style"].items() if k != "online_tiles"},
        "online_tiles": [],
        # Named for the reader of the file; the map uses ``geometry`` and fetches nothing.
        "urls": list(STATIC_GEOMETRY),
        "geometry": [_read_json(atlas.data_dir / name) for name in STATIC_GEOMETRY],
        "payloads": {snapshot.id: snapshot_payload(snapshot, atlas, names_mode)},
        "step_labels": {  # the snapshot is already translated
            snapshot.id: mapview.step_label(snapshot, ui_language(names_mode))
        },
    }
    # The app's map module, started the same way as in the app (mount), with its data inline.
    data = {"config": config, "role": "export", "step": snapshot.id, "changed": sorted(changed)}
    leaflet = leaflet_source_dir()
    leaflet_css = _inline_css_images((leaflet / "leaflet.css").read_text(encoding="utf-8"), leaflet)
    start = (
        f"{mapview.library_js()}\n"
        f'mount(document.getElementById("atlas-map"), {mapview.js_json(data)}, {{}});\n'
    )
    title = snapshot.label + (f" — {snapshot.subtitle}" if snapshot.subtitle else "")
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{ui_language(names_mode)}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_text(snapshot.label)}</title>",
        '<link rel="icon" href="data:,">',  # no favicon request
        _comment(_leaflet_notice()),
        _style(leaflet_css, "leaflet.css"),
        _style(mapview.CSS, "map CSS"),
        _raw_style(PAGE_CSS),
        "</head>",
        "<body>",
        '<header class="export-header">',
        f"<h1>{_text(title)}</h1>",
        f"<p>Map data: {_text(mapview.attribution_text(atlas))}. "
        "Statuses and names: Kuril Islands dispute atlas (CC BY 4.0).</p>",
        "</header>",
        '<div id="atlas-map"></div>',
        _script((leaflet / "leaflet.js").read_text(encoding="utf-8"), "leaflet.js"),
        _script(start, "atlas_map.js and its start", module=True),
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


def _text(value: str) -> str:
    """Data text as HTML text (never markup)."""
    return html.escape(str(value), quote=True)


def _read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def _script(code: str, what: str, module: bool = False) -> str:
    """Code inside a script element; refuses code that could end the element early."""
    if re.search(r"</script|<!--", code, re.IGNORECASE):
        raise ValueError(f"{what}: contains '</script' or '<!--'; cannot be inlined as is")
    kind = ' type="module"' if module else ""
    return f"<script{kind}>\n{code}\n</script>"


def _style(css: str, what: str) -> str:
    if re.search(r"</style", css, re.IGNORECASE):
        raise ValueError(f"{what}: contains '</style'; cannot be inlined as is")
    return f"<style>\n{css}\n</style>"


def _raw_style(block: str) -> str:
    """A ``<style>...</style>`` block of ours (PAGE_CSS), checked like any other style."""
    inner = block.strip()
    if not (inner.startswith("<style>") and inner.endswith("</style>")):
        raise ValueError("expected one <style> block")
    return _style(inner[len("<style>") : -len("</style>")].strip(), "map CSS")


def _comment(text: str) -> str:
    return "<!--\n" + text.replace("--", "- -") + "\n-->"


def _inline_css_images(css: str, root: Path) -> str:
    """Leaflet's ``url(images/...)`` references as ``data:`` URLs (the layer control's icon)."""

    def replace(match: re.Match) -> str:
        path = root / match.group(1)
        encoded = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{encoded})"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", replace, css)


def _leaflet_notice() -> str:
    """Leaflet's licence (BSD-2-Clause), carried with its code as the licence asks."""
    version = importlib.metadata.version(LEAFLET_DISTRIBUTION)
    try:
        licence = importlib.metadata.distribution(LEAFLET_DISTRIBUTION).read_text("LICENSE")
    except FileNotFoundError:
        licence = None
    licence = licence or "BSD 2-Clause License, (c) Volodymyr Agafonkin, CloudMade"
    return f"Leaflet 1.9.4 (package {LEAFLET_DISTRIBUTION} {version}), inlined below.\n{licence}"


# --------------------------------------------------------------------------- GeoJSON


def snapshot_geojson(snapshot: Snapshot, atlas: Atlas, names_mode: str = DEFAULT_NAMES) -> str:
    """The snapshot's land as a GeoJSON FeatureCollection (EPSG:4326), one feature per unit.

    A unit covering whole drawn features gets their polygons together; a part of a divided
    island gets its own part's geometry. Properties: ``unit_id``, ``group``, ``feature_ids``
    (";"-joined; for a part, the features it is cut from), ``divided``, ``share``, ``title``,
    ``name_en`` / ``name_ja`` / ``name_ru`` and ``name`` (in ``names_mode``), the status
    (``administered_by``, ``administering_state``, ``claimed_by`` as "JP;RU", ``contested``,
    ``transfer_promised_to``, ``transfer_condition``, ``basis_instrument``,
    ``basis_article``), ``sources`` (";"-joined ids), ``snapshot_id``, ``snapshot_label``
    and ``area_km2`` (measured in EPSG:6933). Top-level ``attribution`` and ``license`` name
    the geometry's source and licence (OpenStreetMap contributors, ODbL 1.0).
    """
    style = load_style(atlas.data_dir / "style.toml")
    groups = names_of(atlas, "group")
    feature_names = names_of(atlas, "feature")
    geometry = dict(zip(atlas.areas["id"], atlas.areas.geometry))
    divided = snapshot.divided_features(atlas.areas)
    km2 = unit_km2(snapshot, atlas)
    features = []
    for unit in snapshot.units:
        if unit.divided:
            shape = unit.geometry
            fids = [f for f in divided if _group_of(atlas, f) == unit.group]
        else:
            shape = _collect([geometry[f] for f in unit.features])
            fids = list(unit.features)
        names = _unit_names(unit, atlas, groups, feature_names)
        properties = {
            "unit_id": unit.id,
            "group": unit.group,
            "feature_ids": ";".join(fids),
            "divided": unit.divided,
            "share": round(unit.share, 6),
            "title": unit_title(unit, groups, style, atlas),
            "name_en": names["name_en"],
            "name_ja": names["name_ja"],
            "name_ru": names["name_ru"],
            "name": place_name(names, names_mode),
            "administered_by": unit.administered_by,
            "administering_state": unit.administering_state,
            "claimed_by": ";".join(unit.claimed_by),
            "contested": unit.contested,
            "transfer_promised_to": unit.transfer_promised_to,
            "transfer_condition": unit.transfer_condition,
            "basis_instrument": unit.basis_instrument,
            "basis_article": unit.basis_article,
            "sources": ";".join(unit.sources),
            "snapshot_id": snapshot.id,
            "snapshot_label": snapshot.label,
            "area_km2": round(km2[unit.id], 3),
        }
        features.append(
            {
                "type": "Feature",
                "id": unit.id,
                "properties": properties,
                "geometry": _geojson_geometry(shape),
            }
        )
    document = {
        "type": "FeatureCollection",
        "name": f"kuril-atlas-{snapshot.id}",
        "attribution": mapview.attribution_text(atlas),
        "license": (
            f"Geometry: © OpenStreetMap contributors, Open Database License {GEOMETRY_LICENSE} "
            f"({GEOMETRY_LICENSE_URL}). Statuses, names and sources: Kuril Islands dispute "
            "atlas, CC BY 4.0."
        ),
        "features": features,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


def _group_of(atlas: Atlas, fid: str) -> str:
    return str(atlas.areas.loc[atlas.areas["id"] == fid, "group"].iloc[0])


def _collect(shapes: list[BaseGeometry]) -> BaseGeometry:
    """Several drawn features as one geometry, each polygon kept as drawn (no dissolving)."""
    if len(shapes) == 1:
        return shapes[0]
    polygons = [p for s in shapes for p in getattr(s, "geoms", [s])]
    return shapely.MultiPolygon(polygons)


def _geojson_geometry(shape: BaseGeometry) -> dict:
    return json.loads(shapely.to_geojson(shapely.set_precision(shape, GEOJSON_GRID)))


def _unit_names(unit: Unit, atlas: Atlas, groups, feature_names) -> dict[str, str]:
    """A unit's names in en / ja / ru: its group's, or for a few islets of a group, theirs."""
    whole = set(atlas.areas.loc[atlas.areas["group"] == unit.group, "id"])
    if unit.divided or not unit.features or set(unit.features) == whole:
        row = groups.loc[unit.group]
        return {k: str(row[k]) for k in ("name_en", "name_ja", "name_ru")}
    rows = [feature_names.loc[f] for f in unit.features]
    separators = {"name_en": ", ", "name_ja": "、", "name_ru": ", "}
    return {k: sep.join(str(r[k]) for r in rows) for k, sep in separators.items()}


# --------------------------------------------------------------------------- CSV


def snapshot_csv(
    snapshot: Snapshot, style: Style, atlas: Atlas, names_mode: str = DEFAULT_NAMES
) -> bytes:
    """The snapshot's status table (:func:`geo.text.tables.status_table`) as CSV bytes.

    UTF-8 with a byte-order mark (spreadsheet programs then read Japanese and Russian right),
    CRLF line ends, one row per unit in map order. Columns: ``Snapshot``, ``Snapshot label``,
    ``Unit`` (the GeoJSON's ``unit_id``), ``Name`` (in ``names_mode``), then the status
    table's. A text cell that a spreadsheet would take for a formula (starting with = + - @,
    tab or CR) gets a leading apostrophe.
    """
    table = status_table(snapshot, style, atlas)
    groups = names_of(atlas, "group")
    feature_names = names_of(atlas, "feature")
    names = [
        place_name(_unit_names(u, atlas, groups, feature_names), names_mode) for u in snapshot.units
    ]
    table.insert(0, "Snapshot", snapshot.id)
    table.insert(1, "Snapshot label", snapshot.label)
    table.insert(2, "Unit", [u.id for u in snapshot.units])
    table.insert(4, "Name", names)
    for column in table.columns:
        if not pd.api.types.is_numeric_dtype(table[column]):
            table[column] = table[column].map(_defuse)
    text = table.to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def _defuse(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text
