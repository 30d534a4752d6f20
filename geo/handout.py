"""The printable handout: one A4 landscape page (PDF or PNG) with five small maps.

The four configurations the course is built on (1855, 1875, 1945, 1956) and the present day
(the last of :func:`geo.configurations`), each drawn from the atlas's own geometry (no web
tiles): the sea, the basemap's land, every area filled in its administrator's colour, areas
claimed by a state that does not administer them striped in the claimant's colour, promised
transfers outlined with dashes, the four disputed groups outlined in black and labelled in the
names mode, and the treaty lines of that snapshot. Each map has a caption (the configuration
and who administers the four) and its sources; one panel holds the legend and the data
attribution. Every interface word comes from the ``[handout]`` section of
``data/messages.toml`` (and the legend rows from the map's own keys).

Fonts: Japanese and Russian names must print on a machine without system CJK fonts, so the
text uses two fonts from pinned packages: DejaVu Sans (shipped with matplotlib) for Latin and
Cyrillic, and IPAexGothic from ``matplotlib-fontja`` for kanji and kana (matplotlib falls back
from one to the other glyph by glyph). The font file is found from the package's location,
never by importing the package (its import would change matplotlib's global settings).
PDF fonts are embedded as TrueType (Type 42). Data strings are plain text (no mathtext).

Nothing here imports Streamlit.
"""

from __future__ import annotations

import importlib.util
import io
import logging
import math
import re
import threading
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import matplotlib
import numpy as np
import shapely
import shapely.ops
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, PathPatch, Rectangle
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Bbox

from geo import history_text
from geo.i18n import DEFAULT_NAMES, NAME_MODES, place_lines, plural, t, ui_language
from geo.loading import DISPUTED_GROUPS, Atlas
from geo.mapview import attribution_text, legend, load_style, stripes_legend
from geo.snapshot import Snapshot, Unit
from geo.timeline import configurations, default_atlas, historical_snapshot, names_of
from geo.wording import state_label, state_names

# The configurations of the course; the present day (the last configuration) is added.
HANDOUT_YEARS = (1855, 1875, 1945, 1956)
FORMATS = ("pdf", "png")
MIME_TYPES = {"pdf": "application/pdf", "png": "image/png"}
PNG_DPI = 150
PAGE_INCHES = (11.69, 8.27)  # A4 landscape (297 x 210 mm)

# Fonts: Latin and Cyrillic from matplotlib's own DejaVu Sans, kanji and kana from IPAexGothic.
FONT_PACKAGE = "matplotlib_fontja"
FONT_FILE = ("fonts", "ipaexg.ttf")
LATIN_FAMILY = "DejaVu Sans"

# The style's widths are screen pixels of the large interactive map; on a small printed map
# they are drawn at this many points per pixel.
PRINT_SCALE = 0.4
# Margin around the drawn areas, as a share of their extent.
EXTENT_MARGIN = 0.03
HATCH = "/////"
# Print simplification tolerance, as a share of the map's east-west extent in degrees.
PRINT_TOLERANCE = 1 / 1500

_RC = {
    "pdf.fonttype": 42,  # TrueType outlines embedded (Type 42), with a ToUnicode map
    "ps.fonttype": 42,
    "svg.fonttype": "none",
    "text.usetex": False,
    "lines.scale_dashes": False,
    "hatch.linewidth": 0.7,
    "pdf.compression": 9,
}
# rcParams are global: one handout is drawn at a time (the app may serve several sessions).
_LOCK = threading.Lock()


class HandoutError(RuntimeError):
    """The handout cannot be drawn (e.g. its font package is not installed)."""


# --------------------------------------------------------------------------- fonts


