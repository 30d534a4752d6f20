"""Drawing for the printed pages (geo/exports/handout.py composes them): maps, the inset of the four
disputed groups, their labels, the legend, numbered sources with links and QR codes, and text
that wraps without ever being cut.

Everything is drawn with matplotlib on A4 figures in inches; the fonts are given by the caller
(:class:`Sheet` takes the font families), so nothing here knows where a font file lives.
Every fill comes from ``style["state"][code]`` for whatever code a unit carries, so a style
with more codes (a worldview's UNDETERMINED or NOT_STATED) draws without a change here.

Nothing here imports Streamlit.
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import geopandas as gpd
import numpy as np
import segno
import shapely
import shapely.ops
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Bbox

from geo.files.atlas import Atlas
from geo.files.codes import DISPUTED_GROUPS
from geo.i18n import load_messages, place_lines, t, ui_language
from geo.model.snapshot import WORLDVIEW, Snapshot
from geo.model.timeline import names_of

# rcParams are global: one document is drawn at a time (the app may serve several sessions);
# the handout and the worksheet each hold this lock while they draw.
DRAWING_LOCK = threading.RLock()
MM = 1 / 25.4  # inches per millimetre
A4_LANDSCAPE = (297 * MM, 210 * MM)
DPI = 150

# The style's widths are screen pixels of the large interactive map; printed at this many
# points per pixel on a small map, and INSET_SCALE on an inset or a large map.
PRINT_SCALE = 0.4
INSET_SCALE = 0.55
# Margin around the drawn areas, as a share of their extent.
EXTENT_MARGIN = 0.03
# Claim stripes: diagonal from upper left to lower right, as on the app's map (and across the
# islands' long axes, which run from south-west to north-east, so that even narrow Kunashiri and
# Etorofu carry several stripes). matplotlib tiles a hatch in cells of one inch, with
# len(HATCH) * HATCH_DENSITY lines per cell (see stripe_spacing_mm); the same pattern on every
# map and in the legend, so a swatch looks like the map. Stripe widths in points per map size.
HATCH = "\\\\\\\\"
HATCH_DENSITY = 6  # matplotlib's hatch density (lines per inch per hatch character)
HATCH_WIDTH_PT = {"small": 0.8, "large": 1.3}
# Print simplification tolerance, as a share of the map's east-west extent in degrees.
PRINT_TOLERANCE = 1 / 1500
FRAME_COLOR = "#222222"
DEFAULT_CHANGE = {"color": "#F0E442", "weight": 9, "dash": ""}
DEFAULT_CUT = {"color": "#000000", "weight": 3.5, "dash": "5 3"}
# QR codes: one module is this many millimetres (a 33-module code is 11 mm across).
QR_MODULE_MM = 0.34
# A link whose short form (no scheme, no "www.") is longer than this gets a QR code.
SHORT_LINK_CHARS = 38


def stripe_spacing_mm(hatch: str = HATCH, density: int = HATCH_DENSITY) -> float:
    """The distance between the centres of two claim stripes on paper, in mm, measured at
    right angles to the stripes. matplotlib tiles a hatch in cells of one inch (72 pt) in
    every backend; ``n = hatch.count('\\\\') * density`` diagonal lines x + y = c are drawn
    with c from -1 to 1 in steps of 2 / n, so two stripes are 2 / n inch apart along a row
    and 2 / n / sqrt(2) inch apart at right angles."""
    lines = (hatch.count("\\") + hatch.count("x") + hatch.count("X")) * density
    return 25.4 * 2 / lines / math.sqrt(2)


# --------------------------------------------------------------------------- text


class Fonts:
    """Font properties of the pages, in the fallback order the caller gives."""

    def __init__(self, families: tuple[str, ...]) -> None:
        self.families = tuple(families)

    def __call__(self, size: float, weight: str = "normal") -> FontProperties:
        return FontProperties(family=list(self.families), size=size, weight=weight)


def text(target, x, y, value: str, prop: FontProperties, **kwargs):
    """Plain text (never mathtext): data strings may contain '$'."""
    return target.text(x, y, value, fontproperties=prop, parse_math=False, **kwargs)


_MEASURE_SIZE = 100.0


def width_in(value: str, prop: FontProperties) -> float:
    """The text's width in inches: the sum of its characters' advances, each measured once
    per font, size and weight, plus 3 % (drawn text can come out a little wider than the sum,
    and a wrapped line must never run into what stands beside it)."""
    families = tuple(prop.get_family())
    scale = 1.03 * prop.get_size_in_points() / _MEASURE_SIZE / 72
    return scale * sum(_advance(ch, prop.get_weight(), families) for ch in value)


@lru_cache(maxsize=8192)
def _advance(character: str, weight, families: tuple[str, ...]) -> float:
    """One character's advance in points at ``_MEASURE_SIZE``."""
    prop = FontProperties(family=list(families), size=_MEASURE_SIZE, weight=weight)
    width, _, _ = _renderer().get_text_width_height_descent(f"x{character}x", prop, ismath=False)
    return width - _x_width(weight, families)


