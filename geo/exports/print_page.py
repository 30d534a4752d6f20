"""What every printed page of maps shares (geo/exports/handout.py and geo/exports/view_page.py
compose the pages): the page's size and units, text in the caller's fonts that wraps without
ever being cut, and the :class:`Sheet` (the atlas, style, names and fonts of one document, and
its geometry simplified for print).
The drawing itself is in print_maps.py (maps), print_inset.py (the inset of the four disputed
groups: its extent, scale bar and labels), print_legend.py (the legend) and print_sources.py
(numbered sources with links and QR codes).

Everything is drawn with matplotlib on A4 figures in inches; the fonts are given by the caller
(:class:`Sheet` takes the font families), so nothing here knows where a font file lives.

Nothing here imports Streamlit.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from geo.files.atlas import Atlas
from geo.files.codes import DISPUTED_GROUPS
from geo.files.style import Style
from geo.i18n import ui_language
from geo.model.timeline import names_of

# rcParams are global: one document is drawn at a time (the app may serve several sessions);
# the handout, the view page and the worksheet each hold this lock while they draw.
DRAWING_LOCK = threading.RLock()
MM = 1 / 25.4  # inches per millimetre
A4_LANDSCAPE = (297 * MM, 210 * MM)
DPI = 150
# Margin around the drawn areas, as a share of their extent.
EXTENT_MARGIN = 0.03
# Print simplification tolerance, as a share of the map's east-west extent in degrees.
PRINT_TOLERANCE = 1 / 1500


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
    west, south, east, north = areas[areas["group"].isin(DISPUTED_GROUPS)].total_bounds
    return float(west), float(south), float(east), float(north)


class Sheet:
    """What every map of one document shares: data, style, names, fonts and the geometry
    simplified for print (once for the whole region, once finer around the four)."""

    def __init__(self, atlas: Atlas, style: Style, names_mode: str, families) -> None:
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


def new_page(size=A4_LANDSCAPE) -> Figure:
    fig = Figure(figsize=size, dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    return fig