@lru_cache(maxsize=1)
def font_path() -> Path:
    """The IPAexGothic file shipped by the pinned ``matplotlib-fontja`` package.

    Located through the package's spec, not imported. Raises HandoutError if it is missing.
    """
    spec = importlib.util.find_spec(FONT_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        path = Path(location).joinpath(*FONT_FILE)
        if path.is_file():
            return path
    raise HandoutError(
        f"the font package {FONT_PACKAGE!r} (IPAexGothic) is not installed: "
        "install requirements.txt; Japanese names cannot be printed without it"
    )


@lru_cache(maxsize=1)
def font_families() -> tuple[str, ...]:
    """The handout's font families, in fallback order; registers IPAexGothic once."""
    path = str(font_path())
    font_manager.fontManager.addfont(path)
    return (LATIN_FAMILY, FontProperties(fname=path).get_name())


def _font(size: float, weight: str = "normal", style: str = "normal") -> FontProperties:
    return FontProperties(family=list(font_families()), size=size, weight=weight, style=style)


# --------------------------------------------------------------------------- geometry


@lru_cache(maxsize=4)
def _basemap(data_dir: Path) -> gpd.GeoDataFrame:
    return gpd.read_file(data_dir / "basemap.geojson")


def map_extent(atlas: Atlas) -> tuple[float, float, float, float]:
    """(west, south, east, north) in degrees: every drawn area with a small margin."""
    west, south, east, north = (float(v) for v in atlas.areas.total_bounds)
    dx, dy = (east - west) * EXTENT_MARGIN, (north - south) * EXTENT_MARGIN
    return west - dx, south - dy, east + dx, north + dy


def _path(geom) -> MplPath:
    """A matplotlib path of a (multi)polygon, holes included."""
    vertices, codes = [], []
    for polygon in getattr(geom, "geoms", [geom]):
        if polygon.is_empty:
            continue
        for ring in (polygon.exterior, *polygon.interiors):
            xy = np.asarray(ring.coords)[:, :2]
            vertices.append(xy)
            codes.append([MplPath.MOVETO] + [MplPath.LINETO] * (len(xy) - 2) + [MplPath.CLOSEPOLY])
    if not vertices:
        return MplPath(np.zeros((0, 2)))
    return MplPath(np.concatenate(vertices), np.concatenate(codes))


def _line_parts(geom):
    return [np.asarray(part.coords) for part in getattr(geom, "geoms", [geom])]


def _dashes(dash: str, width: float) -> str | tuple:
    numbers = [float(n) * PRINT_SCALE for n in dash.split()]
    return (0, tuple(numbers)) if numbers else "solid"


# --------------------------------------------------------------------------- text


def _text(target, x, y, text, prop, **kwargs):
    """Plain text (never mathtext): data strings may contain '$'."""
    return target.text(x, y, text, fontproperties=prop, parse_math=False, **kwargs)


def _width_px(renderer, text: str, prop: FontProperties) -> float:
    """The text's width in pixels: the sum of its characters' advances (kerning ignored,
    a little wider than drawn), each measured once per font size and weight."""
    scale = renderer.points_to_pixels(prop.get_size_in_points()) / _MEASURE_SIZE
    return scale * sum(_advance(ch, prop.get_weight()) for ch in text)


_MEASURE_SIZE = 100.0


@lru_cache(maxsize=4096)
def _advance(character: str, weight) -> float:
    """One character's advance at ``_MEASURE_SIZE`` pixels, with the handout's fonts."""
    prop = FontProperties(family=list(font_families()), size=_MEASURE_SIZE, weight=weight)
    width, _, _ = _measure_renderer().get_text_width_height_descent(
        f"x{character}x", prop, ismath=False
    )
    return width - _x_width(weight)


@lru_cache(maxsize=4)
def _x_width(weight) -> float:
    prop = FontProperties(family=list(font_families()), size=_MEASURE_SIZE, weight=weight)
    width, _, _ = _measure_renderer().get_text_width_height_descent("xx", prop, ismath=False)
    return width


@lru_cache(maxsize=1)
def _measure_renderer():
    return FigureCanvasAgg(Figure(dpi=72)).get_renderer()


_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def _tokens(text: str) -> list[str]:
    """Break points for wrapping: after spaces, and between CJK characters."""
    tokens = []
    for word in re.findall(r"\S+\s*", text):
        if _CJK.search(word):
            tokens.extend(
                re.findall(r"[\u3000-\u9fff\uff00-\uffef]|[^\u3000-\u9fff\uff00-\uffef]+", word)
            )
        else:
            tokens.append(word)
    return tokens


def _wrap(renderer, text: str, prop: FontProperties, width_px: float) -> list[str]:
    lines, line = [], ""
    for token in _tokens(text):
        if line and _width_px(renderer, (line + token).rstrip(), prop) > width_px:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return [_truncate(renderer, line, prop, width_px) for line in lines]


def _truncate(renderer, text: str, prop: FontProperties, width_px: float) -> str:
    if _width_px(renderer, text, prop) <= width_px:
        return text
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if _width_px(renderer, text[:mid].rstrip() + "…", prop) <= width_px:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + "…"


# --------------------------------------------------------------------------- wording


def caption(snapshot: Snapshot, atlas: Atlas, lang: str) -> str:
    """The panel's one-line caption: the configuration label, e.g. "1956: ... Declaration".

    In Japanese and Russian the year with the instrument's name in that language where the
    data has one; otherwise the label's translation (geo/history_text.py).
    """
    info = atlas.configurations[snapshot.year]
    if snapshot.year == configurations(atlas)[-1]:
        return t("handout.present_day", lang, year=snapshot.year)
    instrument = getattr(info, f"instrument_{lang}", "") if lang != "en" else ""
    if instrument:
        return t("handout.caption", lang, year=snapshot.year, instrument=instrument)
    return history_text.translate(snapshot.label, lang)


def four_summary(snapshot: Snapshot, atlas: Atlas, style: dict, lang: str) -> list[str]:
    """Who administers and claims the four disputed groups, and any promised transfer."""
    group_names = names_of(atlas, "group")

    def admin(unit: Unit) -> str:
        # English names the state as at the time; Japanese and Russian by the short name,
        # which fits the panel's caption (Российская Федерация would overflow it).
        if lang == "en":
            return unit.administering_state
        return state_label(unit.administered_by, style, lang)

    def name(group: str) -> str:
        return str(group_names.loc[group, f"name_{lang}"])

    units = [snapshot.unit(g) for g in DISPUTED_GROUPS if snapshot.units_of(g)]
    lines = []
    statuses = {(admin(u), u.claimed_not_administered) for u in units}
    if len(statuses) == 1:
        ((holder, elsewhere),) = statuses
        if elsewhere:
            claimants = state_names(elsewhere, style, lang)
            lines.append(t("handout.four_contested", lang, admin=holder, claimants=claimants))
        else:
            lines.append(t("handout.four_held", lang, admin=holder))
    else:
        separator = "、" if lang == "ja" else "; "
        lines.append(
            separator.join(
                t("handout.group_status", lang, name=name(u.group), admin=admin(u)) for u in units
            )
        )
    promised: dict[str, list[str]] = {}
    for unit in units:
        if unit.transfer_promised:
            promised.setdefault(unit.transfer_promised_to, []).append(name(unit.group))
    for state, groups in promised.items():
        joined = ("、" if lang == "ja" else ", ").join(groups)
        lines.append(
            t("handout.transfer", lang, state=state_label(state, style, lang), groups=joined)
        )
    return lines


def handout_snapshots(atlas: Atlas) -> list[Snapshot]:
    """The five snapshots of the handout: the course's four years and the present day."""
    years = configurations(atlas)
    wanted = [y for y in HANDOUT_YEARS if y in years] + [years[-1]]
    return [historical_snapshot(y, atlas) for y in dict.fromkeys(wanted)]


def source_titles(snapshot: Snapshot, atlas: Atlas) -> list[str]:
    """Every source the snapshot cites, as "title (publisher, date)", in first-cited order."""
    lines = []
    for source_id in snapshot.source_ids():
        row = atlas.sources.loc[source_id]
        details = ", ".join(str(row[k]) for k in ("publisher", "date") if str(row.get(k, "")))
        lines.append(f"{row['title']} ({details})" if details else str(row["title"]))
    return lines


# --------------------------------------------------------------------------- drawing


class _Page:
    """Everything shared by the panels of one page."""

    def __init__(self, atlas: Atlas, style: dict, names_mode: str) -> None:
        self.atlas = atlas
        self.style = style
        self.names_mode = names_mode
        self.lang = ui_language(names_mode)
        self.extent = map_extent(atlas)
        west, south, east, north = self.extent
        self.mid_lat = (south + north) / 2
        box = shapely.box(west, south, east, north)
        # Simplified for print only, far below what a printed line can show (about a third
        # of a pixel at 150 dpi); the areas together, so that shared edges stay shared.
        tolerance = (east - west) * PRINT_TOLERANCE
        basemap = _basemap(atlas.data_dir)
        land = shapely.intersection(shapely.union_all(list(basemap.geometry)), box)
        self.land = shapely.simplify(land, tolerance, preserve_topology=True)
        simplified = shapely.coverage_simplify(np.asarray(atlas.areas.geometry), tolerance)
        self.geometry = dict(zip(atlas.areas["id"], simplified))
        self.group_geometry = {
            group: shapely.union_all(
                [self.geometry[f] for f in atlas.areas.loc[atlas.areas["group"] == group, "id"]]
            )
            for group in atlas.groups
        }
        self.all_land = shapely.union_all([self.land, *self.group_geometry.values()])
        self.group_names = names_of(atlas, "group")


def _setup_map_axes(ax, page: _Page) -> None:
    west, south, east, north = page.extent
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1 / math.cos(math.radians(page.mid_lat)))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor(page.style["basemap"]["sea"])
    for spine in ax.spines.values():
        spine.set_linewidth(0.5)
        spine.set_color("#555555")