@lru_cache(maxsize=8)
def _x_width(weight, families: tuple[str, ...]) -> float:
    prop = FontProperties(family=list(families), size=_MEASURE_SIZE, weight=weight)
    width, _, _ = _renderer().get_text_width_height_descent("xx", prop, ismath=False)
    return width


@lru_cache(maxsize=1)
def _renderer():
    return FigureCanvasAgg(Figure(dpi=72)).get_renderer()


_CJK_CHARS = "\u3000-\u9fff\uff00-\uffef"
_CJK = re.compile(f"[{_CJK_CHARS}]")


def _tokens(value: str) -> list[str]:
    """Break points for wrapping: after spaces, after '/' '-' '_' '?' '&' (links), and
    between CJK characters."""
    tokens = []
    for word in re.findall(r"\S+\s*", value):
        if _CJK.search(word):
            tokens.extend(re.findall(f"[{_CJK_CHARS}]|[^{_CJK_CHARS}]+", word))
        else:
            tokens.extend(re.findall(r"[^/\-_?&]*[/\-_?&]\s*|[^/\-_?&]+\s*", word))
    return tokens


def wrap(value: str, prop: FontProperties, width: float) -> list[str]:
    """``value`` broken into lines at most ``width`` inches wide; never cut: a word longer
    than a line is broken between characters."""
    lines, line = [], ""
    for token in _tokens(value):
        if line and width_in((line + token).rstrip(), prop) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
        while width_in(line.rstrip(), prop) > width and len(line.rstrip()) > 1:
            cut = len(line)
            while cut > 1 and width_in(line[:cut], prop) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    if line.strip():
        lines.append(line.rstrip())
    return lines


def line_height(prop: FontProperties, spacing: float = 1.2) -> float:
    """The height of one line of ``prop`` in inches."""
    return prop.get_size_in_points() * spacing / 72


def text_block(fig, x: float, top: float, lines: list[str], prop, spacing=1.2, **kwargs) -> float:
    """Lines of text at (x, top) in inches from the figure's lower left; returns the height."""
    if not lines:
        return 0.0
    w, h = fig.get_size_inches()
    text(fig, x / w, top / h, "\n".join(lines), prop, va="top", linespacing=spacing, **kwargs)
    return line_height(prop, spacing) * len(lines)


# --------------------------------------------------------------------------- the sheet


@lru_cache(maxsize=4)
def _basemap(data_dir: Path) -> gpd.GeoDataFrame:
    return gpd.read_file(data_dir / "basemap.geojson")


def map_extent(atlas: Atlas) -> tuple[float, float, float, float]:
    """(west, south, east, north) in degrees: every drawn area with a small margin."""
    west, south, east, north = (float(v) for v in atlas.areas.total_bounds)
    dx, dy = (east - west) * EXTENT_MARGIN, (north - south) * EXTENT_MARGIN
    return west - dx, south - dy, east + dx, north + dy


