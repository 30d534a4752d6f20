"""The inset of the four disputed groups on a printed page: the extent that draws them as large as
the inset allows (leaving a corner for the overview map), its scale bar, and the groups' names
beside their islands with leader lines.

Nothing here imports Streamlit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
import shapely.ops
from matplotlib.axes import Axes
from matplotlib.transforms import Bbox, Transform

from geo.exports.print_page import MM, Sheet, text
from geo.files.codes import DISPUTED_GROUPS
from geo.i18n import place_lines, t


def four_extent(
    sheet: Sheet, width: float, height: float, overview: float
) -> tuple[tuple[float, float, float, float], float]:
    """The extent of an inset ``width`` x ``height`` inches that draws the four disputed
    groups as large as it can with the four in its lower right and a free upper left corner
    (for the overview map) at least ``overview`` inches high. Returns (extent, free), where
    ``free`` is the height of the largest clear corner square, in inches."""
    west4, south4, east4, north4 = sheet.four
    k = math.cos(math.radians((south4 + north4) / 2))
    span_x, span_y = (east4 - west4) * k, north4 - south4
    right, bottom, top, left = 3 * MM, 11 * MM, 3 * MM, 3 * MM
    largest = min((width - left - right) / span_x, (height - top - bottom) / span_y)
    four = shapely.union_all(list(sheet.layer("large")["groups"][g] for g in DISPUTED_GROUPS))
    best = None
    for factor in np.arange(1.0, 0.69, -0.03):
        scale = largest * factor  # inches per degree of latitude
        east = east4 + right / scale / k
        west = east - width / scale / k
        south = south4 - bottom / scale
        north = south + height / scale
        low, high = 0.0, min(width, height)
        for _ in range(14):
            side = (low + high) / 2
            corner = shapely.box(west, north - side / scale, west + side / scale / k, north)
            clear = not corner.buffer(1.5 * MM / scale).intersects(four)
            low, high = (side, high) if clear else (low, side)
        best = ((west, south, east, north), low)
        if low >= overview:
            break
    assert best is not None  # the loop runs at least once
    return best


def scale_bar(ax, sheet: Sheet, size: float) -> Bbox:
    """A scale bar of a round number of km in the lower right corner; returns its box in
    data coordinates (kept clear of labels)."""
    west, east = ax.get_xlim()
    south, north = ax.get_ylim()
    mid = (south + north) / 2
    km_per_degree = 111.32 * math.cos(math.radians(mid))
    width_km = (east - west) * km_per_degree
    km = next(k for k in (200, 100, 50, 25, 20, 10, 5) if k <= width_km * 0.25)
    length = km / km_per_degree
    x1 = east - (east - west) * 0.04
    x0 = x1 - length
    y = south + (north - south) * 0.04
    ax.plot([x0, x1], [y, y], color="#111111", linewidth=1.6, solid_capstyle="butt", zorder=9)
    for x in (x0, x1):
        ax.plot([x, x], [y, y + (north - south) * 0.012], color="#111111", linewidth=0.8, zorder=9)
    label = t("handout.scale_km", sheet.lang, km=km)
    text(
        ax,
        (x0 + x1) / 2,
        y + (north - south) * 0.016,
        label,
        sheet.font(size),
        ha="center",
        va="bottom",
        zorder=9,
    )
    top = y + (north - south) * 0.016 + (size * 1.3 / 72) * (north - south) / _axes_height_in(ax)
    return Bbox([[x0 - length * 0.1, south], [east, top]])


def _axes_height_in(ax) -> float:
    return ax.get_position().height * ax.figure.get_size_inches()[1]


# --------------------------------------------------------------------------- labels

# Directions tried for a label around its island, in degrees (0 = east, 90 = north).
_SIDE_ANGLES = {"right": 0, "top": 90, "left": 180, "bottom": 270}
_LABEL_DISTANCES_PT = (6, 10, 15, 21, 28, 36, 46, 58)
# Largest islands first: they have the most room; the small ones then fit around them.
_LABEL_ORDER = ("etorofu", "kunashiri", "shikotan", "habomai")


def label_groups(ax, renderer, sheet: Sheet, size: float, avoid: tuple = ()) -> None:
    """Name the four disputed groups beside (never on) their islands, with a leader line.

    Each label tries positions around its island (its style side first, then every 30°,
    further and further out) and keeps the cheapest one that stays inside the map, covers
    none of the four islands, no other label and nothing in ``avoid`` (boxes in data
    coordinates), and whose leader crosses no other island, label or leader. Costs: distance,
    turning away from the style side, covering other land, and sitting nearer another of the
    four than its own island (which would mislead).
    """
    sides = sheet.style.label_side
    layer = sheet.layer("large")
    prop = sheet.font(size)
    groups = [g for g in _LABEL_ORDER if g in DISPUTED_GROUPS]
    groups += [g for g in DISPUTED_GROUPS if g not in groups]
    four = {g: layer["groups"][g] for g in groups}
    room = _Room(
        ax=ax,
        renderer=renderer,
        to_data=ax.transData.inverted(),
        axes_box=ax.get_window_extent(renderer),
        all_four=shapely.union_all(list(four.values())),
        all_land=layer["all_land"],
        boxes=[shapely.box(*b.extents) for b in avoid],
    )
    for group in groups:
        geom = four[group]
        others = shapely.union_all([four[g] for g in groups if g != group])
        label = text(
            ax,
            0,
            0,
            "\n".join(place_lines(sheet.group_names.loc[group], sheet.names_mode)),
            prop,
            zorder=8,
            linespacing=1.05,
            multialignment="center",
            bbox={
                "boxstyle": "round,pad=0.15",
                "facecolor": "white",
                "edgecolor": "#333333",
                "linewidth": 0.4,
                "alpha": 0.92,
            },
        )
        label.set_gid(f"label:{group}")
        hull = geom.convex_hull
        anchor = np.array(ax.transData.transform((hull.centroid.x, hull.centroid.y)))
        preferred = _SIDE_ANGLES.get(sides.get(group, "right"), 0)
        best = _best_place(label, anchor, preferred, size, geom, others, room)
        if best is None:  # nowhere clear: the style side, nearest the island
            best = _nearest_place(label, anchor, preferred, geom, room)
        _, position, ha, va, box_geom, leader = best
        label.set_horizontalalignment(ha)
        label.set_verticalalignment(va)
        label.set_position(room.to_data.transform(position))
        room.boxes.append(box_geom)
        room.leaders.append(leader)
        if leader.length > 0:
            xy = np.asarray(leader.coords)
            ax.plot(xy[:, 0], xy[:, 1], color="#333333", linewidth=0.5, zorder=7)


@dataclass
class _Room:
    """What the labels of one map must keep clear of: the map's edges (``axes_box``, display
    coordinates), the four islands, and the boxes (placed labels, boxes to avoid) and leaders
    placed so far (data coordinates)."""

    ax: Axes
    renderer: Any
    to_data: Transform  # display -> data coordinates
    axes_box: Bbox
    all_four: shapely.Geometry
    all_land: shapely.Geometry
    boxes: list
    leaders: list = field(default_factory=list)

    @property
    def px_per_pt(self) -> float:
        return self.ax.figure.dpi / 72


def _best_place(label, anchor, preferred: float, size: float, geom, others, room: _Room):
    """The cheapest clear place of ``label`` around its island ``geom``, as (cost, position
    in display coordinates, ha, va, box, leader); None where no place is clear."""
    best = None
    for distance in _LABEL_DISTANCES_PT:
        reach = distance * size / 6.5
        for step in (0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6):
            angle = math.radians(preferred + 30 * step)
            dx, dy = math.cos(angle), math.sin(angle)
            position = anchor + reach * room.px_per_pt * np.array([dx, dy])
            ha = "left" if dx > 0.3 else "right" if dx < -0.3 else "center"
            va = "bottom" if dy > 0.3 else "top" if dy < -0.3 else "center"
            clear = _clear_place(label, position, ha, va, geom, others, room)
            if clear is None:
                continue
            box_geom, leader = clear
            cost = distance + abs(step) * 3
            cost += 150 * box_geom.intersection(room.all_land).area / box_geom.area
            if box_geom.distance(others) < box_geom.distance(geom):
                cost += 40
            if best is None or cost < best[0]:
                best = (cost, position, ha, va, box_geom, leader)
        if best is not None and best[0] < distance + 10:
            break
    return best


def _clear_place(label, position, ha: str, va: str, geom, others, room: _Room):
    """``label`` moved to ``position`` (display coordinates) with this alignment: its box
    and its leader to ``geom`` (data coordinates), or None where the box leaves the map or
    covers one of the four, a placed box or leader, or the leader crosses ``others`` (the
    other islands of the four), a placed box or leader."""
    label.set_horizontalalignment(ha)
    label.set_verticalalignment(va)
    label.set_position(room.to_data.transform(position))
    box = label.get_window_extent(room.renderer).expanded(1.1, 1.25)
    if not _inside(box, room.axes_box):
        return None
    corners = room.to_data.transform([[box.x0, box.y0], [box.x1, box.y1]])
    box_geom = shapely.box(*corners[0], *corners[1])
    placed = room.boxes + room.leaders
    if box_geom.intersects(room.all_four) or any(box_geom.intersects(p) for p in placed):
        return None
    leader = shapely.LineString(shapely.ops.nearest_points(geom, box_geom))
    if leader.intersects(others) or any(leader.intersects(p) for p in placed):
        return None
    return box_geom, leader


def _nearest_place(label, anchor, preferred: float, geom, room: _Room):
    """Where no place is clear: on the style side, nearest the island, with the alignment
    last tried; as :func:`_best_place` gives it."""
    angle = math.radians(preferred)
    position = anchor + _LABEL_DISTANCES_PT[0] * room.px_per_pt * np.array(
        [math.cos(angle), math.sin(angle)]
    )
    label.set_position(room.to_data.transform(position))
    box = label.get_window_extent(room.renderer)
    corners = room.to_data.transform([[box.x0, box.y0], [box.x1, box.y1]])
    box_geom = shapely.box(*corners[0], *corners[1])
    leader = shapely.LineString(shapely.ops.nearest_points(geom, box_geom))
    return (0, position, label.get_ha(), label.get_va(), box_geom, leader)


def _inside(box: Bbox, outer: Bbox) -> bool:
    return box.x0 >= outer.x0 and box.y0 >= outer.y0 and box.x1 <= outer.x1 and box.y1 <= outer.y1