def _draw_map(ax, snapshot: Snapshot, page: _Page) -> None:
    style = page.style
    states = style["state"]
    basemap = style["basemap"]
    _setup_map_axes(ax, page)
    ax.add_artist(
        PathPatch(
            _path(page.land),
            facecolor=basemap["land"],
            edgecolor=basemap["coast"],
            linewidth=0.3,
            zorder=1,
        )
    )
    hidden = set(snapshot.divided_features(page.atlas.areas))
    for unit in snapshot.units:
        geoms = [page.geometry[f] for f in unit.features if f not in hidden]
        if unit.divided:
            geoms.append(unit.geometry)
        if not geoms:
            continue
        path = _path(shapely.union_all(geoms))
        ax.add_artist(
            PathPatch(
                path,
                facecolor=states[unit.administered_by]["fill"],
                edgecolor="#333333",
                linewidth=0.25,
                zorder=2,
            )
        )
        if unit.contested:
            ax.add_artist(
                PathPatch(
                    path,
                    facecolor="none",
                    hatch=HATCH,
                    hatchcolor=states[unit.claimed_not_administered[0]]["fill"],
                    linewidth=0,
                    zorder=3,
                )
            )
        if unit.transfer_promised:
            transfer = style["transfer"]
            width = transfer["weight"] * PRINT_SCALE
            ax.add_artist(
                PathPatch(
                    path,
                    facecolor="none",
                    edgecolor=transfer["color"],
                    linewidth=width,
                    linestyle=_dashes(transfer["dash"], width),
                    zorder=5,
                )
            )
    disputed = style["disputed"]
    for group in DISPUTED_GROUPS:
        ax.add_artist(
            PathPatch(
                _path(page.group_geometry[group]),
                facecolor="none",
                edgecolor=disputed["color"],
                linewidth=disputed["weight"] * PRINT_SCALE,
                zorder=4,
            )
        )
    line = style["line"]
    width = line["weight"] * PRINT_SCALE
    lines = page.atlas.lines
    for geom in lines.loc[lines["id"].isin(snapshot.lines), "geometry"]:
        for xy in _line_parts(geom):
            ax.plot(
                xy[:, 0],
                xy[:, 1],
                color=line["color"],
                linewidth=width,
                linestyle=_dashes(line["dash"], width),
                zorder=6,
            )