def four_bounds(atlas: Atlas) -> tuple[float, float, float, float]:
    """(west, south, east, north) of the four disputed groups, in degrees."""
    areas = atlas.areas
    return tuple(float(v) for v in areas[areas["group"].isin(DISPUTED_GROUPS)].total_bounds)


class Sheet:
    """What every map of one document shares: data, style, names, fonts and the geometry
    simplified for print (once for the whole region, once finer around the four)."""

    def __init__(self, atlas: Atlas, style: dict, names_mode: str, families) -> None:
        self.atlas = atlas
        self.style = style
        self.names_mode = names_mode
        self.lang = ui_language(names_mode)
        self.font = Fonts(families)
        self.extent = map_extent(atlas)
        self.four = four_bounds(atlas)
        self.group_names = names_of(atlas, "group")
        # Lines printed under a map's summary, by snapshot id (who lived on the four then).
        self.people: dict[str, tuple[str, ...]] = {}

    def layer(self, detail: str) -> dict:
        """Land, areas and groups simplified for a small map ("small") or for an inset or a
        large map ("large", only around the four); built once per atlas."""
        return _layer(self.atlas, detail)


@lru_cache(maxsize=8)
def _layer(atlas: Atlas, detail: str) -> dict:
    """Land, areas and groups simplified for print ("small": the whole region; "large":
    the four disputed groups with room around them for any inset's extent)."""
    if detail == "small":
        west, south, east, north = map_extent(atlas)
    else:
        w, s, e, n = four_bounds(atlas)
        dx, dy = (e - w) * 1.2, (n - s) * 1.2
        west, south, east, north = w - dx, s - dy, e + dx, n + dy
    box = shapely.box(west, south, east, north)
    # Far below what a printed line can show (a third of a pixel at 150 dpi); the areas
    # together, so that shared edges stay shared.
    tolerance = (east - west) * PRINT_TOLERANCE
    basemap = _basemap(atlas.data_dir)
    land = shapely.clip_by_rect(shapely.union_all(list(basemap.geometry)), *box.bounds)
    land = shapely.simplify(land, tolerance, preserve_topology=True)
    areas = atlas.areas[atlas.areas.intersects(box)]
    simplified = shapely.coverage_simplify(np.asarray(areas.geometry), tolerance)
    geometry = {
        fid: shapely.clip_by_rect(geom, *box.bounds) for fid, geom in zip(areas["id"], simplified)
    }
    groups = {}
    for group in dict.fromkeys(areas["group"]):
        ids = areas.loc[areas["group"] == group, "id"]
        groups[group] = shapely.union_all([geometry[f] for f in ids])
    return {
        "bounds": (west, south, east, north),
        "land": land,
        "geometry": geometry,
        "groups": groups,
        "all_land": shapely.union_all([land, *groups.values()]),
    }


# --------------------------------------------------------------------------- maps


def _path(geom) -> MplPath:
    """A matplotlib path of a (multi)polygon, holes included."""
    vertices, codes = [], []
    for polygon in getattr(geom, "geoms", [geom]):
        if polygon.is_empty or polygon.geom_type != "Polygon":
            continue
        for ring in (polygon.exterior, *polygon.interiors):
            xy = np.asarray(ring.coords)[:, :2]
            vertices.append(xy)
            codes.append([MplPath.MOVETO] + [MplPath.LINETO] * (len(xy) - 2) + [MplPath.CLOSEPOLY])
    if not vertices:
        return MplPath(np.zeros((0, 2)))
    return MplPath(np.concatenate(vertices), np.concatenate(codes))


def _line_parts(geom):
    if geom is None or geom.is_empty:
        return []
    return [np.asarray(part.coords)[:, :2] for part in getattr(geom, "geoms", [geom])]


