"""Maps on the printed pages: one snapshot drawn from the atlas's own geometry on matplotlib
axes (the sea, the basemap's land, every area in its administrator's colour, claim stripes,
promised transfers, the change ring of a compare pair, the outline of the four disputed groups,
a scenario's cut and the treaty lines), and the frame of an inset's extent on a small map.

Every fill comes from ``style.state[code]`` for whatever code a unit carries, so a style
with more codes (a worldview's UNDETERMINED or NOT_STATED) draws without a change here.

Nothing here imports Streamlit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

import numpy as np
import shapely
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path as MplPath

from geo.exports.print_page import Sheet
from geo.files.codes import DISPUTED_GROUPS
from geo.model.snapshot import Snapshot

# The style's widths are screen pixels of the large interactive map; printed at this many
# points per pixel on a small map, and INSET_SCALE on an inset or a large map.
PRINT_SCALE = 0.4
INSET_SCALE = 0.55
# Claim stripes: diagonal from upper left to lower right, as on the app's map (and across the
# islands' long axes, which run from south-west to north-east, so that even narrow Kunashiri and
# Etorofu carry several stripes). matplotlib tiles a hatch in cells of one inch, with
# len(HATCH) * HATCH_DENSITY lines per cell (see stripe_spacing_mm); the same pattern on every
# map and in the legend, so a swatch looks like the map. Stripe widths in points per map size.
HATCH = "\\\\\\\\"
HATCH_DENSITY = 6  # matplotlib's hatch density (lines per inch per hatch character)
HATCH_WIDTH_PT = {"small": 0.8, "large": 1.3}
FRAME_COLOR = "#222222"


def stripe_spacing_mm(hatch: str = HATCH, density: int = HATCH_DENSITY) -> float:
    """The distance between the centres of two claim stripes on paper, in mm, measured at
    right angles to the stripes. matplotlib tiles a hatch in cells of one inch (72 pt) in
    every backend; ``n = hatch.count('\\\\') * density`` diagonal lines x + y = c are drawn
    with c from -1 to 1 in steps of 2 / n, so two stripes are 2 / n inch apart along a row
    and 2 / n / sqrt(2) inch apart at right angles."""
    lines = (hatch.count("\\") + hatch.count("x") + hatch.count("X")) * density
    return 25.4 * 2 / lines / math.sqrt(2)


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


def dashes(
    dash: str, scale: float = PRINT_SCALE
) -> Literal["solid"] | tuple[float, Sequence[float]]:
    """A style's dash ("6 4", pixels) as a matplotlib line style at ``scale``; "" is solid."""
    numbers = [float(n) * scale for n in (dash or "").split()]
    return (0, tuple(numbers)) if numbers else "solid"


def aspect(extent) -> float:
    """The axes aspect that draws east-west distances true at the extent's middle latitude."""
    return 1 / math.cos(math.radians((extent[1] + extent[3]) / 2))


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
    ax.set_facecolor(sheet.style.basemap.sea)
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
    basemap = style.basemap
    ax.add_artist(
        PathPatch(
            _path(layer["land"]),
            facecolor=basemap.land,
            edgecolor=basemap.coast,
            linewidth=0.3,
            zorder=1,
        )
    )
    _draw_units(ax, snapshot, sheet, detail, scale)
    groups = layer["groups"]
    change = style.change
    for group in sorted(changed):
        if group in groups:
            _outline(
                ax,
                _path(groups[group]),
                change.color,
                change.weight * scale,
                1.5,
                linestyle=dashes(change.dash, scale),
                joinstyle="round",
            )
    disputed = style.disputed
    for group in DISPUTED_GROUPS:
        _outline(ax, _path(groups[group]), disputed.color, disputed.weight * scale, 4)
    line = style.line
    lines = sheet.atlas.lines
    for geom in lines.loc[lines["id"].isin(snapshot.lines), "geometry"]:
        _plot_lines(ax, geom, line.color, line.weight * scale, dashes(line.dash, scale), 6)
    if snapshot.cut is not None:
        cut = style.cut
        width = cut.weight * scale
        _plot_lines(ax, snapshot.cut, cut.color, width, dashes(cut.dash, scale), 6.5)


def _draw_units(ax, snapshot: Snapshot, sheet: Sheet, detail: str, scale: float) -> None:
    """Each unit of the snapshot filled in its administrator's colour, striped in its first
    claimant's colour where it is contested, and outlined with dashes where a transfer is
    promised."""
    style = sheet.style
    states = style.state
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
                facecolor=states[unit.administered_by].fill,
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
                hatchcolor=states[unit.claimed_not_administered[0]].fill,
                linewidth=0,
                zorder=3,
            )
            stripes.set_hatch_linewidth(HATCH_WIDTH_PT[detail])
            stripes.set_gid(f"stripes:{unit.id}")
            ax.add_artist(stripes)
        if unit.transfer_promised:
            transfer = style.transfer
            width = transfer.weight * scale
            dash = dashes(transfer.dash, scale)
            _outline(ax, path, transfer.color, width, 5, linestyle=dash)


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