# Directions tried for a label around its island, in degrees (0 = east, 90 = north).
_SIDE_ANGLES = {"right": 0, "top": 90, "left": 180, "bottom": 270}
_LABEL_DISTANCES_PT = (8, 14, 20, 28, 38, 50, 64)
# Largest islands first: they have the most room; the small ones then fit around them.
_LABEL_ORDER = ("etorofu", "kunashiri", "shikotan", "habomai")


def _label_groups(ax, renderer, page: _Page, size: float) -> None:
    """Label the four disputed groups beside (never on) their islands, with a leader line.

    Each label tries positions around its island (its style side first, then every 30°,
    further and further out) and keeps the cheapest one that stays inside the map, covers
    none of the four islands and no other label, and whose leader crosses no other island,
    label or leader. Costs: distance, turning away from the style side, covering other land,
    and sitting nearer another of the four than its own island (which would mislead).
    """
    sides = page.style.get("label_side", {})
    prop = _font(size)
    px_per_pt = ax.figure.dpi / 72
    to_data = ax.transData.inverted()
    axes_box = ax.get_window_extent(renderer)
    groups = [g for g in _LABEL_ORDER if g in DISPUTED_GROUPS]
    groups += [g for g in DISPUTED_GROUPS if g not in groups]
    four = {g: page.group_geometry[g] for g in groups}
    all_four = shapely.union_all(list(four.values()))
    placed_boxes: list = []
    placed_leaders: list = []
    for group in groups:
        geom = four[group]
        others = shapely.union_all([four[g] for g in groups if g != group])
        text = "\n".join(place_lines(page.group_names.loc[group], page.names_mode))
        label = _text(
            ax,
            0,
            0,
            text,
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
        hull = geom.convex_hull
        anchor = np.array(ax.transData.transform((hull.centroid.x, hull.centroid.y)))
        preferred = _SIDE_ANGLES.get(sides.get(group, "right"), 0)
        best = None
        for distance in _LABEL_DISTANCES_PT:
            for step in (0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6):
                angle = math.radians(preferred + 30 * step)
                dx, dy = math.cos(angle), math.sin(angle)
                position = anchor + distance * px_per_pt * np.array([dx, dy])
                ha = "left" if dx > 0.3 else "right" if dx < -0.3 else "center"
                va = "bottom" if dy > 0.3 else "top" if dy < -0.3 else "center"
                label.set_horizontalalignment(ha)
                label.set_verticalalignment(va)
                label.set_position(to_data.transform(position))
                box = label.get_window_extent(renderer).expanded(1.12, 1.3)
                if not _inside(box, axes_box):
                    continue
                corners = to_data.transform([[box.x0, box.y0], [box.x1, box.y1]])
                box_geom = shapely.box(*corners[0], *corners[1])
                if box_geom.intersects(all_four):
                    continue
                if any(box_geom.intersects(other) for other in placed_boxes + placed_leaders):
                    continue
                leader = shapely.LineString(shapely.ops.nearest_points(geom, box_geom))
                if leader.intersects(others) or any(
                    leader.intersects(other) for other in placed_boxes + placed_leaders
                ):
                    continue
                cost = distance + abs(step) * 3
                cost += 150 * box_geom.intersection(page.all_land).area / box_geom.area
                if box_geom.distance(others) < box_geom.distance(geom):
                    cost += 40
                if best is None or cost < best[0]:
                    best = (cost, position, ha, va, box_geom, leader)
        if best is None:  # nowhere clear: the style side, nearest the island
            angle = math.radians(preferred)
            position = anchor + _LABEL_DISTANCES_PT[0] * px_per_pt * np.array(
                [math.cos(angle), math.sin(angle)]
            )
            label.set_position(to_data.transform(position))
            box = label.get_window_extent(renderer)
            corners = to_data.transform([[box.x0, box.y0], [box.x1, box.y1]])
            box_geom = shapely.box(*corners[0], *corners[1])
            leader = shapely.LineString(shapely.ops.nearest_points(geom, box_geom))
            best = (0, position, label.get_ha(), label.get_va(), box_geom, leader)
        _, position, ha, va, box_geom, leader = best
        label.set_horizontalalignment(ha)
        label.set_verticalalignment(va)
        label.set_position(to_data.transform(position))
        placed_boxes.append(box_geom)
        placed_leaders.append(leader)
        if leader.length > 0:
            xy = np.asarray(leader.coords)
            ax.plot(xy[:, 0], xy[:, 1], color="#333333", linewidth=0.5, zorder=7)


def _inside(box: Bbox, outer: Bbox) -> bool:
    return box.x0 >= outer.x0 and box.y0 >= outer.y0 and box.x1 <= outer.x1 and box.y1 <= outer.y1


def _legend_rows(page: _Page, snapshots: list[Snapshot]) -> list[dict]:
    """The map's legend rows, with one striped row per pair striped in any of the panels."""
    base = legend(page.style, page.lang)["items"]
    stripes = {}
    for snapshot in snapshots:
        for row in stripes_legend(snapshot, page.style, page.lang):
            stripes.setdefault((row["color"], row["stripes"]), row)
    fills = [row for row in base if row["kind"] == "fill"]
    rest = [row for row in base if row["kind"] != "fill"]
    return [*fills, *stripes.values(), *rest]


def _swatch(ax, x: float, y: float, w: float, h: float, row: dict, style: dict) -> None:
    kind = row["kind"]
    if kind == "line":
        width = style["line"]["weight"] * PRINT_SCALE
        ax.add_line(
            Line2D(
                [x, x + w],
                [y + h / 2] * 2,
                color=row["color"],
                linewidth=width * 1.2,
                linestyle=_dashes(style["line"]["dash"], width),
            )
        )
        return
    patch = {"linewidth": 0.4, "edgecolor": "#333333", "facecolor": row["color"]}
    if kind == "hatch":
        patch |= {"hatch": HATCH, "hatchcolor": row["stripes"]}
    elif kind == "disputed":
        patch |= {"facecolor": "none", "edgecolor": row["color"], "linewidth": 1.2}
    elif kind == "outline":
        width = style["transfer"]["weight"] * PRINT_SCALE * 1.3
        patch |= {
            "facecolor": "none",
            "edgecolor": row["color"],
            "linewidth": width,
            "linestyle": _dashes(style["transfer"]["dash"], width),
        }
    ax.add_patch(Rectangle((x, y), w, h, **patch))


def _draw_legend(ax, renderer, page: _Page, snapshots: list[Snapshot]) -> None:
    """The legend panel: rows with swatches, notes on the lines, sources and map data."""
    ax.set_axis_off()
    box = ax.get_window_extent(renderer)
    width_in, height_in = box.width / ax.figure.dpi, box.height / ax.figure.dpi
    ax.set_xlim(0, width_in)
    ax.set_ylim(0, height_in)
    ax.add_patch(
        FancyBboxPatch(
            (0, 0),
            width_in,
            height_in,
            boxstyle="round,pad=0,rounding_size=0.05",
            facecolor="white",
            edgecolor="#555555",
            linewidth=0.5,
        )
    )
    pad, dpi = 0.1, ax.figure.dpi
    y = height_in - pad
    heading = _font(8, weight="bold")
    _text(ax, pad, y, t("handout.legend", page.lang), heading, va="top")
    y -= 0.2
    body = _font(6.5)
    swatch_w, swatch_h, gap = 0.3, 0.13, 0.08
    text_x = pad + swatch_w + gap
    for row in _legend_rows(page, snapshots):
        lines = _wrap(renderer, row["label"], body, (width_in - text_x - pad) * dpi)
        line_h = 6.5 * 1.25 / 72
        height = max(swatch_h, line_h * len(lines))
        _swatch(ax, pad, y - (height + swatch_h) / 2, swatch_w, swatch_h, row, page.style)
        _text(ax, text_x, y, "\n".join(lines), body, va="top", linespacing=1.15)
        y -= height + 0.07
    note = _font(5.8)
    note_h = 5.8 * 1.3 / 72
    y -= 0.03
    for text in (
        t("handout.lines_note", page.lang),
        t("handout.drawn_from", page.lang, lat=round(page.mid_lat)),
        t("handout.sources_note", page.lang),
    ):
        lines = _wrap(renderer, text, note, (width_in - 2 * pad) * dpi)
        _text(ax, pad, y, "\n".join(lines), note, va="top", linespacing=1.15, color="#222222")
        y -= note_h * len(lines) + 0.05
    y -= 0.03
    _text(ax, pad, y, t("handout.map_data", page.lang), _font(6.5, weight="bold"), va="top")
    y -= 0.13
    lines = _wrap(renderer, attribution_text(page.atlas), note, (width_in - 2 * pad) * dpi)
    _text(ax, pad, y, "\n".join(lines), note, va="top", linespacing=1.15)


def _draw_sources(fig, renderer, rect_in, snapshot: Snapshot, page: _Page) -> None:
    """The panel's sources by title, beside its map, as many as fit."""
    x, top, width, height = rect_in
    w, h = fig.get_size_inches()
    dpi = fig.dpi
    size = 4.6
    prop = _font(size)
    line_h = size * 1.22 / 72
    _text(fig, x / w, top / h, t("handout.sources", page.lang), _font(6, weight="bold"), va="top")
    capacity = int((height - 0.14) / line_h)
    titles = source_titles(snapshot, page.atlas)
    indent = _width_px(renderer, "• ", prop)
    entries: list[list[str]] = []
    used = 0
    for number, title in enumerate(titles):
        lines = _wrap(renderer, title, prop, width * dpi - indent)
        if len(lines) > 2:
            lines = [
                lines[0],
                _truncate(renderer, " ".join(lines[1:]) + "…", prop, width * dpi - indent),
            ]
        lines = [("• " if i == 0 else "   ") + line for i, line in enumerate(lines)]
        last = number == len(titles) - 1
        if used + len(lines) + (0 if last else 1) > capacity:
            more = len(titles) - number
            entries.append(
                _wrap(
                    renderer,
                    t(
                        "handout.sources_more",
                        page.lang,
                        count=more,
                        sources=plural("sources", more, page.lang),
                    ),
                    prop,
                    width * dpi,
                )
            )
            break
        entries.append(lines)
        used += len(lines)
    text = "\n".join(line for lines in entries for line in lines)
    _text(fig, x / w, (top - 0.14) / h, text, prop, va="top", linespacing=1.22, color="#222222")


def _draw_caption(fig, renderer, rect_in, snapshot: Snapshot, page: _Page) -> None:
    x, top, width = rect_in
    w, h = fig.get_size_inches()
    dpi = fig.dpi
    size = 7.5
    title = caption(snapshot, page.atlas, page.lang)
    prop = _font(size, weight="bold")
    while size > 6 and _width_px(renderer, title, prop) > width * dpi:
        size -= 0.25
        prop = _font(size, weight="bold")
    _text(fig, x / w, top / h, _truncate(renderer, title, prop, width * dpi), prop, va="top")
    summary = _font(6.3)
    lines = []
    for line in four_summary(snapshot, page.atlas, page.style, page.lang):
        lines += _wrap(renderer, line, summary, width * dpi)
    _text(
        fig,
        x / w,
        (top - size * 1.45 / 72) / h,
        "\n".join(lines[:3]),
        summary,
        va="top",
        linespacing=1.2,
        color="#222222",
    )


def _draw_page(atlas: Atlas, style: dict, names_mode: str) -> Figure:
    page = _Page(atlas, style, names_mode)
    snapshots = handout_snapshots(atlas)
    fig = Figure(figsize=PAGE_INCHES, dpi=PNG_DPI, facecolor="white")
    FigureCanvasAgg(fig)
    renderer = fig.canvas.get_renderer()
    w, h = PAGE_INCHES
    margin = 0.35
    _text(
        fig, margin / w, (h - 0.3) / h, t("handout.title", page.lang), _font(14, "bold"), va="top"
    )
    subtitle = _font(7.5)
    sub_lines = _wrap(
        renderer, t("handout.subtitle", page.lang), subtitle, (w - 2 * margin) * fig.dpi
    )
    _text(
        fig, margin / w, (h - 0.62) / h, "\n".join(sub_lines), subtitle, va="top", color="#222222"
    )

    columns, rows = 3, 2
    cell_w = (w - 2 * margin) / columns
    grid_top = h - 0.92
    cell_h = (grid_top - 0.25) / rows
    caption_h = 0.5
    map_h = cell_h - caption_h - 0.12
    west, south, east, north = page.extent
    aspect = (east - west) * math.cos(math.radians(page.mid_lat)) / (north - south)
    map_w = map_h * aspect
    for index in range(columns * rows):
        row, column = divmod(index, columns)
        x0 = margin + column * cell_w
        top = grid_top - row * cell_h
        if index >= len(snapshots):
            ax = fig.add_axes(
                (x0 / w, (top - cell_h + 0.12) / h, (cell_w - 0.1) / w, (cell_h - 0.12) / h)
            )
            _draw_legend(ax, renderer, page, snapshots)
            break
        snapshot = snapshots[index]
        ax = fig.add_axes((x0 / w, (top - map_h) / h, map_w / w, map_h / h))
        _draw_map(ax, snapshot, page)
        _label_groups(ax, renderer, page, size=5.8)
        sources_x = x0 + map_w + 0.08
        _draw_sources(fig, renderer, (sources_x, top, cell_w - map_w - 0.2, map_h), snapshot, page)
        _draw_caption(fig, renderer, (x0, top - map_h - 0.05, cell_w - 0.12), snapshot, page)
    return fig


def build_handout(
    atlas: Atlas | None = None,
    style: dict | None = None,
    names_mode: str = DEFAULT_NAMES,
    fmt: str = "pdf",
) -> bytes:
    """The handout as the bytes of a one-page A4 landscape PDF or a PNG (150 dpi).

    ``names_mode`` is one of ``local`` (both local names, English interface), ``en``, ``ja``
    or ``ru`` (the interface follows it); ``fmt`` is ``"pdf"`` or ``"png"``. With the
    default style, the result is cached per atlas, names mode and format. Raises ValueError
    for an unknown mode or format, HandoutError if the font package is missing.
    """
    if fmt not in FORMATS:
        raise ValueError(f"handout format: expected one of {list(FORMATS)}, got {fmt!r}")
    if names_mode not in NAME_MODES:
        raise ValueError(f"names mode: expected one of {list(NAME_MODES)}, got {names_mode!r}")
    atlas = atlas or default_atlas()
    if style is None:
        return _cached_handout(atlas, names_mode, fmt)
    return _render(atlas, style, names_mode, fmt)


@lru_cache(maxsize=16)
def _cached_handout(atlas: Atlas, names_mode: str, fmt: str) -> bytes:
    return _render(atlas, load_style(atlas.data_dir / "style.toml"), names_mode, fmt)


def _render(atlas: Atlas, style: dict, names_mode: str, fmt: str) -> bytes:
    families = font_families()
    lang = ui_language(names_mode)
    metadata = (
        {
            "Title": t("handout.title", lang),
            "Creator": "Kuril Islands dispute atlas",
            "CreationDate": None,
        }
        if fmt == "pdf"
        else {"Title": t("handout.title", lang), "Software": None}
    )
    logger = logging.getLogger("matplotlib.font_manager")
    with _LOCK, matplotlib.rc_context({**_RC, "font.family": list(families)}):
        logger.addFilter(_no_bold_warning)
        try:
            fig = _draw_page(atlas, style, names_mode)
            buffer = io.BytesIO()
            fig.savefig(buffer, format=fmt, dpi=PNG_DPI, metadata=metadata)
        finally:
            logger.removeFilter(_no_bold_warning)
    return buffer.getvalue()


def _no_bold_warning(record: logging.LogRecord) -> bool:
    """IPAexGothic has no bold face: bold Japanese is drawn regular, as expected."""
    return "Failed to find font weight" not in record.getMessage()


def handout_filename(names_mode: str = DEFAULT_NAMES, fmt: str = "pdf") -> str:
    """A download name, e.g. ``kuril-islands-dispute-handout-local.pdf``."""
    return f"kuril-islands-dispute-handout-{names_mode}.{fmt}"


__all__ = [
    "FORMATS",
    "MIME_TYPES",
    "HandoutError",
    "build_handout",
    "caption",
    "font_families",
    "font_path",
    "four_summary",
    "handout_filename",
    "handout_snapshots",
    "map_extent",
    "source_titles",
]