def dashes(dash: str, scale: float = PRINT_SCALE) -> str | tuple:
    numbers = [float(n) * scale for n in (dash or "").split()]
    return (0, tuple(numbers)) if numbers else "solid"


def aspect(extent) -> float:
    """The axes aspect that draws east-west distances true at the extent's middle latitude."""
    return 1 / math.cos(math.radians((extent[1] + extent[3]) / 2))


def four_extent(sheet: Sheet, width: float, height: float, overview: float) -> tuple:
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
    return best


def map_axes(fig, rect_in, extent, sheet: Sheet, label: str):
    """Axes at ``rect_in`` (x, y, width, height in inches from the lower left), shrunk to the
    extent's true proportions (centred), with the sea's colour."""
    x, y, width, height = rect_in
    west, south, east, north = extent
    ratio = (east - west) / aspect(extent) / (north - south)
    if width / height > ratio:
        x, width = x + (width - height * ratio) / 2, height * ratio
    else:
        y, height = y + (height - width / ratio) / 2, width / ratio
    w, h = fig.get_size_inches()
    ax = fig.add_axes((x / w, y / h, width / w, height / h), label=label)
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(aspect(extent))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor(sheet.style["basemap"]["sea"])
    for spine in ax.spines.values():
        spine.set_linewidth(0.6)
        spine.set_color("#555555")
    return ax


def draw_map(
    ax,
    snapshot: Snapshot,
    sheet: Sheet,
    detail: str = "small",
    changed: frozenset[str] = frozenset(),
) -> None:
    """One snapshot on ``ax``: land, areas filled in their administrator's colour (whatever
    code the style has), claim stripes, promised transfers, the change ring of a compare pair,
    the black outline of the four, a scenario's cut and the snapshot's lines."""
    style = sheet.style
    layer = sheet.layer(detail)
    scale = PRINT_SCALE if detail == "small" else INSET_SCALE
    basemap = style["basemap"]
    ax.add_artist(
        PathPatch(
            _path(layer["land"]),
            facecolor=basemap["land"],
            edgecolor=basemap["coast"],
            linewidth=0.3,
            zorder=1,
        )
    )
    _draw_units(ax, snapshot, sheet, detail, scale)
    groups = layer["groups"]
    change = style.get("change", DEFAULT_CHANGE)
    for group in sorted(changed):
        if group in groups:
            _outline(
                ax,
                _path(groups[group]),
                change["color"],
                change["weight"] * scale,
                1.5,
                linestyle=dashes(change.get("dash", ""), scale),
                joinstyle="round",
            )
    disputed = style["disputed"]
    for group in DISPUTED_GROUPS:
        _outline(ax, _path(groups[group]), disputed["color"], disputed["weight"] * scale, 4)
    line = style["line"]
    lines = sheet.atlas.lines
    for geom in lines.loc[lines["id"].isin(snapshot.lines), "geometry"]:
        _plot_lines(ax, geom, line["color"], line["weight"] * scale, dashes(line["dash"], scale), 6)
    if snapshot.cut is not None:
        cut = style.get("cut", DEFAULT_CUT)
        width = cut["weight"] * scale
        _plot_lines(ax, snapshot.cut, cut["color"], width, dashes(cut["dash"], scale), 6.5)


