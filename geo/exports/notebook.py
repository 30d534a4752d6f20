"""The atlas in a notebook: a snapshot as a GeoDataFrame, and its folium map (``explore``).

For readers who work in Python rather than in the app::

    import geo
    from geo.exports import notebook

    atlas = geo.load_atlas()
    style = load_style(atlas.data_dir / "style.toml")
    frame = notebook.snapshot_frame(geo.historical_snapshot(1956, atlas), atlas, style)
    notebook.explore(geo.historical_snapshot(1956, atlas), atlas, style)  # a folium.Map

One row per unit of the snapshot (a group, or a part of a divided island), in EPSG:4326, with
its status, basis and land area (km², equal-area EPSG:6933), coloured as the atlas colours
it. The atlas draws a claim as stripes; folium cannot, so a claimed but not administered area
gets a dashed outline in the claimant's colour and the tooltip says who claims it.

folium loads Leaflet from its public CDN and ``explore`` adds online tiles unless
``tiles=None``: this is for a notebook with a network, not for the classroom app (which draws
its own offline map, :mod:`geo.maps.mapview`). Nothing here imports Streamlit.
"""

from __future__ import annotations

import folium
import geopandas as gpd

from geo.files.atlas import Atlas
from geo.files.codes import DISPUTED_GROUPS
from geo.files.style import Style
from geo.i18n import DEFAULT_NAMES, place_name, ui_language
from geo.model.compare import unit_km2
from geo.model.snapshot import Snapshot, land_frame
from geo.model.timeline import names_of
from geo.text.wording import state_label, state_names

CREDIT = "Geometry: © OpenStreetMap contributors (ODbL 1.0). Statuses: Kuril Islands dispute atlas."
TOOLTIP_COLUMNS = (
    "name",
    "administered_by_name",
    "claimed_by_name",
    "claimed_not_administered",
    "basis",
    "area_km2",
)


def snapshot_frame(
    snapshot: Snapshot, atlas: Atlas, style: Style, names_mode: str = DEFAULT_NAMES
) -> gpd.GeoDataFrame:
    """The snapshot's land as a GeoDataFrame, one row per unit (EPSG:4326).

    Columns: ``unit``, ``group``, ``name`` (in ``names_mode``), ``administered_by`` (state
    code), ``administered_by_name``, ``claimed_by`` ("JP;RU"), ``claimed_by_name``,
    ``claimed_not_administered`` (names, "" if none), ``transfer_promised_to``, ``basis``
    (instrument and article, or the note saying why there is none), ``area_km2`` (land area
    in km², EPSG:6933), ``fill`` and ``outline`` (the atlas's colours) and ``geometry``.
    """
    lang = ui_language(names_mode)
    groups = names_of(atlas, "group")
    land = land_frame(snapshot, atlas.areas).dissolve(by="unit", as_index=False, sort=False)
    km2 = unit_km2(snapshot, atlas)
    units = {unit.id: unit for unit in snapshot.units}
    states = style.state
    rows = []
    for unit_id in land["unit"]:
        unit = units[unit_id]
        claimant = unit.claimed_not_administered[0] if unit.contested else None
        basis = ", ".join(v for v in (unit.basis_instrument, unit.basis_article) if v)
        rows.append(
            {
                "group": unit.group,
                "name": place_name(groups.loc[unit.group], names_mode),
                "administered_by": unit.administered_by,
                "administered_by_name": state_label(unit.administered_by, style, lang),
                "claimed_by": ";".join(unit.claimed_by),
                "claimed_by_name": state_names(unit.claimed_by, style, lang),
                "claimed_not_administered": state_names(unit.claimed_not_administered, style, lang)
                if unit.contested
                else "",
                "transfer_promised_to": unit.transfer_promised_to,
                "basis": basis or unit.basis_note,
                "area_km2": round(km2[unit_id], 1),
                "fill": states[unit.administered_by].fill,
                "outline": states[claimant].fill if claimant else "#333333",
                "contested": unit.contested,
            }
        )
    frame = gpd.GeoDataFrame(rows, geometry=land.geometry.to_numpy(), crs=land.crs)
    frame.insert(0, "unit", list(land["unit"]))
    return frame


def _style(feature: dict) -> dict:
    """A unit's path style: the administrator's fill; a claim as a dashed outline."""
    properties = feature["properties"]
    contested = properties["contested"]
    return {
        "fillColor": properties["fill"],
        "fillOpacity": 0.8,
        "color": properties["outline"],
        "weight": 3 if contested else 1,
        "dashArray": "6 4" if contested else None,
    }


def explore(
    snapshot: Snapshot,
    atlas: Atlas,
    style: Style,
    names_mode: str = DEFAULT_NAMES,
    tiles: str | None = "OpenStreetMap",
    m: folium.Map | None = None,
) -> folium.Map:
    """The snapshot on a folium map in the atlas's colours, fitted to the four groups.

    The same drawing as ``snapshot_frame(...).explore(...)`` would give (folium's GeoJson with
    a style function and a tooltip), without the classification packages ``explore`` needs.
    The tooltip names the area, who administers and who claims it (the stripes of the app),
    the basis and the land area. ``tiles=None``: no online tiles; ``m``: draw onto that map.
    """
    frame = snapshot_frame(snapshot, atlas, style, names_mode)
    if m is None:
        m = folium.Map(tiles=tiles, attr="© OpenStreetMap contributors" if tiles else None)
    folium.GeoJson(
        frame,
        name=snapshot.label,
        style_function=_style,
        tooltip=folium.GeoJsonTooltip(fields=list(TOOLTIP_COLUMNS)),
    ).add_to(m)
    (south, west), (north, east) = _four_groups_bounds(frame)
    m.fit_bounds([[south, west], [north, east]])
    # The geometry's licence, visible under the map (constant text, no data in it).
    credit = folium.Element(f'<p style="font: 12px sans-serif">{CREDIT}</p>')
    m.get_root().html.add_child(credit)  # type: ignore[attr-defined]  # a Figure has .html
    return m


def _four_groups_bounds(frame: gpd.GeoDataFrame) -> tuple[tuple[float, float], ...]:
    west, south, east, north = frame[frame["group"].isin(DISPUTED_GROUPS)].total_bounds
    return (float(south), float(west)), (float(north), float(east))