def _draw_units(ax, snapshot: Snapshot, sheet: Sheet, detail: str, scale: float) -> None:
    """Each unit of the snapshot filled in its administrator's colour, striped in its first
    claimant's colour where it is contested, and outlined with dashes where a transfer is
    promised."""
    style = sheet.style
    states = style["state"]
    layer = sheet.layer(detail)
    geometry, bounds = layer["geometry"], layer["bounds"]
    hidden = set(snapshot.divided_features(sheet.atlas.areas))
    for unit in snapshot.units:
        geoms = [geometry[f] for f in unit.features if f not in hidden and f in geometry]
        if unit.divided:
            geoms.append(shapely.clip_by_rect(unit.geometry, *bounds))
        geoms = [g for g in geoms if not g.is_empty]
        if not geoms:
            continue
        path = _path(shapely.union_all(geoms))
        ax.add_artist(
            PathPatch(
                path,
                facecolor=states[unit.administered_by]["fill"],
                edgecolor="#333333",
                linewidth=0.25 if detail == "small" else 0.35,
                zorder=2,
            )
        )
        if unit.contested:
            stripes = PathPatch(
                path,
                facecolor="none",
                hatch=HATCH,
                hatchcolor=states[unit.claimed_not_administered[0]]["fill"],
                linewidth=0,
                zorder=3,
            )
            stripes.set_hatch_linewidth(HATCH_WIDTH_PT[detail])
            stripes.set_gid(f"stripes:{unit.id}")
            ax.add_artist(stripes)
        if unit.transfer_promised:
            transfer = style["transfer"]
            width = transfer["weight"] * scale
            dash = dashes(transfer["dash"], scale)
            _outline(ax, path, transfer["color"], width, 5, linestyle=dash)


def _outline(ax, path: MplPath, color: str, width: float, zorder: float, **kwargs) -> None:
    """An unfilled outline of ``path`` on ``ax`` (``kwargs``: a line style, a join style)."""
    ax.add_artist(
        PathPatch(
            path,
            facecolor="none",
            edgecolor=color,
            linewidth=width,
            zorder=zorder,
            **kwargs,
        )
    )


def _plot_lines(ax, geom, color: str, width: float, linestyle, zorder: float) -> None:
    """Every part of a (multi)line geometry, plotted on ``ax``."""
    for xy in _line_parts(geom):
        ax.plot(
            xy[:, 0], xy[:, 1], color=color, linewidth=width, linestyle=linestyle, zorder=zorder
        )


def frame(ax, extent) -> None:
    """The outline of an inset's extent on a small map."""
    west, south, east, north = extent
    ax.add_patch(
        Rectangle(
            (west, south),
            east - west,
            north - south,
            facecolor="none",
            edgecolor=FRAME_COLOR,
            linewidth=0.7,
            zorder=8,
        )
    )


def printed_width_cm(ax, bounds) -> float:
    """How wide ``bounds`` (west, south, east, north) prints on ``ax``, in cm."""
    west, south, east, _ = bounds
    (x0, _), (x1, _) = ax.transData.transform([(west, south), (east, south)])
    return (x1 - x0) / ax.figure.dpi * 2.54


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
    sides = sheet.style.get("label_side", {})
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

    ax: object
    renderer: object
    to_data: object  # display -> data coordinates
    axes_box: Bbox
    all_four: object
    all_land: object
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


# --------------------------------------------------------------------------- legend


def state_name(code: str, style: dict, lang: str = "en", short: bool = True) -> str:
    """A state code's name: from the style in English; in Japanese and Russian from the
    catalogue (``[state_short]`` / ``[state]``), else the style's ``short_ja`` / ``label_ru``
    ..., else the style's English (a code the catalogue does not know yet)."""
    entry = style["state"].get(code, {})
    field = "short" if short else "label"
    if lang != "en":
        key = f"{'state_short' if short else 'state'}.{code}"
        if key in load_messages():
            return t(key, lang)
        if entry.get(f"{field}_{lang}"):
            return str(entry[f"{field}_{lang}"])
    return str(entry.get(field) or code)


def legend_rows(
    sheet: Sheet,
    snapshots: list[Snapshot],
    changed: bool = False,
    inset_frame: bool = True,
) -> list[dict]:
    """The legend rows these maps need: a fill for every code drawn (in the style's order),
    one striped row per (fill, stripes) pair, then the outlines and lines that are drawn."""
    style, lang = sheet.style, sheet.lang
    states = style["state"]
    drawn = {u.administered_by for s in snapshots for u in s.units}
    codes = [c for c in states if c in drawn] + sorted(drawn - set(states))
    rows = [
        {"kind": "fill", "color": states[c]["fill"], "label": state_name(c, style, lang, False)}
        for c in codes
    ]
    pairs: dict[tuple[str, str], bool] = {}
    for snapshot in snapshots:
        for unit in snapshot.units:
            for claimant in unit.claimed_not_administered[:1]:
                key = (unit.administered_by, claimant)
                pairs[key] = pairs.get(key, False) or snapshot.kind == WORLDVIEW
    for (admin, claimant), worldview in pairs.items():
        names = {
            "admin": state_name(admin, style, lang),
            "claimant": state_name(claimant, style, lang),
        }
        label = (
            t("handout.legend_hatch_drawn", lang, **names)
            if worldview
            else t("map.legend_hatch", lang, **names)
        )
        rows.append(
            {
                "kind": "hatch",
                "color": states[admin]["fill"],
                "stripes": states[claimant]["fill"],
                "label": label,
            }
        )
    rows.append(
        {
            "kind": "disputed",
            "color": style["disputed"]["color"],
            "label": t("map.legend_disputed", lang),
        }
    )
    if changed:
        rows.append(
            {
                "kind": "change",
                "color": style.get("change", DEFAULT_CHANGE)["color"],
                "label": t("map.changed_legend", lang),
            }
        )
    if any(u.transfer_promised for s in snapshots for u in s.units):
        rows.append(
            {
                "kind": "outline",
                "color": style["transfer"]["color"],
                "label": t("map.legend_transfer", lang),
            }
        )
    if any(s.lines for s in snapshots):
        rows.append(
            {"kind": "line", "color": style["line"]["color"], "label": t("map.legend_line", lang)}
        )
    if any(s.cut is not None for s in snapshots):
        rows.append(
            {
                "kind": "cut",
                "color": style.get("cut", DEFAULT_CUT)["color"],
                "label": t("map.cut_legend", lang),
            }
        )
    if inset_frame:
        rows.append({"kind": "frame", "color": FRAME_COLOR, "label": t("handout.frame", lang)})
    return rows


def _swatch(ax, x: float, y: float, w: float, h: float, row: dict, style: dict) -> None:
    kind = row["kind"]
    if kind in ("line", "cut", "change"):
        entry = {
            "line": style["line"],
            "cut": style.get("cut", DEFAULT_CUT),
            "change": style.get("change", DEFAULT_CHANGE),
        }[kind]
        width = entry["weight"] * PRINT_SCALE * 1.2
        ax.add_line(
            Line2D(
                [x, x + w],
                [y + h / 2] * 2,
                color=row["color"],
                linewidth=width,
                linestyle=dashes(entry.get("dash", ""), PRINT_SCALE),
            )
        )
        return
    patch = {"linewidth": 0.4, "edgecolor": "#333333", "facecolor": row["color"]}
    if kind == "hatch":
        patch |= {"hatch": HATCH, "hatchcolor": row["stripes"]}
    elif kind in ("disputed", "frame"):
        patch |= {
            "facecolor": "none",
            "edgecolor": row["color"],
            "linewidth": 1.2 if kind == "disputed" else 0.7,
        }
    elif kind == "outline":
        width = style["transfer"]["weight"] * PRINT_SCALE * 1.3
        patch |= {
            "facecolor": "none",
            "edgecolor": row["color"],
            "linewidth": width,
            "linestyle": dashes(style["transfer"]["dash"]),
        }
    rect = Rectangle((x, y), w, h, **patch)
    if kind == "hatch":
        rect.set_hatch_linewidth(HATCH_WIDTH_PT["large"])
    ax.add_patch(rect)


def draw_legend(fig, rect_in, sheet: Sheet, rows: list[dict], notes: list[str], size=7.0):
    """The legend in a box at ``rect_in`` (x, y, width, height in inches): a heading, rows
    with swatches (in as many columns as the box is wide for), then notes. Returns the height
    used; nothing is cut (the caller sizes the box)."""
    x, y, width, height = rect_in
    w, h = fig.get_size_inches()
    ax = fig.add_axes((x / w, y / h, width / w, height / h), label="legend")
    ax.set_axis_off()
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.add_patch(
        Rectangle(
            (0, 0),
            width,
            height,
            facecolor="white",
            edgecolor="#555555",
            linewidth=0.5,
            clip_on=False,
        )
    )
    pad = 0.1
    top = height - pad
    heading = sheet.font(size + 1.5, "bold")
    text(ax, pad, top, t("handout.legend", sheet.lang), heading, va="top")
    top -= line_height(heading, 1.5)
    body = sheet.font(size)
    columns = max(1, int((width - 2 * pad) // 2.6))
    column_w = (width - 2 * pad) / columns
    swatch_w, swatch_h, gap = 0.3, 0.13, 0.08
    per_column = math.ceil(len(rows) / columns)
    bottom = top
    for index, row in enumerate(rows):
        column, position = divmod(index, per_column)
        if position == 0:
            y_row = top
        left = pad + column * column_w
        lines = wrap(row["label"], body, column_w - swatch_w - gap - 0.08)
        block = max(swatch_h, line_height(body, 1.15) * len(lines))
        _swatch(ax, left, y_row - swatch_h - 0.01, swatch_w, swatch_h, row, sheet.style)
        text(ax, left + swatch_w + gap, y_row, "\n".join(lines), body, va="top", linespacing=1.15)
        y_row -= block + 0.06
        bottom = min(bottom, y_row)
    y_note = bottom - 0.04
    note = sheet.font(size - 0.7)
    for value in notes:
        bold = value.startswith("**")
        prop = sheet.font(size - 0.5, "bold") if bold else note
        lines = wrap(value.strip("*"), prop, width - 2 * pad)
        text(ax, pad, y_note, "\n".join(lines), prop, va="top", linespacing=1.15, color="#222222")
        y_note -= line_height(prop, 1.15) * len(lines) + 0.05
    return height - y_note


def legend_height(sheet: Sheet, rows, notes, width: float, size=7.0) -> float:
    """The height :func:`draw_legend` needs for these rows and notes at this width."""
    pad = 0.1
    used = pad + line_height(sheet.font(size + 1.5, "bold"), 1.5)
    body = sheet.font(size)
    columns = max(1, int((width - 2 * pad) // 2.6))
    column_w = (width - 2 * pad) / columns
    per_column = math.ceil(len(rows) / columns)
    heights = [0.0] * columns
    for index, row in enumerate(rows):
        lines = wrap(row["label"], body, column_w - 0.3 - 0.08 - 0.08)
        heights[index // per_column] += max(0.13, line_height(body, 1.15) * len(lines)) + 0.06
    used += max(heights) + 0.04
    for value in notes:
        bold = value.startswith("**")
        prop = sheet.font(size - 0.5, "bold") if bold else sheet.font(size - 0.7)
        used += line_height(prop, 1.15) * len(wrap(value.strip("*"), prop, width - 2 * pad))
        used += 0.05
    return used + pad


# --------------------------------------------------------------------------- sources


@dataclass(frozen=True)
class SourceEntry:
    """One numbered source of a document: its text whole, its link and how it prints."""

    number: int
    source_id: str
    text: str
    url: str

    @property
    def link(self) -> str:
        """What prints as the link: the short address, or the host beside a QR code."""
        short, long = short_link(self.url)
        return urlsplit(self.url).hostname.removeprefix("www.") if long else short

    @property
    def qr(self) -> bool:
        return short_link(self.url)[1]


def short_link(url: str) -> tuple[str, bool]:
    """(the address without scheme, "www." or a closing "/", whether it is too long to
    print and gets a QR code instead). An empty URL gives ("", False)."""
    if not url:
        return "", False
    parts = urlsplit(url)
    short = (parts.netloc.removeprefix("www.") + url.split(parts.netloc, 1)[1]).rstrip("/")
    return short, len(short) > SHORT_LINK_CHARS


@lru_cache(maxsize=512)
def qr_matrix(url: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code of ``url`` (segno, error correction L, never a Micro QR) as rows of dark
    (True) and light modules, without the quiet zone."""
    code = segno.make(url, error="l", micro=False)
    return tuple(tuple(bool(v) for v in row) for row in code.matrix)


def qr_side_in(url: str) -> float:
    """The printed side of the code of ``url`` in inches, quiet zone excluded."""
    return len(qr_matrix(url)) * QR_MODULE_MM * MM


def draw_qr(fig, x: float, top: float, url: str) -> float:
    """The QR code of ``url`` as filled vector squares (one rectangle per run of dark modules
    in a row), its upper left corner at (x, top) inches. Returns its side in inches."""
    matrix = qr_matrix(url)
    module = QR_MODULE_MM * MM
    w, h = fig.get_size_inches()
    vertices, codes = [], []
    for r, row in enumerate(matrix):
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            x0, x1 = (x + start * module) / w, (x + c * module) / w
            y1, y0 = (top - r * module) / h, (top - (r + 1) * module) / h
            vertices += [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
            codes += [MplPath.MOVETO, *[MplPath.LINETO] * 3, MplPath.CLOSEPOLY]
    patch = PathPatch(
        MplPath(vertices, codes),
        facecolor="black",
        edgecolor="none",
        linewidth=0,
        transform=fig.transFigure,
    )
    patch.set_gid(f"qr:{url}")
    fig.add_artist(patch)
    return len(matrix) * module


def source_layout(entry: SourceEntry, sheet: Sheet, width: float, size: float) -> dict:
    """How one entry prints in a column ``width`` inches wide: its lines and height."""
    prop = sheet.font(size)
    number_w = width_in("000", sheet.font(size, "bold"))
    qr = qr_side_in(entry.url) if entry.qr else 0.0
    text_w = width - number_w - (qr + 0.08 if qr else 0)
    lines = wrap(entry.text, prop, text_w)
    link_lines = wrap(entry.link, prop, text_w) if entry.link else []
    height = max(qr, line_height(prop, 1.18) * (len(lines) + len(link_lines)))
    return {"lines": lines, "link": link_lines, "qr": qr, "number_w": number_w, "height": height}


def draw_source(fig, x: float, top: float, width: float, entry, layout, sheet, size) -> None:
    prop = sheet.font(size)
    text_block(fig, x, top, [f"{entry.number}"], sheet.font(size, "bold"), color="#222222")
    tx = x + layout["number_w"]
    used = text_block(fig, tx, top, layout["lines"], prop, 1.18, color="#111111")
    if layout["link"]:
        w, h = fig.get_size_inches()
        link = text(
            fig,
            tx / w,
            (top - used) / h,
            "\n".join(layout["link"]),
            prop,
            va="top",
            linespacing=1.18,
            color="#0b4f8a",
        )
        link.set_url(entry.url)
        link.set_gid(f"link:{entry.number}")
    if layout["qr"]:
        draw_qr(fig, x + width - layout["qr"], top, entry.url)


def fill_sources(fig, column_rects, entries, sheet: Sheet, size: float = 6.3) -> int:
    """Draw entries in order into columns (x, top, width, height in inches) until one does
    not fit; returns how many were drawn (the rest continue on a sources page)."""
    drawn = 0
    for x, top, width, height in column_rects:
        y = top
        while drawn < len(entries):
            layout = source_layout(entries[drawn], sheet, width, size)
            if y - layout["height"] < top - height and y < top:
                break
            draw_source(fig, x, y, width, entries[drawn], layout, sheet, size)
            y -= layout["height"] + 0.09
            drawn += 1
    return drawn


def new_page(size=A4_LANDSCAPE) -> Figure:
    fig = Figure(figsize=size, dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    return fig
